"""The largest amounts and what a ledger import can sum, said once for every format.

Amounts are stored in öre in 64-bit integer columns (at most 9 223 372 036 854 775 807 öre).
One row may hold at most 10 000 billion kronor (10^15 öre), more than Sweden's yearly GDP, so a
larger figure is a typing or export error; the amounts of one file together (summed without
their signs, which bounds every sum the import keeps: per voucher, category, contract and year)
at most 10^18 öre, so no sum can overflow the columns.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

MAX_AMOUNT_ORE = 10**15
MAX_FILE_TOTAL_ORE = 10**18


def _kronor(ore: int) -> str:
    return f"{ore // 100:,}".replace(",", " ")


def amount_too_large(ore: int) -> str | None:
    """The error for one row's amount in öre, or None if it is accepted."""
    if -MAX_AMOUNT_ORE <= ore <= MAX_AMOUNT_ORE:
        return None
    return amount_limit_message()


def amount_limit_message() -> str:
    return _("Beloppet är orimligt stort; största tillåtna belopp på en rad är ±%(limit)s kr.") \
        % {"limit": _kronor(MAX_AMOUNT_ORE)}


def file_total_message() -> str:
    return _("Filens belopp är sammanlagt (utan tecken) större än %(limit)s kr, mer än "
             "importen kan summera säkert. Dela upp filen.") % {"limit": _kronor(MAX_FILE_TOTAL_ORE)}
