--liquibase formatted sql

--changeset tollgate:0026-audit-log splitStatements:false
--comment: The audit log of operator and owner actions: who (the actor as the application knew it: the operator
--comment: token, an operator's or a member's account, a management key), what (action and target), when, for which
--comment: organisation, and the values before and after. Append-only, whatever the code above it does: the application's
--comment: role may only insert and read (9999-audit-log-grants takes the rest back after 9999-application-grants gives
--comment: it), and triggers refuse UPDATE, DELETE and TRUNCATE to everyone, the tables' owner included. Rows are read by
--comment: the platform's scope only (operators); a tenant's scope may add rows of its own organisation and read none.
CREATE TABLE audit_entry (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at               timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor_kind       text        NOT NULL CHECK (actor_kind IN ('operator_token', 'operator', 'account',
                                                                'management_key', 'system')),
    actor_id         text        CHECK (length(actor_id) <= 100),
    actor_label      text        NOT NULL DEFAULT '' CHECK (length(actor_label) <= 300),
    -- No foreign keys: an entry outlives whatever it names.
    organization_id  uuid,
    action           text        NOT NULL CHECK (action ~ '^[a-z_]+\.[a-z_]+$'),
    target           text        NOT NULL CHECK (length(target) <= 300),
    before           jsonb,
    after            jsonb
);
CREATE INDEX audit_entry_newest ON audit_entry (id DESC);
CREATE INDEX audit_entry_organization ON audit_entry (organization_id, id DESC);

CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP USING ERRCODE = 'TGA01';
END
$$;
CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only();

ALTER TABLE audit_entry ENABLE ROW LEVEL SECURITY;
CREATE POLICY operators_read ON audit_entry FOR SELECT
    USING (coalesce(current_setting('tollgate.scope', true), '') = 'platform');
CREATE POLICY actors_append ON audit_entry FOR INSERT
    WITH CHECK (CASE WHEN organization_id IS NULL
                     THEN coalesce(current_setting('tollgate.scope', true), '') = 'platform'
                     ELSE tenant_scope_sees(organization_id) END);
--rollback DROP TABLE audit_entry; DROP FUNCTION audit_entry_append_only();
