"""The notice of circumstances (事故の通知) that opens a cyber incident, before any claim exists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.cyber.vocabulary import INCIDENT_KINDS, Business, IncidentKind, InsuredParty
from domain.kernel.clock import require_not_after
from domain.kernel.errors import InvalidInput
from domain.kernel.inputs import optional_text, require_text
from domain.kernel.products import CYBER_PRODUCTS, Product


@dataclass(frozen=True)
class IncidentNotice:
    product: Product
    policy_ref: str
    insured_name: str
    member_number: str
    insured_party: InsuredParty  # policyholder, or (institution) officer / employee
    found: str
    discovered_at: datetime
    occurred_at: datetime
    country: str
    incident_kinds: tuple[IncidentKind, ...]
    business: Business
    personal_data: bool
    medical_data: bool
    people_affected: int | None = None
    insured_name_kana: str | None = None  # フリガナ: the name as it reads, for finding the incident

    def checked(self, now: datetime) -> dict[str, object]:
        """The notice's fields as the event records them, once every rule of its own holds."""
        product = Product.coerce(self.product, "product")
        if product not in CYBER_PRODUCTS:
            raise InvalidInput("product must be cyber_physician or cyber_institution", field="product",
                               reason="not_a_choice")
        require_not_after(self.occurred_at, now, "occurred_at")
        require_not_after(self.discovered_at, now, "discovered_at")
        if self.discovered_at < self.occurred_at:
            raise InvalidInput("discovered_at may not precede occurred_at", field="discovered_at", reason="precedes",
                               params={"other": "occurred_at"})
        allowed = INCIDENT_KINDS[product]
        if not self.incident_kinds or any(k not in allowed for k in self.incident_kinds):
            raise InvalidInput(f"incident_kinds: one or more of {', '.join(allowed)}", field="incident_kinds",
                               reason="kind_not_in_product", params={"product": product, "allowed": list(allowed)})
        if self.people_affected is not None and self.people_affected < 0:
            raise InvalidInput("people_affected may not be negative", field="people_affected", reason="negative")
        return {
            "product": product.value,
            "policy_ref": require_text(self.policy_ref, "policy_ref"),
            "insured_name": require_text(self.insured_name, "insured_name"),
            "insured_name_kana": optional_text(self.insured_name_kana),
            "member_number": require_text(self.member_number, "member_number"),
            "insured_party": InsuredParty.coerce(self.insured_party, "insured_party").value,
            "found": require_text(self.found, "found"),
            "discovered_at": self.discovered_at,
            "occurred_at": self.occurred_at,
            "country": require_text(self.country, "country"),
            "incident_kinds": [IncidentKind(k).value for k in self.incident_kinds],
            "business": Business.coerce(self.business, "business").value,
            "personal_data": self.personal_data,
            "medical_data": self.medical_data,
            "people_affected": self.people_affected,
        }
