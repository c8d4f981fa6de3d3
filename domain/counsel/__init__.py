"""The counsel register: the law firms and lawyers the insurer consents to (弁護士の登録)."""

from domain.counsel import descriptions as _descriptions  # noqa: F401  (registers the events' descriptions)
