--liquibase formatted sql

--changeset tollgate:0006-generation-routing
--comment: Why a call went where it went: the endpoints the router planned, in order, and those it left out with the
--comment: rule and reason ({"candidates":["model@provider",…],"excluded":["model@provider (rule: reason)",…]}).
ALTER TABLE generation ADD COLUMN routing jsonb NOT NULL DEFAULT '{}';
--rollback ALTER TABLE generation DROP COLUMN routing;
