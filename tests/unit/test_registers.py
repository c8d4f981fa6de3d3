"""Rules across policies: one contract per clinic (診療所契約), and the physician cyber group that
forms at 10 paid members. Given / When / Then, one behaviour each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest

from domain.application import ClaimsApplication
from domain.policies.errors import ClinicAlreadyContracted
from domain.policies.policy import PolicyEnding
from domain.policies.registers import (
    GROUP_MINIMUM_MEMBERS,
    ClinicRegister,
    CyberGroup,
    clinic_register_id,
    cyber_group_id,
)
from tests.builders import (
    ADMIN,
    JST,
    NOW,
    a_clinic_holder,
    a_cyber_physician_plan,
    a_holder,
    a_plan,
    a_policy_in,
    an_app,
)


def at_16_jst(year: int, month: int) -> datetime:
    return datetime(year, month, 1, 16, 0, tzinfo=JST)


YEAR_2025 = (at_16_jst(2025, 4), at_16_jst(2026, 4))
YEAR_2026 = (at_16_jst(2026, 4), at_16_jst(2027, 4))


def a_register() -> ClinicRegister:
    register = ClinicRegister.open_for("harassment", "CL-0001")
    register.collect_events()
    return register


def a_register_with_cover(number: str = "HAR-A", cover: tuple[datetime, datetime] = YEAR_2025) -> ClinicRegister:
    register = a_register()
    register.enter(number)
    register.cover_fixed(number, *cover)
    register.collect_events()
    return register


def refused_as_already_contracted(call: Callable[[], object]) -> ClinicAlreadyContracted:
    with pytest.raises(ClinicAlreadyContracted) as info:
        call()
    assert info.value.rule == "one_contract_per_clinic"
    assert info.value.field == "clinic_id"
    return info.value


def a_group(members: int) -> CyberGroup:
    group = CyberGroup.for_year(2026)
    for n in range(members):
        group.join(f"CYP-{n:04d}")
    group.collect_events()
    return group


# =============================================================================================
# ClinicRegister: one contract per clinic
# =============================================================================================


def test_clinic_register_id_is_the_same_for_the_clinic_however_it_is_spelt() -> None:
    assert clinic_register_id("harassment", " cl-0001 ") == clinic_register_id("harassment", "CL-0001")
    assert clinic_register_id("harassment", "CL-0001") != clinic_register_id("cyber_institution", "CL-0001")


def test_enter_first_application_records_it_awaiting_its_premium() -> None:
    register = a_register()

    register.enter("HAR-A")

    assert [type(e).__name__ for e in register.collect_events()] == ["Entered"]
    assert register.contracts == {"HAR-A": None}


def test_enter_second_application_while_one_awaits_its_premium_is_refused() -> None:
    register = a_register()
    register.enter("HAR-A")
    register.collect_events()

    error = refused_as_already_contracted(lambda: register.enter("HAR-B"))

    assert "HAR-A" in error.detail
    assert register.collect_events() == []
    assert list(register.contracts) == ["HAR-A"]


def test_enter_after_the_pending_application_is_released_is_accepted() -> None:
    register = a_register()
    register.enter("HAR-A")
    register.release("HAR-A")
    register.collect_events()

    register.enter("HAR-B")

    assert register.contracts == {"HAR-B": None}


def test_enter_while_the_other_contract_has_its_cover_fixed_is_accepted() -> None:
    register = a_register_with_cover("HAR-A", YEAR_2025)

    register.enter("HAR-B")  # the overlap, if any, is judged when its cover is fixed

    assert register.contracts == {"HAR-A": YEAR_2025, "HAR-B": None}


def test_cover_fixed_records_the_period() -> None:
    register = a_register()
    register.enter("HAR-A")
    register.collect_events()

    register.cover_fixed("HAR-A", *YEAR_2025)

    assert [type(e).__name__ for e in register.collect_events()] == ["CoverFixed"]
    assert register.contracts == {"HAR-A": YEAR_2025}


@pytest.mark.parametrize(
    "cover",
    [
        YEAR_2025,
        (at_16_jst(2025, 9), YEAR_2025[1]),  # mid-term, inside
        (at_16_jst(2026, 3), YEAR_2026[1]),  # one month of overlap at the end of 2025
    ],
    ids=["same_year", "inside", "one_month_overlap"],
)
def test_cover_fixed_overlapping_another_contract_of_the_clinic_is_refused(cover: tuple[datetime, datetime]) -> None:
    register = a_register_with_cover("HAR-A", YEAR_2025)
    register.enter("HAR-B")
    register.collect_events()

    refused_as_already_contracted(lambda: register.cover_fixed("HAR-B", *cover))
    assert register.collect_events() == []
    assert register.contracts["HAR-B"] is None


def test_cover_fixed_for_the_next_policy_year_is_accepted() -> None:
    register = a_register_with_cover("HAR-A", YEAR_2025)
    register.enter("HAR-B")

    register.cover_fixed("HAR-B", *YEAR_2026)  # starts the instant the other ends

    assert register.contracts == {"HAR-A": YEAR_2025, "HAR-B": YEAR_2026}


def test_cover_fixed_overlapping_a_released_contract_is_accepted() -> None:
    register = a_register_with_cover("HAR-A", YEAR_2025)
    register.release("HAR-A")
    register.enter("HAR-B")

    register.cover_fixed("HAR-B", *YEAR_2025)

    assert register.contracts == {"HAR-B": YEAR_2025}


def test_release_of_a_policy_not_in_the_register_records_nothing() -> None:
    register = a_register_with_cover("HAR-A")

    register.release("HAR-Z")

    assert register.collect_events() == []
    assert list(register.contracts) == ["HAR-A"]


# ---- through the application -----------------------------------------------------------------


def test_enrol_policy_second_pending_application_of_a_clinic_is_refused() -> None:
    app = an_app()
    first = a_policy_in(app, a_plan(), a_clinic_holder(), received_on=None)

    refused_as_already_contracted(
        lambda: app.enrol_policy("harassment", "H-T", a_clinic_holder(member_number="JSPRS-20002"), date(2025, 3, 2), ADMIN)
    )
    register = app.repository.get(clinic_register_id("harassment", "CL-0001"))
    assert list(register.contracts) == [first]


def test_enrol_policy_of_another_clinic_while_one_is_pending_is_accepted() -> None:
    app = an_app()
    a_policy_in(app, a_plan(), a_clinic_holder(), received_on=None)

    number = a_policy_in(app, a_plan(), a_clinic_holder(clinic_id="CL-0002", clinic_name="佐藤皮膚科"), received_on=None)

    assert app.get_policy(number).holder.clinic_id == "CL-0002"


def test_receive_premium_on_a_second_clinic_policy_for_the_same_year_is_refused() -> None:
    app = an_app()
    a_policy_in(app, a_plan(), a_clinic_holder())  # premium received: cover for the 2025 policy year
    second = a_policy_in(app, a_plan(), a_clinic_holder(), received_on=None)

    refused_as_already_contracted(lambda: app.receive_premium(second, date(2025, 3, 10), 12_000, ADMIN))
    assert app.get_policy(second).status == "awaiting_premium"


def test_end_policy_of_a_pending_clinic_application_releases_the_clinic() -> None:
    app = an_app()
    first = a_policy_in(app, a_plan(), a_clinic_holder(), received_on=None)
    app.end_policy(first, PolicyEnding("cancelled", "申込撤回", NOW), ADMIN)

    second = a_policy_in(app, a_plan(), a_clinic_holder())

    assert app.get_policy(second).status == "in_force"


def test_end_policy_of_a_clinic_policy_effective_later_still_refuses_an_overlapping_second_policy_now() -> None:
    app = an_app()
    first = a_policy_in(app, a_plan(), a_clinic_holder())  # cover 1 April 2025 → 1 April 2026
    app.end_policy(first, PolicyEnding("cancelled", "解約", datetime(2025, 9, 1, tzinfo=JST)), ADMIN)  # covered until 1 September
    second = a_policy_in(app, a_plan(), a_clinic_holder(), applied_on=date(2025, 6, 1), received_on=None)

    refused_as_already_contracted(lambda: app.receive_premium(second, date(2025, 6, 2), 9_000, ADMIN))  # from 1 July


# =============================================================================================
# CyberGroup: forms at 10 members
# =============================================================================================


def test_group_minimum_is_ten_members() -> None:
    assert GROUP_MINIMUM_MEMBERS == 10


def test_join_the_tenth_member_forms_the_group() -> None:
    group = a_group(9)

    group.join("CYP-0009")

    assert group.formed_at(NOW) is True
    assert len(group.members) == 10


def test_join_nine_members_does_not_form_the_group() -> None:
    group = a_group(8)

    group.join("CYP-0008")

    assert group.formed_at(NOW) is False


def test_join_the_same_member_twice_counts_once() -> None:
    group = a_group(9)

    group.join("CYP-0000")

    assert group.collect_events() == []
    assert group.formed_at(NOW) is False


def test_leave_from_ten_members_unforms_the_group() -> None:
    group = a_group(10)

    group.leave("CYP-0003", NOW)

    assert group.formed_at(NOW) is False
    assert "CYP-0003" not in group.members_at(NOW)


def test_leave_by_a_non_member_records_nothing() -> None:
    group = a_group(10)

    group.leave("CYP-9999", NOW)

    assert group.collect_events() == []
    assert group.formed_at(NOW) is True


def test_cyber_group_id_is_one_per_policy_year() -> None:
    assert CyberGroup.for_year(2026).id == cyber_group_id(2026) != cyber_group_id(2027)


# ---- through the application -----------------------------------------------------------------


def physicians_paid_in(app: ClaimsApplication, count: int) -> list[str]:
    """`count` physician cyber policies, premiums received in March 2025 (policy year 2025)."""
    return [
        a_policy_in(app, a_cyber_physician_plan(), a_holder(member_number=f"JSPRS-{n:05d}")) for n in range(count)
    ]


def test_receive_premium_of_the_tenth_physician_cyber_policy_forms_the_group() -> None:
    app = an_app()

    numbers = physicians_paid_in(app, 10)

    group = app.cyber_group(2025)
    assert group is not None
    assert group.formed_at(NOW) is True
    assert sorted(group.members) == sorted(numbers)


def test_receive_premium_of_nine_physician_cyber_policies_leaves_the_group_unformed() -> None:
    app = an_app()

    physicians_paid_in(app, 9)

    group = app.cyber_group(2025)
    assert group is not None
    assert group.formed_at(NOW) is False


def test_end_policy_of_a_member_below_ten_unforms_the_group() -> None:
    app = an_app()
    numbers = physicians_paid_in(app, 10)

    app.end_policy(numbers[0], PolicyEnding("cancelled", "退会", NOW), ADMIN)

    assert app.cyber_group(2025).formed_at(NOW) is False


def test_receive_premium_on_harassment_policies_forms_no_cyber_group() -> None:
    app = an_app()

    for n in range(10):
        a_policy_in(app, a_plan(), a_holder(member_number=f"JSPRS-{n:05d}"))

    assert app.cyber_group(2025) is None
