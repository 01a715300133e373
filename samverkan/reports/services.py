"""Issuing reports: build the pack for its reader, render it, keep the file as issued. Who may
open an issued pack: those who may see its meeting, unless it holds confidential values, which
only its issuer (who could see them) and superusers may open."""

from __future__ import annotations

import hashlib

from django.db.models import Q
from django.template.loader import render_to_string

from samverkan.core import permissions
from samverkan.core import services as core

from . import pack as packs
from . import render_pptx, render_xlsx
from .models import IssuedReport

CONTENT_TYPES = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}


def render(pack: packs.Pack, fmt: str, request=None) -> bytes:
    if fmt == "pptx":
        return render_pptx.render(pack)
    if fmt == "xlsx":
        return render_xlsx.render(pack)
    if fmt == "html":
        return render_to_string("reports/pack_print.html", {"pack": pack},
                                request=request).encode("utf-8")
    raise ValueError(fmt)


def steering_pack(user, meeting, keys=None, fmt: str = "pptx", request=None):
    """The pack and its file, for a reader who may see the meeting."""
    core.check_can(user, permissions.VIEW, meeting)
    pack = packs.build(meeting, user, keys)
    return pack, render(pack, fmt, request)


def issue(user, meeting, keys=None, fmt: str = "pptx", request=None) -> IssuedReport:
    """Generate the pack and keep it as issued."""
    pack, content = steering_pack(user, meeting, keys, fmt, request)
    return IssuedReport.objects.create(
        meeting=meeting, format=fmt, sections=[part.key for part in pack.sections],
        as_of=pack.as_of, issued_by=user, filename=packs.filename(pack, fmt), content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        contains_confidential=pack.contains_confidential)


def visible_issued(user):
    """Issued packs the user may open."""
    issued = IssuedReport.objects.for_user(user).select_related("meeting", "issued_by")
    if user.is_superuser:
        return issued
    return issued.filter(Q(contains_confidential=False) | Q(issued_by=user))
