-- 0005: answers to comments (tiếp thu, giải trình). A disposition answers either one
-- comment or one near-duplicate group (its members inherit it unless they have their
-- own). `revision` grows with every edit; an approval records the revision the lead
-- editor read (reviewed_revision), so a later edit cannot ride on an old approval.
-- Groups that carry an answer are kept by regrouping; a group dissolved or merged
-- hands its answer on (storage/groups.rs).

CREATE TABLE disposition (
    id {id},
    consultation_id BIGINT NOT NULL REFERENCES consultation(id),
    comment_id BIGINT REFERENCES comment(id),
    group_id BIGINT REFERENCES comment_group(id),
    kind TEXT NOT NULL,
    answer TEXT NOT NULL,
    state TEXT NOT NULL,
    revision BIGINT NOT NULL,
    drafted_by BIGINT REFERENCES app_user(id),
    reviewed_by BIGINT REFERENCES app_user(id),
    reviewed_revision BIGINT,
    remark TEXT,
    published_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX disposition_comment ON disposition(comment_id);
CREATE UNIQUE INDEX disposition_group ON disposition(group_id);
CREATE INDEX disposition_consultation ON disposition(consultation_id, state);
CREATE INDEX disposition_drafter ON disposition(drafted_by, state);

-- Answer templates the editors reuse ("Tiếp thu, đã chỉnh sửa tại …").
CREATE TABLE answer_template (
    id {id},
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    answer TEXT NOT NULL,
    created_by BIGINT REFERENCES app_user(id),
    created_at BIGINT NOT NULL
);
