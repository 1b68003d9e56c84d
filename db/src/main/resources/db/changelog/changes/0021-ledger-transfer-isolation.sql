--liquibase formatted sql

--changeset tollgate:0021-ledger-transfer-isolation
--comment: Transfers carry no organisation column; a tenant sees a transfer when it sees one of its two accounts, which
--comment: ledger_account's own policy decides (the subquery runs under that policy). The platform's scope is tested
--comment: first and alone, so settlement on the hot path never runs the subquery.
ALTER TABLE ledger_transfer ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ledger_transfer USING (
    coalesce(current_setting('tollgate.scope', true), '') = 'platform'
    OR EXISTS (SELECT 1 FROM ledger_account a WHERE a.id = debit_account OR a.id = credit_account));
--rollback DROP POLICY tenant_isolation ON ledger_transfer; ALTER TABLE ledger_transfer DISABLE ROW LEVEL SECURITY;
