"""Rules of the file that refuse a command."""

from __future__ import annotations

from domain.kernel.errors import DomainError, NotFound, RoleNotAllowed, TransitionRefused


class DocumentNotFound(NotFound):
    rule = "document_not_found"


class DocumentTooLarge(DomainError):
    """The content is over the size the file takes (a setting): 413, and nothing is kept."""

    rule = "document_too_large"
    status = "too_large"


class DocumentTypeNotAccepted(DomainError):
    """The content, as read from its bytes, is not of a type the file accepts: 415."""

    rule = "document_type_not_accepted"
    status = "unsupported_type"


class SameDocumentAttached(TransitionRefused):
    """The same content (the same SHA-256) is attached to this record already and not withdrawn."""

    rule = "document_already_attached"


class DocumentAlreadyWithdrawn(TransitionRefused):
    rule = "document_already_withdrawn"


class OwnDocumentsOnly(RoleNotAllowed):
    """A concierge withdraws what they attached themselves; the adjuster withdraws any."""

    rule = "withdraw_own_documents_only"


class WithdrawnDocumentWithheld(RoleNotAllowed):
    """A withdrawn document's content is shown to auditors only: it was withdrawn for a reason
    (often: the wrong patient's papers), and the file no longer offers it to the day's work."""

    rule = "withdrawn_document_for_auditors"


class DocumentContentMissing(NotFound):
    """The record names a content the store does not hold (restored from a backup taken between the
    content and its event, or moved away): the record is shown, its content cannot be."""

    rule = "document_content_missing"
