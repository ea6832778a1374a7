//! `duthao bench …`: the benchmarks named in the issues, printing figures.

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Durable comments per second over HTTP, with latency and the batch-insert ceiling.
    ///
    /// Example: duthao bench intake --seconds 60 --clients 256 --postgres-url postgres://postgres@127.0.0.1/test
    Intake(IntakeArgs),
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
