//! Runtime configuration, from the command line and `DUTHAO_*` environment variables.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

/// What the server needs to start.
#[derive(Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    /// `postgres://…` or `sqlite://…`; `None` means the SQLite file in `data_dir`.
    pub database_url: Option<String>,
    /// Largest request body accepted, in bytes (uploads included).
    pub max_body_bytes: usize,
    /// Comments allowed per minute per client address (anonymous) or per user; 0 turns
    /// the limit off.
    pub anonymous_comments_per_minute: u32,
    /// Whether consultations may ask anonymous commenters for a challenge.
    pub challenges: bool,
    /// Mark cookies `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    /// Reverse proxies whose `X-Forwarded-For` says who the client is.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl Config {
    /// The database URL to connect to.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}?mode=rwc", self.data_dir.join("duthao.db").display()),
        }
    }

    /// Defaults for a test or a local run with the given data directory.
    pub fn local(data_dir: PathBuf) -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir,
            database_url: None,
            max_body_bytes: 20 * 1024 * 1024,
            anonymous_comments_per_minute: 30,
            challenges: true,
            trusted_proxies: Vec::new(),
            secure_cookies: false,
        }
    }
}

/// The URL may carry a password: never print it.
impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("data_dir", &self.data_dir)
            .field("database_url", &self.database_url.as_deref().map(redact_url))
            .field("max_body_bytes", &self.max_body_bytes)
            .field("anonymous_comments_per_minute", &self.anonymous_comments_per_minute)
            .field("challenges", &self.challenges)
            .field("secure_cookies", &self.secure_cookies)
            .field("trusted_proxies", &self.trusted_proxies)
            .finish()
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_the_database_password() {
        let mut config = Config::local(PathBuf::from("/tmp/x"));
        config.database_url = Some("postgres://duthao:hunter2@db/duthao".into());
        let printed = format!("{config:?}");
        assert!(!printed.contains("hunter2"));
        assert!(printed.contains("duthao:***@db"));
    }

    #[test]
    fn default_database_is_a_sqlite_file_in_the_data_dir() {
        let config = Config::local(PathBuf::from("/srv/duthao"));
        assert_eq!(config.database_url(), "sqlite:///srv/duthao/duthao.db?mode=rwc");
    }
}
