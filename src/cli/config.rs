//! The configuration file and `duthao config show`.
//!
//! Every setting has a long option, a `DUTHAO_*` variable and a key in an optional
//! TOML file (`--config FILE` or `DUTHAO_CONFIG`), in that order of precedence, then
//! the default. The file's keys are the long options' names with underscores:
//!
//! ```toml
//! listen = "0.0.0.0:8080"
//! data_dir = "/var/lib/duthao"
//! database_url = "postgres://duthao:secret@db/duthao"
//! comments_per_minute = 30
//! no_challenge = false
//! secure_cookies = true
//! max_body_bytes = 20971520
//! trusted_proxies = "127.0.0.1"
//! log = "info"
//! log_format = "json"
//! ```
//!
//! The file is applied by adding its values as options to the command line where
//! neither the command line nor the environment gave one, so clap checks them like
//! any other value. One file serves every subcommand: a key a subcommand does not
//! take (say `listen` for `duthao migrate`) is ignored there. An unknown key is an
//! error that names the file, line and key.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Subcommand};
use serde::Deserialize;

use super::Cli;
use super::serve::ServeArgs;

/// The keys of the configuration file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    listen: Option<String>,
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    comments_per_minute: Option<u32>,
    no_challenge: Option<bool>,
    secure_cookies: Option<bool>,
    max_body_bytes: Option<u64>,
    trusted_proxies: Option<String>,
    log: Option<String>,
    log_format: Option<String>,
}

/// How a value of a configuration file becomes command-line arguments.
enum FileValue {
    Value(String),
    Flag(bool),
}

impl FileConfig {
    fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("không đọc được tệp cấu hình {}", path.display()))?;
        toml::from_str(&text).with_context(|| format!("tệp cấu hình {} không hợp lệ", path.display()))
    }

    /// (argument id, value) of every key the file sets.
    fn entries(&self) -> Vec<(&'static str, FileValue)> {
        let mut out = Vec::new();
        let mut value = |id: &'static str, v: Option<String>| {
            if let Some(v) = v {
                out.push((id, FileValue::Value(v)));
            }
        };
        value("listen", self.listen.clone());
        value("data_dir", self.data_dir.as_ref().map(|p| p.display().to_string()));
        value("database_url", self.database_url.clone());
        value("comments_per_minute", self.comments_per_minute.map(|n| n.to_string()));
        value("max_body_bytes", self.max_body_bytes.map(|n| n.to_string()));
        value("trusted_proxies", self.trusted_proxies.clone());
        value("log", self.log.clone());
        value("log_format", self.log_format.clone());
        for (id, flag) in [("no_challenge", self.no_challenge), ("secure_cookies", self.secure_cookies)] {
            if let Some(on) = flag {
                out.push((id, FileValue::Flag(on)));
            }
        }
        out
    }
}

/// Why the command line could not be read.
#[derive(Debug)]
pub enum ParseError {
    /// clap's own error (it prints itself, and `--help` is one).
    Clap(clap::Error),
    /// The configuration file.
    File(anyhow::Error),
}

/// The innermost subcommand's matches: where the options of the command that runs are.
fn leaf(matches: &ArgMatches) -> &ArgMatches {
    let mut leaf = matches;
    while let Some((_, sub)) = leaf.subcommand() {
        leaf = sub;
    }
    leaf
}

/// Whether the innermost subcommand takes `id`, and its value is only the default.
fn file_may_set(leaf: &ArgMatches, id: &str) -> bool {
    leaf.try_contains_id(id).is_ok()
        && !matches!(leaf.value_source(id), Some(ValueSource::CommandLine | ValueSource::EnvVariable))
}

/// The arguments with the configuration file's values added where the command line
/// and the environment gave none.
fn with_file(args: Vec<OsString>, matches: &ArgMatches, file: &FileConfig) -> Vec<OsString> {
    let leaf = leaf(matches);
    let mut args = args;
    for (id, value) in file.entries() {
        if !file_may_set(leaf, id) {
            continue;
        }
        let flag = format!("--{}", id.replace('_', "-"));
        match value {
            FileValue::Value(v) => {
                args.push(flag.into());
                args.push(v.into());
            }
            FileValue::Flag(true) => args.push(flag.into()),
            FileValue::Flag(false) => {}
        }
    }
    args
}

/// Reads the command line (`args`, the program name first), the environment and the
/// configuration file it names.
pub fn parse(args: Vec<OsString>) -> Result<Cli, ParseError> {
    let matches = Cli::command().try_get_matches_from(&args).map_err(ParseError::Clap)?;
    let Some(path) = matches.get_one::<PathBuf>("config").cloned() else {
        return Cli::from_arg_matches(&matches).map_err(ParseError::Clap);
    };
    let file = FileConfig::load(&path).map_err(ParseError::File)?;
    let args = with_file(args, &matches, &file);
    let matches = Cli::command().try_get_matches_from(&args).map_err(|e| {
        ParseError::File(anyhow::anyhow!(
            "tệp cấu hình {}: {}",
            path.display(),
            e.render().to_string().lines().next().unwrap_or_default()
        ))
    })?;
    Cli::from_arg_matches(&matches).map_err(ParseError::Clap)
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the configuration the server would run with, as TOML (passwords hidden),
    /// and where each value comes from.
    ///
    /// Example: duthao config show --config /etc/duthao/duthao.toml
    Show(ServeArgs),
}

/// Where a value of `duthao config show` comes from, given the parsed command line.
fn source(matches: Option<&ArgMatches>, id: &str) -> &'static str {
    let Some(matches) = matches else { return "" };
    match leaf(matches).value_source(id) {
        Some(ValueSource::CommandLine) => "dòng lệnh",
        Some(ValueSource::EnvVariable) => "biến môi trường",
        Some(ValueSource::DefaultValue) | None => "mặc định",
        Some(_) => "",
    }
}

/// `duthao config show`: the effective settings. The sources are worked out again
/// from the process's own command line: what the file added shows as "tệp cấu hình".
pub fn show(args: ServeArgs, log: &str, log_format: &str, config: Option<&Path>) -> anyhow::Result<()> {
    let raw: Vec<OsString> = std::env::args_os().collect();
    let matches = Cli::command().try_get_matches_from(&raw).ok();
    // The keys the file sets (a flag set to false sets nothing).
    let in_file: Vec<String> = config
        .and_then(|p| FileConfig::load(p).ok())
        .map(|f| {
            f.entries()
                .iter()
                .filter(|(_, value)| !matches!(value, FileValue::Flag(false)))
                .map(|(key, _)| (*key).to_owned())
                .collect()
        })
        .unwrap_or_default();
    let from = |id: &str| -> &'static str {
        let given = source(matches.as_ref(), id);
        if given == "mặc định" && in_file.iter().any(|k| k == id) { "tệp cấu hình" } else { given }
    };
    let quote = |s: &str| toml::Value::String(s.to_owned()).to_string();
    let database_url = match &args.db.database_url {
        Some(url) => quote(&crate::config::redact_url(url)),
        None => format!("# (SQLite {})", args.db.config().database_url()),
    };
    println!("# Cấu hình có hiệu lực: dòng lệnh > biến DUTHAO_* > tệp cấu hình > mặc định.");
    if let Some(path) = config {
        println!("# Tệp cấu hình: {}", path.display());
    }
    let lines = [
        ("listen", quote(&args.listen.to_string())),
        ("data_dir", quote(&args.db.data_dir.display().to_string())),
        ("database_url", database_url),
        ("comments_per_minute", args.comments_per_minute.to_string()),
        ("no_challenge", args.no_challenge.to_string()),
        ("secure_cookies", args.secure_cookies.to_string()),
        ("max_body_bytes", args.max_body_bytes.to_string()),
        (
            "trusted_proxies",
            quote(&args.trusted_proxies.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")),
        ),
        ("log", quote(log)),
        ("log_format", quote(log_format)),
    ];
    for (key, value) in lines {
        let line = if value.starts_with('#') {
            format!("# {key} = {}", &value[2..])
        } else {
            format!("{key} = {value}")
        };
        println!("{line:<60} # {}", from(key));
    }
    Ok(())
}

/// [`parse`] of string arguments, for tests.
#[cfg(test)]
fn parse_strs(args: &[&str]) -> Result<Cli, ParseError> {
    parse(args.iter().map(OsString::from).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Command;

    fn write(text: &str) -> tempfile::NamedTempFile {
        let mut file = tempfile::NamedTempFile::new().expect("temp file");
        std::io::Write::write_all(&mut file, text.as_bytes()).expect("written");
        file
    }

    #[test]
    fn the_file_fills_what_the_command_line_leaves_to_the_default() {
        let file = write(
            "listen = \"127.0.0.1:9191\"\ncomments_per_minute = 7\nsecure_cookies = true\ndata_dir = \"/srv/duthao\"\n",
        );
        let path = file.path().to_str().expect("utf-8 path");
        let cli =
            parse_strs(&["duthao", "serve", "--config", path, "--comments-per-minute", "3"]).expect("parsed");
        let Command::Serve(args) = cli.command else { panic!("serve") };
        assert_eq!(args.listen.to_string(), "127.0.0.1:9191");
        assert_eq!(args.comments_per_minute, 3, "the command line wins");
        assert!(args.secure_cookies);
        assert_eq!(args.db.data_dir, PathBuf::from("/srv/duthao"));
        // A key the subcommand does not take is ignored there.
        let cli = parse_strs(&["duthao", "migrate", "--config", path]).expect("parsed");
        let Command::Migrate(db) = cli.command else { panic!("migrate") };
        assert_eq!(db.data_dir, PathBuf::from("/srv/duthao"));
    }

    #[test]
    fn a_bad_file_is_named_with_its_line_and_key() {
        let file = write("listen = \"127.0.0.1:9191\"\nlisten_port = 80\n");
        let path = file.path().to_str().expect("utf-8 path");
        let Err(ParseError::File(e)) = parse_strs(&["duthao", "serve", "--config", path]) else {
            panic!("refused")
        };
        let message = format!("{e:#}");
        assert!(
            message.contains(path) && message.contains("listen_port") && message.contains("line 2"),
            "{message}"
        );
        let file = write("comments_per_minute = \"nhiều\"\n");
        let path = file.path().to_str().expect("utf-8 path");
        assert!(matches!(parse_strs(&["duthao", "serve", "--config", path]), Err(ParseError::File(_))));
        let file = write("listen = \"không phải địa chỉ\"\n");
        let path = file.path().to_str().expect("utf-8 path");
        let Err(ParseError::File(e)) = parse_strs(&["duthao", "serve", "--config", path]) else {
            panic!("refused")
        };
        assert!(format!("{e:#}").contains(path), "{e:#}");
        let Err(ParseError::File(e)) = parse_strs(&["duthao", "serve", "--config", "/khong/co/tep.toml"])
        else {
            panic!("refused")
        };
        assert!(format!("{e:#}").contains("/khong/co/tep.toml"));
    }

    #[test]
    fn without_a_file_nothing_changes() {
        let cli = parse_strs(&["duthao", "serve", "--listen", "127.0.0.1:9292"]).expect("parsed");
        let Command::Serve(args) = cli.command else { panic!("serve") };
        assert_eq!(args.listen.to_string(), "127.0.0.1:9292");
    }
}
