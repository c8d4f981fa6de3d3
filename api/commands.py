"""Running a command from HTTP: role, If-Match, Idempotency-Key, and the answer with its ETag."""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.deps import ServicesDep, require_role
from api.services import Services
from domain.application import CommandResult, Idempotency
from domain.kernel.actors import Actor, Role
from domain.kernel.errors import IdempotencyKeyReused, InvalidInput
from infra.users import User

ETAG = re.compile(r'^(?:W/)?"(\d+)"$')
IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,200}$")

Execute = Callable[[Idempotency | None], CommandResult]
Render = Callable[[CommandResult], JSONResponse]
Command = Callable[..., CommandResult]


class IdempotencyKeyMismatch(InvalidInput):
    rule = "idempotency_key_mismatch"


def parse_if_match(value: str | None) -> int | None:
    if value is None:
        return None
    match = ETAG.match(value.strip())
    if not match:
        raise InvalidInput('If-Match must be an ETag of this API, e.g. "3"', field="If-Match", reason="bad_etag")
    return int(match.group(1))


def versioned(body: dict, version: int, location: str, status: int) -> JSONResponse:
    return JSONResponse(body, status_code=status, headers={"ETag": f'"{version}"', "Location": location})


@dataclass
class CommandContext:
    """One HTTP command: who runs it (the role was checked), its If-Match and Idempotency-Key.
    It calls one named command of the application and renders the answer; it knows no resource."""

    services: Services
    user: User
    request: Request
    idempotency_key: str | None
    if_match: str | None

    @property
    def actor(self) -> Actor:
        return self.user.actor

    @property
    def expected_version(self) -> int | None:
        return parse_if_match(self.if_match)

    def create(self, command: Command, *args: Any, body: BaseModel | None, render: Render) -> JSONResponse:
        """A command that creates its record: `command(*args, actor, idempotency=…)`."""
        return render(self._once(body, lambda idem: command(*args, self.actor, idempotency=idem)))

    def change(self, command: Command, *args: Any, body: BaseModel | None, render: Render) -> JSONResponse:
        """A command on an existing record: `command(*args, actor, expected_version=…, idempotency=…)`."""
        expected = self.expected_version
        return render(self._once(
            body, lambda idem: command(*args, self.actor, expected_version=expected, idempotency=idem)))

    def _once(self, body: BaseModel | None, execute: Execute) -> CommandResult:
        """Run at most once per Idempotency-Key: a replay gets the first answer."""
        if self.idempotency_key is None:
            return execute(None)
        if not IDEMPOTENCY_KEY.match(self.idempotency_key):
            raise InvalidInput("Idempotency-Key: 1–200 visible ASCII characters", field="Idempotency-Key")
        fingerprint = self._fingerprint(body)
        earlier = self._earlier_answer(fingerprint)
        if earlier is not None:
            return earlier
        try:
            return execute(Idempotency(self.user.user_id, self.idempotency_key, fingerprint))
        except IdempotencyKeyReused:  # a concurrent twin won the race
            earlier = self._earlier_answer(fingerprint)
            assert earlier is not None
            return earlier

    def _earlier_answer(self, fingerprint: str) -> CommandResult | None:
        stored = self.services.idempotency.find(self.user.user_id, self.idempotency_key or "")
        if stored is None:
            return None
        if stored.fingerprint != fingerprint:
            raise IdempotencyKeyMismatch("this Idempotency-Key was used for a different request", field="Idempotency-Key")
        return CommandResult(stored.aggregate_id, stored.version, stored.position)

    def _fingerprint(self, body: BaseModel | None) -> str:
        payload = body.model_dump_json() if body is not None else ""
        text = f"{self.request.method} {self.request.url.path}\n{payload}"
        return hashlib.sha256(text.encode()).hexdigest()


def command_context(*roles: Role) -> Callable[..., CommandContext]:
    role_check = require_role(*roles)

    def build(
        services: ServicesDep,
        user: Annotated[User, Depends(role_check)],
        request: Request,
        idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
        if_match: Annotated[str | None, Header(alias="If-Match")] = None,
    ) -> CommandContext:
        return CommandContext(services, user, request, idempotency_key, if_match)

    return build


ConciergeCommand = Annotated[CommandContext, Depends(command_context(Role.CONCIERGE))]
AdjusterCommand = Annotated[CommandContext, Depends(command_context(Role.ADJUSTER))]
AdminCommand = Annotated[CommandContext, Depends(command_context(Role.ADMIN))]
NoteWriter = Annotated[CommandContext, Depends(command_context(Role.CONCIERGE, Role.ADJUSTER))]
RequestNumber = Annotated[int, Path(ge=1, le=1_000_000, description="the payment request's number on this claim")]
