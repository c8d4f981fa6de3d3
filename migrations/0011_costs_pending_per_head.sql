-- An incident's costs await a decision per head of loss: paying one head no longer hides costs
-- of the other. Read models: emptied here, rebuilt from the log by their runners.
TRUNCATE case_list;
DELETE FROM case_list_tracking;
TRUNCATE work_queue;
DELETE FROM work_queue_tracking;
ALTER TABLE case_list
    ADD COLUMN liability_costs_pending integer NOT NULL DEFAULT 0,
    ADD COLUMN expenses_costs_pending integer NOT NULL DEFAULT 0;
ALTER TABLE work_queue
    ADD COLUMN liability_costs_pending integer NOT NULL DEFAULT 0,
    ADD COLUMN expenses_costs_pending integer NOT NULL DEFAULT 0;
