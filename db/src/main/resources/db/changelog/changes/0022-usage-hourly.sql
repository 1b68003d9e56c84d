--liquibase formatted sql

--changeset tollgate:0022-usage-hourly splitStatements:false
--comment: Generations summed per UTC hour, organisation, model, app and title, so that the dashboard's month and the
--comment: rankings' boards read a few hundred rows instead of every call (bench/RESULTS.md: a month of 250,000 calls
--comment: took 0.9 s to sum from the generation table). A statement trigger on generation keeps it: the rows a
--comment: statement really inserted (ON CONFLICT DO NOTHING leaves a retried batch's rows out) are summed in the same
--comment: transaction, so the rollup and the generations never disagree. Absent referer or title is '' (a unique key
--comment: over NULLs would not merge them); model is what the portal shows (the answering model, else the requested
--comment: one) and answered says whether a model answered (rankings count only those).
CREATE TABLE usage_hourly (
    hour timestamptz NOT NULL,
    organization_id uuid NOT NULL REFERENCES organization (id),
    model text NOT NULL,
    answered boolean NOT NULL,
    http_referer text NOT NULL,
    app_title text NOT NULL,
    requests bigint NOT NULL,
    tokens_prompt bigint NOT NULL,
    tokens_completion bigint NOT NULL,
    total_cost numeric NOT NULL,
    last_at timestamptz NOT NULL,
    PRIMARY KEY (organization_id, hour, model, answered, http_referer, app_title)
);
CREATE INDEX usage_hourly_hour ON usage_hourly (hour) WHERE answered;
CREATE INDEX usage_hourly_app ON usage_hourly (http_referer, hour) WHERE answered AND http_referer <> '';
ALTER TABLE usage_hourly ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON usage_hourly USING (tenant_scope_sees(organization_id));

CREATE FUNCTION usage_hourly_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO usage_hourly AS u (hour, organization_id, model, answered, http_referer, app_title, requests,
            tokens_prompt, tokens_completion, total_cost, last_at)
        SELECT date_trunc('hour', g.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', g.organization_id,
                coalesce(g.model, g.requested_model), g.model IS NOT NULL, coalesce(g.http_referer, ''),
                coalesce(g.app_title, ''), count(*), sum(g.tokens_prompt), sum(g.tokens_completion),
                sum(g.total_cost), max(g.created_at)
            FROM inserted g
            GROUP BY 1, 2, 3, 4, 5, 6
            -- In key order, so that two writers summing into the same rows lock them in the same order.
            ORDER BY 2, 1, 3, 4, 5, 6
        ON CONFLICT (organization_id, hour, model, answered, http_referer, app_title) DO UPDATE SET
            requests = u.requests + excluded.requests,
            tokens_prompt = u.tokens_prompt + excluded.tokens_prompt,
            tokens_completion = u.tokens_completion + excluded.tokens_completion,
            total_cost = u.total_cost + excluded.total_cost,
            last_at = greatest(u.last_at, excluded.last_at);
    RETURN NULL;
END
$$;
CREATE TRIGGER generation_usage_hourly AFTER INSERT ON generation REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION usage_hourly_add();

-- What was recorded before this change.
INSERT INTO usage_hourly (hour, organization_id, model, answered, http_referer, app_title, requests, tokens_prompt,
        tokens_completion, total_cost, last_at)
    SELECT date_trunc('hour', g.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', g.organization_id,
            coalesce(g.model, g.requested_model), g.model IS NOT NULL, coalesce(g.http_referer, ''),
            coalesce(g.app_title, ''), count(*), sum(g.tokens_prompt), sum(g.tokens_completion), sum(g.total_cost),
            max(g.created_at)
        FROM generation g
        GROUP BY 1, 2, 3, 4, 5, 6;

-- The boards read the rollup now; these served only them, and each cost every generation insert an index entry.
DROP INDEX generation_rankings_apps;
DROP INDEX generation_rankings_models;
--rollback CREATE INDEX generation_rankings_models ON generation (created_at) INCLUDE (organization_id, model, tokens_prompt, tokens_completion) WHERE model IS NOT NULL;
--rollback CREATE INDEX generation_rankings_apps ON generation (created_at) INCLUDE (organization_id, http_referer, model, tokens_prompt, tokens_completion) WHERE http_referer IS NOT NULL AND model IS NOT NULL;
--rollback DROP TRIGGER generation_usage_hourly ON generation; DROP FUNCTION usage_hourly_add(); DROP TABLE usage_hourly;
