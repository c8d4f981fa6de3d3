"""How the counsel register's events read in histories and the audit log (names stay out)."""

from __future__ import annotations

from domain.kernel.descriptions import describe_events

describe_events({
    "claims:CounselRegister.Created": ("Counsel register opened", "弁護士の登録簿を開設"),
    "claims:CounselRegister.Opened": ("Counsel register opened", "弁護士の登録簿を開設"),
    "claims:CounselRegister.LawFirmRegistered": ("Law firm registered", "法律事務所を登録"),
    "claims:CounselRegister.LawFirmEdited": ("Law firm's entry changed", "法律事務所の登録内容を変更"),
    "claims:CounselRegister.LawyerRegistered": ("Lawyer {registration_number} registered",
                                                "弁護士（登録番号 {registration_number}）を登録"),
    "claims:CounselRegister.LawyerEdited": ("Lawyer {registration_number}'s entry changed",
                                            "弁護士（登録番号 {registration_number}）の登録内容を変更"),
    "claims:CounselRegister.MatterOpened": ("Matter opened on consent {consent_date}",
                                            "承諾（{consent_date}）により受任事件を登録"),
})
