"""The file's documents: attach one to a case, an incident or a policy (multipart), read a record's
documents, read one, download its content (streamed, logged), withdraw it with a reason."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from api.commands import CommandContext, Render, command_context, versioned
from api.deps import STAFF_ROLES, ClaimsApp, ServicesDep, Staff, audited
from api.downloads import content_response, read_document
from api.schemas.claims import HistoryEntryOut, ReasonIn
from api.schemas.documents import DocumentOut, DocumentsOut
from api.schemas.history import history_entries
from api.uploads import UPLOAD_BODY, UploadCommand, attach_upload, attachment_fields, upload_command
from domain.application import ClaimsApplication, CommandResult
from domain.documents.document import Document, Owner
from domain.documents.vocabulary import ATTACHERS, MediaType, OwnerKind
from domain.kernel.actors import Role
from infra.users import User

router = APIRouter(tags=["documents"])
CaseUpload = Annotated[UploadCommand, upload_command(*ATTACHERS[OwnerKind.CASE])]
IncidentUpload = Annotated[UploadCommand, upload_command(*ATTACHERS[OwnerKind.INCIDENT])]
PolicyUpload = Annotated[UploadCommand, upload_command(*ATTACHERS[OwnerKind.POLICY])]
Withdrawer = Annotated[CommandContext, Depends(command_context(Role.CONCIERGE, Role.ADJUSTER, Role.ADMIN))]
CONTENT_TYPES = {200: {"description": "The content, as stored (its type read from it when it was attached)",
                       "content": {m.value: {"schema": {"type": "string", "format": "binary"}} for m in MediaType}}}


def document_response(app: ClaimsApplication, document: Document, status: int) -> JSONResponse:
    body = DocumentOut.of(document, app.same_content(document)).model_dump(mode="json")
    return versioned(body, document.version, f"/documents/{document.id}", status)


def document_answer(app: ClaimsApplication, status: int) -> Render:
    """The document as the command left it (loaded again only for a replayed Idempotency-Key)."""

    def render(result: CommandResult) -> JSONResponse:
        document = result.subject if isinstance(result.subject, Document) else app.get_document(result.aggregate_id,
                                                                                                result.version)
        return document_response(app, document, status)

    return render


def attach(up: UploadCommand, owner: Owner) -> JSONResponse:
    return attach_upload(up, owner, attachment_fields(up.upload), document_answer(up.cmd.services.app, 201))


def listing(app: ClaimsApplication, owner: Owner) -> DocumentsOut:
    return DocumentsOut(owner_kind=owner.kind.value, owner_id=owner.id,
                        items=[DocumentOut.of(d) for d in app.documents_of(owner)])


# ---- attaching, and a record's documents -------------------------------------------------------


@router.post("/cases/{case_id}/documents", status_code=201, response_model=DocumentOut, openapi_extra=UPLOAD_BODY,
             summary="Attach a document to a case (concierge, adjuster; multipart)")
def attach_to_case(case_id: UUID, up: CaseUpload) -> JSONResponse:
    return attach(up, Owner.case(case_id))


@router.get("/cases/{case_id}/documents", response_model=DocumentsOut, summary="A case's documents, oldest first")
def case_documents(case_id: UUID, app: ClaimsApp, _: Annotated[User, audited("case.documents", "case_id")]) -> DocumentsOut:
    return listing(app, Owner.case(case_id))


@router.post("/incidents/{incident_id}/documents", status_code=201, response_model=DocumentOut,
             openapi_extra=UPLOAD_BODY, summary="Attach a document to a cyber incident (concierge, adjuster; multipart)")
def attach_to_incident(incident_id: UUID, up: IncidentUpload) -> JSONResponse:
    return attach(up, Owner.incident(incident_id))


@router.get("/incidents/{incident_id}/documents", response_model=DocumentsOut, summary="An incident's documents")
def incident_documents(
    incident_id: UUID, app: ClaimsApp, _: Annotated[User, audited("incident.documents", "incident_id")]
) -> DocumentsOut:
    return listing(app, Owner.incident(incident_id))


@router.post("/policies/{number}/documents", status_code=201, response_model=DocumentOut, openapi_extra=UPLOAD_BODY,
             summary="Attach a document to a policy (admin; multipart)")
def attach_to_policy(number: str, up: PolicyUpload) -> JSONResponse:
    return attach(up, Owner.policy(number))


@router.get("/policies/{number}/documents", response_model=DocumentsOut, summary="A policy's documents")
def policy_documents(
    number: str, app: ClaimsApp, _: Annotated[User, audited("policy.documents", "number", STAFF_ROLES)]
) -> DocumentsOut:
    return listing(app, Owner.policy(number))


# ---- one document ---------------------------------------------------------------------------------


@router.get("/documents/{document_id}", response_model=DocumentOut,
            summary="A document: what it is, who attached it, whether it was withdrawn, the same content elsewhere")
def get_document(document_id: UUID, request: Request, services: ServicesDep, user: Staff) -> JSONResponse:
    document = read_document(services, user.actor, document_id, "document.read", request)
    return document_response(services.app, document, 200)


@router.get("/documents/{document_id}/history", response_model=list[HistoryEntryOut],
            summary="Every event of a document, EN/JA")
def document_history(document_id: UUID, request: Request, services: ServicesDep, user: Staff) -> list[HistoryEntryOut]:
    read_document(services, user.actor, document_id, "document.history", request)
    return history_entries(services.app.document_history(document_id))


@router.get("/documents/{document_id}/content", response_class=Response, responses=CONTENT_TYPES,
            summary="Download a document's content (streamed; in the access log; a withdrawn one: auditors only)")
def document_content(document_id: UUID, request: Request, services: ServicesDep, user: Staff) -> StreamingResponse:
    document = read_document(services, user.actor, document_id, "document.download", request, content=True)
    return content_response(services, document)


@router.post("/documents/{document_id}/withdraw", response_model=DocumentOut,
             summary="Withdraw a document with a reason (adjuster; a concierge their own; admin a policy's)")
def withdraw_document(document_id: UUID, body: ReasonIn, cmd: Withdrawer) -> JSONResponse:
    app = cmd.services.app
    return cmd.change(app.withdraw_document, document_id, body.reason, body=body, render=document_answer(app, 200))

