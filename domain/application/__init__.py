"""The claims application: one event log, one stable name, every command by name.

One `Application` holds cases, incidents, policies and plans, so that a command touching several
aggregates (a payment and the policy limit it consumes; a premium, the clinic register and the
cyber group) saves them in one transaction, with optimistic concurrency on each. It is split by
area: cases (harassment), incidents (cyber), policies and plans, accounts; `machinery` runs them.
The JSON API, the web pages, the CLI and the roster import call these methods and nothing else.
"""

from __future__ import annotations

from domain.application.accounts import AccountCommands
from domain.application.counsel import CounselCommands
from domain.application.diary import DiaryCommands
from domain.application.documents import DocumentCommands
from domain.application.incidents import IncidentCommands
from domain.application.machinery import Change, CommandResult, Idempotency, utc_now

__all__ = ["Change", "ClaimsApplication", "CommandResult", "Idempotency", "utc_now"]


class ClaimsApplication(CounselCommands, IncidentCommands, DiaryCommands, AccountCommands, DocumentCommands):
    """Cases, incidents, policies and plans (PolicyCommands, shared by both), the diary, the users'
    sign-ins, and the documents of them all, on one log."""

    name = "claims"  # stable: it names the event table (claims_events) and tracking rows
