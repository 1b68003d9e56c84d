--liquibase formatted sql

--changeset tollgate:0009-organization-privacy
--comment: An organisation may forbid, for all its calls, providers that train on or retain prompts, as a caller can
--comment: for one call with provider.data_collection = "deny".
ALTER TABLE organization ADD COLUMN deny_data_collection boolean NOT NULL DEFAULT false;
--rollback ALTER TABLE organization DROP COLUMN deny_data_collection;
