"""schemathesis against /openapi.json: a quick property-based run of every API operation, as a gestionnaire."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

EXAMPLES = 25


@pytest.mark.parametrize("empty_database_url", ["sqlite"], indirect=True)
def test_api_conforms_to_its_openapi_schema(desk) -> None:
    from intake.web.app import create_app

    app = create_app(desk.settings)
    headers = desk.headers("gest")
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, headers=headers)  # behind login (issue 16)
    operations = [result.ok() for result in schema.get_all_operations()]
    labels = {op.label for op in operations}
    assert {"GET /api/claims", "GET /api/claims/{reference}", "POST /api/claims/{reference}/confirm",
            "POST /api/claims/{reference}/reject", "POST /api/claims/{reference}/close",
            "POST /api/claims/{reference}/requalify", "GET /api/messages/{message_id}", "GET /api/outbox"} <= labels
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case) -> None:
            case.call_and_validate(headers=headers)

        check()
