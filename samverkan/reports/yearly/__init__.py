"""The yearly follow-up for politicians and management (issue 14, RP/D): for a municipality or
a cooperation and a year, the goals with their traffic lights, benefits planned against
realised, the IT cost per inhabitant against the other municipalities, contracts ending or
passively extended, risks above a threshold and the initiatives by stage – one document kind
("yearly-followup") drawn by every renderer of the reports app."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from samverkan.core.formatting import person_name

from ..registry import Content, Context, DocumentKind, register, register_kind
from .economy import contracts_section, costs_section
from .initiatives import benefits_section, initiatives_section
from .plans import goals_section, risks_section
from .scope import YearlySubject, resolve

KIND = "yearly-followup"


def cover(ctx: Context) -> Content:
    subject = ctx.subject
    kind = _("samverkan") if subject.organisation.is_cooperation else _("kommun")
    return Content(paragraphs=[
        str(subject), _("För politiker och ledning i %(organisation)s (%(kind)s)") % {
            "organisation": subject.organisation, "kind": kind},
        _("Uppgifter per %(date)s") % {"date": ctx.as_of.isoformat()},
        _("Framtaget för %(name)s") % {"name": person_name(ctx.user)}])


def query(subject: YearlySubject) -> dict:
    """The subject's parameters, for links and to find the copies issued for it."""
    params = {"organisation": str(subject.organisation.pk), "year": str(subject.year)}
    if subject.threshold:
        params["threshold"] = str(subject.threshold)
    return params


def register_yearly() -> None:
    register_kind(DocumentKind(
        key=KIND, label=lambda: _("Årsuppföljning"), params=("organisation", "year"),
        resolve=resolve, title=str,
        filename=lambda s: f"arsuppfoljning-{s.year}-{s.organisation.pk}",
        organisation=lambda s: s.organisation, query=query))
    for key, title, compute, order in (
            ("omslag", lambda: _("Omslag"), cover, 10),
            ("mal", lambda: pgettext("flera", "Mål"), goals_section, 20),
            ("nyttor", lambda: _("Nyttor"), benefits_section, 30),
            ("kostnad", lambda: _("Kostnad per invånare"), costs_section, 40),
            ("avtal", lambda: pgettext("flera", "Avtal"), contracts_section, 50),
            ("risker", lambda: _("Risker över tröskel"), risks_section, 60),
            ("initiativ", lambda: _("Initiativ per steg"), initiatives_section, 70)):
        register(key, title, compute, order=order, kind=KIND)


__all__ = ["KIND", "YearlySubject", "register_yearly", "resolve"]
