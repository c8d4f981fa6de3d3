"""Instants as a read model stores them. Events are forever, and an event recorded before inputs
were bounded (docs/decisions/0015) may carry an absurd instant — year 1, year 9999 — that
PostgreSQL stores but Python cannot read back (or cannot move to Japan time). Read models clamp
such instants into what both can hold, so one old event never stops a projection or a query.
The event itself keeps its value; the history shows it as recorded."""

from __future__ import annotations

from datetime import UTC, date, datetime

from domain.kernel.clock import japan_date

LOWEST = datetime(1, 1, 2, tzinfo=UTC)
HIGHEST = datetime(9999, 12, 30, tzinfo=UTC)


def storable(instant: datetime | None) -> datetime | None:
    if instant is None:
        return None
    return min(max(instant, LOWEST), HIGHEST)


def japan_day(instant: datetime) -> date:
    """The Japan date of an event's instant, however absurd the instant."""
    return japan_date(storable(instant) or LOWEST)
