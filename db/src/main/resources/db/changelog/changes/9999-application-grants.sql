--liquibase formatted sql

--changeset tollgate:9999-application-grants runAlways:true
--comment: Runs after every migration, so that a table added by any later changeset is open to the application's
--comment: role at once: rows, not schema. Liquibase's own tables stay the migrating user's.
GRANT USAGE ON SCHEMA public TO tollgate_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO tollgate_app;
REVOKE ALL ON databasechangelog, databasechangeloglock FROM tollgate_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO tollgate_app;
