-- The adjuster's file: payment requests waiting for a second adjuster (four eyes) and the
-- outstanding reserve, on the case list and the work queue; and the reserves read model (every
-- reserve movement and approved payment, summed as they stood at any moment). The lists are
-- emptied and rebuilt from the log by their runners.
TRUNCATE case_list;
DELETE FROM case_list_tracking;
TRUNCATE work_queue;
DELETE FROM work_queue_tracking;
ALTER TABLE case_list
    ADD COLUMN requests_waiting integer NOT NULL DEFAULT 0,
    ADD COLUMN reserve_yen bigint NOT NULL DEFAULT 0;
ALTER TABLE work_queue
    ADD COLUMN requests_waiting integer NOT NULL DEFAULT 0,
    ADD COLUMN reserve_yen bigint NOT NULL DEFAULT 0;

CREATE TABLE reserve_subjects (
    claim_id uuid PRIMARY KEY,
    kind text NOT NULL,
    product text NOT NULL,
    policy_ref text NOT NULL,
    fiscal_year integer NOT NULL          -- the accident year (事故年度): April–March of occurrence
);
CREATE TABLE reserve_movements (
    position bigint PRIMARY KEY,
    claim_id uuid NOT NULL,
    kind text NOT NULL,
    product text NOT NULL,
    policy_ref text NOT NULL,
    fiscal_year integer NOT NULL,
    head text,
    movement text NOT NULL CHECK (movement IN ('set', 'lowered', 'released', 'paid')),
    reserve_change_yen bigint NOT NULL,
    paid_yen bigint NOT NULL CHECK (paid_yen >= 0),
    payment_number integer,
    recorded_at timestamptz NOT NULL,
    actor_id text NOT NULL
);
CREATE INDEX reserve_movements_claim_idx ON reserve_movements (claim_id, position);
CREATE INDEX reserve_movements_report_idx ON reserve_movements (fiscal_year, product, recorded_at);
CREATE INDEX reserve_movements_policy_idx ON reserve_movements (policy_ref, recorded_at);
CREATE TABLE reserves_tracking (application_name text PRIMARY KEY, notification_id bigint);

-- The diary: one row per activity (the diary's own aggregates), with the claim it belongs to
-- (the insured's name and policy, from the claims' own first events), for "what is due" lists.
CREATE TABLE diary_claims (
    claim_id text PRIMARY KEY,
    kind text NOT NULL,
    insured_name text NOT NULL,
    policy_ref text NOT NULL
);
CREATE TABLE diary (
    activity_id uuid PRIMARY KEY,
    version bigint NOT NULL,
    claim_id text,
    claim_kind text,
    kind text NOT NULL,
    subject text NOT NULL,
    due_on date NOT NULL,
    assignee_role text NOT NULL,
    assignee_user text,
    basis text,
    automatic boolean NOT NULL,
    status text NOT NULL,
    opened_at timestamptz NOT NULL,
    opened_by text NOT NULL,
    done_at timestamptz,
    done_by text,
    done_note text
);
CREATE INDEX diary_open_user_idx ON diary (assignee_user, due_on) WHERE status = 'open';
CREATE INDEX diary_open_role_idx ON diary (assignee_role, due_on) WHERE status = 'open' AND assignee_user IS NULL;
CREATE INDEX diary_claim_idx ON diary (claim_id, due_on);
CREATE TABLE diary_tracking (application_name text PRIMARY KEY, notification_id bigint);

-- A command now records on several aggregates (a claim, its policy, the diary's activities): the
-- answer replayed for an Idempotency-Key names the position of the command's last event, which
-- follows the answering record's last event by this many (a command's events are contiguous: they
-- are inserted in one statement under the events table's lock).
ALTER TABLE idempotency_keys ADD COLUMN trailing_events integer NOT NULL DEFAULT 0;
