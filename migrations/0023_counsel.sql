-- Counsel and bill review (issue 14, docs/decisions/0021): the case list and the work queue count
-- each case's bills under review (a stage of their own, in the adjusters' "bills awaiting a
-- decision" queue) and show the lawyer's matter's stage (受任, 交渉中, 訴訟中, 終結). The covered
-- fees they hold follow the reviewed amounts. The lists are emptied and rebuilt from the log by
-- their runners, as in 0022. The counsel register itself is an aggregate: it needs no table.
TRUNCATE case_list;
DELETE FROM case_list_tracking;
TRUNCATE work_queue;
DELETE FROM work_queue_tracking;
ALTER TABLE case_list
    ADD COLUMN bills_under_review integer NOT NULL DEFAULT 0,
    ADD COLUMN matter_stage text;
ALTER TABLE work_queue
    ADD COLUMN bills_under_review integer NOT NULL DEFAULT 0,
    ADD COLUMN matter_stage text;
