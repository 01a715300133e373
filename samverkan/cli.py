"""The `samverkan` console command: Django's manage.py under the product's name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 (loads the settings: a mistake is reported plainly)
    except ImproperlyConfigured as exc:
        sys.exit(f"samverkan: {exc}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
