-- Who read what, and when: every read of a case's, incident's or policy's details or history,
-- every audit search and export. Append-only for the service (see docs/auditor.md).
CREATE TABLE access_log (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    user_id text NOT NULL,
    role text NOT NULL,
    action text NOT NULL,
    subject text,
    detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX access_log_user_idx ON access_log (user_id, id);
CREATE INDEX access_log_subject_idx ON access_log (subject, id);
CREATE INDEX access_log_at_idx ON access_log (at, id);
