"""Addresses of the signing key, the mirrors list, and the pages that explain them.

`urlpatterns` sit at the site root (where readers and tools look for them); `edition_urlpatterns`
are mounted under each language prefix. All are plain GETs the bake can render into files.
"""

from django.urls import path

from . import views
from .views import KEY_URL, MIRRORS_URL, VERIFIER_URL

urlpatterns = [
    path(KEY_URL[1:], views.mirror_key, name="mirror-key"),
    path(VERIFIER_URL[1:], views.verifier, name="mirror-verifier"),
    path(MIRRORS_URL[1:], views.mirrors_list, name="mirrors-json"),
    path(MIRRORS_URL[1:] + ".sig", views.mirrors_signature, name="mirrors-json-signature"),
]

edition_urlpatterns = [
    path("copies/", views.checking_copies, name="checking-copies"),
    path("reach-us/", views.other_ways, name="other-ways"),
]
