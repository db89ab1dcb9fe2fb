"""Renditions of an article's pictures are made when it is published, before readers ask for them."""

import pytest

from dateline.core.images import PICTURE_SPECS, picture_filters, prepare_renditions
from dateline.core.models import NewsImageRendition
from dateline.news.factories import ArticlePageFactory, NewsImageFactory, paragraphs, publish


def image_block(image, caption="A market in Hyesan"):
    return {
        "type": "image",
        "value": {
            "image": {"image": image.pk, "decorative": False, "alt_text": "x"},
            "caption": caption,
        },
    }


def article_with(section, *, hero=None, inline=()):
    body = [{"type": "paragraph", "value": "<p>Prices rose again.</p>"}]
    body += [image_block(image) for image in inline]
    return ArticlePageFactory(parent=section, hero_image=hero, body=body, live=False)


@pytest.fixture
def queued(settings):
    """Hold tasks in a dummy queue instead of running them, and return what was queued."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    def renditions_queued():
        return sorted(
            tuple(result.args)
            for result in default_task_backend.results
            if result.task.func is prepare_renditions.func
        )

    return renditions_queued


@pytest.fixture
def publish_and_commit(django_capture_on_commit_callbacks):
    """Publish, then run what waits for the commit, which the test's transaction never makes."""

    def publish_and_commit(article):
        with django_capture_on_commit_callbacks(execute=True):
            return publish(article)

    return publish_and_commit


def specs(kinds):
    return {f.spec for kind in kinds for f in picture_filters(kind)}


def test_publishing_an_article_queues_its_hero_and_inline_pictures(
    section, queued, publish_and_commit
):
    hero, inline = NewsImageFactory(), NewsImageFactory()
    article = article_with(section, hero=hero, inline=[inline])

    publish_and_commit(article)

    assert queued() == sorted([(hero.pk, ["hero", "card"]), (inline.pk, ["inline"])])


def test_a_picture_used_twice_is_queued_once_with_every_kind(section, queued, publish_and_commit):
    picture = NewsImageFactory()
    article = article_with(section, hero=picture, inline=[picture, picture])

    publish_and_commit(article)

    assert queued() == [(picture.pk, ["hero", "card", "inline"])]


def test_saving_a_draft_queues_nothing(section, queued, django_capture_on_commit_callbacks):
    article = article_with(section, hero=NewsImageFactory())

    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision()

    assert queued() == []


def test_article_without_pictures_queues_nothing(section, queued, publish_and_commit):
    article = ArticlePageFactory(parent=section, body=paragraphs("Words only."), live=False)

    publish_and_commit(article)

    assert queued() == []


def test_published_article_has_its_picture_renditions_before_the_first_reader(
    client, section, publish_and_commit
):
    hero, inline = NewsImageFactory(), NewsImageFactory()
    wanted = {(hero.pk, spec) for spec in specs(["hero", "card"])}
    wanted |= {(inline.pk, spec) for spec in specs(["inline"])}

    article = publish_and_commit(article_with(section, hero=hero, inline=[inline]))
    made_on_publish = set(NewsImageRendition.objects.values_list("image_id", "filter_spec"))
    assert client.get(article.url).status_code == 200
    made_by_reading = set(NewsImageRendition.objects.values_list("image_id", "filter_spec"))

    assert wanted <= made_on_publish
    # The page's <picture> elements found every rendition they show already made.
    assert not {spec for _, spec in made_by_reading - made_on_publish} & specs(PICTURE_SPECS)
