"""E-mail reminders to respondents who have not answered an open round, sent by the scheduler:
once a week (the week's Monday is recorded), while the round is open and not archived. People
without an e-mail address get none."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.core.reminders import send_once

from .models import Assessment, AssessmentReminder, Respondent


def unanswered(on: datetime.date):
    return Respondent.objects.filter(
        answered_at__isnull=True, assessment__state=Assessment.State.OPEN,
        assessment__archived_at__isnull=True, assessment__opened_on__lte=on).exclude(
        person__email="").select_related("person", "assessment__system",
                                         "assessment__organisation")


def send_assessment_reminders(on: datetime.date | None = None) -> int:
    on = on or timezone.localdate()
    week = on - datetime.timedelta(days=on.weekday())
    base = getattr(settings, "SAMVERKAN_BASE_URL", "").rstrip("/")
    sent = 0
    for respondent in unanswered(on):
        assessment = respondent.assessment
        due = _(" senast %(due)s") % {"due": f"{assessment.due_on:%Y-%m-%d}"} \
            if assessment.due_on else ""
        subject = _("Påminnelse: bedömning av %(system)s") % {"system": assessment.system}
        body = _("Hej %(name)s!\n\nDu är svarande i bedömningen av %(system)s för %(org)s "
                 "(%(areas)s). Svara gärna%(due)s:\n%(link)s\n") % {
            "name": respondent.person.name, "system": assessment.system,
            "org": assessment.organisation, "areas": respondent.area_labels(), "due": due,
            "link": base + f"/bedomningar/svar/{respondent.pk}/"}
        if send_once(lambda r=respondent: AssessmentReminder.objects.create(
                respondent=r, sent_on=week, email=r.person.email),
                subject, body, respondent.person.email, what=f"bedömning {respondent.pk}"):
            sent += 1
    return sent
