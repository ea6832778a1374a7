//! Startup: connect, migrate, optionally load the demo, and serve on a given listener
//! (so that tests can start the real app on port 0).

use std::sync::Arc;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::storage::Db;
use crate::web::{self, AppState};

/// Connects to the configured database and applies pending migrations.
pub async fn open_database(config: &Config) -> anyhow::Result<Db> {
    if config.database_url.is_none() {
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("creating data directory {}", config.data_dir.display()))?;
    }
    Db::open(&config.database_url())
        .await
        .with_context(|| format!("opening {}", crate::config::redact_url(&config.database_url())))
}

/// Serves the app on `listener` until the process is asked to stop.
pub async fn serve(listener: TcpListener, config: Config, demo: bool) -> anyhow::Result<()> {
    let db = open_database(&config).await?;
    if demo {
        let loaded = crate::demo::load_if_empty(&db).await.context("loading the demo dossier")?;
        if loaded {
            tracing::info!("demo dossier loaded");
        }
    }
    crate::storage::dialect::spawn_checkpointer(db.pool.clone());
    spawn_session_cleanup(crate::storage::sessions::DbSessionStore::new(db.pool.clone()), db.pool.clone());
    let intake = Arc::new(
        crate::intake::Intake::start(db.clone(), config.anonymous_comments_per_minute, config.challenges)
            .context("starting the group commit")?,
    );
    intake.listen();
    let search = Arc::new(
        crate::search::SearchIndex::open(&config.data_dir.join("search"))
            .context("opening the search index")?,
    );
    search.spawn_tail(db.clone());
    let grouping = Arc::new(crate::synthesis::grouping::Grouping::new(Default::default()));
    grouping.spawn(db.clone());
    let views = Arc::new(web::views::ViewCounter::default());
    views.spawn_flusher(db.pool.clone());
    let live = crate::live::LiveHub::new(db.clone());
    live.listen();
    let live_on_shutdown = Arc::clone(&live);
    let state = AppState::new(web::Shared {
        db: db.clone(),
        config: Arc::new(config),
        intake,
        views: Arc::clone(&views),
        cache: Default::default(),
        search,
        grouping,
        live,
    });
    let app = web::app(state);
    let addr = listener.local_addr().context("reading the listening address")?;
    tracing::info!(%addr, "duthao listening");
    // Small answers go out at once instead of waiting for Nagle's algorithm.
    let listener = axum::serve::ListenerExt::tap_io(listener, |stream: &mut tokio::net::TcpStream| {
        if let Err(e) = stream.set_nodelay(true) {
            tracing::debug!(error = %e, "TCP_NODELAY not set");
        }
    });
    axum::serve(listener, axum::ServiceExt::into_make_service_with_connect_info::<std::net::SocketAddr>(app))
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            // Live feeds never finish by themselves: end them, or shutdown waits.
            live_on_shutdown.close();
        })
        .await
        .context("serving")?;
    views.flush(&db.pool).await;
    Ok(())
}

/// Deletes expired sign-in sessions every hour. Any instance may do it: the delete is
/// idempotent.
/// Every hour: expired sessions, and failed sign-ins that no longer count.
fn spawn_session_cleanup(store: crate::storage::sessions::DbSessionStore, pool: sqlx::AnyPool) {
    use tower_sessions::session_store::ExpiredDeletion;
    tokio::spawn(async move {
        let hour = std::time::Duration::from_secs(3600);
        let mut hourly = tokio::time::interval_at(tokio::time::Instant::now() + hour, hour);
        loop {
            hourly.tick().await;
            if let Err(e) = store.delete_expired().await {
                tracing::warn!(error = %e, "expired-session cleanup failed");
                crate::metrics::job_failed("session_cleanup");
            }
            let policy = crate::storage::sign_in::Policy::DEFAULT;
            if let Err(e) = crate::storage::sign_in::prune(&pool, &policy, crate::storage::now_ms()).await {
                tracing::warn!(error = %e, "sign-in failure cleanup failed");
                crate::metrics::job_failed("sign_in_cleanup");
            }
        }
    });
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
