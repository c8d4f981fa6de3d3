"""The OpenAPI document, honest about every answer a route can give: each refusal is
application/problem+json (one `Problem` schema), and each route declares the statuses it can
answer — by what it is, so a new route is declared too:

- every JSON API route: 401 (no known token), 403 (the role), 413 (the body limit), 422 (input),
  503 (the database, or a read model not caught up);
- a route with a path parameter: 404; a command (POST): 409 (a rule refused it) and 404 (a record
  it names — in its path or its body, e.g. an enrolment's plan — does not exist);
- a command on an existing record (it takes If-Match): 412;
- an upload (a multipart body): 415, a file of a type the service refuses.

`tests/api/test_openapi_conformance.py` runs schemathesis over every route and role and checks
that no answer is a server error or a status the document does not declare.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field

from api.guards import is_api

PROBLEM = "application/problem+json"
DESCRIPTIONS = {
    401: "No known bearer token", 403: "The caller's role may not do this", 404: "No such record",
    409: "A business rule refused the command", 412: "If-Match names another version: the record changed",
    413: "The request body is over the limit", 422: "The input breaks a rule of its own",
    415: "The file's type, read from its content, is not one the service accepts",
    503: "The database does not answer, or a read model has not caught up (see Retry-After)",
}


class FieldProblem(BaseModel):
    field: str
    rule: str
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details, with the rule that refused and the field it names."""

    type: str = Field(description="urn:claims:problem:<rule>")
    title: str
    status: int
    detail: str = Field(description="what was refused and why (in Japanese when Accept-Language prefers it)")
    rule: str = Field(description="the stable name of the rule: the message catalogue is keyed by it")
    field: str | None = Field(default=None, description="the input the refusal is about")
    reason: str | None = Field(default=None, description="a refinement of invalid_input (empty, out_of_range, …)")
    errors: list[FieldProblem] | None = Field(default=None, description="every input problem, for invalid_input")


def statuses_of(path: str, method: str, operation: dict[str, Any]) -> set[int]:
    if not is_api(path):
        return set()
    found = {401, 403, 413, 422, 503}
    if "{" in path:
        found.add(404)
    if method == "post":
        found |= {404, 409}
        if any(p.get("name") == "If-Match" for p in operation.get("parameters", [])):
            found.add(412)
        if "multipart/form-data" in operation.get("requestBody", {}).get("content", {}):
            found.add(415)  # an upload (api/uploads.py)
    return found


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            components["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(components["Problem"].pop("$defs", {}))
            components.pop("HTTPValidationError", None)
            components.pop("ValidationError", None)
            for path, item in schema.get("paths", {}).items():
                for method, operation in item.items():
                    declare(path, method, operation)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def declare(path: str, method: str, operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    for status in sorted(statuses_of(path, method, operation)):
        responses[str(status)] = {"description": DESCRIPTIONS[status],
                                  "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
