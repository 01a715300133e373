"""The benchmarking demo: the installation's IT cost categories (every IT cost category of the
ledger, with what each holds), so the four Sydnärke municipalities' 2021 ledgers give their IT
cost per inhabitant, per user and per system, their rank and the median at
/analys/jamforelse/?ar=2021; and a key-figure file from another (made-up) installation,
imported through the real importer, shown beside them as external.

The external figures are illustrative, not any real municipality's. `load()` is idempotent."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from samverkan.analysis.keyfigures import ExternalKeyFigureImporter
from samverkan.analysis.models import ExternalKeyFigure, ITCostCategory
from samverkan.core import exports, imports
from samverkan.core import services as core_services
from samverkan.ledger.models import CostCategory

CATEGORIES = [
    (CostCategory.LICENCES, "Licenser och programvara",
     "Licenser, underhåll och programvaror (Kommun-Bas 6450–6459)."),
    (CostCategory.SAAS, "SaaS och IT-tjänster",
     "Molntjänster och köpta IT-tjänster (7460–7469)."),
    (CostCategory.OPERATIONS, "Drift och hosting", "Driftavtal och hosting (7470–7479)."),
    (CostCategory.CONSULTANTS, "IT-konsulter", "Konsulttjänster inom IT (7430–7439)."),
    (CostCategory.TELECOM, "Tele och datakommunikation", "Telefoni och nät (6810–6829)."),
    (CostCategory.HARDWARE, "Datorer och kringutrustning",
     "Förbrukningsinventarier för IT (6410–6419)."),
]
SOURCE = "Bergslagens IT-samverkan (exempel)"
EXTERNAL = [  # municipality, code, year, IT cost kr, population, users, systems
    ("Nora", "1884", 2021, "712 000,00", 10_700, 2_100, 38),
    ("Lindesberg", "1885", 2021, "1 905 000,00", 23_600, 4_300, 61),
    ("Ljusnarsberg", "1864", 2021, "402 500,00", 4_800, 900, 29),
]
HEADER = ["Installation", "Exportdatum", "Kommun", "Kommunkod", "År", "IT-kostnad (kr)",
          "Folkmängd", "Folkmängd år", "Användare", "System"]


def load() -> dict:
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None:
        return {}
    for category, name, definition in CATEGORIES:
        if not ITCostCategory.objects.filter(ledger_category=category,
                                             archived_at__isnull=True).exists():
            core_services.save_record(admin, ITCostCategory(
                name=name, ledger_category=category, definition=definition))
    imported = 0
    if not ExternalKeyFigure.objects.filter(source_installation=SOURCE).exists():
        rows = [[SOURCE, "2022-03-01", name, code, year, cost, people, year, users, systems]
                for name, code, year, cost, people, users, systems in EXTERNAL]
        with exports.write_xlsx(HEADER, rows, "Nyckeltal") as handle:
            upload = SimpleUploadedFile("nyckeltal-bergslagen.xlsx", handle.read())
        batch = imports.stage(admin, ExternalKeyFigureImporter, upload)
        imports.commit(ExternalKeyFigureImporter(admin), batch)
        imported = batch.created_count
    return {"categories": ITCostCategory.objects.filter(archived_at__isnull=True).count(),
            "external": imported}
