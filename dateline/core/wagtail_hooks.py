"""Admin additions every app shares: the log-in lock-out listing (see lockouts.py)."""

from wagtail import hooks

from .lockouts import LockoutViewSet


@hooks.register("register_admin_viewset")
def register_lockouts():
    return LockoutViewSet("login_lockouts")
