"""The security headers every reader-facing response carries, rendered live or served from a file.

Django's middleware adds them to live responses; a baked file is answered without Django (by
`dateline serve`'s front or by nginx), so those read the same list from here instead of keeping
a copy that could drift. The reader's Content-Security-Policy is written out here, in a fixed
order, so the header on a live page is byte for byte the one on its baked file; the admin's
stricter-than-default policy is django-csp's, from CONTENT_SECURITY_POLICY.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.urls import reverse


def reader_content_security_policy() -> str:
    """Return the readers' Content-Security-Policy: DATELINE_READER_CSP, directives in order."""
    return "; ".join(
        f"{directive} {' '.join(sources)}".strip()
        for directive, sources in settings.DATELINE_READER_CSP.items()
    )


def public_headers() -> list[tuple[str, str]]:
    """Return the (name, value) headers a public page or file is served with."""
    return [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", settings.SECURE_REFERRER_POLICY),
        ("X-Frame-Options", settings.X_FRAME_OPTIONS),
        ("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY),
        ("Content-Security-Policy", reader_content_security_policy()),
        ("Permissions-Policy", settings.DATELINE_PERMISSIONS_POLICY),
    ]


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """Give reader responses the public policy and the admin django-csp's, and every response a
    Permissions-Policy.

    A response that already carries a policy keeps it (Wagtail's document view sends
    `default-src 'none'` with each document).
    """

    def process_response(self, request, response):
        if not request.path_info.startswith(reverse("wagtailadmin_home")):
            response.headers.setdefault("Content-Security-Policy", reader_content_security_policy())
        response.headers.setdefault("Permissions-Policy", settings.DATELINE_PERMISSIONS_POLICY)
        return super().process_response(request, response)
