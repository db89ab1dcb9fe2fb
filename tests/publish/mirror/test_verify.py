"""Checking a copy: `dateline mirror verify` and the standalone script refuse every tampering,
name what is wrong, and agree with each other."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command

from dateline.publish.mirror import signing
from dateline.publish.mirror.bundle import build

# One newsroom and bake for the module (`shared_bake`), in one test process.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("mirror-verify")]

SCRIPT = Path(signing.__file__).parent / "standalone_verify.py"


@pytest.fixture
def bundle(baked_copy, tmp_path):
    out = tmp_path / "copy"
    build(out)
    return out


def standalone(copy: Path, *key: str) -> subprocess.CompletedProcess:
    """Run the script as an operator would: outside Dateline, no PYTHONPATH, from elsewhere."""
    return subprocess.run(
        [sys.executable, "-I", str(SCRIPT), str(copy), *key],
        capture_output=True,
        text=True,
        cwd="/",
        env={"PATH": "/usr/bin:/bin"},
    )


def dateline_verify(copy: Path, *key: str) -> tuple[int, str]:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "dateline.settings.test"}
    result = subprocess.run(
        [sys.executable, "-m", "dateline.cli", "mirror", "verify", str(copy), *key],
        capture_output=True,
        text=True,
        env=environment,
    )
    return result.returncode, result.stdout + result.stderr


def pinned_key() -> list[str]:
    return ["--key", str(signing.public_key_path())]


def change_one_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 1
    path.write_bytes(bytes(data))


def first_article(copy: Path) -> str:
    return (
        next(p for p in sorted(copy.glob("north-korea/*/index.html"))).relative_to(copy).as_posix()
    )


def test_a_good_copy_passes_both_checks(bundle):
    code, output = dateline_verify(bundle, *pinned_key())
    assert code == 0, output
    assert "This copy matches what Dateline signed on" in output
    result = standalone(bundle, *pinned_key())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "This copy matches what Dateline signed on" in result.stdout


def tamper_byte(copy):
    name = first_article(copy)
    change_one_byte(copy / name)
    return f"changed: {name}"


def tamper_add(copy):
    (copy / "north-korea" / "extra.html").write_text("<p>not signed</p>")
    return "added: north-korea/extra.html"


def tamper_delete(copy):
    name = first_article(copy)
    (copy / name).unlink()
    return f"missing: {name}"


def tamper_manifest(copy):
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["files"][0]["sha256"] = "0" * 64
    (copy / "manifest.json").write_text(json.dumps(manifest))
    return "The signature does not match"


def tamper_signature(copy):
    other = Ed25519PrivateKey.generate()
    (copy / "manifest.json.sig").write_bytes(
        signing.sign((copy / "manifest.json").read_bytes(), other)
    )
    return "The signature does not match"


def tamper_other_key(copy):
    """Re-sign everything with a stranger's key: whole and consistent, but not the newsroom's."""
    other = Ed25519PrivateKey.generate()
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["key"]["public_key"] = signing.raw_base64(other.public_key())
    data = json.dumps(manifest).encode()
    (copy / "manifest.json").write_bytes(data)
    (copy / "manifest.json.sig").write_bytes(signing.sign(data, other))
    return "names a different key"


@pytest.mark.parametrize(
    "tamper",
    [tamper_byte, tamper_add, tamper_delete, tamper_manifest, tamper_signature, tamper_other_key],
)
def test_every_tampering_is_refused_and_named_by_both_checks(bundle, tamper):
    expected = tamper(bundle)
    code, output = dateline_verify(bundle, *pinned_key())
    assert code == 1 and expected in output, output
    result = standalone(bundle, *pinned_key())
    assert result.returncode == 1 and expected in result.stdout, result.stdout + result.stderr


def test_a_tampered_zip_is_named_too(baked_copy, tmp_path):
    out = tmp_path / "copy"
    build(out)
    name = tamper_byte(out)
    shutil.make_archive(str(tmp_path / "copy"), "zip", out)
    code, output = dateline_verify(tmp_path / "copy.zip", *pinned_key())
    assert code == 1 and name in output


def test_a_copy_on_a_web_server_is_checked_by_address(bundle, live_static_server):
    url = live_static_server(bundle.parent, "copy")
    code, output = dateline_verify(url, *pinned_key())
    assert code == 0, output
    tamper_byte(bundle)
    code, output = dateline_verify(url, *pinned_key())
    assert code == 1 and "changed:" in output


def test_a_fingerprint_pins_the_key_as_well(bundle):
    fingerprint = signing.fingerprint(signing.load_public_key())
    assert standalone(bundle, "--key", fingerprint).returncode == 0
    assert standalone(bundle, "--key", "SHA256:" + "ab" * 32).returncode == 1


def test_cli_and_script_agree_on_a_good_copy_checked_without_a_pinned_key(bundle):
    assert standalone(bundle).returncode == 0
    call_command("mirror", "verify", str(bundle))
