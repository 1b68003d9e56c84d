--liquibase formatted sql

--changeset tollgate:0005-generations
--comment: One row per inference call, written in batches after the answer: who called (org, key), what was asked
--comment: and what answered, tokens, the exact cost at list price and at cost price, timings, attribution and every
--comment: attempt made. Prompts and completions are never stored. Costs are numeric without a scale: exact.
CREATE TABLE generation (
    id                   text        PRIMARY KEY,
    organization_id      uuid        NOT NULL REFERENCES organization (id),
    api_key_id           uuid        NOT NULL REFERENCES api_key (id),
    requested_model      text        NOT NULL,
    model                text,
    provider             text,
    provider_name        text,
    endpoint_id          uuid,
    streamed             boolean     NOT NULL,
    cancelled            boolean     NOT NULL DEFAULT false,
    finish_reason        text,
    native_finish_reason text,
    tokens_prompt        bigint      NOT NULL DEFAULT 0 CHECK (tokens_prompt >= 0),
    tokens_completion    bigint      NOT NULL DEFAULT 0 CHECK (tokens_completion >= 0),
    tokens_reasoning     bigint      NOT NULL DEFAULT 0 CHECK (tokens_reasoning >= 0),
    tokens_cached        bigint      NOT NULL DEFAULT 0 CHECK (tokens_cached >= 0),
    usage_estimated      boolean     NOT NULL DEFAULT false,
    total_cost           numeric     NOT NULL DEFAULT 0 CHECK (total_cost >= 0),
    upstream_cost        numeric     NOT NULL DEFAULT 0 CHECK (upstream_cost >= 0),
    latency_ms           integer,
    generation_time_ms   integer,
    http_referer         text,
    app_title            text,
    attempts             jsonb       NOT NULL DEFAULT '[]',
    created_at           timestamptz NOT NULL
);
CREATE INDEX generation_organization_created ON generation (organization_id, created_at DESC);
CREATE INDEX generation_key_created ON generation (api_key_id, created_at DESC);
--rollback DROP TABLE generation;
