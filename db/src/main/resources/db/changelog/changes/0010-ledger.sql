--liquibase formatted sql

--changeset tollgate:0010-ledger
--comment: The double-entry ledger, in TigerBeetle's vocabulary. Accounts keep four running sums (pending and posted,
--comment: debits and credits); transfers are immutable and their id is the idempotency key. A pending transfer (a
--comment: hold) is resolved exactly once, by a later transfer that posts or voids it (pending_id is unique).
--comment: Amounts are numeric without a scale: exact, whatever the token prices' decimals.
CREATE TABLE ledger_account (
    id                          uuid PRIMARY KEY,
    kind                        text NOT NULL CHECK (kind IN ('org_credits', 'provider_payable', 'margin_revenue',
                                                              'fee_revenue', 'payments_clearing', 'grants')),
    owner                       text NOT NULL,
    debits_must_not_exceed_credits boolean NOT NULL,
    debits_pending              numeric NOT NULL DEFAULT 0 CHECK (debits_pending >= 0),
    debits_posted               numeric NOT NULL DEFAULT 0 CHECK (debits_posted >= 0),
    credits_pending             numeric NOT NULL DEFAULT 0 CHECK (credits_pending >= 0),
    credits_posted              numeric NOT NULL DEFAULT 0 CHECK (credits_posted >= 0),
    created_at                  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (kind, owner),
    -- The database itself refuses an overdraft, whatever the code above it does.
    CHECK (NOT debits_must_not_exceed_credits OR debits_pending + debits_posted <= credits_posted)
);

CREATE TABLE ledger_transfer (
    id              uuid PRIMARY KEY,
    debit_account   uuid NOT NULL REFERENCES ledger_account (id),
    credit_account  uuid NOT NULL REFERENCES ledger_account (id),
    amount          numeric NOT NULL CHECK (amount >= 0),
    code            text NOT NULL,
    reference       text,
    state           text NOT NULL CHECK (state IN ('pending', 'posted', 'voided')),
    pending_id      uuid UNIQUE REFERENCES ledger_transfer (id),
    timeout_at      timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (debit_account <> credit_account),
    CHECK (state = 'pending' OR timeout_at IS NULL)
);
CREATE INDEX ledger_transfer_debit ON ledger_transfer (debit_account, created_at);
CREATE INDEX ledger_transfer_credit ON ledger_transfer (credit_account, created_at);
CREATE INDEX ledger_transfer_holds ON ledger_transfer (timeout_at) WHERE state = 'pending';
--rollback DROP TABLE ledger_transfer; DROP TABLE ledger_account;
