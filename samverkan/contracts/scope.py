"""The organisations a contract may refer to (`related_organisation_ids`, from organisations)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from samverkan.organisations.models import related_organisation_ids


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
