-- Read models of issue 5. Each has its own tracking table (`<name>_tracking`, single row per
-- application), so each projection resumes on its own. All are derived: rebuilt from the log.

-- case_list learns when the last consultation was held; replayed from the start.
TRUNCATE case_list;
DELETE FROM case_list_tracking;
ALTER TABLE case_list ADD COLUMN last_consultation_at timestamptz;
CREATE INDEX case_list_coverage_reported_idx ON case_list (coverage, reported_at DESC);
DROP INDEX case_list_coverage_idx;
CREATE INDEX case_list_member_idx ON case_list (member_number);
CREATE INDEX case_list_occurred_idx ON case_list (occurred_at);

-- work_queue: the case facts again, plus the queue a case waits in and since when.
CREATE TABLE work_queue (LIKE case_list INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE work_queue
    ADD PRIMARY KEY (case_id),
    ADD COLUMN queue text,
    ADD COLUMN queue_since timestamptz;
CREATE INDEX work_queue_queue_idx ON work_queue (queue, queue_since, case_id) WHERE queue IS NOT NULL;
CREATE INDEX work_queue_quiet_idx ON work_queue ((coalesce(last_consultation_at, reported_at)), case_id)
    WHERE status = 'open' AND kind = 'case';
CREATE TABLE work_queue_tracking (application_name text PRIMARY KEY, notification_id bigint);

-- payouts: one row per payment approved or settled; totals are GROUP BYs over these rows.
CREATE TABLE payout_subjects (
    case_id uuid PRIMARY KEY,
    kind text NOT NULL,
    product text NOT NULL,
    policy_ref text NOT NULL
);
CREATE TABLE payouts (
    position bigint PRIMARY KEY,
    case_id uuid NOT NULL,
    kind text NOT NULL,
    product text NOT NULL,
    policy_ref text NOT NULL,
    payment_number integer NOT NULL,
    entry text NOT NULL CHECK (entry IN ('approved', 'settled')),
    amount_yen bigint NOT NULL CHECK (amount_yen > 0),
    head text,
    booked_on date NOT NULL,          -- Japan date: approval day, or the transfer date
    fiscal_year integer NOT NULL,     -- April–March of booked_on
    recorded_at timestamptz NOT NULL,
    actor_id text NOT NULL
);
CREATE INDEX payouts_case_idx ON payouts (case_id, position);
CREATE INDEX payouts_policy_idx ON payouts (policy_ref, fiscal_year);
CREATE INDEX payouts_fiscal_idx ON payouts (fiscal_year, product);
CREATE TABLE payouts_tracking (application_name text PRIMARY KEY, notification_id bigint);

-- coverage: per policy (one policy is one policy year), and per claim on it.
CREATE TABLE coverage_policies (
    policy_number text PRIMARY KEY,
    policy_id uuid NOT NULL UNIQUE,
    product text NOT NULL,
    plan_code text NOT NULL,
    member_number text NOT NULL,
    policy_year integer,
    status text NOT NULL,
    limit_per_claim_yen bigint NOT NULL,
    limit_per_year_yen bigint NOT NULL,
    approved_yen bigint NOT NULL DEFAULT 0,
    settled_yen bigint NOT NULL DEFAULT 0
);
CREATE INDEX coverage_policies_year_idx ON coverage_policies (policy_year, product, policy_number);
CREATE TABLE coverage_claims (
    claim_id text PRIMARY KEY,
    policy_number text NOT NULL REFERENCES coverage_policies (policy_number),
    approved_yen bigint NOT NULL DEFAULT 0,
    settled_yen bigint NOT NULL DEFAULT 0
);
CREATE INDEX coverage_claims_policy_idx ON coverage_claims (policy_number);
CREATE TABLE coverage_tracking (application_name text PRIMARY KEY, notification_id bigint);

-- audit_log: one row per event of every aggregate.
CREATE TABLE audit_log (
    position bigint PRIMARY KEY,
    recorded_at timestamptz NOT NULL,
    happened_at timestamptz,
    actor_id text NOT NULL,
    actor_role text NOT NULL,
    aggregate_type text NOT NULL,
    aggregate_id uuid NOT NULL,
    aggregate_version bigint NOT NULL,
    event_type text NOT NULL,
    description_en text NOT NULL,
    description_ja text NOT NULL
);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, position);
CREATE INDEX audit_log_aggregate_idx ON audit_log (aggregate_id, position);
CREATE INDEX audit_log_recorded_idx ON audit_log (recorded_at, position);
CREATE INDEX audit_log_type_idx ON audit_log (aggregate_type, event_type, position);
CREATE TABLE audit_log_tracking (application_name text PRIMARY KEY, notification_id bigint);

-- consultation statistics: counts by Japan month, category and channel.
CREATE TABLE consultation_cases (
    case_id uuid PRIMARY KEY,
    category text NOT NULL
);
CREATE TABLE consultation_stats (
    month date NOT NULL,
    category text NOT NULL,
    channel text NOT NULL,
    consultations integer NOT NULL,
    PRIMARY KEY (month, category, channel)
);
CREATE TABLE consultation_stats_tracking (application_name text PRIMARY KEY, notification_id bigint);

-- A role for the metrics scraper: health and metrics, nothing of the cases.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('concierge', 'adjuster', 'auditor', 'admin', 'monitor'));
