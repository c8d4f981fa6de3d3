"""The roster import page: the administrator uploads the society's roster as Excel saved it (CSV in
UTF-8, with or without a BOM, or Shift_JIS/CP932); it is imported through the same
`import_roster` as the JSON API, and each row's outcome is shown in Japanese, with the reason by
column for a refused row."""

from __future__ import annotations

import csv
import io
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
COLUMN_NAMES = {  # how a refused row names its column
    "member_number": "会員番号", "name": "氏名・名称", "kind": "契約者の種類", "product": "保険の種類",
    "plan_code": "プランコード", "applied_on": "申込日", "clinic_id": "診療所コード", "clinic_name": "診療所名",
    "applicant_is_founder": "開設者による申込", "premium_received_on": "保険料の着金日", "received_on": "保険料の着金日",
    "premium_amount_yen": "保険料", "amount_yen": "保険料", "premium_bank_reference": "振込の照会番号",
    "header": "見出し行", "body": "ファイル",
}
COLUMN_HELP = {  # what each column holds (the page's explanation of the file)
    **COLUMN_NAMES, "kind": "契約者の種類（physician: 医師、institution: 医療法人・医療施設、clinic: 診療所契約）",
    "product": "保険の種類（harassment: クレーム対応費用保険、cyber_physician: 勤務医サイバー保険、"
               "cyber_institution: 医療機関用サイバー保険）",
    "applied_on": "申込日（2026-04-01 の形）", "applicant_is_founder": "診療所契約の申込者が開設者か（true / false）",
    "premium_received_on": "保険料の着金日（着金済みのときだけ）", "premium_amount_yen": "保険料（円・着金済みのときだけ）",
    "premium_bank_reference": "振込の照会番号（この列はなくても構いません）",
}


def roster_page(request: Request, report: object = None, errors: FormErrors | None = None,
                file_name: str | None = None, lines: dict[int, dict[str, str | None]] | None = None) -> Response:
    return render(request, "admin_roster.html", status_code=errors.status if errors else 200, title="名簿の取り込み",
                  report=report, errors=errors or FormErrors(), columns=COLUMNS, optional=OPTIONAL_COLUMNS,
                  names=COLUMN_NAMES, help=COLUMN_HELP, file_name=file_name, lines=lines or {})


def lines_of(text: str) -> dict[int, dict[str, str | None]]:
    """Each line of the file by its number (the header is line 1), to show whom a row is about."""
    return dict(enumerate(csv.DictReader(io.StringIO(text)), start=2))


@router.get(ROSTER_PATH)
def roster(request: Request, me: Admin) -> Response:
    return roster_page(request)


@router.post(ROSTER_PATH)
def import_file(request: Request, services: ServicesDep, me: Admin, form: Form) -> Response:
    upload = form.get("file")

    def run() -> Response:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise InvalidInput("choose the roster file", field="file", reason="no_roster_file")
        text = roster_text(upload.file.read())
        report = import_roster(services, me.user, text)
        return roster_page(request, report, file_name=upload.filename, lines=lines_of(text))

    def refused(errors: FormErrors) -> Response:
        errors.by_field = {"file" if k in ("body", "header") else k: m for k, m in errors.by_field.items()}
        return roster_page(request, errors=errors)

    return attempt(run, refused)

