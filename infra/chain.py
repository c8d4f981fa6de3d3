"""Tamper evidence for the event log: a hash chain over claims_events (docs/decisions/0009).

Every event gets one row in `event_chain`, written by the recorder in the transaction that
inserts the event. The link of the event at position n (its notification_id) is

    hash_n = sha256(hash_{n-1} || int8(notification_id) || uuid(originator_id) || int8(originator_version)
                    || int4(len(topic utf8)) || topic utf8 || state)

where hash_{n-1} is the link of the previous event in notification_id order (ids may have gaps),
hash_0 is 32 zero bytes, integers are big-endian two's complement (as PostgreSQL's int8send and
int4send give), uuid is its 16 bytes (uuid_send), and a NULL topic or state is hashed as empty
(the library never writes one). `state` is the bytes as stored: with encryption on that is the
ciphertext, so verifying needs no key. migrations/0008_event_chain.sql has the same encoding in
SQL (`event_chain_link`), which back-fills the chain for events recorded before it existed.

`verify_chain` recomputes the chain and names the first position where it breaks; `day_heads`
gives the last link of each Japan day, which the auditor keeps outside the database: a head
kept elsewhere proves the log unchanged up to it, even against someone who rewrote the chain.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

import psycopg
from psycopg import Cursor
from psycopg.rows import tuple_row

from domain.kernel.clock import JAPAN

ZERO_HASH = bytes(32)

# (notification_id, originator_id, originator_version, topic, state) of one stored event.
EventRow = tuple[int, UUID | str, int, str | None, bytes | None]

PREVIOUS_LINK = "SELECT chain_hash FROM event_chain WHERE notification_id < %s ORDER BY notification_id DESC LIMIT 1"
INSERT_LINKS = (
    "INSERT INTO event_chain (notification_id, chain_hash, recorded_at)"
    " SELECT n, h, clock_timestamp() FROM unnest(%s::bigint[], %s::bytea[]) AS t(n, h)"
)
# The full outer join of events and links, as the union of its two halves, each already in
# notification_id order from its index: a merge append streams it, where FULL JOIN ... ORDER BY
# would make the server sort the whole log (state and all) before the first row.
CHAIN_WALK = (
    "SELECT * FROM ("
    " (SELECT e.notification_id AS position, true AS has_event, e.originator_id, e.originator_version, e.topic, e.state,"
    "  c.chain_hash FROM claims_events e LEFT JOIN event_chain c ON c.notification_id = e.notification_id"
    "  ORDER BY e.notification_id)"
    " UNION ALL"
    " (SELECT c.notification_id, false, NULL, NULL, NULL, NULL, c.chain_hash FROM event_chain c"
    "  WHERE NOT EXISTS (SELECT FROM claims_events e WHERE e.notification_id = c.notification_id)"
    "  ORDER BY c.notification_id)"
    ") AS walk ORDER BY position"
)
DAY_HEADS = (
    "SELECT DISTINCT ON (day) day, notification_id, chain_hash, recorded_at FROM ("
    " SELECT (recorded_at AT TIME ZONE 'Asia/Tokyo')::date AS day, notification_id, chain_hash, recorded_at"
    " FROM event_chain WHERE recorded_at >= %s AND recorded_at < %s) AS links"
    " ORDER BY day, notification_id DESC"
)


def link_hash(prev: bytes, notification_id: int, originator_id: UUID | str, originator_version: int,
              topic: str | None, state: bytes | None) -> bytes:
    """The chain link of one event, given the link before it (see the module docstring)."""
    topic_bytes = (topic or "").encode("utf-8")
    uuid_bytes = (originator_id if isinstance(originator_id, UUID) else UUID(originator_id)).bytes
    head = struct.pack(">q16sqi", notification_id, uuid_bytes, originator_version, len(topic_bytes))
    return hashlib.sha256(prev + head + topic_bytes + bytes(state or b"")).digest()


def append_links(curs: Cursor[Any], rows: Sequence[EventRow]) -> bytes:
    """Insert the links of events just inserted (under the events table lock, in their transaction),
    continuing from the last link before them. Returns the new head hash."""
    ordered = sorted(rows, key=lambda row: row[0])
    with curs.connection.cursor(row_factory=tuple_row) as c:
        last = c.execute(PREVIOUS_LINK, (ordered[0][0],)).fetchone()
        prev = bytes(last[0]) if last else ZERO_HASH
        hashes = []
        for row in ordered:
            prev = link_hash(prev, *row)
            hashes.append(prev)
        c.execute(INSERT_LINKS, ([row[0] for row in ordered], hashes))
    return prev


@dataclass(frozen=True)
class ChainReport:
    """`head_*` is the last position verified intact (0 and zero hash when none); `first_break`
    and `problem` say where and how the chain first fails, or are None when it holds."""

    ok: bool
    checked: int
    head_position: int
    head_hash: str
    first_break: int | None = None
    problem: str | None = None


@dataclass(frozen=True)
class DayHead:
    day: date
    position: int
    hash: str
    recorded_at: datetime


@contextmanager
def _walk(conninfo: str) -> Iterator[Iterator[tuple[Any, ...]]]:
    """Every position of events and links, in order, streamed through a server-side cursor."""
    with psycopg.connect(conninfo) as conn:
        conn.read_only = True
        with conn.cursor("event_chain_walk", row_factory=tuple_row) as curs:
            curs.itersize = 2000
            curs.execute(CHAIN_WALK)
            yield iter(curs)


def _problem(row: tuple[Any, ...], computed: bytes) -> str | None:
    position, has_event, *_, chain_hash = row
    if not has_event:
        return f"chain link {position} has no event row: the event was deleted"
    if chain_hash is None:
        return f"event {position} has no chain link: it was inserted outside the application"
    if bytes(chain_hash) != computed:
        return f"event {position} does not match its chain link: it was altered, or events were reordered"
    return None


def _expect_problem(position: int, computed: bytes, expect: tuple[int, str] | None) -> str | None:
    if expect is None or position != expect[0] or computed.hex() == expect[1].lower():
        return None
    return f"the log up to {position} differs from the exported head there: it was rewritten"


def verify_chain(conninfo: str, expect: tuple[int, str] | None = None) -> ChainReport:
    """Recompute the chain from the stored events; with `expect=(position, hex hash)` (a head kept
    elsewhere) also require the recomputed hash at that position to be the one exported."""
    checked, head, prev = 0, 0, ZERO_HASH
    with _walk(conninfo) as rows:
        for row in rows:
            position = row[0]
            if expect is not None and head < expect[0] < position:
                break  # stepped over the exported position: that event is gone
            computed = link_hash(prev, position, *row[2:6]) if row[1] else prev
            problem = _problem(row, computed) or _expect_problem(position, computed, expect)
            if problem:
                return ChainReport(False, checked, head, prev.hex(), position, problem)
            checked, head, prev = checked + 1, position, computed
    if expect is not None and head < expect[0]:
        problem = f"the exported head's position {expect[0]} is missing from the log: events were deleted"
        return ChainReport(False, checked, head, prev.hex(), expect[0], problem)
    return ChainReport(True, checked, head, prev.hex())


def day_heads(conninfo: str, start: date, end: date) -> list[DayHead]:
    """The last chain link of each Japan day from `start` to `end` (inclusive) on which events were recorded."""
    since = datetime.combine(start, time(), JAPAN)
    until = datetime.combine(end + timedelta(days=1), time(), JAPAN)
    with psycopg.connect(conninfo) as conn:
        rows = conn.execute(DAY_HEADS, (since, until)).fetchall()
    return [DayHead(day, position, bytes(chain_hash).hex(), recorded_at) for day, position, chain_hash, recorded_at in rows]


# ---- one record's own events -------------------------------------------------------------------

# Each event of one aggregate with its own link and the link before it (whatever aggregate that
# belongs to): two index look-ups per event, so a record's page can afford it.
RECORD_LINKS = (
    "SELECT e.notification_id, e.originator_id, e.originator_version, e.topic, e.state, c.chain_hash,"
    " (SELECT p.chain_hash FROM event_chain p WHERE p.notification_id < e.notification_id"
    "  ORDER BY p.notification_id DESC LIMIT 1) AS previous_hash"
    " FROM claims_events e LEFT JOIN event_chain c ON c.notification_id = e.notification_id"
    " WHERE e.originator_id = %s ORDER BY e.originator_version"
)


@dataclass(frozen=True)
class RecordBreak:
    """One event of the record that does not verify: its version, its log position, and how
    (`altered`: the row differs from its link; `unlinked`: it has no link, so it was inserted
    outside the application; `missing`: no row has this version, so it was deleted)."""

    version: int
    position: int | None
    kind: str


@dataclass(frozen=True)
class RecordChainReport:
    """Whether one aggregate's own events verify against the chain: each event's link recomputed
    from the link before it. The previous link itself is trusted here; the whole chain
    (`verify_chain`) checks that one too, and finds deleted events that left no gap."""

    checked: int
    breaks: tuple[RecordBreak, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.breaks


def _record_break(expected_version: int, row: tuple[Any, ...]) -> RecordBreak | None:
    position, originator_id, version, topic, state, chain_hash, previous_hash = row
    if version != expected_version:
        return RecordBreak(expected_version, None, "missing")
    if chain_hash is None:
        return RecordBreak(version, position, "unlinked")
    previous = bytes(previous_hash) if previous_hash is not None else ZERO_HASH
    if bytes(chain_hash) != link_hash(previous, position, originator_id, version, topic, state):
        return RecordBreak(version, position, "altered")
    return None


def _record_rows(source: Any, aggregate_id: UUID) -> list[tuple[Any, ...]]:
    if isinstance(source, str):
        with psycopg.connect(source) as conn:
            return conn.cursor(row_factory=tuple_row).execute(RECORD_LINKS, (aggregate_id,)).fetchall()
    with source.connection() as conn:
        return conn.cursor(row_factory=tuple_row).execute(RECORD_LINKS, (aggregate_id,)).fetchall()


def verify_record(source: Any, aggregate_id: UUID) -> RecordChainReport:
    """Recompute the links of one aggregate's events (`source`: a psycopg ConnectionPool, or a
    conninfo string). Versions missing between two others are reported at the first of them."""
    rows = _record_rows(source, aggregate_id)
    breaks, expected = [], 1
    for row in rows:
        found = _record_break(expected, row)
        if found is not None and found.kind == "missing":
            breaks.append(found)
            found = _record_break(row[2], row)
        if found is not None:
            breaks.append(found)
        expected = row[2] + 1
    return RecordChainReport(len(rows), tuple(breaks))


def event_at(conninfo: str, position: int) -> tuple[UUID, str] | None:
    """The record (originator id) and topic of the event at a log position, if a row is there:
    to say whose event a break is at."""
    with psycopg.connect(conninfo) as conn:
        row = conn.execute("SELECT originator_id, topic FROM claims_events WHERE notification_id = %s",
                           (position,)).fetchone()
    return (row[0], row[1]) if row else None
