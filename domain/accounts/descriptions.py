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
    # the administrator's changes: the role reads in Japanese; never a name, a password or a token
    "claims:UserAccount.Registered": ("User registered as {role}", "利用者を「{role}」として登録"),
    "claims:UserAccount.RoleChanged": (
        "Role changed from {role_before} to {role}", "役割を「{role_before}」から「{role}」に変更"),
    "claims:UserAccount.AuthorityLimitChanged": ("Payment authority limit changed", "決裁権限の上限額を変更"),
    "claims:UserAccount.PasswordReset": ("Password reset by an administrator", "管理者がパスワードを再設定"),
    "claims:UserAccount.Deactivated": ("User deactivated", "利用者を無効化（利用停止）"),
    "claims:UserAccount.Reactivated": ("User reactivated", "利用者を再び有効化"),
    "claims:UserAccount.TokensRevoked": ("Every API token revoked", "API トークンをすべて無効化"),
})
