--liquibase formatted sql

--changeset tollgate:0011-ledger-settlement
--comment: Settling a call may take an organisation's credits below zero by what the answer cost beyond its hold (the
--comment: service was delivered; docs/decisions.md, "Settlement"), and a refund reverses credits that may have been
--comment: spent: the overdraft rule moves to the ledger's code, which applies it to holds and ordinary posts only.
--comment: Each call's transfers carry the API key that made them (TigerBeetle's user_data), so a key's spend and its
--comment: open holds are summed from the ledger itself.
ALTER TABLE ledger_account DROP CONSTRAINT ledger_account_check;
ALTER TABLE ledger_transfer ADD COLUMN api_key_id uuid;
CREATE INDEX ledger_transfer_api_key ON ledger_transfer (api_key_id, created_at) WHERE api_key_id IS NOT NULL;
--rollback DROP INDEX ledger_transfer_api_key; ALTER TABLE ledger_transfer DROP COLUMN api_key_id; ALTER TABLE ledger_account ADD CHECK (NOT debits_must_not_exceed_credits OR debits_pending + debits_posted <= credits_posted);
