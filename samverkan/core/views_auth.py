"""API tokens: `POST /api/auth/token/` with username and password returns a token (valid for
SAMVERKAN_API_TOKEN_DAYS). Failed attempts count towards the same lock-out as the login page."""

from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from .authentication import issue_token


class _Credentials(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


@method_decorator([csrf_exempt, login_not_required], name="dispatch")
class TokenView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(request=_Credentials, responses={200: inline_serializer(
        "TokenResponse", {"token": serializers.CharField()})})
    def post(self, request):
        credentials = _Credentials(data=request.data)
        credentials.is_valid(raise_exception=True)
        user = authenticate(request._request, **credentials.validated_data)
        if user is None or not user.is_active:
            return Response({"detail": _("Fel användarnamn eller lösenord.")},
                            status=status.HTTP_400_BAD_REQUEST)
        return Response({"token": issue_token(user).key})
