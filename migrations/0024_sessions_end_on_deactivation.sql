-- Deactivating a user ends their open web sessions in the same transaction (ended_how
-- 'deactivated'): before, such a session only stopped answering while the user was inactive and
-- came back to life if the user was reactivated before it expired.
ALTER TABLE web_sessions DROP CONSTRAINT web_sessions_ended_how_check;
ALTER TABLE web_sessions ADD CONSTRAINT web_sessions_ended_how_check
    CHECK (ended_how IN ('by_user', 'idle_expiry', 'absolute_expiry', 'deactivated'));
