"""The one message catalogue: short, polite Japanese for every rule the service names, used by the
web pages and by the JSON API when the caller prefers Japanese (`Accept-Language: ja`).

The catalogue is `api/locale/<locale>/LC_MESSAGES/messages.po`, read with Babel's `read_po` on
first use and kept in memory. Why the .po and not a compiled .mo: the .po is the only copy (no
generated binary to keep in step, no build step for an editable install or a fresh clone), it
is a few kilobytes, and it is read once per process.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

from domain.kernel.clock import japanese_date, japanese_instant
from domain.kernel.labels import label_ja

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DEFAULT_LOCALE = "ja"
SUPPORTED_LOCALES = ("ja",)
GENERIC = "入力内容を確認してください"


@lru_cache(maxsize=len(SUPPORTED_LOCALES))
def catalogue(locale: str = DEFAULT_LOCALE) -> Mapping[str, str]:
    """msgid → message for one locale (untranslated and fuzzy entries left out)."""
    with (LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po").open("rb") as po:
        read = read_po(po, locale=locale)
    return {str(m.id): str(m.string) for m in read if m.id and m.string and not m.fuzzy}


def translate(
    rule: str, *, reason: str | None = None, params: Mapping[str, object] | None = None, locale: str = "ja"
) -> str:
    """The message for `rule.reason`, else for `rule`, else a generic one; `{name}` placeholders
    are filled from `params`. A message whose placeholders `params` cannot fill falls back to the
    next one: this never raises."""
    messages = catalogue(locale if locale in SUPPORTED_LOCALES else DEFAULT_LOCALE)
    keys = [f"{rule}.{reason}"] if reason else []
    keys += [f"{rule}.with_figures", rule] if params else [rule]
    values = japanese_values(params or {})
    for key in keys:
        template = messages.get(key)
        if template is None:
            continue
        try:
            return template.format_map(values)
        except (KeyError, IndexError, ValueError, AttributeError, TypeError):
            continue
    return messages.get("generic", GENERIC)


def japanese_values(params: Mapping[str, object]) -> dict[str, object]:
    """A message's figures as they read in Japanese: codes as their terms, dates as 2026年4月1日,
    instants in Japan time; a list joined with 「、」. Numbers stay numbers (for `{:,}`)."""

    def one(value: object) -> object:
        if isinstance(value, datetime):
            return japanese_instant(value)
        if isinstance(value, date):
            return japanese_date(value)
        if isinstance(value, str):
            return label_ja(value)
        if isinstance(value, list | tuple):
            return "、".join(str(one(v)) for v in value)
        return value

    return {name: one(value) for name, value in params.items()}


def has_message(rule: str, locale: str = DEFAULT_LOCALE) -> bool:
    return rule in catalogue(locale)


def prefers_japanese(accept_language: str | None) -> bool:
    """Whether an Accept-Language header ranks Japanese above English (the API's own language):
    the higher q wins, and at equal q the one listed first. Languages the service does not speak
    are ignored; `*` stands for English; q=0 refuses."""
    ranked = []
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        primary = {"ja": "ja", "en": "en", "*": "en"}.get(tag.strip().lower().split("-")[0])
        quality = _quality(params)
        if primary and quality > 0:
            ranked.append((quality, -index, primary))
    return bool(ranked) and max(ranked)[2] == "ja"


def _quality(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                return min(max(float(value), 0.0), 1.0)
            except ValueError:
                return 0.0
    return 1.0
