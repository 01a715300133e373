"""`samverkan report KIND --PARAM VALUE … --format pptx|xlsx|html --output FILE
[--sections a,b,…] [--user USERNAME] [--issue]`: any report from the command line, so that it can
be scheduled, e.g. `samverkan report steering-pack --meeting ID …` before each meeting. Each
document kind has its own parameters naming its subject. The report holds what --user may see
(default: the first administrator); --issue also keeps it among the issued reports."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from samverkan.reports import pack as packs
from samverkan.reports import registry, services


class Command(BaseCommand):
    help = "Tar fram rapporter, t.ex. styrgruppspaketet för ett möte."

    def add_arguments(self, parser):
        kinds = parser.add_subparsers(dest="kind", required=True)
        for spec in registry.kinds():
            sub = kinds.add_parser(spec.key, help=str(spec.label()))
            for name in spec.params:
                sub.add_argument(f"--{name}", required=True, dest=f"param_{name}")
            sub.add_argument("--format", choices=packs.FORMATS, default="pptx")
            sub.add_argument("--output", required=True, help="Filen som skrivs.")
            sub.add_argument("--sections", default="", help="Avsnitt, kommaseparerade: " + ", ".join(
                s.key for s in registry.sections(spec.key)))
            sub.add_argument("--user", default="",
                             help="Användaren vars behörighet rapporten följer.")
            sub.add_argument("--issue", action="store_true",
                             help="Spara rapporten bland utfärdade rapporter.")

    def handle(self, *args, kind, format, output, sections, user, issue, **options):
        spec = registry.kind(kind)
        reader = self._user(user)
        params = {name: str(options[f"param_{name}"]) for name in spec.params}
        try:
            subject = spec.resolve(reader, params)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(" ".join(_messages(exc))) from None
        if subject is None:
            named = ", ".join(f"{k} {v}" for k, v in params.items())
            raise CommandError(f"{named} finns inte eller får inte läsas av {reader}.")
        keys = [key.strip() for key in sections.split(",") if key.strip()]
        unknown = [key for key in keys if key not in {s.key for s in registry.sections(kind)}]
        if unknown:
            raise CommandError(f"Okända avsnitt: {', '.join(unknown)}.")
        try:
            if issue:
                content = bytes(services.issue(reader, subject, keys, format, kind=kind).content)
            else:
                content = services.document(reader, kind, subject, keys, format)[1]
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


def _messages(exc) -> list[str]:
    if isinstance(exc, ValidationError):
        return [str(m) for m in exc.messages]
    return [str(exc)]
