-- People who use the service. Tokens are stored only as SHA-256 hashes of 256-bit secrets.
CREATE TABLE users (
    user_id text PRIMARY KEY,
    display_name text NOT NULL,
    role text NOT NULL CHECK (role IN ('concierge', 'adjuster', 'auditor', 'admin')),
    authority_limit_yen bigint CHECK (authority_limit_yen IS NULL OR authority_limit_yen >= 0),
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL
);

CREATE TABLE user_tokens (
    token_hash bytea PRIMARY KEY,
    user_id text NOT NULL REFERENCES users (user_id),
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);
CREATE INDEX user_tokens_user_id_idx ON user_tokens (user_id);
