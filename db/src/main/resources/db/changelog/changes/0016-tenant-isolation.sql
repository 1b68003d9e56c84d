--liquibase formatted sql

--changeset tollgate:0016-tenant-isolation splitStatements:false
--comment: Row-level security behind every tenant query. The application works as the role tollgate_app, which is
--comment: neither a superuser nor the tables' owner and has no BYPASSRLS, so these policies always apply to it. The
--comment: scope comes from two settings the application sets on each connection it takes from the pool:
--comment: tollgate.scope = 'platform' (the gateway's own work: key lookup, settlement, the operator) sees every row;
--comment: 'tenant' sees only rows of tollgate.organization; anything else, or nothing set, sees no tenant row.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tollgate_app') THEN
        BEGIN
            CREATE ROLE tollgate_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- another database of this cluster created it at the same moment
        END;
    END IF;
    -- The migrating user switches to the role for each pooled connection; a superuser may anyway.
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('GRANT tollgate_app TO %I', current_user);
    END IF;
END
$$;

CREATE FUNCTION tenant_scope_sees(organization uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT coalesce(current_setting('tollgate.scope', true), '') = 'platform'
        OR (coalesce(current_setting('tollgate.scope', true), '') = 'tenant'
            AND organization = nullif(current_setting('tollgate.organization', true), '')::uuid)
$$;

ALTER TABLE organization ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON organization USING (tenant_scope_sees(id));
ALTER TABLE membership ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON membership USING (tenant_scope_sees(organization_id));
ALTER TABLE invitation ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON invitation USING (tenant_scope_sees(organization_id));
ALTER TABLE api_key ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_key USING (tenant_scope_sees(organization_id));
ALTER TABLE generation ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON generation USING (tenant_scope_sees(organization_id));
ALTER TABLE topup ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON topup USING (tenant_scope_sees(organization_id));
ALTER TABLE free_quota_window ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON free_quota_window USING (tenant_scope_sees(organization_id));
-- An organisation's credit account is its own; the platform's accounts (payables, revenue, clearing) no tenant's.
ALTER TABLE ledger_account ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ledger_account USING (
    coalesce(current_setting('tollgate.scope', true), '') = 'platform'
    -- CASE, not AND: only an org_credits account's owner is a uuid, and AND may evaluate either side first.
    OR CASE WHEN kind = 'org_credits' THEN tenant_scope_sees(owner::uuid) ELSE false END);
--rollback DROP POLICY tenant_isolation ON ledger_account; ALTER TABLE ledger_account DISABLE ROW LEVEL SECURITY;
--rollback DROP POLICY tenant_isolation ON free_quota_window; ALTER TABLE free_quota_window DISABLE ROW LEVEL SECURITY;
--rollback DROP POLICY tenant_isolation ON topup; ALTER TABLE topup DISABLE ROW LEVEL SECURITY;
--rollback DROP POLICY tenant_isolation ON generation; ALTER TABLE generation DISABLE ROW LEVEL SECURITY;
--rollback DROP POLICY tenant_isolation ON api_key; ALTER TABLE api_key DISABLE ROW LEVEL SECURITY;
--rollback DROP POLICY tenant_isolation ON invitation; ALTER TABLE invitation DISABLE ROW LEVEL SECURITY;
--rollback DROP POLICY tenant_isolation ON membership; ALTER TABLE membership DISABLE ROW LEVEL SECURITY;
--rollback DROP POLICY tenant_isolation ON organization; ALTER TABLE organization DISABLE ROW LEVEL SECURITY;
--rollback DROP FUNCTION tenant_scope_sees(uuid);
