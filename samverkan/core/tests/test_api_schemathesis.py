"""schemathesis over the whole OpenAPI schema: every operation, a few generated requests each
(valid and invalid), as an editor with a token against the live server. No answer may be a
server error. Bounded: a handful of examples per operation, so it runs in a few minutes.

The operations are driven from here rather than by schemathesis' pytest plugin, whose lazy
loading does not run under this project's pytest version."""

import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, given, settings

from samverkan.core.authentication import issue_token

pytestmark = [pytest.mark.schemathesis, pytest.mark.django_db(transaction=True)]

EXAMPLES_PER_OPERATION = 8


def test_no_generated_request_gives_a_server_error(editor, laxa, live_server):
    client = Client(headers={"Authorization": f"Token {issue_token(editor).key}"})
    raw = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    schema = schemathesis.openapi.from_dict(raw)
    errors, operations, answered = [], 0, []

    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True,
                  database=None, suppress_health_check=list(HealthCheck))
        def check(case):
            # the editor's token, whatever credentials the generated case carries (a generated
            # DELETE /api/auth/tokens/<id>/ may have revoked the last one)
            case.headers = {**(case.headers or {}),
                            "Authorization": f"Token {issue_token(editor).key}"}
            response = case.call(base_url=live_server.url)
            answered.append(response.status_code)
            if response.status_code >= 500:
                errors.append(f"{case.method} {case.formatted_path} → {response.status_code}\n"
                              f"{case.as_curl_command()}\n{response.text[:500]}")

        check()

    assert operations > 50, "the schema lists every resource"
    assert sum(200 <= status < 300 for status in answered) > 20, "the token opens the API"
    assert not errors, f"{len(errors)} serverfel:\n\n" + "\n\n".join(errors[:20])
