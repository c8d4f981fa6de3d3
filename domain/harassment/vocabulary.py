"""The claim-response product's words: claim-act kinds, case categories, channels, lawyer fee
types, escalation states and the stages a case passes through. Values are stable English
identifiers (stored in events); each carries the programme page's own Japanese term."""

from __future__ import annotations

from domain.kernel.labels import Labelled, labels_field


class ClaimActKind(Labelled):
    """クレーム行為: the acts the product covers, plus `other` for reports outside them."""

    ASSAULT = "assault", "暴行"
    INTIMIDATION = "intimidation", "脅迫"
    COERCION = "coercion", "強要"
    FORCE = "force", "威力"
    SEXUAL_HARASSMENT = "sexual_harassment", "セクシャルハラスメント"
    REFUSAL_TO_LEAVE = "refusal_to_leave", "不退去"
    DECEPTION = "deception", "偽計"
    SPREADING_RUMOURS = "spreading_rumours", "風説の流布"
    OTHER = "other", "その他"  # named on a report, it is not a covered act

    @property
    def is_covered_kind(self) -> bool:
        return self is not ClaimActKind.OTHER


class CaseCategory(Labelled):
    TREATMENT = "treatment", "診療"
    WAITING_TIME = "waiting_time", "待ち時間"
    MEDICAL_CERTIFICATE = "medical_certificate", "診断書"
    SEXUAL_HARASSMENT_STALKING = "sexual_harassment_stalking", "セクハラ・ストーカー"
    OTHER = "other", "その他"


class Channel(Labelled):
    PHONE = "phone", "電話"
    EMAIL = "email", "メール"
    WEB_FORM = "web_form", "Webフォーム"
    VISIT = "visit", "来訪"
    LETTER = "letter", "書面"
    VIDEO_CALL = "video_call", "ビデオ通話"


class FeeType(Labelled):
    """弁護士費用: what a lawyer's bill line may be. Two types are never covered."""

    CONSULTATION_FEE = "consultation_fee", "相談料"
    RETAINER = "retainer", "着手金"
    SUCCESS_FEE = "success_fee", "報酬金"
    HANDLING_FEE = "handling_fee", "手数料"
    LITIGATION_COSTS = "litigation_costs", "争訟費用"
    OTHER_MANDATE_COSTS = "other_mandate_costs", "その他委任事務処理に必要な費用"
    DAILY_ALLOWANCE = "daily_allowance", "日当"
    ADVISORY_RETAINER = "advisory_retainer", "顧問料"

    @property
    def is_covered(self) -> bool:
        return self not in EXCLUDED_FEE_TYPES


EXCLUDED_FEE_TYPES = frozenset({FeeType.DAILY_ALLOWANCE, FeeType.ADVISORY_RETAINER})


class LineExclusion(Labelled):
    """Why a bill line is not paid."""

    EXCLUDED_FEE_TYPE = "excluded_fee_type", "補償対象外の費目（日当・顧問料）"
    WORK_BEFORE_CONSENT = "work_before_consent", "保険会社の承諾前の業務"
    UNCLASSIFIED_CODE = "unclassified_code", "費目の判定が必要（対応表にないコード）"


class Escalation(Labelled):
    NONE = "none", "なし"
    RECOMMENDED = "recommended", "弁護士対応を推奨（承諾待ち）"
    APPROVED = "approved", "承諾済み"
    DECLINED = "declined", "不承認"


labels_field(Escalation, "escalation")


class CaseStage(Labelled):
    """Where a case waits, and for whom (lists and queues)."""

    REPORTED = "reported", "新規受付"
    CONSULTING = "consulting", "相談対応中"
    AWAITING_CONSENT = "awaiting_consent", "承諾待ち"
    BILL_UNDER_REVIEW = "bill_under_review", "請求書の審査中"
    INVOICE_AWAITING_DECISION = "invoice_awaiting_decision", "請求の判断待ち"
    LAWYER_ENGAGED = "lawyer_engaged", "弁護士対応中"
    PAYMENT_AWAITING_CONFIRMATION = "payment_awaiting_confirmation", "支払の確認待ち（二人目）"
    PAYMENT_AWAITING_SETTLEMENT = "payment_awaiting_settlement", "振込待ち"
    CLOSED = "closed", "終了"


class BillStatus(Labelled):
    """Where a lawyer's bill stands in the adjuster's review (docs/decisions/0021). Defined after
    Escalation, whose `approved` (承諾済み) the shared label table keeps: pages show a bill's status
    by this enum's own term."""

    RECEIVED = "received", "受付"
    UNDER_REVIEW = "under_review", "審査中"
    APPROVED = "approved", "承認"
    PARTLY_APPROVED = "partly_approved", "一部承認"
    REJECTED = "rejected", "不承認"

    @property
    def is_decided(self) -> bool:
        return self in (BillStatus.APPROVED, BillStatus.PARTLY_APPROVED, BillStatus.REJECTED)


class BillSource(Labelled):
    TYPED = "typed", "画面で入力"
    LEDES = "ledes", "LEDES 1998B ファイル"
    CSV = "csv", "CSV ファイル"


class MatterStage(Labelled):
    """The course of the lawyer's matter on a case (受任 → 交渉／訴訟 → 終結)."""

    ENGAGED = "engaged", "受任"
    NEGOTIATION = "negotiation", "交渉中"
    LITIGATION = "litigation", "訴訟中"
    CONCLUDED = "concluded", "終結"


class MatterOutcome(Labelled):
    SETTLEMENT = "settlement", "示談"
    LAWSUIT_FILED = "lawsuit_filed", "訴訟提起"
    JUDGMENT = "judgment", "判決"
    WITHDRAWAL = "withdrawal", "取下げ"
    OTHER = "other", "その他"

