"""Benchmarking in the permission matrix: the data added to the analysis cast, and the cases for
the pages and the API (everyone signed in reads; the installation's administrators alone define
IT cost categories and import other installations' key figures)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samverkan.analysis.keyfigures import ExternalKeyFigureImporter
from samverkan.analysis.models import ExternalKeyFigure, ITCostCategory
from samverkan.core import imports
from samverkan.core.models import ImportBatch
from samverkan.testing.cast import SIGNED_IN, SUPERUSER
from samverkan.testing.matrix import INVALID, SAVED, UNAUTHORISED, Case

from .benchmark_data import cost, define_it, people

ONLY_ROOT = frozenset({SUPERUSER})
KEY_FIGURES = ("Installation;Kommun;År;IT-kostnad (kr);Folkmängd\n"
               "Annan installation;Nora;2021;500 000,00;10 000\n")


def add_benchmarks(cast) -> None:
    define_it()
    cost(cast.orgs["own"], 56_000_00)
    cost(cast.orgs["other"], 224_000_00)
    people(cast.orgs["own"], 5_600)
    people(cast.orgs["other"], 16_000)
    imports.stage(cast.users[SUPERUSER], ExternalKeyFigureImporter,
                  SimpleUploadedFile("nyckeltal.csv", KEY_FIGURES.encode()))


def fixed(path):
    return lambda cast: path


def category_url(name):
    return lambda c: reverse(name, args=[ITCostCategory.objects.order_by("pk").first().pk])


def batch_url(c):
    batch = ImportBatch.objects.filter(kind=ExternalKeyFigureImporter.kind).first()
    return reverse("analysis:keyfigure_import_preview", args=[batch.pk])


PAGE = reverse("analysis:benchmarks")
PAGES = [
    Case("benchmarks", fixed(PAGE + "?ar=2021"), SIGNED_IN,
         shows=lambda c: ["Laxå", "Hallsberg", "Median (2 kommuner)", "10,00\u00a0kr",
                          "14,00\u00a0kr"],
         link=fixed(reverse("analysis:it_category_add")), link_roles=ONLY_ROOT),
    Case("benchmarks export", fixed(PAGE + "?export=xlsx"), SIGNED_IN),
    Case("it category add form", fixed(reverse("analysis:it_category_add")), ONLY_ROOT),
    Case("it category add", fixed(reverse("analysis:it_category_add")), ONLY_ROOT, yes=SAVED,
         method="post", data=lambda c: {"name": "Telefoni", "ledger_category": "telekom"},
         effect=lambda c: ITCostCategory.objects.filter(ledger_category="telekom").exists()),
    Case("it category edit", category_url("analysis:it_category_edit"), ONLY_ROOT, yes=SAVED,
         method="post",
         data=lambda c: {"name": "Programvara", "ledger_category": "licenser",
                         "expected_version": 1},
         effect=lambda c: ITCostCategory.objects.filter(name="Programvara").exists()),
    Case("it category archive", category_url("analysis:it_category_archive"), ONLY_ROOT,
         yes=SAVED, method="post", data=lambda c: {"expected_version": 1},
         effect=lambda c: ITCostCategory.objects.filter(archived_at__isnull=False).exists()),
    Case("key figure import", fixed(reverse("analysis:keyfigure_import")), ONLY_ROOT),
    Case("key figure import preview", batch_url, ONLY_ROOT, shows=lambda c: ["Nora 2021"]),
    Case("key figure import commit", batch_url, ONLY_ROOT, yes=SAVED, method="post",
         data=lambda c: {},
         effect=lambda c: ExternalKeyFigure.objects.filter(municipality_name="Nora").exists()),
]

API = [
    Case("benchmarks api", fixed("/api/benchmarks/?year=2021"), SIGNED_IN,
         anonymous=UNAUTHORISED,
         shows=lambda c: ['"median_per_inhabitant":"12.00"', '"rank_per_inhabitant":1',
                          '"outcome_ore":5600000']),
    Case("benchmarks api, bad year", fixed("/api/benchmarks/?year=x"), frozenset(),
         no=INVALID, anonymous=UNAUTHORISED),
]
