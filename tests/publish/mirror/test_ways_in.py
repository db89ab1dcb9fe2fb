"""The signing key, the published key and mirrors list, the onion address, and the pages about them."""

import base64
import json
import stat

import pytest
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from django.core.management import CommandError, call_command

from dateline.news.factories import SectionPageFactory, publish
from dateline.publish.mirror import signing

pytestmark = pytest.mark.django_db


@pytest.fixture
def key_file(settings, tmp_path):
    settings.DATELINE_MIRROR_KEY_FILE = tmp_path / "home" / "mirror.pem"
    return settings.DATELINE_MIRROR_KEY_FILE


def test_keygen_writes_a_private_key_only_its_owner_can_read(key_file, capsys):
    call_command("mirror", "keygen")
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert b"PRIVATE KEY" in key_file.read_bytes()
    assert "SHA256:" in capsys.readouterr().out


def test_keygen_refuses_to_replace_a_key_unless_forced(key_file):
    call_command("mirror", "keygen")
    before = key_file.read_bytes()
    with pytest.raises(CommandError, match="--force"):
        call_command("mirror", "keygen")
    assert key_file.read_bytes() == before
    call_command("mirror", "keygen", "--force")
    assert key_file.read_bytes() != before


def test_the_public_key_is_published_at_a_stable_address(key_file, client):
    assert client.get("/.well-known/dateline-mirror-key.txt").status_code == 404
    call_command("mirror", "keygen")
    response = client.get("/.well-known/dateline-mirror-key.txt")
    assert response.status_code == 200
    key = load_pem_public_key(response.content)
    assert signing.fingerprint(key) == signing.fingerprint(signing.load_public_key())
    assert b"PRIVATE" not in response.content


def test_the_checker_is_published_for_operators(client):
    response = client.get("/.well-known/dateline_verify.py")
    assert response.status_code == 200 and b"def check(" in response.content


@pytest.mark.parametrize(
    "prefix, title", [("", "How to check our copies"), ("/ko", "사본을 확인하는 방법")]
)
def test_how_to_check_our_copies_shows_the_key_in_each_edition(
    key_file, client, home, korean_home, prefix, title
):
    call_command("mirror", "keygen")
    page = client.get(f"{prefix}/copies/").content.decode()
    assert title in page
    assert signing.fingerprint(signing.load_public_key()) in page
    assert signing.raw_base64(signing.load_public_key()) in page


def test_mirrors_json_has_the_bypass_censorship_shape_and_a_signature(
    key_file, client, settings, tmp_path
):
    call_command("mirror", "keygen")
    listing = tmp_path / "mirrors.txt"
    listing.write_text(
        "# our mirrors\nhttps://mirror-one.example/news/ 2026-03-01\nhttps://cdn.example/copy/\n"
    )
    settings.DATELINE_MIRRORS = str(listing)
    settings.DATELINE_ONION_URL = "http://examplexyz.onion"
    body = client.get("/mirrors.json").content
    document = json.loads(body)
    assert document["version"] == "2.0"
    site = document["sites"][0]
    assert site["main_domain"] == "localhost"
    urls = [(item["proto"], item["type"], item["url"]) for item in site["available_alternatives"]]
    assert urls == [
        ("tor", "eotk", "http://examplexyz.onion"),
        ("https", "mirror", "https://mirror-one.example/news/"),
        ("https", "mirror", "https://cdn.example/copy/"),
    ]
    first = site["available_alternatives"][1]
    assert first["created_at"] == "2026-03-01" and first["updated_at"]
    assert set(first) == {"proto", "type", "url", "created_at", "updated_at"}
    signature = base64.b64decode(client.get("/mirrors.json.sig").content)
    signing.load_public_key().verify(signature, body)


def test_the_mirror_list_may_be_a_comma_separated_setting(client, settings):
    settings.DATELINE_MIRRORS = "https://a.example/, https://b.example/ 2026-01-02"
    urls = [
        item["url"]
        for item in json.loads(client.get("/mirrors.json").content)["sites"][0][
            "available_alternatives"
        ]
    ]
    assert urls == ["https://a.example/", "https://b.example/"]


@pytest.mark.parametrize(
    "prefix, title", [("", "Other ways to reach us"), ("/ko", "다른 접속 방법")]
)
def test_other_ways_to_reach_us_lists_the_mirrors_in_each_edition(
    client, settings, home, korean_home, prefix, title
):
    settings.DATELINE_MIRRORS = "https://mirror-one.example/news/"
    page = client.get(f"{prefix}/reach-us/").content.decode()
    assert title in page and "https://mirror-one.example/news/" in page


def test_every_page_links_to_the_other_ways_in_from_its_footer(client, article):
    page = client.get(article.url).content.decode()
    footer = page.split('<footer class="site-footer">')[1]
    assert 'href="/reach-us/"' in footer and 'href="/copies/"' in footer


def test_the_onion_address_is_announced_for_the_same_path(client, settings, article):
    settings.DATELINE_ONION_URL = "http://examplexyz.onion"
    response = client.get(article.url)
    assert response["Onion-Location"] == "http://examplexyz.onion" + article.url
    assert (
        f'<meta http-equiv="onion-location" content="http://examplexyz.onion{article.url}">'
        in response.content.decode()
    )


def test_no_onion_address_no_announcement(client, article):
    response = client.get(article.url)
    assert "Onion-Location" not in response and b"onion-location" not in response.content


def test_the_header_and_the_meta_name_the_same_percent_encoded_path(client, settings, korean_home):
    settings.DATELINE_ONION_URL = "http://examplexyz.onion"
    publish(SectionPageFactory(parent=korean_home, title="북한", slug="북한"))
    response = client.get("/ko/북한/")
    expected = "http://examplexyz.onion/ko/%EB%B6%81%ED%95%9C/"
    assert response["Onion-Location"] == expected
    assert f'<meta http-equiv="onion-location" content="{expected}">' in response.content.decode()
