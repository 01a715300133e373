"""The demo's meeting of 2022-11-29 gives the seed deck's steering pack: its agenda, the
activities since the last meeting, the external consultant hours and the risk table, read back
from the PowerPoint and the workbook and checked against the planning follow-up."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from samverkan.demo import finance, sydnarke
from samverkan.demo import planning as demo
from samverkan.organisations.services import load_reference_data
from samverkan.planning import followup
from samverkan.planning.models import Meeting, Plan
from samverkan.portfolio.services import load_capabilities
from samverkan.reports import pack as packs
from samverkan.reports import registry, render_pptx, render_xlsx
from samverkan.reports.tests.helpers import pptx_tables, slide_texts, xlsx_sheets

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 30)


def test_the_meeting_of_2022_11_29_gives_the_seed_decks_pack():
    load_reference_data()
    load_capabilities()
    sydnarke.load()
    finance.load(today=TODAY)
    demo.load(today=TODAY)
    root = get_user_model().objects.filter(is_superuser=True).first()
    project = Plan.objects.get(name=demo.INVESTIGATION)
    meeting = Meeting.objects.get(project=project, held_on=datetime.date(2022, 11, 29))
    pack = packs.build(meeting, root, as_of=TODAY)
    deck = render_pptx.render(pack)
    tables = pptx_tables(deck)

    assert slide_texts(deck)[0] == "Styrgruppsmöte 2022-11-29"
    assert [row[:3] for row in tables["Dagordning"][1:]] == [
        [str(order), title, str(kind.label)]
        for order, (title, kind, *_rest) in enumerate(demo.DECK_AGENDA, start=1)]
    assert pack.section("aktiviteter").content.paragraphs[1:] == demo.SINCE_LAST
    texts = "\n".join(slide_texts(deck))
    assert all(line in texts for line in demo.SINCE_LAST)

    # the hours slide: budget 180, 173,5 reported by 22-11-25, 9 remaining; the deck says "within
    # budget", but 173,5 + 9 = 182,5 is 2,5 hours over: the pack shows the right deviation
    external = followup.follow_up(project, as_of=meeting.held_on).external
    row = next(r for r in tables["Timmar: budget, utfall och prognos"]
               if r[0] == "Externa konsulttimmar")
    assert row[1:] == [packs.cell_text(v, registry.HOURS) for v in (
        external.budget, external.outcome, external.remaining, external.forecast,
        external.deviation)] == ["180", "173,5", "9", "182,5", "\u22122,5"]

    risks = tables["Risker och åtgärder"][1:]
    assert [(r[1], r[2], r[3], r[4], r[6]) for r in risks] == [
        (text, str(p), str(i), str(p * i), who) for text, p, i, who in demo.SEED_RISKS]
    assert demo.RISK_OUTCOME in pack.section("risker").content.paragraphs

    sheets = xlsx_sheets(render_xlsx.render(pack))
    assert [r[4] for r in sheets["Risker och åtgärder"][1:]] == [16, 12, 12, 9]
    assert [r[1] for r in sheets["Dagordning"][1:]] == [t for t, *_r in demo.DECK_AGENDA]
