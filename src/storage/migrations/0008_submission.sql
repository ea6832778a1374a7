-- 0008: submission. The package sent to the approving body is kept as it was sent
-- (the ZIP and its manifest); a submitted dossier is read-only.

ALTER TABLE dossier ADD COLUMN submitted_at BIGINT;
ALTER TABLE dossier ADD COLUMN submitted_by BIGINT;

CREATE TABLE submission_package (
    id {id},
    dossier_id BIGINT NOT NULL REFERENCES dossier(id),
    manifest TEXT NOT NULL,
    archive {blob} NOT NULL,
    created_by BIGINT REFERENCES app_user(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX submission_package_dossier ON submission_package(dossier_id);
