"""`dateline maintenance`: when each daily duty last ran and how it went, or run the due ones now."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dateline.core.maintenance import daily_duties, run_due_maintenance
from dateline.core.models import MaintenanceRun


class Command(BaseCommand):
    help = gettext_lazy(
        "Show when each daily maintenance duty of the background worker last ran, how it went "
        "and when it is next due."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--run-due",
            action="store_true",
            help=gettext_lazy("Run the duties that are due now, as the worker would."),
        )

    def handle(self, *args, run_due, **options):
        if run_due:
            for name in run_due_maintenance():
                self.stdout.write(_("Ran %(duty)s.") % {"duty": name})
        runs = {run.name: run for run in MaintenanceRun.objects.all()}
        for name, _duty in daily_duties():
            run = runs.get(name)
            if run is None or run.last_started_at is None:
                self.stdout.write(_("%(duty)s: never run yet.") % {"duty": name})
                continue
            outcome = {True: _("done"), False: _("failed")}.get(run.last_succeeded, _("running"))
            self.stdout.write(
                _("%(duty)s: %(outcome)s at %(started)s (%(detail)s); next due %(due)s.")
                % {
                    "duty": name,
                    "outcome": outcome,
                    "started": f"{run.last_started_at:%Y-%m-%d %H:%M}",
                    "detail": run.last_outcome or "-",
                    "due": f"{run.next_due_at:%Y-%m-%d %H:%M}",
                }
            )
