--liquibase formatted sql

--changeset tollgate:0002-catalog
--comment: The provider catalog's system of record. Prices are exact decimals in USD per token (numeric, never
--comment: floating point); margins are fractions (0.05 = 5 %) resolved endpoint, then provider, then platform.
CREATE TABLE platform_pricing (
    default_margin numeric(9, 6) NOT NULL CHECK (default_margin >= 0 AND default_margin <= 10),
    only_row       boolean       NOT NULL DEFAULT true UNIQUE CHECK (only_row)
);
INSERT INTO platform_pricing (default_margin) VALUES (0.05);

CREATE TABLE provider (
    id                 uuid        PRIMARY KEY,
    slug               text        NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    name               text        NOT NULL,
    protocol           text        NOT NULL CHECK (protocol IN ('openai', 'anthropic', 'gemini', 'simulator')),
    base_url           text        NOT NULL,
    api_key_ciphertext bytea,
    trains_on_prompts  boolean     NOT NULL DEFAULT false,
    retains_prompts    boolean     NOT NULL DEFAULT false,
    margin             numeric(9, 6) CHECK (margin >= 0 AND margin <= 10),
    enabled            boolean     NOT NULL DEFAULT true,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE model (
    id                text        PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*(:free)?$'),
    name              text        NOT NULL,
    description       text        NOT NULL DEFAULT '',
    context_length    integer     NOT NULL CHECK (context_length > 0),
    input_modalities  text[]      NOT NULL DEFAULT '{text}',
    output_modalities text[]      NOT NULL DEFAULT '{text}',
    enabled           boolean     NOT NULL DEFAULT true,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE endpoint (
    id                    uuid           PRIMARY KEY,
    model_id              text           NOT NULL REFERENCES model (id) ON UPDATE CASCADE,
    provider_id           uuid           NOT NULL REFERENCES provider (id),
    upstream_model        text           NOT NULL,
    prompt_cost           numeric(30, 18) NOT NULL CHECK (prompt_cost >= 0),
    completion_cost       numeric(30, 18) NOT NULL CHECK (completion_cost >= 0),
    request_cost          numeric(30, 18) CHECK (request_cost >= 0),
    image_cost            numeric(30, 18) CHECK (image_cost >= 0),
    margin                numeric(9, 6)  CHECK (margin >= 0 AND margin <= 10),
    context_length        integer        CHECK (context_length > 0),
    max_completion_tokens integer        CHECK (max_completion_tokens > 0),
    supported_parameters  text[]         NOT NULL DEFAULT '{}',
    quantization          text,
    enabled               boolean        NOT NULL DEFAULT true,
    created_at            timestamptz    NOT NULL DEFAULT now(),
    updated_at            timestamptz    NOT NULL DEFAULT now(),
    UNIQUE (model_id, provider_id)
);
CREATE INDEX endpoint_provider ON endpoint (provider_id);
--rollback DROP TABLE endpoint; DROP TABLE model; DROP TABLE provider; DROP TABLE platform_pricing;
