"""`dateline mirror push` against a real S3 API: moto's standalone server on a free port."""

import json

import pytest
from django.core.management import CommandError, call_command

from dateline.news.models import ArticlePage
from dateline.publish.mirror import push as push_module
from dateline.publish.mirror.bundle import build
from dateline.publish.mirror.push import push
from dateline.publish.mirror.standalone_verify import MANIFEST, check
from tests.publish.mirror.conftest import bake_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def s3(moto_s3):
    moto_s3.create_bucket(Bucket="mirror")
    return moto_s3


def download(client, prefix, folder):
    for page in client.get_paginator("list_objects_v2").paginate(Bucket="mirror", Prefix=prefix):
        for item in page.get("Contents", []):
            target = folder / item["Key"][len(prefix) :]
            target.parent.mkdir(parents=True, exist_ok=True)
            client.download_file("mirror", item["Key"], str(target))


def test_a_pushed_bundle_downloads_whole_and_verifies(baked, s3, tmp_path):
    out = tmp_path / "copy"
    build(out)
    call_command("mirror", "push", str(out), "s3://mirror/news/copy")
    download(s3, "news/copy/", tmp_path / "downloaded")
    assert check(str(tmp_path / "downloaded")).ok


@pytest.fixture
def sent(monkeypatch):
    """The keys of every upload the store is asked for, counted at the S3 API itself."""
    keys = []
    make_client = push_module.client

    def counting_client():
        s3 = make_client()
        for operation in ("PutObject", "CreateMultipartUpload"):
            s3.meta.events.register(
                f"before-parameter-build.s3.{operation}",
                lambda params, **kwargs: keys.append(params["Key"]),
            )
        return s3

    monkeypatch.setattr(push_module, "client", counting_client)
    return keys


def hashes(out):
    return {
        entry["path"]: entry["sha256"]
        for entry in json.loads((out / MANIFEST).read_text())["files"]
    }


def test_a_second_push_sends_only_what_changed_deletes_what_went_and_signs_last(
    baked, s3, tmp_path, section, sent
):
    out = tmp_path / "copy"
    build(out)
    push(out, "s3://mirror/copy")
    before = hashes(out)
    ArticlePage.objects.get(slug="markets-reopen").unpublish()
    bake_site()
    build(out, update=True)
    sent.clear()
    second = push(out, "s3://mirror/copy")
    changed = {path for path, digest in hashes(out).items() if before.get(path) != digest}
    assert "north-korea/index.html" in changed
    assert sent == [f"copy/{path}" for path in sorted(changed)] + [
        "copy/manifest.json",
        "copy/manifest.json.sig",
    ]
    assert "north-korea/markets-reopen/index.html" in second.deleted
    download(s3, "copy/", tmp_path / "downloaded")
    assert check(str(tmp_path / "downloaded")).ok


def test_pushing_an_unchanged_bundle_again_sends_nothing(baked, s3, tmp_path, sent):
    out = tmp_path / "copy"
    build(out)
    first = push(out, "s3://mirror/copy")
    assert len(sent) == len(first.uploaded) == len(hashes(out)) + 2
    sent.clear()
    again = push(out, "s3://mirror/copy")
    assert sent == [] and again.uploaded == [] and again.deleted == []
    assert again.unchanged == len(hashes(out)) + 2


def test_a_bundle_changed_since_it_was_signed_is_not_pushed(baked, s3, tmp_path, sent):
    out = tmp_path / "copy"
    build(out)
    page = out / "north-korea" / "index.html"
    page.write_text(page.read_text().replace("North Korea", "North Korae"))
    with pytest.raises(
        CommandError, match=r"no longer matches its manifest \(north-korea/index\.html\)"
    ):
        call_command("mirror", "push", str(out), "s3://mirror/copy")
    assert sent == []
    assert s3.list_objects_v2(Bucket="mirror").get("KeyCount") == 0


def test_a_push_to_a_missing_bucket_fails_clearly(baked, s3, tmp_path):
    build(tmp_path / "copy")
    with pytest.raises(CommandError, match="refused"):
        call_command("mirror", "push", str(tmp_path / "copy"), "s3://no-such-bucket/x")
