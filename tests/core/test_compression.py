"""Pages travel compressed to readers whose browsers accept it, with no proxy needed in front."""

import gzip


def test_article_page_goes_out_gzipped_to_a_browser_that_accepts_it(client, article):
    response = client.get(article.url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert "Prices rise in border towns" in gzip.decompress(response.content).decode()


def test_article_page_goes_out_plain_to_a_client_that_does_not_ask(client, article):
    response = client.get(article.url)
    assert not response.has_header("Content-Encoding")
    assert "Prices rise in border towns" in response.text
