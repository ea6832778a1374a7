//! `duthao bench review`: the review of provincial title lists against a catalog (issue 9).
//!
//! A catalog of leadership titles is generated (central, provincial and commune level,
//! groups I–IV, with a table of equivalences), and one list per provincial unit (the
//! real 34 names) drawn from it with the variants met in practice: capitalisation
//! ("Phó trưởng Ban"), tone placement ("Uỷ ban"), NFD input, abbreviations ("P.",
//! "UBND", "TP.", "T.Ư", "Sở GD&ĐT"), extra spaces and stray punctuation, the province
//! or commune name appended, the unit in its own column. The lists also hold titles the catalog
//! lacks — some shared by many provinces (the additions the review should propose),
//! some local — and near misses that must not match (a merged or abolished body, the
//! district level, a missing "Phó", a department the catalog does not have). Every row
//! carries the entry it truly is, or none.
//!
//! The timed part is the whole review: indexing the catalog, matching every row, and
//! the lists for each province and the country. Precision and recall count the rows
//! matched outright; rows left uncertain for an editor are not matches. Generation is deterministic (a seeded
//! xoshiro256++), so two runs measure the same input.

use std::collections::HashSet;
use std::time::Instant;

use rand::rngs::Xoshiro256PlusPlus;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{RngExt, SeedableRng};
use serde::Serialize;

use crate::catalog::matching::{MatchOutcome, Matcher, ReviewSettings, SubmissionMatch};
use crate::catalog::normalize::Normalizer;
use crate::catalog::{Entry, EntryId, EquivalentRef, Level, Organisation, Submission, SubmittedEntry};

/// What to generate.
#[derive(Debug, Clone)]
pub struct Settings {
    pub catalog: usize,
    pub provinces: usize,
    pub rows: usize,
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings { catalog: 600, provinces: 34, rows: 5_000, seed: 0x0009_2026_0429 }
    }
}

/// The generated input with its truth.
#[derive(Debug)]
pub struct Corpus {
    pub catalog: Vec<Entry>,
    pub submissions: Vec<Submission>,
    /// Per submission, per row: the entry the row truly is.
    pub truth: Vec<Vec<Option<EntryId>>>,
    /// Per submission, per row: a near miss that must not match.
    pub near_miss: Vec<Vec<bool>>,
    /// Titles outside the catalog that many provinces have.
    pub shared_additions: Vec<String>,
}

/// Matches scored against the truth.
#[derive(Debug, Clone, Serialize)]
pub struct Scores {
    pub rows: usize,
    pub true_matches: usize,
    pub false_matches: usize,
    pub missed: usize,
    pub precision: f64,
    pub recall: f64,
    pub matched_rows: usize,
    pub uncertain_rows: usize,
    /// Uncertain rows whose first candidate is the true entry.
    pub uncertain_right_first: usize,
    pub unknown_rows: usize,
    pub near_misses: usize,
    pub near_misses_matched: usize,
}

/// Everything `duthao bench review` prints.
#[derive(Debug, Serialize)]
pub struct Figures {
    pub catalog_entries: usize,
    pub provinces: usize,
    pub rows: usize,
    pub generate_seconds: f64,
    /// The whole review: index, match, lists.
    pub review_seconds: f64,
    /// Processor time of the review, all threads (Linux only): on a busy machine the
    /// wall time above also counts waiting for a core.
    pub review_cpu_seconds: Option<f64>,
    pub index_seconds: f64,
    pub match_seconds: f64,
    pub lists_seconds: f64,
    pub rows_per_second: f64,
    pub scores: Scores,
    pub proposed_additions: usize,
    pub shared_additions: usize,
    pub shared_additions_proposed: usize,
    /// Entries lacked by at least one province.
    pub lacked_entries: usize,
    /// Rows at a level a province does not have.
    pub other_level_rows: usize,
    pub duplicate_rows: usize,
    pub equivalence_problems: usize,
    pub equivalence_seconds: f64,
}

/// Generates the input and times the whole review of it.
pub fn run(settings: &Settings) -> Figures {
    let started = Instant::now();
    let corpus = generate(settings);
    let generate_seconds = started.elapsed().as_secs_f64();

    let cpu_before = super::cpu_seconds(None);
    let started = Instant::now();
    let matcher = Matcher::new(&corpus.catalog);
    let index_seconds = started.elapsed().as_secs_f64();
    let matches = matcher.match_all(&corpus.submissions);
    let match_seconds = started.elapsed().as_secs_f64() - index_seconds;
    let review = matcher.review_country(&matches, ReviewSettings::default());
    let review_seconds = started.elapsed().as_secs_f64();
    let lists_seconds = review_seconds - index_seconds - match_seconds;
    let review_cpu_seconds = super::cpu_seconds(None).zip(cpu_before).map(|(after, before)| after - before);

    let started = Instant::now();
    let problems = crate::catalog::equivalence::check(&corpus.catalog);
    let equivalence_seconds = started.elapsed().as_secs_f64();
    for problem in problems.iter().take(5) {
        tracing::warn!(%problem, "generated catalog has an equivalence problem");
    }

    let normalizer = Normalizer::shared();
    let proposed: HashSet<&str> = review.proposed.iter().map(|p| p.key.as_str()).collect();
    let shared_additions_proposed = corpus
        .shared_additions
        .iter()
        .filter(|name| proposed.contains(normalizer.key(name).as_str()))
        .count();
    let rows: usize = corpus.submissions.iter().map(|s| s.entries.len()).sum();
    Figures {
        catalog_entries: corpus.catalog.len(),
        provinces: corpus.submissions.len(),
        rows,
        generate_seconds,
        review_seconds,
        review_cpu_seconds,
        index_seconds,
        match_seconds,
        lists_seconds,
        rows_per_second: rows as f64 / review_seconds.max(1e-9),
        scores: score(&corpus, &matches),
        proposed_additions: review.proposed.len(),
        shared_additions: corpus.shared_additions.len(),
        shared_additions_proposed,
        lacked_entries: review.lacking.len(),
        other_level_rows: review
            .organisations
            .iter()
            .flat_map(|o| &o.misfits)
            .filter(|m| matches!(m.reason, crate::catalog::matching::MisfitReason::OtherLevel { .. }))
            .count(),
        duplicate_rows: review.organisations.iter().map(|o| o.duplicates.len()).sum(),
        equivalence_problems: problems.len(),
        equivalence_seconds,
    }
}

/// The figures as the command prints them.
pub fn report(f: &Figures) -> String {
    let s = &f.scores;
    let mut out = format!(
        "review: {} provincial lists, {} rows, against a catalog of {} entries (generated in {:.2} s)\n",
        f.provinces, f.rows, f.catalog_entries, f.generate_seconds
    );
    out.push_str(&format!(
        "  whole review       {:>8.3} s  ({:.0} rows/s; index {:.3} s, match {:.3} s, lists {:.3} s)\n",
        f.review_seconds, f.rows_per_second, f.index_seconds, f.match_seconds, f.lists_seconds
    ));
    if let Some(cpu) = f.review_cpu_seconds {
        out.push_str(&format!("  processor time     {cpu:>8.3} s  (all threads)\n"));
    }
    out.push_str(&format!(
        "  matches            precision {:.4}  recall {:.4}  ({} right, {} wrong, {} missed)\n",
        s.precision, s.recall, s.true_matches, s.false_matches, s.missed
    ));
    out.push_str(&format!(
        "  rows               {} matched, {} uncertain for an editor ({} with the right entry first), {} unknown\n",
        s.matched_rows, s.uncertain_rows, s.uncertain_right_first, s.unknown_rows
    ));
    out.push_str(&format!(
        "  near misses        {} rows, {} matched\n",
        s.near_misses, s.near_misses_matched
    ));
    out.push_str(&format!(
        "  lists              {} entries lacked somewhere, {} rows at another level, {} duplicate rows, {} proposed additions ({} of {} shared additions found)\n",
        f.lacked_entries,
        f.other_level_rows,
        f.duplicate_rows,
        f.proposed_additions,
        f.shared_additions_proposed,
        f.shared_additions
    ));
    out.push_str(&format!(
        "  equivalences       {} problems in {:.1} ms\n",
        f.equivalence_problems,
        f.equivalence_seconds * 1000.0
    ));
    out
}

/// Scores the matched rows (`Matched` only: uncertain rows are not matches) against the truth.
pub fn score(corpus: &Corpus, matches: &[SubmissionMatch]) -> Scores {
    let mut s = Scores {
        rows: 0,
        true_matches: 0,
        false_matches: 0,
        missed: 0,
        precision: 0.0,
        recall: 0.0,
        matched_rows: 0,
        uncertain_rows: 0,
        uncertain_right_first: 0,
        unknown_rows: 0,
        near_misses: 0,
        near_misses_matched: 0,
    };
    for ((submission, matched), (truth, near_miss)) in
        corpus.submissions.iter().zip(matches).zip(corpus.truth.iter().zip(&corpus.near_miss))
    {
        // Rows are numbered from 2 (row 1 is the header); empty rows are not in `rows`.
        let mut decided = matched.rows.iter().peekable();
        for (i, entry) in submission.entries.iter().enumerate() {
            s.rows += 1;
            let outcome = match decided.peek() {
                Some(r) if r.row == entry.row => decided.next().map(|r| &r.outcome),
                _ => None,
            };
            let predicted = outcome.and_then(MatchOutcome::entry);
            let actual = truth[i];
            match outcome {
                Some(MatchOutcome::Matched { .. }) => s.matched_rows += 1,
                Some(MatchOutcome::Uncertain { candidates }) => {
                    s.uncertain_rows += 1;
                    if actual.is_some() && candidates.first().map(|c| c.entry) == actual {
                        s.uncertain_right_first += 1;
                    }
                }
                _ => s.unknown_rows += 1,
            }
            if near_miss[i] {
                s.near_misses += 1;
                if predicted.is_some() {
                    s.near_misses_matched += 1;
                }
            }
            match (predicted, actual) {
                (Some(p), Some(a)) if p == a => s.true_matches += 1,
                (Some(_), Some(_)) => {
                    s.false_matches += 1;
                    s.missed += 1;
                }
                (Some(_), None) => s.false_matches += 1,
                (None, Some(_)) => s.missed += 1,
                (None, None) => {}
            }
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    s.precision = ratio(s.true_matches, s.true_matches + s.false_matches);
    s.recall = ratio(s.true_matches, s.true_matches + s.missed);
    s
}

// ---------------------------------------------------------------------------------
// The catalog.

/// A generated title: its name, and the role and body it is made of (for the variant
/// that puts the body in the unit column).
#[derive(Debug, Clone)]
struct Title {
    role: String,
    body: String,
    level: Level,
    group: &'static str,
    equivalent: Option<&'static str>,
}

impl Title {
    fn name(&self) -> String {
        if self.body.is_empty() { self.role.clone() } else { format!("{} {}", self.role, self.body) }
    }
}

fn title(
    role: &str,
    body: &str,
    level: Level,
    group: &'static str,
    equivalent: Option<&'static str>,
) -> Title {
    Title { role: role.to_owned(), body: body.to_owned(), level, group, equivalent }
}

const MINISTER: &str = "Bộ trưởng";
const VICE_MINISTER: &str = "Thứ trưởng";
const DIRECTOR_GENERAL: &str = "Cục trưởng thuộc bộ";
const DIRECTOR: &str = "Vụ trưởng thuộc bộ";
const DEPUTY_DIRECTOR: &str = "Phó Vụ trưởng thuộc bộ";
const HEAD_OF_DIVISION: &str = "Trưởng phòng thuộc cục thuộc bộ";
const DEPUTY_HEAD_OF_DIVISION: &str = "Phó Trưởng phòng thuộc cục thuộc bộ";

const MINISTRIES: &[&str] = &[
    "Bộ Nội vụ",
    "Bộ Tài chính",
    "Bộ Tư pháp",
    "Bộ Y tế",
    "Bộ Giáo dục và Đào tạo",
    "Bộ Xây dựng",
    "Bộ Công Thương",
    "Bộ Nông nghiệp và Môi trường",
    "Bộ Khoa học và Công nghệ",
    "Bộ Văn hóa, Thể thao và Du lịch",
    "Bộ Ngoại giao",
    "Bộ Dân tộc và Tôn giáo",
    "Bộ Quốc phòng",
    "Bộ Công an",
];
const MINISTRY_DEPARTMENTS: &[&str] = &[
    "Vụ Tổ chức cán bộ",
    "Vụ Pháp chế",
    "Vụ Kế hoạch - Tài chính",
    "Vụ Hợp tác quốc tế",
    "Vụ Thi đua - Khen thưởng",
    "Vụ Khoa học, Công nghệ và Môi trường",
    "Vụ Tổng hợp",
    "Vụ Cải cách hành chính",
    "Vụ Đào tạo",
    "Vụ Quản lý chất lượng",
];

const DEPARTMENTS: &[&str] = &[
    "Sở Nội vụ",
    "Sở Tài chính",
    "Sở Tư pháp",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Xây dựng",
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Sở Khoa học và Công nghệ",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Dân tộc và Tôn giáo",
];
const DIVISIONS: &[&str] = &[
    "Phòng Tổ chức cán bộ",
    "Phòng Kế hoạch - Tài chính",
    "Phòng Pháp chế",
    "Phòng Quản lý chuyên ngành",
    "Phòng Thanh tra, kiểm tra",
    "Phòng Cải cách hành chính",
    "Phòng Hợp tác và Đầu tư",
];
/// Divisions no department has in the catalog: near misses.
const OTHER_DIVISIONS: &[&str] =
    &["Phòng Quản lý giá", "Phòng Hợp tác quốc tế", "Phòng Thông tin - Truyền thông", "Phòng Quản lý đô thị"];

/// Every title, the most important first; the catalog takes the first N.
fn all_titles() -> Vec<Title> {
    use Level::{Central, Commune, Provincial};
    let mut t = vec![
        title(MINISTER, "", Central, "I", None),
        title(VICE_MINISTER, "", Central, "II", None),
        title(DIRECTOR_GENERAL, "", Central, "III", None),
        title("Phó Cục trưởng thuộc bộ", "", Central, "III", None),
        title(DIRECTOR, "", Central, "III", None),
        title(DEPUTY_DIRECTOR, "", Central, "III", None),
        title(HEAD_OF_DIVISION, "", Central, "III", None),
        title(DEPUTY_HEAD_OF_DIVISION, "", Central, "III", None),
        title("Chủ nhiệm", "Ủy ban Kiểm tra Trung ương", Central, "I", Some(MINISTER)),
        title("Phó Chủ nhiệm", "Ủy ban Kiểm tra Trung ương", Central, "II", Some(VICE_MINISTER)),
        title("Chánh Văn phòng", "Trung ương Đảng", Central, "I", Some(MINISTER)),
        title("Phó Chánh Văn phòng", "Trung ương Đảng", Central, "II", Some(VICE_MINISTER)),
    ];
    for body in [
        "Ban Tổ chức Trung ương",
        "Ban Tuyên giáo và Dân vận Trung ương",
        "Ban Nội chính Trung ương",
        "Ban Chính sách, chiến lược Trung ương",
        "Ban Đối ngoại Trung ương",
    ] {
        t.push(title("Trưởng", body, Central, "I", Some(MINISTER)));
        t.push(title("Phó Trưởng", body, Central, "II", Some(VICE_MINISTER)));
    }
    // Provincial key titles.
    for (role, body, group, equivalent) in [
        ("Bí thư", "Tỉnh ủy", "I", MINISTER),
        ("Phó Bí thư Thường trực", "Tỉnh ủy", "I", VICE_MINISTER),
        ("Phó Bí thư", "Tỉnh ủy", "I", VICE_MINISTER),
        ("Ủy viên Ban Thường vụ", "Tỉnh ủy", "II", DIRECTOR_GENERAL),
        ("Chủ tịch", "Hội đồng nhân dân tỉnh", "I", VICE_MINISTER),
        ("Phó Chủ tịch Thường trực", "Hội đồng nhân dân tỉnh", "II", DIRECTOR_GENERAL),
        ("Phó Chủ tịch", "Hội đồng nhân dân tỉnh", "II", DIRECTOR_GENERAL),
        ("Chủ tịch", "Ủy ban nhân dân tỉnh", "I", VICE_MINISTER),
        ("Phó Chủ tịch Thường trực", "Ủy ban nhân dân tỉnh", "II", DIRECTOR_GENERAL),
        ("Phó Chủ tịch", "Ủy ban nhân dân tỉnh", "II", DIRECTOR_GENERAL),
        ("Chủ tịch", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "II", DIRECTOR_GENERAL),
        ("Phó Chủ tịch", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "III", DEPUTY_DIRECTOR),
        ("Trưởng", "Đoàn đại biểu Quốc hội tỉnh", "II", DIRECTOR_GENERAL),
        ("Phó Trưởng", "Đoàn đại biểu Quốc hội tỉnh", "III", DIRECTOR),
    ] {
        t.push(title(role, body, Provincial, group, Some(equivalent)));
    }
    for (head, deputy, body) in [
        ("Trưởng", "Phó Trưởng", "Ban Tổ chức Tỉnh ủy"),
        ("Trưởng", "Phó Trưởng", "Ban Tuyên giáo và Dân vận Tỉnh ủy"),
        ("Trưởng", "Phó Trưởng", "Ban Nội chính Tỉnh ủy"),
        ("Chủ nhiệm", "Phó Chủ nhiệm", "Ủy ban Kiểm tra Tỉnh ủy"),
        ("Chánh Văn phòng", "Phó Chánh Văn phòng", "Tỉnh ủy"),
        ("Hiệu trưởng", "Phó Hiệu trưởng", "Trường Chính trị tỉnh"),
        ("Chánh Thanh tra", "Phó Chánh Thanh tra", "tỉnh"),
        ("Chánh Văn phòng", "Phó Chánh Văn phòng", "Ủy ban nhân dân tỉnh"),
        ("Chánh Văn phòng", "Phó Chánh Văn phòng", "Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh"),
    ] {
        t.push(title(head, body, Provincial, "III", Some(DIRECTOR)));
        t.push(title(deputy, body, Provincial, "III", Some(DEPUTY_DIRECTOR)));
    }
    for department in DEPARTMENTS {
        t.push(title("Giám đốc", department, Provincial, "III", Some(DIRECTOR)));
        t.push(title("Phó Giám đốc", department, Provincial, "III", Some(DEPUTY_DIRECTOR)));
    }
    for committee in
        ["Ban Kinh tế - Ngân sách", "Ban Pháp chế", "Ban Văn hóa - Xã hội", "Ban Dân tộc", "Ban Đô thị"]
    {
        let body = format!("{committee} Hội đồng nhân dân tỉnh");
        t.push(title("Trưởng", &body, Provincial, "III", Some(DIRECTOR)));
        t.push(title("Phó Trưởng", &body, Provincial, "III", Some(DEPUTY_DIRECTOR)));
    }
    // Commune titles.
    for (role, body, equivalent) in [
        ("Bí thư", "Đảng ủy xã", DEPUTY_DIRECTOR),
        ("Phó Bí thư", "Đảng ủy xã", DEPUTY_DIRECTOR),
        ("Chủ tịch", "Hội đồng nhân dân xã", DEPUTY_DIRECTOR),
        ("Phó Chủ tịch", "Hội đồng nhân dân xã", HEAD_OF_DIVISION),
        ("Chủ tịch", "Ủy ban nhân dân xã", DEPUTY_DIRECTOR),
        ("Phó Chủ tịch", "Ủy ban nhân dân xã", HEAD_OF_DIVISION),
        ("Chủ tịch", "Ủy ban Mặt trận Tổ quốc Việt Nam xã", HEAD_OF_DIVISION),
        ("Phó Chủ tịch", "Ủy ban Mặt trận Tổ quốc Việt Nam xã", DEPUTY_HEAD_OF_DIVISION),
        ("Trưởng", "Ban Xây dựng Đảng Đảng ủy xã", HEAD_OF_DIVISION),
        ("Phó Trưởng", "Ban Xây dựng Đảng Đảng ủy xã", DEPUTY_HEAD_OF_DIVISION),
        ("Chánh Văn phòng", "Đảng ủy xã", HEAD_OF_DIVISION),
        ("Phó Chánh Văn phòng", "Đảng ủy xã", DEPUTY_HEAD_OF_DIVISION),
        ("Chủ nhiệm", "Ủy ban Kiểm tra Đảng ủy xã", HEAD_OF_DIVISION),
        ("Phó Chủ nhiệm", "Ủy ban Kiểm tra Đảng ủy xã", DEPUTY_HEAD_OF_DIVISION),
        ("Chánh Văn phòng", "Hội đồng nhân dân và Ủy ban nhân dân xã", HEAD_OF_DIVISION),
        ("Phó Chánh Văn phòng", "Hội đồng nhân dân và Ủy ban nhân dân xã", DEPUTY_HEAD_OF_DIVISION),
        ("Trưởng phòng", "Kinh tế xã", DEPUTY_HEAD_OF_DIVISION),
        ("Phó Trưởng phòng", "Kinh tế xã", DEPUTY_HEAD_OF_DIVISION),
        ("Trưởng phòng", "Văn hóa - Xã hội xã", DEPUTY_HEAD_OF_DIVISION),
        ("Phó Trưởng phòng", "Văn hóa - Xã hội xã", DEPUTY_HEAD_OF_DIVISION),
        ("Giám đốc", "Trung tâm Phục vụ hành chính công xã", DEPUTY_HEAD_OF_DIVISION),
        ("Phó Giám đốc", "Trung tâm Phục vụ hành chính công xã", DEPUTY_HEAD_OF_DIVISION),
        ("Trưởng", "Ban Kinh tế - Ngân sách Hội đồng nhân dân xã", DEPUTY_HEAD_OF_DIVISION),
        ("Phó Trưởng", "Ban Kinh tế - Ngân sách Hội đồng nhân dân xã", DEPUTY_HEAD_OF_DIVISION),
        ("Trưởng", "Ban Văn hóa - Xã hội Hội đồng nhân dân xã", DEPUTY_HEAD_OF_DIVISION),
        ("Phó Trưởng", "Ban Văn hóa - Xã hội Hội đồng nhân dân xã", DEPUTY_HEAD_OF_DIVISION),
    ] {
        t.push(title(role, body, Commune, "IV", Some(equivalent)));
    }
    // Divisions of the provincial departments.
    for department in DEPARTMENTS {
        t.push(title("Chánh Văn phòng", department, Provincial, "III", Some(HEAD_OF_DIVISION)));
        t.push(title("Phó Chánh Văn phòng", department, Provincial, "III", Some(DEPUTY_HEAD_OF_DIVISION)));
        for division in DIVISIONS {
            let rest = division.strip_prefix("Phòng ").unwrap_or(division);
            let body = format!("{rest} {department}");
            t.push(title("Trưởng phòng", &body, Provincial, "III", Some(HEAD_OF_DIVISION)));
            t.push(title("Phó Trưởng phòng", &body, Provincial, "III", Some(DEPUTY_HEAD_OF_DIVISION)));
        }
    }
    // Ministries, last: the catalog is cut to size here.
    for ministry in MINISTRIES {
        t.push(title("Bộ trưởng", ministry, Central, "I", Some(MINISTER)));
        t.push(title("Thứ trưởng", ministry, Central, "II", Some(VICE_MINISTER)));
        t.push(title("Chánh Văn phòng", ministry, Central, "III", Some(DIRECTOR)));
        t.push(title("Phó Chánh Văn phòng", ministry, Central, "III", Some(DEPUTY_DIRECTOR)));
    }
    for department in MINISTRY_DEPARTMENTS {
        for ministry in MINISTRIES {
            let body = format!("{department} {ministry}");
            t.push(title("Vụ trưởng", &body, Central, "III", Some(DIRECTOR)));
            t.push(title("Phó Vụ trưởng", &body, Central, "III", Some(DEPUTY_DIRECTOR)));
        }
    }
    t
}

/// Titles the catalog lacks that many provinces have (the additions to propose).
const SHARED_ADDITIONS: &[(&str, Level)] = &[
    ("Giám đốc Trung tâm Phục vụ hành chính công tỉnh", Level::Provincial),
    ("Phó Giám đốc Trung tâm Phục vụ hành chính công tỉnh", Level::Provincial),
    ("Trưởng Ban Quản lý các khu công nghiệp tỉnh", Level::Provincial),
    ("Phó Trưởng Ban Quản lý các khu công nghiệp tỉnh", Level::Provincial),
    ("Giám đốc Ban Quản lý dự án đầu tư xây dựng tỉnh", Level::Provincial),
    ("Chủ tịch Hội Nông dân tỉnh", Level::Provincial),
    ("Chủ tịch Hội Cựu chiến binh tỉnh", Level::Provincial),
    ("Chủ tịch Hội Liên hiệp Phụ nữ tỉnh", Level::Provincial),
    ("Chủ tịch Liên đoàn Lao động tỉnh", Level::Provincial),
    ("Bí thư Tỉnh đoàn", Level::Provincial),
    ("Phó Bí thư Tỉnh đoàn", Level::Provincial),
    ("Giám đốc Đài Phát thanh và Truyền hình tỉnh", Level::Provincial),
    ("Tổng Biên tập Báo tỉnh", Level::Provincial),
    ("Phó Tổng Biên tập Báo tỉnh", Level::Provincial),
    ("Giám đốc Quỹ Đầu tư phát triển tỉnh", Level::Provincial),
    ("Giám đốc Trung tâm Kiểm soát bệnh tật tỉnh", Level::Provincial),
    ("Chỉ huy trưởng Ban Chỉ huy quân sự xã", Level::Commune),
    ("Trưởng Công an xã", Level::Commune),
    ("Giám đốc Trung tâm Dịch vụ nông nghiệp xã", Level::Commune),
    ("Chủ tịch Hội Nông dân xã", Level::Commune),
    ("Bí thư Đoàn Thanh niên Cộng sản Hồ Chí Minh xã", Level::Commune),
    ("Chủ tịch Hội Liên hiệp Phụ nữ xã", Level::Commune),
    ("Chủ tịch Hội Cựu chiến binh xã", Level::Commune),
    ("Trưởng Trạm Y tế xã", Level::Commune),
];

/// Near misses that must not match: merged or abolished bodies, the district level, a
/// "Phó" missing from a deputy-only title.
const NEAR_MISSES: &[&str] = &[
    "Giám đốc Sở Kế hoạch và Đầu tư",
    "Phó Giám đốc Sở Kế hoạch và Đầu tư",
    "Giám đốc Sở Lao động - Thương binh và Xã hội",
    "Phó Giám đốc Sở Lao động - Thương binh và Xã hội",
    "Giám đốc Sở Giao thông vận tải",
    "Giám đốc Sở Thông tin và Truyền thông",
    "Phó Giám đốc Sở Tài nguyên và Môi trường",
    "Giám đốc Sở Du lịch",
    "Trưởng Ban Dân vận Tỉnh ủy",
    "Phó Trưởng Ban Tuyên giáo Tỉnh ủy",
    "Trưởng Ban Tuyên giáo Đảng ủy xã",
    "Bí thư Huyện ủy",
    "Phó Bí thư Huyện ủy",
    "Chủ tịch Ủy ban nhân dân huyện",
    "Phó Chủ tịch Ủy ban nhân dân huyện",
    "Chủ tịch Hội đồng nhân dân huyện",
    "Chánh Văn phòng Huyện ủy",
    "Trưởng phòng Nội vụ huyện",
    "Bí thư Thường trực Tỉnh ủy",
    "Chủ tịch Thường trực Ủy ban nhân dân tỉnh",
    "Chủ tịch Thường trực Hội đồng nhân dân tỉnh",
    "Chánh Thanh tra Sở Y tế",
    "Chánh Thanh tra Sở Xây dựng",
    "Trưởng ban Tổ chức Đảng ủy xã",
];

/// Titles only one province has: formed with one of its own place names.
const LOCAL_TITLES: &[&str] = &[
    "Trưởng Ban Quản lý Khu di tích",
    "Giám đốc Bảo tàng",
    "Trưởng Ban Quản lý Vườn quốc gia",
    "Giám đốc Trung tâm Văn hóa - Thể thao",
    "Trưởng Ban Quản lý Khu du lịch",
    "Hiệu trưởng Trường Cao đẳng",
];

/// Commune names are made of two syllables; every province gets its own.
const COMMUNE_FIRST: &[&str] = &[
    "Tân", "Bình", "Phú", "An", "Hòa", "Thạnh", "Long", "Đông", "Tây", "Xuân", "Hưng", "Vĩnh", "Thanh",
    "Quảng", "Đức", "Minh", "Hải", "Trung", "Kim", "Ngọc", "Mỹ", "Phước", "Thái", "Cẩm", "Diễn", "Nghĩa",
    "Hương", "Lạc", "Yên", "Hồng", "Quang", "Vạn", "Thiệu", "Triệu", "Hiệp", "Tam", "Tứ", "Ngũ", "Cao",
    "Sơn",
];
const COMMUNE_SECOND: &[&str] = &[
    "Lập", "Thành", "Hưng", "Phú", "Lợi", "Hòa", "Sơn", "Tiến", "Thịnh", "Lâm", "Phong", "Mỹ", "Khánh",
    "Lộc", "Thuận", "Định", "Lưu", "Châu", "Quý", "Thủy", "Trạch", "Đồng", "Xá", "Điền", "Hiệp", "Kỳ",
    "Nguyên", "Bảo", "Cường", "Tường", "Dương", "Giao", "Đạt", "Phát", "Trung", "Vinh", "Tín", "Nhân", "Hải",
    "Tâm",
];
/// Communes per province.
const COMMUNES: usize = 45;

const PROVINCES_CSV: &str = include_str!("../../seed/provincial-units-2025.csv");

/// The 34 provincial units: (short name, is a city).
fn provinces() -> Vec<(String, bool)> {
    PROVINCES_CSV
        .lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            Some((fields.first()?.to_string(), *fields.get(2)? == "city"))
        })
        .collect()
}

/// Generates the catalog and the provincial lists with their truth.
pub fn generate(settings: &Settings) -> Corpus {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(settings.seed);
    let mut titles = all_titles();
    titles.truncate(settings.catalog.max(1));
    let catalog: Vec<Entry> = titles
        .iter()
        .enumerate()
        .map(|(i, t)| Entry {
            id: EntryId(i as i64 + 1),
            name: t.name(),
            group: t.group.to_owned(),
            level: Some(t.level),
            equivalent_to: t.equivalent.map(|e| EquivalentRef::Name(e.to_owned())).into_iter().collect(),
        })
        .collect();
    let catalog_names: HashSet<String> = catalog.iter().map(|e| e.name.to_lowercase()).collect();
    let local_titles: Vec<usize> = (0..titles.len()).filter(|&i| titles[i].level != Level::Central).collect();
    let central_titles: Vec<usize> =
        (0..titles.len()).filter(|&i| titles[i].level == Level::Central).collect();

    let mut near_misses: Vec<String> = NEAR_MISSES.iter().map(|s| (*s).to_owned()).collect();
    for department in DEPARTMENTS {
        for division in OTHER_DIVISIONS {
            let rest = division.strip_prefix("Phòng ").unwrap_or(division);
            near_misses.push(format!("Trưởng phòng {rest} {department}"));
            near_misses.push(format!("Phó Trưởng phòng {rest} {department}"));
        }
    }
    near_misses.retain(|n| !catalog_names.contains(&n.to_lowercase()));

    let mut submissions = Vec::new();
    let mut truth = Vec::new();
    let mut near_miss_flags = Vec::new();
    let mut all_communes: Vec<String> = COMMUNE_FIRST
        .iter()
        .flat_map(|first| {
            COMMUNE_SECOND
                .iter()
                .filter(move |second| *second != first)
                .map(move |second| format!("{first} {second}"))
        })
        .collect();
    all_communes.shuffle(&mut rng);
    let mut commune_lists = all_communes.chunks(COMMUNES);
    for (province, is_city) in provinces().into_iter().take(settings.provinces) {
        let communes: Vec<String> = commune_lists.next().map(<[String]>::to_vec).unwrap_or_default();
        // Each province lacks some titles, and has some of the shared additions.
        let held: Vec<usize> = local_titles.iter().copied().filter(|_| !rng.random_bool(0.05)).collect();
        let additions: Vec<usize> = (0..SHARED_ADDITIONS.len()).filter(|_| rng.random_bool(0.7)).collect();
        let ctx = Province { name: &province, is_city, communes: &communes };
        let mut entries = Vec::with_capacity(settings.rows);
        let mut row_truth = Vec::with_capacity(settings.rows);
        let mut row_near_miss = Vec::with_capacity(settings.rows);
        for i in 0..settings.rows {
            let row = i + 2;
            let roll = rng.random_range(0..100u32);
            let (name, unit, actual, near) = if roll < 80 || additions.is_empty() {
                let &t = held.choose(&mut rng).or(local_titles.first()).unwrap_or(&0);
                let (name, unit) = vary_title(&mut rng, &titles[t], &ctx);
                (name, unit, Some(catalog[t].id), false)
            } else if roll < 81 && !central_titles.is_empty() {
                let &t = central_titles.choose(&mut rng).unwrap_or(&0);
                let (name, unit) = vary_title(&mut rng, &titles[t], &ctx);
                (name, unit, Some(catalog[t].id), false)
            } else if roll < 89 {
                let &a = additions.choose(&mut rng).unwrap_or(&0);
                let (name, level) = SHARED_ADDITIONS[a];
                let (name, unit) = vary(&mut rng, name, level, &ctx);
                (name, unit, None, false)
            } else if roll < 92 {
                let local = LOCAL_TITLES.choose(&mut rng).copied().unwrap_or("Giám đốc Bảo tàng");
                let place = communes.choose(&mut rng).cloned().unwrap_or_default();
                let (name, unit) = vary(&mut rng, &format!("{local} {place}"), Level::Provincial, &ctx);
                (name, unit, None, false)
            } else {
                let near = near_misses.choose(&mut rng).cloned().unwrap_or_default();
                let level = if near.ends_with(" xã") { Level::Commune } else { Level::Provincial };
                let (name, unit) = vary(&mut rng, &near, level, &ctx);
                (name, unit, None, true)
            };
            entries.push(SubmittedEntry { row, name, unit, holders: Vec::new() });
            row_truth.push(actual);
            row_near_miss.push(near);
        }
        let name = if is_city { format!("Thành phố {province}") } else { format!("Tỉnh {province}") };
        submissions.push(Submission { organisation: Organisation::province(&name), entries });
        truth.push(row_truth);
        near_miss_flags.push(row_near_miss);
    }
    Corpus {
        catalog,
        submissions,
        truth,
        near_miss: near_miss_flags,
        shared_additions: SHARED_ADDITIONS.iter().map(|(n, _)| (*n).to_owned()).collect(),
    }
}

struct Province<'a> {
    name: &'a str,
    is_city: bool,
    communes: &'a [String],
}

/// A catalog title as a province writes it; sometimes the role in the name column
/// and the body in the unit column.
fn vary_title(rng: &mut Xoshiro256PlusPlus, title: &Title, ctx: &Province) -> (String, Option<String>) {
    if title.level != Level::Central && !title.body.is_empty() && rng.random_bool(0.06) {
        // The unit column carries the body, as the province writes it.
        let (body, _) = vary(rng, &title.body, title.level, ctx);
        return (cosmetic(rng, &title.role), Some(body));
    }
    vary(rng, &title.name(), title.level, ctx)
}

/// A name as a province writes it, and the unit column.
fn vary(rng: &mut Xoshiro256PlusPlus, name: &str, level: Level, ctx: &Province) -> (String, Option<String>) {
    let mut name = name.to_owned();
    let mut unit: Option<String> = None;
    let city = ctx.is_city && level == Level::Provincial && rng.random_bool(0.6);
    if city {
        name = name.replace("Tỉnh ủy", "Thành ủy").replace("tỉnh ủy", "thành ủy");
        if let Some(stem) = name.strip_suffix(" tỉnh") {
            name = format!("{stem} thành phố");
        }
    }
    match level {
        Level::Provincial if rng.random_bool(0.3) => {
            let ends_with_level =
                ["tỉnh", "thành phố", "Tỉnh ủy", "Thành ủy"].iter().any(|w| name.ends_with(w));
            if ends_with_level {
                name = format!("{name} {}", ctx.name);
            } else {
                let designator = match (city, rng.random_bool(0.3)) {
                    (true, true) => "TP.",
                    (true, false) => "thành phố",
                    (false, _) => "tỉnh",
                };
                name = format!("{name} {designator} {}", ctx.name);
            }
        }
        Level::Provincial if rng.random_bool(0.3) => {
            unit = Some(if city {
                format!("Thành phố {}", ctx.name)
            } else {
                format!("Tỉnh {}", ctx.name)
            });
        }
        Level::Commune => {
            let commune = ctx.communes.choose(rng).cloned().unwrap_or_default();
            let kind = if rng.random_bool(0.2) { "phường" } else { "xã" };
            if rng.random_bool(0.4)
                && let Some(stem) = name.strip_suffix(" xã")
            {
                name = format!("{stem} {kind} {commune}");
            }
            let unit_name = if rng.random_bool(0.15) {
                format!("UBND {kind} {commune}")
            } else {
                format!("{kind} {commune}")
            };
            unit = Some(capitalise_first(&unit_name));
        }
        _ => {}
    }
    (cosmetic(rng, &name), unit)
}

/// Abbreviations, tone placement, capitalisation, spaces, punctuation and NFD.
fn cosmetic(rng: &mut Xoshiro256PlusPlus, name: &str) -> String {
    let mut name = name.to_owned();
    if rng.random_bool(0.35) {
        for (long, short) in [
            ("Ủy ban nhân dân", "UBND"),
            ("Hội đồng nhân dân", "HĐND"),
            ("Ủy ban Mặt trận Tổ quốc Việt Nam", "Ủy ban MTTQ Việt Nam"),
            ("Mặt trận Tổ quốc", "MTTQ"),
            ("Ban Thường vụ", "BTV"),
            ("Ủy ban Kiểm tra", "UBKT"),
            ("Đoàn đại biểu Quốc hội", "Đoàn ĐBQH"),
            ("Trung ương", "TW"),
            ("Giáo dục và Đào tạo", "GD&ĐT"),
            ("Khoa học và Công nghệ", "KH&CN"),
            ("Nông nghiệp và Môi trường", "NN&MT"),
            ("Văn hóa, Thể thao và Du lịch", "VH-TT&DL"),
            ("Dân tộc và Tôn giáo", "DT&TG"),
            ("Kế hoạch và Đầu tư", "KH&ĐT"),
            ("Lao động - Thương binh và Xã hội", "LĐ-TB&XH"),
            ("Tài nguyên và Môi trường", "TN&MT"),
            ("Giám đốc", "GĐ"),
            ("thành phố", "TP."),
        ] {
            if name.contains(long) && rng.random_bool(0.6) {
                name = name.replace(long, short);
            }
        }
        if rng.random_bool(0.3) {
            name = name.replace("TW", "T.Ư");
        }
        if let Some(rest) = name.strip_prefix("Phó ")
            && rng.random_bool(0.6)
        {
            let short = ["P. ", "P.", "P "].choose(rng).copied().unwrap_or("P. ");
            name = format!("{short}{rest}");
        }
    }
    if rng.random_bool(0.3) {
        for (old, new) in [
            ("Ủy", "Uỷ"),
            ("ủy", "uỷ"),
            ("hóa", "hoá"),
            ("Hóa", "Hoá"),
            ("hòa", "hoà"),
            ("Hòa", "Hoà"),
            ("thủy", "thuỷ"),
            ("Thủy", "Thuỷ"),
            ("Quý", "Qúy"),
        ] {
            name = name.replace(old, new);
        }
    }
    let case = rng.random_range(0..100u32);
    if case < 25 {
        // "Phó Trưởng ban" → "Phó trưởng Ban": the first letter of some words flipped.
        name = name
            .split(' ')
            .map(|word| {
                let upper = word.chars().skip(1).any(char::is_uppercase);
                if !upper && rng.random_bool(0.3) { flip_first(word) } else { word.to_owned() }
            })
            .collect::<Vec<_>>()
            .join(" ");
    } else if case < 31 {
        name = name.to_uppercase();
    } else if case < 35 {
        name = name.to_lowercase();
    }
    if rng.random_bool(0.2) {
        let words: Vec<&str> = name.split(' ').collect();
        let mut spaced = String::with_capacity(name.len() + 8);
        if rng.random_bool(0.3) {
            spaced.push(' ');
        }
        for (i, word) in words.iter().enumerate() {
            if i > 0 {
                spaced.push_str([" ", " ", "  ", "\u{a0}", "\t"].choose(rng).copied().unwrap_or(" "));
            }
            spaced.push_str(word);
        }
        if rng.random_bool(0.3) {
            spaced.push_str("  ");
        }
        name = spaced;
    }
    if rng.random_bool(0.05) {
        name = match rng.random_range(0..3u32) {
            0 => format!("- {name}"),
            1 => format!("{name}."),
            _ => format!("{name};"),
        };
    }
    if rng.random_bool(0.1) {
        use unicode_normalization::UnicodeNormalization;
        name = name.nfd().collect();
    }
    name
}

fn flip_first(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) if first.is_uppercase() => first.to_lowercase().chain(chars).collect(),
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn capitalise_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_has_the_asked_size_and_a_consistent_table() {
        let corpus = generate(&Settings { catalog: 600, provinces: 1, rows: 10, seed: 1 });
        assert_eq!(corpus.catalog.len(), 600);
        let names: HashSet<String> =
            corpus.catalog.iter().map(|e| Normalizer::shared().key(&e.name)).collect();
        assert_eq!(names.len(), 600, "catalog keys must be distinct");
        assert_eq!(crate::catalog::equivalence::check(&corpus.catalog), []);
    }

    #[test]
    fn generation_is_deterministic() {
        let settings = Settings { catalog: 600, provinces: 2, rows: 200, seed: 7 };
        let (a, b) = (generate(&settings), generate(&settings));
        assert_eq!(a.submissions, b.submissions);
        assert_eq!(a.truth, b.truth);
    }

    /// Not a benchmark: the quality of matching on a small generated set, untimed.
    #[test]
    fn matches_reach_the_goal_on_a_small_set() {
        let corpus = generate(&Settings { catalog: 600, provinces: 4, rows: 1_500, seed: 11 });
        let matcher = Matcher::new(&corpus.catalog);
        let matches = matcher.match_all(&corpus.submissions);
        let scores = score(&corpus, &matches);
        assert!(scores.precision >= 0.97, "{scores:?}");
        assert!(scores.recall >= 0.97, "{scores:?}");
        assert!(scores.near_misses > 0);
        assert_eq!(scores.near_misses_matched, 0, "{scores:?}");
    }
}
