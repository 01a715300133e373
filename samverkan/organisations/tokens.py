"""API tokens seen from the people who hold and manage them: a page where users see and revoke
their own token (and create one, also when password login is off) and administrators revoke
the tokens of the users they manage; the same revocation in the API."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from samverkan.core.authentication import issue_token, revoke_tokens, token_expires

from .forms import administered


def managed_users(admin):
    """Users whose tokens `admin` may revoke: everyone for a superuser; for an administrator,
    the users with a role in an organisation they administer (never a superuser)."""
    users = get_user_model().objects.all()
    if admin.is_superuser:
        return users
    return users.filter(organisation_roles__organisation__in=administered(admin),
                        is_superuser=False).distinct()


def may_revoke(admin, target) -> bool:
    return admin == target or managed_users(admin).filter(pk=target.pk).exists()


def api_tokens(request):
    if request.method == "POST":
        target = get_object_or_404(get_user_model(), pk=request.POST.get("user"))
        if not may_revoke(request.user, target):
            raise PermissionDenied(_("Du får inte återkalla den här användarens nyckel."))
        action = request.POST.get("action")
        if action == "create" and target == request.user:
            token = issue_token(request.user)
            messages.success(request, _("Din nyckel: %(key)s. Spara den nu; den visas inte igen.")
                             % {"key": token.key})
        elif action == "revoke":
            revoke_tokens(target)
            messages.success(request, _("Nyckeln för %(user)s är återkallad.") % {"user": target})
        else:
            return HttpResponseBadRequest()
        return HttpResponseRedirect(reverse("organisations:api_tokens"))
    own = Token.objects.filter(user=request.user).first()
    others = (Token.objects.filter(user__in=managed_users(request.user))
              .exclude(user=request.user).select_related("user").order_by("user__username"))
    return render(request, "organisations/api_tokens.html", {
        "title": _("API-nycklar"), "own": own, "own_expires": own and token_expires(own),
        "others": [(token, token_expires(token)) for token in others],
    })


class TokenRevokeView(APIView):
    """`DELETE /api/auth/tokens/<user id>/`: revokes the user's token (your own, or as an
    administrator that of a user you manage)."""

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, user_id: int):
        target = get_object_or_404(get_user_model(), pk=user_id)
        if not may_revoke(request.user, target):
            raise ApiPermissionDenied(_("Du får inte återkalla den här användarens nyckel."))
        revoke_tokens(target)
        return Response(status=status.HTTP_204_NO_CONTENT)
