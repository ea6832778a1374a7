//! The demo dossier (DESIGN.md §6): three drafts written by us in proper structure, the
//! organisations (central bodies, the 34 provincial units and their departments), demo
//! accounts, one open consultation and about 2,000 comments spread over provisions,
//! organisations and channels, with a campaign of near-duplicates.
//!
//! Everything is generated deterministically from the files under `demo/` and
//! `seed/`, embedded in the binary, so that every screen has something real to show.

use std::collections::HashMap;

use anyhow::{Context, bail};
use serde::Deserialize;

use crate::domain::{Channel, Role};
use crate::storage::{self, Db, comments, consultations, dossiers, drafts, organisations};

const DOSSIER: &str = include_str!("../demo/dossier.json");
const COMMENTS: &str = include_str!("../demo/comments.json");
const PROVINCES: &str = include_str!("../seed/provincial-units-2025.csv");
const CATALOG_COMMENTS: &str = include_str!("../demo/catalogs/comments.json");

/// A demo draft whose body includes a catalog.
struct DemoCatalog {
    draft_kind: &'static str,
    kind: crate::catalog::fields::CatalogKind,
    title: &'static str,
    file: &'static str,
    table: &'static str,
}

const DEMO_CATALOGS: [DemoCatalog; 2] = [
    DemoCatalog {
        draft_kind: "de_an",
        kind: crate::catalog::fields::CatalogKind::Titles,
        title: "Danh mục chức danh, chức vụ lãnh đạo và bảng chức vụ tương đương của hệ thống chính trị",
        file: "chuc-danh.csv",
        table: include_str!("../demo/catalogs/chuc-danh.csv"),
    },
    DemoCatalog {
        draft_kind: "bao_cao",
        kind: crate::catalog::fields::CatalogKind::JobPositions,
        title: "Danh mục vị trí việc làm và bản mô tả công việc",
        file: "vi-tri-viec-lam.csv",
        table: include_str!("../demo/catalogs/vi-tri-viec-lam.csv"),
    },
];

/// The localities' lists for the review: (file, province as the seed names it, text).
const DEMO_LISTS: [(&str, &str, &str); 6] = [
    ("ha-noi.csv", "Hà Nội", include_str!("../demo/catalogs/ra-soat/ha-noi.csv")),
    ("nghe-an.csv", "Nghệ An", include_str!("../demo/catalogs/ra-soat/nghe-an.csv")),
    ("lam-dong.csv", "Lâm Đồng", include_str!("../demo/catalogs/ra-soat/lam-dong.csv")),
    ("dien-bien.csv", "Điện Biên", include_str!("../demo/catalogs/ra-soat/dien-bien.csv")),
    ("tp-ho-chi-minh.csv", "Hồ Chí Minh", include_str!("../demo/catalogs/ra-soat/tp-ho-chi-minh.csv")),
    ("an-giang.csv", "An Giang", include_str!("../demo/catalogs/ra-soat/an-giang.csv")),
];

/// A comment of `demo/catalogs/comments.json`.
#[derive(serde::Deserialize)]
struct CatalogComment {
    catalog: String,
    entry: String,
    field: Option<String>,
    organisation: Option<String>,
    text: String,
}
const DRAFT_FILES: [(&str, &str); 3] = [
    ("drafts/de-an-chuc-danh-tuong-duong.md", include_str!("../demo/drafts/de-an-chuc-danh-tuong-duong.md")),
    ("drafts/bao-cao-vi-tri-viec-lam.md", include_str!("../demo/drafts/bao-cao-vi-tri-viec-lam.md")),
    (
        "drafts/quy-dinh-khuyen-khich-bao-ve-can-bo.md",
        include_str!("../demo/drafts/quy-dinh-khuyen-khich-bao-ve-can-bo.md"),
    ),
];

/// The password of every demo account (printed when the demo is loaded).
pub const DEMO_PASSWORD: &str = "duthao-demo";

/// Demo accounts: login, name, organisation code, roles.
const ACCOUNTS: [(&str, &str, &str, &[Role]); 7] = [
    ("quantri", "Quản trị hệ thống", "BTCTW", &[Role::Admin]),
    ("bientap", "Nguyễn Minh Tuấn", "BTCTW", &[Role::Editor]),
    ("totruong", "Lê Thị Thanh Hương", "BTCTW", &[Role::LeadEditor]),
    ("hanoi", "Phạm Quốc Việt", "TINH-HA-NOI", &[Role::OrgRepresentative]),
    ("thuky", "Đỗ Thu Trang", "TINH-NGHE-AN", &[Role::Secretary]),
    ("thukytw", "Vũ Hải Nam", "BTCTW", &[Role::Secretary]),
    ("thukyhcm", "Trần Ngọc Lan", "TINH-HO-CHI-MINH", &[Role::Secretary]),
];

/// Titles of the delegates at a province's connection point.
const PROVINCE_DELEGATES: [&str; 6] = [
    "Phó Bí thư Thường trực",
    "Trưởng Ban Tổ chức",
    "Phó Trưởng Ban Tổ chức",
    "Giám đốc Sở Nội vụ",
    "Chánh Văn phòng",
    "Chuyên viên Ban Tổ chức",
];

const TARGET_COMMENTS: usize = 2_000;

#[derive(Deserialize)]
struct DossierFile {
    title: String,
    drafting_org: String,
    approving_body: String,
    keywords: Vec<String>,
    summary: String,
    drafts: Vec<DraftEntry>,
}

#[derive(Deserialize)]
struct DraftEntry {
    file: String,
    kind: String,
    title: String,
    keywords: Vec<String>,
}

#[derive(Deserialize)]
struct CommentBank {
    by_provision: Vec<ProvisionTexts>,
    general: HashMap<String, Vec<String>>,
    campaign: Campaign,
    organisation_openers: Vec<String>,
    citizen_names: Vec<String>,
    central_bodies: Vec<CentralBody>,
    departments: Vec<String>,
}

#[derive(Deserialize)]
struct ProvisionTexts {
    draft: String,
    cite: String,
    texts: Vec<String>,
}

#[derive(Deserialize)]
struct Campaign {
    draft: String,
    cite: String,
    template: String,
    variants: Vec<String>,
    names: Vec<String>,
    occupations: Vec<String>,
}

#[derive(Deserialize)]
struct CentralBody {
    code: String,
    name: String,
}

/// A small deterministic generator (xorshift64*), so the demo (and the benchmarks'
/// generated data) are the same every time.
pub(crate) struct Dice(pub(crate) u64);

impl Dice {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Realistic comment texts from the demo's comment bank (for benchmarks).
pub fn sample_comment_texts() -> anyhow::Result<Vec<String>> {
    let bank: CommentBank = serde_json::from_str(COMMENTS).context("demo/comments.json")?;
    Ok(bank_texts(&bank))
}

fn bank_texts(bank: &CommentBank) -> Vec<String> {
    let mut texts: Vec<String> = bank.by_provision.iter().flat_map(|e| e.texts.iter().cloned()).collect();
    texts.extend(bank.general.values().flatten().cloned());
    texts
}

/// Words and people of the demo, for generating benchmark corpora.
#[derive(Debug)]
pub struct Vocabulary {
    /// Every comment text of the demo's comment bank.
    pub texts: Vec<String>,
    /// Citizens' full names.
    pub names: Vec<String>,
    /// Occupations, as a citizen introduces themself ("giáo viên", …).
    pub occupations: Vec<String>,
    /// The 34 provincial units.
    pub provinces: Vec<String>,
}

/// The demo's vocabulary (see [`Vocabulary`]).
pub fn vocabulary() -> anyhow::Result<Vocabulary> {
    let bank: CommentBank = serde_json::from_str(COMMENTS).context("demo/comments.json")?;
    let mut texts = bank_texts(&bank);
    texts.push(bank.campaign.template);
    texts.extend(bank.campaign.variants);
    let mut names = bank.citizen_names;
    names.extend(bank.campaign.names);
    names.sort();
    names.dedup();
    let provinces =
        PROVINCES.lines().skip(1).filter_map(|l| l.split(',').next()).map(str::to_owned).collect();
    Ok(Vocabulary { texts, names, occupations: bank.campaign.occupations, provinces })
}

/// A code for a province from its name: "Hà Nội" → "TINH-HA-NOI".
pub fn province_code(name: &str) -> String {
    let folded = duthao_text::fold(name).to_uppercase();
    let slug: Vec<&str> =
        folded.split(|c: char| !c.is_ascii_alphanumeric()).filter(|s| !s.is_empty()).collect();
    format!("TINH-{}", slug.join("-"))
}

/// Loads the demo into an empty database. Returns `false` (and does nothing) when the
/// database already has a dossier.
pub async fn load_if_empty(db: &Db) -> anyhow::Result<bool> {
    if dossiers::count(&db.pool).await? > 0 {
        return Ok(false);
    }
    load(db).await?;
    Ok(true)
}

async fn load(db: &Db) -> anyhow::Result<()> {
    let pool = &db.pool;
    let dossier: DossierFile = serde_json::from_str(DOSSIER).context("demo/dossier.json")?;
    let bank: CommentBank = serde_json::from_str(COMMENTS).context("demo/comments.json")?;

    // Organisations: central bodies, then provinces with their departments.
    let mut org_ids: HashMap<String, i64> = HashMap::new();
    let mut central = Vec::new();
    for body in &bank.central_bodies {
        let id = organisations::insert(pool, None, "central", &body.code, &body.name).await?;
        org_ids.insert(body.code.clone(), id);
        central.push((id, body.name.clone()));
    }
    let mut provinces = Vec::new();
    for (line, record) in PROVINCES.lines().enumerate().skip(1) {
        let fields: Vec<&str> = record.split(',').collect();
        let [name, full_name, kind, ..] = fields[..] else {
            bail!("seed/provincial-units-2025.csv line {}: expected name,full_name,type,…", line + 1);
        };
        let code = province_code(name);
        let id = organisations::insert(pool, None, "province", &code, full_name).await?;
        org_ids.insert(code.clone(), id);
        let party = if kind == "city" { "Thành ủy" } else { "Tỉnh ủy" };
        let mut units = Vec::new();
        for (i, department) in bank.departments.iter().enumerate() {
            let unit = format!("{} {name}", department.replace("Tỉnh ủy", party));
            let unit_id =
                organisations::insert(pool, Some(id), "department", &format!("{code}-{}", i + 1), &unit)
                    .await?;
            units.push((unit_id, unit));
        }
        provinces.push((id, name.to_owned(), full_name.to_owned(), units));
    }
    let drafting_org = *org_ids.get("BTCTW").with_context(|| {
        format!("the drafting body {} must be among the central bodies", dossier.drafting_org)
    })?;

    for (login, name, org_code, roles) in ACCOUNTS {
        let org = org_ids.get(org_code).copied();
        crate::web::auth::create_user(pool, login, name, DEMO_PASSWORD, org, roles).await?;
    }

    let dossier_id = dossiers::insert(
        pool,
        &dossiers::NewDossier {
            title: &dossier.title,
            summary: &dossier.summary,
            drafting_org_id: drafting_org,
            approving_body: &dossier.approving_body,
            keywords: &dossier.keywords,
        },
    )
    .await?;

    // The round opened 20 days ago; the drafts were uploaded and published before it.
    let now = storage::now_ms();
    let day: i64 = 86_400_000;
    let opens = now - 20 * day;

    // Drafts: parse the texts like any upload, publish version 1.
    // Per draft kind: the published version and its provisions by citation path.
    let mut versions: HashMap<String, (i64, HashMap<Vec<String>, i64>)> = HashMap::new();
    for entry in &dossier.drafts {
        let (file, text) = DRAFT_FILES
            .iter()
            .find(|(f, _)| *f == entry.file)
            .with_context(|| format!("demo draft {} is not embedded", entry.file))?;
        let draft_id =
            drafts::insert_draft(pool, dossier_id, &entry.kind, &entry.title, &entry.keywords).await?;
        let file_name = file.rsplit('/').next().unwrap_or(file);
        let version_id = match DEMO_CATALOGS.iter().find(|c| c.draft_kind == entry.kind) {
            // A catalog draft: the text of the scheme or report with its catalog.
            Some(demo) => {
                crate::storage::catalogs::set(db, None, draft_id, demo.kind.code(), demo.title).await?;
                let catalog = crate::catalogs::load(db, draft_id).await?.context("catalog just set")?;
                crate::catalogs::store_with_table(
                    db,
                    &catalog,
                    (file_name, text.as_bytes()),
                    (demo.file, demo.table.as_bytes()),
                )
                .await
                .with_context(|| format!("demo catalog {}", demo.file))?
            }
            None => crate::drafting::store_upload(db, draft_id, file_name, text.as_bytes())
                .await
                .with_context(|| format!("parsing {file}"))?,
        };
        drafts::publish_version(pool, version_id).await?;
        drafts::backdate_version(pool, version_id, opens - 3 * day, opens - 2 * day).await?;
        let rows = drafts::provisions(pool, version_id).await?;
        let paths =
            cite_paths(rows.iter().map(|p| (p.depth, p.kind.as_str(), p.label.as_str(), p.number.as_str())));
        let index = paths.into_iter().zip(rows.iter().map(|p| p.id)).collect();
        versions.insert(entry.kind.clone(), (version_id, index));
    }

    // One open consultation on every draft: public and the invited organisations.
    let closes = crate::domain::vntime::parse_date(&crate::domain::vntime::iso_date(now + 25 * day), true)
        .unwrap_or(now + 25 * day);
    let invitations: Vec<(i64, i64)> = central
        .iter()
        .map(|(id, _)| (*id, closes - 5 * day))
        .chain(provinces.iter().map(|(id, ..)| (*id, closes - 5 * day)))
        .filter(|(id, _)| *id != drafting_org)
        .collect();
    let version_ids: Vec<i64> = versions.values().map(|(v, _)| *v).collect();
    let consultation_id = consultations::insert(
        pool,
        &consultations::NewConsultation {
            dossier_id,
            title: "Lấy ý kiến rộng rãi các cơ quan, tổ chức và Nhân dân",
            opens_at: opens,
            closes_at: closes,
            audience: "both",
            version_ids: &version_ids,
            invitations: &invitations,
        },
    )
    .await?;

    // The schedule: a mid-round report due in two days (the dashboard warns of it), a
    // national online conference at 8:00 in ten days, then the deadlines after the
    // consultation closes (a date-only deadline runs to 23:59).
    let lead: i64 = sqlx::query_scalar("SELECT id FROM app_user WHERE login = $1")
        .bind("totruong")
        .fetch_one(pool)
        .await?;
    let date = |ms: i64, end_of_day: bool| {
        crate::domain::vntime::parse_date(&crate::domain::vntime::iso_date(ms), end_of_day).unwrap_or(ms)
    };
    for (kind, title, due_at, all_day) in [
        ("other", "Báo cáo nhanh kết quả lấy ý kiến giữa đợt", date(now + 2 * day, true), true),
        (
            "conference",
            "Hội nghị trực tuyến toàn quốc với 34 điểm cầu",
            date(now + 10 * day, false) + 8 * 3_600_000,
            false,
        ),
        ("synthesis_due", "Hoàn thành tổng hợp, tiếp thu, giải trình", date(closes + 7 * day, true), true),
        ("revision_due", "Hoàn thiện dự thảo sau góp ý", date(closes + 14 * day, true), true),
        ("submission_due", "Trình Bộ Chính trị", date(closes + 21 * day, true), true),
    ] {
        crate::storage::schedule::add(
            db,
            lead,
            &crate::storage::schedule::NewMilestone { dossier_id, kind, title, due_at, all_day },
        )
        .await?;
    }

    // Comments.
    let mut dice = Dice(0x9E37_79B9_7F4A_7C15);

    // The national online conference of the schedule: the central point and one point
    // per province, each with its delegates; three have a secretary account. Its own
    // dice, so that the comments below stay as they were.
    let mut seats = Dice(0x5EED_C0DE_2026_1209);
    let conference_at = date(now + 10 * day, false) + 8 * 3_600_000;
    let kinds: Vec<String> = dossier.drafts.iter().map(|d| d.kind.clone()).collect();
    let mut agenda = Vec::new();
    for kind in &kinds {
        let version = versions.get(kind).map(|v| v.0).with_context(|| format!("unknown draft {kind}"))?;
        if let Some(v) = drafts::get_version(pool, version).await? {
            agenda.push(v.draft_id);
        }
    }
    let conference_id = crate::storage::conferences::create(
        db,
        Some(lead),
        &crate::storage::conferences::NewConference {
            dossier_id,
            consultation_id,
            title: "Hội nghị trực tuyến toàn quốc góp ý các dự thảo về chức danh và vị trí việc làm".to_owned(),
            starts_at: conference_at,
            place: "Trụ sở Ban Tổ chức Trung ương, Hà Nội".to_owned(),
            chairs: "Đồng chí Trưởng Ban Tổ chức Trung ương\nĐồng chí Phó Trưởng Ban Thường trực Ban Tổ chức Trung ương".to_owned(),
            video_url: "https://meet.jit.si/duthao-hoi-nghi-toan-quoc".to_owned(),
            agenda,
        },
    )
    .await?;
    let secretary = |login: &str| {
        let login = login.to_owned();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT id FROM app_user WHERE login = $1")
                .bind(login)
                .fetch_optional(pool)
                .await
        }
    };
    let central_delegates =
        ["Trưởng Ban Tổ chức Trung ương", "Phó Trưởng Ban Thường trực", "Vụ trưởng Vụ Tổ chức - Cán bộ"]
            .iter()
            .map(|title| (seats.pick(&bank.citizen_names).cloned().unwrap_or_default(), (*title).to_owned()))
            .collect();
    crate::storage::conferences::add_point(
        db,
        Some(lead),
        conference_id,
        &crate::storage::conferences::NewPoint {
            organisation_id: drafting_org,
            central: true,
            location: "Hội trường Ban Tổ chức Trung ương, Hà Nội".to_owned(),
            secretary_user_id: secretary("thukytw").await?,
            delegates: central_delegates,
        },
    )
    .await?;
    for (id, name, full_name, _) in &provinces {
        let code = province_code(name);
        let login = match code.as_str() {
            "TINH-NGHE-AN" => Some("thuky"),
            "TINH-HO-CHI-MINH" => Some("thukyhcm"),
            _ => None,
        };
        let secretary_user_id = match login {
            Some(login) => secretary(login).await?,
            None => None,
        };
        let count = 3 + seats.below(PROVINCE_DELEGATES.len() - 2);
        let delegates = PROVINCE_DELEGATES[..count]
            .iter()
            .map(|title| {
                let name = seats.pick(&bank.citizen_names).cloned().unwrap_or_default();
                (name, format!("{title} {}", party_committee(full_name)))
            })
            .collect();
        crate::storage::conferences::add_point(
            db,
            Some(lead),
            conference_id,
            &crate::storage::conferences::NewPoint {
                organisation_id: *id,
                central: false,
                location: format!("Hội trường {}", party_committee(full_name)),
                secretary_user_id,
                delegates,
            },
        )
        .await?;
    }

    let mut batch: Vec<comments::NewComment> = Vec::with_capacity(TARGET_COMMENTS);
    let span = now - opens - 60_000;
    let when = |dice: &mut Dice| opens + (dice.next() % span.max(1) as u64) as i64;
    let resolve = |draft: &str, cite: &str| -> anyhow::Result<(i64, i64)> {
        let (version_id, index) =
            versions.get(draft).with_context(|| format!("demo/comments.json: unknown draft {draft}"))?;
        let id = index
            .get(&parse_cite(cite))
            .with_context(|| format!("demo/comments.json: {draft} has no provision {cite}"))?;
        Ok((*version_id, *id))
    };
    let base = |version_id: i64, provision_id: Option<i64>, body: String, channel: Channel, at: i64| {
        comments::NewComment {
            consultation_id,
            version_id,
            provision_id,
            quote: None,
            body,
            author_name: None,
            author_email: None,
            author_user_id: None,
            organisation_id: None,
            channel: channel.code().to_owned(),
            created_at: Some(at),
            name_public: false,
            flag: None,
            submission_key: None,
        }
    };

    // Organisations: each province and central body writes on a few provisions.
    let org_writers: Vec<(i64, String)> = provinces
        .iter()
        .map(|(id, _, full, _)| (*id, format!("Ban Thường vụ {}", party_committee(full))))
        .chain(central.iter().filter(|(id, _)| *id != drafting_org).map(|(id, n)| (*id, n.clone())))
        .collect();
    for (org_id, writer) in &org_writers {
        for _ in 0..(3 + dice.below(4)) {
            let Some(entry) = dice.pick(&bank.by_provision) else { break };
            let (version_id, provision_id) = resolve(&entry.draft, &entry.cite)?;
            let opener = dice
                .pick(&bank.organisation_openers)
                .map_or(String::new(), |o| o.replace("{to_chuc}", writer));
            let text = dice.pick(&entry.texts).cloned().unwrap_or_default();
            let channel = if dice.chance(60) { Channel::Letter } else { Channel::Web };
            let mut c =
                base(version_id, Some(provision_id), format!("{opener}{text}"), channel, when(&mut dice));
            c.organisation_id = Some(*org_id);
            batch.push(c);
        }
    }
    // Departments of provinces send a few too, through the conference.
    for (_, _, _, units) in &provinces {
        if let Some((unit_id, _)) = dice.pick(units) {
            let Some(entry) = dice.pick(&bank.by_provision) else { continue };
            let (version_id, provision_id) = resolve(&entry.draft, &entry.cite)?;
            let text = dice.pick(&entry.texts).cloned().unwrap_or_default();
            let mut c = base(version_id, Some(provision_id), text, Channel::Conference, when(&mut dice));
            c.organisation_id = Some(*unit_id);
            batch.push(c);
        }
    }

    // The campaign: one template letter with names, places, inserted and dropped sentences.
    let campaign_size = 350;
    let (campaign_version, campaign_provision) = resolve(&bank.campaign.draft, &bank.campaign.cite)?;
    for _ in 0..campaign_size {
        let name = dice.pick(&bank.campaign.names).cloned().unwrap_or_default();
        let job = dice.pick(&bank.campaign.occupations).cloned().unwrap_or_default();
        let place = dice.pick(&provinces).map(|p| p.1.clone()).unwrap_or_default();
        let letter =
            bank.campaign.template.replace("{ten}", &name).replace("{nghe}", &job).replace("{tinh}", &place);
        let mut sentences: Vec<String> = letter.split_inclusive(". ").map(str::to_owned).collect();
        if dice.chance(40) && sentences.len() > 3 {
            let drop = 1 + dice.below(sentences.len() - 2);
            sentences.remove(drop);
        }
        if dice.chance(50)
            && let Some(extra) = dice.pick(&bank.campaign.variants)
        {
            let at = 1 + dice.below(sentences.len().max(1));
            sentences.insert(at.min(sentences.len()), format!("{} ", extra.trim()));
        }
        let body = sentences.concat().trim().to_owned();
        let mut c = base(campaign_version, Some(campaign_provision), body, Channel::Web, when(&mut dice));
        c.author_name = Some(name);
        batch.push(c);
    }

    // Citizens: the rest, on provisions and on whole drafts, through the portal and API.
    let closings = ["", "", "", " Xin cảm ơn.", " Trân trọng.", " Mong Ban soạn thảo xem xét."];
    while batch.len() < TARGET_COMMENTS {
        let name = dice.pick(&bank.citizen_names).cloned();
        let channel = match dice.below(10) {
            0 => Channel::Api,
            1 => Channel::Import,
            _ => Channel::Web,
        };
        let closing = dice.pick(&closings).copied().unwrap_or("");
        let c = if dice.chance(12) {
            let kinds: Vec<&String> = bank.general.keys().collect();
            let Some(kind) = dice.pick(&kinds).copied() else { break };
            let text = bank.general.get(kind).and_then(|t| dice.pick(t)).cloned().unwrap_or_default();
            let version_id =
                versions.get(kind).map(|v| v.0).with_context(|| format!("unknown draft {kind}"))?;
            base(version_id, None, format!("{text}{closing}"), channel, when(&mut dice))
        } else {
            let Some(entry) = dice.pick(&bank.by_provision) else { break };
            let (version_id, provision_id) = resolve(&entry.draft, &entry.cite)?;
            let text = dice.pick(&entry.texts).cloned().unwrap_or_default();
            base(version_id, Some(provision_id), format!("{text}{closing}"), channel, when(&mut dice))
        };
        let mut c = c;
        if dice.chance(70) {
            c.author_name = name;
        }
        batch.push(c);
    }
    // Comments on the catalogs' entries and fields, by organisations and citizens.
    let all_organisations: HashMap<String, i64> =
        organisations::list(pool).await?.into_iter().map(|o| (o.name, o.id)).collect();
    let catalog_comments: Vec<CatalogComment> =
        serde_json::from_str(CATALOG_COMMENTS).context("demo/catalogs/comments.json")?;
    for (i, item) in catalog_comments.iter().enumerate() {
        let demo = DEMO_CATALOGS
            .iter()
            .find(|c| c.kind.code() == item.catalog)
            .with_context(|| format!("demo/catalogs/comments.json: unknown catalog {}", item.catalog))?;
        let version_id = versions.get(demo.draft_kind).map(|v| v.0).context("catalog draft loaded")?;
        let rows = drafts::provisions(pool, version_id).await?;
        let entry = rows
            .iter()
            .find(|p| {
                p.kind == crate::catalogs::KIND_ENTRY && p.heading.as_deref() == Some(item.entry.as_str())
            })
            .with_context(|| format!("demo/catalogs/comments.json: no entry {}", item.entry))?;
        // On the field when the entry has it (an empty field is not stored), else on
        // the entry.
        let target = item
            .field
            .as_ref()
            .and_then(|field| rows.iter().find(|p| p.parent_id == Some(entry.id) && p.label == *field))
            .map_or(entry.id, |p| p.id);
        let at = opens + (i as i64 + 1) * (span / (catalog_comments.len() as i64 + 2)).max(1);
        let mut c = base(version_id, Some(target), item.text.clone(), Channel::Web, at);
        match &item.organisation {
            Some(name) => {
                c.organisation_id =
                    Some(*all_organisations.get(name).with_context(|| {
                        format!("demo/catalogs/comments.json: unknown organisation {name}")
                    })?);
                c.channel = Channel::Letter.code().to_owned();
            }
            None => c.author_name = bank.citizen_names.get(i % bank.citizen_names.len().max(1)).cloned(),
        }
        batch.push(c);
    }
    comments::insert_many(db, &batch).await?;
    tracing::info!(dossier.id = dossier_id, comments = batch.len(), "demo comments generated");

    // The localities' lists for the review (rà soát), and the lead editor's approval of
    // the table of equivalent positions.
    for (file, province, text) in DEMO_LISTS {
        let (org_id, ..) = provinces
            .iter()
            .find(|p| p.1 == *province)
            .with_context(|| format!("demo list {file}: no province {province}"))?;
        let catalog_kind = if text.starts_with("STT,Chức danh") { "titles" } else { "job_positions" };
        let demo = DEMO_CATALOGS.iter().find(|c| c.kind.code() == catalog_kind).context("demo catalog")?;
        let version_id = versions.get(demo.draft_kind).map(|v| v.0).context("catalog draft loaded")?;
        let draft_id = drafts::get_version(pool, version_id).await?.context("version")?.draft_id;
        let catalog = crate::catalogs::load(db, draft_id).await?.context("catalog")?;
        crate::catalogs::submit_list(db, None, &catalog, *org_id, file, text.as_bytes())
            .await
            .with_context(|| format!("demo list {file}"))?;
    }
    if let Some(version_id) = versions.get("de_an").map(|v| v.0) {
        let entries = crate::catalogs::entries_of(db, version_id).await?;
        if crate::catalogs::equivalence_table(&entries).problems.is_empty() {
            crate::storage::catalogs::approve(db, lead, version_id).await?;
        }
    }
    println!(
        "Đã nạp hồ sơ mẫu: {} dự thảo, {} góp ý. Tài khoản mẫu (mật khẩu: {DEMO_PASSWORD}): {}",
        dossier.drafts.len(),
        batch.len(),
        ACCOUNTS
            .iter()
            .map(|a| format!("{} ({})", a.0, a.3.iter().map(|r| r.name_vi()).collect::<Vec<_>>().join(", ")))
            .collect::<Vec<_>>()
            .join("; ")
    );
    Ok(())
}

/// "Thành phố Hà Nội" → "Thành ủy Hà Nội"; "Tỉnh Nghệ An" → "Tỉnh ủy Nghệ An".
fn party_committee(full_name: &str) -> String {
    if let Some(rest) = full_name.strip_prefix("Thành phố ") {
        format!("Thành ủy {rest}")
    } else if let Some(rest) = full_name.strip_prefix("Tỉnh ") {
        format!("Tỉnh ủy {rest}")
    } else {
        full_name.to_owned()
    }
}

/// The citation path of every provision, in the notation of `demo/comments.json`
/// (outermost first): ["Điều 5", "2", "c"] for "Điều 5 khoản 2 điểm c", and
/// ["Phần III", "II", "2"] for "Phần III > II > 2". Chapters and sections are not part
/// of a path. `items` are (depth, kind, label, number) in document order.
fn cite_paths<'a>(items: impl IntoIterator<Item = (i64, &'a str, &'a str, &'a str)>) -> Vec<Vec<String>> {
    let mut open: Vec<(i64, Option<String>)> = Vec::new();
    let mut paths = Vec::new();
    for (depth, kind, label, number) in items {
        while open.last().is_some_and(|(d, _)| *d >= depth) {
            open.pop();
        }
        let step = match kind {
            "chapter" | "section" | "subsection" => None,
            "part" => Some(label.to_owned()),
            "article" => Some(format!("Điều {number}")),
            _ => Some(number.to_owned()),
        };
        open.push((depth, step));
        paths.push(open.iter().filter_map(|(_, s)| s.clone()).collect());
    }
    paths
}

/// A citation of `demo/comments.json` as a path: "Điều 5 khoản 2 điểm c" →
/// ["Điều 5", "2", "c"]; "Phần III > II > 2" → ["Phần III", "II", "2"].
fn parse_cite(cite: &str) -> Vec<String> {
    if cite.contains(" > ") {
        return cite.split(" > ").map(|s| s.trim().to_owned()).collect();
    }
    let mut parts = Vec::new();
    let mut words = cite.split_whitespace();
    while let Some(word) = words.next() {
        let number = words.next().unwrap_or_default();
        parts.push(if word == "Điều" { format!("Điều {number}") } else { number.to_owned() });
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn province_codes_are_ascii_slugs() {
        assert_eq!(province_code("Hà Nội"), "TINH-HA-NOI");
        assert_eq!(province_code("Đắk Lắk"), "TINH-DAK-LAK");
        assert_eq!(province_code("Hồ Chí Minh"), "TINH-HO-CHI-MINH");
    }

    #[test]
    fn party_committees_follow_the_kind_of_unit() {
        assert_eq!(party_committee("Thành phố Huế"), "Thành ủy Huế");
        assert_eq!(party_committee("Tỉnh Cà Mau"), "Tỉnh ủy Cà Mau");
    }

    #[test]
    fn citations_become_paths() {
        assert_eq!(parse_cite("Điều 11 khoản 1 điểm c"), ["Điều 11", "1", "c"]);
        assert_eq!(parse_cite("Phần III > II > 2"), ["Phần III", "II", "2"]);
        let items = [
            (0, "chapter", "Chương I", "I"),
            (1, "article", "Điều 1", "1"),
            (2, "clause", "Khoản 1", "1"),
            (3, "point", "Điểm a", "a"),
            (1, "article", "Điều 2", "2"),
        ];
        let paths = cite_paths(items);
        assert_eq!(paths[3], ["Điều 1", "1", "a"]);
        assert_eq!(paths[4], ["Điều 2"]);
    }

    /// Every citation of the comment bank names a provision of its draft, so the
    /// demo loads.
    #[test]
    fn every_demo_citation_resolves() {
        let dossier: DossierFile = serde_json::from_str(DOSSIER).expect("demo/dossier.json");
        let bank: CommentBank = serde_json::from_str(COMMENTS).expect("demo/comments.json");
        let mut paths: HashMap<String, Vec<Vec<String>>> = HashMap::new();
        for entry in &dossier.drafts {
            let (_, text) = DRAFT_FILES.iter().find(|(f, _)| *f == entry.file).expect("embedded");
            let (_, document) = crate::drafting::parse_upload(&entry.file, text.as_bytes()).expect("parses");
            let flat = crate::drafting::flatten(&document);
            paths.insert(
                entry.kind.clone(),
                cite_paths(
                    flat.iter().map(|p| (p.depth, p.kind.as_str(), p.label.as_str(), p.number.as_str())),
                ),
            );
        }
        let cites = bank
            .by_provision
            .iter()
            .map(|e| (&e.draft, &e.cite))
            .chain(std::iter::once((&bank.campaign.draft, &bank.campaign.cite)));
        for (draft, cite) in cites {
            let known = paths.get(draft).unwrap_or_else(|| panic!("unknown draft {draft}"));
            assert!(known.contains(&parse_cite(cite)), "{draft}: no provision {cite}");
        }
    }

    #[test]
    fn every_demo_draft_parses_with_a_real_tree() {
        for (file, text) in DRAFT_FILES {
            let (_, document) =
                crate::drafting::parse_upload(file, text.as_bytes()).expect("demo draft parses");
            assert!(document.count() > 30, "{file}: only {} provisions", document.count());
        }
    }
}
