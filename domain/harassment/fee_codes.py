"""Which fee type (弁護士費用の費目) a line of an imported bill is, from the codes its file gives.

The mapping is data, written once here and documented in docs/adjuster.md; change it here (and
in the guide) when the insurer agrees codes with a firm. A code the mapping does not know is
never guessed: the line is imported without a fee type, flagged `unclassified_code`, pays
nothing, and keeps its bill under review until the adjuster gives it one.

LEDES 1998B lines: a fee line (`F`) is looked up by its task code, then by its activity code; an
expense line (`E`) by its expense code. UTBMS has no codes for the Japanese fee items, so the
programme agrees its own task codes with the firms (JP100 …); of the UTBMS litigation code set
only the expenses have a sure meaning here: court and procedural costs are 争訟費用, the other
disbursements necessary for the mandate are その他委任事務処理に必要な費用. The UTBMS time-charge
task codes (L100–L500) and activity codes (A101–A111) say what work was done, not which fee item
the work is billed as: they are left to the adjuster.

CSV lines: the 費目 column holds the Japanese fee item (着手金, 報酬金, 相談料, 手数料, 争訟費用, 日当,
顧問料, …) or the code; 実費 (disbursements) names what it was: 実費（印紙代）, 実費（郵券）, 実費（交通費）.
"""

from __future__ import annotations

import re
import unicodedata

from domain.harassment.vocabulary import FeeType

# LEDES 1998B codes → fee type. Programme task codes first, then the UTBMS expense codes.
FEE_TYPE_BY_CODE: dict[str, FeeType] = {
    "JP100": FeeType.CONSULTATION_FEE,  # 相談料
    "JP200": FeeType.RETAINER,  # 着手金
    "JP300": FeeType.SUCCESS_FEE,  # 報酬金
    "JP400": FeeType.HANDLING_FEE,  # 手数料
    "JP500": FeeType.DAILY_ALLOWANCE,  # 日当 (never covered)
    "JP600": FeeType.ADVISORY_RETAINER,  # 顧問料 (never covered)
    "JP700": FeeType.LITIGATION_COSTS,  # 争訟費用
    # UTBMS expenses: court and procedural costs (印紙代, 予納郵券, 記録の謄写, 送達) → 争訟費用
    "E112": FeeType.LITIGATION_COSTS,  # court fees (印紙代)
    "E113": FeeType.LITIGATION_COSTS,  # subpoena fees
    "E114": FeeType.LITIGATION_COSTS,  # witness fees
    "E115": FeeType.LITIGATION_COSTS,  # deposition transcripts
    "E116": FeeType.LITIGATION_COSTS,  # trial transcripts
    "E117": FeeType.LITIGATION_COSTS,  # trial exhibits
    # UTBMS expenses: other disbursements of the mandate (複写, 通信, 郵送, 交通費) → その他委任事務処理に必要な費用
    "E101": FeeType.OTHER_MANDATE_COSTS,  # copying
    "E102": FeeType.OTHER_MANDATE_COSTS,  # outside printing
    "E104": FeeType.OTHER_MANDATE_COSTS,  # facsimile
    "E105": FeeType.OTHER_MANDATE_COSTS,  # telephone
    "E107": FeeType.OTHER_MANDATE_COSTS,  # delivery services / messengers
    "E108": FeeType.OTHER_MANDATE_COSTS,  # postage (郵券)
    "E109": FeeType.OTHER_MANDATE_COSTS,  # local travel (交通費)
    "E110": FeeType.OTHER_MANDATE_COSTS,  # out-of-town travel (交通費)
}

# CSV 費目 → fee type. Keys are compared after NFKC and with brackets, colons and spaces removed.
FEE_TYPE_BY_ITEM: dict[str, FeeType] = {
    **{member.ja: member for member in FeeType},
    **{member.value: member for member in FeeType},
    "実費印紙代": FeeType.LITIGATION_COSTS,
    "印紙代": FeeType.LITIGATION_COSTS,
    "実費郵券": FeeType.LITIGATION_COSTS,  # 予納郵券: the court's postage deposit
    "郵券": FeeType.LITIGATION_COSTS,
    "実費交通費": FeeType.OTHER_MANDATE_COSTS,
    "交通費": FeeType.OTHER_MANDATE_COSTS,
    "実費謄写料": FeeType.OTHER_MANDATE_COSTS,
    "謄写料": FeeType.OTHER_MANDATE_COSTS,
}


def fee_type_of_ledes_line(kind: str, task_code: str, activity_code: str, expense_code: str
                           ) -> tuple[FeeType | None, str]:
    """The fee type of a LEDES line (None: not in the mapping) and the codes it was judged by."""
    if kind == "E":
        code = expense_code.strip().upper()
        return FEE_TYPE_BY_CODE.get(code), code or "(no expense code)"
    codes = [c.strip().upper() for c in (task_code, activity_code) if c.strip()]
    found = next((FEE_TYPE_BY_CODE[c] for c in codes if c in FEE_TYPE_BY_CODE), None)
    return found, "/".join(codes) or "(no task code)"


def fee_type_of_item(item: str) -> FeeType | None:
    """The fee type of a CSV 費目 (None: not in the mapping — bare 実費 among them)."""
    return FEE_TYPE_BY_ITEM.get(_key(item)) or FEE_TYPE_BY_ITEM.get(item.strip())


def _key(item: str) -> str:
    return re.sub(r"[()\[\]（）「」:：・\s]", "", unicodedata.normalize("NFKC", item))
