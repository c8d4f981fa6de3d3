"""The cyber products' words: incident kinds per product, the businesses each covers, the two
heads of loss and their cost types, the insured parties, offsets, recourse and the stages an
incident passes through. Values are stable English identifiers (stored in events); each carries
the programme page's Japanese term."""

from __future__ import annotations

from domain.kernel.labels import Labelled, labels_field
from domain.kernel.products import Product


class IncidentKind(Labelled):
    INFORMATION_LEAK = "information_leak", "情報漏えい・おそれ"
    DIGITAL_CONTENT_WRONGFUL_ACT = "digital_content_wrongful_act", "デジタルコンテンツ不当事由"
    CYBER_ATTACK = "cyber_attack", "サイバー攻撃"
    IT_USER_BUSINESS = "it_user_business", "ITユーザー業務"
    CYBER_INCIDENT = "cyber_incident", "サイバーインシデント"
    MEDIA_WRONGFUL_ACT = "media_wrongful_act", "メディア不当行為"
    OTHER_BUSINESS = "other_business", "その他の業務"


INCIDENT_KINDS: dict[Product, tuple[IncidentKind, ...]] = {
    Product.CYBER_PHYSICIAN: (IncidentKind.INFORMATION_LEAK, IncidentKind.DIGITAL_CONTENT_WRONGFUL_ACT,
                              IncidentKind.CYBER_ATTACK, IncidentKind.IT_USER_BUSINESS),
    Product.CYBER_INSTITUTION: (IncidentKind.CYBER_INCIDENT, IncidentKind.INFORMATION_LEAK,
                                IncidentKind.MEDIA_WRONGFUL_ACT, IncidentKind.OTHER_BUSINESS),
}


class Business(Labelled):
    FACILITY_WORK = "facility_work", "従事する医療施設の業務"
    EDUCATION_RESEARCH = "education_research", "教育・研究機関での医療に付随する業務"
    SOCIETY_WORK = "society_work", "医学会・医師会等の団体の業務"
    INCIDENTAL_WORK = "incidental_work", "上記に付随する業務"
    OUTSIDE_BUSINESS_RELATED_HARM = "outside_business_related_harm", "業務外の行為（第三者への被害が業務に関連）"
    MEDICAL_CARE = "medical_care", "医療業務"
    NURSING_CARE = "nursing_care", "介護業務"
    UNRELATED_PRIVATE_ACTIVITY = "unrelated_private_activity", "業務に関連しない私的行為"


BUSINESS_SCOPE: dict[Product, tuple[Business, ...]] = {
    Product.CYBER_PHYSICIAN: (Business.FACILITY_WORK, Business.EDUCATION_RESEARCH, Business.SOCIETY_WORK,
                              Business.INCIDENTAL_WORK, Business.OUTSIDE_BUSINESS_RELATED_HARM),
    Product.CYBER_INSTITUTION: (Business.MEDICAL_CARE, Business.NURSING_CARE),
}


class HeadOfLoss(Labelled):
    LIABILITY = "liability", "賠償責任"
    EXPENSES = "expenses", "費用"


class CostType(Labelled):
    DAMAGES = "damages", "損害賠償金"
    LITIGATION_COSTS = "litigation_costs", "争訟費用"
    LEAK_RESPONSE = "leak_response", "情報漏えい対応費用"
    APOLOGY_LETTERS = "apology_letters", "謝罪文作成・送付費用"
    CAUSE_INVESTIGATION = "cause_investigation", "原因究明費用"
    LAWYER_CONSULTATION = "lawyer_consultation", "弁護士相談費用"
    CONSULTING = "consulting", "コンサルティング費用"
    DATA_RECOVERY = "data_recovery", "データ復旧費用"
    EQUIPMENT_REPAIR = "equipment_repair", "情報機器等修理費用"
    SITUATION_RECOVERY = "situation_recovery", "状態収拾費用"


labels_field(CostType, "cost_type")


COST_TYPES: dict[HeadOfLoss, tuple[CostType, ...]] = {
    HeadOfLoss.LIABILITY: (CostType.DAMAGES, CostType.LITIGATION_COSTS),
    HeadOfLoss.EXPENSES: (CostType.LEAK_RESPONSE, CostType.APOLOGY_LETTERS, CostType.CAUSE_INVESTIGATION,
                          CostType.LAWYER_CONSULTATION, CostType.CONSULTING, CostType.DATA_RECOVERY,
                          CostType.EQUIPMENT_REPAIR, CostType.SITUATION_RECOVERY),
}
INSTITUTION_ONLY_COSTS = frozenset({CostType.SITUATION_RECOVERY})


class InsuredParty(Labelled):
    POLICYHOLDER = "policyholder", "記名被保険者"
    OFFICER = "officer", "役員"
    EMPLOYEE = "employee", "従業員"


class OffsetKind(Labelled):
    OTHER_INSURANCE = "other_insurance", "他の保険"
    RECOVERY = "recovery", "回収"


class RecourseDecision(Labelled):
    WAIVED = "waived", "放棄"
    PURSUED = "pursued", "行使"


class IncidentStage(Labelled):
    NOTICE_OF_CIRCUMSTANCES = "notice_of_circumstances", "事故の通知"
    LIABILITY_CLAIM = "liability_claim", "損害賠償請求あり"
    COSTS_AWAITING_DECISION = "costs_awaiting_decision", "費用の判断待ち"
    PAYMENT_AWAITING_CONFIRMATION = "payment_awaiting_confirmation", "支払の確認待ち（二人目）"
    PAYMENT_AWAITING_SETTLEMENT = "payment_awaiting_settlement", "振込待ち"
    CLOSED = "closed", "終了"
