--liquibase formatted sql

--changeset tollgate:0023-ledger-settle splitStatements:false
--comment: The settlements of many calls in one statement and one commit (docs/decisions.md, "Settlements are
--comment: written in groups"). Each element of the array is one call: its hold to release (hold, release) if it has
--comment: one, and its posts (id, debit, credit, amount, code, reference, api_key). A call's transfers are
--comment: derived from its generation id, so what exists already is a retry and is skipped (ON CONFLICT DO NOTHING),
--comment: and a hold already resolved (the sweeper, a racing retry) is not released twice; its posts still go in.
--comment: The accounts are locked first, in id order, as ledger_apply locks them, so the two never deadlock; each
--comment: account is then updated once for the whole group. Posts may overdraw (the answers were delivered), as
--comment: ledger_apply's settlements may.
-- Generic plans: the statements below are the same whatever the group, and planning them anew for every group
-- (what PostgreSQL chooses for a jsonb parameter) cost more than running them.
CREATE FUNCTION ledger_settle(calls jsonb) RETURNS void LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    holds uuid[];
    accounts uuid[];
    debits_pending_change numeric[];
    debits_posted_change numeric[];
    credits_pending_change numeric[];
    credits_posted_change numeric[];
BEGIN
    IF EXISTS (SELECT 1 FROM jsonb_array_elements(calls) c,
            jsonb_to_recordset(coalesce(c -> 'posts', '[]'::jsonb)) AS p(debit uuid, credit uuid, amount numeric)
            WHERE p.amount IS NULL OR p.amount < 0 OR p.debit IS NULL OR p.credit IS NULL OR p.debit = p.credit) THEN
        RAISE EXCEPTION USING ERRCODE = 'TGL07', MESSAGE = 'a transfer moves a positive amount between two accounts';
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
            RETURNING debit_account, credit_account, amount),
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
        UNION ALL SELECT debit_account, 0, amount, 0, 0 FROM posted
        UNION ALL SELECT credit_account, 0, 0, 0, amount FROM posted)
    SELECT array_agg(account ORDER BY account), array_agg(debits_pending ORDER BY account),
            array_agg(debits_posted ORDER BY account), array_agg(credits_pending ORDER BY account),
            array_agg(credits_posted ORDER BY account)
        INTO accounts, debits_pending_change, debits_posted_change, credits_pending_change, credits_posted_change
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
END
$$;
--rollback DROP FUNCTION ledger_settle(jsonb);
