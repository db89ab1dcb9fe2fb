"""Fixtures for the WordPress importer: the project's own exports, an uploads folder, a runner."""

from pathlib import Path

import pytest
from PIL import Image

from dateline.wordpress.importer import WordPressImporter

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_path(name: str) -> Path:
    return FIXTURES / name


def paint(path: Path, colour=(120, 90, 60), size=(64, 48)) -> Path:
    """Write a small real image file where WordPress would have kept it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path)
    return path


@pytest.fixture
def uploads(tmp_path) -> Path:
    """The newsroom's wp-content/uploads: the market photo is there, the ledger scan is not."""
    folder = tmp_path / "uploads"
    paint(folder / "2024/03/market.jpg")
    paint(folder / "2024/03/market-800x600.jpg", colour=(10, 10, 10))
    # A file the sneaky attachment points at with "../": it must never be read.
    paint(tmp_path / "outside/secret.png")
    return folder


@pytest.fixture
def run_import(db):
    """Import a fixture file (or any path) and return the report."""

    def run(name, **options):
        path = name if isinstance(name, Path) else fixture_path(name)
        return WordPressImporter(path, **options).run()

    return run


@pytest.fixture
def newsroom(run_import, uploads):
    """The newsroom export, imported with its uploads folder."""
    return run_import("newsroom.xml", uploads=uploads)
