"""A contract price under secrecy in the meeting's licence comparison reaches only the packs of
readers who may see it (the contract owner's members, superusers), in PowerPoint, Excel and
print alike; nothing in anyone else's pack moves with it; a pack holding it is flagged."""

import datetime

import pytest

from samverkan.analysis.tests.test_licence_service import secret  # noqa: F401 (fixture)
from samverkan.core.formatting import format_ore, ore_to_kronor
from samverkan.ledger.tests.conftest import import_sie, stage  # noqa: F401 (fixtures)
from samverkan.planning.tests.factories import MeetingFactory
from samverkan.reports import services
from samverkan.reports.models import MeetingAnalyses

from .helpers import slide_texts, xlsx_sheets

pytestmark = pytest.mark.django_db

SECRETS = (123_457_89, 98_765_43)


@pytest.fixture
def licence_meeting(secret, cooperation, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):  # the reconciliation follows
        for party, amount in zip(secret.parties.order_by("pk"), SECRETS, strict=True):
            party.annual_amount_ore = amount
            party.save()
    meeting = MeetingFactory(organisation=cooperation, held_on=datetime.date(2022, 11, 29))
    MeetingAnalyses.objects.create(meeting=meeting, licence_year=2021)
    return meeting, secret


def texts(user, meeting) -> dict[str, str]:
    out = {}
    for fmt in ("pptx", "xlsx", "html"):
        content = services.steering_pack(user, meeting, ["licenser"], fmt=fmt)[1]
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
            "xlsx": repr(kronor) in shown["xlsx"] or repr(float(kronor)) in shown["xlsx"],
            "html": format_ore(ore) in shown["html"]}


def test_the_contract_owners_members_see_the_price_in_every_format(licence_meeting, reader,
                                                                     superuser):
    meeting, _contract = licence_meeting
    for user in (reader, superuser):
        assert shows(texts(user, meeting), SECRETS[0]) == {"pptx": True, "xlsx": True,
                                                           "html": True}, user
    assert services.issue(reader, meeting, ["licenser"], fmt="xlsx").contains_confidential


def test_others_never_see_it_in_any_format(licence_meeting, outsider, coop_editor):
    meeting, _contract = licence_meeting
    for user in (outsider, coop_editor):
        shown = texts(user, meeting)
        for amount in SECRETS:
            assert shows(shown, amount) == {"pptx": False, "xlsx": False, "html": False}, user
        assert not services.issue(user, meeting, ["licenser"], fmt="html").contains_confidential


def test_nothing_in_an_outsiders_pack_depends_on_the_price(licence_meeting, outsider,
                                                           coop_editor, reader,
                                                           django_capture_on_commit_callbacks):
    meeting, contract = licence_meeting
    before = {user: texts(user, meeting) for user in (outsider, coop_editor)}
    assert "sekretess" in before[outsider]["html"]  # the hidden value is said to be hidden
    inside = texts(reader, meeting)
    for value in (1, None):
        with django_capture_on_commit_callbacks(execute=True):
            for party in contract.parties.all():
                party.annual_amount_ore = value
                party.save()
        for user in (outsider, coop_editor):
            assert texts(user, meeting) == before[user]
    assert texts(reader, meeting) != inside  # the change is one the owner's members see
