//! A consultation's statistics as pictures: the draft shaded by comments per
//! provision (a heat map of the document), comments per organisation, per province,
//! per channel and per day, answering progress, and the invited organisations that
//! have not answered. Every chart is an SVG drawn here (no script), followed by its
//! numbers as a table for screen readers, and downloadable as CSV.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::Path;
use super::auth::AuthSession;
use super::editor::editor;
use super::{AppError, AppState, Chrome};
use crate::domain::Channel;
use crate::i18n::Lang;
use crate::storage::{consultations, dispositions, drafts, now_ms, organisations, statistics};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/editor/consultations/{id}/statistics", get(statistics_page))
        .route("/editor/consultations/{id}/statistics/{chart}", get(chart_csv))
}

/// One bar of a chart.
struct Bar {
    label: String,
    /// Whether the label is content (an organisation's name) rather than interface text.
    content: bool,
    value: i64,
    value_text: String,
    /// Bar length in pixels.
    width: i64,
    /// Vertical position in the SVG.
    y: i64,
}

/// A horizontal bar chart with its numbers.
struct Chart {
    id: &'static str,
    title: String,
    /// What is counted ("góp ý"), for the CSV.
    unit: String,
    /// The heading of the numbers' column ("Số góp ý").
    count_header: String,
    bars: Vec<Bar>,
    height: i64,
}

const BAR_AREA: i64 = 380;
const ROW: i64 = 24;

/// A chart of comments called `title` (a key); rows are (label, is content, count).
fn chart(lang: Lang, id: &'static str, title: &str, rows: Vec<(String, bool, i64)>) -> Chart {
    let max = rows.iter().map(|r| r.2).max().unwrap_or(0).max(1);
    let bars: Vec<Bar> = rows
        .into_iter()
        .enumerate()
        .map(|(i, (label, content, value))| Bar {
            label,
            content,
            value,
            value_text: lang.number(value),
            width: (value * BAR_AREA / max).max(i64::from(value > 0)),
            y: i as i64 * ROW,
        })
        .collect();
    let height = (bars.len() as i64 * ROW).max(ROW);
    Chart {
        id,
        title: lang.t(title),
        unit: lang.t_n("ed-stats-comments", "count", 2),
        count_header: lang.t("ed-stats-col-count"),
        bars,
        height,
    }
}

/// A provision of the heat map.
struct HeatRow {
    label: String,
    heading: String,
    depth: i64,
    count: i64,
    /// 0 (none) to 5 (the most commented provision).
    level: i64,
}

struct HeatMap {
    /// The draft's title.
    draft: String,
    version_number: i64,
    rows: Vec<HeatRow>,
    whole_draft: i64,
}

struct Pending {
    organisation: String,
    due_at: i64,
    overdue: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "editor/statistics.html")]
struct StatisticsPage {
    chrome: Chrome,
    consultation_id: i64,
    consultation_title: String,
    total: i64,
    heat_maps: Vec<HeatMap>,
    charts: Vec<Chart>,
    progress: Vec<dispositions::Progress>,
    pending: Vec<Pending>,
}

async fn statistics_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
) -> Result<StatisticsPage, AppError> {
    editor(&auth, &chrome)?;
    let consultation = consultations::get(&state.db.pool, id).await?.ok_or(AppError::NotFound)?;
    let per_provision = statistics::per_provision(&state.db, id).await?;
    let counts: HashMap<(i64, i64), i64> = per_provision.iter().map(|&(v, p, n)| ((v, p), n)).collect();
    let total: i64 = per_provision.iter().map(|r| r.2).sum();

    let mut heat_maps = Vec::new();
    for version_id in consultations::version_ids(&state.db.pool, id).await? {
        let Some(version) = drafts::get_version(&state.db.pool, version_id).await? else { continue };
        let draft = drafts::get_draft(&state.db.pool, version.draft_id).await?.ok_or(AppError::NotFound)?;
        let provisions = drafts::provisions(&state.db.pool, version_id).await?;
        let max = provisions
            .iter()
            .filter_map(|p| counts.get(&(version_id, p.id)))
            .copied()
            .max()
            .unwrap_or(0)
            .max(1);
        heat_maps.push(HeatMap {
            draft: draft.title,
            version_number: version.number,
            rows: provisions
                .iter()
                .map(|p| {
                    let n = counts.get(&(version_id, p.id)).copied().unwrap_or(0);
                    HeatRow {
                        label: p.label.clone(),
                        heading: p.heading.clone().unwrap_or_default(),
                        depth: p.depth.min(4),
                        count: n,
                        level: if n == 0 { 0 } else { (n * 5 + max - 1) / max },
                    }
                })
                .collect(),
            whole_draft: counts.get(&(version_id, 0)).copied().unwrap_or(0),
        });
    }
    let progress = dispositions::progress(&state.db, id).await?;
    let now = now_ms();
    let (charts, per_org) = charts(&state, chrome.lang, id, None).await?;
    let commented: std::collections::HashSet<i64> =
        per_org.unwrap_or_default().into_iter().filter_map(|(o, _)| o).collect();
    let pending = consultations::invitations(&state.db.pool, id)
        .await?
        .into_iter()
        .filter(|i| i.status == "pending" && !commented.contains(&i.organisation_id))
        .map(|i| Pending { organisation: i.organisation_name, due_at: i.due_at, overdue: i.due_at < now })
        .collect();
    Ok(StatisticsPage {
        chrome,
        consultation_id: id,
        consultation_title: consultation.title,
        total,
        heat_maps,
        charts,
        progress,
        pending,
    })
}

/// Comments per organisation (`None`: individuals).
type PerOrganisation = Vec<(Option<i64>, i64)>;

/// The bar charts of a consultation, or only the one called `only` (for its CSV);
/// also the counts per organisation when they were read.
async fn charts(
    state: &AppState,
    lang: Lang,
    id: i64,
    only: Option<&str>,
) -> Result<(Vec<Chart>, Option<PerOrganisation>), AppError> {
    let wanted = |name: &str| only.is_none_or(|o| o == name);
    let mut out = Vec::new();
    let mut per_org = None;
    if wanted("co-quan") || wanted("tinh") {
        let orgs = organisations::list(&state.db.pool).await?;
        let by_id: HashMap<i64, &organisations::Organisation> = orgs.iter().map(|o| (o.id, o)).collect();
        let counts = statistics::per_organisation(&state.db, id).await?;
        let mut organisation_rows: Vec<(String, bool, i64)> = Vec::new();
        let mut provinces: HashMap<String, i64> = HashMap::new();
        for &(org, n) in &counts {
            let Some(org) = org.and_then(|o| by_id.get(&o)) else {
                organisation_rows.push((lang.t("ed-stats-individuals"), false, n));
                continue;
            };
            organisation_rows.push((org.name.clone(), true, n));
            // The province an organisation belongs to: itself or its nearest ancestor of that kind.
            let mut current = Some(*org);
            while let Some(o) = current {
                if o.kind == "province" {
                    *provinces.entry(o.name.clone()).or_default() += n;
                    break;
                }
                current = o.parent_id.and_then(|p| by_id.get(&p)).copied();
            }
        }
        organisation_rows.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        if organisation_rows.len() > 20 {
            let rest: i64 = organisation_rows[20..].iter().map(|r| r.2).sum();
            let others = organisation_rows.len() as i64 - 20;
            organisation_rows.truncate(20);
            organisation_rows.push((lang.t_n("ed-stats-other-organisations", "count", others), false, rest));
        }
        let mut province_rows: Vec<(String, bool, i64)> =
            provinces.into_iter().map(|(name, n)| (name, true, n)).collect();
        province_rows.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        out.push(chart(lang, "co-quan", "ed-stats-chart-organisations", organisation_rows));
        out.push(chart(lang, "tinh", "ed-stats-chart-provinces", province_rows));
        per_org = Some(counts);
    }
    if wanted("kenh") {
        let rows = statistics::per_channel(&state.db, id)
            .await?
            .into_iter()
            .map(|(c, n)| match Channel::parse(&c) {
                Some(ch) => (lang.label(&ch), false, n),
                None => (c, true, n),
            })
            .collect();
        out.push(chart(lang, "kenh", "ed-stats-chart-channels", rows));
    }
    if wanted("ngay") {
        let rows = statistics::per_day(&state.db, id)
            .await?
            .into_iter()
            .map(|(day, n)| (lang.short_date(statistics::day_start(day)), false, n))
            .collect();
        out.push(chart(lang, "ngay", "ed-stats-chart-days", rows));
    }
    Ok((out, per_org))
}

async fn chart_csv(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path((id, file)): Path<(i64, String)>,
) -> Result<Response, AppError> {
    editor(&auth, &chrome)?;
    consultations::get(&state.db.pool, id).await?.ok_or(AppError::NotFound)?;
    let name = file.strip_suffix(".csv").ok_or(AppError::NotFound)?;
    let (charts, _) = charts(&state, chrome.lang, id, Some(name)).await?;
    let chart = charts.iter().find(|c| c.id == name).ok_or(AppError::NotFound)?;
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        let write = |w: &mut csv::Writer<&mut Vec<u8>>, a: &str, b: &str| {
            w.write_record([duthao_reports::csv_text(a).as_ref(), duthao_reports::csv_text(b).as_ref()])
        };
        let error = |e: csv::Error| AppError::Internal(format!("csv: {e}"));
        write(&mut writer, &chart.title, &chart.unit).map_err(error)?;
        for bar in &chart.bars {
            write(&mut writer, &bar.label, &bar.value.to_string()).map_err(error)?;
        }
        writer.flush().map_err(|e| AppError::Internal(format!("csv: {e}")))?;
    }
    let disposition = format!("attachment; filename=\"thong-ke-{id}-{name}.csv\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        out,
    )
        .into_response())
}
