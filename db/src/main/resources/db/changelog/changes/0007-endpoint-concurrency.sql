--liquibase formatted sql

--changeset tollgate:0007-endpoint-concurrency
--comment: The most calls one replica sends to an endpoint at once, for providers that refuse or queue beyond a
--comment: contracted concurrency; NULL means no limit.
ALTER TABLE endpoint ADD COLUMN max_concurrency integer CHECK (max_concurrency > 0);
--rollback ALTER TABLE endpoint DROP COLUMN max_concurrency;
