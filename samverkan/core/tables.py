"""Table pieces shared by every app's list pages."""

import inspect
from functools import partialmethod

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import date as format_date
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_tables2.rows import BoundRow
from django_tables2.utils import A

from .formatting import format_ore, ore_to_kronor, person_name

TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}


def secret_cell():
    """What a table shows for a value its reader may not see."""
    return format_html('<span class="text-muted">{}</span>', _("Sekretess"))
NUM = {"td": {"class": "num"}, "th": {"class": "num"}}
SCREEN_HIDDEN = {"td": {"class": "d-none"}, "th": {"class": "d-none"}}  # in exports only


class DateColumn(tables.DateColumn):
    """django-tables2's DateColumn, which parses its one-line template anew for every cell;
    this renders the same text directly."""

    quick_rows = True

    def __init__(self, *args, format="SHORT_DATE_FORMAT", **kwargs):
        super().__init__(format, *args, **kwargs)
        self.date_format = format

    def render(self, value, bound_column, **kwargs):
        return format_date(value, self.date_format) or bound_column.default


class MoneyColumn(tables.Column):
    """Öre in the database; Swedish kronor on the page, a number of kronor in exports."""

    quick_rows = True

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUM)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_ore(value)

    def value(self, value):
        return ore_to_kronor(value)


class PersonColumn(tables.Column):
    """A user by name (Karin Ek), not by login (sydnarke)."""

    def render(self, value):
        return person_name(value)

    def value(self, value):
        return person_name(value)


class QuickRowsTable(tables.Table):
    """A Table whose page of rows is worked out in Python, with what django-tables2 otherwise
    works out anew for every cell (the render method's signature, the cell's attributes, the
    accessor's field) taken once per column, and whose <tr>s are written as one string rather
    than through a template loop per cell: for 50 rows × 11 columns of a national system
    register those were most of a list page's time.

    Plain columns only: model values, foreign keys, choices, linkify=True, render_<name> methods
    and column classes that say `quick_rows = True` (their render() is all they change). With
    any other column, pinned rows, row_attrs or computed attributes the library's own rows and
    template are used, so a table can always inherit from this one."""

    @property
    def paginated_rows(self):
        quick = self._quick_rows()
        return super().paginated_rows if quick is None else quick

    @property
    def rows_html(self):
        """The page's <tr> elements as safe HTML, or None when the template must render the rows
        itself (the library's rows, or no rows: the template shows the empty text)."""
        quick = self._quick_rows()
        if not quick:
            return None
        parts = []
        for row in quick:
            parts.append(f'<tr class="{row.get_even_odd_css_class()}">')
            for column, cell in row.items:
                parts.append(f"<td{column.td_html}>{conditional_escape(cell)}</td>")
            parts.append("</tr>\n")
        return mark_safe("".join(parts))

    def _quick_rows(self):
        page = getattr(self, "page", None)
        cached = self.__dict__.get("_quick_rows_cache")
        if cached is not None and cached[0] is page:
            return cached[1]
        plan = self._quick_plan() if page is not None else None
        quick = None
        if plan is not None:
            context, choices, quick = Context(), {}, []
            for record in super().paginated_rows.data:
                row = BoundRow(record, table=self)
                quick.append(_QuickRow(row, [
                    (column, render_value_in_context(self._quick_cell(row, choices, *step),
                                                     context))
                    for column, *step in plan]))
        self._quick_rows_cache = (page, quick)
        return quick

    def _quick_plan(self):
        if self.row_attrs or self.pinned_data.get("top") or self.pinned_data.get("bottom") \
                or _computed(self.attrs):
            return None
        plan = []
        for bound in self.columns:
            column = bound.column
            if not (type(column) is tables.Column or getattr(column, "quick_rows", False)) \
                    or column.localize is not None or _computed(column.attrs):
                return None
            link = bound.link
            if link is not None and (link.url or link.reverse_args or link.attrs or link.accessor):
                return None
            linked = A(bound.name) if link is not None else None  # linkify=True
            if bound.render == column.render and type(column).render is tables.Column.render:
                takes = None  # Column.render(value) returns the value itself
            else:
                parameters = inspect.signature(bound.render).parameters.values()
                if any(p.kind == p.VAR_KEYWORD for p in parameters):
                    takes = "all"
                else:
                    takes = [p.name for p in parameters if p.kind != p.VAR_POSITIONAL]
            path, _sep, remainder = str(bound.accessor).rpartition(A.SEPARATOR)
            plan.append((_QuickColumn(bound), bound, A(path), remainder, takes, linked))
        return plan

    def _quick_cell(self, row, choices, bound, path, remainder, takes, linked):
        """As BoundRow._get_and_render_with, _call_render and LinkTransform for linkify=True."""
        record, column, value = row.record, bound.column, None
        if not str(path) and remainder in getattr(record, "hidden_fields", ()):
            return secret_cell()  # a masked row (RestrictedQuerySet.masked_for)
        penultimate = path.resolve(record, quiet=True)
        if isinstance(penultimate, models.Model):
            try:
                field = bound.accessor.get_field(record)
                display = getattr(penultimate, f"get_{remainder}_display", None)
                if getattr(field, "choices", ()) and display:
                    value, remainder = _display(penultimate, field, display, choices), None
            except FieldDoesNotExist:
                pass
        if remainder:
            try:
                value = bound.accessor.resolve(record)
            except Exception:
                value = None
        if value in column.empty_values:
            return bound.default
        arguments = {"value": value, "record": record, "column": column, "bound_column": bound,
                     "bound_row": row, "table": self}
        if takes is None:
            content = value
        elif takes == "all":
            content = bound.render(**arguments)
        elif all(name in arguments for name in takes):
            content = bound.render(**{name: arguments[name] for name in takes})
        else:
            content = None
        if linked is None:
            return content
        target = linked.resolve(record)
        if not hasattr(target, "get_absolute_url"):
            target = record
        href = target.get_absolute_url()
        return content if href is None else format_html('<a href="{}">{}</a>', href, content)


def _display(record, field, display, choices):
    """record.get_FOO_display(), with the choices made into a dict of translated labels once per
    table rather than once per cell (Django's own method does it on every call) when the model
    has not replaced the method."""
    key = (type(record), field)
    if key not in choices:
        own = inspect.getattr_static(type(record), f"get_{field.name}_display", None)
        choices[key] = {value: force_str(label, strings_only=True)
                        for value, label in make_hashable(field.flatchoices)} \
            if isinstance(own, partialmethod) else None
    if choices[key] is None:
        return display()
    value = getattr(record, field.attname)
    return choices[key].get(make_hashable(value), force_str(value, strings_only=True))


class _QuickRow:
    """A BoundRow with its cells already rendered; anything else is the library's row."""

    def __init__(self, row, items):
        self._row, self.items = row, items

    def __getattr__(self, name):
        return getattr(self._row, name)


class _QuickColumn:
    """A BoundColumn with its cell attributes worked out once (they are the same on every
    row); anything else is the library's column."""

    def __init__(self, bound):
        self._bound, self.attrs = bound, bound.attrs
        td = self.attrs["td"].as_html()
        self.td_html = f" {td}" if td else ""

    def __getattr__(self, name):
        return getattr(self._bound, name)


def _computed(attrs) -> bool:
    """Attributes computed per cell (callables) make the quick rows step aside."""
    return any(callable(value) or isinstance(value, dict) and _computed(value)
               for value in (attrs or {}).values())
