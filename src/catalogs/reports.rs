//! The catalog documents as `duthao-reports` data: the table of equivalent positions
//! and the review report (rà soát), worded in Vietnamese (official documents).

use duthao_reports as out;

use super::{Catalog, EquivalenceTable, Review};
use crate::catalog::fields::CatalogKind;
use crate::domain::vntime;
use crate::storage::drafts::{DraftRow, VersionRow};
use crate::synthesis::report::place_date;

/// The table of equivalent positions of `version`.
pub fn equivalence(
    draft: &DraftRow,
    catalog: &Catalog,
    version: &VersionRow,
    table: &EquivalenceTable,
    issuing_body: Option<String>,
    now: i64,
) -> out::EquivalenceTable {
    out::EquivalenceTable {
        parent_body: None,
        issuing_body: issuing_body.unwrap_or_default(),
        number: String::new(),
        place_date: place_date(now),
        title: "BẢNG CHỨC VỤ TƯƠNG ĐƯƠNG".to_owned(),
        subject: format!("{} (kèm theo {}, dự thảo lần {})", catalog.title, draft.title, version.number),
        groups: table
            .groups
            .iter()
            .map(|g| out::EquivalenceGroup {
                name: g.name.clone(),
                rows: g
                    .rows
                    .iter()
                    .map(|r| out::EquivalenceRow {
                        reference: r.reference.clone(),
                        central: r.central.clone(),
                        provincial: r.provincial.clone(),
                        commune: r.commune.clone(),
                        notes: r.notes.clone(),
                    })
                    .collect(),
            })
            .collect(),
        problems: table.problems.clone(),
    }
}

/// The review of the current lists, for the country and for each organisation.
pub fn review(
    draft: &DraftRow,
    catalog: &Catalog,
    review: &Review,
    issuing_body: Option<String>,
    now: i64,
) -> out::ReviewReport {
    let what = match catalog.kind {
        CatalogKind::Titles => "chức danh, chức vụ lãnh đạo",
        CatalogKind::JobPositions => "vị trí việc làm",
    };
    let rows: usize = review.lists.iter().map(|l| l.review.rows).sum();
    let pending = review.pending();
    let mut opening = vec![format!(
        "{} cơ quan, địa phương đã gửi danh sách {} hiện có, gồm {} dòng; các danh sách được đối chiếu với {} (dự thảo lần {}).",
        vntime::thousands(review.lists.len() as i64),
        what,
        vntime::thousands(rows as i64),
        catalog.title,
        review.version_number,
    )];
    if pending > 0 {
        opening.push(format!(
            "Còn {} dòng gần giống một mục của danh mục đang chờ biên tập viên xác nhận; các dòng này chưa được tính trong các danh sách dưới đây.",
            vntime::thousands(pending as i64)
        ));
    }
    let country = out::CountrySection {
        lacking: review
            .country
            .lacking
            .iter()
            .map(|l| out::CountLine {
                name: l.name.clone(),
                detail: String::new(),
                count: l.organisations,
                organisations: Vec::new(),
            })
            .collect(),
        misfits: review
            .country
            .misfits
            .iter()
            .map(|m| out::CountLine {
                name: m.name.clone(),
                detail: "Có ở cấp hoặc nhóm khác với danh mục".to_owned(),
                count: m.organisations.len(),
                organisations: m.organisations.clone(),
            })
            .collect(),
        proposed: review
            .country
            .proposed
            .iter()
            .map(|p| out::CountLine {
                name: p.name.clone(),
                detail: format!("{} dòng", vntime::thousands(p.rows as i64)),
                count: p.organisations.len(),
                organisations: p.organisations.clone(),
            })
            .collect(),
    };
    let organisations = review
        .lists
        .iter()
        .map(|list| {
            let h = &list.headcount;
            let name_of = |i: &usize| h.positions.get(*i).map(|p| p.name.clone());
            out::OrganisationSection {
                name: list.organisation.clone(),
                lacking: list.review.lacking.iter().map(|e| review.name(*e)).collect(),
                misfits: list
                    .review
                    .misfits
                    .iter()
                    .map(|m| (m.name.clone(), super::misfit_reason(review, &m.reason)))
                    .collect(),
                uncertain: super::uncertain_rows(list, &review.names)
                    .into_iter()
                    .map(|r| {
                        let candidates: Vec<String> =
                            r.candidates.iter().map(|c| format!("{} ({}%)", c.1, c.2)).collect();
                        (r.name, candidates.join("; "))
                    })
                    .collect(),
                headcount: Some(out::HeadcountSection {
                    positions: h.positions.len(),
                    people: h.people,
                    vacant: h.vacant.iter().filter_map(name_of).collect(),
                    shared: h
                        .shared
                        .iter()
                        .filter_map(|i| h.positions.get(*i).map(|p| (p.name.clone(), p.holders.len())))
                        .collect(),
                    multi: h
                        .several
                        .iter()
                        .map(|s| (s.person.clone(), s.positions.iter().filter_map(name_of).collect()))
                        .collect(),
                    warnings: h.warnings.iter().map(ToString::to_string).collect(),
                }),
            }
        })
        .collect();
    out::ReviewReport {
        parent_body: None,
        issuing_body: issuing_body.unwrap_or_default(),
        number: "Số:        /BC-TBT".to_owned(),
        place_date: place_date(now),
        title: format!("Báo cáo tổng hợp kết quả rà soát danh mục {what}"),
        subject: format!("{} ({})", catalog.title, draft.title),
        opening,
        country,
        organisations,
        signer_title: "TM. TỔ BIÊN TẬP".to_owned(),
        signer_name: String::new(),
        recipients: vec!["Các thành viên Tổ Biên tập;".to_owned(), "Lưu: VT.".to_owned()],
    }
}

/// The review of one organisation's list: its three lists and its positions × people
/// (the country's lists left out). `None` when it sent no list.
pub fn review_of_one(
    draft: &DraftRow,
    catalog: &Catalog,
    review: &Review,
    organisation_id: i64,
    issuing_body: Option<String>,
    now: i64,
) -> Option<out::ReviewReport> {
    let list = review.lists.iter().find(|l| l.organisation_id == organisation_id)?;
    let mut report = self::review(draft, catalog, review, issuing_body, now);
    report.organisations.retain(|o| o.name == list.organisation);
    report.country = out::CountrySection::default();
    report.opening = vec![format!(
        "{} đã gửi danh sách gồm {} dòng (tệp {}); danh sách được đối chiếu với {} (dự thảo lần {}).",
        list.organisation,
        vntime::thousands(list.review.rows as i64),
        list.file_name,
        catalog.title,
        review.version_number,
    )];
    report.subject = format!("{} — {}", list.organisation, report.subject);
    Some(report)
}
