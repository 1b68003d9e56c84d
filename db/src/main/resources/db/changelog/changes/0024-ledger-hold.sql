--liquibase formatted sql

--changeset tollgate:0024-ledger-hold splitStatements:false
--comment: The holds of many calls in one statement and one commit (docs/decisions.md, "Holds are written in groups
--comment: too"), each with ledger_apply's rules, in the order given: a hold is refused when its debit account has not
--comment: the amount left after the holds before it in the group (TGL01), or when its key's committed spend plus it
--comment: would pass its cap (TGL06); a hold whose id exists is a retry (the same hold: accepted again, nothing
--comment: written) or refused (TGL02). A refusal refuses only its own hold. Accounts are locked in id order first, as
--comment: ledger_apply and ledger_settle lock them; the accepted holds are inserted together and each account is
--comment: updated once. Returns one row per refused hold: its position (from 1), SQLSTATE and message.
-- Generic plans, as ledger_settle: the statements are the same whatever the group.
CREATE FUNCTION ledger_hold(holds jsonb) RETURNS TABLE (refused_position integer, refusal text, message text)
    LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    h record;
    existing ledger_transfer;
    left_over numeric;
    spent jsonb := '{}';   -- per debit account: what the group's accepted holds reserve so far
    capped jsonb := '{}';  -- per capped key: the same
    committed numeric;
    ids uuid[] := '{}';
    positions integer[] := '{}';
BEGIN
    PERFORM 1 FROM ledger_account WHERE id IN (
            SELECT (x ->> 'debit')::uuid FROM jsonb_array_elements(holds) x
            UNION SELECT (x ->> 'credit')::uuid FROM jsonb_array_elements(holds) x)
        ORDER BY id FOR NO KEY UPDATE;

    FOR h IN SELECT x.*, e.position::integer AS position
            FROM jsonb_array_elements(holds) WITH ORDINALITY AS e(value, position),
                jsonb_to_record(e.value) AS x(id uuid, debit uuid, credit uuid, amount numeric, code text,
                    reference text, timeout timestamptz, api_key uuid, cap_key uuid, cap_since timestamptz,
                    cap_limit numeric)
    LOOP
        IF h.id = ANY (ids) THEN
            CONTINUE; -- the same hold twice in one group: the first one stands
        END IF;
        SELECT * INTO existing FROM ledger_transfer WHERE id = h.id;
        IF FOUND THEN
            IF existing.debit_account <> h.debit OR existing.credit_account <> h.credit OR existing.amount <> h.amount
                    OR existing.code <> h.code OR existing.reference IS DISTINCT FROM h.reference
                    OR existing.state <> 'pending' THEN
                refused_position := h.position;
                refusal := 'TGL02';
                message := 'transfer ' || h.id || ' exists and moved something else';
                RETURN NEXT;
            END IF;
            CONTINUE;
        END IF;
        IF h.amount IS NULL OR h.amount < 0 OR h.debit IS NULL OR h.credit IS NULL OR h.debit = h.credit
                OR NOT EXISTS (SELECT 1 FROM ledger_account WHERE id = h.debit)
                OR NOT EXISTS (SELECT 1 FROM ledger_account WHERE id = h.credit) THEN
            refused_position := h.position;
            refusal := 'TGL07';
            message := 'a hold reserves a positive amount between two accounts';
            RETURN NEXT;
            CONTINUE;
        END IF;
        SELECT a.credits_posted - a.debits_posted - a.debits_pending
                - coalesce((spent ->> h.debit::text)::numeric, 0)
            INTO left_over FROM ledger_account a WHERE a.id = h.debit AND a.debits_must_not_exceed_credits;
        IF FOUND AND left_over - h.amount < 0 THEN
            refused_position := h.position;
            refusal := 'TGL01';
            message := 'the account has ' || greatest(left_over, 0) || ' left, ' || h.amount || ' asked';
            RETURN NEXT;
            CONTINUE;
        END IF;
        IF h.cap_limit IS NOT NULL THEN
            committed := ledger_key_committed(h.cap_key, h.cap_since)
                + coalesce((capped ->> h.cap_key::text)::numeric, 0);
            IF committed + h.amount > h.cap_limit THEN
                refused_position := h.position;
                refusal := 'TGL06';
                message := 'the key has ' || greatest(h.cap_limit - committed, 0) || ' left of its limit, '
                    || h.amount || ' asked';
                RETURN NEXT;
                CONTINUE;
            END IF;
            capped := capped || jsonb_build_object(h.cap_key::text,
                coalesce((capped ->> h.cap_key::text)::numeric, 0) + h.amount);
        END IF;
        spent := spent || jsonb_build_object(h.debit::text, coalesce((spent ->> h.debit::text)::numeric, 0) + h.amount);
        ids := ids || h.id;
        positions := positions || h.position;
    END LOOP;

    INSERT INTO ledger_transfer (id, debit_account, credit_account, amount, code, reference, state, timeout_at,
            api_key_id)
        SELECT x.id, x.debit, x.credit, x.amount, x.code, x.reference, 'pending', x.timeout, x.api_key
        FROM jsonb_array_elements(holds) WITH ORDINALITY AS e(value, position),
            jsonb_to_record(e.value) AS x(id uuid, debit uuid, credit uuid, amount numeric, code text,
                reference text, timeout timestamptz, api_key uuid)
        WHERE e.position::integer = ANY (positions);
    -- Each account once: the debits' pending sums, then the credits'.
    UPDATE ledger_account a SET debits_pending = a.debits_pending + s.amount
        FROM (SELECT key::uuid AS account, value::text::numeric AS amount FROM jsonb_each(spent)) s
        WHERE a.id = s.account;
    UPDATE ledger_account a SET credits_pending = a.credits_pending + s.amount
        FROM (SELECT (e.value ->> 'credit')::uuid AS account, sum((e.value ->> 'amount')::numeric) AS amount
            FROM jsonb_array_elements(holds) WITH ORDINALITY AS e(value, position)
            WHERE e.position::integer = ANY (positions) GROUP BY 1) s
        WHERE a.id = s.account;
END
$$;
--rollback DROP FUNCTION ledger_hold(jsonb);
