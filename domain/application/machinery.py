"""How every command runs: load → decide → save, in one transaction with optimistic concurrency on
every aggregate it touched; a version conflict is retried by reloading, a bounded number of times,
unless the caller named the version it expects (If-Match): then the conflict is the caller's.
"""

from __future__ import annotations

import contextlib
import dataclasses
import random
import threading
import time
from collections.abc import Callable, Iterator
from copy import deepcopy
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, Repository, project_aggregate
from eventsourcing.domain import Aggregate, DomainEventProtocol
from eventsourcing.persistence import JSONTranscoder, RecordConflictError
from eventsourcing.utils import strtobool

from domain.kernel.clock import require_aware
from domain.kernel.errors import ConcurrentModification, InvalidInput, VersionMismatch
from domain.kernel.transcodings import DateAsISO

MAX_ATTEMPTS = 25  # a command decided again on conflict at most this often (docs/decisions/0003)
TURN_WAIT = 5.0  # seconds a command waits for its turn on a contended aggregate, at most
LONGEST_BACKOFF = 0.05  # seconds, at most, between two attempts (random, growing with each conflict)
A = TypeVar("A", bound=Aggregate)
S = TypeVar("S")  # what a command loads first: its subject (None for a command that creates it)


@dataclass(frozen=True)
class Idempotency:
    """Recorded in the same transaction as the command's events; a replay is refused there.
    `subject_id` names the aggregate whose version answers the request."""

    user_id: str
    key: str
    fingerprint: str
    subject_id: UUID | None = None


@dataclass(frozen=True)
class CommandResult:
    """The answer to a command: the aggregate it was about, at the version it left it, and the
    log position of its last event on any aggregate (None in memory). `subject` is that
    aggregate as the command left it, so a caller need not load it again (None on a replay)."""

    aggregate_id: UUID
    version: int
    position: int | None
    subject: Any = dataclasses.field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Change:
    """A command's outcome before it is saved: the aggregate answered about, and every other
    aggregate it changed or created (saved in the same transaction)."""

    subject: Aggregate
    others: tuple[Aggregate, ...] = ()


def utc_now() -> datetime:
    return datetime.now(UTC)


class CachingRepository(Repository[UUID]):
    """The library's repository, with its cached aggregates brought up to date and copied in one
    step under the aggregate's fast-forward lock.

    The library copies a cached aggregate after releasing that lock, so a copy could be taken while
    another thread fast-forwards the same object in place and come out torn (the version of one
    moment, records of another). Copying is cheap now that the records are shared (see
    `domain.kernel.shared`), so it is done inside the lock. A cached aggregate that fails to
    fast-forward is dropped from the cache rather than left half brought up to date."""

    def get(  # type: ignore[override]
        self,
        aggregate_id: UUID,
        *,
        version: int | None = None,
        projector_func: Any = project_aggregate,
        fastforward_skipping: bool = False,
        deepcopy_from_cache: bool = True,
    ) -> Any:
        if version is not None or not self.cache or not self.fastforward:
            return super().get(aggregate_id, version=version, projector_func=projector_func,
                               fastforward_skipping=fastforward_skipping, deepcopy_from_cache=deepcopy_from_cache)
        lock = self._use_fastforward_lock(aggregate_id)
        try:
            with lock:
                try:
                    aggregate = self.cache.get(aggregate_id)
                except KeyError:
                    aggregate = self._reconstruct_aggregate(aggregate_id, None, projector_func)
                    self.cache.put(aggregate_id, aggregate)
                else:
                    try:
                        aggregate = projector_func(aggregate, self.event_store.get(aggregate_id, gt=aggregate.version))
                        if aggregate is None:
                            raise AggregateNotFoundError(aggregate_id)
                    except BaseException:
                        with contextlib.suppress(KeyError):
                            self.cache.get(aggregate_id, evict=True)
                        raise
                return deepcopy(aggregate) if deepcopy_from_cache and self.deepcopy_from_cache else aggregate
        finally:
            self._disuse_fastforward_lock(aggregate_id)


class Machinery(Application[UUID]):

    def __init__(self, env: Any = None, clock: Callable[[], datetime] = utc_now) -> None:
        super().__init__(env)
        self.clock = clock
        self.conflicts_retried = 0
        self._counter_lock = threading.Lock()
        self._turns: dict[Any, tuple[threading.Lock, int]] = {}  # aggregate id → (its lock, commands waiting)

    def construct_repository(self) -> Repository[UUID]:
        maxsize = self.env.get(self.AGGREGATE_CACHE_MAXSIZE)
        return CachingRepository(
            event_store=self.events,
            snapshot_store=self.snapshots,
            cache_maxsize=int(maxsize) if maxsize else None,
            fastforward=strtobool(self.env.get(self.AGGREGATE_CACHE_FASTFORWARD, "y")),
            fastforward_skipping=strtobool(self.env.get(self.AGGREGATE_CACHE_FASTFORWARD_SKIPPING, "n")),
            deepcopy_from_cache=strtobool(self.env.get(self.DEEPCOPY_FROM_AGGREGATE_CACHE, "y")),
        )

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    # ---- running commands -----------------------------------------------------------------

    def _run(
        self,
        load: Callable[[], S],
        decide: Callable[[S, datetime], Change],
        *,
        expected_version: int | None = None,
        idempotency: Idempotency | None = None,
    ) -> CommandResult:
        """Load the subject, decide, save; reload and decide again when another command saved one
        of the aggregates first. With `expected_version` (If-Match) the subject must be at that
        version before anything is decided, and a conflict is refused (VersionMismatch), not retried."""
        contended: Any = None  # the subject another command saved first: retries wait their turn on it
        for attempt in range(MAX_ATTEMPTS):
            if attempt:
                time.sleep(random.uniform(0, min(0.002 * 2**attempt, LONGEST_BACKOFF)))  # noqa: S311 — jitter
            with self._in_turn(contended):
                subject = load()
                if contended is None and getattr(subject, "id", None) in self._turns:
                    contended = subject.id  # others of this process wait their turn on it: join them
                    continue
                if expected_version is not None and (found := getattr(subject, "version", None)) != expected_version:
                    raise VersionMismatch(f"it is at version {found}, not {expected_version}", field="If-Match",
                                          params={"version": found})
                now = self.clock()
                try:
                    return self._save(self._follow_ups(decide(subject, now), now), idempotency)
                except RecordConflictError:
                    if expected_version is not None:
                        raise VersionMismatch("it changed while this command ran", field="If-Match") from None
                    with self._counter_lock:
                        self.conflicts_retried += 1
                    contended = getattr(subject, "id", None)
        raise ConcurrentModification("the record kept changing under this command; try again", params={"retry_after": 1})

    @contextlib.contextmanager
    def _in_turn(self, key: Any) -> Iterator[None]:
        """Commands of this process that lost a race on one aggregate retry one at a time, in
        turn, instead of racing each other again (eight clients on one case retried each
        command four times over; docs/decisions/0003). A first attempt waits only when others of
        this process already wait on the aggregate it loaded; commands in other processes are
        still retried as before."""
        if key is None:
            yield
            return
        with self._counter_lock:
            lock, users = self._turns.get(key, (threading.Lock(), 0))
            self._turns[key] = (lock, users + 1)
        got = lock.acquire(timeout=TURN_WAIT)  # a turn that never comes: retry as before, unqueued
        try:
            yield
        finally:
            if got:
                lock.release()
            with self._counter_lock:
                lock, users = self._turns[key]
                if users == 1:
                    del self._turns[key]
                else:
                    self._turns[key] = (lock, users - 1)

    def _create(self, decide: Callable[[datetime], Change], *, idempotency: Idempotency | None = None) -> CommandResult:
        """A command that creates its subject (and may change others, retried like any command)."""
        return self._run(lambda: None, lambda _none, now: decide(now), idempotency=idempotency)

    def _follow_ups(self, change: Change, now: datetime) -> Change:
        """What else the command's events change, in the same transaction (the diary: see
        domain/application/diary.py). By default nothing."""
        return change

    def _save(self, change: Change, idempotency: Idempotency | None) -> CommandResult:
        subject = change.subject
        if idempotency is not None:
            idempotency = dataclasses.replace(idempotency, subject_id=subject.id)
        recordings = self.save(subject, *change.others, idempotency=idempotency)
        # The command's position is that of the last event it recorded on any aggregate (a payment
        # also charges the policy): a read that waits for it sees everything the command did.
        ids = [r.notification.id for r in recordings]
        return CommandResult(subject.id, subject.version, max(ids) if ids else None, subject)

    # ---- loading --------------------------------------------------------------------------

    def _version_at(self, aggregate_id: UUID, version: int | None, as_of: datetime | None, missing: Exception) -> int | None:
        """The version to rebuild: as given, or the last one recorded at or before `as_of`."""
        if as_of is None:
            return version
        if version is not None:
            raise InvalidInput("ask for a version or an instant (as_of), not both", field="as_of", reason="both_given")
        require_aware(as_of, "as_of")
        recorded = [e.originator_version for e in self.events.get(aggregate_id) if e.timestamp <= as_of]
        if not recorded:
            raise missing
        return recorded[-1]

    def _get(self, aggregate_id: UUID, kind: type[A], missing: Exception, version: int | None = None) -> A:
        try:
            found = self.repository.get(aggregate_id, version=version)
        except AggregateNotFoundError:
            raise missing from None
        if not isinstance(found, kind):
            raise missing
        return found

    def _maybe(self, aggregate_id: UUID, kind: type[A]) -> A | None:
        try:
            found = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, kind) else None

    def _get_or(self, aggregate_id: UUID, kind: type[A], create: Callable[[], A]) -> A:
        found = self._maybe(aggregate_id, kind)
        return found if found is not None else create()

    def _history(self, aggregate_id: UUID) -> list[DomainEventProtocol[UUID]]:
        return list(self.events.get(aggregate_id))

    def event_at(self, aggregate_id: UUID, version: int) -> DomainEventProtocol[UUID] | None:
        """The event that brought an aggregate to `version` (e.g. to tell whether an approval was
        recorded as a payment or as a request for a second adjuster)."""
        return next(iter(self.events.get(aggregate_id, gt=version - 1, lte=version)), None)
