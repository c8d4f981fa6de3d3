-- Read model: the list of cases (projection `case_list`) and its tracking position.
CREATE TABLE case_list (
    case_id uuid PRIMARY KEY,
    version bigint NOT NULL,
    product text NOT NULL,
    policy_ref text NOT NULL,
    insured_name text NOT NULL,
    member_number text NOT NULL,
    category text NOT NULL,
    status text NOT NULL,
    escalation text NOT NULL,
    stage text NOT NULL,
    occurred_at timestamptz NOT NULL,
    reported_at timestamptz NOT NULL,
    last_activity_at timestamptz NOT NULL,
    consultations integer NOT NULL DEFAULT 0,
    covered_fees_yen bigint NOT NULL DEFAULT 0,
    approved_yen bigint NOT NULL DEFAULT 0,
    settled_yen bigint NOT NULL DEFAULT 0,
    unsettled_payments integer NOT NULL DEFAULT 0
);
CREATE INDEX case_list_reported_idx ON case_list (reported_at DESC, case_id DESC);
CREATE INDEX case_list_stage_idx ON case_list (stage, last_activity_at);
CREATE INDEX case_list_policy_idx ON case_list (policy_ref);

CREATE TABLE case_list_tracking (
    application_name text PRIMARY KEY,
    notification_id bigint
);
