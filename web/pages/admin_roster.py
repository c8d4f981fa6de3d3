"""The roster import page: the administrator uploads the society's roster as Excel saved it (CSV in
UTF-8, with or without a BOM, or Shift_JIS/CP932); it is imported through the same
`import_roster` as the JSON API, and each row's outcome is shown in Japanese, with the reason by
column for a refused row."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from api.deps import ServicesDep
from api.policy_import import COLUMNS, OPTIONAL_COLUMNS, import_roster, roster_text
from domain.kernel.actors import Role
from domain.kernel.errors import InvalidInput
from infra.sessions import WebSession
from web.forms import Form, FormErrors, attempt
from web.routing import PageRoute
from web.session import page_user
from web.templating import render

router = APIRouter(route_class=PageRoute, include_in_schema=False)
Admin = Annotated[WebSession, page_user(Role.ADMIN)]
ROSTER_PATH = "/web/admin/roster"
COLUMN_LABELS = {
    "member_number": "会員番号", "name": "氏名・名称", "kind": "契約者の種類（physician / institution / clinic）",
    "product": "保険の種類（harassment / cyber_physician / cyber_institution）", "plan_code": "プランコード",
    "applied_on": "申込日（2026-04-01 の形）", "clinic_id": "診療所コード", "clinic_name": "診療所名",
    "applicant_is_founder": "開設者による申込（true / false）", "premium_received_on": "保険料の着金日",
    "premium_amount_yen": "保険料（円）", "premium_bank_reference": "振込の照会番号（任意の列）",
    "header": "見出し行", "body": "ファイル",
}


def roster_page(request: Request, report: object = None, errors: FormErrors | None = None,
                file_name: str | None = None) -> Response:
    return render(request, "admin_roster.html", status_code=errors.status if errors else 200, title="名簿の取り込み",
                  report=report, errors=errors or FormErrors(), columns=COLUMNS, optional=OPTIONAL_COLUMNS,
                  labels=COLUMN_LABELS, file_name=file_name)


@router.get(ROSTER_PATH)
def roster(request: Request, me: Admin) -> Response:
    return roster_page(request)


@router.post(ROSTER_PATH)
def import_file(request: Request, services: ServicesDep, me: Admin, form: Form) -> Response:
    upload = form.get("file")

    def run() -> Response:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise InvalidInput("choose the roster file", field="file", reason="no_file")
        report = import_roster(services, me.user, roster_text(upload.file.read()))
        return roster_page(request, report, file_name=upload.filename)

    def refused(errors: FormErrors) -> Response:
        errors.by_field = {"file" if k in ("body", "header") else k: m for k, m in errors.by_field.items()}
        return roster_page(request, errors=errors)

    return attempt(run, refused)

