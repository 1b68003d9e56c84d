--liquibase formatted sql

--changeset tollgate:0001-installation
--comment: One row naming this installation. Its id is made once, when the schema is first created, so it tells
--comment: whether a database is the same one across restarts, replicas and upgrades.
CREATE TABLE installation (
    id           uuid        PRIMARY KEY,
    installed_at timestamptz NOT NULL DEFAULT now(),
    only_row     boolean     NOT NULL DEFAULT true UNIQUE CHECK (only_row)
);
INSERT INTO installation (id) VALUES (gen_random_uuid());
--rollback DROP TABLE installation;
