--liquibase formatted sql

--changeset tollgate:0012-topups
--comment: One row per Stripe Checkout session that buys credits. The row, written before the customer sees the
--comment: payment page, is the truth about what a session buys: the webhook's amounts are only checked against it.
--comment: The ledger's transfers (ids derived from the session id) are the money; the row records the session's
--comment: life: open, then paid (fulfilled) or expired or failed, then perhaps partially_refunded or refunded, or
--comment: refund_outside_window when Stripe refunded after the refund window and the credits were left alone.
--comment: refunded_credits is how much of the credits the refunds took back (the fee is never refunded).
CREATE TABLE topup (
    session_id        text        PRIMARY KEY,
    organization_id   uuid        NOT NULL REFERENCES organization (id),
    credits           numeric(12, 2) NOT NULL CHECK (credits > 0),
    fee               numeric(12, 2) NOT NULL CHECK (fee >= 0),
    status            text        NOT NULL CHECK (status IN ('open', 'paid', 'expired', 'failed', 'partially_refunded',
                                                             'refunded', 'refund_outside_window')),
    payment_intent_id text        UNIQUE,
    refunded_credits  numeric(12, 2) NOT NULL DEFAULT 0 CHECK (refunded_credits >= 0 AND refunded_credits <= credits),
    created_at        timestamptz NOT NULL DEFAULT now(),
    fulfilled_at      timestamptz,
    refunded_at       timestamptz,
    CHECK (status IN ('open', 'expired', 'failed') OR fulfilled_at IS NOT NULL)
);
CREATE INDEX topup_organization ON topup (organization_id, created_at);
--rollback DROP TABLE topup;
