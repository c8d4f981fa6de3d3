"""What each role finds in the navigation, and the queues its home page counts."""

from __future__ import annotations

from dataclasses import dataclass

from domain.kernel.actors import Role
from projections.work_queue import QUEUES, QUIET_QUEUE
from web.labels import QUEUE_LABELS

ALL_ROLES = tuple(Role)
HOME_PATH = "/home"
ADMIN_USERS_PATH = "/web/admin/users"

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
REPORT_PATH = "/web/cases/new"
NEW_INCIDENT_PATH = "/web/incidents/new"
INCIDENT_REPORTERS = (Role.CONCIERGE, Role.ADJUSTER)  # who takes a cyber incident's notice


def navigation(role: Role) -> tuple[NavItem, ...]:
    home = NavItem("ホーム", HOME_PATH)
    if role is Role.ADMIN:
        return home, NavItem("利用者の管理", ADMIN_USERS_PATH)
    if role is Role.MONITOR:
        return (home,)
    queues = tuple(NavItem(QUEUE_LABELS[q], queue_path(q)) for q in QUEUES_OF_ROLE.get(role, ()))
    report = (NavItem("事案の受付", REPORT_PATH),) if role is Role.CONCIERGE else ()
    notice = (NavItem("サイバー事故の受付", NEW_INCIDENT_PATH),) if role in INCIDENT_REPORTERS else ()
    return home, *report, *notice, NavItem("事案の検索", FIND_PATH), *queues


def roles_of_queue(queue: str) -> tuple[Role, ...]:
    """Who may open a queue's page: the role that works it, and the auditor."""
    return tuple(role for role, queues in QUEUES_OF_ROLE.items() if queue in queues)
