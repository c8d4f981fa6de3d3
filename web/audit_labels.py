"""Japanese names for what the auditor's pages show: the kinds of record in the audit log, the
kinds of event (the class name an event type has, whatever its record), the fields of a record's
state (for "what changed"), and the access log's actions. A name not listed shows as it is stored."""

from __future__ import annotations

RECORD_KINDS = {"ClaimCase": "事案", "CyberIncident": "サイバー事故", "Policy": "保険契約", "Plan": "プラン",
                "CounselRegister": "弁護士の登録簿",
                "ClinicRegister": "診療所台帳", "CyberGroup": "勤務医サイバー団体", "UserAccount": "利用者（サインイン）"}
# The history page's kinds in URLs, with the record types they read.
HISTORY_KINDS = {"cases": ("ClaimCase", "事案"), "incidents": ("CyberIncident", "サイバー事故"),
                 "policies": ("Policy", "保険契約")}
KIND_OF_RECORD = {record_type: kind for kind, (record_type, _) in HISTORY_KINDS.items()}

EVENT_TYPES = {
    "Reported": "事案の受付", "Opened": "作成・受付", "ConsultationLogged": "相談の記録",
    "EscalationRecommended": "弁護士対応の推奨", "EscalationApproved": "弁護士対応の承認（同意）",
    "EscalationDeclined": "弁護士対応の不承認", "InvoiceRecorded": "請求書の記録", "CostRecorded": "費用の記録",
    "PaymentRequested": "支払の確認依頼", "PaymentRequestRefused": "確認依頼の差戻し",
    "PaymentRequestWithdrawn": "確認依頼の取下げ", "PaymentApproved": "支払の承認", "PaymentSettled": "支払の振込",
    "PaymentCharged": "限度額への充当", "ReserveSet": "支払備金の設定", "ReserveLowered": "支払備金の減額",
    "ReserveReleased": "支払備金の取崩し", "Closed": "終了", "Reopened": "再開", "NoteAdded": "メモの記録",
    "ThirdPartyClaimReceived": "第三者からの請求", "OffsetRecorded": "他の保険・回収の記録",
    "RecourseDecided": "求償の判断", "Enrolled": "保険契約の登録", "PremiumReceived": "保険料の収納",
    "Ended": "保険契約の終了", "Published": "プランの公表", "VersionPublished": "プラン新版の公表",
    "Entered": "台帳への登録", "CoverFixed": "補償期間の確定", "Released": "解除", "MemberJoined": "団体への加入",
    "MemberLeft": "団体からの脱退", "SignedIn": "サインイン", "SignInFailed": "サインインの失敗",
    "LockedOut": "ロック", "SignedOut": "サインアウト", "Registered": "利用者の登録", "RoleChanged": "役割の変更",
    "AuthorityLimitChanged": "決裁権限の変更", "PasswordReset": "パスワードの再設定", "Deactivated": "利用停止",
    "Reactivated": "利用の再開", "TokensRevoked": "API トークンの無効化",
    "BillReviewStarted": "請求書の審査開始", "BillLineReviewed": "請求明細の査定", "BillApproved": "請求書の承認",
    "BillRejected": "請求書の不承認", "MatterStepRecorded": "事件の経過の記録",
    "LawFirmRegistered": "法律事務所の登録", "LawFirmEdited": "法律事務所の修正", "LawyerRegistered": "弁護士の登録",
    "LawyerEdited": "弁護士の修正", "MatterOpened": "事件の登録",
}

FIELDS = {
    # a case, an incident
    "status": "状態", "stage": "段階", "coverage": "補償の判定", "coverage_reasons": "対象外の理由",
    "escalation": "弁護士対応", "escalation_reason": "推奨の理由", "recommended_on": "推奨日",
    "consent_reference": "保険会社の同意番号", "consent_date": "同意日", "lawyer_name": "弁護士",
    "law_firm": "法律事務所", "counsel": "弁護士（受任者）", "decline_reason": "不承認の理由",
    "close_reason": "終了の理由", "reopen_reason": "再開の理由", "limit_exhausted": "限度額の使い切り",
    "policy_ref": "証券番号", "product": "保険の種類", "member_number": "会員番号", "insured_name": "被保険者",
    "insured_name_kana": "被保険者（かな）", "occurred_at": "発生日時", "discovered_at": "発見日時",
    "place": "発生場所", "in_japan": "日本国内", "category": "事案の区分", "claim_act_kinds": "クレーム行為",
    "channel": "受付の方法", "legal_characterisation": "考えられる罪名など", "summary": "内容",
    "reported_by": "受付者", "consultations": "相談", "invoices": "請求書", "notes": "メモ",
    "book": "支払の記録", "payments": "支払", "requests": "確認依頼", "amount_yen": "金額",
    "approved_by": "承認者", "requested_by": "依頼者", "bank_reference": "振込の参照番号",
    "covered_fees_basis_yen": "対象となる弁護士費用の累計", "head": "損害の区分", "invoice_numbers": "請求書番号",
    "limited_by": "限度額による制限", "number": "番号", "request_number": "確認依頼の番号", "settled": "振込済み",
    "transfer_date": "振込日", "payout_terms": "支払条件", "deductible_yen": "自己負担額",
    "coinsurance_percent": "縮小てん補割合（%）", "reserves": "支払備金", "outstanding": "支払備金の残高",
    "movements": "支払備金の動き", "costs": "費用", "costs_pending": "確定待ちの費用", "offsets": "他の保険・回収",
    "recourse": "求償", "recourse_reason": "求償の理由", "third_party_claims": "第三者からの請求",
    "incident_kinds": "事故の種類", "business": "業務", "country": "国", "found": "発見の経緯",
    "insured_party": "被保険者の立場", "personal_data": "個人情報", "medical_data": "医療情報",
    "people_affected": "影響を受けた人数", "liability": "賠償責任", "expenses": "費用",
    # a policy
    "policy_number": "証券番号", "holder": "契約者", "name": "名前", "kind": "種類", "applied_on": "申込日",
    "premium_yen": "保険料", "premium_received_on": "保険料の着金日", "premium_bank_reference": "着金の参照番号",
    "cover": "補償期間", "start": "開始", "end": "終了", "policy_year": "年度", "plan_code": "プラン",
    "plan_version": "プランの版", "terms": "契約条件", "limit_per_claim_yen": "1 事案あたりの支払限度額",
    "limit_per_year_yen": "年間の支払限度額", "sub_limits_yen": "損害の区分ごとの限度額",
    "annual_premium_yen": "年間保険料", "paid_by_claim": "事案ごとの支払済み額", "paid_by_head": "区分ごとの支払済み額",
    "ended_at": "終了日時", "ended_kind": "終了の種類", "ended_reason": "終了の理由", "clinic_id": "診療所番号",
    "clinic_name": "診療所名", "applicant_is_founder": "開設者による申込", "group_discount_percent": "団体割引（%）",
    "midterm_premium_yen": "中途加入の保険料", "code": "プランの記号", "example": "例のプラン",
    # lines of a bill, an invoice
    "lines": "明細", "fee_type": "費用の種類", "work_date": "作業日", "description": "内容", "covered": "対象",
    "exclusion": "対象外の理由", "covered_yen": "対象額", "excluded_yen": "対象外の額", "invoice_date": "請求日",
    "recorded_by": "記録者", "held_at": "相談日時", "duration_minutes": "相談時間（分）", "caller": "相談者",
    "question": "相談内容", "advice": "助言",
    # bills as reviewed, the matter's course and the counsel register (issue 14)
    "billed_covered_yen": "対象額", "billed_excluded_yen": "対象外の額（請求時）", "source": "受け取り方",
    "decision_reason": "判断の理由", "decided_by": "判断した人", "source_code": "請求書の費目コード",
    "allowed_yen": "認めた額", "review_reason": "査定の理由", "reviewed_by": "査定した人",
    "matter_stage": "事件の段階", "matter_course": "事件の経過", "occurred_on": "日付", "outcome": "結果",
    "note": "メモ", "lawyer_id": "登録簿の弁護士", "firm_id": "法律事務所", "name_kana": "名前（かな）",
    "registration_number": "弁護士登録番号", "bar_association": "所属弁護士会", "address": "住所", "phone": "電話",
    "email": "メール", "firms": "法律事務所", "lawyers": "弁護士", "matters": "事件",
}

ACTIONS = {
    "case.read": "事案の閲覧（API）", "case.page": "事案の画面", "case.history": "事案の履歴",
    "incident.read": "サイバー事故の閲覧（API）", "incident.page": "サイバー事故の画面",
    "incident.history": "サイバー事故の履歴", "policy.read": "保険契約の閲覧（API）", "policy.page": "保険契約の画面",
    "policy.history": "保険契約の履歴", "audit.search": "監査ログの検索", "audit.export": "監査ログの書き出し",
    "audit.access": "アクセス記録の閲覧", "audit.chain_verify": "改ざんの検査", "audit.chain_heads": "日ごとの鎖の値",
    "document.read": "書類の閲覧（API）", "document.history": "書類の履歴", "document.download": "書類のダウンロード",
    "document.page": "書類の画面", "document.preview": "書類のプレビュー", "case.documents": "事案の書類一覧",
    "incident.documents": "サイバー事故の書類一覧", "policy.documents": "保険契約の書類一覧",
}


# The access log's `detail`: what the reader asked.
DETAIL_KEYS = {"as_of": "時点", "query": "条件", "path": "パス", "format": "形式", "from": "から", "to": "まで",
               "expect_position": "控えの位置", "owner_kind": "記録の種類", "owner_id": "記録の番号"}


def event_type_label(event_type: str) -> str:
    return EVENT_TYPES.get(event_type, event_type)


def field_label(name: str) -> str:
    return FIELDS.get(name, name)
