-- 0001: the consultation core.
-- Portable SQL for SQLite and PostgreSQL through sqlx's Any driver:
-- times are epoch milliseconds (BIGINT), JSON is TEXT, booleans are SMALLINT,
-- every integer is BIGINT (Any decodes them all as i64). `{id}` is replaced by the
-- dialect's auto-increment primary key (see storage/dialect.rs).

CREATE TABLE organisation (
    id {id},
    parent_id BIGINT REFERENCES organisation(id),
    kind TEXT NOT NULL,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX organisation_parent ON organisation(parent_id);

CREATE TABLE app_user (
    id {id},
    login TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    organisation_id BIGINT REFERENCES organisation(id),
    disabled SMALLINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

-- dossier_id NULL means a global grant.
CREATE TABLE role_grant (
    id {id},
    user_id BIGINT NOT NULL REFERENCES app_user(id),
    role TEXT NOT NULL,
    dossier_id BIGINT,
    granted_at BIGINT NOT NULL
);
CREATE INDEX role_grant_user ON role_grant(user_id);

CREATE TABLE dossier (
    id {id},
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    drafting_org_id BIGINT NOT NULL REFERENCES organisation(id),
    approving_body TEXT NOT NULL,
    keywords TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE draft (
    id {id},
    dossier_id BIGINT NOT NULL REFERENCES dossier(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    keywords TEXT NOT NULL,
    position BIGINT NOT NULL,
    view_count BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX draft_dossier ON draft(dossier_id);

-- status: 'draft' (being checked by an editor) or 'published'.
CREATE TABLE draft_version (
    id {id},
    draft_id BIGINT NOT NULL REFERENCES draft(id),
    number BIGINT NOT NULL,
    status TEXT NOT NULL,
    source_name TEXT NOT NULL,
    source_format TEXT NOT NULL,
    source_text TEXT NOT NULL,
    preamble TEXT NOT NULL,
    warnings TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    published_at BIGINT,
    UNIQUE (draft_id, number)
);

-- position is the pre-order index of the provision in its version's tree.
CREATE TABLE provision (
    id {id},
    version_id BIGINT NOT NULL REFERENCES draft_version(id),
    parent_id BIGINT REFERENCES provision(id),
    kind TEXT NOT NULL,
    label TEXT NOT NULL,
    number TEXT NOT NULL,
    heading TEXT,
    body TEXT NOT NULL,
    position BIGINT NOT NULL,
    depth BIGINT NOT NULL,
    source_line BIGINT NOT NULL,
    lineage_id BIGINT
);
CREATE INDEX provision_version ON provision(version_id, position);

-- audience: 'public', 'invited' or 'both'.
CREATE TABLE consultation (
    id {id},
    dossier_id BIGINT NOT NULL REFERENCES dossier(id),
    title TEXT NOT NULL,
    opens_at BIGINT NOT NULL,
    closes_at BIGINT NOT NULL,
    audience TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX consultation_dossier ON consultation(dossier_id);

CREATE TABLE consultation_version (
    consultation_id BIGINT NOT NULL REFERENCES consultation(id),
    version_id BIGINT NOT NULL REFERENCES draft_version(id),
    PRIMARY KEY (consultation_id, version_id)
);

-- status: 'pending', 'answered' or 'no_comment'.
CREATE TABLE invitation (
    id {id},
    consultation_id BIGINT NOT NULL REFERENCES consultation(id),
    organisation_id BIGINT NOT NULL REFERENCES organisation(id),
    due_at BIGINT NOT NULL,
    status TEXT NOT NULL,
    UNIQUE (consultation_id, organisation_id)
);

-- Comment text is immutable once received; corrections are new rows.
-- provision_id NULL means a comment on the whole draft version.
CREATE TABLE comment (
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
    receipt_code TEXT NOT NULL UNIQUE,
    moderation TEXT NOT NULL DEFAULT 'visible',
    group_id BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX comment_consultation ON comment(consultation_id, created_at);
CREATE INDEX comment_provision ON comment(provision_id);
CREATE INDEX comment_version ON comment(version_id);
CREATE INDEX comment_organisation ON comment(organisation_id);

-- One mark per voter (a user "u:<id>" or a browser "b:<random>") and provision.
CREATE TABLE agreement (
    provision_id BIGINT NOT NULL REFERENCES provision(id),
    voter_key TEXT NOT NULL,
    agrees SMALLINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (provision_id, voter_key)
);

CREATE TABLE web_session (
    id TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX web_session_expiry ON web_session(expires_at);
