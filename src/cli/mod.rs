//! The `duthao` command line: one binary, one file per subcommand.

pub mod admin;
pub mod audit;
pub mod backup;
pub mod bench;
pub mod config;
pub mod group;
pub mod import;
pub mod migrate;
pub mod parse;
pub mod progress;
pub mod reindex;
pub mod serve;
pub mod synthesis;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::config::Config;

#[derive(Debug, Parser)]
#[command(
    name = "duthao",
    version,
    about = "Duthao — lấy ý kiến góp ý dự thảo văn bản (consultation on draft documents)"
)]
pub struct Cli {
    /// A TOML configuration file; its keys are the long options' names with
    /// underscores (listen, data_dir, database_url, comments_per_minute, no_challenge,
    /// secure_cookies, max_body_bytes, trusted_proxies, log, log_format). Options and DUTHAO_*
    /// variables override it.
    #[arg(long, global = true, env = "DUTHAO_CONFIG")]
    pub config: Option<PathBuf>,
    /// What to log, in tracing's filter syntax (for example `info,duthao=debug`).
    #[arg(long, global = true, env = "DUTHAO_LOG", default_value = "info")]
    pub log: String,
    /// Log lines as text, or as one JSON object per line (with the request id).
    #[arg(long, global = true, env = "DUTHAO_LOG_FORMAT", default_value = "text", value_parser = ["text", "json"])]
    pub log_format: String,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server.
    ///
    /// Example: duthao serve --demo
    Serve(serve::ServeArgs),
    /// Apply pending database migrations and exit.
    ///
    /// Example: duthao migrate --database-url postgres://localhost/duthao
    Migrate(DbArgs),
    /// Import data into the database.
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Parse a draft file (DOCX, Markdown or text) and print its provision tree.
    ///
    /// Example: duthao parse du-thao.docx --format json
    Parse(parse::ParseArgs),
    /// Build this instance's search index again from the database (stop the server on
    /// this data directory first; it rebuilds a missing or outdated index by itself).
    ///
    /// Example: duthao reindex --data-dir ./duthao-data
    Reindex(reindex::ReindexArgs),
    /// Group an offline file of comments (JSON Lines with `id` and `text`) into
    /// near-duplicates; writes `{"id", "group"}` per comment.
    ///
    /// Example: duthao group y-kien.jsonl --threshold 0.5 --out nhom.jsonl
    Group(group::GroupArgs),
    /// Benchmarks: print measured figures.
    #[command(subcommand)]
    Bench(bench::BenchCommand),
    /// Administration: users and roles.
    #[command(subcommand)]
    Admin(admin::AdminCommand),
    /// Write a consistent backup of the database while the server runs (SQLite:
    /// `VACUUM INTO`; PostgreSQL: `pg_dump`, which must be installed).
    ///
    /// Example: duthao backup /var/backups/duthao-2026-11-29.db --data-dir ./duthao-data
    Backup(backup::BackupArgs),
    /// Restore a backup into an empty database, bring it to this version's migrations
    /// and verify its audit trail (PostgreSQL: with `pg_restore`).
    ///
    /// Example: duthao restore duthao-2026-11-29.db --data-dir ./duthao-moi
    Restore(backup::BackupArgs),
    /// The audit trail: verify its hash chain.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// The configuration: show what the server would run with.
    #[command(subcommand)]
    Config(config::ConfigCommand),
    /// Group a consultation's comments into near-duplicates afresh (groups with an
    /// answer, or placed by an editor, stay as they are).
    ///
    /// Example: duthao regroup --consultation 1 --data-dir ./duthao-data
    Regroup(synthesis::RegroupArgs),
    /// Write the synthesis report of one draft of a consultation.
    ///
    /// Example: duthao report --consultation 1 --draft 2 --format xlsx --out bao-cao.xlsx
    Report(synthesis::ReportArgs),
    /// Print a shell completion script.
    ///
    /// Example: duthao completions bash > /etc/bash_completion.d/duthao
    Completions(CompletionsArgs),
}

#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell.
    pub shell: clap_complete::Shell,
}

/// Where the data lives; shared by every subcommand that opens the database.
#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// Directory of the embedded SQLite database (ignored with --database-url).
    #[arg(long, env = "DUTHAO_DATA_DIR", default_value = "./duthao-data")]
    pub data_dir: PathBuf,
    /// PostgreSQL (postgres://…) or SQLite (sqlite://…) URL.
    #[arg(long, env = "DUTHAO_DATABASE_URL")]
    pub database_url: Option<String>,
}

impl DbArgs {
    pub fn config(&self) -> Config {
        let mut config = Config::local(self.data_dir.clone());
        config.database_url = self.database_url.clone();
        config
    }
}

/// Runs the parsed command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Regroup(args) => synthesis::regroup(args).await,
        Command::Report(args) => synthesis::report(args).await,
        Command::Completions(args) => {
            use clap::CommandFactory;
            clap_complete::generate(args.shell, &mut Cli::command(), "duthao", &mut std::io::stdout());
            Ok(())
        }
        Command::Config(config::ConfigCommand::Show(args)) => {
            config::show(args, &cli.log, &cli.log_format, cli.config.as_deref())
        }
        Command::Serve(args) => serve::run(args).await,
        Command::Migrate(args) => migrate::run(args).await,
        Command::Import(cmd) => import::run(cmd).await,
        Command::Parse(args) => parse::run(&args),
        Command::Admin(cmd) => admin::run(cmd).await,
        Command::Bench(cmd) => bench::run(cmd).await,
        Command::Reindex(args) => reindex::run(args).await,
        Command::Group(args) => group::run(args),
        Command::Audit(cmd) => audit::run(cmd).await,
        Command::Backup(args) => backup::backup(args).await,
        Command::Restore(args) => backup::restore(args).await,
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn command_line_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }

    /// Every command a person runs shows an example in its `--help`.
    #[test]
    fn every_subcommand_has_an_example() {
        fn walk(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
            let path = format!("{path} {}", command.get_name());
            let subcommands: Vec<&clap::Command> =
                command.get_subcommands().filter(|c| c.get_name() != "help").collect();
            if subcommands.is_empty() {
                let help =
                    [command.get_long_about(), command.get_after_help(), command.get_after_long_help()]
                        .into_iter()
                        .flatten()
                        .map(ToString::to_string)
                        .collect::<String>();
                if !help.contains("Example:") {
                    missing.push(path.clone());
                }
            }
            for sub in subcommands {
                walk(sub, &path, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&super::Cli::command(), "", &mut missing);
        assert!(missing.is_empty(), "subcommands without an example in --help: {missing:?}");
    }
}
