"""Japanese labels for the codes the pages show. Every code the record stores is a labelled
word of the domain (domain/kernel/labels.py); roles and work queues are labelled words too."""

from __future__ import annotations

from domain.kernel.actors import Role
from domain.kernel.labels import label_ja
from projections.work_queue import WorkQueue

ROLE_LABELS = {role.value: role.ja for role in Role}
QUEUE_LABELS = {queue.value: queue.ja for queue in WorkQueue}


def label_of(code: object) -> str:
    return label_ja(code)
