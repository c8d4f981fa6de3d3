-- Cyber incidents appear in the same list as cases. A read model: rebuilt from the log.
TRUNCATE case_list;
DELETE FROM case_list_tracking;
ALTER TABLE case_list
    ADD COLUMN kind text NOT NULL DEFAULT 'case' CHECK (kind IN ('case', 'incident')),
    ADD COLUMN costs_pending integer NOT NULL DEFAULT 0,
    ADD COLUMN third_party_claims integer NOT NULL DEFAULT 0;
CREATE INDEX case_list_product_idx ON case_list (product, reported_at DESC);
