"""The adjuster's file of documents: invoices, consent and engagement letters, police reports,
medical certificates, photos and notices, attached to a case, an incident or a policy with a
category. The record keeps what the service found in the bytes (their SHA-256, size and type,
never what the sender claimed); the bytes themselves are kept outside the event log, addressed by
that hash (infra/document_contents.py). A document is never deleted: it is withdrawn with a reason.
Decision 0020."""

from domain.documents import descriptions as _descriptions  # noqa: F401  (registers the events' descriptions)
