import datetime

import django_tables2 as tables
from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from samverkan.core.formatting import format_ore, ore_to_kronor
from samverkan.core.tables import NUM, SCREEN_HIDDEN, TABLE_ATTRS, QuickRowsTable

from . import services
from .models import Contract

NOWRAP = {"td": {"class": "text-nowrap"}}
STATUS_BADGES = {
    services.StatusKind.NOT_STARTED: "text-bg-light",
    services.StatusKind.WITHIN_TERM: "text-bg-success",
    services.StatusKind.OPTION_PERIOD: "text-bg-info",
    services.StatusKind.PASSIVELY_EXTENDED: "text-bg-warning",
    services.StatusKind.TERMINATED: "text-bg-secondary",
    services.StatusKind.EXPIRED: "text-bg-dark",
}


def status_text(current: services.Status) -> str:
    if current.kind == services.StatusKind.PASSIVELY_EXTENDED and current.since:
        return _gettext("%(label)s sedan %(since)s") % {"label": current.label,
                                                         "since": current.since.isoformat()}
    if current.kind == services.StatusKind.TERMINATED and current.until:
        return _gettext("%(label)s, upphör %(until)s") % {"label": current.label,
                                                           "until": current.until.isoformat()}
    return current.label


def _date_key(value: datetime.date | None, descending: bool):
    # missing dates last whichever way the column is sorted
    if value is None:
        return (1, datetime.date.min if descending else datetime.date.max)
    return (0, value)


class ContractTable(QuickRowsTable):
    """Derived columns (status, term end, notice deadline) are computed per row once and can be
    sorted on: the ordering is worked out in Python and handed to the database as a CASE."""

    title = tables.Column(verbose_name=_("Avtal"))
    # shown under the title on the page, so the list fits 1 280 px; a column of its own in exports
    number = tables.Column(verbose_name=_("Avtalsnummer"), attrs=SCREEN_HIDDEN)
    organisation = tables.Column(verbose_name=_("Ägare"), order_by=("organisation__name",))
    supplier = tables.Column(
        verbose_name=_("Leverantör"), order_by=("supplier__name",),
        linkify=lambda record: reverse("contracts:supplier", args=[record.supplier_id]))
    status = tables.Column(empty_values=(), verbose_name=_("Status"))
    term_end = tables.Column(empty_values=(), verbose_name=_("Avtalstid till"), attrs=NOWRAP)
    notice_deadline = tables.Column(empty_values=(), verbose_name=_("Sista uppsägningsdag"),
                                    attrs=NOWRAP)
    annual_amount = tables.Column(empty_values=(), orderable=False, attrs=NUM,
                                  verbose_name=_("Avtalat per år"))
    flags = tables.Column(empty_values=(), orderable=False, verbose_name=_("Att åtgärda"))

    class Meta:
        model = Contract
        fields = ("title", "number", "organisation", "supplier", "status", "term_end",
                  "notice_deadline", "annual_amount", "flags")
        attrs = TABLE_ATTRS
        empty_text = _("Inga avtal matchar filtret.")

    def __init__(self, *args, request=None, **kwargs):
        self.user = getattr(request, "user", None)
        self.today = timezone.localdate()
        self._summaries: dict[int, services.Summary] = {}
        super().__init__(*args, request=request, **kwargs)

    def summary(self, record) -> services.Summary:
        found = self._summaries.get(record.pk)
        if found is None:
            found = self._summaries[record.pk] = services.summary(record, self.today, user=self.user)
        return found

    # -- sorting on derived values --

    def _order_derived(self, queryset, is_descending, key):
        rows = sorted(queryset, key=lambda c: key(self.summary(c)), reverse=is_descending)
        if not rows:
            return queryset, True
        positions = [When(pk=row.pk, then=Value(i)) for i, row in enumerate(rows)]
        return queryset.order_by(Case(*positions, default=Value(len(rows)),
                                      output_field=IntegerField())), True

    def order_status(self, queryset, is_descending):
        return self._order_derived(queryset, is_descending, lambda s: (
            s.status.rank, _date_key(s.status.since, is_descending)))

    def order_term_end(self, queryset, is_descending):
        return self._order_derived(queryset, is_descending,
                                   lambda s: _date_key(s.term_end, is_descending))

    def order_notice_deadline(self, queryset, is_descending):
        return self._order_derived(queryset, is_descending,
                                   lambda s: _date_key(s.notice_deadline, is_descending))

    # -- cells --

    def render_title(self, record):
        link = format_html('<a href="{}">{}</a>', record.get_absolute_url(), record.title)
        if not record.number:
            return link
        return format_html('{}<br><span class="small text-muted">{}</span>', link, record.number)

    def value_title(self, record):
        return record.title

    def render_status(self, record):
        current = self.summary(record).status
        return format_html('<span class="badge {}">{}</span>', STATUS_BADGES[current.kind],
                           status_text(current))

    def value_status(self, record):
        return status_text(self.summary(record).status)

    def render_term_end(self, record):
        end = self.summary(record).term_end
        return end.isoformat() if end else _gettext("Tills vidare")

    def value_term_end(self, record):
        return self.summary(record).term_end

    def render_notice_deadline(self, record):
        deadline = self.summary(record).notice_deadline
        return deadline.isoformat() if deadline else "–"

    def value_notice_deadline(self, record):
        return self.summary(record).notice_deadline

    def _amount(self, record):
        total, known, missing = services.annual_total(self.user, record)
        if not services.can_see_prices(self.user, record):
            return None, _gettext("Sekretess")
        if not known and not missing:
            return None, ""
        if not known:
            return None, _gettext("Saknas")
        if missing:
            text = _gettext("%(amount)s (saknas för %(n)s)") % {
                "amount": format_ore(total), "n": missing}
            return None, text
        return ore_to_kronor(total), format_ore(total)

    def render_annual_amount(self, record):
        value, text = self._amount(record)
        if value is None and text:
            return format_html('<span class="text-muted">{}</span>', text)
        return text or "–"

    def value_annual_amount(self, record):
        value, text = self._amount(record)
        return value if value is not None else text

    def render_flags(self, record):
        found = self.summary(record).flags
        if not found:
            return "–"
        return format_html_join(" ", '<span class="badge text-bg-warning">{}</span>',
                                ((flag.label,) for flag in found))

    def value_flags(self, record):
        return ", ".join(str(flag.label) for flag in self.summary(record).flags)
