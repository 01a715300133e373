"""URL patterns every register shares: a governed record (list, add, detail, change, archive)
and the parts of a record (add, change, remove)."""

from django.urls import path


def governed(prefix: str, name: str, plural: str, list_view, detail, edit, archive):
    return [
        path(f"{prefix}/", list_view.as_view(), name=plural),
        path(f"{prefix}/ny/", edit.as_view(), name=f"{name}_add"),
        path(f"{prefix}/<int:pk>/", detail.as_view(), name=name),
        path(f"{prefix}/<int:pk>/andra/", edit.as_view(), name=f"{name}_edit"),
        path(f"{prefix}/<int:pk>/arkivera/", archive.as_view(), name=f"{name}_archive"),
    ]


def child(prefix: str, name: str, edit, delete):
    return [
        path(f"{prefix}/ny/", edit.as_view(), name=f"{name}_add"),
        path(f"{prefix}/<int:pk>/", edit.as_view(), name=f"{name}_edit"),
        path(f"{prefix}/<int:pk>/ta-bort/", delete.as_view(), name=f"{name}_delete"),
    ]
