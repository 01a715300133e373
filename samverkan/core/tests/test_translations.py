"""The English translation: a complete catalogue, compiled and in step with its .po file, and pages
that speak English only when the user has chosen it with the language switch."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from samverkan.portfolio.models import System
from samverkan.testing.factories import ContractFactory, ManagementObjectFactory, SystemFactory

MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|%%|\{\w*\}")


def read_catalogue(path: Path) -> list[dict]:
    """The live entries of a .po file (obsolete ones left out) as dicts of keyword → text, plus
    their flags. Good enough for the files makemessages writes; not a general .po parser."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip()):
        entry, current = {"flags": set()}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry[current] += ast.literal_eval(line)
            else:
                current, _space, text = line.partition(" ")
                entry[current] = ast.literal_eval(text)
        if "msgid" in entry:
            entries.append(entry)
    return entries


def translations(entry: dict) -> list[str]:
    return [text for key, text in entry.items() if key.startswith("msgstr")]


@pytest.fixture(scope="module")
def catalogue():
    return read_catalogue(MESSAGES / "django.po")


def test_the_english_catalogue_is_complete(catalogue):
    messages = [entry for entry in catalogue if entry["msgid"]]
    assert len(messages) > 1000
    assert [e["msgid"] for e in catalogue if "fuzzy" in e["flags"]] == []
    assert [e["msgid"] for e in messages if not all(translations(e))] == []
    plurals = [e for e in messages if "msgid_plural" in e]
    assert plurals and all({"msgstr[0]", "msgstr[1]"} <= e.keys() for e in plurals)


def test_the_header_says_english_with_two_plural_forms(catalogue):
    header = catalogue[0]
    assert header["msgid"] == ""
    assert "Language: en\n" in header["msgstr"]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header["msgstr"]


def test_translations_keep_every_placeholder(catalogue):
    wrong = []
    for entry in catalogue[1:]:
        singular, plural = entry["msgid"], entry.get("msgid_plural", entry["msgid"])
        for key, text in entry.items():
            if not key.startswith("msgstr"):
                continue
            source = plural if key == "msgstr[1]" else singular
            # a singular may leave out the count ("one row" for "%(n)s row"), never add one
            allowed = [sorted(PLACEHOLDER.findall(source)), sorted(PLACEHOLDER.findall(plural))]
            if sorted(PLACEHOLDER.findall(text)) not in allowed and not (
                    key == "msgstr[0]" and set(PLACEHOLDER.findall(text)) <= set(allowed[1])):
                wrong.append((entry["msgid"], text))
    assert wrong == []


def test_the_compiled_catalogue_matches_the_po_file(catalogue):
    """The .mo is committed (a fresh machine may lack gettext): it must be compiled from the
    current .po, or the English UI silently shows Swedish for new strings."""
    with open(MESSAGES / "django.mo", "rb") as compiled:
        mo = gettext.GNUTranslations(compiled)
    stale = []
    for entry in catalogue[1:]:
        context = entry.get("msgctxt")
        if "msgid_plural" in entry:
            got = [mo.npgettext(context, entry["msgid"], entry["msgid_plural"], n) if context
                   else mo.ngettext(entry["msgid"], entry["msgid_plural"], n) for n in (1, 2)]
        else:
            got = [mo.pgettext(context, entry["msgid"]) if context else mo.gettext(entry["msgid"])]
        if got != translations(entry):
            stale.append(entry["msgid"])
    assert stale == []


def test_django_loads_the_english_catalogue():
    with translation.override("en"):
        assert translation.gettext("Förvaltningsobjekt") == "Management object"
        assert translation.pgettext("flera", "Förvaltningsobjekt") == "Management objects"
        assert translation.ngettext("%(months)s månad", "%(months)s månader", 3) % {"months": 3} \
            == "3 months"
        assert str(System.Lifecycle.ACTIVE.label) == "In operation"
    with translation.override("sv"):
        assert str(System.Lifecycle.ACTIVE.label) == "I drift"


# -- pages ------------------------------------------------------------------------------------

@pytest.fixture
def english(editor, client_for):
    client = client_for(editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.django_db
def test_the_dashboard_speaks_english_when_english_is_chosen(english):
    page = english.get(reverse("portfolio:dashboard")).content.decode()
    assert '<html lang="en">' in page
    assert ">Overview</a>" in page and ">Systems</a>" in page and ">Management objects</a>" in page
    assert "Overview: is the IT environment documented and governed?" in page
    assert "Översikt" not in page and "Förvaltningsobjekt" not in page


@pytest.mark.django_db
def test_the_system_list_speaks_english_when_english_is_chosen(english, laxa):
    SystemFactory(name="Ekonomisystemet", organisation=laxa, lifecycle=System.Lifecycle.ACTIVE)
    page = english.get(reverse("portfolio:systems")).content.decode()
    assert "Ekonomisystemet" in page  # data stay as they were entered
    assert "In operation" in page and "Lifecycle" in page and "Owning organisation" in page
    assert "I drift" not in page and "Livscykel" not in page


@pytest.mark.django_db
def test_one_system_is_a_system_and_the_register_of_them_systems(english, laxa):
    """Swedish "System" is both singular and plural: a column of one system per row reads
    "System" in English, the menu and the count of an organisation's systems "Systems"."""
    managed = ManagementObjectFactory(organisation=laxa)
    SystemFactory(name="Ekonomisystemet", organisation=laxa, management_object=managed)
    page = english.get(managed.get_absolute_url()).content.decode()
    assert '<th scope="col">System</th>' in page and '<th scope="col">Systems</th>' not in page
    assert ">Systems</a>" in page
    page = english.get(laxa.get_absolute_url()).content.decode()
    assert "<dt>Systems</dt>" in page and "<dt>Management objects</dt>" in page
    assert ">Initiatives</a>" in page


def test_words_that_are_one_or_many_in_swedish_have_both_forms_in_english():
    with translation.override("en"):
        assert translation.gettext("Mål") == "Goal"
        assert translation.pgettext("flera", "Mål") == "Goals"
        assert translation.pgettext("målvärde", "Mål") == "Target"
        assert translation.gettext("Initiativ") == "Initiative"
        assert translation.pgettext("initiativ", "Steg") == "Stage"  # not a scenario's step
        assert translation.gettext("Steg") == "Step"
        assert translation.pgettext("en person", "Användare") == "User"
        assert translation.gettext("Användare") == "Users"  # a number of users
        assert translation.gettext("Bedömningar") == "Assessments"  # the TIME rounds
        assert translation.pgettext("återstående arbete", "Bedömningar") == "Estimates"
        assert translation.pgettext("kostnad", "Per system") == "Per system"
        assert translation.gettext("Frågeformulär") == "Questionnaire"
        assert translation.pgettext("flera", "Beslut") == "Decisions"


@pytest.mark.django_db
def test_one_contract_is_a_contract_and_the_register_of_them_contracts(english, laxa):
    contract = ContractFactory(organisation=laxa)
    page = english.get(reverse("contracts:calendar")).content.decode()
    assert '<th scope="col">Contract</th>' in page and ">Contracts</a>" in page
    page = english.get(reverse("contracts:supplier", args=[contract.supplier_id])).content.decode()
    assert ">Contracts</h2>" in page


@pytest.mark.django_db
def test_the_overviews_counts_agree_with_their_number(english, laxa):
    ManagementObjectFactory(organisation=laxa)
    SystemFactory(organisation=laxa)
    page = english.get(reverse("portfolio:dashboard")).content.decode()
    assert "<div>system in the register</div>" in page
    assert "<div>management object, 0 with an object owner" in page
    assert "<div>critical systems (high or business-critical)</div>" in page  # none


@pytest.mark.django_db
def test_pages_stay_swedish_when_only_the_browser_asks_for_english(editor, client_for, laxa):
    SystemFactory(name="Ekonomisystemet", organisation=laxa, lifecycle=System.Lifecycle.ACTIVE)
    client = client_for(editor)
    dashboard = client.get(reverse("portfolio:dashboard"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    systems = client.get(reverse("portfolio:systems"), HTTP_ACCEPT_LANGUAGE="en")
    assert ">Översikt</a>" in dashboard.content.decode()
    assert "I drift" in systems.content.decode() and "In operation" not in systems.content.decode()
    assert systems["Content-Language"] == "sv"


@pytest.mark.django_db
def test_the_language_switch_sets_the_cookie_that_makes_pages_english(editor, client_for):
    client = client_for(editor)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert ">Overview</a>" in client.get("/").content.decode()
