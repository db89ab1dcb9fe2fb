"""`dateline mirror verify`: the standalone checker's verdict, told in the operator's language.

The check itself is `standalone_verify.check`, the same code a mirror operator runs without
Dateline, so the two can never disagree; this module only words its report.
"""

from pathlib import Path

from django.utils.translation import gettext as _

from .standalone_verify import Report, check


def verify(copy: str, key: str | None) -> Report:
    """Check a copy; `key` may be a file holding the key or the key's text."""
    if key and Path(key).is_file():
        key = Path(key).read_text(encoding="ascii")
    return check(copy, key)


def _problem(code: str, detail: str) -> str:
    return {
        "manifest-missing": _("No manifest.json: this is not a signed copy."),
        "manifest-invalid": _("manifest.json is damaged or not a Dateline manifest."),
        "signature-missing": _("No manifest.json.sig: the copy is not signed."),
        "signature-bad": _(
            "The signature does not match: manifest.json was changed or signed by someone else."
        ),
        "other-key": _("The copy names a different key (%(key)s) from the one you gave.")
        % {"key": detail},
    }[code]


def report_lines(report: Report) -> list[str]:
    """Return one line per problem and per differing file, or the good news."""
    lines = [_problem(code, detail) for code, detail in report.problems]
    lines += [_("changed: %(path)s") % {"path": path} for path in report.changed]
    lines += [_("missing: %(path)s") % {"path": path} for path in report.missing]
    lines += [_("added: %(path)s") % {"path": path} for path in report.added]
    if report.ok:
        lines.append(
            _(
                "This copy matches what %(newsroom)s signed on %(date)s (%(files)s files, key %(key)s)."
            )
            % {
                "newsroom": report.newsroom,
                "date": report.built_at,
                "files": report.files,
                "key": report.fingerprint,
            }
        )
        if not report.pinned:
            lines.append(_("No --key given: the copy was checked against the key it names itself."))
    if not report.can_list:
        lines.append(
            _("Files added on a web server cannot be listed; only listed files were checked.")
        )
    return lines
