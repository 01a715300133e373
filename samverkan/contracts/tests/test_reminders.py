"""E-mail reminders before the owner's own deadline: sent at each lead time, never twice."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from samverkan.contracts import reminders
from samverkan.contracts.models import ContractReminder
from samverkan.core import reminders as core_reminders
from samverkan.testing.factories import ContractFactory, PersonFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _leads(settings):
    settings.SAMVERKAN_CONTRACT_REMINDER_DAYS = [180, 90, 30]
    settings.SAMVERKAN_BASE_URL = "https://samverkan.example.se"


@pytest.fixture
def person(laxa):
    return PersonFactory(name="Lena Nyberg", organisation=laxa, email="lena@example.se")


@pytest.fixture
def contract(laxa, person):
    # renews every 31 December with three months' notice: deadline 30 September; own lead
    # time 30 days: internal deadline 31 August; reminders on 4 March, 2 June and 1 August
    contract = ContractFactory(organisation=laxa, title="Lärplattform", number="K-7",
                               start_date=D(2020, 1, 1), original_end_date=D(2022, 12, 31),
                               renewal_period_months=12, notice_period_months=3,
                               internal_lead_days=30)
    contract.responsible_people.add(person)
    return contract


def run(day) -> int:
    return reminders.send_contract_reminders(day)


def test_it_sends_at_each_lead_time_and_never_twice(contract, mailoutbox):
    assert run(D(2025, 3, 3)) == 0
    assert run(D(2025, 3, 4)) == 1
    assert run(D(2025, 3, 4)) == 0
    assert run(D(2025, 5, 1)) == 0
    assert run(D(2025, 6, 2)) == 1
    assert run(D(2025, 8, 1)) == 1
    assert run(D(2025, 8, 2)) == 0
    assert run(D(2025, 9, 30)) == 0
    assert len(mailoutbox) == 3
    assert sorted(ContractReminder.objects.values_list("lead_days", flat=True)) == [30, 90, 180]
    assert set(ContractReminder.objects.values_list("deadline", flat=True)) == {D(2025, 9, 30)}


def test_the_next_deadline_gets_its_own_reminders(contract, mailoutbox):
    run(D(2025, 3, 4))
    assert run(D(2026, 3, 4)) == 1
    assert set(ContractReminder.objects.values_list("deadline", flat=True)) == {
        D(2025, 9, 30), D(2026, 9, 30)}


def test_a_late_start_sends_one_mail_for_every_due_lead_time(contract, mailoutbox):
    assert run(D(2025, 8, 15)) == 1
    assert len(mailoutbox) == 1
    assert sorted(ContractReminder.objects.values_list("lead_days", flat=True)) == [30, 90, 180]
    assert run(D(2025, 8, 20)) == 0


def test_after_the_internal_deadline_it_still_reminds_until_the_notice_deadline(contract,
                                                                               mailoutbox):
    assert run(D(2025, 9, 15)) == 1
    assert "har passerat" in mailoutbox[0].body


def test_the_mail_is_in_swedish_with_the_deadlines_and_a_link(contract, mailoutbox):
    run(D(2025, 6, 2))
    mail = mailoutbox[0]
    assert mail.to == ["lena@example.se"]
    assert mail.subject == "Påminnelse: sista dag att säga upp K-7 Lärplattform är 2025-09-30"
    assert "Hej Lena Nyberg" in mail.body
    assert "2025-09-30" in mail.body and "2025-12-31" in mail.body
    assert "2025-08-31, om 90 dagar" in mail.body
    assert f"https://samverkan.example.se/avtal/{contract.pk}/" in mail.body


def test_every_responsible_person_with_an_address_gets_one(contract, laxa, mailoutbox):
    contract.responsible_people.add(PersonFactory(organisation=laxa, email="karin@example.se"),
                                    PersonFactory(organisation=laxa, email=""))
    assert run(D(2025, 3, 4)) == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["karin@example.se", "lena@example.se"]


def test_a_person_added_later_gets_the_reminder_the_others_already_had(contract, laxa,
                                                                       mailoutbox):
    run(D(2025, 3, 4))
    contract.responsible_people.add(PersonFactory(organisation=laxa, email="ny@example.se"))
    assert run(D(2025, 3, 5)) == 1
    assert mailoutbox[-1].to == ["ny@example.se"]


@pytest.mark.parametrize("change", ["terminated", "archived", "no_renewal"])
def test_no_reminders_when_no_notice_is_needed(contract, mailoutbox, change):
    if change == "terminated":
        contract.terminated_on = D(2025, 1, 10)
    elif change == "archived":
        contract.archived_at = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    else:
        contract.renewal_period_months = None
        contract.original_end_date = D(2025, 12, 31)
    contract.save()
    assert run(D(2025, 8, 15)) == 0
    assert mailoutbox == []


def test_a_reminder_recorded_by_a_parallel_run_is_not_sent_again(contract, person, mailoutbox):
    due = reminders.due_reminders(D(2025, 3, 4))
    assert len(due) == 1
    ContractReminder.objects.create(contract=contract, deadline=D(2025, 9, 30), lead_days=180,
                                    person=person, email=person.email)
    assert reminders._send_once(due[0], D(2025, 3, 4), "") is False
    assert mailoutbox == []


def test_a_failed_send_records_nothing_and_is_tried_again(contract, mailoutbox, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("SMTP nere")

    monkeypatch.setattr(core_reminders, "send_mail", broken)  # the one place that sends
    assert run(D(2025, 3, 4)) == 0
    assert not ContractReminder.objects.exists()
    monkeypatch.undo()
    assert run(D(2025, 3, 4)) == 1


def test_dry_run_sends_and_records_nothing(contract, mailoutbox):
    assert reminders.send_contract_reminders(D(2025, 3, 4), dry_run=True) == 1
    assert mailoutbox == [] and not ContractReminder.objects.exists()


def test_the_command(contract, mailoutbox, capsys):
    call_command("send-contract-reminders", "--date", "2025-03-04")
    assert "1 påminnelser skickade" in capsys.readouterr().out
    call_command("send-contract-reminders", "--date", "2025-03-04")
    assert "0 påminnelser skickade" in capsys.readouterr().out
    assert len(mailoutbox) == 1
    with pytest.raises(CommandError, match="Ogiltigt datum"):
        call_command("send-contract-reminders", "--date", "4 mars")


def test_the_task_wraps_the_same_run(contract, mailoutbox, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    from samverkan.contracts.tasks import send_contract_reminders

    result = send_contract_reminders.enqueue("2025-03-04")
    assert result.return_value == 1
    assert len(mailoutbox) == 1
