"""The Uyghur catalogue gives every word a reader meets on public pages and feeds, compiled.

The Uyghur edition (`DATELINE_EXTRA_LANGUAGES=ug`) is for readers; the admin stays in English or
Korean for its staff, so the catalogue holds every message (as `make messages` leaves it) but
only the public ones must be translated. Which messages are public is read from where the code
uses them: the templates outside `admin/` folders and the modules listed below.
"""

import re
import shutil
from fnmatch import fnmatch
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

import dateline

from .test_korean_catalogue import (
    BRACE_FIELD,
    MARKUP_TAG,
    PRINTF_DIRECTIVE,
    label,
    live_entries,
    placeholders,
)

pytestmark = pytest.mark.xdist_group("uyghur-catalogue")

PACKAGE_DIR = Path(dateline.__file__).resolve().parent
CATALOGUE = PACKAGE_DIR / "locale" / "ug" / "LC_MESSAGES" / "django.po"
REFRESH_HINT = (
    "Run `make messages`, translate the new public entries in {path} and commit django.po and "
    "django.mo."
)
# Django's own Uyghur catalogue counts this way; ours must agree, or a count would pick the
# wrong form of one of them.
DJANGO_PLURAL_FORMS = "nplurals=2; plural=(n != 1);"

# What readers see besides the templates: the comment form and its answers, feeds and their
# explanation, the credit line, the search form, the words of a mirror's checking page, the
# photo credit, a listing's missing page, and the language names of the credit line.
PUBLIC_MODULES = {
    "comments/characters.py",
    "comments/forms.py",
    "comments/guards.py",
    "comments/privacy.py",
    "comments/threads.py",
    "comments/views.py",
    "core/models.py",
    "feeds/browser_view.py",
    "feeds/items.py",
    "feeds/templatetags/feed_tags.py",
    "feeds/views.py",
    "news/credits.py",
    "news/models/pages.py",
    "publish/mirror/texts.py",
    "search/forms.py",
    "settings/base.py",
}
PUBLIC_TEMPLATES = ("templates/*.html", "*/templates/*.html")
ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
LATIN_LETTER = re.compile("[A-Za-z]")


def is_public(source: str) -> bool:
    """Say whether a file (relative to the package) shows its messages to readers."""
    if source in PUBLIC_MODULES:
        return True
    return any(fnmatch(source, pattern) for pattern in PUBLIC_TEMPLATES) and (
        "/admin/" not in source
    )


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(CATALOGUE))


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """Extract the messages from a copy of the package with their places, as `make messages`
    would (the copy's own empty locale folder keeps the real catalogue out of it)."""
    source = tmp_path_factory.mktemp("package") / "dateline"
    shutil.copytree(
        PACKAGE_DIR, source, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "locale", "var")
    )
    (source / "locale").mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "LOCALE_PATHS", [source / "locale"])
        patch.chdir(source)
        call_command("makemessages", locale=["ug"], ignore_patterns=["tests/*"], verbosity=0)
    return polib.pofile(str(source / "locale" / "ug" / "LC_MESSAGES" / "django.po"))


@pytest.fixture(scope="module")
def public_keys(extracted) -> set:
    """Return (context, message) of every message some public file uses."""
    keys = {
        (entry.msgctxt, entry.msgid)
        for entry in extracted
        if any(is_public(source) for source, _line in entry.occurrences)
    }
    assert len(keys) > 200, "the extraction found almost no public message: check PUBLIC_*"
    return keys


@pytest.fixture(scope="module")
def public_entries(catalogue, public_keys):
    return [
        entry for entry in live_entries(catalogue) if (entry.msgctxt, entry.msgid) in public_keys
    ]


def forms_with_sources(entry) -> list[tuple[str, str]]:
    """Return each translation beside the English it translates: msgstr[0] the singular."""
    if not entry.msgid_plural:
        return [(entry.msgstr, entry.msgid)]
    return [
        (entry.msgstr_plural[index], entry.msgid if index == 0 else entry.msgid_plural)
        for index in sorted(entry.msgstr_plural)
    ]


def test_catalogue_header_declares_uyghur_counting_as_django_does(catalogue):
    assert not catalogue.metadata_is_fuzzy, "msgfmt skips a fuzzy header, and with it the charset"
    assert catalogue.metadata["Language"] == "ug"
    assert catalogue.metadata["Plural-Forms"] == DJANGO_PLURAL_FORMS
    assert catalogue.metadata["Project-Id-Version"].startswith("Dateline")


def test_catalogue_has_every_message_the_code_uses(catalogue, extracted):
    known = {(entry.msgctxt, entry.msgid) for entry in live_entries(catalogue)}
    missing = [label(entry) for entry in extracted if (entry.msgctxt, entry.msgid) not in known]
    assert not missing, "\n".join(
        [
            "The Uyghur catalogue lacks messages the code uses.",
            REFRESH_HINT.format(path=CATALOGUE),
            *missing,
        ]
    )


def test_every_public_message_is_translated_and_none_is_fuzzy(catalogue, public_keys):
    entries = {(entry.msgctxt, entry.msgid): entry for entry in live_entries(catalogue)}
    problems = []
    for key in sorted(public_keys, key=str):
        entry = entries.get(key)
        if entry is None:
            continue  # reported by the test above
        if entry.fuzzy:
            problems.append(f"fuzzy: {label(entry)}")
        elif not all(text.strip() for text, _ in forms_with_sources(entry)):
            problems.append(f"untranslated: {label(entry)}")
    assert not problems, "\n".join([REFRESH_HINT.format(path=CATALOGUE), *problems])


def words_of(text: str) -> str:
    """Return the text without its placeholders and markup: the words a translator writes."""
    for pattern in (MARKUP_TAG, PRINTF_DIRECTIVE, BRACE_FIELD):
        text = pattern.sub("", text)
    return text


def test_public_translations_are_written_in_uyghur(public_entries):
    """Catch English pasted as the "translation": Uyghur is written in Arabic letters."""
    not_uyghur = [
        f"{label(entry)} -> {text!r}"
        for entry in public_entries
        for text, source in forms_with_sources(entry)
        if LATIN_LETTER.search(words_of(source)) and not ARABIC_LETTER.search(text)
    ]
    assert not not_uyghur, "\n".join(["These public messages are not in Uyghur:", *not_uyghur])


def test_translations_keep_the_placeholders_of_their_source(catalogue):
    broken = []
    for entry in live_entries(catalogue):
        python_format = "python-format" in entry.flags
        for text, source in forms_with_sources(entry):
            if text and placeholders(text, python_format) != placeholders(source, python_format):
                broken.append(f"{label(entry)} -> {text!r}")
    assert not broken, "\n".join(["These translations lose or add a placeholder:", *broken])


def test_translations_keep_the_markup_of_their_source(catalogue):
    broken = []
    for entry in live_entries(catalogue):
        for text, source in forms_with_sources(entry):
            if text and sorted(MARKUP_TAG.findall(text)) != sorted(MARKUP_TAG.findall(source)):
                broken.append(f"{label(entry)} -> {text!r}")
    assert not broken, "\n".join(["These translations change the source's markup:", *broken])


def test_compiled_catalogue_gives_every_public_translation(public_entries):
    """Ask Django itself, in Uyghur, for every public message: a stale django.mo fails."""
    stale = []
    with translation.override("ug"):
        for entry in public_entries:
            if entry.fuzzy or not entry.translated():
                continue  # reported above; msgfmt leaves these out on purpose
            for count, (expected, _source) in zip((1, 2), forms_with_sources(entry), strict=False):
                if entry.msgid_plural:
                    answer = (
                        translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, count)
                        if entry.msgctxt
                        else translation.ngettext(entry.msgid, entry.msgid_plural, count)
                    )
                elif entry.msgctxt:
                    answer = translation.pgettext(entry.msgctxt, entry.msgid)
                else:
                    answer = translation.gettext(entry.msgid)
                if answer != expected:
                    stale.append(f"{label(entry)}: the .mo gives {answer!r}, the .po {expected!r}")
    assert not stale, "\n".join(
        ["django.mo does not match django.po: run `make messages` and commit django.mo.", *stale]
    )
