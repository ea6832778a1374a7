//! `duthao admin user add|grant`: accounts from the command line (the first admin).

use anyhow::{Context, bail};
use clap::{Args, Subcommand};

use super::DbArgs;
use crate::domain::Role;
use crate::storage::{organisations, users};

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Users and their roles.
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user.
    ///
    /// Example: duthao admin user add --login bientap --name "Nguyễn Văn An" --password-env PW --role editor
    Add(AddUser),
    /// Grant a role to an existing user.
    ///
    /// Example: duthao admin user grant bientap lead_editor
    Grant(GrantRole),
}

#[derive(Debug, Args)]
pub struct AddUser {
    #[arg(long)]
    pub login: String,
    #[arg(long)]
    pub name: String,
    /// Name of the environment variable holding the password (keeps it out of the
    /// shell history and process list).
    #[arg(long, default_value = "DUTHAO_PASSWORD")]
    pub password_env: String,
    /// Code of the user's organisation (e.g. BTCTW).
    #[arg(long)]
    pub organisation: Option<String>,
    /// Roles: public, org_representative, secretary, editor, lead_editor, admin.
    #[arg(long = "role")]
    pub roles: Vec<String>,
    #[command(flatten)]
    pub db: DbArgs,
}

#[derive(Debug, Args)]
pub struct GrantRole {
    pub login: String,
    pub role: String,
    #[command(flatten)]
    pub db: DbArgs,
}

fn parse_role(code: &str) -> anyhow::Result<Role> {
    Role::parse(code).with_context(|| {
        let all: Vec<&str> = Role::ALL.iter().map(|r| r.code()).collect();
        format!("vai trò không hợp lệ: {code} (chọn một trong: {})", all.join(", "))
    })
}

pub async fn run(cmd: AdminCommand) -> anyhow::Result<()> {
    match cmd {
        AdminCommand::User(UserCommand::Add(args)) => {
            let roles = args.roles.iter().map(|r| parse_role(r)).collect::<anyhow::Result<Vec<_>>>()?;
            let password = std::env::var(&args.password_env)
                .with_context(|| format!("đặt mật khẩu trong biến môi trường {}", args.password_env))?;
            crate::domain::password::check(&args.login, &args.name, &password)
                .map_err(|p| anyhow::anyhow!("{p}"))?;
            let db = crate::app::open_database(&args.db.config()).await?;
            let organisation_id = match &args.organisation {
                Some(code) => Some(
                    organisations::by_code(&db.pool, code)
                        .await?
                        .with_context(|| format!("không có tổ chức mã {code}"))?
                        .id,
                ),
                None => None,
            };
            if users::by_login(&db.pool, &args.login).await?.is_some() {
                bail!("tên đăng nhập {} đã tồn tại", args.login);
            }
            let id = crate::web::auth::create_user(
                &db.pool,
                &args.login,
                &args.name,
                &password,
                organisation_id,
                &roles,
            )
            .await?;
            println!("Đã tạo người dùng {} (id {id}).", args.login);
            Ok(())
        }
        AdminCommand::User(UserCommand::Grant(args)) => {
            let role = parse_role(&args.role)?;
            let db = crate::app::open_database(&args.db.config()).await?;
            let user = users::by_login(&db.pool, &args.login)
                .await?
                .with_context(|| format!("không có người dùng {}", args.login))?;
            if users::grant(&db.pool, None, user.id, role).await? {
                println!("Đã cấp vai trò {} cho {}.", role.code(), args.login);
            } else {
                println!("{} đã có vai trò {}.", args.login, role.code());
            }
            Ok(())
        }
    }
}
