"""Respondents who have not answered are reminded by the scheduler's job, once a week, and
never after they answered or the round closed."""

import datetime

import pytest
from django.core.management import call_command

from samverkan.assessments import reminders
from samverkan.assessments.services import rounds
from samverkan.core import schedule

from .world import answer_all, make_round

D = datetime.date
NOW = datetime.datetime(2026, 3, 4, 6, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _setup(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SAMVERKAN_BASE_URL = "https://samverkan.example.se"
    monkeypatch.setattr(schedule, "_jobs", {"assessment-reminders":
                                            schedule._jobs["assessment-reminders"]})


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_reminds_respondents_without_a_manual_step(laxa, mailoutbox, monkeypatch):
    make_round(laxa)
    monkeypatch.setattr(reminders.timezone, "localdate", lambda: D(2026, 3, 4))
    assert schedule.run_due(NOW) == ["assessment-reminders"]
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    assert sorted(m.to[0] for m in mailoutbox) == ["it@example.se", "verksamhet@example.se"]
    assert "Lärplattform" in mailoutbox[0].subject
    assert "https://samverkan.example.se/bedomningar/svar/" in mailoutbox[0].body


@pytest.mark.django_db
def test_once_a_week_and_only_those_who_have_not_answered(laxa, editor, mailoutbox):
    assessment = make_round(laxa)
    business, it = assessment.respondents.order_by("pk")
    assert reminders.send_assessment_reminders(D(2026, 3, 2)) == 2  # Monday
    assert reminders.send_assessment_reminders(D(2026, 3, 6)) == 0  # same week
    answer_all(editor, business, 4)
    assert reminders.send_assessment_reminders(D(2026, 3, 9)) == 1
    assert mailoutbox[-1].to == ["it@example.se"]
    answer_all(editor, it, 3)
    rounds.close(editor, assessment)
    assert reminders.send_assessment_reminders(D(2026, 3, 16)) == 0
