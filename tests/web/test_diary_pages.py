"""The diary's pages over HTTP: the home page says what is due and overdue, the diary lists it,
a plan refused shows its reason by the field (on the diary, or on the case it was planned on),
and an activity is done with a note."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest

from api.services import Services
from domain.diary.activity import ActivityInput, Assignee
from domain.kernel.actors import Actor, Role
from domain.kernel.clock import JAPAN
from tests.builders import (
    LIVE_CONCIERGE,
    a_harassment_policy_in_force,
    a_live_report,
    an_incident_time_within,
    clock_at,
    diary_of,
    today_in_japan,
)
from tests.web.test_case_pages import (
    person,  # noqa: F401  (the fixture)
    post_form,
)


@pytest.fixture(scope="module")
def policy(services: Services) -> Any:
    return a_harassment_policy_in_force(services.app, member=f"JSPRS-Y{uuid.uuid4().hex[:5].upper()}")


def test_the_home_page_and_the_diary_show_what_is_overdue_and_due(person, services, policy):  # noqa: F811
    concierge = person(Role.CONCIERGE)
    user_id = concierge.user_id
    week_ago = datetime.now(JAPAN) - timedelta(days=7)
    with clock_at(services.app, week_ago):
        services.app.plan_activity(ActivityInput("院長に折り返し電話", week_ago.date() + timedelta(days=1),
                                                 Assignee(Role.CONCIERGE, user_id)), Actor(user_id, Role.CONCIERGE))
    case_id = services.app.report_case(a_live_report(policy_ref=policy.policy_number,
                                                     occurred_at=an_incident_time_within(policy)), LIVE_CONCIERGE)
    from projections.status import wait_for
    wait_for(services.pool, "diary", case_id.position, 10)

    home = concierge.get("/home").text
    overdue_count = int(re.search(r"期限切れ <strong>(\d+)</strong> 件", home).group(1))
    assert "今日の予定" in home and overdue_count >= 1 and "期限切れ 6 日" in home  # others' role-wide ones may add
    diary = concierge.get("/web/diary").text
    overdue = diary.split('id="overdue"', 1)[1].split("</section>", 1)[0]
    assert "院長に折り返し電話" in overdue and "期限切れ 6 日" in overdue
    later = diary.split('id="later"', 1)[1].split("</section>", 1)[0]
    assert "初回の相談（受付から2営業日以内）" in later and "どなたでも" in later  # the role's, from the new report


def test_a_plan_in_the_past_is_refused_by_its_field_on_the_page_it_came_from(person, services, policy):  # noqa: F811
    adjuster = person(Role.ADJUSTER)
    case_id = services.app.report_case(a_live_report(policy_ref=policy.policy_number,
                                                     occurred_at=an_incident_time_within(policy)), LIVE_CONCIERGE)
    page = f"/web/cases/{case_id.aggregate_id}"
    head = services.app.recorder.max_notification_id()
    yesterday = (today_in_japan() - timedelta(days=1)).isoformat()

    refused = post_form(adjuster, page, "/web/diary", {"subject": "弁護士に進捗確認", "due_on": yesterday, "assignee": "me",
                                                       "claim_id": str(case_id.aggregate_id), "claim_kind": "case",
                                                       "back": f"{page}#diary"})
    assert refused.status_code == 422
    assert "様の事案" in refused.text  # the case's page again
    form = refused.text.split('action="/web/diary"', 1)[1].split("</form>", 1)[0]
    assert re.search(r'id="due_on-error">[^<]*今日以降', form), form
    assert services.app.recorder.max_notification_id() == head
    tomorrow = (today_in_japan() + timedelta(days=1)).isoformat()
    ok = post_form(adjuster, page, "/web/diary", {"subject": "弁護士に進捗確認", "due_on": tomorrow, "assignee": "me",
                                                  "claim_id": str(case_id.aggregate_id), "claim_kind": "case",
                                                  "back": f"{page}#diary"})
    assert ok.status_code == 303 and ok.headers["location"] == f"{page}#diary"


def test_an_activity_is_done_with_a_note_from_the_case_page(person, services, policy):  # noqa: F811
    concierge = person(Role.CONCIERGE)
    result = services.app.report_case(a_live_report(policy_ref=policy.policy_number,
                                                    occurred_at=an_incident_time_within(policy)), LIVE_CONCIERGE)
    from projections.status import wait_for
    wait_for(services.pool, "diary", result.position, 10)
    page = f"/web/cases/{result.aggregate_id}"
    activity = diary_of(result.aggregate_id, "first_consultation")

    done = post_form(concierge, page, f"/web/diary/{activity}/done", {"note": "初回の相談は電話で実施", "back": page})

    assert done.status_code == 303
    assert services.app.get_activity(activity).done_note == "初回の相談は電話で実施"
    assert "予定を完了しました。" in concierge.get(done.headers["location"]).text
