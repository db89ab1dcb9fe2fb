"""The article page, top to bottom, as issue 2 numbers its parts, in semantic HTML."""

from datetime import timedelta

from django.utils import timezone

from dateline.news.factories import publish

from .conftest import parse


def position(soup, element) -> int:
    """Return where an element starts in the document, to compare the order of parts."""
    assert element is not None
    return next(index for index, node in enumerate(soup.find_all(True)) if node is element)


def test_article_parts_appear_in_the_order_the_issue_numbers_them(client, translated_article):
    soup = parse(client.get(translated_article.url))
    article = soup.find("article", class_="article")
    parts = [
        article.select_one(".article__section a"),
        article.find("h1"),
        article.select_one(".article__standfirst"),
        article.select_one(".byline"),
        article.select_one(".dates time"),
        article.select_one("figure.article__hero"),
        article.select_one(".article__body"),
        article.select_one(".credit-line"),
        article.select_one(".translation-note"),
        article.select_one(".topics"),
        soup.select_one("#comments"),
    ]
    positions = [position(soup, part) for part in parts]
    assert positions == sorted(positions)


def test_section_label_links_to_the_section_page(client, translated_article, section):
    soup = parse(client.get(translated_article.url))
    label = soup.select_one("article header .article__section a")
    assert label.get_text(strip=True) == "North Korea"
    assert label["href"] == section.url


def test_headline_is_the_only_h1_and_is_in_the_title(client, translated_article):
    soup = parse(client.get(translated_article.url))
    headings = soup.find_all("h1")
    assert [h.get_text(strip=True) for h in headings] == ["Rice nearly doubles in price in Hyesan"]
    assert soup.title.get_text().startswith("Rice nearly doubles in price in Hyesan")


def test_standfirst_follows_the_headline_in_the_article_header(client, translated_article):
    soup = parse(client.get(translated_article.url))
    standfirst = soup.select_one("article > header h1 + p.article__standfirst")
    assert standfirst.get_text(strip=True) == translated_article.standfirst


def test_byline_names_the_writer_and_links_to_their_page(client, translated_article):
    soup = parse(client.get(translated_article.url))
    byline = soup.select_one("article > header .byline")
    assert byline.get_text(" ", strip=True) == "By Claire Dunmore"
    assert byline.a["href"] == "/contributors/claire-dunmore/"


def test_published_date_is_a_machine_readable_time(client, translated_article):
    soup = parse(client.get(translated_article.url))
    times = soup.select("article > header .dates time")
    assert len(times) == 1
    published = timezone.localtime(translated_article.first_published_at)
    assert times[0]["datetime"] == published.isoformat(timespec="seconds")
    assert "Published" in times[0].parent.get_text()


def test_updated_date_is_absent_when_the_article_did_not_change(client, translated_article):
    soup = parse(client.get(translated_article.url))
    assert "Updated" not in soup.select_one(".article__meta").get_text()


def test_updated_date_shows_when_the_article_changed_after_publication(client, translated_article):
    translated_article.standfirst = "A corrected standfirst."
    republished = publish(translated_article)
    soup = parse(client.get(republished.url))
    dates = soup.select(".article__meta .dates > span")
    assert [span.get_text(" ", strip=True).split(" ")[0] for span in dates] == [
        "Published",
        "Updated",
    ]
    updated = timezone.localtime(republished.last_published_at)
    assert dates[1].time["datetime"] == updated.isoformat(timespec="seconds")
    assert republished.last_published_at - republished.first_published_at > timedelta(hours=20)


def test_hero_is_a_responsive_picture_in_modern_formats(client, translated_article):
    soup = parse(client.get(translated_article.url))
    picture = soup.select_one("figure.article__hero > picture")
    source_types = [source["type"] for source in picture.find_all("source")]
    assert source_types == ["image/avif", "image/webp"]
    for source in picture.find_all("source"):
        assert len(source["srcset"].split(",")) == 3
        assert source["sizes"]
    image = picture.img
    assert image["src"].startswith("/media/images/")
    assert len(image["srcset"].split(",")) == 3
    assert image["width"] and image["height"]


def test_hero_has_its_alt_text_caption_and_photo_credit(client, translated_article):
    soup = parse(client.get(translated_article.url))
    hero = soup.select_one("figure.article__hero")
    assert hero.img["alt"] == "Low roofs seen from a hill"
    caption = hero.figcaption
    assert caption.get_text(" ", strip=True) == "A border town at dusk. Photo: Yoon Ha-eun"
    assert caption.select_one(".credit").get_text(strip=True) == "Photo: Yoon Ha-eun"


def test_hero_falls_back_on_the_image_description_for_alt_text(client, translated_article):
    translated_article.hero_image.description = "Roofs under snow"
    translated_article.hero_image.save()
    translated_article.hero_alt = ""
    publish(translated_article)
    soup = parse(client.get(translated_article.url))
    assert soup.select_one("figure.article__hero img")["alt"] == "Roofs under snow"


def test_body_renders_paragraphs_quote_subheading_image_and_link_in_order(
    client, translated_article
):
    soup = parse(client.get(translated_article.url))
    body = soup.select_one(".article__body")
    blocks = [child for child in body.children if getattr(child, "name", None)]
    assert [block.name for block in blocks] == ["p", "blockquote", "h2", "figure", "p"]
    assert blocks[0].a["href"] == "https://example.org/report"
    assert blocks[1].p.get_text(strip=True) == "We eat corn twice a day now."
    assert "a mother in Hyesan" in blocks[1].footer.get_text()
    assert blocks[2].get_text(strip=True) == "What the border guards do"
    assert blocks[3].img["alt"] == "A guard post on a river bank"
    assert blocks[3].picture.find("source", type="image/avif") is not None
    assert blocks[3].figcaption.get_text(" ", strip=True) == (
        "The river crossing near the market. Photo: Kim Su-a"
    )


def test_credit_line_follows_the_newsrooms_order_with_links(client, translated_article):
    soup = parse(client.get(translated_article.url))
    credit_line = soup.select_one("article > footer .credit-line")
    assert credit_line.get_text(" ", strip=True).replace(" .", ".") == (
        "Translated by Lee Min-jun. Written in English by Claire Dunmore."
    )
    assert [(a.get_text(), a["href"]) for a in credit_line.find_all("a")] == [
        ("Lee Min-jun", "/contributors/lee-min-jun/"),
        ("Claire Dunmore", "/contributors/claire-dunmore/"),
    ]


def test_credit_line_changes_when_the_newsroom_reorders_credits(client, translated_article):
    translator, writer = translated_article.credits.all()
    translator.sort_order, writer.sort_order = 1, 0
    translator.save()
    writer.save()
    soup = parse(client.get(translated_article.url))
    assert soup.select_one(".credit-line").get_text(" ", strip=True).replace(" .", ".") == (
        "Written in English by Claire Dunmore. Translated by Lee Min-jun."
    )


def test_contributor_link_in_the_credit_line_leads_to_their_page(client, translated_article):
    soup = parse(client.get(translated_article.url))
    link = soup.select_one(".credit-line a")["href"]
    contributor_page = parse(client.get(link))
    assert contributor_page.h1.get_text(strip=True) == "Lee Min-jun"
    assert translated_article.title in contributor_page.select_one(".listing").get_text()


def test_translation_links_to_its_original(client, translated_article, korean_original):
    soup = parse(client.get(translated_article.url))
    note = soup.select_one("article > footer .translation-note")
    assert "translated from Korean" in note.get_text()
    link = note.find("a", hreflang="ko")
    assert link["href"] == korean_original.url
    assert link.find("span", lang="ko").get_text() == korean_original.title


def test_original_links_to_its_translations(client, translated_article, korean_original):
    soup = parse(client.get(korean_original.url))
    note = soup.select_one("article > footer .translation-note")
    link = note.find("a", hreflang="en")
    assert link["href"] == translated_article.url
    assert link.find("span", lang="en").get_text() == translated_article.title


def test_unpublished_translation_is_not_linked_from_the_original(
    client, translated_article, korean_original
):
    translated_article.unpublish()
    soup = parse(client.get(korean_original.url))
    assert soup.select_one(".translation-note") is None


def test_topics_link_to_topic_pages_that_list_the_article(client, translated_article):
    soup = parse(client.get(translated_article.url))
    links = soup.select("article > footer nav.topics a[rel=tag]")
    assert sorted((a.get_text(), a["href"]) for a in links) == [
        ("markets", "/topics/markets/"),
        ("rice prices", "/topics/rice-prices/"),
    ]
    topic_page = parse(client.get("/topics/rice-prices/"))
    assert translated_article.title in topic_page.select_one(".listing").get_text()


def test_comment_section_offers_the_form_when_comments_are_open(client, translated_article):
    soup = parse(client.get(translated_article.url))
    comments = soup.select_one("section#comments")
    assert comments.h2.get_text(strip=True) == "Comments"
    assert "Leave a Comment" in comments.get_text()


def test_comment_section_says_comments_are_closed_when_switched_off(client, translated_article):
    translated_article.comments_open = False
    publish(translated_article)
    soup = parse(client.get(translated_article.url))
    assert "Comments are closed." in soup.select_one("section#comments").get_text()


def test_new_articles_have_comments_open_by_default(article):
    assert article.comments_open is True


def test_article_uses_semantic_elements(client, translated_article):
    soup = parse(client.get(translated_article.url))
    article = soup.select_one("main > article")
    assert article.find("header", recursive=False) is not None
    assert article.find("footer", recursive=False) is not None
    assert len(article.select("figure > figcaption")) == 2
    assert all(time.has_attr("datetime") for time in soup.find_all("time"))


def test_skip_link_is_the_first_link_and_leads_to_main(client, translated_article):
    soup = parse(client.get(translated_article.url))
    first_link = soup.body.find("a")
    assert first_link["href"] == "#main"
    assert first_link.get_text(strip=True) == "Skip to main content"
    assert soup.select_one("main#main") is not None


def test_page_has_banner_navigation_main_and_contentinfo_landmarks(client, translated_article):
    soup = parse(client.get(translated_article.url))
    top_level = [child.name for child in soup.body.find_all(recursive=False)]
    assert top_level == ["a", "header", "main", "footer"]
    assert soup.select_one("body > header nav[aria-label]") is not None
    assert len(soup.find_all("main")) == 1


def test_english_article_is_marked_english(client, translated_article):
    soup = parse(client.get(translated_article.url))
    assert soup.html["lang"] == "en"


def test_korean_article_is_marked_korean(client, korean_original):
    soup = parse(client.get(korean_original.url))
    assert korean_original.url.startswith("/ko/")
    assert soup.html["lang"] == "ko"
    assert soup.select_one("article")["lang"] == "ko"


def test_korean_article_has_a_korean_credit_line_and_topic_link(client, korean_original):
    soup = parse(client.get(korean_original.url))
    assert soup.select_one(".credit-line a")["href"] == "/ko/contributors/han-ji-woo/"
    topic_href = soup.select_one(".topics a")["href"]
    assert parse(client.get(topic_href)).h1.get_text(strip=True) == "쌀값"


def test_header_offers_the_same_story_in_the_other_edition(
    client, translated_article, korean_original
):
    soup = parse(client.get(translated_article.url))
    other_edition = soup.select_one("nav.editions a")
    assert other_edition["href"] == korean_original.url
    assert other_edition["lang"] == "ko"
