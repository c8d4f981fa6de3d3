"""How the events of a claim-response case read in histories and the audit log."""

from __future__ import annotations

from domain.kernel.claim_events import describe_claim_file
from domain.kernel.descriptions import describe_events

describe_events({
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
    "claims:ClaimCase.BillReviewStarted": ("Review of bill {invoice_number} started", "請求書 {invoice_number} の審査を開始"),
    "claims:ClaimCase.BillLineReviewed": (
        "Bill {invoice_number} line {line_number} reviewed: ¥{allowed_yen:,} allowed ({fee_type})",
        "請求書 {invoice_number} の明細 {line_number} を審査: ¥{allowed_yen:,} を認定（{fee_type}）"),
    "claims:ClaimCase.BillApproved": (
        "Bill {invoice_number} {outcome}: covered ¥{covered_yen:,}",
        "請求書 {invoice_number} を審査のとおり承認: 対象 ¥{covered_yen:,}"),
    "claims:ClaimCase.BillRejected": ("Bill {invoice_number} rejected", "請求書 {invoice_number} を不承認"),
    "claims:ClaimCase.MatterStepRecorded": (
        "Matter: {stage} on {occurred_on}", "弁護士の対応: {occurred_on} {stage}"),
    "claims:ClaimCase.Closed": ("Case closed", "事案を終了"),
    "claims:ClaimCase.Reopened": ("Case reopened", "事案を再開"),
})

describe_claim_file("ClaimCase", per_head=False)
