"""The media folder's gate: pictures their collection lets the reader see, documents never.

A document or picture in a collection restricted to logged-in staff must not be fetchable by
anyone who guesses or copies its file's address under /media/.
"""

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from dateline.core.media import readers_may_fetch
from dateline.news.factories import NewsImageFactory

PDF = b"%PDF-1.4 the source's leaked memo"


@pytest.fixture
def private_collection(db):
    """A collection that only logged-in staff may see."""
    collection = Collection.get_first_root_node().add_child(name="Sources' papers")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


@pytest.fixture
def private_document(private_collection):
    document = get_document_model()(title="Leaked memo", collection=private_collection)
    document.file.save("leaked-memo.pdf", ContentFile(PDF))
    return document


@pytest.fixture
def public_image(db):
    return NewsImageFactory()


@pytest.fixture
def private_image(private_collection):
    return NewsImageFactory(collection=private_collection)


@pytest.fixture
def staff_client(client, db):
    client.force_login(User.objects.create_user("staff", password="pw", is_staff=True))
    return client


def rendition_url(image) -> str:
    return image.get_rendition("fill-320x180|format-webp").url


def test_private_document_is_refused_at_its_page_and_absent_from_the_media_folder(
    client, private_document
):
    assert client.get(private_document.url).status_code == 302  # to the log-in
    assert client.get(private_document.file.url).status_code == 404


def test_public_document_is_served_only_through_the_document_view(client, db):
    document = get_document_model()(title="Annual report")
    document.file.save("annual-report.pdf", ContentFile(PDF))

    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert client.get(document.file.url).status_code == 404


def test_staff_get_the_private_document_through_its_view(staff_client, private_document):
    response = staff_client.get(private_document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_public_picture_rendition_and_original_are_served_with_nosniff(client, public_image):
    for url in (rendition_url(public_image), public_image.file.url):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("image/")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "public" in response["Cache-Control"]
        assert "Content-Encoding" not in response


def test_restricted_picture_is_not_served_to_readers(client, private_image):
    for url in (rendition_url(private_image), private_image.file.url):
        assert client.get(url).status_code == 404, url


def test_restricted_picture_is_served_to_staff_and_kept_out_of_shared_caches(
    staff_client, private_image
):
    response = staff_client.get(rendition_url(private_image))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_picture_under_a_restricted_parent_collection_is_restricted_too(client, private_collection):
    image = NewsImageFactory(collection=private_collection.add_child(name="Hyesan, 2026"))
    assert client.get(rendition_url(image)).status_code == 404
    assert not readers_may_fetch(image.file.name)


def test_a_stray_file_in_the_media_folder_is_not_served(client, settings, db):
    (settings.MEDIA_ROOT / "images").mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "images" / "stray.webp").write_bytes(b"RIFF....WEBPVP8 ")
    assert client.get("/media/images/stray.webp").status_code == 404
    assert client.get("/media/images/../images/stray.webp").status_code == 404


def test_the_bake_may_copy_public_renditions_only(public_image, private_image):
    public = public_image.get_rendition("width-480").file.name
    private = private_image.get_rendition("width-480").file.name
    assert readers_may_fetch(public)
    assert not readers_may_fetch(private)
    assert not readers_may_fetch("documents/anything.pdf")


def test_behind_a_proxy_the_file_is_handed_to_its_internal_location(
    client, settings, public_image, private_image
):
    settings.DATELINE_SERVE_MEDIA = False
    response = client.get(rendition_url(public_image))
    assert response.status_code == 200
    assert (
        response["X-Accel-Redirect"]
        == "/internal-media/" + public_image.get_rendition("fill-320x180|format-webp").file.name
    )
    # The proxy sends the file, its length and type: the answer itself is empty and says so.
    assert (response.content, response["Content-Length"]) == (b"", "0")
    assert response["Content-Type"] == "image/webp"
    assert "Content-Encoding" not in response
    assert "X-Accel-Redirect" not in client.get(rendition_url(private_image))


def test_behind_a_proxy_documents_go_through_the_internal_location_after_the_check(
    settings, staff_client, private_document
):
    settings.DATELINE_SERVE_MEDIA = False
    response = staff_client.get(private_document.url)
    assert response["X-Accel-Redirect"] == f"/internal-media/{private_document.file.name}"
    assert (response.content, response["Content-Length"]) == (b"", "0")
    assert private_document.file.name.startswith("documents/leaked-memo")
