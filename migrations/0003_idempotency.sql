-- Idempotency keys: written in the same transaction as the command's events, so a retried
-- request can never record twice. The answer is the aggregate as it stood at that version.
CREATE TABLE idempotency_keys (
    user_id text NOT NULL,
    idempotency_key text NOT NULL,
    fingerprint text NOT NULL,
    originator_id uuid NOT NULL,
    originator_version bigint NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT idempotency_keys_pkey PRIMARY KEY (user_id, idempotency_key)
);
