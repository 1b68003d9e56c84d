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

--changeset tollgate:0028-ledger-settle-rehold-check splitStatements:false
--comment: ledger_settle (0027) with its rehold check split: the cheap part before the writes, the comparison with the
--comment: released hold's amount inside the statement that writes, so the check never reads ledger_transfer through
--comment: a plan of its own. pg_stat_statements showed 0027's check at a third of ledger_settle's time at one
--comment: connection, all of it in lease rolls (bench/RESULTS.md, "The settlement journal").
CREATE OR REPLACE FUNCTION ledger_settle(calls jsonb) RETURNS SETOF uuid LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    holds uuid[];
    accounts uuid[];
    reheld_ids uuid[];
    too_much bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM jsonb_array_elements(calls) c,
            jsonb_to_recordset(coalesce(c -> 'posts', '[]'::jsonb)) AS p(debit uuid, credit uuid, amount numeric)
            WHERE p.amount IS NULL OR p.amount < 0 OR p.debit IS NULL OR p.credit IS NULL OR p.debit = p.credit) THEN
        RAISE EXCEPTION USING ERRCODE = 'TGL07', MESSAGE = 'a transfer moves a positive amount between two accounts';
    END IF;
    -- What a rehold may be is checked here without reading a table; that it is no more than the hold it replaces is
    -- checked below, against the hold as released. 0027 read the hold here, through a subquery whose cached plan
    -- could scan the whole transfer table (planned while it was small): 130 ms a roll at 300,000 transfers.
    IF EXISTS (SELECT 1 FROM jsonb_array_elements(calls) c WHERE c ? 'rehold' AND (NOT c ? 'hold'
            OR (c -> 'rehold' ->> 'amount')::numeric IS NULL OR (c -> 'rehold' ->> 'amount')::numeric <= 0)) THEN
        RAISE EXCEPTION USING ERRCODE = 'TGL07', MESSAGE = 'a hold is held again only for less than it held';
    END IF;
    -- The holds as an array first: looked up by id, never by joining the JSON (the planner would guess and scan).
    SELECT array_agg((c ->> 'hold')::uuid) INTO holds FROM jsonb_array_elements(calls) c WHERE c ? 'hold';

    -- Every account of the group, then locked in id order (as ledger_apply and ledger_hold do, so none of them
    -- deadlock): one index scan over an array, without the hashed UNION of 0025, whose table was sized by the
    -- generic plan's guess of ten thousand rows and built and walked for every group.
    SELECT array_agg(a) INTO accounts FROM (
            SELECT (p ->> 'debit')::uuid FROM jsonb_array_elements(calls) c,
                jsonb_array_elements(coalesce(c -> 'posts', '[]'::jsonb)) p
            UNION ALL SELECT (p ->> 'credit')::uuid FROM jsonb_array_elements(calls) c,
                jsonb_array_elements(coalesce(c -> 'posts', '[]'::jsonb)) p
            UNION ALL SELECT debit_account FROM ledger_transfer WHERE id = ANY (holds)
            UNION ALL SELECT credit_account FROM ledger_transfer WHERE id = ANY (holds)) x(a);
    PERFORM 1 FROM ledger_account WHERE id = ANY (accounts) ORDER BY id FOR NO KEY UPDATE;

    WITH released AS (
        INSERT INTO ledger_transfer (id, debit_account, credit_account, amount, code, reference, state, pending_id)
            SELECT (c ->> 'release')::uuid, h.debit_account, h.credit_account, h.amount, h.code, h.reference,
                'voided', h.id
            FROM ledger_transfer h JOIN jsonb_array_elements(calls) c ON h.id = (c ->> 'hold')::uuid
            WHERE h.id = ANY (holds) AND h.state = 'pending'
                AND NOT EXISTS (SELECT 1 FROM ledger_transfer v WHERE v.pending_id = h.id)
            ON CONFLICT DO NOTHING
            RETURNING pending_id, debit_account, credit_account, amount, code, reference),
    -- What a released hold is held again for (a lease of credit, less what its calls spent): only when this
    -- statement released it, so that of two writers rolling the same hold one wins.
    reheld AS (
        INSERT INTO ledger_transfer (id, debit_account, credit_account, amount, code, reference, state, timeout_at)
            SELECT (c -> 'rehold' ->> 'id')::uuid, r.debit_account, r.credit_account,
                (c -> 'rehold' ->> 'amount')::numeric, r.code, r.reference, 'pending',
                (c -> 'rehold' ->> 'timeout')::timestamptz
            FROM released r JOIN jsonb_array_elements(calls) c ON (c ->> 'hold')::uuid = r.pending_id
            WHERE c ? 'rehold' AND (c -> 'rehold' ->> 'amount')::numeric <= r.amount
            RETURNING id, debit_account, credit_account, amount),
    oversized AS (
        SELECT count(*) AS reholds FROM released r JOIN jsonb_array_elements(calls) c
                ON (c ->> 'hold')::uuid = r.pending_id
            WHERE c ? 'rehold' AND (c -> 'rehold' ->> 'amount')::numeric > r.amount),
    posted AS (
        INSERT INTO ledger_transfer (id, debit_account, credit_account, amount, code, reference, state, api_key_id)
            SELECT p.id, p.debit, p.credit, p.amount, p.code, p.reference, 'posted', p.api_key
            FROM jsonb_array_elements(calls) c,
                jsonb_to_recordset(coalesce(c -> 'posts', '[]'::jsonb)) AS p(id uuid, debit uuid, credit uuid,
                    amount numeric, code text, reference text, api_key uuid)
            ON CONFLICT DO NOTHING
            RETURNING debit_account, credit_account, amount),
    moves (account, debits_pending, debits_posted, credits_pending, credits_posted) AS (
        SELECT debit_account, -amount, 0, 0, 0 FROM released
        UNION ALL SELECT credit_account, 0, 0, -amount, 0 FROM released
        UNION ALL SELECT debit_account, amount, 0, 0, 0 FROM reheld
        UNION ALL SELECT credit_account, 0, 0, amount, 0 FROM reheld
        UNION ALL SELECT debit_account, 0, amount, 0, 0 FROM posted
        UNION ALL SELECT credit_account, 0, 0, 0, amount FROM posted),
    -- Each account once for the whole group, in the same statement: its rows are locked already.
    changed AS (
        UPDATE ledger_account a SET debits_pending = a.debits_pending + d.debits_pending,
                debits_posted = a.debits_posted + d.debits_posted,
                credits_pending = a.credits_pending + d.credits_pending,
                credits_posted = a.credits_posted + d.credits_posted
            FROM (SELECT account, sum(debits_pending) AS debits_pending, sum(debits_posted) AS debits_posted,
                    sum(credits_pending) AS credits_pending, sum(credits_posted) AS credits_posted
                FROM moves GROUP BY account) d
            WHERE a.id = d.account)
    SELECT array_agg(id), (SELECT reholds FROM oversized) INTO reheld_ids, too_much FROM reheld;
    IF too_much > 0 THEN
        -- Raised after the writes, which this undoes with the rest of the statement.
        RAISE EXCEPTION USING ERRCODE = 'TGL07', MESSAGE = 'a hold is held again only for less than it held';
    END IF;
    RETURN QUERY SELECT unnest(coalesce(reheld_ids, '{}'));
END
$$;
--rollback empty
