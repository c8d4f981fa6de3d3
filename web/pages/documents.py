"""The file's documents on the pages: the documents section of a case's and an incident's page (one
include, `parts/documents.html`, which asks `documents_panel` for what to show), the upload (a plain
file input that works without scripts; web/static/documents.js adds the drop zone), a document's
own page with its preview, the download, and withdrawal with a reason.

Every upload and withdrawal runs the same named command through the same path as the JSON API
(api/uploads.py); every preview and download is read through api/downloads.py, so it is checked by
the document's record and written to the access log before a byte is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from jinja2 import pass_context
from pydantic import BaseModel

from api.deps import ServicesDep
from api.downloads import content_response, read_document
from api.errors import STATUS_BY_KIND
from api.schemas.claims import ReasonIn
from api.uploads import AttachmentIn, Upload, UploadCommand, attach_upload
from domain.application import CommandResult
from domain.documents.document import Document, Owner, readable_size
from domain.documents.registers import ContentUse
from domain.documents.vocabulary import ATTACHERS, READERS, DocumentCategory, MediaType, OwnerKind
from domain.kernel.actors import Actor, Role
from domain.kernel.errors import DomainError, RoleNotAllowed
from domain.kernel.history import history_of
from infra.sessions import WebSession
from web.cookies import leave_flash
from web.forms import (
    Form,
    FormErrors,
    FormRefused,
    command_context,
    new_form_key,
    on_the_form,
    parse,
    present,
    refusal_errors,
    text,
)
from web.pages.cases import case_page, case_path
from web.pages.incidents import incident_page, incident_path
from web.routing import PageRoute
from web.session import PageForbidden, page_user
from web.templating import render, secure_headers, templates

router = APIRouter(route_class=PageRoute, include_in_schema=False)
SECTION = "documents"  # the section of a record's page the upload form is in
CaseAttacher = Annotated[WebSession, page_user(*ATTACHERS[OwnerKind.CASE])]
IncidentAttacher = Annotated[WebSession, page_user(*ATTACHERS[OwnerKind.INCIDENT])]
Staff = Annotated[WebSession, page_user(Role.CONCIERGE, Role.ADJUSTER, Role.AUDITOR, Role.ADMIN)]
Withdrawer = Annotated[WebSession, page_user(Role.CONCIERGE, Role.ADJUSTER, Role.ADMIN)]
# Where a record's page sends an upload (a policy's: through the JSON API until policies have pages).
UPLOAD_PAGES = {OwnerKind.CASE: "/web/cases/{}/documents", OwnerKind.INCIDENT: "/web/incidents/{}/documents"}
ACCEPT = ",".join([*(m.value for m in MediaType), ".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".heic", ".heif",
                   ".docx", ".xlsx"])


def document_path(document_id: UUID | str) -> str:
    return f"/web/documents/{document_id}"


def owner_title(services: ServicesDep, owner: Owner) -> str:
    """How the record a document is attached to is named on the document's page."""
    app = services.app
    if owner.kind == OwnerKind.CASE:
        return f"{app.get_case(UUID(owner.id)).insured_name} 様の事案"
    if owner.kind == OwnerKind.INCIDENT:
        return f"{app.get_incident(UUID(owner.id)).insured_name} 様のサイバー事故"
    return f"保険契約 {owner.id}"


def owner_path(owner: Owner) -> str | None:
    """The page of the record a document is attached to (policies have no page yet)."""
    if owner.kind == OwnerKind.CASE:
        return case_path(owner.id)
    if owner.kind == OwnerKind.INCIDENT:
        return incident_path(owner.id)
    return None


# ---- the section of a record's page ---------------------------------------------------------------


@dataclass
class DocumentRow:
    document: Document
    same_content: list[ContentUse]


@dataclass
class DocumentsPanel:
    owner: Owner
    rows: list[DocumentRow]
    may_attach: bool
    upload_path: str
    max_bytes: int
    categories: list[DocumentCategory] = field(default_factory=lambda: list(DocumentCategory))
    accept: str = ACCEPT

    @property
    def limit(self) -> str:
        return readable_size(self.max_bytes)

    @property
    def accepted(self) -> str:
        return "・".join(m.ja.removesuffix(" 画像") for m in MediaType)


def owner_of_page(context: Any) -> Owner | None:
    """Whose page includes the section: a case's, an incident's, or (later) a policy's."""
    if context.get("case") is not None:
        return Owner.case(context["case"].id)
    if context.get("incident") is not None:
        return Owner.incident(context["incident"].id)
    if context.get("policy") is not None:
        return Owner.policy(context["policy"].policy_number)
    return None


@pass_context
def documents_panel(context: Any) -> DocumentsPanel | None:
    """What the documents section of the page shows (None: a page of no record)."""
    request, me, owner = context.get("request"), context.get("me"), owner_of_page(context)
    if request is None or me is None or owner is None:
        return None
    services = request.app.state.services
    app = services.app
    rows = [DocumentRow(d, app.same_content(d)) for d in app.documents_of(owner)]
    upload_path = UPLOAD_PAGES.get(owner.kind)
    may_attach = upload_path is not None and me.user.role in ATTACHERS[owner.kind]
    return DocumentsPanel(owner, rows, may_attach, (upload_path or "").format(owner.id),
                          services.settings.claims_max_document_bytes)


templates.env.globals["documents_panel"] = documents_panel
templates.env.filters["file_size"] = readable_size


# ---- uploading from a record's page ----------------------------------------------------------------


def upload_from_page(request: Request, services: ServicesDep, me: WebSession, form: Form, owner: Owner,
                     page_again: Callable[[FormErrors], Response]) -> Response:
    """Attach the file the form sent; on a refusal, the record's page again with the reason by the field."""
    back = owner_path(owner) or "/home"

    def run() -> Response:
        fields = parse(AttachmentIn, present(category=text(form, "category"), description=text(form, "description")))
        up = UploadCommand(command_context(services, me, request, form), Upload.of(form))
        return attach_upload(up, owner, fields, then_to_record(request, services, back))

    try:
        return run()
    except FormRefused as refused:
        return page_again(on_the_form(refused.errors, UploadFields))
    except DomainError as error:
        if error.status == "not_found":
            raise
        errors = refusal_errors(error)
        errors.status = STATUS_BY_KIND.get(error.status, errors.status)  # 413, 415 as the API answers
        return page_again(on_the_form(errors, UploadFields))


def then_to_record(request: Request, services: ServicesDep, back: str) -> Callable[[CommandResult], Response]:
    """Back to the record's documents, saying whether the same content is on another record too."""

    def go(result: CommandResult) -> Response:
        document = result.subject or services.app.get_document(result.aggregate_id)
        elsewhere = [u for u in services.app.same_content(document) if u.owner != document.owner]
        response = RedirectResponse(f"{back}#documents", status_code=303)
        leave_flash(request, response, "done.attach_document.same_content" if elsewhere else "done.attach_document")
        return secure_headers(response)

    return go


@router.post("/web/cases/{case_id}/documents")
def attach_to_case(case_id: UUID, request: Request, services: ServicesDep, me: CaseAttacher, form: Form) -> Response:
    return upload_from_page(request, services, me, form, Owner.case(case_id), lambda errors: case_page(
        request, services, me, case_id, errors, plain_fields(form), SECTION))


@router.post("/web/incidents/{incident_id}/documents")
def attach_to_incident(incident_id: UUID, request: Request, services: ServicesDep, me: IncidentAttacher, form: Form) -> Response:
    return upload_from_page(request, services, me, form, Owner.incident(incident_id), lambda errors: incident_page(
        request, services, me, incident_id, errors, plain_fields(form), SECTION))


class UploadFields(BaseModel):
    """The fields of the upload form: a refusal naming another (the record's state, the role) is
    said above the form."""

    file: Any = None
    category: Any = None
    description: Any = None


def plain_fields(form: Form) -> dict[str, str]:
    """What was typed, to show again (a file cannot be: it is chosen again)."""
    return {k: v for k, v in form.items() if isinstance(v, str) and k not in ("csrf_token", "form_key")}


# ---- one document -----------------------------------------------------------------------------------


def readable(services: ServicesDep, me: WebSession, document_id: UUID, action: str, request: Request,
             content: bool = False) -> Document:
    """The document if this person may read it (a page of another role's record: the 403 page)."""
    try:
        return read_document(services, me.user.actor, document_id, action, request, content=content)
    except RoleNotAllowed as refused:
        if type(refused) is RoleNotAllowed:
            raise PageForbidden(READERS[OwnerKind(services.app.get_document(document_id).owner_kind)]) from None
        raise


def may_withdraw(document: Document, actor: Actor) -> bool:
    if document.withdrawn:
        return False
    if document.owner_kind == OwnerKind.POLICY:
        return actor.role is Role.ADMIN
    return actor.role is Role.ADJUSTER or (actor.role is Role.CONCIERGE and actor.user_id == document.attached_by)


def may_open_content(document: Document, actor: Actor) -> bool:
    return not document.withdrawn or actor.role is Role.AUDITOR


def document_page(request: Request, services: ServicesDep, me: WebSession, document_id: UUID,
                  errors: FormErrors | None = None, form: dict | None = None) -> Response:
    document = readable(services, me, document_id, "document.page", request)
    app, actor = services.app, me.user.actor
    return render(request, "document.html", status_code=errors.status if errors else 200, title="書類", d=document,
                  kind=document.kind_of_content, owner_page=owner_path(document.owner),
                  owner_title=owner_title(services, document.owner),
                  same_content=app.same_content(document), may_withdraw=may_withdraw(document, actor),
                  may_open=may_open_content(document, actor), errors=errors or FormErrors(), v=form or {},
                  form_key=new_form_key(), timeline=list(reversed(history_of(app.document_history(document_id)))))


@router.get("/web/documents/{document_id}")
def show_document(document_id: UUID, request: Request, services: ServicesDep, me: Staff) -> Response:
    return document_page(request, services, me, document_id)


@router.get("/web/documents/{document_id}/content")
def download(document_id: UUID, request: Request, services: ServicesDep, me: Staff) -> StreamingResponse:
    document = readable(services, me, document_id, "document.download", request, content=True)
    return content_response(services, document)


@router.get("/web/documents/{document_id}/preview")
def preview(document_id: UUID, request: Request, services: ServicesDep, me: Staff) -> StreamingResponse:
    document = readable(services, me, document_id, "document.preview", request, content=True)
    return content_response(services, document, inline=True)


@router.post("/web/documents/{document_id}/withdraw")
def withdraw(document_id: UUID, request: Request, services: ServicesDep, me: Withdrawer, form: Form) -> Response:
    def run() -> Response:
        body = parse(ReasonIn, present(reason=text(form, "reason")))
        cmd = command_context(services, me, request, form)
        return cmd.change(services.app.withdraw_document, document_id, body.reason, body=body,
                          render=then_to_document(request, document_id))

    try:
        return run()
    except FormRefused as refused:
        return document_page(request, services, me, document_id, refused.errors, plain_fields(form))
    except DomainError as error:
        if error.status == "not_found":
            raise
        errors = on_the_form(refusal_errors(error), ReasonIn)
        return document_page(request, services, me, document_id, errors, plain_fields(form))


def then_to_document(request: Request, document_id: UUID) -> Callable[[CommandResult], Response]:
    def go(_result: CommandResult) -> Response:
        response = RedirectResponse(document_path(document_id), status_code=303)
        leave_flash(request, response, "done.withdraw_document")
        return secure_headers(response)

    return go
