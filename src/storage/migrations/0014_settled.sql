-- 0014: the provision index of comments, written in bulk (issue 3, intake rate).
--
-- Each new comment lands at the end of its provision's range of `comment_provision`,
-- so a group-commit batch of ~100 comments on as many provisions dirtied ~100 leaf
-- pages of that index, each written whole to the write-ahead log at commit: two
-- thirds of the log the intake wrote, and (measured under `bench intake`, SQLite)
-- a quarter of the server's processor time per comment.
--
-- A comment now enters that index when it is settled (`settled = 1`). On SQLite the
-- group commit stores comments unsettled and settles them in bulk every few thousand
-- rows (or second), so each provision's leaf is written once per bulk instead of once
-- per batch; until then the small `comment_unsettled` index (appended to in id
-- order, a few thousand rows at most) finds them. A query by provision reads both parts (`UNION
-- ALL`; see `storage::comments::settled_and_not`). On PostgreSQL every comment is
-- stored settled (it logs changed rows, not whole pages) and queries read that part.
-- Existing comments are settled.

ALTER TABLE comment ADD COLUMN settled SMALLINT NOT NULL DEFAULT 1;

DROP INDEX comment_provision;

CREATE INDEX comment_provision ON comment(provision_id, created_at, id) WHERE settled = 1;

CREATE INDEX comment_unsettled ON comment(id) WHERE settled = 0;
