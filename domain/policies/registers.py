"""Rules that span policies, each kept by a small aggregate saved with the policy it concerns.

- ClinicRegister: one contract per clinic — no two policies of a product cover one clinic at once.
- CyberGroup: the physician cyber group of a policy year forms with 10 enrolled (paid) members;
  until then its policies give no cover. A member whose policy ends counts until the end takes
  effect, not after.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.kernel.shared import SharedDict, SharedList
from domain.policies.errors import ClinicAlreadyContracted

REGISTER_NAMESPACE = uuid5(NAMESPACE_URL, "urn:jsprs-claims:register")
GROUP_MINIMUM_MEMBERS = 10


def clinic_register_id(product: str, clinic_id: str) -> UUID:
    return uuid5(REGISTER_NAMESPACE, f"clinic:{product}:{clinic_id.strip().upper()}")


def cyber_group_id(policy_year: int) -> UUID:
    return uuid5(REGISTER_NAMESPACE, f"cyber_physician_group:{policy_year}")


class ClinicRegister(Aggregate):
    TOPIC = "claims:ClinicRegister"

    class Created(Aggregate.Created):
        TOPIC = "claims:ClinicRegister.Created"

    @classmethod
    def open_for(cls, product: str, clinic_id: str) -> ClinicRegister:
        return cls(id=clinic_register_id(product, clinic_id), product=product, clinic_id=clinic_id)

    def enter(self, policy_number: str) -> None:
        """A new application: refused while another of this clinic's applications awaits its premium."""
        pending = [n for n, cover in self.contracts.items() if cover is None]
        if pending:
            raise ClinicAlreadyContracted(
                f"clinic {self.clinic_id} already has application {pending[0]} awaiting its premium", field="clinic_id"
            )
        self._entered(policy_number=policy_number)

    def cover_fixed(self, policy_number: str, start: datetime, end: datetime) -> None:
        for other, cover in self.contracts.items():
            if other != policy_number and cover is not None and cover[0] < end and start < cover[1]:
                raise ClinicAlreadyContracted(
                    f"clinic {self.clinic_id} is already covered by {other} in that period", field="clinic_id",
                    params={"other": other},
                )
        self._cover_fixed(policy_number=policy_number, start=start, end=end)

    def release(self, policy_number: str) -> None:
        if policy_number in self.contracts:
            self._released(policy_number=policy_number)

    def end(self, policy_number: str, effective_at: datetime) -> None:
        """A cancelled or lapsed contract holds the clinic until it takes effect, not after."""
        if policy_number not in self.contracts:
            return
        cover = self.contracts[policy_number]
        if cover is None or effective_at <= cover[0]:
            self.release(policy_number)
        elif effective_at < cover[1]:
            self._cover_fixed(policy_number=policy_number, start=cover[0], end=effective_at)

    @event("Opened", topic="claims:ClinicRegister.Opened")
    def __init__(self, id: Any, product: str, clinic_id: str) -> None:
        self.product = product
        self.clinic_id = clinic_id
        self.contracts: dict[str, tuple[datetime, datetime] | None] = SharedDict()

    @event("Entered", topic="claims:ClinicRegister.Entered")
    def _entered(self, policy_number: str) -> None:
        self.contracts[policy_number] = None

    @event("CoverFixed", topic="claims:ClinicRegister.CoverFixed")
    def _cover_fixed(self, policy_number: str, start: datetime, end: datetime) -> None:
        self.contracts[policy_number] = (start, end)

    @event("Released", topic="claims:ClinicRegister.Released")
    def _released(self, policy_number: str) -> None:
        del self.contracts[policy_number]


class CyberGroup(Aggregate):
    TOPIC = "claims:CyberGroup"

    class Created(Aggregate.Created):
        TOPIC = "claims:CyberGroup.Created"

    @classmethod
    def for_year(cls, policy_year: int) -> CyberGroup:
        return cls(id=cyber_group_id(policy_year), policy_year=policy_year)

    def join(self, policy_number: str) -> None:
        if policy_number not in self.members:
            self._joined(policy_number=policy_number)

    def leave(self, policy_number: str, effective_at: datetime) -> None:
        """The member's policy ends at `effective_at`: it counts until then."""
        if policy_number in self.members and policy_number not in self.leaving:
            self._left(policy_number=policy_number, effective_at=effective_at)

    def members_at(self, instant: datetime) -> list[str]:
        return [m for m in self.members if m not in self.leaving or instant < self.leaving[m]]

    def formed_at(self, instant: datetime) -> bool:
        """The group contract stands at that instant: at least 10 members whose policy has not ended."""
        return len(self.members_at(instant)) >= GROUP_MINIMUM_MEMBERS

    @event("Opened", topic="claims:CyberGroup.Opened")
    def __init__(self, id: Any, policy_year: int) -> None:
        self.policy_year = policy_year
        self.members: list[str] = SharedList()
        self.leaving: dict[str, datetime] = SharedDict()

    @event("MemberJoined", topic="claims:CyberGroup.MemberJoined")
    def _joined(self, policy_number: str) -> None:
        self.members.append(policy_number)

    class MemberLeft(Aggregate.Event):
        """v2 added `effective_at`: when the member's policy end takes effect. v1 members left
        at once, when the event was recorded."""

        TOPIC = "claims:CyberGroup.MemberLeft"
        class_version = 2
        policy_number: str
        effective_at: datetime

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["effective_at"] = state["timestamp"]

    @event(MemberLeft)
    def _left(self, policy_number: str, effective_at: datetime) -> None:
        self.leaving[policy_number] = effective_at
