"""How the events of policies, plans and registers read in histories and the audit log."""

from __future__ import annotations

from domain.kernel.descriptions import describe_events

describe_events({
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
    "claims:CyberGroup.MemberLeft": (
        "Policy {policy_number} leaves the group from {effective_at}", "契約 {policy_number} が {effective_at} に団体から脱退"),
})
