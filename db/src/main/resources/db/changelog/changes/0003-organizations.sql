--liquibase formatted sql

--changeset tollgate:0003-organizations
--comment: Organisations own credits, keys and usage. Keys are stored only as the SHA-256 of the whole key (hex,
--comment: OpenRouter's "hash"), with a masked label for display; the key itself is shown once, at creation.
CREATE TABLE organization (
    id         uuid        PRIMARY KEY,
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_key (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organization (id),
    hash            text        NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$'),
    label           text        NOT NULL,
    name            text        NOT NULL,
    management      boolean     NOT NULL,
    disabled        boolean     NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_key_organization ON api_key (organization_id);
--rollback DROP TABLE api_key; DROP TABLE organization;
