"""The Korean catalogue is complete, compiled, faithful to its placeholders and current with the code.

The .mo file is committed so that a fresh clone serves Korean without gettext installed; these
tests are what stop it drifting from the .po, and the .po from the code.
"""

import re
import shutil
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import translation

import dateline

pytestmark = pytest.mark.xdist_group("korean-catalogue")

PACKAGE_DIR = Path(dateline.__file__).resolve().parent
CATALOGUE = PACKAGE_DIR / "locale" / "ko" / "LC_MESSAGES" / "django.po"
REFRESH_HINT = (
    "Run `make messages`, translate the new entries in {path} and commit django.po and django.mo."
)

# A printf directive as Python's % operator reads it; "%%" is a literal percent sign.
PRINTF_DIRECTIVE = re.compile(
    r"%(?:%|(?:\(\w+\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa])"
)
NAMED_DIRECTIVE = re.compile(r"%\(\w+\)[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa]")
BRACE_FIELD = re.compile(r"\{\w*\}")
MARKUP_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(CATALOGUE))


def live_entries(catalogue):
    return [entry for entry in catalogue if not entry.obsolete]


def translations_of(entry) -> list[str]:
    """Return every msgstr of the entry: the plural forms of a plural entry, else its one msgstr."""
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def label(entry) -> str:
    return f"{entry.msgctxt!r} | {entry.msgid!r}" if entry.msgctxt else repr(entry.msgid)


def placeholders(text: str, python_format: bool) -> tuple:
    """Return what the code fills in: named directives and brace fields as sets, positional ones in order.

    Positional directives (%s, %d) are matched by position, so their order counts; a named one may
    appear anywhere, even twice. Positional ones are read only in strings xgettext flagged as
    python-format, where a "%" is sure to be a directive and not "100% sure".
    """
    named = set(NAMED_DIRECTIVE.findall(text))
    positional = ()
    if python_format:
        positional = tuple(
            directive
            for directive in PRINTF_DIRECTIVE.findall(text)
            if directive != "%%" and not directive.startswith("%(")
        )
    return named, positional, set(BRACE_FIELD.findall(text))


def test_catalogue_header_declares_korean_with_one_plural_form(catalogue):
    assert not catalogue.metadata_is_fuzzy, "msgfmt skips a fuzzy header, and with it the charset"
    assert catalogue.metadata["Language"] == "ko"
    assert catalogue.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert catalogue.metadata["Project-Id-Version"].startswith("Dateline")


def test_every_message_is_translated_and_none_is_fuzzy(catalogue):
    problems = [f"untranslated: {label(entry)}" for entry in catalogue.untranslated_entries()]
    problems += [f"fuzzy: {label(entry)}" for entry in catalogue.fuzzy_entries()]
    assert not problems, "\n".join([REFRESH_HINT.format(path=CATALOGUE), *problems])


def test_compiled_catalogue_gives_every_translation_in_the_po(catalogue):
    """Ask Django itself, in Korean, for every message: a .mo compiled from an older .po fails."""
    stale = []
    with translation.override("ko"):
        for entry in live_entries(catalogue):
            if entry.fuzzy or not entry.translated():
                continue  # reported by the test above; msgfmt leaves these out on purpose
            expected = translations_of(entry)[0]
            if entry.msgid_plural:
                answers = {
                    translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, count)
                    if entry.msgctxt
                    else translation.ngettext(entry.msgid, entry.msgid_plural, count)
                    for count in (1, 2, 5)
                }
            elif entry.msgctxt:
                answers = {translation.pgettext(entry.msgctxt, entry.msgid)}
            else:
                answers = {translation.gettext(entry.msgid)}
            if answers != {expected}:
                stale.append(
                    f"{label(entry)}: the .mo gives {sorted(answers)!r}, the .po {expected!r}"
                )
    assert not stale, "\n".join(
        ["django.mo does not match django.po: run `make messages` and commit django.mo.", *stale]
    )


def test_translations_keep_the_placeholders_of_their_source(catalogue):
    broken = []
    for entry in live_entries(catalogue):
        python_format = "python-format" in entry.flags
        # With one Korean plural form, msgstr[0] stands for every count: it takes the plural's fields.
        source = entry.msgid_plural or entry.msgid
        wanted = placeholders(source, python_format)
        for text in translations_of(entry):
            if text and placeholders(text, python_format) != wanted:
                broken.append(f"{label(entry)} -> {text!r}")
    assert not broken, "\n".join(["These translations lose or add a placeholder:", *broken])


def test_translations_keep_the_markup_of_their_source(catalogue):
    """Keep <bdi>, <span class="required"> and named elements: the page and its styles rely on them."""
    broken = []
    for entry in live_entries(catalogue):
        wanted = sorted(MARKUP_TAG.findall(entry.msgid_plural or entry.msgid))
        for text in translations_of(entry):
            if text and sorted(MARKUP_TAG.findall(text)) != wanted:
                broken.append(f"{label(entry)} -> {text!r}")
    assert not broken, "\n".join(["These translations change the source's markup:", *broken])


def test_catalogue_has_every_message_the_code_uses(catalogue, tmp_path, monkeypatch, settings):
    """Extract the messages from a copy of the package, exactly as `make messages` would.

    The copy has its own empty locale folder, so the real catalogue is never read or written and
    the extraction is a fresh one, not a merge; it takes about as long as `makemessages` itself.
    """
    source = tmp_path / "dateline"
    shutil.copytree(
        PACKAGE_DIR, source, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "locale", "var")
    )
    (source / "locale").mkdir()
    settings.LOCALE_PATHS = [source / "locale"]
    monkeypatch.chdir(source)
    call_command(
        "makemessages", locale=["ko"], no_location=True, ignore_patterns=["tests/*"], verbosity=0
    )
    extracted = polib.pofile(str(source / "locale" / "ko" / "LC_MESSAGES" / "django.po"))
    known = {(entry.msgctxt, entry.msgid) for entry in live_entries(catalogue)}
    missing = [label(entry) for entry in extracted if (entry.msgctxt, entry.msgid) not in known]
    assert extracted, "makemessages found no message at all in the package"
    assert not missing, "\n".join(
        [
            "The Korean catalogue lacks messages the code uses.",
            REFRESH_HINT.format(path=CATALOGUE),
            *missing,
        ]
    )


def test_korean_edition_shows_its_interface_in_korean(client, korean_home):
    response = client.get(korean_home.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "ko"
    assert soup.select_one(".skip-link").get_text(strip=True) == "본문 바로가기"
