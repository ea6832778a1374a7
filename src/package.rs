//! The submission package: everything the approving body receives for a dossier, in
//! one ZIP with a manifest (each file's size and SHA-256): the final version of every
//! draft, the synthesis report of every consultation, the comparison table of every
//! revised draft, and the submission (tờ trình). It is assembled only when every
//! comment has an approved answer; the dossier is then read-only.

use std::io::Write as _;

use duthao_reports::{DraftDocument, DraftProvision, Submission};
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;

use crate::domain::vntime;
use crate::storage::{Db, StorageError, consultations, dispositions, dossiers, drafts};
use crate::synthesis::report::{self, ReportBuildError};

/// Why no package was made.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    #[error("Chưa lập được hồ sơ trình: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Missing(Vec<Missing>),
    #[error("Hồ sơ đã được trình ngày {0}.")]
    AlreadySubmitted(String),
    #[error("writing the package: {0}")]
    Write(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<ReportBuildError> for PackageError {
    fn from(e: ReportBuildError) -> Self {
        match e {
            ReportBuildError::NotFound => Self::Write("a consulted draft is missing".into()),
            ReportBuildError::Storage(e) => Self::Storage(e),
        }
    }
}

/// One file of the package.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FileEntry {
    pub path: String,
    /// What it is, in Vietnamese.
    pub title: String,
    pub bytes: u64,
    pub sha256: String,
}

/// A package ready to store and send.
#[derive(Debug, Clone)]
pub struct Package {
    pub files: Vec<FileEntry>,
    /// `manifest.json`, also inside the archive.
    pub manifest: String,
    pub archive: Vec<u8>,
}

/// What is still missing before the dossier can be submitted (empty: ready).
pub async fn missing(db: &Db, dossier_id: i64) -> Result<Vec<Missing>, StorageError> {
    let mut out = Vec::new();
    let drafts_of = drafts::drafts_of(&db.pool, dossier_id).await?;
    if drafts_of.is_empty() {
        out.push(Missing::NoDraft);
    }
    for draft in &drafts_of {
        if drafts::versions_of(&db.pool, draft.id).await?.is_empty() {
            out.push(Missing::NoVersion { draft: draft.title.clone() });
        }
    }
    for c in consultations::of_dossier(&db.pool, dossier_id).await? {
        for p in dispositions::progress(db, c.id).await? {
            if p.approved < p.units {
                out.push(Missing::NotApproved {
                    consultation: c.title.clone(),
                    draft: p.draft_title.clone(),
                    unanswered: p.units - p.answered,
                    waiting: p.answered - p.approved,
                });
            }
        }
    }
    Ok(out)
}

/// What keeps a dossier from being submitted. `Display` says it in Vietnamese; the
/// pages say it in the reader's language from the fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// The dossier has no draft.
    NoDraft,
    /// A draft has no version.
    NoVersion { draft: String },
    /// Answers of a round on a draft are not all approved.
    NotApproved { consultation: String, draft: String, unanswered: i64, waiting: i64 },
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoDraft => f.write_str("hồ sơ chưa có dự thảo nào"),
            Self::NoVersion { draft } => write!(f, "dự thảo “{draft}” chưa có phiên bản nào"),
            Self::NotApproved { consultation, draft, unanswered, waiting } => {
                let mut parts = Vec::new();
                if *unanswered > 0 {
                    parts.push(format!("{} chưa trả lời", vntime::thousands(*unanswered)));
                }
                if *waiting > 0 {
                    parts.push(format!("{} chưa được duyệt", vntime::thousands(*waiting)));
                }
                write!(f, "đợt “{consultation}”, dự thảo “{draft}”: {}", parts.join(", "))
            }
        }
    }
}

/// An ASCII file name part: folded, other characters as `-`, at most 60 long.
fn slug(text: &str) -> String {
    let folded = duthao_text::fold(text);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').chars().take(60).collect::<String>().trim_end_matches('-').to_owned()
}

/// Assembles the package of a dossier as of `now` (which dates the documents).
pub async fn assemble(db: &Db, dossier_id: i64, now: i64) -> Result<Package, PackageError> {
    let dossier =
        dossiers::get(&db.pool, dossier_id).await?.ok_or_else(|| PackageError::Write("no dossier".into()))?;
    let missing = missing(db, dossier_id).await?;
    if !missing.is_empty() {
        return Err(PackageError::Missing(missing));
    }
    let place_date = report::place_date(now);
    let mut documents: Vec<(String, String, Vec<u8>)> = Vec::new();
    let write_error = |e: duthao_reports::ReportError| PackageError::Write(e.to_string());

    for (i, draft) in drafts::drafts_of(&db.pool, dossier_id).await?.iter().enumerate() {
        let versions = drafts::versions_of(&db.pool, draft.id).await?;
        let Some(latest) = versions.first() else { continue };
        let rows = drafts::provisions(&db.pool, latest.id).await?;
        let document = DraftDocument {
            issuing_body: dossier.drafting_org_name.clone(),
            place_date: place_date.clone(),
            status_line: format!("DỰ THẢO LẦN {}", latest.number),
            title: draft.title.clone(),
            preamble: latest.preamble.clone(),
            provisions: rows
                .iter()
                .map(|p| DraftProvision {
                    kind: p.kind.clone(),
                    label: p.label.clone(),
                    number: p.number.clone(),
                    heading: p.heading.clone(),
                    text: p.body.clone(),
                })
                .collect(),
        };
        let stem = format!("{:02}-{}-lan-{}", i + 1, slug(&draft.title), latest.number);
        let docx = duthao_reports::draft_docx(&document).map_err(write_error)?;
        documents.push((
            format!("du-thao/{stem}.docx"),
            format!("{} (dự thảo lần {})", draft.title, latest.number),
            docx,
        ));
        #[cfg(feature = "pdf")]
        {
            let pdf = duthao_pdf::draft_pdf(&document).map_err(|e| PackageError::Write(e.to_string()))?;
            documents.push((
                format!("du-thao/{stem}.pdf"),
                format!("{} (dự thảo lần {}, PDF)", draft.title, latest.number),
                pdf,
            ));
        }
        if versions.len() > 1
            && let Some(comparison) = crate::revisions::comparison(db, latest).await?
        {
            let table = crate::revisions::comparison_report(
                &comparison,
                draft,
                dossier.drafting_org_name.clone(),
                now,
            );
            let docx = duthao_reports::comparison_docx(&table).map_err(write_error)?;
            documents.push((
                format!("bang-so-sanh/{:02}-{}.docx", i + 1, slug(&draft.title)),
                format!(
                    "Bảng so sánh dự thảo lần {} và lần {}: {}",
                    comparison.old_version.number, latest.number, draft.title
                ),
                docx,
            ));
        }
    }
    let mut consulted = Vec::new();
    for c in consultations::of_dossier(&db.pool, dossier_id).await?.iter().rev() {
        let mut seen = Vec::new();
        for version_id in consultations::version_ids(&db.pool, c.id).await? {
            let Some(version) = drafts::get_version(&db.pool, version_id).await? else { continue };
            if seen.contains(&version.draft_id) {
                continue;
            }
            seen.push(version.draft_id);
            let Some(draft) = drafts::get_draft(&db.pool, version.draft_id).await? else { continue };
            let synthesis = report::build_for(db, c.id, draft.id, now, false).await?;
            let docx = duthao_reports::synthesis_docx(&synthesis).map_err(write_error)?;
            documents.push((
                format!("bao-cao-tong-hop/dot-{}-{}.docx", c.id, slug(&draft.title)),
                format!("Bản tổng hợp, tiếp thu, giải trình ý kiến góp ý: {} ({})", draft.title, c.title),
                docx,
            ));
            consulted.push((c.title.clone(), draft.title.clone()));
        }
    }
    let mut attachments: Vec<String> = documents.iter().map(|d| d.1.clone()).collect();
    attachments.sort();
    let comments: i64 = {
        let mut total = 0;
        for c in consultations::of_dossier(&db.pool, dossier_id).await? {
            total +=
                crate::storage::statistics::per_channel(db, c.id).await?.iter().map(|(_, n)| n).sum::<i64>();
        }
        total
    };
    let letter = Submission {
        issuing_body: dossier.drafting_org_name.clone(),
        number: "Số:        /TTr".to_owned(),
        place_date: place_date.clone(),
        recipient: format!("Kính gửi: {}", dossier.approving_body),
        subject: format!("Về {}", dossier.title),
        paragraphs: vec![
            format!(
                "Thực hiện nhiệm vụ được giao, {} đã chủ trì xây dựng {}, tổ chức lấy ý kiến qua {} đợt với tổng số {} ý kiến góp ý; tất cả ý kiến đã được tổng hợp, tiếp thu, giải trình và được lãnh đạo Tổ Biên tập duyệt.",
                dossier.drafting_org_name,
                dossier.title,
                vntime::thousands(
                    consulted.iter().map(|c| &c.0).collect::<std::collections::BTreeSet<_>>().len() as i64
                ),
                vntime::thousands(comments),
            ),
            format!(
                "{} kính trình {} xem xét, quyết định.",
                dossier.drafting_org_name, dossier.approving_body
            ),
        ],
        attachments,
        signer_title: "Thủ trưởng cơ quan chủ trì soạn thảo".to_owned(),
        signer_name: String::new(),
    };
    let letter = duthao_reports::submission_docx(&letter).map_err(write_error)?;
    documents.insert(0, ("to-trinh.docx".to_owned(), format!("Tờ trình về {}", dossier.title), letter));

    let files: Vec<FileEntry> = documents
        .iter()
        .map(|(path, title, bytes)| FileEntry {
            path: path.clone(),
            title: title.clone(),
            bytes: bytes.len() as u64,
            sha256: Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect(),
        })
        .collect();
    let manifest = serde_json::to_string_pretty(&serde_json::json!({
        "dossier": { "id": dossier.id, "title": dossier.title, "drafting_body": dossier.drafting_org_name },
        "approving_body": dossier.approving_body,
        "assembled_at": vntime::date_time(now),
        "files": files,
    }))
    .map_err(|e| PackageError::Write(e.to_string()))?;

    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let zip_error = |e: zip::result::ZipError| PackageError::Write(e.to_string());
    for (path, _, bytes) in &documents {
        zip.start_file(path.as_str(), options).map_err(zip_error)?;
        zip.write_all(bytes).map_err(|e| PackageError::Write(e.to_string()))?;
    }
    zip.start_file("manifest.json", options).map_err(zip_error)?;
    zip.write_all(manifest.as_bytes()).map_err(|e| PackageError::Write(e.to_string()))?;
    let archive = zip.finish().map_err(zip_error)?.into_inner();
    Ok(Package { files, manifest, archive })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_file_names() {
        assert_eq!(
            slug("Quy định về khung danh mục vị trí việc làm"),
            "quy-dinh-ve-khung-danh-muc-vi-tri-viec-lam"
        );
        assert_eq!(slug("  Điều 5a / khoản 2  "), "dieu-5a-khoan-2");
        assert!(slug(&"Dự thảo ".repeat(30)).len() <= 60);
    }
}
