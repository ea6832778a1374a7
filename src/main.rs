/// mimalloc instead of glibc's allocator: the request path allocates per request
/// (HTTP, JSON, text normalisation) and glibc's arena locks showed up in profiles.
/// Its `override` feature also serves C's `malloc`/`free`, so the bundled SQLite
/// allocates through it too (glibc's malloc was ~5 % of the server under a surge,
/// nearly all of it SQLite's).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use duthao::cli::config::ParseError;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = match duthao::cli::config::parse(std::env::args_os().collect()) {
        Ok(cli) => cli,
        Err(ParseError::Clap(e)) => e.exit(),
        Err(ParseError::File(e)) => {
            eprintln!("Lỗi: {e:#}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let filter = match EnvFilter::try_new(&cli.log) {
        Ok(filter) => filter,
        Err(e) => {
            eprintln!("Lỗi: bộ lọc nhật ký (--log, DUTHAO_LOG) không hợp lệ: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if cli.log_format == "json" {
        logs.json().with_current_span(true).with_span_list(false).init();
    } else {
        logs.init();
    }
    match duthao::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Lỗi: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
