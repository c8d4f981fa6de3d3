-- case_list learns the coverage decision and the payout terms the stage depends on.
-- A read model: existing rows are rebuilt by replaying the log (truncate + reset tracking).
TRUNCATE case_list;
DELETE FROM case_list_tracking;
ALTER TABLE case_list
    ADD COLUMN coverage text NOT NULL DEFAULT 'not_decided',
    ADD COLUMN deductible_yen bigint NOT NULL DEFAULT 10000,
    ADD COLUMN coinsurance_percent integer NOT NULL DEFAULT 90,
    ADD COLUMN limit_exhausted boolean NOT NULL DEFAULT false;
CREATE INDEX case_list_coverage_idx ON case_list (coverage);
