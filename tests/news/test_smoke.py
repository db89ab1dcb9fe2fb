def test_published_article_is_served_with_its_headline(client, article):
    response = client.get(article.url)
    assert response.status_code == 200
    assert '<h1 class="article__headline">Prices rise in border towns</h1>' in response.text
