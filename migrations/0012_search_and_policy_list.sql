-- Finding cases by name (kanji or kana, any width), member or policy number; and a list of
-- policies (the administrator's list, the report form's policy lookup). Read models: emptied
-- here, rebuilt from the log by their runners.
TRUNCATE case_list;
DELETE FROM case_list_tracking;
TRUNCATE work_queue;
DELETE FROM work_queue_tracking;
ALTER TABLE case_list
    ADD COLUMN insured_name_kana text,
    ADD COLUMN search_text text NOT NULL DEFAULT '';
ALTER TABLE work_queue
    ADD COLUMN insured_name_kana text,
    ADD COLUMN search_text text NOT NULL DEFAULT '';

CREATE TABLE policy_list (
    policy_id uuid PRIMARY KEY,
    policy_number text NOT NULL UNIQUE,
    version bigint NOT NULL,
    product text NOT NULL,
    plan_code text NOT NULL,
    plan_version integer NOT NULL,
    holder_kind text NOT NULL,
    holder_name text NOT NULL,
    member_number text NOT NULL,
    clinic_name text,
    status text NOT NULL,
    applied_on date NOT NULL,
    premium_received_on date,
    premium_yen bigint NOT NULL DEFAULT 0,
    cover_start timestamptz,
    cover_end timestamptz,
    policy_year integer,
    ended_at timestamptz,
    enrolled_at timestamptz NOT NULL,
    search_text text NOT NULL
);
CREATE INDEX policy_list_member_idx ON policy_list (member_number);
CREATE INDEX policy_list_status_idx ON policy_list (status, product, policy_year);
CREATE TABLE policy_list_tracking (application_name text PRIMARY KEY, notification_id bigint);
