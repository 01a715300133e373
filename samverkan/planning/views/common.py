"""What the planning pages share: running a service for a POST button and reporting its result."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect

from samverkan.core.services import StaleVersionError


def run(request, action, success: str, target: str):
    """Run a state change from a POST form; refusals become messages on the page."""
    try:
        action()
    except StaleVersionError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        raise PermissionDenied(str(exc)) from None
    else:
        messages.success(request, success)
    return HttpResponseRedirect(target)


def expected_version(request) -> int | None:
    value = request.POST.get("expected_version", "")
    return int(value) if value.isdigit() else None
