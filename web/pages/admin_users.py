"""The administrator's pages of users: the list, registering a user (a password typed or generated
and shown once), and one user's page with the changes it accepts now — role, authority limit, a new
password, deactivation or reactivation, revoking API tokens (a new one shown once) — and the
history of their account. Each form calls the application's named command through the API's
schema; each change is recorded with who made it, the users table changed in the same transaction."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from api.deps import ServicesDep
from api.schemas.users import AuthorityLimitIn, DeactivationIn, PasswordIn, RoleIn, TokensIn, UserIn
from api.user_secrets import new_password, token_issued
from domain.accounts.directory import Secrets
from domain.accounts.errors import UserNotFound
from domain.application import CommandResult
from domain.kernel.actors import Role
from domain.kernel.history import history_of
from infra.sessions import WebSession
from web.forms import (
    Form,
    FormErrors,
    attempt,
    command_context,
    new_form_key,
    number,
    on_the_form,
    parse,
    present,
    text,
    then_go,
)
from web.navigation import ADMIN_USERS_PATH
from web.routing import PageRoute
from web.session import page_user
from web.templating import render
from web.user_view import UserView

router = APIRouter(route_class=PageRoute, include_in_schema=False)
Admin = Annotated[WebSession, page_user(Role.ADMIN)]
NEW_USER_PATH = f"{ADMIN_USERS_PATH}/new"


def user_path(user_id: str) -> str:
    return f"{ADMIN_USERS_PATH}/{user_id}"


@router.get(ADMIN_USERS_PATH)
def users(request: Request, services: ServicesDep, me: Admin, role: Annotated[str, Query(max_length=20)] = "",
          state: Annotated[str, Query(max_length=20)] = "") -> Response:
    active = {"active": True, "inactive": False}.get(state)
    rows = services.users.rows(role=role if role in [r.value for r in Role] else None, active=active)
    return render(request, "admin_users.html", title="利用者の管理", rows=rows, roles=list(Role),
                  f={"role": role, "state": state})


# ---- registering a user ---------------------------------------------------------------------


def new_user_form(request: Request, values: dict[str, Any] | None = None, errors: FormErrors | None = None) -> Response:
    v = values or {"role": Role.CONCIERGE.value, "password_how": "generate"}
    return render(request, "admin_user_new.html", status_code=errors.status if errors else 200, title="利用者の登録",
                  v=v, errors=errors or FormErrors(), roles=list(Role), form_key=v.get("form_key") or new_form_key())


@router.get(NEW_USER_PATH)
def new_user(request: Request, me: Admin) -> Response:
    return new_user_form(request)


@router.post(NEW_USER_PATH)
def register(request: Request, services: ServicesDep, me: Admin, form: Form) -> Response:
    generate = text(form, "password_how") != "typed"

    def run() -> Response:
        body = parse(UserIn, present(
            user_id=(text(form, "user_id") or "").lower() or None, display_name=text(form, "display_name"),
            role=text(form, "role"), authority_limit_yen=number(form, "authority_limit_yen"),
            password=None if generate else (form.get("password") or None), generate_password=generate,
            issue_token=form.get("issue_token") == "yes"))
        password = new_password(body.password, generate=body.generate_password)
        token = token_issued() if body.issue_token else None
        secrets = Secrets(password.hash, token.hash if token else None)
        cmd = command_context(services, me, request, form)
        shown = {"password": password.shown, "token": token.shown if token else None}
        return cmd.create(services.app.register_user, body.to_domain(), secrets, body=body.fingerprinted,
                          render=shown_once(request, services, me, body.user_id, shown, "done.register_user"))

    return attempt(run, lambda errors: new_user_form(request, without_password(form), on_the_form(errors, UserIn)))


def without_password(form: Form) -> dict[str, Any]:
    """What was typed, shown again — never the password."""
    return {k: v for k, v in form.items() if k != "password"}


def shown_once(request: Request, services: ServicesDep, me: WebSession, user_id: str, shown: dict[str, str | None],
               flash: str) -> Any:
    """After a change that made a secret: the user's page with it, this once (a replayed form has none
    to show, and goes to the page as any change does)."""
    go = then_go(request, lambda _: user_path(user_id), flash)

    def answer(result: CommandResult) -> Response:
        if result.subject is None or not any(shown.values()):
            return go(result)
        return user_page(request, services, me, user_id, shown=shown, done=flash)

    return answer


# ---- one user -------------------------------------------------------------------------------


def user_page(request: Request, services: ServicesDep, me: WebSession, user_id: str, *, errors: FormErrors | None = None,
              form: dict | None = None, section: str | None = None, shown: dict[str, str | None] | None = None,
              done: str | None = None) -> Response:
    row = services.users.row(user_id)
    entry = services.users.entry(user_id)
    if row is None or entry is None:
        raise UserNotFound(f"no user {user_id}", field="user_id")
    view = UserView(services.app.account(user_id), entry, me.user.actor, services.users.active_admins())
    timeline = list(reversed(history_of(services.app.user_history(user_id))))[:50]
    return render(request, "admin_user.html", status_code=errors.status if errors else 200, title="利用者", row=row,
                  view=view, roles=list(Role), timeline=timeline, errors=errors or FormErrors(), no_errors=FormErrors(),
                  v=form or {}, section=section, form_key=new_form_key(), shown=shown or {}, done=done)


@router.get(f"{ADMIN_USERS_PATH}/{{user_id}}")
def show_user(user_id: str, request: Request, services: ServicesDep, me: Admin) -> Response:
    return user_page(request, services, me, user_id)


def on_user_form(request: Request, services: ServicesDep, me: WebSession, user_id: str, form: Form, section: str,
                 schema: type[BaseModel] | None, run: Any) -> Response:
    return attempt(run, lambda errors: user_page(request, services, me, user_id, errors=on_the_form(errors, schema),
                                                 form=without_password(form), section=section))


def change(request: Request, services: ServicesDep, me: WebSession, user_id: str, form: Form, flash: str,
           command: Any, *args: object, body: BaseModel | None, render_with: Any = None) -> Response:
    cmd = command_context(services, me, request, form)
    return cmd.change(command, user_id, *args, body=body,
                      render=render_with or then_go(request, lambda _: user_path(user_id), flash))


@router.post(f"{ADMIN_USERS_PATH}/{{user_id}}/role")
def change_role(user_id: str, request: Request, services: ServicesDep, me: Admin, form: Form) -> Response:
    def run() -> Response:
        body = parse(RoleIn, present(role=text(form, "role"), authority_limit_yen=number(form, "authority_limit_yen")))
        return change(request, services, me, user_id, form, "done.change_user_role", services.app.change_user_role,
                      body.role, body.authority_limit_yen, body=body)

    return on_user_form(request, services, me, user_id, form, "role", RoleIn, run)


@router.post(f"{ADMIN_USERS_PATH}/{{user_id}}/authority-limit")
def change_limit(user_id: str, request: Request, services: ServicesDep, me: Admin, form: Form) -> Response:
    def run() -> Response:
        body = parse(AuthorityLimitIn, {"authority_limit_yen": number(form, "authority_limit_yen")})
        return change(request, services, me, user_id, form, "done.change_authority_limit",
                      services.app.change_authority_limit, body.authority_limit_yen, body=body)

    return on_user_form(request, services, me, user_id, form, "limit", AuthorityLimitIn, run)


@router.post(f"{ADMIN_USERS_PATH}/{{user_id}}/password")
def reset_password(user_id: str, request: Request, services: ServicesDep, me: Admin, form: Form) -> Response:
    generate = text(form, "password_how") != "typed"

    def run() -> Response:
        body = parse(PasswordIn, present(password=None if generate else (form.get("password") or None), generate=generate))
        password = new_password(body.password, generate=body.generate)
        shown = shown_once(request, services, me, user_id, {"password": password.shown}, "done.reset_password")
        return change(request, services, me, user_id, form, "done.reset_password",
                      partial(services.app.reset_password, generated=body.generate), password.hash,
                      body=body.fingerprinted,
                      render_with=shown)

    return on_user_form(request, services, me, user_id, form, "password", PasswordIn, run)


@router.post(f"{ADMIN_USERS_PATH}/{{user_id}}/deactivate")
def deactivate(user_id: str, request: Request, services: ServicesDep, me: Admin, form: Form) -> Response:
    def run() -> Response:
        body = parse(DeactivationIn, present(reason=text(form, "reason")))
        return change(request, services, me, user_id, form, "done.deactivate_user", services.app.deactivate_user,
                      body.reason, body=body)

    return on_user_form(request, services, me, user_id, form, "deactivate", DeactivationIn, run)


@router.post(f"{ADMIN_USERS_PATH}/{{user_id}}/reactivate")
def reactivate(user_id: str, request: Request, services: ServicesDep, me: Admin, form: Form) -> Response:
    def run() -> Response:
        return change(request, services, me, user_id, form, "done.reactivate_user", services.app.reactivate_user,
                      body=None)

    return on_user_form(request, services, me, user_id, form, "reactivate", None, run)


@router.post(f"{ADMIN_USERS_PATH}/{{user_id}}/tokens")
def revoke_tokens(user_id: str, request: Request, services: ServicesDep, me: Admin, form: Form) -> Response:
    def run() -> Response:
        body = parse(TokensIn, {"issue_new": form.get("issue_new") == "yes"})
        token = token_issued() if body.issue_new else None
        shown = shown_once(request, services, me, user_id, {"token": token.shown if token else None},
                           "done.revoke_tokens")
        return change(request, services, me, user_id, form, "done.revoke_tokens", services.app.revoke_tokens,
                      token.hash if token else None, body=body, render_with=shown)

    return on_user_form(request, services, me, user_id, form, "tokens", TokensIn, run)
