"""The file note (ファイルノート) of a claim: telephone records, meetings, internal deliberation.
A note is never edited: a correction is a new note pointing to the one it corrects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.kernel.errors import InvalidInput, NoteNotFound
from domain.kernel.inputs import require_text
from domain.kernel.labels import Labelled

LONGEST_NOTE = 10_000  # characters


class NoteCategory(Labelled):
    TELEPHONE = "telephone", "電話記録"
    MEETING = "meeting", "面談"
    INTERNAL = "internal", "社内検討"
    OTHER = "other", "その他"


@dataclass(frozen=True)
class NoteInput:
    category: NoteCategory | str
    text: str
    corrects: int | None = None  # the number of the note this one corrects


@dataclass(frozen=True)
class Note:
    number: int
    category: str
    text: str
    corrects: int | None
    author_id: str
    author_role: str
    written_at: datetime


def check_note(note: NoteInput, existing: list[Note]) -> tuple[str, str, int | None]:
    """The note's category, text and the note it corrects, checked."""
    category = NoteCategory.coerce(note.category, "category").value
    text = require_text(note.text, "text")
    if len(text) > LONGEST_NOTE:
        raise InvalidInput(f"a note holds at most {LONGEST_NOTE:,} characters", field="text", reason="too_long",
                           params={"maximum": LONGEST_NOTE})
    if note.corrects is not None and not any(n.number == note.corrects for n in existing):
        raise NoteNotFound(f"there is no note {note.corrects} to correct", field="corrects",
                           params={"number": note.corrects})
    return category, text, note.corrects


def corrections_of(notes: list[Note]) -> dict[int, list[int]]:
    """For each corrected note, the numbers of the notes that correct it."""
    found: dict[int, list[int]] = {}
    for note in notes:
        if note.corrects is not None:
            found.setdefault(note.corrects, []).append(note.number)
    return found
