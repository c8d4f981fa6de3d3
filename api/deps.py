"""Dependencies: the services, the caller (bearer token → user) and role checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.services import Services
from domain.application import ClaimsApplication
from domain.kernel.actors import Role
from infra.users import User

bearer = HTTPBearer(auto_error=False, description="a token printed by `claims create-user`")


def get_services(request: Request) -> Services:
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_claims_app(services: ServicesDep) -> ClaimsApplication:
    return services.app


ClaimsApp = Annotated[ClaimsApplication, Depends(get_claims_app)]


def authenticate(
    request: Request, services: ServicesDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> User:
    """The caller of a JSON API request (api/guards.py found it already, before the body was read)."""
    unauthenticated = HTTPException(
        401, "send Authorization: Bearer <token>", headers={"WWW-Authenticate": "Bearer"}
    )
    found = request.scope.get("state", {}).get("bearer_user")
    if found is not None:
        return found
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise unauthenticated
    user = services.users.by_token(credentials.credentials)
    if user is None:
        raise unauthenticated
    return user


CurrentUser = Annotated[User, Depends(authenticate)]


def require_role(*roles: Role) -> Callable[[User], User]:
    allowed = ", ".join(r.value for r in roles)

    def check(user: CurrentUser) -> User:
        if user.role not in roles:
            raise HTTPException(403, f"this needs the role {allowed}; you are {user.role.value}")
        return user

    return check


READER_ROLES = (Role.CONCIERGE, Role.ADJUSTER, Role.AUDITOR)
Reader = Annotated[User, Depends(require_role(*READER_ROLES))]
STAFF_ROLES = (*READER_ROLES, Role.ADMIN)  # everyone but the metrics scraper
Staff = Annotated[User, Depends(require_role(*STAFF_ROLES))]


def canonical_subject(value: str) -> str:
    """The id as the record knows it, however it was typed: a UUID in its standard form, a
    policy number trimmed and in capitals — so a search of the access log finds every read."""
    try:
        return str(UUID(value))
    except ValueError:
        return value.strip().upper()


def audited(action: str, subject: str | None = None, roles: tuple[Role, ...] = READER_ROLES) -> Any:
    """A read of personal or case details: the role is checked, then the access is logged (who,
    when, what) before the record is shown. `subject` names the path parameter read."""
    check = require_role(*roles)

    def record(request: Request, services: ServicesDep, user: User = Depends(check)) -> User:  # noqa: B008
        detail = {"path": request.url.path, "query": dict(request.query_params)}
        target = canonical_subject(str(request.path_params[subject])) if subject else None
        services.access_log.record(user.user_id, user.role.value, action, target, detail)
        return user

    return Depends(record)
