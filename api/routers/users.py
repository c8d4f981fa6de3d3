"""Users, for the administrator: the list, one user, and every change to a user — each a named
command recorded as an event of the user's account, with the users table changed in the same
transaction. A generated password or a new token is in the answer of the request that made it,
and nowhere else (a replayed Idempotency-Key answers without it)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from api.commands import AdminCommand, Render, versioned
from api.deps import ServicesDep, require_role
from api.schemas.claims import HistoryEntryOut
from api.schemas.history import history_entries
from api.schemas.users import AuthorityLimitIn, DeactivationIn, PasswordIn, RoleIn, TokensIn, UserIn, UserOut
from api.services import Services
from api.user_secrets import new_password, password_if_any, token_issued
from domain.accounts.directory import Secrets
from domain.accounts.errors import UserNotFound
from domain.application import CommandResult
from domain.kernel.actors import Role
from infra.users import User, UserRow

router = APIRouter(prefix="/users", tags=["users"])
Admin = Annotated[User, Depends(require_role(Role.ADMIN))]


def row_of(services: Services, user_id: str) -> UserRow:
    row = services.users.row(user_id)
    if row is None:
        raise UserNotFound(f"no user {user_id}", field="user_id")
    return row


def user_answer(services: Services, user_id: str, status: int, *, password: str | None = None,
                token: str | None = None) -> Render:
    """The user as the table has them after the command; the secrets only when it ran now."""

    def render(result: CommandResult) -> JSONResponse:
        ran_now = result.subject is not None
        body = UserOut.of(row_of(services, user_id), password if ran_now else None, token if ran_now else None,
                          result.position)
        return versioned(body.model_dump(mode="json"), result.version, f"/users/{user_id}", status)

    return render


@router.get("", response_model=list[UserOut], summary="Every user, active first (admin)")
def list_users(services: ServicesDep, _: Admin) -> list[UserOut]:
    return [UserOut.of(row) for row in services.users.rows()]


@router.get("/{user_id}", response_model=UserOut, summary="One user (admin)")
def get_user(user_id: str, services: ServicesDep, _: Admin) -> UserOut:
    return UserOut.of(row_of(services, user_id))


@router.get("/{user_id}/history", response_model=list[HistoryEntryOut],
            summary="Every event of a user's account: changes by administrators, sign-ins (admin)")
def user_history(user_id: str, services: ServicesDep, _: Admin) -> list[HistoryEntryOut]:
    row_of(services, user_id)
    return history_entries(services.app.user_history(user_id))


@router.post("", status_code=201, response_model=UserOut, summary="Register a user (admin)")
def register_user(body: UserIn, cmd: AdminCommand) -> JSONResponse:
    password = password_if_any(body.password, generate=body.generate_password)
    token = token_issued() if body.issue_token else None
    secrets = Secrets(password.hash if password else None, token.hash if token else None)
    render = user_answer(cmd.services, body.user_id, 201, password=password.shown if password else None,
                         token=token.shown if token else None)
    return cmd.create(cmd.services.app.register_user, body.to_domain(), secrets, body=body.fingerprinted, render=render)


def change(cmd: AdminCommand, user_id: str, command: Callable[..., CommandResult], *args: object, body: object,
           password: str | None = None, token: str | None = None) -> JSONResponse:
    return cmd.change(command, user_id, *args, body=body,  # type: ignore[arg-type]
                      render=user_answer(cmd.services, user_id, 200, password=password, token=token))


@router.post("/{user_id}/role", response_model=UserOut, summary="Change a user's role (admin)")
def change_role(user_id: str, body: RoleIn, cmd: AdminCommand) -> JSONResponse:
    return change(cmd, user_id, cmd.services.app.change_user_role, body.role, body.authority_limit_yen, body=body)


@router.post("/{user_id}/authority-limit", response_model=UserOut, summary="Change an adjuster's authority limit (admin)")
def change_authority_limit(user_id: str, body: AuthorityLimitIn, cmd: AdminCommand) -> JSONResponse:
    return change(cmd, user_id, cmd.services.app.change_authority_limit, body.authority_limit_yen, body=body)


@router.post("/{user_id}/password", response_model=UserOut, summary="Give a user a new password (admin)")
def reset_password(user_id: str, body: PasswordIn, cmd: AdminCommand) -> JSONResponse:
    password = new_password(body.password, generate=body.generate)
    command = partial(cmd.services.app.reset_password, generated=body.generate)
    return change(cmd, user_id, command, password.hash, body=body.fingerprinted, password=password.shown)


@router.post("/{user_id}/deactivate", response_model=UserOut, summary="Deactivate a user: no sign-in, no token (admin)")
def deactivate(user_id: str, body: DeactivationIn, cmd: AdminCommand) -> JSONResponse:
    return change(cmd, user_id, cmd.services.app.deactivate_user, body.reason, body=body)


@router.post("/{user_id}/reactivate", response_model=UserOut, summary="Reactivate a user (admin)")
def reactivate(user_id: str, cmd: AdminCommand) -> JSONResponse:
    return change(cmd, user_id, cmd.services.app.reactivate_user, body=None)


@router.post("/{user_id}/tokens/revoke", response_model=UserOut,
             summary="Revoke every API token of a user, and issue a new one (admin)")
def revoke_tokens(user_id: str, body: TokensIn, cmd: AdminCommand) -> JSONResponse:
    token = token_issued() if body.issue_new else None
    return change(cmd, user_id, cmd.services.app.revoke_tokens, token.hash if token else None, body=body,
                  token=token.shown if token else None)
