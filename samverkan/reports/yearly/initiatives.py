"""The yearly follow-up's sections from initiatives: benefits planned against realised in the
year (the benefit register's follow-up), and the initiatives the organisation takes part in by
stage."""

from __future__ import annotations

from collections import Counter

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from samverkan.core.formatting import format_ore
from samverkan.initiatives.models import Benefit, CostYear, Initiative, Participation
from samverkan.initiatives.services import benefits as benefit_rules

from ..registry import MONEY, NUMBER, Chart, Column, Content, Context, Table
from .scope import cooperations_of


def benefit_scope(ctx: Context):
    """(benefits, costs): a cooperation's initiatives' benefits and costs, as the benefit
    follow-up page scopes them; for a municipality the benefits that arise with it and the joint
    ones of the initiatives it takes part in (the initiatives' costs are shared, so none beside
    them)."""
    organisation = ctx.subject.organisation
    benefits = Benefit.objects.for_user(ctx.user).filter(initiative__archived_at__isnull=True)
    costs = CostYear.objects.for_user(ctx.user).filter(initiative__archived_at__isnull=True)
    if organisation.is_cooperation:
        return (benefits.filter(initiative__organisation=organisation),
                costs.filter(initiative__organisation=organisation))
    # and the joint benefits (arising with its cooperation) of the initiatives it takes part in
    joint = Q(organisation__in=[c.pk for c in cooperations_of(organisation, ctx.subject.year)],
              initiative__in=taking_part(organisation).values("pk"))
    return benefits.filter(Q(organisation=organisation) | joint), costs.none()


def taking_part(organisation):
    """Initiatives the municipality has registered for and not withdrawn from."""
    return Initiative.objects.filter(participations__organisation=organisation).exclude(
        participations__organisation=organisation,
        participations__status=Participation.Status.WITHDRAWN)


def benefit_follow_up(ctx: Context) -> benefit_rules.FollowUp:
    if "benefits" not in ctx.cache:
        benefits, costs = benefit_scope(ctx)
        ctx.cache["benefits"] = benefit_rules.follow_up(benefits, costs, today=ctx.as_of)
    return ctx.cache["benefits"]


def _row(row: benefit_rules.FollowUpRow) -> list:
    benefit = row.benefit
    return [benefit.initiative.name, benefit.name, benefit.organisation.name,
            row.year.target, row.year.realised, row.share, _("ja") if row.overdue else ""]


def benefits_section(ctx: Context) -> Content:
    year = ctx.subject.year
    result = benefit_follow_up(ctx)
    rows = [row for row in result.rows if row.year.year == year]
    money_rows = [row for row in rows if row.benefit.kind == Benefit.Kind.MONEY]
    other_rows = [row for row in rows if row.benefit.kind != Benefit.Kind.MONEY]
    heads = [Column(_("Initiativ")), Column(_("Nytta")), Column(_("Uppstår hos"))]
    tail = [Column(_("Andel av målet (%)"), NUMBER), Column(_("Försenad"))]
    money = Table(_("Ekonomiska nyttor %(year)s") % {"year": year}, [
        *heads, Column(_("Planerat"), MONEY), Column(_("Realiserat"), MONEY), *tail],
        [_row(row) for row in money_rows])
    planned = sum(row.year.target for row in money_rows)
    known = [row.year.realised for row in money_rows if row.year.realised is not None]
    realised = sum(known) if known else None  # nothing realised yet is not a realised 0
    if money_rows:
        money.total = [_("Summa"), "", "", planned, realised, None, ""]
    other = Table(_("Övriga nyttor %(year)s (i indikatorns enhet)") % {"year": year}, [
        *heads, Column(_("Indikator")), Column(_("Planerat"), NUMBER),
        Column(_("Realiserat"), NUMBER), *tail],
        [[*_row(row)[:3], row.benefit.indicator, *_row(row)[3:]] for row in other_rows])
    paragraphs = [ngettext("%(n)s nytta följs upp för %(year)s; %(overdue)s saknar realiserat "
                           "värde efter uppföljningsdagen.",
                           "%(n)s nyttor följs upp för %(year)s; %(overdue)s saknar realiserat "
                           "värde efter uppföljningsdagen.", len(rows)) % {
        "n": len(rows), "year": year, "overdue": sum(1 for row in rows if row.overdue)}]
    if money_rows:
        paragraphs.append(_("Ekonomisk nytta: planerat %(planned)s, realiserat %(realised)s.") % {
            "planned": format_ore(planned),
            "realised": format_ore(realised) if realised is not None else "–"})
    charts = []
    if money_rows:
        charts.append(Chart(_("Planerad och realiserad ekonomisk nytta %(year)s") % {
            "year": year}, [f"{r.benefit.initiative.name}: {r.benefit.name}" for r in money_rows],
            [(_("Planerat"), [r.year.target for r in money_rows]),
             (_("Realiserat"), [r.year.realised for r in money_rows])], kind=MONEY))
    tables = [money] + ([other] if other_rows else [])
    return Content(paragraphs=paragraphs, tables=tables, charts=charts)


def initiatives_of(ctx: Context) -> list[Initiative]:
    """A cooperation's own initiatives; for a municipality those it has registered for and not
    withdrawn from."""
    organisation = ctx.subject.organisation
    found = Initiative.objects.for_user(ctx.user).filter(archived_at__isnull=True)
    if organisation.is_cooperation:
        found = found.filter(organisation=organisation)
    else:
        found = found.filter(pk__in=taking_part(organisation).values("pk"))
    return list(found.prefetch_related("participations").order_by("name", "pk"))


def _participation(initiative: Initiative, organisation) -> str:
    if organisation.is_cooperation:
        active = [p for p in initiative.participations.all()
                  if p.status != Participation.Status.WITHDRAWN]
        return ngettext("%(n)s medlem", "%(n)s medlemmar", len(active)) % {"n": len(active)}
    own = next((p for p in initiative.participations.all()
                if p.organisation_id == organisation.pk), None)
    return own.get_status_display() if own else ""


def initiatives_section(ctx: Context) -> Content:
    organisation = ctx.subject.organisation
    found = initiatives_of(ctx)
    order = list(Initiative.Stage)
    counts = Counter(initiative.stage for initiative in found)
    by_stage = Table(_("Initiativ per steg"),
                     [Column(pgettext("initiativ", "Steg")), Column(_("Antal"), NUMBER)],
                     [[str(stage.label), counts[stage]] for stage in order if counts[stage]])
    by_stage.total = [_("Summa"), len(found)]
    listing = Table(pgettext("flera", "Initiativ"), [
        Column(_("Initiativ")), Column(_("Typ")), Column(pgettext("initiativ", "Steg")),
        Column(_("Deltagande"))])
    for initiative in sorted(found, key=lambda i: (order.index(i.stage), i.name, i.pk)):
        listing.rows.append([initiative.name, initiative.get_kind_display(), str(initiative.step()),
                             _participation(initiative, organisation)])
    chart = Chart(_("Initiativ per steg"), [row[0] for row in by_stage.rows],
                  [(_("Antal"), [row[1] for row in by_stage.rows])])
    paragraph = _("Steg per %(date)s.") % {"date": ctx.as_of.isoformat()}
    return Content(paragraphs=[paragraph], tables=[by_stage, listing],
                   charts=[chart] if by_stage.rows else [])
