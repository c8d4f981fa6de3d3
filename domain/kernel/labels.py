"""Codes with their Japanese terms, written once.

Every code the record stores (a claim-act kind, a fee type, a head of loss, a coverage reason …)
is a member of a `Labelled` enum: its value is the stable English identifier stored in events,
its `ja` the programme's own Japanese term. Readers (descriptions, pages, exports) look a code up
with `label_ja`, which knows every Labelled enum defined anywhere, so the kernel names no product.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

_defined = 0  # Labelled enums defined so far (each subclass counts itself)


class Labelled(StrEnum):
    ja: str

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        global _defined
        _defined += 1  # the table of codes is rebuilt on its next use

    def __new__(cls, value: str, ja: str) -> Labelled:
        member = str.__new__(cls, value)
        member._value_ = value
        member.ja = ja
        return member

    @classmethod
    def coerce(cls, value: Any, field: str) -> Any:
        """The member for a stored or typed value, or its Japanese term; InvalidInput naming the
        field otherwise."""
        from domain.kernel.errors import InvalidInput

        try:
            return cls(value)
        except ValueError:
            by_term = next((m for m in cls if m.ja == value), None)
            if by_term is not None:
                return by_term
            choices = ", ".join(m.value for m in cls)
            raise InvalidInput(f"{field}: one of {choices}", field=field, reason="not_a_choice") from None


def _all_labelled(root: type[Labelled] = Labelled) -> list[type[Labelled]]:
    found = []
    for sub in root.__subclasses__():
        found.append(sub)
        found.extend(_all_labelled(sub))
    return found


_table: dict[str, str] = {}
_built_at = -1  # how many there were when _table was built


def codes_ja() -> dict[str, str]:
    """Every known code → its Japanese term (rebuilt when a new Labelled enum has been defined).
    Where two enums share a code the first defined wins here; where their terms differ
    (`consulting`: 相談対応中 or コンサルティング費用), readers name the field (`label_ja_of`,
    `labels_field`) to get the right one."""
    global _built_at
    if _built_at != _defined:  # a count, not a walk of every subclass: this runs for every event described
        defined = _defined
        table: dict[str, str] = {}
        for enum in _all_labelled():
            for member in enum:
                table.setdefault(member.value, member.ja)
        _table.clear()
        _table.update(table)
        _built_at = defined
    return _table


FIELD_ENUMS: dict[str, type[Labelled]] = {}  # a field's name → the enum its codes belong to


def labels_field(enum: type[Labelled], *fields: str) -> None:
    """Say which enum a field's codes belong to (called where the enum is defined), for the few
    codes two enums share: `consulting` is a case's stage and a cyber incident's cost type."""
    for name in fields:
        FIELD_ENUMS[name] = enum


def label_ja_of(field: str | None, code: Any) -> str:
    """The Japanese term of a code held in `field`: from that field's enum when one was named,
    else as `label_ja`."""
    enum = FIELD_ENUMS.get(field or "")
    if enum is not None:
        member = next((m for m in enum if m.value == str(code)), None)
        if member is not None:
            return member.ja
    return label_ja(code)


def label_ja(code: Any) -> str:
    """The Japanese term of a code; an unknown code is shown as it is, never hidden."""
    if isinstance(code, Labelled):
        return code.ja
    return codes_ja().get(str(code), str(code))
