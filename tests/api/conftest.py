from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.builders import CONSULTATION_JSON, REPORT_JSON, an_incident_time_within, approval_json, invoice_json


class Api:
    """Drives the HTTP API as the people who use it would."""

    def __init__(self, client: TestClient, tokens: dict[str, str], policy_number: str) -> None:
        self.client = client
        self.tokens = tokens
        self.report_json = {**REPORT_JSON, "policy_ref": policy_number,
                            "occurred_at": an_incident_time_within(services_policy(client, policy_number)).isoformat()}

    def headers(self, role: str, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}", **extra}

    def post(self, path: str, role: str, json: Any = None, **headers: str) -> Any:
        return self.client.post(path, json=json, headers=self.headers(role, **headers))

    def get(self, path: str, role: str = "auditor") -> Any:
        return self.client.get(path, headers=self.headers(role))

    def event_count(self, case_id: str) -> int:
        return len(self.get(f"/cases/{case_id}/history").json())

    # builders: each returns the case as the API answered
    def a_reported_case(self) -> dict[str, Any]:
        response = self.post("/cases", "concierge", self.report_json)
        assert response.status_code == 201, response.text
        return response.json()

    def a_case_awaiting_consent(self) -> dict[str, Any]:
        case = self.a_reported_case()
        self.post(f"/cases/{case['id']}/consultations", "concierge", CONSULTATION_JSON)
        response = self.post(f"/cases/{case['id']}/escalation/recommend", "concierge", {"reason": "当事者間での解決は困難"})
        assert response.status_code == 200, response.text
        return response.json()

    def a_case_with_consent(self) -> dict[str, Any]:
        case = self.a_case_awaiting_consent()
        response = self.post(f"/cases/{case['id']}/escalation/approve", "adjuster", approval_json())
        assert response.status_code == 200, response.text
        return response.json()

    def a_case_with_invoice(self) -> dict[str, Any]:
        case = self.a_case_with_consent()
        response = self.post(f"/cases/{case['id']}/invoices", "adjuster", invoice_json())
        assert response.status_code == 201, response.text
        return response.json()

    def a_case_with_approved_payment(self) -> dict[str, Any]:
        case = self.a_case_with_invoice()
        response = self.post(f"/cases/{case['id']}/payments", "adjuster")
        assert response.status_code == 201, response.text
        return response.json()


def services_policy(client: TestClient, policy_number: str):
    return client.app.state.services.app.get_policy(policy_number)


@pytest.fixture
def api(client: TestClient, tokens: dict[str, str], policy_number: str) -> Api:
    return Api(client, tokens, policy_number)
