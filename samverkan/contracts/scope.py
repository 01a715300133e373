"""The organisations a contract may refer to."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samverkan.organisations.models import Membership


def related_organisation_ids(organisation_id: int | None) -> set[int]:
    """The owner, its members (when it is a cooperation) and the cooperations it belongs to: the
    organisations whose parties, systems, objects and people a contract may refer to."""
    if organisation_id is None:
        return set()
    ids = {organisation_id}
    for cooperation, member in Membership.objects.filter(
        Q(cooperation_id=organisation_id) | Q(member_id=organisation_id)
    ).values_list("cooperation_id", "member_id"):
        ids.update((cooperation, member))
    return ids


def unrelated_references(organisation_id: int | None, *, systems=(), management_objects=(),
                         people=()) -> dict[str, str]:
    """Form and API errors for references to organisations unrelated to the owner."""
    allowed = related_organisation_ids(organisation_id)
    message = _("Får bara gälla den ägande organisationen, dess medlemmar eller samverkan: "
                "%(names)s hör till en annan organisation.")
    errors = {}
    for name, items in (("systems", systems), ("management_objects", management_objects),
                        ("responsible_people", people)):
        outside = [str(item) for item in items if item.organisation_id not in allowed]
        if outside:
            errors[name] = str(message) % {"names": ", ".join(outside)}
    return errors


# -- summaries for pages, exports and the API ---------------------------------------------------
