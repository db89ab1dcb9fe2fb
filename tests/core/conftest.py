"""Run code under Dateline's real settings in a fresh interpreter with an environment we choose.

Settings read the environment once, at import, so each case needs its own process; a clean
environment keeps the developer's or CI's own variables (DATABASE_URL, ...) out of the result.
"""

import json
import os
import subprocess
import sys
from dataclasses import dataclass

import pytest


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str

    @property
    def value(self):
        """Return what the code printed last, read as JSON; fail with the child's error otherwise."""
        assert self.returncode == 0, self.stderr
        return json.loads(self.stdout.strip().splitlines()[-1])


def clean_environment(home, **variables) -> dict[str, str]:
    """Return an environment with nothing but a PATH, development settings and a home folder.

    PYTHONPATH is kept when set, so a child imports the same `dateline` as the tests do (a
    worktree's, not an installed copy's).
    """
    kept = {name: os.environ[name] for name in ("PYTHONPATH",) if name in os.environ}
    return {
        **kept,
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "dateline.settings.dev",
        "DATELINE_HOME": str(home),
        **variables,
    }


@pytest.fixture
def run_with_settings(tmp_path):
    """Return a runner: code, the settings module and variables in, its Outcome out."""

    def run(code: str, *, settings: str = "dateline.settings.dev", **variables) -> Outcome:
        """Run the code; a variable given as None is left out of the environment altogether."""
        environment = clean_environment(tmp_path / "home", DJANGO_SETTINGS_MODULE=settings)
        environment.update(variables)
        environment = {name: value for name, value in environment.items() if value is not None}
        completed = subprocess.run(
            [sys.executable, "-c", code],
            env=environment,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        return Outcome(completed.returncode, completed.stdout, completed.stderr)

    return run
