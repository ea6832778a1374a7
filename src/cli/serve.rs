//! `duthao serve`: the web server.

use std::net::SocketAddr;

use anyhow::Context;
use clap::Args;

use super::DbArgs;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "DUTHAO_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Load the demo dossier into an empty database.
    #[arg(long)]
    pub demo: bool,
    /// Comments accepted per minute from one address (or one signed-in user) in a
    /// consultation that sets no limit of its own; 0 = no limit.
    #[arg(long, env = "DUTHAO_COMMENTS_PER_MINUTE", default_value_t = 30)]
    pub comments_per_minute: u32,
    /// Never ask anonymous commenters for a proof-of-work challenge, whatever the
    /// consultations say (load tests, or a proxy in front that filters bots).
    #[arg(long, env = "DUTHAO_NO_CHALLENGE")]
    pub no_challenge: bool,
    /// Largest request body accepted, in bytes (uploads of drafts, letters and files
    /// included).
    #[arg(long, env = "DUTHAO_MAX_BODY_BYTES", default_value_t = 20 * 1024 * 1024)]
    pub max_body_bytes: usize,
    /// Addresses of the reverse proxies in front (comma-separated): for requests from
    /// them, the client's address (rate limits, sign-in throttling) is read from
    /// X-Forwarded-For.
    #[arg(long, env = "DUTHAO_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Mark cookies Secure (when served over HTTPS behind a proxy).
    #[arg(long, env = "DUTHAO_SECURE_COOKIES")]
    pub secure_cookies: bool,
    #[command(flatten)]
    pub db: DbArgs,
}

pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    let mut config = args.db.config();
    config.listen = args.listen;
    config.secure_cookies = args.secure_cookies;
    config.anonymous_comments_per_minute = args.comments_per_minute;
    config.challenges = !args.no_challenge;
    config.max_body_bytes = args.max_body_bytes;
    config.trusted_proxies = args.trusted_proxies;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("listening on {}", config.listen))?;
    println!("Duthao: http://{}", listener.local_addr().context("local address")?);
    crate::app::serve(listener, config, args.demo).await
}
