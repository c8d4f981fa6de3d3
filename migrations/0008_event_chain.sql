-- Tamper evidence: a hash chain over claims_events (docs/decisions/0009-event-hash-chain.md).
-- The encoding is the one in infra/chain.py, byte for byte:
--   hash_n = sha256(hash_{n-1} || int8(notification_id) || uuid(originator_id) || int8(originator_version)
--                   || int4(octet_length(topic utf8)) || topic utf8 || state),  hash_0 = 32 zero bytes,
-- integers big-endian (int8send/int4send), a NULL topic or state hashed as empty.
-- The recorder appends the links in the transaction that inserts the events.

CREATE TABLE event_chain (
    notification_id bigint PRIMARY KEY,
    chain_hash bytea NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX event_chain_recorded_at_idx ON event_chain (recorded_at);

CREATE FUNCTION event_chain_link(
    prev bytea, notification_id bigint, originator_id uuid, originator_version bigint, topic text, state bytea
) RETURNS bytea LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT sha256(
        prev || int8send(notification_id) || uuid_send(originator_id) || int8send(originator_version)
        || int4send(octet_length(convert_to(coalesce(topic, ''), 'UTF8')))
        || convert_to(coalesce(topic, ''), 'UTF8') || coalesce(state, ''::bytea)
    )
$$;

-- Links every event after the last link, continuing the chain from it; returns how many it added.
-- For this migration and for recovery only: it would equally chain a row inserted behind the
-- application's back, so it is not something the service calls.
CREATE FUNCTION event_chain_backfill() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    last_id bigint := 0;
    prev bytea := decode(repeat('00', 32), 'hex');
    added bigint := 0;
    e record;
BEGIN
    LOCK TABLE claims_events IN EXCLUSIVE MODE;  -- as the recorder does: no insert runs meanwhile
    SELECT c.notification_id, c.chain_hash INTO last_id, prev FROM event_chain c ORDER BY c.notification_id DESC LIMIT 1;
    IF NOT FOUND THEN
        last_id := 0;
        prev := decode(repeat('00', 32), 'hex');
    END IF;
    FOR e IN SELECT * FROM claims_events WHERE notification_id > last_id ORDER BY notification_id LOOP
        prev := event_chain_link(prev, e.notification_id, e.originator_id, e.originator_version, e.topic, e.state);
        INSERT INTO event_chain (notification_id, chain_hash) VALUES (e.notification_id, prev);
        added := added + 1;
    END LOOP;
    RETURN added;
END
$$;

-- Back-fill the events recorded before this migration (their recorded_at is the migration's time).
DO $$
BEGIN
    PERFORM event_chain_backfill();
END
$$;
