"""Importing enrolments from the society's roster (CSV, one row per member), as Excel saves it in
Japan: UTF-8 (with or without a BOM) or Shift_JIS (Windows' CP932); anything else is refused.

Each row is its own command: a refused row is reported with the rule and field and stops
nothing else. Each row carries an idempotency key derived from its content, so importing the
same file again records nothing twice and reports those rows as already imported.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from datetime import date

from fastapi import Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from api.errors import _field_path
from api.i18n import translate
from api.schemas.policies import ImportReportOut, ImportRowOut, PolicyholderIn, Product
from api.services import Services
from domain.application import Idempotency
from domain.kernel.errors import DomainError, IdempotencyKeyReused, InvalidInput
from infra.users import User

COLUMNS = (
    "member_number", "name", "kind", "product", "plan_code", "applied_on", "clinic_id", "clinic_name",
    "applicant_is_founder", "premium_received_on", "premium_amount_yen",
)
OPTIONAL_COLUMNS = ("premium_bank_reference",)
MAX_BYTES = 5_000_000
ENCODINGS = ("utf-8-sig", "cp932")  # tried in this order: UTF-8 first, it is never mistaken for CP932
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Never in a roster, but what another encoding (EUC-JP, UTF-16, a binary file) read as CP932 becomes:
# control characters, and CP932's user-defined area (外字), which no one can read on another PC.
UNREADABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000-\uf8ff]")


class RosterRow(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    member_number: str = Field(min_length=1, max_length=200)
    name: str = Field(min_length=1, max_length=200)
    kind: str
    product: Product
    plan_code: str = Field(min_length=1, max_length=40)
    applied_on: date
    clinic_id: str | None = None
    clinic_name: str | None = None
    applicant_is_founder: bool | None = None
    premium_received_on: date | None = None
    premium_amount_yen: int | None = Field(default=None, gt=0)
    premium_bank_reference: str | None = Field(default=None, max_length=100)


async def csv_text(request: Request) -> str:
    return roster_text(await request.body())


def roster_text(raw: bytes) -> str:
    """The file's text: UTF-8 (a BOM or none), else CP932 (Shift_JIS as Windows writes it)."""
    if len(raw) > MAX_BYTES:
        raise InvalidInput(f"the file is over {MAX_BYTES:,} bytes; split it", field="body")
    if not raw.startswith(UTF16_BOMS):
        for encoding in ENCODINGS:
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                continue
            if not UNREADABLE.search(text):
                return text
    raise InvalidInput("the file must be UTF-8 or Shift_JIS (CP932), as Excel saves a CSV", field="body",
                       reason="unreadable_encoding")


def import_roster(services: Services, user: User, text: str) -> ImportReportOut:
    # newline="": the csv module reads CR, LF and CRLF line ends itself (a lone CR, as old Mac
    # Excel writes, made it fail with a server error). The whole file is read before any row is
    # recorded, so a file the csv module cannot read changes nothing.
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        rows = list(enumerate(reader, start=2))
    except csv.Error as error:  # raised on the line after the last one it read
        line = reader.line_num + 1
        raise InvalidInput(f"line {line} cannot be read as CSV ({error})", field="body",
                           reason="malformed_csv", params={"line": line}) from None
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InvalidInput(f"the header lacks columns: {', '.join(missing)}", field="header", reason="missing_columns",
                           params={"columns": " ".join(missing)})
    report = [_import_row(services, user, line, raw) for line, raw in rows]
    imported = sum(r.status != "refused" for r in report)
    return ImportReportOut(rows=len(report), imported=imported, refused=len(report) - imported, report=report)


def _import_row(services: Services, user: User, line: int, raw: dict[str, str | None]) -> ImportRowOut:
    cleaned = {k: (v if v not in ("", None) else None) for k, v in raw.items() if k in COLUMNS + OPTIONAL_COLUMNS}
    try:
        row = RosterRow.model_validate(cleaned)
        holder = PolicyholderIn.model_validate(
            {k: getattr(row, k) for k in ("member_number", "name", "kind", "clinic_id", "clinic_name", "applicant_is_founder")}
        ).to_domain()
    except ValidationError as error:
        first = error.errors()[0]
        return ImportRowOut(row=line, status="refused", rule="invalid_input", field=_field_path(tuple(first["loc"])),
                            detail=first["msg"], detail_ja=translate(str(first["type"]), params=first.get("ctx")))
    key = hashlib.sha256(row.model_dump_json().encode()).hexdigest()
    enrolment = Idempotency(user.user_id, f"roster:{key}", key)
    earlier = services.idempotency.find(user.user_id, enrolment.key)
    try:
        if earlier is None:
            result = services.app.enrol_policy(row.product, row.plan_code, holder, row.applied_on, user.actor,
                                               idempotency=enrolment)
            policy_number, status = services.app.policy_at(result.aggregate_id).policy_number, "imported"
        else:
            policy_number, status = services.app.policy_at(earlier.aggregate_id).policy_number, "already_imported"
    except IdempotencyKeyReused:
        return ImportRowOut(row=line, status="already_imported", detail="imported by a concurrent request")
    except DomainError as error:
        return ImportRowOut(row=line, status="refused", rule=error.rule, field=error.field, detail=error.detail,
                            detail_ja=in_japanese(error))
    return _with_premium(services, user, row, key, ImportRowOut(row=line, status=status, policy_number=policy_number))


def _with_premium(services: Services, user: User, row: RosterRow, key: str, out: ImportRowOut) -> ImportRowOut:
    if row.premium_received_on is None or row.premium_amount_yen is None:
        return out.model_copy(update={"premium": "not_given"})
    premium = Idempotency(user.user_id, f"roster-premium:{key}", key)
    if services.idempotency.find(user.user_id, premium.key) is not None:
        return out.model_copy(update={"premium": "recorded"})
    try:
        services.app.receive_premium(out.policy_number or "", row.premium_received_on, row.premium_amount_yen,
                                     user.actor, bank_reference=row.premium_bank_reference, idempotency=premium)
    except IdempotencyKeyReused:
        pass
    except DomainError as error:
        return out.model_copy(update={"premium": "refused", "rule": error.rule, "field": error.field,
                                      "detail": error.detail, "detail_ja": in_japanese(error)})
    return out.model_copy(update={"premium": "recorded"})


def in_japanese(error: DomainError) -> str:
    return translate(error.rule, reason=error.reason, params=error.params)
