--liquibase formatted sql

--changeset tollgate:0014-ledger-apply splitStatements:false
--comment: The ledger's one door, inside the database: ledger_apply takes a list of transfer requests and applies them
--comment: all or none, as one statement. The accounts are locked in id order, each rule is checked on the locked rows,
--comment: and the rows stay locked only while the function runs, not across a client's round trips (which made every
--comment: call of one organisation, and every call at all on the margin row, queue: bench/RESULTS.md).
--comment: Refusals raise SQLSTATE TGL01 overdraft, TGL02 id reused, TGL03 no such hold, TGL04 hold resolved,
--comment: TGL05 exceeds hold, TGL06 key limit, TGL07 invalid.
--comment: A request is a JSON object: t (post, hold, post_hold, void_hold), id, and for post and hold debit, credit,
--comment: amount, code, reference, api_key, may_overdraw, timeout, cap_key, cap_since, cap_limit; for post_hold and
--comment: void_hold hold, and for post_hold amount.
-- What a key has spent since a moment (posted) plus what its open holds reserve: a hold's cap is checked against it.
CREATE FUNCTION ledger_key_committed(api_key uuid, since timestamptz) RETURNS numeric LANGUAGE sql STABLE AS $$
    SELECT coalesce(sum(t.amount), 0) FROM ledger_transfer t
        WHERE t.api_key_id = api_key
        AND ((t.state = 'posted' AND t.created_at >= since)
            OR (t.state = 'pending' AND NOT EXISTS (SELECT 1 FROM ledger_transfer v WHERE v.pending_id = t.id)));
$$;

CREATE FUNCTION ledger_apply(requests jsonb) RETURNS SETOF ledger_transfer LANGUAGE plpgsql AS $$
DECLARE
    r jsonb;
    kind text;
    locked uuid[];
    holds uuid[];
    existing ledger_transfer;
    held ledger_transfer;
    wanted ledger_transfer;
    debit ledger_account;
    pending_change numeric;
    posted_change numeric;
    committed numeric;
BEGIN
    -- The holds first, by id (a join from the JSON would leave the planner guessing, and scanning every transfer).
    SELECT array_agg((x ->> 'hold')::uuid) INTO holds FROM jsonb_array_elements(requests) x
        WHERE x ->> 't' IN ('post_hold', 'void_hold');
    SELECT array_agg(DISTINCT account ORDER BY account) INTO locked FROM (
        SELECT (x ->> 'debit')::uuid AS account FROM jsonb_array_elements(requests) x
            WHERE x ->> 't' IN ('post', 'hold')
        UNION ALL
        SELECT (x ->> 'credit')::uuid FROM jsonb_array_elements(requests) x WHERE x ->> 't' IN ('post', 'hold')
        UNION ALL
        SELECT debit_account FROM ledger_transfer WHERE id = ANY (holds)
        UNION ALL
        SELECT credit_account FROM ledger_transfer WHERE id = ANY (holds)
    ) involved;
    PERFORM 1 FROM ledger_account WHERE id = ANY (locked) ORDER BY id FOR NO KEY UPDATE;

    FOR r IN SELECT value FROM jsonb_array_elements(requests) LOOP
        kind := r ->> 't';
        wanted := NULL;
        wanted.id := (r ->> 'id')::uuid;
        IF kind IN ('post_hold', 'void_hold') THEN
            SELECT * INTO held FROM ledger_transfer WHERE id = (r ->> 'hold')::uuid;
            IF NOT FOUND OR held.state <> 'pending' THEN
                RAISE EXCEPTION USING ERRCODE = 'TGL03', MESSAGE = 'no hold ' || (r ->> 'hold');
            END IF;
            wanted.debit_account := held.debit_account;
            wanted.credit_account := held.credit_account;
            wanted.amount := CASE WHEN kind = 'post_hold' THEN (r ->> 'amount')::numeric ELSE held.amount END;
            wanted.code := held.code;
            wanted.reference := held.reference;
            wanted.state := CASE WHEN kind = 'post_hold' THEN 'posted' ELSE 'voided' END;
            wanted.pending_id := held.id;
        ELSIF kind IN ('post', 'hold') THEN
            wanted.debit_account := (r ->> 'debit')::uuid;
            wanted.credit_account := (r ->> 'credit')::uuid;
            wanted.amount := (r ->> 'amount')::numeric;
            wanted.code := r ->> 'code';
            wanted.reference := r ->> 'reference';
            wanted.state := CASE WHEN kind = 'hold' THEN 'pending' ELSE 'posted' END;
            wanted.timeout_at := (r ->> 'timeout')::timestamptz;
            wanted.api_key_id := (r ->> 'api_key')::uuid;
        ELSE
            RAISE EXCEPTION USING ERRCODE = 'TGL07', MESSAGE = 'no such request: ' || coalesce(kind, 'null');
        END IF;

        -- A request whose id exists is a retry: the same movement returns what was made, another is refused.
        SELECT * INTO existing FROM ledger_transfer WHERE id = wanted.id;
        IF FOUND THEN
            IF existing.debit_account <> wanted.debit_account OR existing.credit_account <> wanted.credit_account
                    OR existing.amount <> wanted.amount OR existing.code <> wanted.code
                    OR existing.reference IS DISTINCT FROM wanted.reference OR existing.state <> wanted.state
                    OR existing.pending_id IS DISTINCT FROM wanted.pending_id THEN
                RAISE EXCEPTION USING ERRCODE = 'TGL02',
                    MESSAGE = 'transfer ' || wanted.id || ' exists and moved something else';
            END IF;
            RETURN NEXT existing;
            CONTINUE;
        END IF;

        IF wanted.amount IS NULL OR wanted.amount < 0 OR wanted.debit_account = wanted.credit_account THEN
            RAISE EXCEPTION USING ERRCODE = 'TGL07',
                MESSAGE = 'a transfer moves a positive amount between two accounts';
        END IF;
        pending_change := 0;
        posted_change := 0;
        IF kind = 'post' THEN
            posted_change := wanted.amount;
        ELSIF kind = 'hold' THEN
            pending_change := wanted.amount;
        ELSE
            IF EXISTS (SELECT 1 FROM ledger_transfer WHERE pending_id = held.id) THEN
                RAISE EXCEPTION USING ERRCODE = 'TGL04', MESSAGE = 'hold ' || held.id || ' was already posted or voided';
            END IF;
            IF kind = 'post_hold' AND wanted.amount > held.amount THEN
                RAISE EXCEPTION USING ERRCODE = 'TGL05',
                    MESSAGE = 'cannot post ' || wanted.amount || ' of a hold of ' || held.amount;
            END IF;
            pending_change := -held.amount;
            IF kind = 'post_hold' THEN
                posted_change := wanted.amount;
            END IF;
        END IF;

        SELECT * INTO debit FROM ledger_account WHERE id = wanted.debit_account;
        IF NOT FOUND OR NOT EXISTS (SELECT 1 FROM ledger_account WHERE id = wanted.credit_account) THEN
            RAISE EXCEPTION USING ERRCODE = 'TGL07', MESSAGE = 'no such account';
        END IF;
        IF debit.debits_must_not_exceed_credits AND NOT coalesce((r ->> 'may_overdraw')::boolean, false)
                AND (pending_change > 0 OR posted_change > 0)
                AND debit.credits_posted - debit.debits_posted - debit.debits_pending
                    - pending_change - posted_change < 0 THEN
            RAISE EXCEPTION USING ERRCODE = 'TGL01', MESSAGE = 'the account has '
                || greatest(debit.credits_posted - debit.debits_posted - debit.debits_pending, 0) || ' left, '
                || (pending_change + posted_change) || ' asked';
        END IF;
        IF kind = 'hold' AND r ->> 'cap_limit' IS NOT NULL THEN
            -- Checked after the debit account is locked: every transfer of a key debits its organisation's credits.
            committed := ledger_key_committed((r ->> 'cap_key')::uuid, (r ->> 'cap_since')::timestamptz);
            IF committed + wanted.amount > (r ->> 'cap_limit')::numeric THEN
                RAISE EXCEPTION USING ERRCODE = 'TGL06', MESSAGE = 'the key has '
                    || greatest((r ->> 'cap_limit')::numeric - committed, 0) || ' left of its limit, '
                    || wanted.amount || ' asked';
            END IF;
        END IF;

        UPDATE ledger_account SET debits_pending = debits_pending + pending_change,
                debits_posted = debits_posted + posted_change
            WHERE id = wanted.debit_account;
        UPDATE ledger_account SET credits_pending = credits_pending + pending_change,
                credits_posted = credits_posted + posted_change
            WHERE id = wanted.credit_account;
        INSERT INTO ledger_transfer (id, debit_account, credit_account, amount, code, reference, state, pending_id,
                timeout_at, api_key_id)
            VALUES (wanted.id, wanted.debit_account, wanted.credit_account, wanted.amount, wanted.code,
                wanted.reference, wanted.state, wanted.pending_id, wanted.timeout_at, wanted.api_key_id)
            RETURNING * INTO wanted;
        RETURN NEXT wanted;
    END LOOP;
END
$$;
--rollback DROP FUNCTION ledger_apply(jsonb); DROP FUNCTION ledger_key_committed(uuid, timestamptz);
