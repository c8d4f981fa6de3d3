"""File notes: a category, author and time; never edited — a correction is a new note pointing to
the one it corrects; on an open or a closed claim; never by auditors or the administrator."""

from __future__ import annotations

import pytest

from domain.kernel.errors import NoteNotFound, RoleNotAllowed
from domain.kernel.notes import LONGEST_NOTE, NoteInput, corrections_of
from tests.builders import (
    ADJUSTER,
    ADMIN,
    AUDITOR,
    CONCIERGE,
    NOW,
    a_closed_case,
    a_reported_case,
    an_incident,
    invalid,
    refused,
)


def test_a_note_records_its_category_text_author_and_time() -> None:
    case = a_reported_case()

    case.add_note(NoteInput("telephone", "  保険契約者から経過確認の電話。来週面談予定。  "), actor=CONCIERGE, now=NOW)

    (event,) = case.collect_events()
    assert (event.number, event.category, event.text, event.corrects) == (
        1, "telephone", "保険契約者から経過確認の電話。来週面談予定。", None)
    note = case.notes[0]
    assert (note.author_id, note.author_role, note.written_at) == (CONCIERGE.user_id, "concierge", NOW)


def test_a_correction_is_a_new_note_pointing_to_the_one_it_corrects() -> None:
    case = a_reported_case()
    case.add_note(NoteInput("meeting", "面談日は 6 月 3 日"), actor=ADJUSTER, now=NOW)

    case.add_note(NoteInput("meeting", "訂正: 面談日は 6 月 4 日", corrects=1), actor=ADJUSTER, now=NOW)

    assert [n.text for n in case.notes] == ["面談日は 6 月 3 日", "訂正: 面談日は 6 月 4 日"]  # the first unchanged
    assert corrections_of(case.notes) == {1: [2]}
    refused(lambda: case.add_note(NoteInput("other", "x", corrects=9), actor=ADJUSTER, now=NOW), NoteNotFound,
            "note_not_found", "corrects")


def test_a_note_is_checked_for_its_category_and_length() -> None:
    case = a_reported_case()

    invalid(lambda: case.add_note(NoteInput("gossip", "x"), actor=ADJUSTER, now=NOW), "category")
    invalid(lambda: case.add_note(NoteInput("other", "  "), actor=ADJUSTER, now=NOW), "text")
    invalid(lambda: case.add_note(NoteInput("other", "あ" * (LONGEST_NOTE + 1)), actor=ADJUSTER, now=NOW), "text")
    case.add_note(NoteInput("other", "あ" * LONGEST_NOTE), actor=ADJUSTER, now=NOW)


def test_notes_go_on_after_closing_and_on_incidents() -> None:
    closed = a_closed_case()
    closed.add_note(NoteInput("telephone", "終了後に御礼の電話"), actor=CONCIERGE, now=NOW)
    incident = an_incident()
    incident.add_note(NoteInput("internal", "ベンダー見積を比較"), actor=ADJUSTER, now=NOW)

    assert [n.number for n in closed.notes] == [1]
    assert incident.collect_events()[0].__class__.__qualname__ == "CyberIncident.NoteAdded"


@pytest.mark.parametrize("actor", [AUDITOR, ADMIN], ids=lambda a: a.role.value)
def test_auditors_and_the_administrator_write_no_notes(actor) -> None:
    refused(lambda: a_reported_case().add_note(NoteInput("other", "x"), actor=actor, now=NOW), RoleNotAllowed,
            "role_not_allowed")
