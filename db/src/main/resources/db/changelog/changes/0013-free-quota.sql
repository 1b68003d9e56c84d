--liquibase formatted sql

--changeset tollgate:0013-free-quota
--comment: Free-model quotas (issue 6): how many requests for :free models an organisation made in each window, shared
--comment: by every replica. One row per organisation, window kind and window start (UTC); a request is counted by one
--comment: upsert that adds 1 only while the count is under the limit. Rows older than two days are deleted by the
--comment: application. No foreign key to organization: the counters are disposable and each insert is on the hot path.
CREATE TABLE free_quota_window (
    organization_id uuid        NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('minute', 'day')),
    starts_at       timestamptz NOT NULL,
    used            integer     NOT NULL CHECK (used >= 0),
    PRIMARY KEY (organization_id, kind, starts_at)
);
CREATE INDEX free_quota_window_starts ON free_quota_window (starts_at);
--rollback DROP TABLE free_quota_window;
