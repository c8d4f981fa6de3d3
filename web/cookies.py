"""The pages' cookies: the session, the sign-in form's CSRF token, and the one-shot flash message.
All are HttpOnly, SameSite=Lax, Path=/, and Secure when the request came over HTTPS (or, with
CLAIMS_TRUST_PROXY_HEADERS, when the proxy says it did)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import Response

from api.i18n import translate
from infra.settings import Settings
from web.formatting import duration

SESSION_COOKIE = "claims_session"
SIGN_IN_CSRF_COOKIE = "claims_sign_in_csrf"
FLASH_COOKIE = "claims_flash"

# A flash cookie names one of these messages (never free text), so a forged one shows a
# standard sentence at most. Value: how it looks.
FLASHES = {
    "signed_out": "info",
    "sign_in_required": "warning",
    "session_expired": "warning",
    "session_expired.idle_expiry": "warning",
    "session_expired.absolute_expiry": "warning",
    **{f"done.{command}": "info" for command in (
        "report_case", "log_consultation", "recommend_escalation", "approve_escalation", "decline_escalation",
        "record_invoice", "approve_payment", "settle_payment", "close_case", "reopen_case",
        "open_incident", "receive_third_party_claim", "record_cost", "record_offset", "decide_recourse",
        "approve_incident_payment", "settle_incident_payment", "close_incident", "reopen_incident",
        "confirm_payment", "withdraw_payment_request", "refuse_payment_request", "add_note", "set_reserve",
        "plan_activity", "complete_activity", "reassign_activity", "reschedule_activity",
        "attach_document", "attach_document.same_content", "withdraw_document",
    )},
    "done.approve_payment.requested": "warning",  # above the adjuster's authority: it waits for a second one
}

# What the administrator's pages just did.
FLASHES.update({f"done.{command}": "info" for command in (
    "enrol_policy", "receive_premium", "end_policy", "publish_plan_version", "register_user", "change_user_role",
    "change_authority_limit", "reset_password", "deactivate_user", "reactivate_user", "revoke_tokens",
)})
# Counsel and bills (decision 0021).
FLASHES.update({f"done.{command}": "info" for command in (
    "import_bill", "review_bill_line", "approve_bill", "reject_bill", "record_matter_step", "register_law_firm",
    "register_lawyer", "edit_counsel",
)})


@dataclass(frozen=True)
class Flash:
    kind: str  # info or warning
    text: str


def settings_of(request: Request) -> Settings:
    return request.app.state.services.settings


def is_https(request: Request) -> bool:
    if request.url.scheme == "https":
        return True
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return settings_of(request).claims_trust_proxy_headers and forwarded == "https"


def set_cookie(request: Request, response: Response, name: str, value: str) -> None:
    response.set_cookie(name, value, path="/", httponly=True, samesite="lax", secure=is_https(request))


def delete_cookie(request: Request, response: Response, name: str) -> None:
    response.delete_cookie(name, path="/", httponly=True, samesite="lax", secure=is_https(request))


def leave_flash(request: Request, response: Response, code: str) -> None:
    set_cookie(request, response, FLASH_COOKIE, code)


def take_flash(request: Request) -> Flash | None:
    code = request.cookies.get(FLASH_COOKIE)
    if code not in FLASHES:
        return None
    rule, _, reason = code.partition(".")
    settings = settings_of(request)
    params = {"idle": duration(settings.claims_session_idle_minutes),
              "limit": duration(settings.claims_session_max_hours * 60)}
    return Flash(FLASHES[code], translate(rule, reason=reason or None, params=params))
