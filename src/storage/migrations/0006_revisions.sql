-- 0006: revisions. How each provision of a version continues the previous version of
-- its draft (the lineage; duthao_structure::lineage): one row per provision of the new
-- version (kept, split or inserted) and one per provision of the previous version
-- that no new provision continues (merged or deleted). An editor's correction is a
-- row with by_editor = 1; it is kept whenever the links are computed again.

CREATE TABLE provision_link (
    id {id},
    version_id BIGINT NOT NULL REFERENCES draft_version(id),
    previous_version_id BIGINT NOT NULL REFERENCES draft_version(id),
    new_id BIGINT REFERENCES provision(id),
    old_id BIGINT REFERENCES provision(id),
    relation TEXT NOT NULL,
    text_changed SMALLINT NOT NULL DEFAULT 0,
    renumbered SMALLINT NOT NULL DEFAULT 0,
    moved SMALLINT NOT NULL DEFAULT 0,
    similarity BIGINT NOT NULL DEFAULT 0,
    by_editor SMALLINT NOT NULL DEFAULT 0
);
CREATE INDEX provision_link_version ON provision_link(version_id);
CREATE INDEX provision_link_old ON provision_link(old_id);
