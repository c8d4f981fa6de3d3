"""The programme's words: roles, claim-act kinds, case categories, channels, lawyer fee types.

Values are stable English identifiers (they are stored in events); `label_ja` gives the
programme page's own term.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CONCIERGE = "concierge"
    ADJUSTER = "adjuster"
    AUDITOR = "auditor"
    ADMIN = "admin"
    MONITOR = "monitor"  # operations' scraper: metrics and health, nothing of the cases


class ClaimActKind(StrEnum):
    """クレーム行為: the acts the harassment product covers, plus `other` for reports outside them."""

    ASSAULT = "assault"
    INTIMIDATION = "intimidation"
    COERCION = "coercion"
    FORCE = "force"
    SEXUAL_HARASSMENT = "sexual_harassment"
    REFUSAL_TO_LEAVE = "refusal_to_leave"
    DECEPTION = "deception"
    SPREADING_RUMOURS = "spreading_rumours"
    OTHER = "other"

    @property
    def is_covered_kind(self) -> bool:
        return self is not ClaimActKind.OTHER


class CaseCategory(StrEnum):
    TREATMENT = "treatment"
    WAITING_TIME = "waiting_time"
    MEDICAL_CERTIFICATE = "medical_certificate"
    SEXUAL_HARASSMENT_STALKING = "sexual_harassment_stalking"
    OTHER = "other"


class Channel(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    WEB_FORM = "web_form"
    VISIT = "visit"
    LETTER = "letter"
    VIDEO_CALL = "video_call"


class FeeType(StrEnum):
    """弁護士費用: what a lawyer's bill line may be. Two types are never covered."""

    CONSULTATION_FEE = "consultation_fee"
    RETAINER = "retainer"
    SUCCESS_FEE = "success_fee"
    HANDLING_FEE = "handling_fee"
    LITIGATION_COSTS = "litigation_costs"
    OTHER_MANDATE_COSTS = "other_mandate_costs"
    DAILY_ALLOWANCE = "daily_allowance"
    ADVISORY_RETAINER = "advisory_retainer"

    @property
    def is_covered(self) -> bool:
        return self not in EXCLUDED_FEE_TYPES


EXCLUDED_FEE_TYPES = frozenset({FeeType.DAILY_ALLOWANCE, FeeType.ADVISORY_RETAINER})

LABELS_JA: dict[StrEnum, str] = {
    Role.CONCIERGE: "クレームコンシェル",
    Role.ADJUSTER: "損害調査担当",
    Role.AUDITOR: "監査",
    Role.ADMIN: "管理者",
    ClaimActKind.ASSAULT: "暴行",
    ClaimActKind.INTIMIDATION: "脅迫",
    ClaimActKind.COERCION: "強要",
    ClaimActKind.FORCE: "威力",
    ClaimActKind.SEXUAL_HARASSMENT: "セクシャルハラスメント",
    ClaimActKind.REFUSAL_TO_LEAVE: "不退去",
    ClaimActKind.DECEPTION: "偽計",
    ClaimActKind.SPREADING_RUMOURS: "風説の流布",
    ClaimActKind.OTHER: "その他（対象外）",
    CaseCategory.TREATMENT: "診療",
    CaseCategory.WAITING_TIME: "待ち時間",
    CaseCategory.MEDICAL_CERTIFICATE: "診断書",
    CaseCategory.SEXUAL_HARASSMENT_STALKING: "セクハラ・ストーカー",
    CaseCategory.OTHER: "その他",
    Channel.PHONE: "電話",
    Channel.EMAIL: "メール",
    Channel.WEB_FORM: "Webフォーム",
    Channel.VISIT: "来訪",
    Channel.LETTER: "書面",
    Channel.VIDEO_CALL: "ビデオ通話",
    FeeType.CONSULTATION_FEE: "相談料",
    FeeType.RETAINER: "着手金",
    FeeType.SUCCESS_FEE: "報酬金",
    FeeType.HANDLING_FEE: "手数料",
    FeeType.LITIGATION_COSTS: "争訟費用",
    FeeType.OTHER_MANDATE_COSTS: "その他委任事務処理に必要な費用",
    FeeType.DAILY_ALLOWANCE: "日当",
    FeeType.ADVISORY_RETAINER: "顧問料",
}


def label_ja(value: StrEnum) -> str:
    return LABELS_JA[value]


# ---- cyber ------------------------------------------------------------------------------------

INCIDENT_KINDS = {
    "cyber_physician": ("information_leak", "digital_content_wrongful_act", "cyber_attack", "it_user_business"),
    "cyber_institution": ("cyber_incident", "information_leak", "media_wrongful_act", "other_business"),
}
BUSINESS_SCOPE = {
    "cyber_physician": ("facility_work", "education_research", "society_work", "incidental_work",
                        "outside_business_related_harm"),
    "cyber_institution": ("medical_care", "nursing_care"),
}
ALL_BUSINESSES = (*BUSINESS_SCOPE["cyber_physician"], *BUSINESS_SCOPE["cyber_institution"], "unrelated_private_activity")
HEADS = ("liability", "expenses")
COST_TYPES = {
    "liability": ("damages", "litigation_costs"),
    "expenses": ("leak_response", "apology_letters", "cause_investigation", "lawyer_consultation", "consulting",
                 "data_recovery", "equipment_repair", "situation_recovery"),
}
INSTITUTION_ONLY_COSTS = frozenset({"situation_recovery"})
INSURED_PARTIES = ("policyholder", "officer", "employee")

CYBER_LABELS_JA = {
    "information_leak": "情報漏えい・おそれ", "digital_content_wrongful_act": "デジタルコンテンツ不当事由",
    "cyber_attack": "サイバー攻撃", "it_user_business": "ITユーザー業務", "cyber_incident": "サイバーインシデント",
    "media_wrongful_act": "メディア不当行為", "other_business": "その他の業務",
    "facility_work": "従事する医療施設の業務", "education_research": "教育・研究機関での医療に付随する業務",
    "society_work": "医学会・医師会等の団体の業務", "incidental_work": "上記に付随する業務",
    "outside_business_related_harm": "業務外の行為（第三者への被害が業務に関連）",
    "medical_care": "医療業務", "nursing_care": "介護業務", "unrelated_private_activity": "業務に関連しない私的行為",
    "liability": "賠償責任", "expenses": "費用", "damages": "損害賠償金", "litigation_costs": "争訟費用",
    "leak_response": "情報漏えい対応費用", "apology_letters": "謝罪文作成・送付費用", "cause_investigation": "原因究明費用",
    "lawyer_consultation": "弁護士相談費用", "consulting": "コンサルティング費用", "data_recovery": "データ復旧費用",
    "equipment_repair": "情報機器等修理費用", "situation_recovery": "状態収拾費用",
}
