"""Example files the demo hands out, written fresh by `samverkan demo` into the data folder."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from samverkan.portfolio.importers import SystemImporter

# twenty of Laxå's smaller systems, as an IT strategist would list them in Excel
LAXA_SYSTEMS = [
    ("Alkoholhandläggning Alkt", "Bygg och miljö", "Låg", "2", "2", "1", "Ja", "Laxå: 4"),
    ("Serveringstillstånd e-tjänst", "Kommunikation och service", "Låg", "1", "2", "1", "Ja", "Laxå: 3"),
    ("Färdtjänsthandläggning", "Verksamhetssystem socialtjänst", "Medel", "3", "3", "2", "Ja", "Laxå: 6"),
    ("Bostadsanpassning", "Verksamhetssystem socialtjänst", "Medel", "3", "3", "2", "Ja", "Laxå: 3"),
    ("Överförmyndarsystem Provisum", "Ärende- och dokumenthantering", "Hög", "4", "3", "2", "Ja", "Laxå: 5; Askersund: 4"),
    ("Lönesimulering", "Personal och lön", "Låg", "2", "2", "1", "Ja", "Laxå: 3"),
    ("Rekryteringsverktyg", "Personal och lön", "Medel", "3", "2", "2", "Ja", "Laxå: 25"),
    ("Medborgarförslag e-tjänst", "Politisk administration", "Låg", "1", "2", "1", "Ja", "Laxå: 4"),
    ("Kulturskolans elevregister", "Bokning och föreningsstöd", "Låg", "2", "2", "1", "Ja", "Laxå: 6"),
    ("Föreningsregister", "Bokning och föreningsstöd", "Låg", "1", "2", "1", "Nej", "Laxå: 3"),
    ("Felanmälan gata och park", "Fastighet och teknik", "Medel", "1", "2", "2", "Ja", "Laxå: 12"),
    ("Vattenmätare insamling", "Fastighet och teknik", "Hög", "1", "3", "3", "Nej", "Laxå: 4"),
    ("Energiuppföljning fastigheter", "Fastighet och teknik", "Låg", "1", "2", "1", "Nej", "Laxå: 3"),
    ("Nyckelhantering", "Fastighet och teknik", "Medel", "2", "3", "2", "Ja", "Laxå: 8"),
    ("Skolskjutsplanering", "Elevadministration", "Medel", "2", "2", "3", "Ja", "Laxå: 4"),
    ("Modersmålsschema", "Elevadministration", "Låg", "2", "2", "1", "Ja", "Laxå: 5"),
    ("Läromedelsportal", "Pedagogiska verktyg", "Låg", "1", "1", "2", "Ja", "Laxå: 700"),
    ("Digitala nationella prov", "Pedagogiska verktyg", "Hög", "2", "3", "3", "Ja", "Laxå: 450"),
    ("Synpunktshantering", "Kommunikation och service", "Medel", "2", "2", "2", "Ja", "Laxå: 40"),
    ("Krisledningsstöd", "Kommunikation och service", "Verksamhetskritisk", "3", "3", "4", "Ja", "Laxå: 15; Hallsberg: 15; Askersund: 15; Lekeberg: 15"),
]


def write_system_import(folder: Path) -> Path:
    """An .xlsx with twenty systems for Laxå in the importer's own column layout."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "exempel-20-system-laxa.xlsx"
    header = [c.name for c in SystemImporter.columns]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "System"
    sheet.append(header)
    for name, capability, criticality, k, r, t, personal, usage in LAXA_SYSTEMS:
        values = {
            "Namn": name, "Ägare": "Laxå", "Verksamhetsområde": capability,
            "Systemägare": "Lena Nyberg", "Livscykel": "I drift", "Kritikalitet": criticality,
            "Konfidentialitet": k, "Riktighet": r, "Tillgänglighet": t,
            "Personuppgifter": personal, "Biträdesavtal": "Finns" if personal == "Ja" else "",
            "Driftform": "Leverantörens moln (SaaS)", "Användning": usage,
        }
        sheet.append([values.get(column, "") for column in header])
    workbook.save(path)
    return path
