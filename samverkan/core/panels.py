"""Sections that later apps add to an earlier app's record page (the management object's page
gains "Förvaltning" from planning), without the earlier app knowing the later one: an app
registers a template and a function giving its context in `AppConfig.ready()`, and the page
renders whatever is registered for its record with `{% record_panels object %}`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string


@dataclass(frozen=True)
class Panel:
    model: type
    template: str
    context: Callable  # (obj, user) -> dict
    order: int


_PANELS: list[Panel] = []


def register(model, template: str, context: Callable, order: int = 100) -> None:
    if not any(p.model is model and p.template == template for p in _PANELS):
        _PANELS.append(Panel(model, template, context, order))
        _PANELS.sort(key=lambda p: p.order)


def render(obj, request) -> str:
    """The registered sections for `obj`'s model, rendered for the requesting user."""
    parts = []
    for panel in _PANELS:
        if isinstance(obj, panel.model):
            context = {"object": obj, **panel.context(obj, request.user)}
            parts.append(render_to_string(panel.template, context, request=request))
    return "".join(parts)
