"""The decision basis as a document: every part in PowerPoint and Excel with the figures the
services compute (read back with python-pptx and openpyxl), one municipality's basis holding its
own consequences alone, and a contract's price under secrecy – its contracted amount and what the
ledger booked on it – never in a basis made for someone outside the contract, in any format, nor
anything in it that depends on the price."""

from decimal import Decimal

import pytest

from samverkan.analysis.services import calculations
from samverkan.core.formatting import format_ore, ore_to_kronor
from samverkan.reports import basis as bases
from samverkan.reports import registry, services
from samverkan.reports.pack import cell_text

from .basis_world import SECRET_COST_ORE, SECRET_ORE
from .helpers import pptx_tables, slide_texts, slides, xlsx_sheets

pytestmark = pytest.mark.django_db
KIND = "decision-basis"


def make(user, world, fmt, member=None):
    params = {"item": str(world.item.pk)}
    if member is not None:
        params["member"] = str(member.pk)
    subject = registry.kind(KIND).resolve(user, params)
    return services.document(user, KIND, subject, fmt=fmt)


def money(value) -> str:
    return cell_text(value, registry.MONEY)


def test_the_powerpoint_holds_every_part_with_the_services_figures(basis_world, coop_editor):
    world = basis_world
    pack, deck = make(coop_editor, world, "pptx")
    assert [part.key for part in pack.sections] == [
        "arende", "bakgrund", "nulage", "alternativ", "konsekvenser", "risker", "forslag",
        "bilagor"]
    texts = "\n".join(slide_texts(deck))
    for text in ("Ska kommunerna ha en gemensam lärplattform?", "Båda kommunerna har egna avtal.",
                 "Styrgruppen beslutar att upphandla gemensamt.", "Estimat", "Riskkarta",
                 "Slutrapport", "Kommunerna enas inte", "Gemensam kravbild"):
        assert text in texts, text
    tables = pptx_tables(deck)
    result = bases.consequences(world.basis)
    rows = tables["Konsekvenser per kommun"]
    assert rows[0] == ["Kommun", "Andel av projektbudget", "Andel av förvaltningsbudget",
                       "Kostnad", "Nyttor", "Besparing", "Netto"]
    expected = [*result.rows, result.total()]
    assert rows[1:] == [[r.name, *[money(s) for s in r.shares], money(r.cost_ore),
                         money(r.benefit_ore), money(r.saving_ore), money(r.net_ore)]
                        for r in expected]
    summary = calculations.summary(world.scenario)
    steps = tables["Alternativ och besparing"]
    assert steps[-1][2:] == [money(summary.total_ore),
                             *[money(v) for v in summary.per_member.values()]]
    assert tables["System"][1] == ["Lärplattformen", "", "Laxå", "I drift", "200"]
    assert tables["Användare per organisation"][1:] == [["Hallsberg", "80"], ["Laxå", "120"],
                                                        ["Summa", "200"]]
    chart = next(shape.chart for slide in slides(deck) for shape in slide.shapes
                 if shape.has_chart and slide.shapes.title.text == "Kostnad och nytta per kommun")
    assert list(chart.plots[0].categories) == [r.name for r in result.rows]
    assert [list(s.values) for s in chart.plots[0].series] == [
        [float(ore_to_kronor(r.cost_ore)) for r in result.rows],
        [float(ore_to_kronor(r.benefit_ore + r.saving_ore)) for r in result.rows]]


def test_the_workbook_holds_the_figures_in_kronor_to_the_ore(basis_world, coop_editor):
    world = basis_world
    _pack, book = make(coop_editor, world, "xlsx")
    sheets = xlsx_sheets(book)
    result = bases.consequences(world.basis)
    # as Excel holds them: numbers, read back to the öre
    rows = [[row[0], *[Decimal(str(v)) for v in row[1:]]]
            for row in sheets["Konsekvenser per kommun"][1:]]
    expected = [*result.rows, result.total()]
    assert rows == [(lambda r: [r.name, *[ore_to_kronor(s) for s in r.shares],
                                ore_to_kronor(r.cost_ore), ore_to_kronor(r.benefit_ore),
                                ore_to_kronor(r.saving_ore), ore_to_kronor(r.net_ore)])(r)
                    for r in expected]
    # the shares are the initiative's split: they sum to the budgets exactly
    assert rows[-1][1:3] == [ore_to_kronor(1_000_000_01), ore_to_kronor(300_000_00)]
    assert sum(row[1] for row in rows[:-1]) == rows[-1][1]


def test_one_municipalitys_basis_holds_its_own_consequences_alone(basis_world, coop_editor):
    world = basis_world
    own = {r.name: r for r in bases.consequences(world.basis).rows}["Hallsberg"]
    for fmt in ("pptx", "xlsx", "html"):
        pack, content = make(coop_editor, world, fmt, member=world.hallsberg)
        table = pack.section("konsekvenser").content.tables[0]
        assert [row[0] for row in table.all_rows] == ["Hallsberg"]
        assert table.all_rows[0][-1] == own.net_ore
        steps = pack.section("alternativ").content.tables[0]
        assert [c.title for c in steps.columns][3:] == ["Besparing för Hallsberg"]
        users = pack.section("nulage").content.tables[1]
        assert users.all_rows == [["Hallsberg", 80]]
    laxa = {r.name: r for r in bases.consequences(world.basis).rows}["Laxå"]
    _pack, deck = make(coop_editor, world, "pptx", member=world.hallsberg)
    rows = pptx_tables(deck)["Konsekvenser per kommun"]
    assert [row[0] for row in rows[1:]] == ["Hallsberg"]
    assert money(laxa.cost_ore) not in "\n".join(slide_texts(deck))
    sheets = xlsx_sheets(make(coop_editor, world, "xlsx", member=world.hallsberg)[1])
    assert [row[0] for row in sheets["Konsekvenser per kommun"][1:]] == ["Hallsberg"]


# -- confidentiality ----------------------------------------------------------------------------


def texts(user, world, member=None) -> dict[str, str]:
    out = {}
    for fmt in ("pptx", "xlsx", "html"):
        content = make(user, world, fmt, member)[1]
        if fmt == "pptx":
            out[fmt] = "\n".join(slide_texts(content))
        elif fmt == "xlsx":
            out[fmt] = repr(xlsx_sheets(content))
        else:
            out[fmt] = content.decode()
    return out


def shows(shown: dict[str, str], ore: int) -> dict[str, bool]:
    kronor = ore_to_kronor(ore)
    return {"pptx": format_ore(ore) in shown["pptx"],
            "xlsx": repr(kronor) in shown["xlsx"] or str(float(kronor)) in shown["xlsx"],
            "html": format_ore(ore) in shown["html"]}


ALL = {"pptx": True, "xlsx": True, "html": True}
NONE = {"pptx": False, "xlsx": False, "html": False}


def test_the_contract_owners_users_see_the_price_and_the_booked_cost(basis_world, reader,
                                                                     superuser):
    for user in (reader, superuser):
        shown = texts(user, basis_world)
        assert shows(shown, SECRET_ORE) == ALL
        assert shows(shown, SECRET_COST_ORE) == ALL


@pytest.mark.parametrize("who", ["outsider", "coop_editor"])
def test_no_one_outside_the_contract_sees_them_in_any_format(basis_world, who, request):
    user = request.getfixturevalue(who)
    for member in (None, basis_world.laxa, basis_world.hallsberg):
        shown = texts(user, basis_world, member)
        assert shows(shown, SECRET_ORE) == NONE
        assert shows(shown, SECRET_COST_ORE) == NONE
        assert "Avtal vars priser omfattas av sekretess ingår inte i kostnaden." in shown["html"]


def test_nothing_in_an_outsiders_basis_depends_on_the_price(basis_world, coop_editor):
    world = basis_world
    before = texts(coop_editor, world)
    world.party.annual_amount_ore = 1
    world.party.save()
    world.summary.amount_ore = 7
    world.summary.save()
    assert texts(coop_editor, world) == before
    world.party.annual_amount_ore = None
    world.party.save()
    world.summary.delete()
    assert texts(coop_editor, world) == before


def test_a_basis_with_the_price_is_issued_for_its_maker_alone(basis_world, reader, coop_editor):
    world = basis_world
    subject = registry.kind(KIND).resolve(reader, {"item": str(world.item.pk)})
    issued = services.issue(reader, subject, fmt="xlsx", kind=KIND)
    assert issued.contains_confidential
    assert list(services.visible_issued(coop_editor)) == []
    subject = registry.kind(KIND).resolve(coop_editor, {"item": str(world.item.pk)})
    own = services.issue(coop_editor, subject, fmt="xlsx", kind=KIND)
    assert not own.contains_confidential
