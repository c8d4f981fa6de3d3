"""Request and response shapes of the counsel register (law firms, lawyers, a firm's matters)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas.common import Request, Text
from domain.application.counsel import FirmMatter
from domain.counsel.register import CounselRegister, LawFirm, LawFirmInput, Lawyer, LawyerInput
from domain.harassment.vocabulary import MatterStage

Contact = Field(default=None, max_length=200)


class LawFirmIn(Request):
    name: Text = Field(description="法律事務所の名称")
    name_kana: str | None = Field(default=None, max_length=200, description="フリガナ")
    address: str | None = Contact
    phone: str | None = Contact
    email: str | None = Contact

    def to_domain(self) -> LawFirmInput:
        return LawFirmInput(**self.model_dump())


class LawyerIn(Request):
    name: Text
    name_kana: str | None = Field(default=None, max_length=200, description="フリガナ")
    registration_number: str = Field(min_length=1, max_length=20, description="弁護士登録番号 (digits)")
    bar_association: Text = Field(description="所属弁護士会, e.g. 第一東京弁護士会")
    firm_id: UUID
    phone: str | None = Contact
    email: str | None = Contact

    def to_domain(self) -> LawyerInput:
        return LawyerInput(**self.model_dump())


class LawyerOut(BaseModel):
    id: UUID
    name: str
    name_kana: str | None
    registration_number: str
    bar_association: str
    firm_id: UUID
    phone: str | None
    email: str | None

    @classmethod
    def of(cls, lawyer: Lawyer) -> LawyerOut:
        return cls.model_validate(lawyer, from_attributes=True)


class LawFirmOut(BaseModel):
    id: UUID
    name: str
    name_kana: str | None
    address: str | None
    phone: str | None
    email: str | None
    lawyers: list[LawyerOut]

    @classmethod
    def of(cls, firm: LawFirm, register: CounselRegister) -> LawFirmOut:
        lawyers = [LawyerOut.of(x) for x in register.lawyers_of(firm.id)]
        return cls(**{k: getattr(firm, k) for k in ("id", "name", "name_kana", "address", "phone", "email")},
                   lawyers=lawyers)


class MatterOut(BaseModel):
    case_id: UUID
    lawyer_id: UUID
    consent_date: date
    stage: MatterStage | None
    outcome: str | None
    billed_yen: int = Field(description="what the firm's bills on the case asked, every line")
    covered_yen: int = Field(description="covered fees as reviewed")
    paid_yen: int = Field(description="payments approved on the case")

    @classmethod
    def of(cls, matter: FirmMatter) -> MatterOut:
        last = matter.case.matter_course[-1] if matter.case.matter_course else None
        return cls(case_id=matter.case.id, lawyer_id=matter.matter.lawyer_id, consent_date=matter.matter.consent_date,
                   stage=matter.case.matter_stage, outcome=last.outcome if last else None, billed_yen=matter.billed_yen,
                   covered_yen=matter.covered_yen, paid_yen=matter.paid_yen)


class FirmDetailOut(LawFirmOut):
    matters: list[MatterOut]
    billed_yen: int
    paid_yen: int


class CounselOut(BaseModel):
    firms: list[LawFirmOut]
