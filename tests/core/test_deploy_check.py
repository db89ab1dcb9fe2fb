"""`dateline check --deploy` on production settings warns of nothing the README leaves unexplained."""

import re
import secrets
import subprocess
import sys
from pathlib import Path

from tests.core.conftest import clean_environment

README = Path(__file__).resolve().parents[2] / "README.md"
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "dateline.settings.production",
    "DATELINE_HTTPS": "1",
    "DATELINE_SECRET_KEY": secrets.token_urlsafe(50),
    "DATELINE_ALLOWED_HOSTS": "news.example.org",
    "DATELINE_CSRF_TRUSTED_ORIGINS": "https://news.example.org",
    "DATELINE_BASE_URL": "https://news.example.org",
}


def deploy_check(tmp_path, **variables) -> subprocess.CompletedProcess:
    environment = clean_environment(tmp_path / "home", **PRODUCTION, **variables)
    return subprocess.run(
        [sys.executable, "-m", "dateline", "check", "--deploy", "--fail-level", "ERROR"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_every_warning_of_the_deploy_check_is_explained_in_the_readme(tmp_path):
    completed = deploy_check(tmp_path)

    assert completed.returncode == 0, completed.stderr
    warnings = set(re.findall(r"\((\w+\.[WE]\d+)\)", completed.stdout + completed.stderr))
    unexplained = sorted(code for code in warnings if code not in README.read_text())
    assert not unexplained, f"check --deploy warns of {unexplained}; explain them in the README"


def test_with_the_hsts_choices_made_the_deploy_check_finds_nothing(tmp_path):
    completed = deploy_check(
        tmp_path, DATELINE_HSTS_INCLUDE_SUBDOMAINS="1", DATELINE_HSTS_PRELOAD="1"
    )

    assert completed.returncode == 0, completed.stderr
    assert "System check identified no issues" in completed.stdout + completed.stderr
