"""`samverkan import-ledger FILE --organisation KOMMUNKOD [--dry-run] [--format sie|csv|xlsx]`:
import a ledger file for finance staff and scripts. Exit status 0 when the file was imported
(or, with --dry-run, would be), 1 with a clear message on any error; nothing is stored then."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from samverkan.core.formatting import format_ore
from samverkan.core.tabular import FileRejected
from samverkan.ledger import services
from samverkan.ledger.importers import FORMATS, SIE
from samverkan.organisations.models import Organisation


class Command(BaseCommand):
    help = "Importerar en bokföringsfil (SIE 4, eller leverantörsreskontra som CSV/XLSX)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="SIE-fil (.se/.si), .csv eller .xlsx")
        parser.add_argument("--organisation", required=True,
                            help="Kommunkod (t.ex. 1860), organisationsnummer eller namn")
        parser.add_argument("--format", choices=FORMATS, help="Filformat (annars av ändelsen)")
        parser.add_argument("--dry-run", action="store_true",
                            help="Kontrollera filen utan att spara något")
        parser.add_argument("--replace", action="store_true",
                            help="Ersätt redan importerade rader för samma period")
        parser.add_argument("--user", help="Användarnamn som står som importör "
                                           "(standard: första administratören)")

    def handle(self, *args, file, organisation, format, dry_run, replace, user, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Filen {file} finns inte.")
        org = self._organisation(organisation)
        importer = self._user(user)
        try:
            with path.open("rb") as handle:
                batch = services.stage_file(importer, org, File(handle, name=path.name),
                                            fmt=format)
        except (FileRejected, PermissionDenied) as exc:
            raise CommandError(str(exc)) from None
        if batch.options.get("format") != SIE and not batch.options.get("mapping_confirmed"):
            self._confirm_suggested_mapping(importer, batch)
        # Checked whole first, as the upload page does, so every error is reported, not the
        # first one the import stops at.
        preview = services.analyse(batch)
        batch.refresh_from_db()
        if batch.errors:
            self._fail(batch.errors, batch.error_count)
        self._warnings(preview)
        if dry_run:
            self.stdout.write(self._summary(preview, "Kontrollerad (inget sparat)"))
            if preview.get("duplicate_of"):
                self.stdout.write("Filen är redan importerad; en import skulle inte lägga till något.")
            elif preview.get("overlaps"):
                self.stdout.write(f"Perioden är redan importerad: {preview['replaced_rows']} rader "
                                  "skulle ersättas (kräver --replace).")
            return
        try:
            batch = services.run_import(batch, importer, replace=replace)
        except services.NeedsReplaceConfirmation as exc:
            raise CommandError(exc.message + " Kör igen med --replace för att ersätta.") from None
        except services.LedgerImportError as exc:
            self._fail(exc.errors, batch.error_count)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        if batch.options.get("duplicate_of"):
            self.stdout.write(batch.message)
            return
        self.stdout.write(self._summary(batch.options.get("preview", {}), batch.message))

    def _organisation(self, key: str) -> Organisation:
        found = Organisation.objects.filter(municipality_code=key).first() \
            or Organisation.objects.filter(org_number=key).first() \
            or Organisation.objects.filter(name__iexact=key).first()
        if found is None:
            raise CommandError(f"Hittar ingen organisation med kommunkod, organisationsnummer "
                               f"eller namn ”{key}”.")
        return found

    def _user(self, username: str | None):
        users = get_user_model().objects.filter(is_active=True)
        found = users.filter(username=username).first() if username \
            else users.filter(is_superuser=True).order_by("pk").first()
        if found is None:
            raise CommandError(f"Hittar ingen aktiv användare ”{username}”." if username else
                               "Ange --user: det finns ingen administratör att importera som.")
        return found

    def _confirm_suggested_mapping(self, user, batch) -> None:
        from samverkan.ledger import supplier_ledger

        mapping = batch.options.get("mapping") or {}
        header = batch.options.get("header") or []
        missing = [str(f.label) for f in supplier_ledger.FIELDS
                   if f.required and mapping.get(f.name) is None]
        if missing:
            raise CommandError(
                "Kolumnerna känns inte igen (saknas: " + ", ".join(missing) + "). Bekräfta "
                "kolumnerna en gång genom att ladda upp filen i webbgränssnittet; därefter "
                "känns layouten igen.")
        services.confirm_mapping(user, batch, mapping)
        used = ", ".join(f"{f.label} = ”{header[mapping[f.name]]}”" for f in supplier_ledger.FIELDS
                         if mapping.get(f.name) is not None)
        self.stdout.write(f"Kolumner: {used}")

    def _summary(self, preview: dict, headline: str) -> str:
        period = preview.get("period") or ["?", "?"]
        matched = sum(int(v) for v in (preview.get("matched") or {}).values())
        return (f"{headline}\n"
                f"Rader: {preview.get('rows', 0)}, period {period[0]} – {period[1]}\n"
                f"Matchade mot avtal: {preview.get('matched_rows', 0)} rader, "
                f"{format_ore(matched)}\n"
                f"Omatchade IT-rader: {preview.get('unmatched_it_rows', 0)}")

    def _warnings(self, preview: dict) -> None:
        meta = preview.get("meta") or {}
        for warning in meta.get("warnings") or []:
            where = f"rad {warning['row']}" if warning.get("row") else "filen"
            self.stdout.write(f"Varning, {where}: {warning['message']}")
        hidden = (meta.get("warning_count") or 0) - len(meta.get("warnings") or [])
        if hidden > 0:
            self.stdout.write(f"… och {hidden} varningar till.")

    def _fail(self, errors: list[dict], count: int):
        for error in errors[:50]:
            where = f"rad {error['row']}" if error.get("row") else "filen"
            column = f", {error['column']}" if error.get("column") else ""
            self.stderr.write(f"{where}{column}: {error['message']}")
        if count > 50:
            self.stderr.write(f"… och {count - 50} fel till.")
        raise CommandError(f"Filen har {count or len(errors)} fel och har inte importerats; "
                           "inget har sparats.")
