"""The one service path: lost updates and archive semantics for every record, parts included."""

import pytest
from django.core.exceptions import ValidationError

from samverkan.core import services
from samverkan.portfolio.models import SystemUsage
from samverkan.testing.factories import SystemFactory, SystemUsageFactory

pytestmark = pytest.mark.django_db


def test_two_stale_edits_of_a_part_cannot_both_succeed(laxa, hallsberg, editor):
    system = SystemFactory(organisation=laxa)
    usage = SystemUsageFactory(system=system, organisation=hallsberg, users=10)
    first, second = (SystemUsage.objects.get(pk=usage.pk) for _ in range(2))
    first.users = 20
    services.save_child(editor, first, system, expected_version=1)
    second.users = 30
    with pytest.raises(services.StaleVersionError):
        services.save_child(editor, second, system, expected_version=1)
    usage.refresh_from_db()
    assert (usage.users, usage.version) == (20, 2)


def test_removing_a_part_someone_else_changed_is_refused(laxa, hallsberg, editor):
    system = SystemFactory(organisation=laxa)
    usage = SystemUsageFactory(system=system, organisation=hallsberg, users=10)
    services.save_child(editor, SystemUsage.objects.get(pk=usage.pk), system, expected_version=1)
    with pytest.raises(services.StaleVersionError):
        services.delete_child(editor, usage, system, expected_version=1)
    assert SystemUsage.objects.filter(pk=usage.pk).exists()


def test_archiving_twice_keeps_the_first_date(laxa, editor):
    system = SystemFactory(organisation=laxa)
    services.archive_record(editor, system, expected_version=1)
    archived_at = system.archived_at
    with pytest.raises(ValidationError, match="redan arkiverad"):
        services.archive_record(editor, system)
    system.refresh_from_db()
    assert system.archived_at == archived_at


def test_an_archived_record_and_its_parts_cannot_be_changed(laxa, hallsberg, editor):
    system = SystemFactory(organisation=laxa)
    usage = SystemUsageFactory(system=system, organisation=hallsberg, users=10)
    services.archive_record(editor, system)
    system.name = "Ändrat"
    with pytest.raises(ValidationError, match="arkiverad"):
        services.save_record(editor, system)
    usage.users = 99
    with pytest.raises(ValidationError, match="arkiverad"):
        services.save_child(editor, usage, system)
    services.restore_record(editor, system)
    system.refresh_from_db()
    system.name = "Ändrat"
    services.save_record(editor, system, expected_version=system.version)
