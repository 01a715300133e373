"""The typed agenda: the template's items, order, decisions recorded against a decision item,
and nothing of it changed once the minutes are approved (justerat)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samverkan.planning import agenda, services
from samverkan.planning.models import AgendaItem, Decision
from samverkan.testing.factories import ManagementObjectFactory

from .factories import ActionFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(laxa):
    return MeetingFactory(management_object=ManagementObjectFactory(organisation=laxa),
                          held_on=datetime.date(2026, 5, 1), minutes="Protokoll")


def test_the_template_makes_typed_items_in_order(meeting, editor):
    items = agenda.create_from_template(editor, meeting)
    assert [i.order for i in items] == [1, 2, 3, 4, 5]
    assert [i.kind for i in items] == ["information", "beslut", "information", "atgard",
                                       "information"]
    assert items[0].content == AgendaItem.Content.STATUS
    again = agenda.create_from_template(editor, meeting, items=[("Extra", "beslut", "")])
    assert again[0].order == 6


def test_a_new_item_goes_last_unless_given_a_place(meeting, editor):
    agenda.create_from_template(editor, meeting)
    item = agenda.save_item(editor, AgendaItem(meeting=meeting, title="Ny", kind="beslut"))
    assert item.order == 6
    assert "6. Ny (beslut)" in agenda.agenda_text(meeting.agenda_items.all())


def test_a_decision_is_recorded_against_an_item_of_its_own_meeting(meeting, editor, laxa):
    item = agenda.create_from_template(editor, meeting)[1]
    decision = services.record_decision(editor, Decision(meeting=meeting, title="t", text="b",
                                                         agenda_item=item))
    assert list(item.decisions.all()) == [decision]
    other = MeetingFactory(management_object=meeting.management_object,
                           held_on=datetime.date(2026, 6, 1))
    with pytest.raises(ValidationError, match="annat möte"):
        services.record_decision(editor, Decision(meeting=other, title="t", text="b",
                                                  agenda_item=item))


def test_a_decision_beyond_the_mandate_says_who_decides_instead(meeting, editor):
    with pytest.raises(ValidationError, match="lyfts"):
        services.record_decision(editor, Decision(meeting=meeting, title="t", text="b",
                                                  exceeds_mandate=True))
    decision = services.record_decision(editor, Decision(
        meeting=meeting, title="t", text="b", exceeds_mandate=True, escalated_to="IT-nämnden"))
    assert decision.is_escalated


def test_approved_minutes_lock_the_agenda(meeting, editor):
    item = agenda.create_from_template(editor, meeting)[0]
    services.approve_minutes(editor, meeting, on=datetime.date(2026, 5, 3))
    item.title = "Ändrat i efterhand"
    with pytest.raises(ValidationError, match="justerat"):
        agenda.save_item(editor, item)
    with pytest.raises(ValidationError, match="justerat"):
        agenda.delete_item(editor, item)
    with pytest.raises(ValidationError, match="justerat"):
        agenda.create_from_template(editor, meeting)
    assert AgendaItem.objects.get(pk=item.pk).title != "Ändrat i efterhand"
    assert meeting.agenda_items.count() == 5


def test_locked_agenda_pages_refuse_even_the_meetings_editors(meeting, editor, client):
    item = agenda.create_from_template(editor, meeting)[0]
    services.approve_minutes(editor, meeting, on=datetime.date(2026, 5, 3))
    client.force_login(editor)
    for name, args in (("planning:agenda_item_add", [meeting.pk]),
                       ("planning:agenda_item_edit", [meeting.pk, item.pk]),
                       ("planning:agenda_item_delete", [meeting.pk, item.pk])):
        assert client.post(reverse(name, args=args), {"title": "x", "kind": "beslut",
                                                   "expected_version": item.version}
                           ).status_code == 403, name
    client.post(reverse("planning:meeting_agenda_template", args=[meeting.pk]))
    assert meeting.agenda_items.count() == 5
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Lägg till punkt" not in page and item.title in page


def test_the_action_item_counts_the_open_actions_carried_forward(meeting, editor, client):
    earlier = MeetingFactory(management_object=meeting.management_object,
                             held_on=datetime.date(2026, 2, 1))
    ActionFactory(meeting=earlier, title="Samla in avtal")
    agenda.create_from_template(editor, meeting)
    client.force_login(editor)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "1 öppen åtgärd från tidigare möten" in page


def test_a_new_meeting_gets_the_standing_items(laxa, editor, client):
    obj = ManagementObjectFactory(organisation=laxa)
    client.force_login(editor)
    client.post(reverse("planning:meeting_add"), {"management_object": obj.pk, "title": "Möte",
                                                  "held_on": "2026-09-01"})
    meeting = obj.meetings.get()
    assert meeting.agenda_items.count() == 5
