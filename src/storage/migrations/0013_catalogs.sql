-- 0013: catalog drafts (issue 9).
--
-- A draft with a `catalog` row is a catalog draft: besides any prose, each version
-- holds one provision of kind 'catalog' whose children are the entries (kind 'entry':
-- number = the entry's code, heading = its name), each with one child per non-empty
-- field (kind 'field': number = the field's key, label = its name, body = its value).
-- Entries are provisions, so they keep their identity across versions (lineage_id),
-- take comments and flow into the synthesis like any provision.
--
-- `fields`: JSON list of the fields an editor added (catalog::fields::FieldDef).

CREATE TABLE catalog (
    draft_id BIGINT PRIMARY KEY REFERENCES draft(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    fields TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- The lead editor's approval of a version's table of equivalent positions. The
-- equivalences of the newest approved version are "approved": an edit that breaks one
-- is shown as a warning and the version cannot be published until someone with the
-- right to publish acknowledges it (acknowledged_by on the version's row here).
CREATE TABLE catalog_approval (
    id {id},
    version_id BIGINT NOT NULL REFERENCES draft_version(id),
    approved_by BIGINT NOT NULL REFERENCES app_user(id),
    approved_at BIGINT NOT NULL
);
CREATE INDEX catalog_approval_version ON catalog_approval(version_id);

CREATE TABLE catalog_acknowledgement (
    version_id BIGINT PRIMARY KEY REFERENCES draft_version(id),
    acknowledged_by BIGINT NOT NULL REFERENCES app_user(id),
    acknowledged_at BIGINT NOT NULL,
    warnings TEXT NOT NULL
);

-- An organisation's current list for the review (rà soát). A new upload by the same
-- organisation replaces the old one for the review; old ones are kept.
CREATE TABLE catalog_submission (
    id {id},
    draft_id BIGINT NOT NULL REFERENCES draft(id),
    organisation_id BIGINT NOT NULL REFERENCES organisation(id),
    file_name TEXT NOT NULL,
    notes TEXT NOT NULL,
    submitted_by BIGINT REFERENCES app_user(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX catalog_submission_draft ON catalog_submission(draft_id, organisation_id);

-- holders: JSON list of names.
CREATE TABLE catalog_submission_row (
    submission_id BIGINT NOT NULL REFERENCES catalog_submission(id),
    row_number BIGINT NOT NULL,
    name TEXT NOT NULL,
    unit TEXT,
    holders TEXT NOT NULL,
    PRIMARY KEY (submission_id, row_number)
);

-- An editor's decision on a submitted name that the matcher was not sure of: the
-- entry (by lineage) it is, or NULL for "not in the catalog". Keyed by the name's
-- matching key, so it applies to every organisation's row with that name.
CREATE TABLE catalog_confirmation (
    id {id},
    draft_id BIGINT NOT NULL REFERENCES draft(id),
    name_key TEXT NOT NULL,
    entry_lineage BIGINT,
    confirmed_by BIGINT NOT NULL REFERENCES app_user(id),
    confirmed_at BIGINT NOT NULL,
    UNIQUE (draft_id, name_key)
);

-- The lineage update after linking looks links up by (version, new provision); a
-- catalog version has thousands of provisions.
CREATE INDEX provision_link_new ON provision_link(version_id, new_id);
