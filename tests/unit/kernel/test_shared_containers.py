"""An aggregate's records (consultations, notes, costs, register members, sums per claim) sit in
shared lists and dicts: a deep copy — the copy every command works on — copies the containers and
shares the records, which are immutable and checked so on the way in."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.kernel.notes import NoteInput
from domain.kernel.shared import SharedDict, SharedList, is_immutable
from tests.builders import (
    ADJUSTER,
    CONCIERGE,
    NOW,
    HeadOfLoss,
    a_case_with_consent,
    a_consultation,
    a_cost,
    a_policy,
    an_incident_with_costs,
    an_offset,
    charged,
)


@dataclass(frozen=True)
class Frozen:
    day: date
    label: str


@dataclass
class Loose:
    label: str


@dataclass(frozen=True)
class FrozenHoldingAList:
    items: list[str]


immutables = st.one_of(st.integers(), st.text(max_size=5), st.dates(), st.none(),
                       st.builds(Frozen, st.dates(), st.text(max_size=3)),
                       st.tuples(st.integers(), st.text(max_size=3)))


@given(st.lists(immutables), st.lists(immutables))
def test_a_copy_of_a_shared_list_is_equal_and_changes_apart_from_it(values, more):
    original = SharedList(values)
    clone = copy.deepcopy(original)
    assert clone == values and type(clone) is SharedList and clone is not original
    clone.extend(more)
    clone.append(1)
    assert original == values  # the original did not move with its copy
    assert all(a is b for a, b in zip(original, clone, strict=False))  # the records are shared, not copied


@given(st.dictionaries(st.text(max_size=4), immutables), st.text(max_size=4), immutables)
def test_a_copy_of_a_shared_dict_is_equal_and_changes_apart_from_it(values, key, value):
    original = SharedDict(values)
    clone = copy.deepcopy(original)
    assert clone == values and type(clone) is SharedDict
    clone[key] = value
    for existing in values:
        del clone[existing]
    assert original == values


@pytest.mark.parametrize("value", [[1], {"a": 1}, Loose("x"), FrozenHoldingAList(["x"]), ("ok", ["not"]), {1}])
def test_a_value_that_can_change_in_place_is_refused_every_way_in(value):
    shared, table = SharedList(["a"]), SharedDict({"k": 1})
    for put in (shared.append, lambda v: shared.extend([v]), lambda v: shared.insert(0, v),
                lambda v: shared.__setitem__(0, v), lambda v: shared.__setitem__(slice(0, 1), [v]),
                lambda v: shared.__iadd__([v]), lambda v: SharedList([v]),
                lambda v: table.__setitem__("k", v), lambda v: table.update({"k": v}), lambda v: table.update(k=v),
                lambda v: table.setdefault("new", v), lambda v: table.__ior__({"k": v}), lambda v: SharedDict({"k": v})):
        with pytest.raises(TypeError, match="not immutable"):
            put(value)
    assert shared == ["a"] and table == {"k": 1}  # nothing went in
    assert not is_immutable(value)


def test_the_records_of_every_aggregate_are_immutable_and_a_copy_shares_them():
    case = a_case_with_consent()
    case.log_consultation(consultation=a_consultation(), actor=CONCIERGE, now=NOW)
    case.add_note(NoteInput("telephone", "院長より電話"), actor=ADJUSTER, now=NOW)
    incident = an_incident_with_costs(a_cost(HeadOfLoss.EXPENSES))
    incident.record_offset(an_offset(), actor=ADJUSTER, now=NOW)
    policy = charged(a_policy(), "claim-1", 100_000)
    for aggregate, names in [(case, ("consultations", "notes", "matter_course")),
                             (incident, ("costs", "offsets", "third_party_claims", "notes", "costs_pending")),
                             (policy, ("paid_by_claim",))]:
        clone = copy.deepcopy(aggregate)
        for name in names:
            mine, theirs = getattr(aggregate, name), getattr(clone, name)
            assert isinstance(mine, SharedList | SharedDict), name
            assert mine == theirs and mine is not theirs, name
        assert clone.version == aggregate.version
    assert len(case.consultations) == 1 and case.consultations[0].duration_minutes == 25
    with pytest.raises(AttributeError):
        case.consultations[0].duration_minutes = 0  # type: ignore[misc]  # frozen: a record cannot be changed


def test_a_command_on_a_copy_leaves_the_original_as_it_was():
    case = a_case_with_consent()
    clone = copy.deepcopy(case)
    clone.log_consultation(consultation=a_consultation(held_at=NOW - timedelta(minutes=5)), actor=CONCIERGE, now=NOW)
    clone.add_note(NoteInput("internal", "社内検討"), actor=ADJUSTER, now=NOW)
    assert len(clone.consultations) == 1 and len(clone.notes) == 1
    assert case.consultations == [] and case.notes == [] and case.version == clone.version - 2


def test_is_immutable_reads_inside_tuples_and_frozen_dataclasses():
    assert is_immutable((1, "a", date(2026, 4, 1), datetime(2026, 4, 1), Frozen(date(2026, 4, 1), "x")))
    assert not is_immutable((1, [2]))


def test_the_registers_keep_their_tables_shared_after_every_kind_of_change():
    from uuid import uuid4

    from domain.documents.document import Owner
    from domain.documents.registers import ContentRegister, DocumentFolder
    from domain.policies.registers import ClinicRegister, CyberGroup

    folder = DocumentFolder(uuid4(), "case", "c-1")
    first, second = uuid4(), uuid4()
    folder.file(first, "a" * 64)
    folder.file(second, "b" * 64)
    folder.withdraw(first)  # rebuilds the table of documents in force
    register = ContentRegister(uuid4(), "a" * 64)
    register.record_use(first, Owner.case(uuid4()))
    register.release(first)
    clinic = ClinicRegister(uuid4(), "cyber_institution", "clinic-1")
    clinic.enter("CYI-1")
    clinic.cover_fixed("CYI-1", NOW, NOW + timedelta(days=365))
    group = CyberGroup(uuid4(), 2026)
    group.join("CYP-1")
    group.leave("CYP-1", NOW)

    for aggregate, names in [(folder, ("documents", "in_force")), (register, ("uses", "released")),
                             (clinic, ("contracts",)), (group, ("members", "leaving"))]:
        clone = copy.deepcopy(aggregate)
        for name in names:
            mine = getattr(aggregate, name)
            assert isinstance(mine, SharedList | SharedDict), (type(aggregate).__name__, name)
            assert getattr(clone, name) == mine and getattr(clone, name) is not mine
    assert folder.in_force == {"b" * 64: str(second)}
