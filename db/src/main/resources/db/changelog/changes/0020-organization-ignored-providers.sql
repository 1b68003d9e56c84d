--liquibase formatted sql

--changeset tollgate:0020-organization-ignored-providers
--comment: An organisation's default provider preferences: providers (catalog slugs) none of its calls may go to,
--comment: added to each request's own provider.ignore. The table's row-level security (0016) covers the column.
ALTER TABLE organization ADD COLUMN ignored_providers text[] NOT NULL DEFAULT '{}';
--rollback ALTER TABLE organization DROP COLUMN ignored_providers;
