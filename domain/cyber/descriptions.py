"""How the events of a cyber incident read in histories and the audit log."""

from __future__ import annotations

from domain.kernel.claim_events import describe_claim_file
from domain.kernel.descriptions import describe_events

describe_events({
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
        "{kind} of ¥{amount_yen:,} recorded against {head}", "{kind} ¥{amount_yen:,} を記録（{head}）"),
    "claims:CyberIncident.RecourseDecided": ("Recourse {decision}", "求償: {decision}"),
    "claims:CyberIncident.PaymentApproved": (
        "Payment {payment_number} of ¥{amount_yen:,} approved under {head}",
        "支払 {payment_number}（{head}・¥{amount_yen:,}）を承認"),
    "claims:CyberIncident.PaymentSettled": (
        "Payment {payment_number} of ¥{amount_yen:,} settled by transfer on {transfer_date}",
        "支払 {payment_number}（¥{amount_yen:,}）を {transfer_date} に振込済"),
    "claims:CyberIncident.Closed": ("Incident closed", "事故対応を終了"),
    "claims:CyberIncident.Reopened": ("Incident reopened", "事故対応を再開"),
})

describe_claim_file("CyberIncident", per_head=True)
