"""N+1 queries fail tests: the list, its export, the detail page and the API cost the same with
3 rows as with 30."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samverkan.testing.factories import (
    ContractFactory,
    ContractPartyFactory,
    ExtensionOptionFactory,
    ManagementObjectFactory,
    PersonFactory,
    SystemFactory,
)

pytestmark = pytest.mark.django_db


def make_contracts(count, owner, supplier=None):
    made = []
    for n in range(count):
        extra = {"supplier": supplier} if supplier else {}
        contract = ContractFactory(organisation=owner, title=f"Avtal {n:03d}",
                                   prices_confidential=n % 2 == 0, **extra)
        ContractPartyFactory(contract=contract, organisation=owner,
                             annual_amount_ore=None if n % 3 == 0 else 1000 * n)
        ExtensionOptionFactory(contract=contract, ordering=1, used_on=datetime.date(2022, 1, 1))
        made.append(contract)
    return made


def count_queries(client, url) -> int:
    client.get(url)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [
    "/avtal/", "/avtal/?sort=notice_deadline", "/avtal/?flag=passivt_forlangt",
    "/avtal/?status=passivt_forlangt&q=Avtal", "/avtal/?export=csv", "/avtal/?export=xlsx",
    "/api/contracts/", "/api/contract-parties/", "/avtal/kalender/",
])
def test_list_queries_do_not_grow_with_rows(laxa, editor, client_for, url):
    client = client_for(editor)
    make_contracts(3, laxa)
    few = count_queries(client, url)
    make_contracts(27, laxa)
    many = count_queries(client, url)
    assert few == many, f"{url}: {few} queries with 3 rows, {many} with 30"


def test_detail_queries_do_not_grow_with_parts(laxa, cooperation, editor, client_for):
    client = client_for(editor)
    contract = ContractFactory(organisation=laxa)
    url = contract.get_absolute_url()

    def add(count):
        for n in range(count):
            ContractPartyFactory(contract=contract, organisation=laxa if n % 2 else cooperation,
                                 annual_amount_ore=n * 100)
            contract.systems.add(SystemFactory(organisation=laxa))
            contract.management_objects.add(ManagementObjectFactory(organisation=laxa))
            contract.responsible_people.add(PersonFactory(organisation=laxa))
            contract.extension_options.create(ordering=n + 1, length_months=12)

    add(3)
    few = count_queries(client, url)
    add(27)
    many = count_queries(client, url)
    assert few == many, f"{few} queries with 3 parts, {many} with 30"


def test_supplier_page_queries_do_not_grow(laxa, editor, client_for):
    client = client_for(editor)
    supplier = make_contracts(1, laxa)[0].supplier
    url = f"/avtal/leverantorer/{supplier.pk}/"
    make_contracts(2, laxa, supplier)
    few = count_queries(client, url)
    make_contracts(27, laxa, supplier)
    assert count_queries(client, url) == few
