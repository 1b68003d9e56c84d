--liquibase formatted sql

--changeset tollgate:0018-generation-activity
--comment: The portal's Activity page reads an organisation's generations newest first, a page at a time from the last
--comment: row shown (keyset on created_at, id), optionally narrowed to one model, provider or app. Each index below
--comment: serves one of those filters in that order, so a page costs a few index entries however long the history;
--comment: the same indexes let the filter lists skip from one distinct value to the next. A key's own index
--comment: (generation_key_created) serves the key filter. The newest-first index gains id so that rows of the same
--comment: instant have one order and no page repeats or skips one.
DROP INDEX generation_organization_created;
CREATE INDEX generation_organization_created ON generation (organization_id, created_at DESC, id DESC);
CREATE INDEX generation_organization_model ON generation (organization_id, model, created_at DESC, id DESC);
CREATE INDEX generation_organization_provider ON generation (organization_id, provider, created_at DESC, id DESC);
-- The app a call came from, as the portal names it: its HTTP-Referer, else its title. A stored column, not an index on
-- the expression: under row-level security PostgreSQL does not match a COALESCE to an expression index.
ALTER TABLE generation ADD COLUMN app text GENERATED ALWAYS AS (coalesce(http_referer, app_title)) STORED;
CREATE INDEX generation_organization_app ON generation (organization_id, app, created_at DESC, id DESC);
--rollback DROP INDEX generation_organization_app; ALTER TABLE generation DROP COLUMN app;
--rollback DROP INDEX generation_organization_provider;
--rollback DROP INDEX generation_organization_model; DROP INDEX generation_organization_created;
--rollback CREATE INDEX generation_organization_created ON generation (organization_id, created_at DESC);
