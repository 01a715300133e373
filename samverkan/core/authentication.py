"""Authentication backends and API authentication shared by every app."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class PasswordBackend(ModelBackend):
    """Django's username-and-password backend, switched off by SAMVERKAN_PASSWORD_LOGIN=false
    (then only single sign-on logs in); sessions it started are still recognised."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.SAMVERKAN_PASSWORD_LOGIN:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
