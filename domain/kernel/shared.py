"""Lists and dicts of immutable values, which a deep copy of their aggregate shares instead of
copying value by value.

Every command works on a copy of the aggregate the application keeps in its cache (so a refused
command leaves the cache as it was), and `copy.deepcopy` copies each value of each list and dict
one Python call at a time: ~140 ms for a case of 10,000 consultations. The records an aggregate
accumulates (consultations, notes, costs, the members of a register) never change once recorded:
they are frozen dataclasses, strings, dates or tuples of those. A copy of the container that
shares them is then a true deep copy, and costs a C-level copy of the pointers (~0.1 ms for
10,000). Every way in checks that what is put in is immutable, so that stays true.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, SupportsIndex, TypeVar
from uuid import UUID

K = TypeVar("K")
V = TypeVar("V")

_ATOMS = (str, int, float, bool, bytes, date, datetime, time, timedelta, Decimal, UUID, Enum, type(None))
_EXACT_ATOMS = frozenset(_ATOMS) - {Enum}  # looked up by type first: this runs for every record appended


def is_immutable(value: Any) -> bool:
    """True for values no one can change in place: atoms, tuples and frozensets of immutables,
    and frozen dataclasses whose fields are all immutable."""
    kind = type(value)
    if kind in _EXACT_ATOMS:
        return True
    params = getattr(kind, "__dataclass_params__", None)
    if params is not None:
        if not params.frozen:
            return False
        fields = getattr(value, "__dict__", None)  # a frozen dataclass's fields, without a call per field
        values = fields.values() if fields is not None else (getattr(value, f.name) for f in dataclasses.fields(value))
        return all(is_immutable(item) for item in values)
    if isinstance(value, _ATOMS):
        return True
    if isinstance(value, (tuple, frozenset)):
        return all(is_immutable(item) for item in value)
    return False


def _checked(value: V) -> V:
    if not is_immutable(value):
        raise TypeError(f"{type(value).__name__} is not immutable: a shared list or dict holds only immutable values")
    return value


class SharedList(list[V]):
    """An aggregate's list of immutable records; a deep copy copies the list and shares the records."""

    __slots__ = ()

    def __init__(self, values: Iterable[V] = ()) -> None:
        super().__init__(_checked(value) for value in values)

    def __deepcopy__(self, memo: dict[int, Any]) -> SharedList[V]:
        clone = type(self).__new__(type(self))
        list.extend(clone, self)  # the values were checked on the way in
        memo[id(self)] = clone
        return clone

    def append(self, value: V) -> None:
        super().append(_checked(value))

    def extend(self, values: Iterable[V]) -> None:
        super().extend([_checked(value) for value in values])

    def insert(self, index: SupportsIndex, value: V) -> None:
        super().insert(index, _checked(value))

    def __iadd__(self, values: Iterable[V]) -> SharedList[V]:  # type: ignore[override,misc]
        self.extend(values)
        return self

    def __setitem__(self, index: Any, value: Any) -> None:
        value = [_checked(item) for item in value] if isinstance(index, slice) else _checked(value)
        super().__setitem__(index, value)


class SharedDict(dict[K, V]):
    """An aggregate's table of immutable values by immutable key; a deep copy copies the table and
    shares the keys and values."""

    __slots__ = ()

    def __init__(self, values: Any = (), /) -> None:
        super().__init__()
        self.update(values)

    def __deepcopy__(self, memo: dict[int, Any]) -> SharedDict[K, V]:
        clone = type(self).__new__(type(self))
        dict.update(clone, self)  # the keys and values were checked on the way in
        memo[id(self)] = clone
        return clone

    def __setitem__(self, key: K, value: V) -> None:
        super().__setitem__(_checked(key), _checked(value))

    def update(self, values: Any = (), /, **more: V) -> None:  # type: ignore[override]
        pairs = values.items() if hasattr(values, "items") else values
        for key, value in [*pairs, *more.items()]:
            self[key] = value

    def setdefault(self, key: K, default: V = None) -> V:  # type: ignore[assignment,override]
        if key not in self:
            self[key] = default
        return self[key]

    def __ior__(self, values: Any) -> SharedDict[K, V]:  # type: ignore[override,misc]
        self.update(values)
        return self
