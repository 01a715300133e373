from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import navigation, search
from .models import ImportBatch


def global_search(request):
    text = request.GET.get("q", "")
    results = search.search(request.user, text)
    return render(request, "core/search.html", {
        "q": text, "results": results, "title": _("Sök"),
        "too_short": 0 < len(text.strip()) < 2,
    })


def import_list(request):
    batches = ImportBatch.objects.for_user(request.user).select_related(
        "created_by", "organisation")[:200]
    return render(request, "core/imports.html", {"batches": batches, "title": _("Importer")})


def menu_page(request, slug):
    """A menu group as a page: where its dropdown leads when JavaScript is off."""
    group = navigation.group(slug)
    if group is None or not group.entries:
        raise Http404
    return render(request, "core/menu.html", {"group": group, "title": group.label})
