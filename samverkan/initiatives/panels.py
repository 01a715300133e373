"""The "Initiativ" section of the management object's page: the initiatives that led to the
object (handed over to it)."""

from __future__ import annotations

from .models import Initiative


def object_panel(obj, user) -> dict:
    return {"initiatives": Initiative.objects.for_user(user).filter(
        management_object=obj, archived_at__isnull=True).order_by("name")}
