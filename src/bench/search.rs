//! `duthao bench search`: a million generated comments, ranked top-20 queries of one,
//! two and three words, common and rare, with and without filters; and, on the same
//! rows, SQLite FTS5's bm25 top-20 for comparison.
//!
//! Comments are made of sentences of the demo's real comments, shuffled, with a few
//! rarer phrases sprinkled in, so that word frequencies look like a real consultation:
//! a few words are in most comments, many in a handful.

use std::collections::HashMap;
use std::time::Instant;

use serde::Serialize;

use super::intake::scratch_dir;
use crate::demo::Dice;
use crate::search::query::{self, ParsedQuery};
use crate::search::{Filters, SearchIndex};
use crate::storage::comments::{self, NewComment};
use crate::storage::{Db, consultations, dossiers, drafts, now_ms, organisations};

#[derive(Debug, Clone)]
pub struct Settings {
    pub comments: usize,
    /// Queries run per class.
    pub queries: usize,
    /// Also build an FTS5 table on the same rows and time its bm25 query.
    pub fts: bool,
}

#[derive(Debug, Serialize)]
pub struct ClassFigures {
    pub class: String,
    pub queries: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// Mean number of matching comments.
    pub mean_hits: f64,
}

#[derive(Debug, Serialize)]
pub struct Figures {
    pub comments: usize,
    pub load_seconds: f64,
    pub index_seconds: f64,
    pub index_docs_per_second: f64,
    pub classes: Vec<ClassFigures>,
    /// Time for 1,000 new comments to become searchable once committed.
    pub thousand_new_rows_ms: f64,
    pub fts5: Option<ClassFigures>,
    pub fts5_build_seconds: Option<f64>,
}

/// Phrases rarer than the demo's sentences: each lands in about one comment in
/// 20,000.
const RARE: &[&str] = &[
    "huyện đảo Bạch Long Vĩ",
    "xã biên giới Mường Nhé",
    "chợ nổi Cái Răng",
    "cao nguyên đá Đồng Văn",
    "vịnh Lan Hạ",
    "đèo Khau Phạ",
    "làng gốm Bát Tràng",
    "phố cổ Hội An",
    "rừng tràm Trà Sư",
    "đầm phá Tam Giang",
    "hồ Ba Bể",
    "mũi Cà Mau",
];

/// Makes the `i`-th query of a class: its text and filters.
type QueryMaker<'a> = Box<dyn Fn(usize) -> (String, Filters) + 'a>;

fn sentences() -> anyhow::Result<Vec<String>> {
    let mut out: Vec<String> = crate::demo::sample_comment_texts()?
        .iter()
        .flat_map(|t| {
            t.split(['.', ';', '\n']).map(str::trim).filter(|s| s.chars().count() > 12).map(str::to_owned)
        })
        .collect();
    out.sort();
    out.dedup();
    Ok(out)
}

fn generate(rng: &mut Dice, pool: &[String]) -> String {
    let n = 1 + rng.below(3);
    let mut parts: Vec<String> = (0..n).map(|_| pool[rng.below(pool.len())].clone()).collect();
    if rng.below(20_000 / RARE.len()) == 0 {
        let rare = RARE[rng.below(RARE.len())];
        parts.push(format!("Đề nghị quan tâm {rare}"));
    }
    if rng.below(4) == 0 {
        parts.push(format!("Đề nghị xem lại Điều {}", 1 + rng.below(40)));
    }
    parts.join(". ") + "."
}

/// Quantiles of durations in microseconds.
fn figures(class: &str, mut times: Vec<u64>, hits: &[usize]) -> ClassFigures {
    times.sort_unstable();
    let pick = |q: f64| super::quantile_ms(&times, q);
    ClassFigures {
        class: class.to_owned(),
        queries: times.len(),
        p50_ms: pick(0.5),
        p99_ms: pick(0.99),
        max_ms: times.last().copied().unwrap_or(0) as f64 / 1000.0,
        mean_hits: hits.iter().sum::<usize>() as f64 / hits.len().max(1) as f64,
    }
}

/// The words of the sentence pool by how many sentences hold them, most first.
fn word_ranks(pool: &[String]) -> Vec<String> {
    let mut df: HashMap<String, usize> = HashMap::new();
    for s in pool {
        let mut words = query::index_words(s);
        words.sort();
        words.dedup();
        for w in words {
            *df.entry(w).or_default() += 1;
        }
    }
    let mut ranked: Vec<(String, usize)> = df.into_iter().filter(|(w, _)| w.chars().count() > 1).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.into_iter().map(|(w, _)| w).collect()
}

pub async fn run(settings: &Settings) -> anyhow::Result<Figures> {
    let dir = scratch_dir()?;
    let url = format!("sqlite://{}?mode=rwc", dir.join("duthao.db").display());
    let db = Db::open(&url).await?;
    let mut org_ids = Vec::new();
    for i in 0..50 {
        org_ids.push(
            organisations::insert(
                &db.pool,
                None,
                "province",
                &format!("TINH-{i}"),
                &format!("Ủy ban nhân dân tỉnh {i}"),
            )
            .await?,
        );
    }
    let dossier = dossiers::insert(
        &db.pool,
        &dossiers::NewDossier {
            title: "Hồ sơ thử nghiệm tìm kiếm",
            summary: "Một triệu góp ý.",
            drafting_org_id: org_ids[0],
            approving_body: "Chính phủ",
            keywords: &[],
        },
    )
    .await?;
    let mut versions = Vec::new();
    for d in 0..2 {
        let draft = drafts::insert_draft(&db.pool, dossier, "quy_dinh", &format!("Dự thảo {d}"), &[]).await?;
        let stored =
            crate::drafting::store_upload(&db, draft, "bench.txt", super::pages::draft_text().as_bytes())
                .await?;
        drafts::publish_version(&db.pool, stored).await?;
        let provisions: Vec<i64> = drafts::provisions(&db.pool, stored).await?.iter().map(|p| p.id).collect();
        versions.push((draft, stored, provisions));
    }
    let now = now_ms();
    let consultation = consultations::insert(
        &db.pool,
        &consultations::NewConsultation {
            dossier_id: dossier,
            title: "Lấy ý kiến",
            opens_at: now - 86_400_000,
            closes_at: now + 86_400_000,
            audience: "public",
            version_ids: &[versions[0].1, versions[1].1],
            invitations: &[],
        },
    )
    .await?;

    let pool = sentences()?;
    let mut rng = Dice(0x9E37_79B9_7F4A_7C15);
    let started = Instant::now();
    let mut made = 0;
    let mut progress =
        crate::cli::progress::Progress::new("Nạp góp ý sinh tự động", Some(settings.comments as u64));
    while made < settings.comments {
        let n = (settings.comments - made).min(10_000);
        let batch: Vec<NewComment> = (0..n)
            .map(|_| {
                let (_, version, provisions) = &versions[rng.below(2)];
                NewComment {
                    consultation_id: consultation,
                    version_id: *version,
                    provision_id: if rng.below(5) == 0 {
                        None
                    } else {
                        Some(provisions[rng.below(provisions.len())])
                    },
                    quote: None,
                    body: generate(&mut rng, &pool),
                    author_name: None,
                    author_email: None,
                    author_user_id: None,
                    organisation_id: if rng.below(3) == 0 {
                        Some(org_ids[rng.below(org_ids.len())])
                    } else {
                        None
                    },
                    channel: if rng.below(10) == 0 { "letter" } else { "web" }.to_owned(),
                    created_at: Some(now - 86_400_000 + (made as i64) * 50),
                    name_public: false,
                    flag: None,
                    submission_key: None,
                }
            })
            .collect();
        comments::insert_many(&db, &batch).await?;
        made += n;
        progress.set(made as u64);
    }
    progress.finish("xong");
    let load_seconds = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let mut progress = crate::cli::progress::Progress::new("Lập chỉ mục tìm kiếm", Some(made as u64));
    let (index, indexed) =
        SearchIndex::rebuild_with(&dir.join("search"), &db, &mut |n| progress.set(n as u64)).await?;
    progress.finish("xong");
    let index_seconds = started.elapsed().as_secs_f64();

    let ranked = word_ranks(&pool);
    let common: Vec<String> = ranked.iter().take(20).cloned().collect();
    let rare_words: Vec<String> =
        RARE.iter().filter_map(|p| query::index_words(p).into_iter().last()).collect();
    let trigrams = |source: &[String], min_df_rank: usize| -> Vec<String> {
        source
            .iter()
            .filter_map(|s| {
                let w = query::index_words(s);
                (w.len() >= 3).then(|| w[min_df_rank.min(w.len() - 3)..][..3].join(" "))
            })
            .collect()
    };
    let common_phrases: Vec<String> = trigrams(&pool, 0).into_iter().map(|p| format!("\"{p}\"")).collect();
    let rare_phrases: Vec<String> =
        RARE.iter().map(|p| format!("\"{}\"", query::index_words(p)[..3].join(" "))).collect();
    let (draft0, _, provisions0) = &versions[0];
    let classes: Vec<(String, QueryMaker)> = vec![
        ("one common word".into(), Box::new(|i| (common[i % common.len()].clone(), Filters::default()))),
        (
            "one rare word".into(),
            Box::new(|i| (rare_words[i % rare_words.len()].clone(), Filters::default())),
        ),
        (
            "two common words".into(),
            Box::new(|i| {
                (
                    format!("{} {}", common[i % common.len()], common[(i * 7 + 3) % common.len()]),
                    Filters::default(),
                )
            }),
        ),
        (
            "one common word, filtered by draft".into(),
            Box::new(|i| {
                (common[i % common.len()].clone(), Filters { draft: Some(*draft0), ..Filters::default() })
            }),
        ),
        (
            "two common words, filtered by provision".into(),
            Box::new(|i| {
                let f = Filters { provision: Some(provisions0[i % provisions0.len()]), ..Filters::default() };
                (format!("{} {}", common[i % common.len()], common[(i * 7 + 3) % common.len()]), f)
            }),
        ),
        (
            "two common words, filtered by organisation and channel".into(),
            Box::new(|i| {
                let f = Filters {
                    organisation: Some(org_ids[i % org_ids.len()]),
                    channel: Some("web".into()),
                    ..Filters::default()
                };
                (format!("{} {}", common[i % common.len()], common[(i * 5 + 1) % common.len()]), f)
            }),
        ),
        (
            "three-word phrase, common".into(),
            Box::new(|i| (common_phrases[(i * 13) % common_phrases.len()].clone(), Filters::default())),
        ),
        (
            "three-word phrase, rare".into(),
            Box::new(|i| (rare_phrases[i % rare_phrases.len()].clone(), Filters::default())),
        ),
        (
            "three common words".into(),
            Box::new(|i| {
                let w = |k: usize| common[(i * k + k) % common.len()].clone();
                (format!("{} {} {}", w(1), w(3), w(7)), Filters::default())
            }),
        ),
    ];
    let mut class_figures = Vec::new();
    for (name, make) in &classes {
        let mut times = Vec::with_capacity(settings.queries);
        let mut hits = Vec::with_capacity(settings.queries);
        for i in 0..settings.queries {
            let (text, filters) = make(i);
            let parsed: ParsedQuery = query::parse(&text)?;
            let t = Instant::now();
            let found = index.search(&parsed, &filters, 20, 0)?;
            times.push(t.elapsed().as_micros() as u64);
            hits.push(found.total);
        }
        class_figures.push(figures(name, times, &hits));
    }

    // Freshness: 1,000 new comments, committed, then indexed by the tail.
    let batch: Vec<NewComment> = (0..1_000)
        .map(|_| NewComment {
            consultation_id: consultation,
            version_id: versions[0].1,
            provision_id: None,
            quote: None,
            body: generate(&mut rng, &pool),
            author_name: None,
            author_email: None,
            author_user_id: None,
            organisation_id: None,
            channel: "web".into(),
            created_at: None,
            name_public: false,
            flag: None,
            submission_key: None,
        })
        .collect();
    comments::insert_many(&db, &batch).await?;
    let t = Instant::now();
    while index.catch_up(&db).await? > 0 {}
    let thousand_new_rows_ms = t.elapsed().as_secs_f64() * 1000.0;

    let (fts5, fts5_build_seconds) = if settings.fts {
        eprintln!("building FTS5 on the same rows for comparison…");
        let t = Instant::now();
        sqlx::query(
            "CREATE VIRTUAL TABLE bench_fts USING fts5(body, content='comment', content_rowid='id',
             tokenize = 'unicode61 remove_diacritics 2')",
        )
        .execute(&db.pool)
        .await?;
        sqlx::query("INSERT INTO bench_fts(bench_fts) VALUES ('rebuild')").execute(&db.pool).await?;
        let build = t.elapsed().as_secs_f64();
        let runs = settings.queries.clamp(1, 20);
        let mut times = Vec::with_capacity(runs);
        let mut hits = Vec::with_capacity(runs);
        for i in 0..runs {
            let word = &common[i % 5];
            let t = Instant::now();
            let ids: Vec<i64> = sqlx::query_scalar(
                "SELECT rowid FROM bench_fts WHERE bench_fts MATCH $1 ORDER BY bm25(bench_fts) LIMIT 20",
            )
            .bind(format!("\"{word}\""))
            .fetch_all(&db.pool)
            .await?;
            times.push(t.elapsed().as_micros() as u64);
            hits.push(ids.len());
        }
        (Some(figures("FTS5 bm25, one common word (top 20)", times, &hits)), Some(build))
    } else {
        (None, None)
    };
    db.pool.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(Figures {
        comments: settings.comments,
        load_seconds,
        index_seconds,
        index_docs_per_second: indexed as f64 / index_seconds.max(1e-9),
        classes: class_figures,
        thousand_new_rows_ms,
        fts5,
        fts5_build_seconds,
    })
}

pub fn report(f: &Figures) -> String {
    let mut out = format!(
        "{} comments loaded in {:.0} s; indexed in {:.0} s ({:.0} comments/s)\n",
        f.comments, f.load_seconds, f.index_seconds, f.index_docs_per_second
    );
    out.push_str("ranked top-20 queries (index only):\n");
    for c in &f.classes {
        out.push_str(&format!(
            "  {:<55} p50 {:>7.2} ms  p99 {:>7.2} ms  max {:>7.2} ms  ({} queries, {:.0} hits on average)\n",
            c.class, c.p50_ms, c.p99_ms, c.max_ms, c.queries, c.mean_hits
        ));
    }
    out.push_str(&format!("1,000 new comments searchable {:.0} ms after commit\n", f.thousand_new_rows_ms));
    if let (Some(c), Some(build)) = (&f.fts5, f.fts5_build_seconds) {
        out.push_str(&format!(
            "comparison, SQLite FTS5 (built in {build:.0} s): {} p50 {:.1} ms, p99 {:.1} ms ({} queries)\n",
            c.class, c.p50_ms, c.p99_ms, c.queries
        ));
    }
    out
}
