--liquibase formatted sql

--changeset tollgate:0028-ledger-journal splitStatements:false
--comment: The settlement journal (docs/decisions.md, "A call's settlement is journaled, and posted behind it"). A call
--comment: settled against a lease of credit writes one row here, committed before its cost is told; the postings are
--comment: made from these rows in batches behind it by ledger_journal_apply, which runs them through ledger_settle
--comment: (so the transfers' ids, derived from the generation, still move money once) and deletes the rows in the
--comment: same transaction. The id is the settlement's release id: one row per call, a retry writes nothing new.
CREATE TABLE ledger_journal (
    id uuid PRIMARY KEY,
    settlement jsonb NOT NULL,
    written_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
-- Applies up to max_rows rows of the journal; how many it applied. A poster behind the calls passes wait = false and
-- skips rows another transaction is applying. A reader that must see every settlement committed before it (a
-- balance, a lease rolled, the sweeper) passes wait = true: it waits for those transactions, whose rows are then
-- gone, and applies the rest itself.
CREATE FUNCTION ledger_journal_apply(max_rows int, wait boolean) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
    calls jsonb;
BEGIN
    IF wait THEN
        SELECT array_agg(id), jsonb_agg(settlement) INTO ids, calls FROM (SELECT id, settlement FROM ledger_journal
            ORDER BY id LIMIT max_rows FOR UPDATE) j;
    ELSE
        SELECT array_agg(id), jsonb_agg(settlement) INTO ids, calls FROM (SELECT id, settlement FROM ledger_journal
            LIMIT max_rows FOR UPDATE SKIP LOCKED) j;
    END IF;
    IF ids IS NULL THEN
        RETURN 0;
    END IF;
    PERFORM ledger_settle(calls);
    DELETE FROM ledger_journal WHERE id = ANY (ids);
    RETURN cardinality(ids);
END
$$;
--rollback DROP FUNCTION ledger_journal_apply(int, boolean); DROP TABLE ledger_journal;
