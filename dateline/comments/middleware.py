"""Send a moderator who opens the admin's dashboard to the comment queue instead.

Wagtail's dashboard shows pages to review and recent edits; for someone whose whole job in the
admin is comments it is an empty page, and Wagtail offers no hook to choose another landing page
after log-in. So the dashboard's address itself sends them on, only them, and only on GET.
"""

from django.shortcuts import redirect
from django.urls import reverse

from .admin_forms import queue_url
from .roles import moderates_only


class ModeratorLandingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The address is checked first: reading the user reads the session, which would make
        # every public page vary on the cookie.
        if (
            request.method == "GET"
            and request.path == reverse("wagtailadmin_home")
            and request.user.is_authenticated
            and moderates_only(request.user)
        ):
            return redirect(queue_url())
        return self.get_response(request)
