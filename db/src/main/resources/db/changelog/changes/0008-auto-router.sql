--liquibase formatted sql

--changeset tollgate:0008-auto-router
--comment: The models openrouter/auto may choose, curated by the operator: listed in order, each with a cost tier from
--comment: low to max. A model on the list cannot be deleted until it is taken off.
CREATE TABLE auto_router_model (
    model_id  text    PRIMARY KEY REFERENCES model (id) ON UPDATE CASCADE,
    position  integer NOT NULL UNIQUE,
    cost_tier text    NOT NULL CHECK (cost_tier IN ('low', 'medium', 'high', 'xhigh', 'max'))
);
--rollback DROP TABLE auto_router_model;
