"""Finding a record by what a person types: a name in kanji or kana, a member or policy number.

Both what is stored and what is typed are reduced to one key: Unicode NFKC (full-width letters
and digits, half-width katakana → the usual forms), lower case, katakana → hiragana, and no
spaces or middle dots. So 「ヤマダ　タロウ」, 「やまだたろう」 and 「ﾔﾏﾀﾞ ﾀﾛｳ」 find the same case, and
「ＪＳＰＲＳ－１０００１」 finds JSPRS-10001. Kanji are compared as written: a kanji name is found
by its kanji, or by the kana reading recorded with it (フリガナ)."""

from __future__ import annotations

import unicodedata

KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}  # ァ…ヶ → ぁ…ゖ
DROPPED = {ord(c): None for c in " \u3000\t・･-‐－ー"} | {ord("ー"): None}


def search_key(*texts: str | None) -> str:
    """One key for several texts (kept apart by a separator no key contains)."""
    return "\x1f".join(_key(t) for t in texts if t)


def _key(text: str) -> str:
    normal = unicodedata.normalize("NFKC", text).lower()
    return normal.translate(KATAKANA_TO_HIRAGANA).translate(DROPPED)


def like_pattern(typed: str) -> str | None:
    """The LIKE pattern of what was typed (None when nothing remains to look for)."""
    key = _key(typed)
    if not key:
        return None
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
