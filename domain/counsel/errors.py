"""Rules of the counsel register that refuse a command."""

from __future__ import annotations

from domain.kernel.errors import NotFound, TransitionRefused


class LawFirmNotFound(NotFound):
    rule = "law_firm_not_found"


class LawyerNotFound(NotFound):
    rule = "lawyer_not_found"


class LawyerAlreadyRegistered(TransitionRefused):
    """One entry per 弁護士登録番号: the number the Japan Federation of Bar Associations gives."""

    rule = "lawyer_already_registered"
