"""The security headers every reader-facing response carries, rendered live or served from a file.

Django's middleware adds them to live responses; a baked file is answered without Django (by
`dateline serve`'s front or by nginx), so those read the same list from here instead of keeping
a copy that could drift.
"""

from django.conf import settings


def public_headers() -> list[tuple[str, str]]:
    """Return the (name, value) headers a public page or file is served with."""
    return [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", settings.SECURE_REFERRER_POLICY),
        ("X-Frame-Options", settings.X_FRAME_OPTIONS),
        ("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY),
    ]
