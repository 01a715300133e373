import pytest

from samverkan.testing.cast import (
    COOP,
    OTHER,
    OWN,
    READER,
    SCOPES,
    cast,  # noqa: F401
    extend_cast,
)
from samverkan.testing.fixtures import _fast_passwords  # noqa: F401

from .world import make_round


@pytest.fixture
def assessed(cast, monkeypatch):  # noqa: F811  (the cast fixture imported above)
    """The cast with one open and one closed round per scope; in Laxå's open round the business
    respondent is the reader's own person."""
    extend_cast(monkeypatch, snapshot_apps=("assessments", "initiatives",))
    cast.rounds, cast.closed, cast.respondents = {}, {}, {}
    for scope in SCOPES:
        org = cast.orgs[scope]
        cast.rounds[scope] = make_round(
            org, system=cast.systems[scope],
            business_user=cast.users[READER] if scope == OWN else None)
        cast.respondents[scope] = cast.rounds[scope].respondents.order_by("pk").first()
        closed = make_round(org, system=cast.systems[scope])
        closed.state, closed.business_value, closed.technical_fit = "stangd", 4, 2
        closed.disposition = "migrate"
        from django.utils import timezone
        closed.closed_at = timezone.now()
        closed.save()
        cast.closed[scope] = closed
    assert {OWN, OTHER, COOP} == set(cast.rounds)
    return cast
