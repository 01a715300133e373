"""`samverkan report steering-pack --meeting ID --format pptx|xlsx|html --output FILE
[--sections omslag,timmar,…] [--user USERNAME] [--issue]`: the steering pack of a meeting from
the command line, so that it can be scheduled before each meeting. The pack holds what --user
may see (default: the first administrator); --issue also keeps it among the issued reports."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from samverkan.planning.models import Meeting
from samverkan.reports import pack as packs
from samverkan.reports import registry, services


class Command(BaseCommand):
    help = "Tar fram rapporter, t.ex. styrgruppspaketet för ett möte."

    def add_arguments(self, parser):
        kinds = parser.add_subparsers(dest="kind", required=True)
        steering = kinds.add_parser("steering-pack", help="Styrgruppspaketet för ett möte.")
        steering.add_argument("--meeting", type=int, required=True, help="Mötets id.")
        steering.add_argument("--format", choices=packs.FORMATS, default="pptx")
        steering.add_argument("--output", required=True, help="Filen som skrivs.")
        steering.add_argument("--sections", default="",
                              help="Avsnitt, kommaseparerade: " + ", ".join(
                                  s.key for s in registry.sections()))
        steering.add_argument("--user", default="",
                              help="Användaren vars behörighet paketet följer.")
        steering.add_argument("--issue", action="store_true",
                              help="Spara paketet bland utfärdade rapporter.")

    def handle(self, *args, meeting, format, output, sections, user, issue, **options):
        reader = self._user(user)
        found = Meeting.objects.for_user(reader).filter(pk=meeting).first()
        if found is None:
            raise CommandError(f"Mötet {meeting} finns inte eller får inte läsas av {reader}.")
        keys = [key.strip() for key in sections.split(",") if key.strip()]
        unknown = [key for key in keys if key not in {s.key for s in registry.sections()}]
        if unknown:
            raise CommandError(f"Okända avsnitt: {', '.join(unknown)}.")
        try:
            if issue:
                content = bytes(services.issue(reader, found, keys, format).content)
            else:
                content = services.steering_pack(reader, found, keys, format)[1]
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        Path(output).write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"Skrev {output} ({len(content)} byte)."))

    @staticmethod
    def _user(username: str):
        users = get_user_model().objects.filter(is_active=True)
        reader = (users.filter(username=username) if username else
                  users.filter(is_superuser=True).order_by("pk")).first()
        if reader is None:
            raise CommandError(f"Ingen aktiv användare {username}." if username else
                               "Ingen administratör finns; ange --user.")
        return reader
