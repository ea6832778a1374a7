-- 0004: near-duplicate groups for the synthesis (tổng hợp). comment.group_id (from
-- 0001) names a comment's group; a comment alone has none. comment_group keeps each
-- group's representative and size. Groups are derived by the grouping tail and by a
-- full regrouping (synthesis/grouping.rs), except where an editor placed a comment
-- (moved it, split it out, merged its group): comment_placement remembers that, and
-- regrouping leaves those comments where the editor put them. Comment rows stay
-- immutable apart from group_id.

CREATE TABLE comment_group (
    id {id},
    consultation_id BIGINT NOT NULL REFERENCES consultation(id),
    representative_id BIGINT NOT NULL REFERENCES comment(id),
    size BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX comment_group_consultation ON comment_group(consultation_id, size);

CREATE INDEX comment_group_member ON comment(group_id, id);

CREATE TABLE comment_placement (
    comment_id BIGINT PRIMARY KEY REFERENCES comment(id),
    placed_by BIGINT REFERENCES app_user(id),
    placed_at BIGINT NOT NULL
);

-- How far the grouping tail has read the comment table (one row per instance kind:
-- name 'tail'), so that a restart does not group a comment twice.
CREATE TABLE grouping_progress (
    name TEXT PRIMARY KEY,
    through_id BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Append-only record of every change made by a person (and by the system on their
-- behalf). Each event carries the SHA-256 of the previous one, so that a removed or
-- altered event breaks the chain.
CREATE TABLE audit_event (
    id {id},
    at BIGINT NOT NULL,
    actor_user_id BIGINT REFERENCES app_user(id),
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_event_subject ON audit_event(subject, id);
