"""The users table in memory, for the application on the library's in-memory persistence: it
applies a user change's `directory_change` in the same call that stores its events, as the
PostgreSQL recorder does in the same transaction (infra/recorder.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from domain.accounts.directory import DirectoryChange, UserEntry
from domain.kernel.actors import Role


@dataclass
class DirectoryInMemory:
    rows: dict[str, UserEntry] = field(default_factory=dict)
    password_hashes: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, list[bytes]] = field(default_factory=dict)
    changes: list[DirectoryChange] = field(default_factory=list)

    def entry(self, user_id: str) -> UserEntry | None:
        return self.rows.get(user_id)

    def active_admins(self) -> frozenset[str]:
        return frozenset(u.user_id for u in self.rows.values() if u.role is Role.ADMIN and u.active)

    def given(self, *entries: UserEntry) -> DirectoryInMemory:
        self.rows.update({e.user_id: e for e in entries})
        return self

    def apply(self, change: DirectoryChange) -> None:
        self.changes.append(change)
        user_id = change.becomes.user_id
        self.rows[user_id] = change.becomes
        if change.secrets.password_hash is not None:
            self.password_hashes[user_id] = change.secrets.password_hash
        if change.revoke_tokens:
            self.tokens[user_id] = []
        if change.secrets.token_hash is not None:
            self.tokens.setdefault(user_id, []).append(change.secrets.token_hash)

    def attach(self, app: Any) -> DirectoryInMemory:
        """Be the application's directory, changed with the events it stores."""
        insert = app.recorder.insert_events

        def insert_events(stored_events: Any, **kwargs: Any) -> Any:
            ids = insert(stored_events, **kwargs)
            if kwargs.get("directory_change") is not None:
                self.apply(kwargs["directory_change"])
            return ids

        app.recorder.insert_events = insert_events
        app.directory = self
        return self
