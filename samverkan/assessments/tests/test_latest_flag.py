"""`Assessment.latest` follows every write: close, archive, restore, delete, a later round, a
tie, and the bulk recomputation agrees with what the signals keep."""


import pytest

from samverkan.assessments.models import Assessment
from samverkan.assessments.services import latest, overview, rounds
from samverkan.core.services import archive_record, restore_record
from samverkan.testing.factories import SystemFactory, UserFactory

from .test_time_overview import at, closed
from .world import make_round


def flagged() -> set[int]:
    return set(Assessment.objects.filter(latest=True).values_list("pk", flat=True))


@pytest.fixture
def admin(db):
    return UserFactory(is_superuser=True)


def test_closing_archiving_restoring_and_deleting_keep_the_flag(laxa, hallsberg, admin):
    system = SystemFactory(organisation=laxa)
    first = closed(laxa, system, at(1))
    other_pair = closed(hallsberg, system, at(1))
    assert flagged() == {first.pk, other_pair.pk}
    assert Assessment.objects.get(pk=first.pk).latest and first.latest

    open_round = make_round(laxa, system=system)
    assert flagged() == {first.pk, other_pair.pk}  # an open round is no result
    rounds.close(admin, open_round)
    assert flagged() == {open_round.pk, other_pair.pk}

    archive_record(admin, Assessment.objects.get(pk=open_round.pk))
    assert flagged() == {first.pk, other_pair.pk}
    restore_record(admin, Assessment.objects.get(pk=open_round.pk))
    assert flagged() == {open_round.pk, other_pair.pk}

    Assessment.objects.get(pk=open_round.pk).delete()
    assert flagged() == {first.pk, other_pair.pk}
    Assessment.objects.get(pk=first.pk).delete()
    assert flagged() == {other_pair.pk}


def test_a_later_round_a_tie_and_a_missing_closing_time(laxa, admin):
    system = SystemFactory(organisation=laxa)
    later = closed(laxa, system, at(5))
    earlier = closed(laxa, system, at(1))  # saved after, but closed before
    assert flagged() == {later.pk}
    tie = closed(laxa, system, at(5))
    assert flagged() == {tie.pk}  # the same closing time: the higher pk
    for round_ in (later, tie):
        round_.closed_at = None
        round_.save()
    assert flagged() == {earlier.pk}
    reopened = Assessment.objects.get(pk=earlier.pk)
    reopened.state = Assessment.State.OPEN
    reopened.save()
    assert flagged() == {tie.pk}  # both without a time count as earliest: the higher pk


def test_the_bulk_pass_and_the_subquery_agree_with_the_signals(laxa, hallsberg, admin):
    systems = [SystemFactory(organisation=laxa) for _ in range(3)]
    for n, system in enumerate(systems):
        for day in (1, 3, 3, 2):
            closed(laxa, system, at(day + n))
        closed(hallsberg, system, at(2), archived=n == 1)
    kept = flagged()
    Assessment.objects.update(latest=False)
    Assessment.objects.filter(archived_at__isnull=False).update(latest=True)  # wrong on purpose
    latest.refresh_all()
    assert flagged() == kept
    chosen = latest.latest_of(latest.candidates())
    assert set(chosen.values_list("pk", flat=True)) == kept and len(kept) == 5


def test_a_pair_without_any_closed_round_has_no_flag(laxa, admin):
    system = SystemFactory(organisation=laxa)
    only = closed(laxa, system, at(1))
    archive_record(admin, only)
    assert flagged() == set()
    assert latest.refresh_pair(system.pk, laxa.pk) is None
    assert list(overview.latest(admin)) == []


def test_a_round_moved_to_another_system_gives_its_old_pair_back_its_earlier_round(laxa):
    system, other = SystemFactory(organisation=laxa), SystemFactory(organisation=laxa)
    earlier = closed(laxa, system, at(1))
    later = closed(laxa, system, at(2))
    assert flagged() == {later.pk}
    later.system = other
    later.save()
    assert flagged() == {earlier.pk, later.pk}
