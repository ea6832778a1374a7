//! The synthesis report of one draft in one consultation, assembled from the data:
//! rows in the order of the draft (Điều → khoản → điểm), comments on the whole draft
//! last; a group is one row naming its commenters.

use std::collections::HashMap;

use duthao_reports::{Row, SynthesisReport};

use crate::domain::{AnswerState, Disposition, vntime};
use crate::storage::{Db, StorageError, consultations, dossiers, drafts, report};

/// Why a report cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportBuildError {
    #[error("không tìm thấy đợt lấy ý kiến hoặc dự thảo")]
    NotFound,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// The report's data, for the editorial team (answers not yet approved are shown
/// marked as drafts).
pub async fn build(
    db: &Db,
    consultation_id: i64,
    draft_id: i64,
    now: i64,
) -> Result<SynthesisReport, ReportBuildError> {
    build_for(db, consultation_id, draft_id, now, false).await
}

/// The report's data; for the public (`published_only`) an answer shows only once
/// it is published.
pub async fn build_for(
    db: &Db,
    consultation_id: i64,
    draft_id: i64,
    now: i64,
    published_only: bool,
) -> Result<SynthesisReport, ReportBuildError> {
    let pool = &db.pool;
    let consultation = consultations::get(pool, consultation_id).await?.ok_or(ReportBuildError::NotFound)?;
    let draft = drafts::get_draft(pool, draft_id).await?.ok_or(ReportBuildError::NotFound)?;
    let dossier = dossiers::get(pool, consultation.dossier_id).await?.ok_or(ReportBuildError::NotFound)?;

    // Document order and the path of every provision of the consulted versions.
    let mut order: HashMap<i64, (i64, i64, String)> = HashMap::new();
    for version_id in consultations::version_ids(pool, consultation_id).await? {
        let Some(version) = drafts::get_version(pool, version_id).await? else { continue };
        if version.draft_id != draft_id {
            continue;
        }
        let provisions = drafts::provisions(pool, version_id).await?;
        let by_id: HashMap<i64, &drafts::ProvisionRow> = provisions.iter().map(|p| (p.id, p)).collect();
        for p in &provisions {
            order.insert(p.id, (version.number, p.position, path(p, &by_id)));
        }
    }

    let commenters = report::group_commenters(db, consultation_id, draft_id).await?;
    let mut units = report::units(db, consultation_id, draft_id).await?;
    units.sort_by_key(|u| {
        let place =
            u.provision_id.and_then(|p| order.get(&p)).map(|(v, pos, _)| (0, *v, *pos)).unwrap_or((1, 0, 0));
        (place, -u.size, u.comment_id)
    });
    let rows = units
        .iter()
        .map(|u| Row {
            issue: u
                .provision_id
                .and_then(|p| order.get(&p))
                .map_or_else(|| "Góp ý chung, vấn đề khác".to_owned(), |(_, _, path)| path.clone()),
            commenters: match u.group_id {
                Some(g) => group_commenters(commenters.get(&g).map(Vec::as_slice).unwrap_or_default()),
                // A person's name is for the official report, and for the synthesis
                // published to everyone only if they chose to make it public.
                None => u
                    .organisation_name
                    .clone()
                    .or_else(|| {
                        u.author_name
                            .clone()
                            .filter(|_| !published_only || u.name_public != 0)
                            .map(|a| format!("Ông/bà {a}"))
                    })
                    .unwrap_or_else(|| "Ý kiến của cá nhân".to_owned()),
            },
            content: if u.size > 1 {
                format!("({} ý kiến có nội dung giống hoặc gần giống)\n{}", vntime::thousands(u.size), u.body)
            } else {
                u.body.clone()
            },
            response: response(u, published_only),
        })
        .collect();

    let totals = report::totals(db, consultation_id, draft_id).await?;
    let individuals = totals.comments - totals.organisation_comments;
    let opening = vec![
        format!(
            "Thực hiện kế hoạch lấy ý kiến góp ý đối với {}, {} đã tổ chức lấy ý kiến ({}) từ ngày {} đến ngày {}.",
            draft.title,
            dossier.drafting_org_name,
            consultation.title,
            vntime::short_date(consultation.opens_at),
            vntime::short_date(consultation.closes_at)
        ),
        format!(
            "Tổng số {} cơ quan, tổ chức đã được gửi xin ý kiến; {} ý kiến nhận được, trong đó {} ý kiến của {} cơ quan, \
             tổ chức và {} ý kiến của cá nhân. Các ý kiến có nội dung giống hoặc gần giống nhau được tổng hợp thành {} nhóm, \
             mỗi nhóm được tiếp thu, giải trình chung.",
            vntime::thousands(totals.invited),
            vntime::thousands(totals.comments),
            vntime::thousands(totals.organisation_comments),
            vntime::thousands(totals.organisations),
            vntime::thousands(individuals),
            vntime::thousands(totals.groups),
        ),
    ];
    let mut opening = opening;
    if totals.hidden > 0 {
        opening.push(format!(
            "{} ý kiến có nội dung vi phạm quy định (quảng cáo, xúc phạm, không liên quan đến dự thảo…) không được tổng hợp; \
             toàn văn các ý kiến này vẫn được lưu đầy đủ trong hồ sơ lấy ý kiến.",
            vntime::thousands(totals.hidden),
        ));
    }
    opening.push(format!(
        "Trên cơ sở các ý kiến góp ý, {} tổng hợp, tiếp thu, giải trình như sau:",
        dossier.drafting_org_name
    ));
    Ok(SynthesisReport {
        parent_body: None,
        issuing_body: dossier.drafting_org_name.clone(),
        number: "Số:        /BC-TBT".to_owned(),
        place_date: place_date(now),
        subject: format!("đối với {}", draft.title),
        opening,
        rows,
        signer_title: "TM. TỔ BIÊN TẬP".to_owned(),
        signer_name: String::new(),
        recipients: vec![
            format!("{};", dossier.approving_body),
            "Các thành viên Tổ Biên tập;".to_owned(),
            "Lưu: VT.".to_owned(),
        ],
    })
}

/// "Điều 5, khoản 2, điểm a": the provision and its ancestors from the article down.
/// In a document without articles (a scheme or a report numbered I., 1., a)) the
/// whole chain is named: "Phần I, II., 1.".
pub(crate) fn path(p: &drafts::ProvisionRow, by_id: &HashMap<i64, &drafts::ProvisionRow>) -> String {
    let mut chain = vec![p];
    let mut parent = p.parent_id;
    while let Some(id) = parent {
        let Some(q) = by_id.get(&id) else { break };
        chain.push(q);
        parent = q.parent_id;
    }
    chain.reverse();
    // A catalog entry is named by its number and name, then the field commented on:
    // "STT 6 (Trưởng Ban Tổ chức Tỉnh ủy), Tương đương với".
    if let Some(start) = chain.iter().position(|q| q.kind == crate::catalogs::KIND_ENTRY) {
        return chain[start..]
            .iter()
            .map(|q| match (&q.heading, q.kind.as_str()) {
                (Some(name), crate::catalogs::KIND_ENTRY) => format!("{} ({name})", q.label),
                _ => q.label.clone(),
            })
            .collect::<Vec<_>>()
            .join(", ");
    }
    match chain.iter().position(|q| q.kind == "article") {
        Some(start) => chain[start..]
            .iter()
            .enumerate()
            .map(|(i, q)| if i == 0 { q.label.clone() } else { lower_first(&q.label) })
            .collect::<Vec<_>>()
            .join(", "),
        None => chain.iter().map(|q| q.label.as_str()).collect::<Vec<_>>().join(", "),
    }
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "Tỉnh ủy A, Tỉnh ủy B và 1.234 ý kiến của cá nhân".
fn group_commenters(counts: &[(Option<String>, i64)]) -> String {
    let mut organisations: Vec<&str> = counts.iter().filter_map(|(name, _)| name.as_deref()).collect();
    organisations.sort_unstable();
    let individuals: i64 = counts.iter().filter(|(name, _)| name.is_none()).map(|(_, n)| n).sum();
    let mut out = organisations.join(", ");
    if individuals > 0 {
        if !out.is_empty() {
            out.push_str(" và ");
        }
        out.push_str(&format!("{} ý kiến của cá nhân", vntime::thousands(individuals)));
    }
    out
}

fn response(u: &report::UnitRow, published_only: bool) -> String {
    let Some(kind) = u.kind.as_deref().and_then(Disposition::parse) else {
        return "Chưa tiếp thu, giải trình.".to_owned();
    };
    if published_only && u.state.as_deref().and_then(AnswerState::parse) != Some(AnswerState::Published) {
        return "Chưa tiếp thu, giải trình.".to_owned();
    }
    let answer = u.answer.as_deref().unwrap_or_default();
    let mut out = format!("{}. {answer}", kind.name_vi());
    match u.state.as_deref().and_then(AnswerState::parse) {
        Some(AnswerState::Approved | AnswerState::Published) => {}
        _ => out.push_str("\n[Dự thảo trả lời, chưa được duyệt]"),
    }
    out
}

/// "Hà Nội, ngày 28 tháng 11 năm 2026".
pub(crate) fn place_date(now: i64) -> String {
    match vntime::at(now) {
        Some(t) => format!("Hà Nội, ngày {:02} tháng {:02} năm {}", t.day(), u8::from(t.month()), t.year()),
        None => "Hà Nội, ngày …  tháng …  năm …".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_names_its_organisations_and_counts_individuals() {
        let counts = [(Some("Tỉnh ủy B".to_owned()), 1), (None, 1234), (Some("Tỉnh ủy A".to_owned()), 2)];
        assert_eq!(group_commenters(&counts), "Tỉnh ủy A, Tỉnh ủy B và 1.234 ý kiến của cá nhân");
        assert_eq!(group_commenters(&[(None, 3)]), "3 ý kiến của cá nhân");
        assert_eq!(group_commenters(&[(Some("Bộ Nội vụ".to_owned()), 2)]), "Bộ Nội vụ");
    }
}
