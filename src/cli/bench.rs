//! `duthao bench …`: the benchmarks named in the issues, printing figures.

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Durable comments per second over HTTP, with latency and the batch-insert ceiling.
    ///
    /// Example: duthao bench intake --seconds 60 --clients 256 --postgres-url postgres://postgres@127.0.0.1/test
    Intake(IntakeArgs),
    /// Page times of the draft reader and the comment list under concurrent readers.
    ///
    /// Example: duthao bench pages --comments 100000 --readers 50 --seconds 30
    Pages(PagesArgs),
    /// Ranked search over a million generated comments, compared with SQLite FTS5.
    ///
    /// Example: duthao bench search --comments 1000000 --queries 200
    Search(SearchArgs),
    /// Near-duplicate grouping of a generated, labelled corpus: time, peak memory,
    /// pairwise precision/recall/F1, and optionally Python datasketch on the same corpus.
    ///
    /// Example: duthao bench grouping --comments 1000000 --compare-datasketch
    Grouping(GroupingArgs),
    /// The synthesis report of a consultation with 100,000 comments in groups, as
    /// DOCX and XLSX.
    ///
    /// Example: duthao bench report --comments 100000
    Report(ReportArgs),
    /// Delivery latency of the conference live feed: the demo conference's 35 points
    /// record an opinion each at once, round after round, to many subscribers.
    ///
    /// Example: duthao bench live --subscribers 1000 --rounds 20 --postgres-url postgres://postgres@127.0.0.1/test
    Live(LiveArgs),
    /// Review of the 34 provincial lists of titles against a catalog (issue 9): the whole
    /// review's time and the matches' precision and recall against a labelled truth.
    ///
    /// Example: duthao bench review --rows 5000 --catalog 600 --json
    Review(ReviewArgs),
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Entries in the generated catalog of titles (at most the 624 titles the generator
    /// composes).
    #[arg(long, default_value_t = 600)]
    pub catalog: usize,
    /// Provincial lists (at most 34, one per provincial unit).
    #[arg(long, default_value_t = 34)]
    pub provinces: usize,
    /// Rows in each provincial list.
    #[arg(long, default_value_t = 5_000)]
    pub rows: usize,
    /// Seed of the generator (the same seed gives the same input).
    #[arg(long, default_value_t = crate::bench::review::Settings::default().seed)]
    pub seed: u64,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct LiveArgs {
    /// Live subscribers (server-sent events connections).
    #[arg(long, default_value_t = 1_000)]
    pub subscribers: usize,
    /// Bursts of one opinion at every point.
    #[arg(long, default_value_t = 20)]
    pub rounds: usize,
    /// Also measure two instances on PostgreSQL (a scratch database is created there
    /// and dropped).
    #[arg(long, env = "DUTHAO_BENCH_POSTGRES_URL")]
    pub postgres_url: Option<String>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Comments in the consultation.
    #[arg(long, default_value_t = 100_000)]
    pub comments: usize,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct GroupingArgs {
    /// Comments to generate and group.
    #[arg(long, default_value_t = 1_000_000)]
    pub comments: usize,
    /// Similarity threshold passed to `duthao group`.
    #[arg(long, default_value_t = 0.5)]
    pub threshold: f64,
    /// Also group the corpus with Python datasketch MinHashLSH (needs `pip install datasketch`).
    #[arg(long)]
    pub compare_datasketch: bool,
    /// Keep the generated corpus (JSON Lines with `id`, `text` and `label`) in this file.
    #[arg(long)]
    pub keep_corpus: Option<std::path::PathBuf>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Generated comments to load and index.
    #[arg(long, default_value_t = 1_000_000)]
    pub comments: usize,
    /// Queries run per class of query.
    #[arg(long, default_value_t = 200)]
    pub queries: usize,
    /// Skip the FTS5 comparison (it builds a second index of every comment).
    #[arg(long)]
    pub no_fts: bool,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PagesArgs {
    /// Comments on the 100-provision draft.
    #[arg(long, default_value_t = 100_000)]
    pub comments: usize,
    /// Concurrent readers, each on its own keep-alive connection.
    #[arg(long, default_value_t = 50)]
    pub readers: usize,
    /// How long the readers read.
    #[arg(long, default_value_t = 30)]
    pub seconds: u64,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct IntakeArgs {
    /// How long to post comments.
    #[arg(long, default_value_t = 60)]
    pub seconds: u64,
    /// Concurrent clients, each on its own keep-alive connection.
    #[arg(long, default_value_t = 256)]
    pub clients: usize,
    /// Also measure PostgreSQL (a scratch database is created there and dropped).
    #[arg(long, env = "DUTHAO_BENCH_POSTGRES_URL")]
    pub postgres_url: Option<String>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

pub async fn run(cmd: BenchCommand) -> anyhow::Result<()> {
    match cmd {
        BenchCommand::Review(args) => {
            let settings = crate::bench::review::Settings {
                catalog: args.catalog.max(1),
                provinces: args.provinces.clamp(1, 34),
                rows: args.rows.max(1),
                seed: args.seed,
            };
            let figures = tokio::task::spawn_blocking(move || crate::bench::review::run(&settings)).await?;
            if args.json {
                println!("{}", serde_json::json!({ "bench": "review", "run": figures }));
            } else {
                print!("{}", crate::bench::review::report(&figures));
            }
            Ok(())
        }
        BenchCommand::Live(args) => {
            let settings = crate::bench::live::Settings {
                subscribers: args.subscribers.max(1),
                rounds: args.rounds.max(1),
                postgres_url: args.postgres_url,
            };
            let figures = crate::bench::live::run(&settings).await?;
            if args.json {
                println!("{}", serde_json::json!({ "bench": "live", "runs": figures }));
            } else {
                print!("{}", crate::bench::live::report(&figures));
            }
            Ok(())
        }
        BenchCommand::Report(args) => {
            let settings = crate::bench::report::Settings { comments: args.comments.max(100) };
            let figures = crate::bench::report::run(&settings).await?;
            if args.json {
                println!("{}", serde_json::json!({ "bench": "report", "run": figures }));
            } else {
                print!("{}", crate::bench::report::report(&figures));
            }
            Ok(())
        }
        BenchCommand::Grouping(args) => {
            let settings = crate::bench::grouping::Settings {
                comments: args.comments.max(1_000),
                threshold: args.threshold,
                compare_datasketch: args.compare_datasketch,
                keep_corpus: args.keep_corpus,
            };
            let figures =
                tokio::task::spawn_blocking(move || crate::bench::grouping::run(&settings)).await??;
            if args.json {
                println!("{}", serde_json::json!({ "bench": "grouping", "run": figures }));
            } else {
                print!("{}", crate::bench::grouping::report(&figures));
            }
            Ok(())
        }
        BenchCommand::Pages(args) => {
            let settings = crate::bench::pages::Settings {
                comments: args.comments,
                readers: args.readers.max(1),
                seconds: args.seconds.max(1),
            };
            let figures = crate::bench::pages::run(&settings).await?;
            if args.json {
                println!("{}", serde_json::json!({ "bench": "pages", "run": figures }));
            } else {
                print!("{}", crate::bench::pages::report(&figures));
            }
            Ok(())
        }
        BenchCommand::Search(args) => {
            let settings = crate::bench::search::Settings {
                comments: args.comments.max(1_000),
                queries: args.queries.max(1),
                fts: !args.no_fts,
            };
            let figures = crate::bench::search::run(&settings).await?;
            if args.json {
                println!("{}", serde_json::json!({ "bench": "search", "run": figures }));
            } else {
                print!("{}", crate::bench::search::report(&figures));
            }
            Ok(())
        }
        BenchCommand::Intake(args) => {
            let settings = crate::bench::intake::Settings {
                seconds: args.seconds.max(1),
                clients: args.clients.max(1),
                postgres_url: args.postgres_url,
            };
            let figures = crate::bench::intake::run(&settings).await?;
            if args.json {
                println!("{}", serde_json::json!({ "bench": "intake", "runs": figures }));
            } else {
                print!("{}", crate::bench::intake::report(&figures));
            }
            Ok(())
        }
    }
}
