"""Readable one-line descriptions of events, in English and Japanese, for histories and the audit
log. They name amounts, numbers, dates and decisions, never a person's name or free text (those
stay in the event, shown only to a reader of the record itself).

Each package registers the templates of its own events (`describe_events`) next to them; codes
read in Japanese through the labelled enums (domain/kernel/labels.py).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from string import Formatter
from typing import Any

from domain.kernel.clock import japanese_date, japanese_instant
from domain.kernel.labels import FIELD_ENUMS, codes_ja, label_ja_of

# topic → (English, Japanese); fields of the event fill the braces.
TEMPLATES: dict[str, tuple[str, str]] = {}


def describe_events(templates: dict[str, tuple[str, str]]) -> None:
    """Register the descriptions of a package's events (called once, where the events live)."""
    TEMPLATES.update(templates)


def _in_japanese(fields: dict[str, Any]) -> dict[str, Any]:
    """Codes as their Japanese terms (by their field's enum where one is named), dates as
    2026年4月1日 and instants in Japan time."""
    table = codes_ja()

    def ja(value: Any, field: str | None = None) -> Any:
        if isinstance(value, str):
            return label_ja_of(field, value) if field in FIELD_ENUMS else table.get(value, value)
        if isinstance(value, datetime):
            return japanese_instant(value)
        if isinstance(value, date):
            return japanese_date(value)
        return {k: ja(v, k) for k, v in value.items()} if isinstance(value, dict) else value

    return {k: ja(v, k) for k, v in fields.items()}


def topic_of(event: Any) -> str:
    return getattr(type(event), "TOPIC", "") or f"claims:{type(event).__qualname__}"


def describe(event: Any) -> tuple[str, str]:
    """(English, Japanese) for an event; an event without a template is named, never hidden."""
    topic = topic_of(event)
    name = topic.removeprefix("claims:")
    template = TEMPLATES.get(topic)
    if template is None:
        return name, name
    fields = vars(event)
    try:
        used = {k: fields[k] for k in _fields_of(template[1])}  # only these need reading in Japanese
        return template[0].format_map(fields), template[1].format_map(_in_japanese(used))
    except (KeyError, ValueError):
        return name, name


@lru_cache(maxsize=1024)
def _fields_of(template: str) -> tuple[str, ...]:
    """The event fields a template names ("{amount_yen:,}" → amount_yen, "{x[0]}" → x)."""
    names = (re.split(r"[.\[]", field, maxsplit=1)[0] for _, field, _, _ in Formatter().parse(template) if field)
    return tuple(dict.fromkeys(names))


HAPPENED_AT = ("held_at", "occurred_at", "effective_at")  # where the fact's own instant differs from recording


def happened_at(event: Any) -> datetime | None:
    """When the fact itself happened, where the event says and it differs from recording."""
    for name in HAPPENED_AT:
        value = getattr(event, name, None)
        if isinstance(value, datetime):
            return value
    return None
