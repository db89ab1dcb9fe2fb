"""The public key, the standalone checker, the signed mirrors list, and the pages explaining them."""

from pathlib import Path

from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse

from . import mirrors
from .mirror import signing

# Stable addresses: readers pin the key from here, and tools fetch the list and the checker.
KEY_URL = "/.well-known/dateline-mirror-key.txt"
VERIFIER_URL = "/.well-known/dateline_verify.py"
MIRRORS_URL = "/mirrors.json"
VERIFIER_SOURCE = Path(__file__).parent / "mirror" / "standalone_verify.py"


def mirror_key(request):
    """Answer the newsroom's public key as PEM, for readers and mirror operators to pin."""
    key = signing.load_public_key()
    if key is None:
        raise Http404("No mirror signing key yet.")
    return HttpResponse(signing.public_pem(key), content_type="text/plain; charset=utf-8")


def verifier(request):
    """Answer the single-file checker, so an operator can fetch it from the site it checks."""
    return HttpResponse(VERIFIER_SOURCE.read_bytes(), content_type="text/plain; charset=utf-8")


def mirrors_list(request):
    return HttpResponse(mirrors.mirrors_json(), content_type="application/json")


def mirrors_signature(request):
    """Answer the detached Ed25519 signature of /mirrors.json (base64), made with the mirror key."""
    try:
        key = signing.load_private_key()
    except signing.SigningKeyError:
        raise Http404("No mirror signing key yet.") from None
    return HttpResponse(
        signing.sign(mirrors.mirrors_json(), key), content_type="text/plain; charset=utf-8"
    )


def checking_copies(request):
    """Explain, in the edition's language, how to check a copy and which key to trust."""
    key = signing.load_public_key()
    context = {
        "key_url": KEY_URL,
        "verifier_url": VERIFIER_URL,
        "key_pem": signing.public_pem(key).decode("ascii") if key else "",
        "key_base64": signing.raw_base64(key) if key else "",
        "fingerprint": signing.fingerprint(key) if key else "",
    }
    return TemplateResponse(request, "publish/checking_copies.html", context)


def other_ways(request):
    """List the onion address and the mirrors, with the signed list for tools."""
    context = {"alternatives": mirrors.alternatives(), "mirrors_url": MIRRORS_URL}
    return TemplateResponse(request, "publish/other_ways.html", context)
