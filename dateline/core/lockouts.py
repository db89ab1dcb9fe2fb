"""Admin log-in lock-outs (django-axes): what a locked-out user is told, and how an admin unlocks.

Axes counts failed log-ins per account and per client address (read by the comments app's
`client_address`, the one reader of addresses, through AXES_CLIENT_IP_CALLABLE) in the database,
so no cache server is needed. Once either count reaches AXES_FAILURE_LIMIT, log-ins from that
account or address are refused for AXES_COOLOFF_TIME, counted from the last failed try. The
log-in page then says so and for how long; an administrator lifts a lock-out from Settings →
Log-in lock-outs, or with `dateline axes_reset_username NAME` / `axes_reset_ip ADDRESS`.
"""

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.views.account import LoginView
from wagtail.admin.views.generic.models import DeleteView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import ListingButton


def lockout_minutes() -> int:
    """Return how long a lock-out lasts, in whole minutes (at least one)."""
    return max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def locked_out(request, original_response=None, credentials=None) -> TemplateResponse:
    """Answer a locked-out log-in with the log-in page, saying why it refused and for how long.

    The lock-out runs from this very try, since a try during a lock-out starts it again
    (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT), so "N minutes from now" is exact.
    """
    minutes = lockout_minutes()
    messages.error(
        request,
        ngettext(
            "Too many failed log-ins: this account or your address is locked out for %(minutes)d "
            "minute. Try again after it, or ask an administrator to unlock it.",
            "Too many failed log-ins: this account or your address is locked out for %(minutes)d "
            "minutes. Try again after them, or ask an administrator to unlock it.",
            minutes,
        )
        % {"minutes": minutes},
    )
    username = (credentials or {}).get(get_user_model().USERNAME_FIELD, "")
    view = LoginView()
    view.setup(request)
    form = view.get_form_class()(request, initial={"username": username})
    response = TemplateResponse(
        request,
        view.template_name,
        view.get_context_data(form=form),
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    return response.render()


class LockoutIndexView(IndexView):
    """Failed log-ins by account and address, each with an Unlock button instead of Edit/Delete."""

    def get_base_queryset(self):
        return AccessAttempt.objects.order_by("-attempt_time")

    def get_list_more_buttons(self, instance):
        return [
            ListingButton(
                _("Unlock"), url=self.get_delete_url(instance), icon_name="lock-open", priority=10
            )
        ]


class UnlockView(DeleteView):
    """Lift the lock-out: forget every failed try of the account and of the address."""

    page_title = _("Unlock")
    template_name = "core/admin/unlock.html"

    def _names(self) -> dict:
        return {"username": self.object.username or "", "address": self.object.ip_address or ""}

    @property
    def confirmation_message(self):
        return (
            _(
                "Forget the failed log-ins of the account “%(username)s” and of the address "
                "%(address)s, so that they can log in again?"
            )
            % self._names()
        )

    def get_success_message(self):
        return _("The account “%(username)s” and the address %(address)s may log in again.") % (
            self._names()
        )

    def delete_action(self):
        reset(ip=self.object.ip_address, username=self.object.username, ip_or_username=True)


class LockoutViewSet(ModelViewSet):
    """Settings → Log-in lock-outs: for administrators (who alone hold axes' permissions)."""

    model = AccessAttempt
    icon = "lock"
    menu_label = _("Log-in lock-outs")
    menu_name = "login-lockouts"
    url_prefix = "login-lockouts"
    add_to_settings_menu = True
    index_view_class = LockoutIndexView
    delete_view_class = UnlockView
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    copy_view_enabled = False

    def get_common_view_kwargs(self, **kwargs):
        # Attempts are only ever listed and forgotten: no add, edit, history or usage pages.
        return super().get_common_view_kwargs(
            add_url_name=None,
            edit_url_name=None,
            history_url_name=None,
            usage_url_name=None,
            **kwargs,
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(f"delete/<{self.pk_path_converter}:pk>/", self.delete_view, name="delete"),
        ]
