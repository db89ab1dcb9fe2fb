"""`dateline mirror push` against a real S3 API: moto's standalone server on a free port."""

import pytest
from django.core.management import CommandError, call_command

from dateline.news.models import ArticlePage
from dateline.publish.mirror import push as push_module
from dateline.publish.mirror.bundle import build
from dateline.publish.mirror.push import push
from dateline.publish.mirror.standalone_verify import check
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


def test_a_second_push_sends_only_what_changed_deletes_what_went_and_signs_last(
    baked, s3, tmp_path, section, monkeypatch
):
    out = tmp_path / "copy"
    build(out)
    push(out, "s3://mirror/copy")
    ArticlePage.objects.get(slug="markets-reopen").unpublish()
    bake_site()
    build(out, update=True)
    sent = []
    original = push_module._upload
    monkeypatch.setattr(
        push_module,
        "_upload",
        lambda s3_, bucket, key, *rest: (sent.append(key), original(s3_, bucket, key, *rest)),
    )
    second = push(out, "s3://mirror/copy")
    assert sent[-2:] == ["copy/manifest.json", "copy/manifest.json.sig"]
    assert "north-korea/index.html" in second.uploaded
    assert "static/dateline/css/dateline.css" not in second.uploaded
    assert "north-korea/markets-reopen/index.html" in second.deleted
    download(s3, "copy/", tmp_path / "downloaded")
    assert check(str(tmp_path / "downloaded")).ok


def test_a_push_to_a_missing_bucket_fails_clearly(baked, s3, tmp_path):
    build(tmp_path / "copy")
    with pytest.raises(CommandError, match="refused"):
        call_command("mirror", "push", str(tmp_path / "copy"), "s3://no-such-bucket/x")
