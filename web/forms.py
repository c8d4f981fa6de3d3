"""Forms on the pages: what a person typed becomes the same request the JSON API takes (the API's
own schemas validate it), then the same named command runs through the same CommandContext
(role already checked, If-Match from the version the form was shown at, Idempotency-Key from a
key the form carries, so a double click records once). A refusal — a schema's or a rule's —
comes back as Japanese messages keyed by the field it names, to be shown next to that field.

Typing is forgiving where it costs nothing: full-width digits, 「¥」 and thousands separators in
amounts, a date and a time typed apart (Japan time), 「はい/いいえ」 radio buttons."""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from api.commands import CommandContext, Render
from api.errors import _field_path
from api.i18n import translate
from api.services import Services
from domain.application import CommandResult
from domain.kernel.errors import DomainError
from infra.sessions import WebSession
from web.cookies import leave_flash
from web.templating import secure_headers

M = TypeVar("M", bound=BaseModel)
FORM_KEY = "form_key"  # the form's Idempotency-Key
VERSION = "version"  # the version of the record the form was shown at (If-Match)
GENERAL = "_form"  # an error about the whole form, not one field


async def read_form(request: Request) -> FormData:
    return await request.form()


Form = Annotated[FormData, Depends(read_form)]


@dataclass
class FormErrors:
    """Japanese messages by field (the API's field names: `occurred_at`, `lines[1].amount_yen`)."""

    by_field: dict[str, str] = field(default_factory=dict)
    status: int = 422  # the page is answered with it: 422 invalid, 409 refused by a rule, 412 stale

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def get(self, name: str) -> str | None:
        return self.by_field.get(name)

    def under(self, prefix: str) -> dict[str, str]:
        """The messages of the fields below `prefix` (e.g. one line of a bill), by their last part."""
        return {k[len(prefix) + 1:]: v for k, v in self.by_field.items() if k.startswith(prefix + ".")}

    @property
    def general(self) -> str | None:
        return self.by_field.get(GENERAL)


class FormRefused(Exception):
    def __init__(self, errors: FormErrors) -> None:
        super().__init__("the form was refused")
        self.errors = errors


def new_form_key() -> str:
    return f"page-{uuid.uuid4()}"


# ---- what was typed → the API's request -----------------------------------------------------


def text(form: FormData, name: str) -> str | None:
    value = str(form.get(name) or "").strip()
    return value or None


def chosen(form: FormData, name: str) -> list[str]:
    return [str(v) for v in form.getlist(name) if str(v).strip()]


def yes_no(form: FormData, name: str) -> bool | str | None:
    value = text(form, name)
    return {"yes": True, "no": False}.get(value or "", value)


def number(form: FormData, name: str) -> int | str | None:
    return whole_number(text(form, name))


def whole_number(value: str | None) -> int | str | None:
    """A whole number as people type it: ２２０，０００, ¥220,000, 220000円 → 220000; anything
    else as typed (the schema then says what is wrong with it)."""
    if value is None:
        return None
    plain = unicodedata.normalize("NFKC", value)
    for mark in ("¥", "￥", ",", "円", " ", "\u3000"):
        plain = plain.replace(mark, "")
    return int(plain) if plain.isdigit() else value


def japan_instant(form: FormData, day: str, time: str) -> str | None:
    """A date and a time typed on the page, in Japan time, as an ISO instant."""
    d, t = text(form, day), text(form, time)
    if d is None or t is None:
        return None
    return f"{d}T{t}:00+09:00" if len(t) == 5 else f"{d}T{t}+09:00"


def present(**values: Any) -> dict[str, Any]:
    """The fields that were filled in: an empty one is left out, so the schema says it is missing."""
    return {k: v for k, v in values.items() if v is not None and v != []}


def parse(schema: type[M], values: Mapping[str, Any]) -> M:
    try:
        return schema.model_validate(values)
    except ValidationError as refused:
        raise FormRefused(validation_errors(refused)) from None


def validation_errors(refused: ValidationError) -> FormErrors:
    errors = FormErrors()
    for problem in refused.errors():
        where = _field_path(tuple(problem.get("loc", ())))
        errors.by_field.setdefault(where, translate(str(problem.get("type", "invalid_input")), params=problem.get("ctx")))
    return errors


def refusal_errors(error: DomainError) -> FormErrors:
    message = translate(error.rule, reason=error.reason, params=error.params)
    status = {"invalid": 422, "stale": 412}.get(error.status, 409)
    where = GENERAL if error.field in (None, "If-Match", "Idempotency-Key") else error.field
    return FormErrors({where: message}, status)


# ---- running the command --------------------------------------------------------------------


def command_context(services: Services, me: WebSession, request: Request, form: FormData) -> CommandContext:
    version = text(form, VERSION)
    return CommandContext(services, me.user, request, text(form, FORM_KEY), f'"{version}"' if version else None)


def then_go(request: Request, path_of: Callable[[CommandResult], str], flash: str | Callable[[CommandResult], str]) -> Render:
    """After a command: to the record's page, with a one-line message of what was done (which may
    depend on what the command recorded, e.g. a payment or a request for a second adjuster)."""

    def render(result: CommandResult) -> Response:
        response = RedirectResponse(path_of(result), status_code=303)
        leave_flash(request, response, flash(result) if callable(flash) else flash)
        return secure_headers(response)

    return render


def attempt(run: Callable[[], Response], show_form: Callable[[FormErrors], Response]) -> Response:
    """Run a form's command; on a refusal, show the form again with the reasons by its fields."""
    try:
        return run()
    except FormRefused as refused:
        return show_form(refused.errors)
    except DomainError as error:
        if error.status == "not_found":
            raise
        return show_form(refusal_errors(error))


def on_the_form(errors: FormErrors, schema: type[BaseModel] | None) -> FormErrors:
    """A refusal that names no field of the form (the record's state, its payments, the amount
    an approval would pay) is said above the form rather than lost. No schema: a form of no fields."""
    fields = schema.model_fields if schema is not None else {}
    elsewhere = {n for n in errors.by_field if n != GENERAL and re.split(r"[.\[]", n)[0] not in fields}
    if elsewhere:
        said = "".join(dict.fromkeys(errors.by_field[n] for n in sorted(elsewhere)))
        errors.by_field = {n: m for n, m in errors.by_field.items() if n not in elsewhere} | {GENERAL: said}
    return errors
