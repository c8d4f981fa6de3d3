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
