"""`Assessment.latest`: whether a closed, non-archived round is the latest of its system and
organisation (latest `closed_at`, then highest pk; a round without a closing time counts as the
earliest). Stored, so the TIME page filters on a flag instead of probing every round for a later
one. Every save and delete of a round recomputes its pair (`refresh_pair`, wired in the app's
`ready()`); bulk writes that skip signals call `refresh_all` afterwards."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Coalesce

from ..models import Assessment

# what a closed round without a closing time counts as (rounds.close always sets one)
EARLIEST = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)


def candidates():
    return Assessment.objects.filter(state=Assessment.State.CLOSED, archived_at__isnull=True)


def refresh_pair(system_id: int, organisation_id: int) -> int | None:
    """Set the flag on the pair's latest round and clear it elsewhere in the pair; the pk of the
    latest round (None: the pair has no closed, non-archived round). `update()`, so neither a
    history row nor `updated_at` records what is only a derived flag."""
    pair = Assessment.objects.filter(system_id=system_id, organisation_id=organisation_id)
    chosen = candidates().filter(system_id=system_id, organisation_id=organisation_id).order_by(
        Coalesce("closed_at", Value(EARLIEST)).desc(), "-pk").values_list("pk", flat=True).first()
    pair.filter(latest=True).exclude(pk=chosen).update(latest=False)
    if chosen is not None:
        pair.filter(pk=chosen, latest=False).update(latest=True)
    return chosen


def latest_of(rounds):
    """The rounds of `rounds` that no later round of `rounds` of the same pair supersedes,
    chosen by the database rather than read from the flag."""
    closed = Coalesce("closed_at", Value(EARLIEST))
    later = rounds.annotate(when=closed).filter(
        Q(when__gt=Coalesce(OuterRef("closed_at"), Value(EARLIEST)))
        | Q(when=Coalesce(OuterRef("closed_at"), Value(EARLIEST)), pk__gt=OuterRef("pk")),
        system_id=OuterRef("system_id"), organisation_id=OuterRef("organisation_id"))
    return rounds.filter(~Exists(later.order_by()))


def refresh_all() -> None:
    """Recompute every flag in two statements (after bulk writes, which send no signals)."""
    Assessment.objects.filter(latest=True).update(latest=False)
    latest_of(candidates()).update(latest=True)


def before_save(sender, instance: Assessment, raw: bool = False, **kwargs) -> None:
    """Remember the pair a stored round belonged to: a round moved to another system or
    organisation leaves its old pair, whose latest round may then be another."""
    if raw or instance._state.adding or instance.pk is None:
        instance._stored_pair = None
        return
    instance._stored_pair = Assessment.objects.filter(pk=instance.pk).values_list(
        "system_id", "organisation_id").first()


def on_save(sender, instance: Assessment, raw: bool = False, **kwargs) -> None:
    if raw:  # loaddata: the fixture carries the flag as it was
        return
    chosen = refresh_pair(instance.system_id, instance.organisation_id)
    instance.latest = chosen == instance.pk
    stored = getattr(instance, "_stored_pair", None)
    if stored is not None and stored != (instance.system_id, instance.organisation_id):
        refresh_pair(*stored)


def on_delete(sender, instance: Assessment, **kwargs) -> None:
    refresh_pair(instance.system_id, instance.organisation_id)
