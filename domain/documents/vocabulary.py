"""The words of the file: what a document is (its category), what it is attached to, and the
types of content the file accepts — each with the Japanese term the pages show."""

from __future__ import annotations

from domain.kernel.actors import Role
from domain.kernel.labels import Labelled


class DocumentCategory(Labelled):
    INVOICE = "invoice", "請求書"
    CONSENT_LETTER = "consent_letter", "承諾書"
    ENGAGEMENT_LETTER = "engagement_letter", "委任契約書"
    POLICE_REPORT = "police_report", "警察への届出"
    MEDICAL_CERTIFICATE = "medical_certificate", "診断書"
    PHOTO = "photo", "写真"
    NOTICE = "notice", "通知書"
    OTHER = "other", "その他"


class OwnerKind(Labelled):
    """What a document is attached to."""

    CASE = "case", "事案"
    INCIDENT = "incident", "サイバー事故"
    POLICY = "policy", "保険契約"


class MediaType(Labelled):
    """The types of content the file accepts, as read from the bytes (never from the name): what
    insurers receive from lawyers, police, hospitals and phones. Anything else — executables,
    web pages, archives, text — is refused, so nothing the service hands back can run."""

    PDF = "application/pdf", "PDF"
    JPEG = "image/jpeg", "JPEG 画像"
    PNG = "image/png", "PNG 画像"
    TIFF = "image/tiff", "TIFF 画像"
    HEIF = "image/heif", "HEIF 画像"
    HEIC = "image/heic", "HEIC 画像"
    DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word 文書"
    XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel ブック"

    @property
    def previewable(self) -> bool:
        """Shown in the page itself: what every browser renders (PDF in its viewer, JPEG and PNG)."""
        return self in (MediaType.PDF, MediaType.JPEG, MediaType.PNG)

    @property
    def extension(self) -> str:
        return EXTENSIONS[self]


EXTENSIONS = {MediaType.PDF: ".pdf", MediaType.JPEG: ".jpg", MediaType.PNG: ".png", MediaType.TIFF: ".tif",
              MediaType.HEIF: ".heif", MediaType.HEIC: ".heic", MediaType.DOCX: ".docx", MediaType.XLSX: ".xlsx"}

# Who attaches to what: cases and incidents are the concierge's and the adjuster's work; a policy is
# the administrator's (enrolment, premiums and endings are theirs: the application form, the bank's
# transfer slip). Readers are those who read the record it is attached to.
ATTACHERS: dict[OwnerKind, tuple[Role, ...]] = {
    OwnerKind.CASE: (Role.CONCIERGE, Role.ADJUSTER),
    OwnerKind.INCIDENT: (Role.CONCIERGE, Role.ADJUSTER),
    OwnerKind.POLICY: (Role.ADMIN,),
}
READERS: dict[OwnerKind, tuple[Role, ...]] = {
    OwnerKind.CASE: (Role.CONCIERGE, Role.ADJUSTER, Role.AUDITOR),
    OwnerKind.INCIDENT: (Role.CONCIERGE, Role.ADJUSTER, Role.AUDITOR),
    OwnerKind.POLICY: (Role.CONCIERGE, Role.ADJUSTER, Role.AUDITOR, Role.ADMIN),
}
