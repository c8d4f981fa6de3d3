"""Every event type reads as one line in English and in Japanese, without personal details."""

from __future__ import annotations

from eventsourcing.domain import DomainEvent

from domain.cyber import incident
from domain.diary import activity
from domain.harassment import case as claim_case
from domain.kernel.descriptions import TEMPLATES, describe
from domain.kernel.history import history_of
from domain.policies import plans, policy, registers
from tests.builders import ADJUSTER, CONCIERGE, a_case_in, a_consultation, a_policy_in, an_app


def event_topics() -> set[str]:
    """The topic of every event class the domain defines (creation placeholders aside)."""
    topics = set()
    for module in (claim_case, incident, plans, policy, registers, activity):
        for aggregate in vars(module).values():
            for member in vars(aggregate).values() if isinstance(aggregate, type) else ():
                if isinstance(member, type) and issubclass(member, DomainEvent) and "." in getattr(member, "TOPIC", ""):
                    topics.add(member.TOPIC)
    return {t for t in topics if not t.endswith(".Created")}


def test_every_event_type_of_the_domain_has_a_description():
    topics = event_topics()
    assert len(topics) >= 30
    assert topics - set(TEMPLATES) == set()


def test_a_consultation_reads_in_japanese_codes_and_names_no_person_or_words():
    app = an_app()
    case_id = a_case_in(app, a_policy_in(app))
    app.log_consultation(case_id, a_consultation(), CONCIERGE)
    reported, consulted = app.case_history(case_id)
    english, japanese = describe(consulted)
    assert english == "Consultation 1 logged (phone, 25 min)"
    assert japanese == "相談 1 を記録（電話、25 分）"
    said = " ".join(describe(reported) + describe(consulted))
    for private in ("山田 太郎", "退去しない患者への対応は", reported.summary, reported.insured_name):
        assert private not in said


def test_history_shows_what_each_event_changed():
    app = an_app()
    case_id = a_case_in(app, a_policy_in(app))
    app.log_consultation(case_id, a_consultation(), CONCIERGE)
    app.close_case(case_id, "相談のみで解決", ADJUSTER)
    entries = history_of(app.case_history(case_id))
    assert entries[0].changes["status"] == {"before": None, "after": "open"}
    assert entries[1].changes["consultations"]["added"][0]["channel"] == "phone"
    assert entries[2].changes["status"] == {"before": "open", "after": "closed"}
    assert entries[2].description_ja == "事案を終了"


def test_every_event_of_a_user_account_has_a_description():
    from domain.accounts.account import UserAccount

    topics = {getattr(m, "TOPIC", "") for m in vars(UserAccount).values() if isinstance(m, type) and issubclass(m, DomainEvent)}
    topics = {t for t in topics if "." in t and not t.endswith(".Created")}
    assert len(topics) >= 12 and topics - set(TEMPLATES) == set()


def test_a_user_change_reads_in_japanese_and_names_no_one():
    from domain.accounts.account import UserAccount
    from domain.accounts.directory import UserEntry
    from domain.kernel.actors import Actor, Role

    account = UserAccount.open_by("adjuster-1", Actor("admin-1", Role.ADMIN))
    user = account.register(UserEntry("adjuster-1", "佐藤 健一", Role.ADJUSTER, 1), actor=Actor("admin-1", Role.ADMIN),
                            with_password=True, with_token=False)
    account.change_role(user, Role.AUDITOR, None, actor=Actor("admin-1", Role.ADMIN), admins=frozenset({"admin-1"}))
    _opened, registered, changed = account.collect_events()
    assert describe(registered)[1] == "利用者を「損害調査担当」として登録"
    assert describe(changed)[1] == "役割を「損害調査担当」から「監査」に変更"
    assert "佐藤" not in " ".join(describe(registered) + describe(changed))


def test_a_code_two_enums_share_reads_as_its_fields_term():
    """`consulting` is a case's stage (相談対応中) and a cyber incident's cost type (コンサルティング
    費用): a cost reads as the cost type in its description, its history and on its page."""
    from domain.cyber.vocabulary import CostType, HeadOfLoss
    from tests.builders import NOW, a_cost, an_incident
    from web.audit_view import shown
    from web.formatting import label

    incident = an_incident()
    incident.record_cost(a_cost(HeadOfLoss.EXPENSES, CostType.CONSULTING, 330_000), actor=ADJUSTER, now=NOW)
    (recorded,) = incident.collect_events()

    assert "（コンサルティング費用）に費用 ¥330,000 を記録" in describe(recorded)[1]
    assert label(incident.costs[0].cost_type, "cost_type") == "コンサルティング費用"
    assert shown(("costs", "cost_type"), "consulting") == "コンサルティング費用"
    assert label("consulting") == "相談対応中"  # no field named: the case's stage, as before
