"""How the events of documents and their registers read in histories and the audit log. They name
the category, the type, the size and the record, never the file's name, its description or the
reason for a withdrawal (those may name a patient: they stay in the event)."""

from __future__ import annotations

from domain.kernel.descriptions import describe_events

describe_events({
    "claims:Document.Attached": (
        "Document attached to the {owner_kind} ({category}, {media_type}, {size_bytes:,} bytes)",
        "書類を{owner_kind}に添付（{category}、{media_type}、{size_bytes:,} バイト）"),
    "claims:Document.Withdrawn": ("Document withdrawn", "書類を取り下げ"),
    "claims:DocumentFolder.Opened": ("Document folder of the {owner_kind} opened", "{owner_kind}の書類フォルダを作成"),
    "claims:DocumentFolder.DocumentFiled": ("Document {document_id} filed", "書類 {document_id} を登録"),
    "claims:DocumentFolder.DocumentWithdrawn": ("Document {document_id} withdrawn from the folder",
                                                "書類 {document_id} をフォルダから取り下げ"),
    "claims:ContentRegister.Opened": ("Content {sha256} first received", "内容 {sha256} を初めて受領"),
    "claims:ContentRegister.Used": ("Content used by document {document_id} of the {owner_kind}",
                                    "内容を{owner_kind}の書類 {document_id} として使用"),
    "claims:ContentRegister.Released": ("Content released by document {document_id}",
                                        "書類 {document_id} の取り下げにより内容の使用を解除"),
})
