--liquibase formatted sql

--changeset tollgate:0029-ledger-journal-cutoff splitStatements:false
--comment: ledger_journal_apply with a cutoff: only rows written at or before written_before. A reader that must see
--comment: every settlement committed before it (a balance, a lease rolled) posted the journal in passes until a pass
--comment: found nothing; under load calls journal new rows as fast as the passes post them, so a balance read went
--comment: on posting other calls' settlements for up to 64 passes, hundreds of milliseconds each, while every call
--comment: that waited on it (its organisation's lease renewal) waited too (bench/RESULTS.md, "Lease renewals and the
--comment: journal"). With the cutoff, a reader posts what was there when it asked, and no more.
CREATE FUNCTION ledger_journal_apply(max_rows int, wait boolean, written_before timestamptz) RETURNS int
    LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
    calls jsonb;
BEGIN
    IF wait THEN
        SELECT array_agg(id), jsonb_agg(settlement) INTO ids, calls FROM (SELECT id, settlement FROM ledger_journal
            WHERE written_at <= written_before ORDER BY id LIMIT max_rows FOR UPDATE) j;
    ELSE
        SELECT array_agg(id), jsonb_agg(settlement) INTO ids, calls FROM (SELECT id, settlement FROM ledger_journal
            WHERE written_at <= written_before LIMIT max_rows FOR UPDATE SKIP LOCKED) j;
    END IF;
    IF ids IS NULL THEN
        RETURN 0;
    END IF;
    PERFORM ledger_settle(calls);
    DELETE FROM ledger_journal WHERE id = ANY (ids);
    RETURN cardinality(ids);
END
$$;
-- 0028's ledger_journal_apply(int, boolean) stays as it was, for a replica of the version before during a rolling
-- upgrade: everything, whenever written.
--rollback DROP FUNCTION ledger_journal_apply(int, boolean, timestamptz);

--changeset tollgate:0029-ledger-journal-vacuum
--comment: The journal is a queue: every row is deleted within milliseconds of its insert. At the default autovacuum
--comment: settings (a fifth of the table dead, then vacuumed at a throttled pace) vacuum never finished under load:
--comment: the table grew by 260 MB in two minutes of 5,700 calls/s, every page of it dead rows that each scan of the
--comment: journal walked. Vacuumed unthrottled, and after a fixed count of dead rows instead of a share of the table.
ALTER TABLE ledger_journal SET (autovacuum_vacuum_cost_delay = 0, autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_threshold = 5000, autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 5000);
--rollback ALTER TABLE ledger_journal RESET (autovacuum_vacuum_cost_delay, autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold, autovacuum_analyze_scale_factor, autovacuum_analyze_threshold);
