--liquibase formatted sql

--changeset tollgate:0019-rankings
--comment: The public rankings read every organisation's generations of a period as aggregates. Two indexes keep
--comment: those reads index-only and off the table, both by time, so a period reads only its own stretch: one for
--comment: the models board and the daily chart, one for the calls that named their app (HTTP-Referer), for the apps
--comment: board and each app's page.
--comment: organization_id is included because row-level security checks it on every row. The app's title is left
--comment: out on purpose: two 500-character headers of wide characters could pass the index row limit and refuse
--comment: the generation batch they came in; the title is read from the table for the few apps shown.
CREATE INDEX generation_rankings_models ON generation (created_at)
    INCLUDE (organization_id, model, tokens_prompt, tokens_completion)
    WHERE model IS NOT NULL;
CREATE INDEX generation_rankings_apps ON generation (created_at)
    INCLUDE (organization_id, http_referer, model, tokens_prompt, tokens_completion)
    WHERE http_referer IS NOT NULL AND model IS NOT NULL;
--rollback DROP INDEX generation_rankings_apps; DROP INDEX generation_rankings_models;
