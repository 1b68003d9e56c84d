--liquibase formatted sql

--changeset tollgate:0025-ledger-settle-rehold splitStatements:false
--comment: ledger_settle (0023) may also hold a released hold again for less: an element with "rehold" (id, amount,
--comment: timeout) beside its hold and release. That is how a lease of credit gives back what its calls spent, or
--comment: what it holds beyond its open calls' worst cases, without ever being unheld in between (docs/decisions.md,
--comment: "Calls are held against a lease of credit"). The hold is held again only if this statement released it;
--comment: the function returns the ids of the holds it held again, so that of two writers rolling one hold, the one
--comment: that lost knows. The rest is 0023's.
DROP FUNCTION ledger_settle(jsonb);
CREATE FUNCTION ledger_settle(calls jsonb) RETURNS SETOF uuid LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    holds uuid[];
    accounts uuid[];
    debits_pending_change numeric[];
    debits_posted_change numeric[];
    credits_pending_change numeric[];
    credits_posted_change numeric[];
    reheld_ids uuid[];
BEGIN
    IF EXISTS (SELECT 1 FROM jsonb_array_elements(calls) c,
            jsonb_to_recordset(coalesce(c -> 'posts', '[]'::jsonb)) AS p(debit uuid, credit uuid, amount numeric)
            WHERE p.amount IS NULL OR p.amount < 0 OR p.debit IS NULL OR p.credit IS NULL OR p.debit = p.credit) THEN
        RAISE EXCEPTION USING ERRCODE = 'TGL07', MESSAGE = 'a transfer moves a positive amount between two accounts';
    END IF;
    IF EXISTS (SELECT 1 FROM jsonb_array_elements(calls) c WHERE c ? 'rehold' AND (NOT c ? 'hold'
            OR (c -> 'rehold' ->> 'amount')::numeric IS NULL OR (c -> 'rehold' ->> 'amount')::numeric <= 0
            OR (c -> 'rehold' ->> 'amount')::numeric > (SELECT h.amount FROM ledger_transfer h
                WHERE h.id = (c ->> 'hold')::uuid))) THEN
        RAISE EXCEPTION USING ERRCODE = 'TGL07', MESSAGE = 'a hold is held again only for less than it held';
    END IF;
    -- The holds as an array first: looked up by id, never by joining the JSON (the planner would guess and scan).
    SELECT array_agg((c ->> 'hold')::uuid) INTO holds FROM jsonb_array_elements(calls) c WHERE c ? 'hold';

    PERFORM 1 FROM ledger_account WHERE id IN (
            SELECT (p ->> 'debit')::uuid FROM jsonb_array_elements(calls) c,
                jsonb_array_elements(coalesce(c -> 'posts', '[]'::jsonb)) p
            UNION SELECT (p ->> 'credit')::uuid FROM jsonb_array_elements(calls) c,
                jsonb_array_elements(coalesce(c -> 'posts', '[]'::jsonb)) p
            UNION SELECT debit_account FROM ledger_transfer WHERE id = ANY (holds)
            UNION SELECT credit_account FROM ledger_transfer WHERE id = ANY (holds))
        ORDER BY id FOR NO KEY UPDATE;

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
            WHERE c ? 'rehold'
            RETURNING id, debit_account, credit_account, amount),
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
        UNION ALL SELECT credit_account, 0, 0, 0, amount FROM posted)
    SELECT array_agg(account ORDER BY account), array_agg(debits_pending ORDER BY account),
            array_agg(debits_posted ORDER BY account), array_agg(credits_pending ORDER BY account),
            array_agg(credits_posted ORDER BY account), (SELECT array_agg(id) FROM reheld)
        INTO accounts, debits_pending_change, debits_posted_change, credits_pending_change, credits_posted_change,
            reheld_ids
        FROM (SELECT account, sum(debits_pending) AS debits_pending, sum(debits_posted) AS debits_posted,
                sum(credits_pending) AS credits_pending, sum(credits_posted) AS credits_posted
            FROM moves GROUP BY account) d;

    -- Each account once for the whole group, by its key.
    FOR i IN 1 .. coalesce(array_length(accounts, 1), 0) LOOP
        UPDATE ledger_account SET debits_pending = debits_pending + debits_pending_change[i],
                debits_posted = debits_posted + debits_posted_change[i],
                credits_pending = credits_pending + credits_pending_change[i],
                credits_posted = credits_posted + credits_posted_change[i]
            WHERE id = accounts[i];
    END LOOP;
    RETURN QUERY SELECT unnest(coalesce(reheld_ids, '{}'));
END
$$;
--rollback DROP FUNCTION ledger_settle(jsonb);
