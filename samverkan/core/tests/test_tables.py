"""List tables: rows rendered in Python read exactly as the library's template would render them,
and paging through a list shows every row once however many rows tie on the sorted column."""

import datetime
import re

import django_tables2 as tables
import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils.html import format_html
from django_tables2 import RequestConfig

from samverkan.core.tables import DateColumn, MoneyColumn, QuickRowsTable
from samverkan.core.views import ListPaginator, unique_order
from samverkan.organisations.models import Organisation
from samverkan.portfolio.models import ManagementObject, System
from samverkan.testing.factories import (
    CapabilityFactory,
    ManagementObjectFactory,
    OrganisationFactory,
    ProductFactory,
    SystemFactory,
)


class LibraryTable(tables.Table):
    """The kinds of column the quick rows take over: plain values, foreign keys, choices, links,
    render_<name> methods, dates, money, and a value that needs escaping."""

    name = tables.Column(linkify=True)
    organisation = tables.Column()
    supplier = tables.Column(accessor="product__supplier")
    management_object = tables.Column(linkify=True)
    lifecycle = tables.Column()
    criticality = tables.Column()
    classification = tables.Column(empty_values=(), orderable=False)
    established = DateColumn(accessor="management_object__established_on")
    users = MoneyColumn(accessor="confidentiality")
    marked = tables.Column(accessor="description")

    def render_classification(self, record):
        return f"{record.confidentiality}/{record.integrity}"

    def render_marked(self, value):
        return format_html("<em>{}</em>", value)

    class Meta:
        model = System
        fields = ("name", "organisation", "supplier", "management_object", "lifecycle",
                  "criticality", "classification", "established", "users", "marked")
        template_name = "core/table.html"


class QuickTable(QuickRowsTable, LibraryTable):
    pass


def _rendered(table_class, queryset) -> str:
    request = RequestFactory().get("/")
    table = table_class(queryset, request=request)
    RequestConfig(request, paginate={"per_page": 50, "paginator_class": ListPaginator}
                  ).configure(table)
    html = Template("{% load django_tables2 %}{% render_table table %}").render(
        Context({"table": table, "request": request}))
    html = re.sub(r">\s+<", "><", html)
    return re.sub(r"\s+", " ", html).replace("<td >", "<td>").replace("<tr >", "<tr>")


@pytest.fixture
def systems(db):
    owner = OrganisationFactory(name="Laxå kommun")
    target = ManagementObjectFactory(name="Skola & förskola", organisation=owner,
                                     established_on=datetime.date(2021, 3, 1))
    product = ProductFactory(name="Edlevo")
    SystemFactory(name="<Procapita>", organisation=owner, product=product,
                  management_object=target, lifecycle=System.Lifecycle.ACTIVE,
                  confidentiality=3, integrity=2, description='Säg "hej" & <b>',
                  capability=CapabilityFactory())
    SystemFactory(name="Unikum", organisation=owner, lifecycle=System.Lifecycle.PLANNED)
    SystemFactory(name="Tomt", organisation=owner, criticality="")
    return System.objects.select_related("organisation", "product__supplier",
                                         "management_object").order_by("name")


def test_quick_rows_render_the_same_html_as_the_library(systems):
    quick = _rendered(QuickTable, systems)
    assert quick == _rendered(LibraryTable, systems)
    assert "&lt;Procapita&gt;" in quick and "<em>Säg &quot;hej&quot; &amp; &lt;b&gt;</em>" in quick
    assert '<a href="/objekt/' in quick and "Skola &amp; förskola" in quick


def test_quick_rows_are_written_by_python_and_empty_pages_keep_the_empty_text(systems):
    request = RequestFactory().get("/")
    table = QuickTable(systems, request=request)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    assert table.rows_html.count("<tr ") == 3
    empty = QuickTable(systems.none(), request=request)
    RequestConfig(request, paginate={"per_page": 50}).configure(empty)
    assert empty.rows_html is None


def test_a_table_with_a_column_of_its_own_kind_falls_back_to_the_library(systems):
    class WithBoolean(QuickTable):
        flag = tables.BooleanColumn(accessor="personal_data")

        class Meta(QuickTable.Meta):
            fields = (*QuickTable.Meta.fields, "flag")

    request = RequestFactory().get("/")
    table = WithBoolean(systems, request=request)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    assert table.rows_html is None
    assert len(list(table.paginated_rows)) == 3


def test_the_order_gets_the_primary_key_last_unless_it_is_there():
    systems = System.objects.order_by("name")
    assert list(unique_order(systems).query.order_by) == ["name", "pk"]
    assert list(unique_order(System.objects.all()).query.order_by) == [
        *System._meta.ordering, "pk"]
    assert list(unique_order(systems.order_by("-pk")).query.order_by) == ["-pk"]
    assert list(unique_order(ManagementObject.objects.order_by("-id")).query.order_by) == ["-id"]


def test_paging_through_rows_that_tie_shows_each_row_once(db, client, django_user_model):
    owners = [OrganisationFactory(name=f"Bolag {n:03}", kind=Organisation.Kind.COMPANY,
                                  municipality_code="") for n in range(130)]
    for owner in owners:
        SystemFactory(name="Office 365", organisation=owner)  # one name, 130 owners
    client.force_login(django_user_model.objects.create_superuser("admin", "a@b.se", "pw"))
    seen = []
    for page in (1, 2, 3):
        html = client.get("/system/", {"page": page, "sort": "name"}).content.decode()
        seen += re.findall(r'<a href="/system/(\d+)/">Office 365</a>', html)
    assert len(seen) == 130 and len(set(seen)) == 130
