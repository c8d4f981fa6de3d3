"""What each role finds in the navigation, and the queues its home page counts."""

from __future__ import annotations

from dataclasses import dataclass

from domain.kernel.actors import Role
from projections.work_queue import QUEUES, QUIET_QUEUE
from web.labels import QUEUE_LABELS

ALL_ROLES = tuple(Role)
HOME_PATH = "/home"
ADMIN_USERS_PATH = "/web/admin/users"
# The administrator's work: policies (and their enrolment), plans, the roster import, users.
ADMIN_PAGES = (("保険契約", "/web/admin/policies"), ("加入の登録", "/web/admin/policies/new"),
               ("プラン", "/web/admin/plans"), ("名簿の取り込み", "/web/admin/roster"), ("利用者の管理", ADMIN_USERS_PATH))

# The queues each role works (an auditor reads every one): the read model's own split, as GET /queues.
QUEUES_OF_ROLE: dict[Role, tuple[str, ...]] = {
    Role.CONCIERGE: (*(q for q, (role, _) in QUEUES.items() if role == Role.CONCIERGE), QUIET_QUEUE),
    Role.ADJUSTER: tuple(q for q, (role, _) in QUEUES.items() if role == Role.ADJUSTER),
    Role.AUDITOR: tuple(QUEUE_LABELS),
}


@dataclass(frozen=True)
class NavItem:
    label: str
    path: str


def queue_path(queue: str) -> str:
    return f"/web/queues/{queue}"


FIND_PATH = "/web/cases"
DIARY_PATH = "/web/diary"
OVERDUE_PATH = "/web/diary/overdue"
REPORT_PATH = "/web/cases/new"
NEW_INCIDENT_PATH = "/web/incidents/new"
INCIDENT_REPORTERS = (Role.CONCIERGE, Role.ADJUSTER)  # who takes a cyber incident's notice
REPORTS_PATH = "/web/reports"
COUNSEL_PATH = "/web/counsel"  # the counsel register: every role but the metrics scraper
REPORT_READERS = (Role.ADJUSTER, Role.AUDITOR, Role.ADMIN)  # who reads the reports (payouts, limits, consultations)


# The auditor's pages (web/pages/audit_*.py). Only the auditor opens them, as only the auditor
# calls /audit/* in the JSON API (docs/auditor.md says why the administrator does not).
AUDITORS = (Role.AUDITOR,)
AUDIT_SEARCH_PATH = "/web/audit/events"
AUDIT_ACCESS_PATH = "/web/audit/access"
AUDIT_CHAIN_PATH = "/web/audit/chain"
AUDIT_HISTORY_PATH = "/web/audit/history"
AUDIT_PAGES = (("監査ログの検索", AUDIT_SEARCH_PATH), ("アクセス記録", AUDIT_ACCESS_PATH), ("改ざんの検査", AUDIT_CHAIN_PATH))


def history_path(kind: str, record: object) -> str:
    """A record's history page: kind is cases, incidents or policies."""
    return f"{AUDIT_HISTORY_PATH}/{kind}/{record}"


def history_path_for(role: Role, kind: str, record: object) -> str | None:
    """The history link a record's page shows: to the auditor only."""
    return history_path(kind, record) if role in AUDITORS else None


def navigation(role: Role) -> tuple[NavItem, ...]:
    home = NavItem("ホーム", HOME_PATH)
    reports = (NavItem("報告書", REPORTS_PATH),) if role in REPORT_READERS else ()
    counsel = NavItem("弁護士・法律事務所", COUNSEL_PATH)
    if role is Role.ADMIN:
        return home, *(NavItem(label, path) for label, path in ADMIN_PAGES), counsel, *reports
    if role is Role.MONITOR:
        return (home,)
    queues = tuple(NavItem(QUEUE_LABELS[q], queue_path(q)) for q in QUEUES_OF_ROLE.get(role, ()))
    report = (NavItem("事案の受付", REPORT_PATH),) if role is Role.CONCIERGE else ()
    notice = (NavItem("サイバー事故の受付", NEW_INCIDENT_PATH),) if role in INCIDENT_REPORTERS else ()
    diary = (NavItem("予定表", DIARY_PATH),) if role in INCIDENT_REPORTERS else (NavItem("期限切れの予定", OVERDUE_PATH),)
    audit = tuple(NavItem(label, path) for label, path in AUDIT_PAGES) if role in AUDITORS else ()
    return home, *report, *notice, NavItem("事案の検索", FIND_PATH), *audit, *diary, *queues, counsel, *reports


def roles_of_queue(queue: str) -> tuple[Role, ...]:
    """Who may open a queue's page: the role that works it, and the auditor."""
    return tuple(role for role, queues in QUEUES_OF_ROLE.items() if queue in queues)
