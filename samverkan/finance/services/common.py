"""What every part of financing shares: the stale-preview error, money as text, the ledger's
outcome, a cooperation's usual participants, and which members' rows a user sees."""

import datetime

from django.utils.translation import gettext as _

from samverkan.core import permissions
from samverkan.core.formatting import format_ore
from samverkan.ledger import services as ledger_services
from samverkan.organisations.models import Organisation


class StaleComputation(Exception):
    """The figures changed between the preview the user saw and the approval."""

    def __init__(self):
        super().__init__(_("Underlaget har ändrats sedan du såg förhandsvisningen. Granska den nya "
                           "fördelningen och fastställ igen."))


money = format_ore  # the one money format (core.formatting)


# -- the ledger ------------------------------------------------------------------------------------

def actual_cost_ore(*, seen_by: int, year: int, organisation=None, contract=None,
                    management_object=None, system=None, category: str | None = None) -> int:
    """Actual cost in öre from the matched ledger lines (the ledger's summaries), as far as
    the organisation `seen_by` (the one that splits or invoices it) may read them, whoever
    looks at the result: it never carries another organisation's confidential amounts."""
    return ledger_services.actual_cost_ore(
        year=year, organisation=organisation, contract=contract,
        management_object=management_object, system=system, category=category or None,
        seen_by=seen_by)


def visible_rows(user, issuer_id: int, rows, attribute: str = "organisation"):
    """Every member's row for the provider's users, only the user's own for other members."""
    if permissions.reads_for(user, issuer_id):
        return list(rows)
    mine = permissions.organisations_where(user, permissions.Role.READER)
    return [row for row in rows if getattr(row, attribute).pk in mine]


def default_participants(organisation: Organisation, year: int):
    """A cooperation's members on 1 January of the year (the usual participants)."""
    return organisation.members_on(datetime.date(year, 1, 1)).order_by("name")
