--liquibase formatted sql

--changeset tollgate:0015-identity
--comment: People and their organisations. An account signs in either with a built-in password (PBKDF2, never the
--comment: password itself) or through the OpenID Connect provider, by its subject there. Every account has one
--comment: personal organisation; shared organisations have members with a role. One owner per organisation, made
--comment: sure of by a partial unique index. Invitations are links whose token is kept only as its SHA-256.
CREATE TABLE account (
    id               uuid        PRIMARY KEY,
    email            text        NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
    name             text        NOT NULL DEFAULT '' CHECK (length(name) <= 200),
    password_hash    text,
    oidc_subject     text        UNIQUE,
    operator         boolean     NOT NULL DEFAULT false,
    failed_sign_ins  integer     NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),
    locked_until     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    last_sign_in_at  timestamptz,
    CHECK (password_hash IS NOT NULL OR oidc_subject IS NOT NULL)
);
CREATE UNIQUE INDEX account_email ON account (email);

ALTER TABLE organization ADD COLUMN personal boolean NOT NULL DEFAULT false;

CREATE TABLE membership (
    organization_id uuid        NOT NULL REFERENCES organization (id),
    account_id      uuid        NOT NULL REFERENCES account (id),
    role            text        NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, account_id)
);
CREATE UNIQUE INDEX membership_one_owner ON membership (organization_id) WHERE role = 'owner';
CREATE INDEX membership_account ON membership (account_id);

CREATE TABLE invitation (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organization (id),
    token_hash      text        NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    role            text        NOT NULL CHECK (role IN ('admin', 'member')),
    invited_by      uuid        NOT NULL REFERENCES account (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    accepted_by     uuid        REFERENCES account (id),
    accepted_at     timestamptz,
    revoked_at      timestamptz
);
CREATE INDEX invitation_organization ON invitation (organization_id, created_at);

-- Who made a key: members see only their own keys, owners and admins all of the organisation's.
ALTER TABLE api_key ADD COLUMN created_by uuid REFERENCES account (id);
--rollback ALTER TABLE api_key DROP COLUMN created_by; DROP TABLE invitation; DROP TABLE membership;
--rollback ALTER TABLE organization DROP COLUMN personal; DROP TABLE account;
