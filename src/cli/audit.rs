//! `duthao audit verify`: checks the hash chain of the audit trail and names the first
//! broken link.

use clap::{Args, Subcommand};

use super::DbArgs;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check every link of the audit trail's hash chain; exits with status 1 and names
    /// the first broken link if the trail was altered.
    ///
    /// Example: duthao audit verify --data-dir ./duthao-data
    Verify(VerifyArgs),
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub db: DbArgs,
}

pub async fn run(cmd: AuditCommand) -> anyhow::Result<()> {
    match cmd {
        AuditCommand::Verify(args) => {
            let db = crate::app::open_database(&args.db.config()).await?;
            let found = crate::storage::audit::verify(&db.pool).await?;
            match found.broken {
                None => {
                    println!("audit trail intact: {} events, head {}", found.events, found.head);
                    Ok(())
                }
                Some(link) => anyhow::bail!(
                    "audit trail BROKEN at event {} (after {} good events): {}",
                    link.event_id,
                    found.events.saturating_sub(1),
                    link.reason
                ),
            }
        }
    }
}
