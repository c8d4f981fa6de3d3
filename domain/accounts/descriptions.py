"""How the events of a user account read in histories and the audit log."""

from __future__ import annotations

from domain.kernel.descriptions import describe_events

describe_events({
    "claims:UserAccount.Opened": ("User account {user_id} opened", "利用者アカウント {user_id} の記録を開始"),
    "claims:UserAccount.SignedIn": ("Signed in", "サインイン"),
    "claims:UserAccount.SignInFailed": (
        "Sign-in refused: wrong password ({consecutive_failures} in a row)",
        "サインイン失敗: パスワード誤り（{consecutive_failures} 回連続）"),
    "claims:UserAccount.LockedOut": (
        "Account locked until {until} after repeated failed sign-ins", "サインイン失敗が続いたため {until} までロック"),
    "claims:UserAccount.SignedOut": ("Signed out ({how})", "サインアウト（{how}）"),
})
