"""Readable one-line descriptions of events, in English and Japanese, for histories and the audit
log. They name amounts, numbers, dates and decisions, never a person's name or free text (those
stay in the event, shown only to a reader of the record itself)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.vocabulary import CYBER_LABELS_JA, LABELS_JA

# topic → (English, Japanese); fields of the event fill the braces.
TEMPLATES: dict[str, tuple[str, str]] = {
    "claims:ClaimCase.Reported": (
        "Case reported ({category}); coverage: {coverage}", "事案を受付（{category}）。補償判定: {coverage}"),
    "claims:ClaimCase.ConsultationLogged": (
        "Consultation {number} logged ({channel}, {duration_minutes} min)",
        "相談 {number} を記録（{channel}、{duration_minutes} 分）"),
    "claims:ClaimCase.EscalationRecommended": (
        "Escalation to a lawyer recommended on {recommended_on}", "{recommended_on} 弁護士対応への移行を推奨"),
    "claims:ClaimCase.EscalationApproved": (
        "Escalation approved; insurer's consent {consent_reference} dated {consent_date}",
        "弁護士対応を承認（保険会社同意 {consent_reference}、{consent_date}）"),
    "claims:ClaimCase.EscalationDeclined": ("Escalation declined", "弁護士対応への移行を不承認"),
    "claims:ClaimCase.InvoiceRecorded": (
        "Invoice {invoice_number} of {invoice_date} recorded: covered ¥{covered_yen:,}, excluded ¥{excluded_yen:,}",
        "請求書 {invoice_number}（{invoice_date}）を記録: 対象 ¥{covered_yen:,}、対象外 ¥{excluded_yen:,}"),
    "claims:ClaimCase.PaymentApproved": (
        "Payment {payment_number} of ¥{amount_yen:,} approved", "支払 {payment_number}（¥{amount_yen:,}）を承認"),
    "claims:ClaimCase.PaymentSettled": (
        "Payment {payment_number} of ¥{amount_yen:,} settled by transfer on {transfer_date}",
        "支払 {payment_number}（¥{amount_yen:,}）を {transfer_date} に振込済"),
    "claims:ClaimCase.Closed": ("Case closed", "事案を終了"),
    "claims:ClaimCase.Reopened": ("Case reopened", "事案を再開"),
    "claims:CyberIncident.Opened": (
        "Cyber incident notified ({product}); coverage: {coverage}",
        "サイバー事故の通知を受付（{product}）。補償判定: {coverage}"),
    "claims:CyberIncident.ThirdPartyClaimReceived": (
        "Third-party claim of ¥{amount_claimed_yen:,} received on {received_on}",
        "{received_on} 第三者からの損害賠償請求（¥{amount_claimed_yen:,}）を受領"),
    "claims:CyberIncident.CostRecorded": (
        "Cost of ¥{amount_yen:,} recorded under {head} ({cost_type}), invoice {invoice_number}",
        "{head}（{cost_type}）に費用 ¥{amount_yen:,} を記録（請求書 {invoice_number}）"),
    "claims:CyberIncident.OffsetRecorded": (
        "{kind} of ¥{amount_yen:,} recorded against {head}", "{head} に {kind} ¥{amount_yen:,} を記録"),
    "claims:CyberIncident.RecourseDecided": ("Recourse {decision}", "求償: {decision}"),
    "claims:CyberIncident.PaymentApproved": (
        "Payment {payment_number} of ¥{amount_yen:,} approved under {head}",
        "{head} の支払 {payment_number}（¥{amount_yen:,}）を承認"),
    "claims:CyberIncident.PaymentSettled": (
        "Payment {payment_number} of ¥{amount_yen:,} settled by transfer on {transfer_date}",
        "支払 {payment_number}（¥{amount_yen:,}）を {transfer_date} に振込済"),
    "claims:CyberIncident.Closed": ("Incident closed", "事故対応を終了"),
    "claims:CyberIncident.Reopened": ("Incident reopened", "事故対応を再開"),
    "claims:Policy.Enrolled": (
        "Policy {policy_number} enrolled ({product}, plan {plan_code} v{plan_version})",
        "保険契約 {policy_number} を登録（{product}、プラン {plan_code} 第{plan_version}版）"),
    "claims:Policy.PremiumReceived": (
        "Premium of ¥{amount_yen:,} received on {received_on}; cover for policy year {policy_year}",
        "{received_on} 保険料 ¥{amount_yen:,} を収納。{policy_year} 年度の補償"),
    "claims:Policy.Ended": ("Policy {kind} from {effective_at}", "保険契約を {effective_at} から {kind}"),
    "claims:Policy.PaymentCharged": (
        "¥{amount_yen:,} charged to the limits for payment {payment_number} of claim {claim_id}",
        "事案 {claim_id} の支払 {payment_number} として ¥{amount_yen:,} を限度額に充当"),
    "claims:Plan.Published": ("Plan {terms[product]}/{terms[code]} published", "プラン {terms[product]}/{terms[code]} を公表"),
    "claims:Plan.VersionPublished": (
        "New version of plan {terms[product]}/{terms[code]} published", "プラン {terms[product]}/{terms[code]} の新版を公表"),
    "claims:ClinicRegister.Opened": ("Clinic register opened", "診療所台帳を作成"),
    "claims:ClinicRegister.Entered": (
        "Policy {policy_number} entered for the clinic", "診療所の契約 {policy_number} を登録"),
    "claims:ClinicRegister.CoverFixed": (
        "Cover of policy {policy_number} fixed", "契約 {policy_number} の補償期間を確定"),
    "claims:ClinicRegister.Released": (
        "Policy {policy_number} released from the clinic", "契約 {policy_number} を診療所台帳から解除"),
    "claims:CyberGroup.Opened": (
        "Physician cyber group for {policy_year} opened", "{policy_year} 年度の勤務医サイバー団体を作成"),
    "claims:CyberGroup.MemberJoined": ("Policy {policy_number} joined the group", "契約 {policy_number} が団体に加入"),
    "claims:CyberGroup.MemberLeft": ("Policy {policy_number} left the group", "契約 {policy_number} が団体から脱退"),
    "claims:UserAccount.Opened": ("User account {user_id} opened", "利用者アカウント {user_id} の記録を開始"),
    "claims:UserAccount.SignedIn": ("Signed in", "サインイン"),
    "claims:UserAccount.SignInFailed": (
        "Sign-in refused: wrong password ({consecutive_failures} in a row)",
        "サインイン失敗: パスワード誤り（{consecutive_failures} 回連続）"),
    "claims:UserAccount.LockedOut": (
        "Account locked until {until} after repeated failed sign-ins", "サインイン失敗が続いたため {until} までロック"),
    "claims:UserAccount.SignedOut": ("Signed out ({how})", "サインアウト（{how}）"),
}


# Codes as they read in Japanese, for the Japanese line (the English line keeps the codes).
CODES_JA: dict[str, str] = {
    **{str(code): label for code, label in LABELS_JA.items()}, **CYBER_LABELS_JA,
    "covered": "補償対象", "not_covered": "補償対象外", "not_decided": "未判定",
    "waived": "放棄", "pursued": "行使", "cancelled": "解約", "lapsed": "失効",
    "other_insurance": "他の保険", "recovery": "回収",
    "by_user": "本人による操作", "idle_expiry": "無操作による期限切れ", "absolute_expiry": "最長時間による期限切れ",
    "harassment": "クレーム対応費用保険", "cyber_physician": "勤務医サイバー保険", "cyber_institution": "医療機関用サイバー保険",
}


def _in_japanese(fields: dict[str, Any]) -> dict[str, Any]:
    def ja(value: Any) -> Any:
        if isinstance(value, str):
            return CODES_JA.get(value, value)
        return {k: ja(v) for k, v in value.items()} if isinstance(value, dict) else value

    return {k: ja(v) for k, v in fields.items()}


def topic_of(event: Any) -> str:
    return getattr(type(event), "TOPIC", "") or f"claims:{type(event).__qualname__}"


def describe(event: Any) -> tuple[str, str]:
    """(English, Japanese) for an event; an event without a template is named, never hidden."""
    topic = topic_of(event)
    name = topic.removeprefix("claims:")
    template = TEMPLATES.get(topic)
    if template is None:
        return name, name
    fields = vars(event)
    try:
        return template[0].format_map(fields), template[1].format_map(_in_japanese(fields))
    except (KeyError, ValueError):
        return name, name


HAPPENED_AT = ("held_at", "occurred_at", "effective_at")  # where the fact's own instant differs from recording


def happened_at(event: Any) -> datetime | None:
    """When the fact itself happened, where the event says and it differs from recording."""
    for name in HAPPENED_AT:
        value = getattr(event, name, None)
        if isinstance(value, datetime):
            return value
    return None
