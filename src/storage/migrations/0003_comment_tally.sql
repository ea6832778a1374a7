-- 0003: pages must not count comments row by row. comment_tally holds the number of
-- comments per consultation, draft version and provision (provision_key 0: on the
-- whole draft), updated in the same transaction that inserts the comments
-- (storage/comments.rs), so the draft reader and the comment lists read a few rows
-- instead of counting 100,000. The provision index gains created_at and id so that a
-- provision's newest comments are read in index order instead of sorted.

CREATE TABLE comment_tally (
    consultation_id BIGINT NOT NULL,
    version_id BIGINT NOT NULL,
    provision_key BIGINT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (consultation_id, version_id, provision_key)
);

INSERT INTO comment_tally (consultation_id, version_id, provision_key, n)
SELECT consultation_id, version_id, COALESCE(provision_id, 0), COUNT(*)
FROM comment GROUP BY consultation_id, version_id, COALESCE(provision_id, 0);

CREATE INDEX comment_tally_version ON comment_tally(version_id, provision_key);

DROP INDEX comment_provision;

CREATE INDEX comment_provision ON comment(provision_id, created_at, id);

DROP INDEX comment_consultation;

CREATE INDEX comment_consultation ON comment(consultation_id, created_at, id);
