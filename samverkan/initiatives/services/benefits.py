"""Benefit calculation and realisation (B1–B10): totals per organisation and year, costs
beside them, an optional net present value, and the follow-up of benefits past their date
without a realised value."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, Sum

from ..models import Benefit, BenefitYear, Initiative


def money_totals(initiative: Initiative) -> dict[tuple[int, int], dict[str, int]]:
    """{(organisation id, year): {"target": öre, "realised": öre}} for money benefits."""
    totals: dict = defaultdict(lambda: {"target": 0, "realised": 0})
    for row in BenefitYear.objects.filter(benefit__initiative=initiative,
                                          benefit__kind=Benefit.Kind.MONEY) \
            .select_related("benefit"):
        cell = totals[(row.benefit.organisation_id, row.year)]
        cell["target"] += row.target
        cell["realised"] += row.realised or 0
    return dict(totals)


def yearly(initiative: Initiative) -> list[tuple[int, int, int, int]]:
    """[(year, planned benefit öre, realised öre, cost öre)] over the initiative's horizon."""
    years: dict = defaultdict(lambda: [0, 0, 0])
    for (_org, year), cell in money_totals(initiative).items():
        years[year][0] += cell["target"]
        years[year][1] += cell["realised"]
    for cost in initiative.cost_years.all():
        years[cost.year][2] += cost.amount_ore
    return [(y, *years[y]) for y in sorted(years)]


def net_present_value_ore(initiative: Initiative) -> int | None:
    """Σ (benefit − cost) / (1 + r)^t from the first year, rounded to the öre; only when a
    discount rate is set (the seeds sum per year, which is the default)."""
    if initiative.discount_rate is None:
        return None
    rows = yearly(initiative)
    if not rows:
        return 0
    rate = 1 + Fraction(initiative.discount_rate) / 100
    first = rows[0][0]
    exact = sum(Fraction(benefit - cost) / rate ** (year - first)
                for year, benefit, _realised, cost in rows)
    return round(exact)


@dataclass
class Overdue:
    benefit: Benefit
    year: int


def due_on(benefit: Benefit, year: int) -> datetime.date:
    """When a year's value is to be followed up: the benefit's date in that year, or its end."""
    if benefit.follow_up_on and benefit.follow_up_on.year == year:
        return benefit.follow_up_on
    return datetime.date(year, 12, 31)


def is_overdue(benefit: Benefit, row: BenefitYear, today: datetime.date) -> bool:
    return row.realised is None and due_on(benefit, row.year) < today


def overdue(benefits, today: datetime.date | None = None) -> list[Overdue]:
    """Benefit years past their follow-up date (or the year's end) with no realised value."""
    today = today or datetime.date.today()
    return [Overdue(benefit, row.year) for benefit in benefits for row in benefit.years.all()
            if is_overdue(benefit, row, today)]


@dataclass
class FollowUpRow:
    benefit: Benefit
    year: BenefitYear
    overdue: bool

    @property
    def share(self) -> int | None:
        """Realised as a per cent of the target (rounded), when both are known."""
        if self.year.realised is None or not self.year.target:
            return None
        return round(Fraction(100 * self.year.realised, self.year.target))


@dataclass
class FollowUp:
    rows: list[FollowUpRow]
    # money benefits per year: [(year, target öre, realised öre, cost öre)]
    money_by_year: list[tuple[int, int, int, int]]
    overdue_count: int = 0
    page: Page | None = None  # the rows are one page of the benefit years when set

    @property
    def overdue(self) -> list[FollowUpRow]:
        return [row for row in self.rows if row.overdue]


def follow_up(benefits, costs, today: datetime.date | None = None) -> FollowUp:
    """Each benefit year with its target, realised value and whether it is overdue, and the
    money benefits against the costs per year; `benefits` and `costs` are the querysets the
    page may show (benefits of a cooperation's initiatives, or arising in one municipality)."""
    today = today or datetime.date.today()
    rows = []
    years: dict = defaultdict(lambda: [0, 0, 0])
    for benefit in benefits.select_related("initiative", "organisation", "owner") \
            .prefetch_related("years").order_by("initiative__name", "name", "pk"):
        for row in benefit.years.all():
            rows.append(FollowUpRow(benefit, row, is_overdue(benefit, row, today)))
            if benefit.kind == Benefit.Kind.MONEY:
                years[row.year][0] += row.target
                years[row.year][1] += row.realised or 0
    for year, amount in costs.values_list("year", "amount_ore"):
        years[year][2] += amount
    return FollowUp(rows, [(y, *years[y]) for y in sorted(years)],
                    sum(1 for row in rows if row.overdue))


ROWS_PER_PAGE = 100


class CountedPaginator(Paginator):
    """A paginator told the number of rows, which the follow-up has already counted."""

    def __init__(self, *args, count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.__dict__["count"] = count  # fills Paginator.count's cache


def follow_up_page(benefits, costs, page_number=None, today: datetime.date | None = None,
                   per_page: int = ROWS_PER_PAGE) -> FollowUp:
    """The follow-up as the page shows it: one page of benefit years, while the overdue count
    and the money per year are summed by the database over all of them – so the page costs the
    same whether a cooperation has a hundred benefit years or fifty thousand.

    Every query starts from `benefits` and joins its years (rather than asking for the years
    of `benefits` as a subquery), and the page's rows are found as ids before they are read
    whole: for the whole country that halves the time of both."""
    today = today or datetime.date.today()
    benefits = benefits.order_by()
    # is_overdue in SQL: a past year, or this year with its follow-up date passed (a date in
    # this year before today; a later year's date lies after today anyway)
    due = Q(years__year__lt=today.year) | Q(years__year=today.year,
                                           follow_up_on__gte=datetime.date(today.year, 1, 1),
                                           follow_up_on__lt=today)
    money = Q(kind=Benefit.Kind.MONEY)
    years: dict = defaultdict(lambda: [0, 0, 0])
    count = overdue_count = 0
    # one pass over the rows: how many there are, how many are overdue, money per year
    for year, n, late, target, realised in benefits.values("years__year").annotate(
            n=Count("years"), late=Count("years", filter=due & Q(years__realised__isnull=True)),
            t=Sum("years__target", filter=money), r=Sum("years__realised", filter=money)) \
            .values_list("years__year", "n", "late", "t", "r"):
        if year is None:  # benefits without any year yet
            continue
        count, overdue_count = count + n, overdue_count + late
        if target is not None:
            years[year][0], years[year][1] = target, realised or 0
    for year, amount in costs.order_by().values("year").annotate(a=Sum("amount_ore")) \
            .values_list("year", "a"):
        years[year][2] = amount or 0
    ordered_ids = benefits.filter(years__isnull=False).order_by(
        "initiative__name", "name", "pk", "years__year").values_list("years__pk", flat=True)
    page = CountedPaginator(ordered_ids, per_page, count=count).get_page(page_number)
    ids = list(page.object_list)
    found = BenefitYear.objects.select_related(
        "benefit__initiative", "benefit__organisation", "benefit__owner").in_bulk(ids)
    rows = [FollowUpRow(found[pk].benefit, found[pk], is_overdue(found[pk].benefit, found[pk],
                                                                 today)) for pk in ids]
    return FollowUp(rows, [(y, *years[y]) for y in sorted(years)], overdue_count, page)


@dataclass
class MemberBasis:
    """What joining means for one member ([004] §5.3 «ett eget beslutsunderlag … för den egna
    kommunen»): its share of each budget, and the benefits that arise with it."""

    organisation_id: int
    shares: list  # [(budget label, allocation.Share or None, budget total öre)]
    benefits: list  # the member's own benefits, with their years
    common: list  # benefits that arise with the cooperation as a whole
    money_by_year: list  # [(year, target öre, realised öre)] of the member's money benefits

    @property
    def cost_ore(self) -> int:
        return sum(share.amount_ore for _label, share, _total in self.shares if share)

    @property
    def benefit_ore(self) -> int:
        return sum(target for _year, target, _realised in self.money_by_year)


def member_basis(initiative: Initiative, organisation_id: int, splits) -> MemberBasis:
    """`splits` is [(budget label, allocation.Split)] of the budgets that are set."""
    shares = [(label, split.by_id().get(organisation_id), split.total_ore)
              for label, split in splits]
    rows = list(initiative.benefits.select_related("organisation", "owner")
                .prefetch_related("years").order_by("name", "pk"))
    own = [b for b in rows if b.organisation_id == organisation_id]
    common = [b for b in rows if b.organisation_id == initiative.organisation_id]
    money = sorted((year, cell["target"], cell["realised"])
                   for (org, year), cell in money_totals(initiative).items()
                   if org == organisation_id)
    return MemberBasis(organisation_id, shares, own, common, money)
