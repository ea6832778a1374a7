-- 0002: receipt codes are derived from the comment id with the instance's secret key
-- (domain/receipt.rs), so the comment table loses its receipt_code column and the
-- random-keyed unique index on it, which made every batch of inserts touch pages
-- all over the index. The key lives in instance_secret, shared by all instances.
-- Receipts issued before this migration (demo and test data only; nothing was
-- deployed) are re-derived from the ids.

CREATE TABLE instance_secret (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE comment_v2 (
    id {id},
    consultation_id BIGINT NOT NULL REFERENCES consultation(id),
    version_id BIGINT NOT NULL REFERENCES draft_version(id),
    provision_id BIGINT REFERENCES provision(id),
    quote TEXT,
    body TEXT NOT NULL,
    author_name TEXT,
    author_email TEXT,
    author_user_id BIGINT REFERENCES app_user(id),
    organisation_id BIGINT REFERENCES organisation(id),
    channel TEXT NOT NULL,
    moderation TEXT NOT NULL DEFAULT 'visible',
    group_id BIGINT,
    created_at BIGINT NOT NULL
);

INSERT INTO comment_v2 (id, consultation_id, version_id, provision_id, quote, body, author_name,
    author_email, author_user_id, organisation_id, channel, moderation, group_id, created_at)
SELECT id, consultation_id, version_id, provision_id, quote, body, author_name,
    author_email, author_user_id, organisation_id, channel, moderation, group_id, created_at
FROM comment;

DROP TABLE comment;

ALTER TABLE comment_v2 RENAME TO comment;

-- The copied ids were explicit: move the identity past them (SQLite's AUTOINCREMENT
-- follows the largest id by itself).
/* postgres only */ SELECT setval(pg_get_serial_sequence('comment', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM comment), false);

CREATE INDEX comment_consultation ON comment(consultation_id, created_at);
CREATE INDEX comment_provision ON comment(provision_id);
CREATE INDEX comment_version ON comment(version_id);
CREATE INDEX comment_organisation ON comment(organisation_id);
