--liquibase formatted sql

--changeset tollgate:9999-audit-log-grants runAlways:true
--comment: Runs after 9999-application-grants, every time, because that one gives the application's role every row
--comment: right on every table: the audit log (0026) is append-only, so the role keeps INSERT and SELECT there only.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry FROM tollgate_app;
