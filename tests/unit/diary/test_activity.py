"""An activity of the diary: planned by a person (not in the past), done once with a note,
reassigned or rescheduled with a reason — by its assignee, their role, or an adjuster."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from domain.diary.activity import Activity, ActivityInput, Assignee
from domain.diary.errors import ActivityAlreadyDone, NotYourActivity
from domain.kernel.actors import Actor, Role
from domain.kernel.errors import RoleNotAllowed
from tests.builders import ADJUSTER, AUDITOR, CONCIERGE, NOW, TODAY, invalid, refused

OTHER_CONCIERGE = Actor("concierge-2", Role.CONCIERGE)


def planned(assignee: Assignee = Assignee(Role.CONCIERGE, CONCIERGE.user_id), due: date = TODAY) -> Activity:
    activity = Activity.plan(ActivityInput("院長に折り返し電話", due, assignee, claim_id="c-1", claim_kind="case"),
                             actor=CONCIERGE, now=NOW, activity_id=uuid.uuid4())
    activity.collect_events()
    return activity


def test_a_planned_activity_records_its_subject_due_date_and_assignee() -> None:
    activity = Activity.plan(ActivityInput(" 院長に折り返し電話 ", TODAY, Assignee(Role.CONCIERGE)), actor=CONCIERGE,
                             now=NOW, activity_id=uuid.uuid4())

    (opened,) = activity.collect_events()
    assert (opened.subject, opened.due_on, opened.assignee_role, opened.assignee_user, opened.kind, opened.automatic) == (
        "院長に折り返し電話", TODAY, "concierge", None, "follow_up", False)
    assert activity.is_open and not activity.overdue_on(TODAY)
    assert activity.overdue_on(date.fromordinal(TODAY.toordinal() + 1))


def test_a_plan_is_checked() -> None:
    for bad, field in ((ActivityInput(" ", TODAY, Assignee(Role.CONCIERGE)), "subject"),
                       (ActivityInput("x" * 201, TODAY, Assignee(Role.CONCIERGE)), "subject"),
                       (ActivityInput("x", date.fromordinal(TODAY.toordinal() - 1), Assignee(Role.CONCIERGE)), "due_on"),
                       (ActivityInput("x", date(2101, 1, 1), Assignee(Role.CONCIERGE)), "due_on")):
        invalid(lambda b=bad: Activity.plan(b, actor=CONCIERGE, now=NOW, activity_id=uuid.uuid4()), field)
    refused(lambda: Activity.plan(ActivityInput("x", TODAY, Assignee(Role.CONCIERGE)), actor=AUDITOR, now=NOW,
                                  activity_id=uuid.uuid4()), RoleNotAllowed, "role_not_allowed")


def test_done_once_with_a_note_by_the_assignee_or_an_adjuster() -> None:
    activity = planned()

    refused(lambda: activity.complete(note="済", actor=OTHER_CONCIERGE), NotYourActivity, "not_your_activity")
    invalid(lambda: activity.complete(note=" ", actor=CONCIERGE), "note")
    activity.complete(note="折り返し済み。来週面談", actor=CONCIERGE)
    refused(lambda: activity.complete(note="again", actor=ADJUSTER), ActivityAlreadyDone, "activity_already_done")
    assert (activity.status, activity.done_note, activity.done_by) == ("done", "折り返し済み。来週面談", CONCIERGE.user_id)
    assert not activity.overdue_on(date(2100, 1, 1))


def test_an_activity_of_a_role_is_anyone_of_that_role() -> None:
    activity = planned(Assignee(Role.CONCIERGE))

    activity.complete(note="済", actor=OTHER_CONCIERGE)


@pytest.mark.parametrize("actor", [CONCIERGE, ADJUSTER], ids=["assignee", "adjuster"])
def test_reassigned_and_rescheduled_with_a_reason(actor: Actor) -> None:
    activity = planned()
    later = date.fromordinal(TODAY.toordinal() + 7)

    activity.reassign(Assignee(Role.ADJUSTER, "adjuster-9"), reason="弁護士対応へ移行", actor=actor)
    activity.reschedule(later, reason="先方の都合", actor=ADJUSTER, now=NOW)

    assert (activity.assignee_role, activity.assignee_user, activity.due_on) == ("adjuster", "adjuster-9", later)
    invalid(lambda: activity.reschedule(date.fromordinal(TODAY.toordinal() - 1), reason="x", actor=ADJUSTER, now=NOW),
            "due_on")
    invalid(lambda: activity.reassign(Assignee(Role.AUDITOR), reason="x", actor=ADJUSTER), "assignee_role")
