--liquibase formatted sql

--changeset tollgate:0030-ledger-journal-posts splitStatements:false
--comment: The settlement journal (0028) as typed rows, one per post, instead of each call's settlement as JSON: the
--comment: poster inserts the transfers straight from the rows it takes, without aggregating them into one JSON value
--comment: and reading it back apart in ledger_settle (bench/RESULTS.md, "The journal as typed rows, posted by key"). A
--comment: call's posts are written together, under the call's release id; a retry writes nothing new.
CREATE TABLE ledger_journal_post (
    call uuid NOT NULL,
    id uuid NOT NULL,
    debit_account uuid NOT NULL,
    credit_account uuid NOT NULL,
    amount numeric NOT NULL CHECK (amount > 0),
    code text NOT NULL,
    reference text,
    api_key_id uuid,
    written_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (call, id),
    CHECK (debit_account <> credit_account)
);
-- A queue, vacuumed as 0029 has ledger_journal vacuumed.
ALTER TABLE ledger_journal_post SET (autovacuum_vacuum_cost_delay = 0, autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_threshold = 5000, autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 5000);

-- Locks these accounts in id order, as every ledger function locks them (so that none of them deadlock), and refuses
-- the group when one of them does not exist: with no foreign keys from a transfer to its accounts (below), this is
-- where an unknown account is refused, once per group, before anything is written to it.
CREATE FUNCTION ledger_lock_accounts(accounts uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT count(*) FROM (SELECT 1 FROM ledger_account WHERE id = ANY (accounts) ORDER BY id FOR NO KEY UPDATE) l)
            < (SELECT count(DISTINCT a) FROM unnest(accounts) a) THEN
        RAISE EXCEPTION USING ERRCODE = 'TGL07', MESSAGE = 'no such account';
    END IF;
END
$$;

-- Posts the journal rows a caller has taken (locked); how many. Each of the functions below takes rows its own way
-- and posts them here.
CREATE FUNCTION ledger_journal_post_taken(taken tid[]) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
    IF taken IS NULL THEN
        RETURN 0;
    END IF;
    PERFORM ledger_lock_accounts((SELECT array_agg(DISTINCT a) FROM ledger_journal_post j,
        unnest(ARRAY[j.debit_account, j.credit_account]) a WHERE j.ctid = ANY (taken)));
    -- A locked row keeps its ctid until this transaction deletes it. A post that exists already (journaled again by a
    -- retry after it was posted) moves nothing.
    WITH removed AS (
        DELETE FROM ledger_journal_post WHERE ctid = ANY (taken)
            RETURNING id, debit_account, credit_account, amount, code, reference, api_key_id),
    inserted AS (
        INSERT INTO ledger_transfer (id, debit_account, credit_account, amount, code, reference, state, api_key_id)
            SELECT id, debit_account, credit_account, amount, code, reference, 'posted', api_key_id FROM removed
            ON CONFLICT DO NOTHING
            RETURNING debit_account, credit_account, amount),
    moves (account, debits, credits) AS (
        SELECT debit_account, amount, 0 FROM inserted
        UNION ALL SELECT credit_account, 0, amount FROM inserted)
    UPDATE ledger_account a
        SET debits_posted = a.debits_posted + d.debits, credits_posted = a.credits_posted + d.credits
        FROM (SELECT account, sum(debits) AS debits, sum(credits) AS credits FROM moves GROUP BY account) d
        WHERE a.id = d.account;
    RETURN cardinality(taken);
END
$$;

-- Posts the journal rows of these calls (by release id), skipping rows another transaction is posting; how many. A
-- replica's poster posts the calls it journaled itself this way: by key, where a scan of the journal walks every row
-- deleted since the last vacuum (autovacuum looks once a minute; 5-15 ms a pass under load, for a few hundred rows).
CREATE FUNCTION ledger_journal_apply_calls(calls uuid[]) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    taken tid[];
BEGIN
    SELECT array_agg(ctid) INTO taken
        FROM (SELECT ctid FROM ledger_journal_post WHERE call = ANY (calls) FOR UPDATE SKIP LOCKED) j;
    RETURN ledger_journal_post_taken(taken);
END
$$;

-- Posts up to max_rows rows of the journal, whoever wrote them, and as many of the JSON rows a replica of the version
-- before may still write during a rolling upgrade; how many rows of either it posted. wait and written_before as in
-- 0029: a poster skips rows another transaction is posting, a reader waits for them and posts only what was written
-- before it asked.
CREATE OR REPLACE FUNCTION ledger_journal_apply(max_rows int, wait boolean, written_before timestamptz) RETURNS int
    LANGUAGE plpgsql AS $$
DECLARE
    taken tid[];
    ids uuid[];
    calls jsonb;
    posted int;
BEGIN
    -- The rows, locked (in key order when waiting, so that two readers never wait for each other).
    IF wait THEN
        SELECT array_agg(ctid) INTO taken FROM (SELECT ctid FROM ledger_journal_post
            WHERE written_at <= written_before ORDER BY call, id LIMIT max_rows FOR UPDATE) j;
    ELSE
        SELECT array_agg(ctid) INTO taken FROM (SELECT ctid FROM ledger_journal_post
            WHERE written_at <= written_before LIMIT max_rows FOR UPDATE SKIP LOCKED) j;
    END IF;
    posted := ledger_journal_post_taken(taken);

    -- Rows as JSON, from a replica of the version before; none once every replica runs this one.
    IF wait THEN
        SELECT array_agg(id), jsonb_agg(settlement) INTO ids, calls FROM (SELECT id, settlement FROM ledger_journal
            WHERE written_at <= written_before ORDER BY id LIMIT max_rows FOR UPDATE) j;
    ELSE
        SELECT array_agg(id), jsonb_agg(settlement) INTO ids, calls FROM (SELECT id, settlement FROM ledger_journal
            WHERE written_at <= written_before LIMIT max_rows FOR UPDATE SKIP LOCKED) j;
    END IF;
    IF ids IS NOT NULL THEN
        PERFORM ledger_settle(calls);
        DELETE FROM ledger_journal WHERE id = ANY (ids);
        posted := posted + cardinality(ids);
    END IF;
    RETURN posted;
END
$$;
-- 0028's form, without a cutoff, for a replica of two versions before: the same, whenever written.
CREATE OR REPLACE FUNCTION ledger_journal_apply(max_rows int, wait boolean) RETURNS int LANGUAGE sql AS $$
    SELECT ledger_journal_apply(max_rows, wait, 'infinity')
$$;
--rollback DROP FUNCTION ledger_journal_apply_calls(uuid[]); DROP FUNCTION ledger_journal_post_taken(tid[]); DROP FUNCTION ledger_lock_accounts(uuid[]); DROP TABLE ledger_journal_post;

--changeset tollgate:0030-ledger-transfer-accounts-checked splitStatements:false
--comment: No foreign keys from a transfer to its accounts. Every writer of ledger_transfer is a ledger function that
--comment: locks the accounts it moves money between first, and refuses an unknown one there (ledger_apply and
--comment: ledger_hold did already; ledger_settle and the journal's posting lock them through ledger_lock_accounts,
--comment: which counts what it locked), and no account is ever deleted; the foreign keys checked it again for every
--comment: row, one query each: four a priced call, 44 % of the time of inserting its transfers (bench/RESULTS.md, "The
--comment: journal as typed rows, posted by key").
ALTER TABLE ledger_transfer DROP CONSTRAINT ledger_transfer_debit_account_fkey;
ALTER TABLE ledger_transfer DROP CONSTRAINT ledger_transfer_credit_account_fkey;
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
    PERFORM ledger_lock_accounts(accounts);

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
--rollback ALTER TABLE ledger_transfer ADD FOREIGN KEY (debit_account) REFERENCES ledger_account (id); ALTER TABLE ledger_transfer ADD FOREIGN KEY (credit_account) REFERENCES ledger_account (id);
