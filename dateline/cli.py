"""The `dateline` console script: Django's management utility with Dateline's settings."""

import os
import sys


def main() -> None:
    """Run a management command; development settings unless DJANGO_SETTINGS_MODULE says otherwise."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
