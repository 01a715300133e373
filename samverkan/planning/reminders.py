"""E-mail reminders from planning, sent by the scheduler without anyone running a command:

- an open action from a steering-group meeting, to its owner, once when it falls due within
  SAMVERKAN_ACTION_REMINDER_DAYS days (default 7) and once more if it passes its date undone;
- an open risk in the red band of the risk map (probability × impact ≥ 10 on the scale 1–4,
  ≥ 15 on 1–5) in a plan that is in force, to its owner, once a month, to review it;
- a release starting within SAMVERKAN_RELEASE_NOTICE_DAYS days (default 7), once to each person
  who holds a management role in an organisation that owns or uses one of its systems (RL3:
  the users are told before, not surprised); the release is then marked as communicated.

Each e-mail is recorded (PlanningReminder) inside the transaction that sends it, so it goes out
once; people without an e-mail address get none.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.core.reminders import send_once
from samverkan.organisations.models import Person
from samverkan.portfolio.models import ObjectRole

from .followup import risk_band
from .models import Action, Plan, PlanningReminder, Release, Risk


def _days() -> int:
    return int(getattr(settings, "SAMVERKAN_ACTION_REMINDER_DAYS", 7))


def _notice_days() -> int:
    return int(getattr(settings, "SAMVERKAN_RELEASE_NOTICE_DAYS", 7))


def _link(path: str) -> str:
    return getattr(settings, "SAMVERKAN_BASE_URL", "").rstrip("/") + path


def _send_once(kind: str, object_id: int, period: str, person, subject: str, body: str) -> bool:
    return send_once(lambda: PlanningReminder.objects.create(
        kind=kind, object_id=object_id, period=period, person=person, email=person.email),
        subject, body, person.email, what=f"{kind} {object_id}")


def due_actions(on: datetime.date):
    return Action.objects.filter(done_on__isnull=True, due_on__lte=on + datetime.timedelta(
        days=_days()), meeting__archived_at__isnull=True).exclude(owner__email="") \
        .select_related("owner", "meeting")


def risks_to_review(on: datetime.date):
    return Risk.objects.filter(status=Risk.Status.OPEN, plan__state=Plan.State.APPROVED,
                               plan__archived_at__isnull=True, owner__isnull=False) \
        .exclude(owner__email="").select_related("owner", "plan")


def releases_to_announce(on: datetime.date):
    """Releases (not service windows) of plans in use that start from `on` up to the notice
    horizon."""
    return Release.objects.filter(
        kind=Release.Kind.RELEASE, plan__archived_at__isnull=True,
        starts_at__date__gte=on, starts_at__date__lte=on + datetime.timedelta(
            days=_notice_days())).exclude(plan__state=Plan.State.REVISED).select_related(
        "plan").prefetch_related("systems__usages")


def release_recipients(release: Release, on: datetime.date) -> list[tuple[Person, list[str]]]:
    """Each person with a current role in the management object of one of the release's
    systems, for an organisation that owns or uses that system; with the systems concerned."""
    found: dict[int, tuple[Person, list[str]]] = {}
    for system in release.systems.all():
        if system.management_object_id is None:
            continue
        organisations = {system.organisation_id, *(u.organisation_id for u in
                                                   system.usages.all())}
        roles = ObjectRole.objects.filter(
            management_object_id=system.management_object_id,
            organisation_id__in=organisations).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)).filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on)).exclude(
            person__email="").select_related("person")
        for role in roles:
            person, systems = found.setdefault(role.person_id, (role.person, []))
            if system.name not in systems:
                systems.append(system.name)
    return sorted(found.values(), key=lambda item: item[0].name)


def _announce(release: Release, on: datetime.date) -> int:
    sent = 0
    start = timezone.localtime(release.starts_at)
    for person, systems in release_recipients(release, on):
        subject = _("Release %(day)s: %(title)s") % {"day": f"{start:%Y-%m-%d}",
                                                     "title": release.title[:80]}
        body = _("Hej %(name)s,\n\n%(title)s i %(systems)s planeras %(when)s.\n\n"
                 "%(notes)s\n\nBerätta för användarna i din organisation vad som ändras och "
                 "när systemet inte går att använda.\n\n%(link)s\n") % {
            "name": person.name, "title": release.title, "systems": ", ".join(systems),
            "when": f"{start:%Y-%m-%d %H:%M}" + (
                f"–{timezone.localtime(release.ends_at):%H:%M}" if release.ends_at else ""),
            "notes": release.notes or _("Ingen releaseinformation är inlagd ännu."),
            "link": _link(release.plan.get_absolute_url())}
        sent += _send_once(PlanningReminder.Kind.RELEASE, release.pk, f"p{person.pk}", person,
                           subject, body)
    if sent:
        # told before the release: the plan's page shows it as communicated
        Release.objects.filter(pk=release.pk, communicated_on__isnull=True).update(
            communicated_on=on, version=F("version") + 1)
    return sent


def send_planning_reminders(on: datetime.date | None = None) -> int:
    """Send what is due on `on` (today by default); returns the number of e-mails sent."""
    on = on or timezone.localdate()
    sent = 0
    for action in due_actions(on):
        late = action.due_on < on
        # once before the date, and once more after it if still undone
        period = f"sen{action.due_on:%Y%m%d}" if late else action.due_on.isoformat()
        subject = (_("Försenad åtgärd: %(title)s") if late else
                   _("Åtgärd att göra senast %(day)s: %(title)s")) % {
            "title": action.title[:80], "day": action.due_on.isoformat()}
        body = _("Hej %(name)s,\n\nStyrgruppsmötet ”%(meeting)s” (%(held)s) gav dig åtgärden:\n"
                 "%(title)s\n\nKlar senast %(day)s.%(late)s\n\n%(link)s\n") % {
            "name": action.owner.name, "meeting": action.meeting.title,
            "held": action.meeting.held_on.isoformat(), "title": action.title,
            "day": action.due_on.isoformat(),
            "late": (" " + _("Datumet har passerat.")) if late else "",
            "link": _link(action.meeting.get_absolute_url())}
        sent += _send_once(PlanningReminder.Kind.ACTION, action.pk, period, action.owner,
                           subject, body)
    month = on.strftime("%Y-%m")
    for risk in risks_to_review(on):
        if risk_band(risk.priority) != "rod":
            continue
        subject = _("Risk att följa upp: %(risk)s") % {"risk": str(risk)[:80]}
        body = _("Hej %(name)s,\n\nDu är ansvarig för en risk med hög prioritet (%(priority)s) i "
                 "%(plan)s:\n%(risk)s\n\nÅtgärd: %(measure)s\n\nSe över den och uppdatera "
                 "status eller åtgärd.\n\n%(link)s\n") % {
            "name": risk.owner.name, "priority": risk.priority, "plan": risk.plan,
            "risk": risk.description, "measure": risk.measure or "–",
            "link": _link(risk.plan.get_absolute_url())}
        sent += _send_once(PlanningReminder.Kind.RISK, risk.pk, month, risk.owner, subject, body)
    for release in releases_to_announce(on):
        sent += _announce(release, on)
    return sent
