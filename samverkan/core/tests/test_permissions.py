"""The permission layer as plain functions: owner, member of the cooperation, outsider."""

import pytest

from samverkan.core import permissions
from samverkan.portfolio.models import System
from samverkan.portfolio.tests.factories import SystemFactory

pytestmark = pytest.mark.django_db


def test_every_signed_in_user_reads_what_is_not_confidential(laxa, outsider, reader):
    system = SystemFactory(organisation=laxa)
    assert permissions.can(outsider, permissions.VIEW, system)
    assert permissions.can(reader, permissions.VIEW, system)
    assert list(System.objects.for_user(outsider)) == [system]


def test_anonymous_users_see_nothing(laxa):
    from django.contrib.auth.models import AnonymousUser

    SystemFactory(organisation=laxa)
    assert not System.objects.for_user(AnonymousUser()).exists()


def test_it_lets_editors_change_their_own_organisations_records(laxa, editor):
    system = SystemFactory(organisation=laxa)
    assert permissions.can(editor, permissions.CHANGE, system)
    assert list(System.objects.for_user(editor, permissions.CHANGE)) == [system]


@pytest.mark.parametrize("action", [permissions.ADD, permissions.CHANGE, permissions.DELETE])
def test_it_rejects_readers_and_outsiders(laxa, reader, outsider, action):
    system = SystemFactory(organisation=laxa)
    assert not permissions.can(reader, action, system)
    assert not permissions.can(outsider, action, system)
    assert not System.objects.for_user(outsider, action).exists()


def test_cooperation_records_are_changed_by_the_cooperations_editors(cooperation, coop_editor,
                                                                      editor):
    system = SystemFactory(organisation=cooperation)
    assert permissions.can(coop_editor, permissions.CHANGE, system)
    assert not permissions.can(editor, permissions.CHANGE, system)


def test_superuser_may_do_everything(laxa, superuser):
    system = SystemFactory(organisation=laxa)
    for action in permissions.ACTIONS:
        assert permissions.can(superuser, action, system)
