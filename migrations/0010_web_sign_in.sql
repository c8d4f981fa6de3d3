-- Web sign-in (docs/decisions/0013): a password per user, kept only as an Argon2id hash (PHC
-- string, parameters inside), and server-side sessions. A session's cookie holds a 256-bit
-- random token; only its SHA-256 is stored here, so a copy of this table opens no session.
ALTER TABLE users
    ADD COLUMN password_hash text,
    ADD COLUMN password_changed_at timestamptz;

CREATE TABLE web_sessions (
    token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    user_id text NOT NULL REFERENCES users (user_id),
    csrf_token text NOT NULL,  -- sent back in every form of the session (a hidden field)
    created_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    ended_at timestamptz,
    ended_how text CHECK (ended_how IN ('by_user', 'idle_expiry', 'absolute_expiry')),
    CHECK ((ended_at IS NULL) = (ended_how IS NULL))
);
CREATE INDEX web_sessions_open_idx ON web_sessions (user_id) WHERE ended_at IS NULL;
