--liquibase formatted sql

--changeset tollgate:0004-key-limits
--comment: OpenRouter's per-key settings: a spending limit in USD (exact), reset daily, weekly or monthly at midnight
--comment: UTC or never, an expiry, and deletion that keeps the row for the history that refers to it.
ALTER TABLE api_key
    ADD COLUMN limit_usd             numeric(20, 8) CHECK (limit_usd >= 0),
    ADD COLUMN limit_reset           text CHECK (limit_reset IN ('daily', 'weekly', 'monthly')),
    ADD COLUMN include_byok_in_limit boolean NOT NULL DEFAULT false,
    ADD COLUMN expires_at            timestamptz,
    ADD COLUMN deleted_at            timestamptz;
--rollback ALTER TABLE api_key DROP COLUMN limit_usd, DROP COLUMN limit_reset, DROP COLUMN include_byok_in_limit, DROP COLUMN expires_at, DROP COLUMN deleted_at;
