//! Starting the app for a test, and seeding it.

use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use duthao::bench::http::Connection;
use std::sync::Arc;

use duthao::config::Config;
use duthao::storage::{self, Db, consultations, dialect, dossiers, drafts, organisations};

/// A running app with its own database.
pub struct TestApp {
    pub addr: SocketAddr,
    pub db: Db,
    pub backend: &'static str,
    /// `None`: SQLite in the data directory.
    database_url: Option<String>,
    /// The data directory. Shared, because a test body that uses only some fields of
    /// the app (`app.db`, say) captures only those and drops the rest before it runs;
    /// `each` keeps its own handle so the directory outlives the body.
    dir: Arc<tempfile::TempDir>,
}

impl TestApp {
    /// A user with these roles (no session); returns the id.
    pub async fn user(&self, login: &str, roles: &[duthao::domain::Role]) -> i64 {
        duthao::web::auth::create_user(
            &self.db.pool,
            login,
            "Người thử nghiệm",
            "mat-khau-thu-nghiem",
            None,
            roles,
        )
        .await
        .expect("user created")
    }

    /// Stores comments and waits until the server's grouping tail has read them;
    /// returns their ids.
    pub async fn store_grouped(&self, batch: &[duthao::storage::comments::NewComment]) -> Vec<i64> {
        let codes = duthao::storage::comments::insert_many(&self.db, batch).await.expect("stored");
        let ids: Vec<i64> = codes.iter().map(|c| c.comment_id(&self.db.receipt_key)).collect();
        let last = *ids.iter().max().expect("ids");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while duthao::storage::groups::progress(&self.db).await.expect("progress") < last {
            assert!(std::time::Instant::now() < deadline, "comments up to {last} were not grouped in time");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        ids
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// A client that keeps cookies, like a browser, and does not follow redirects.
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client builds")
    }

    /// Runs `body` once per configured database backend.
    pub async fn each<F, Fut>(body: F)
    where
        F: Fn(TestApp) -> Fut,
        Fut: Future<Output = ()>,
    {
        let app = Self::start(None).await;
        let keep = Arc::clone(&app.dir);
        body(app).await;
        drop(keep);
        if let Ok(url) = std::env::var("DUTHAO_TEST_POSTGRES_URL") {
            let (name, fresh) =
                dialect::create_scratch_database(&url, "duthao_test").await.expect("test database created");
            body(Self::start(Some(fresh)).await).await;
            // Dropped once the test has passed; a failed test keeps it, to look at.
            dialect::drop_scratch_database(&url, &name).await.expect("test database dropped");
        }
    }

    pub async fn start(database_url: Option<String>) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = Config::local(PathBuf::from(dir.path()));
        let backend = if database_url.is_some() { "postgres" } else { "sqlite" };
        config.database_url = database_url.clone();
        let db = duthao::app::open_database(&config).await.expect("database opens");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
        let addr = listener.local_addr().expect("local addr");
        config.listen = addr;
        tokio::spawn(async move {
            duthao::app::serve(listener, config, false).await.expect("server runs");
        });
        TestApp { addr, db, backend, database_url, dir: Arc::new(dir) }
    }

    /// A second instance of the app on the same database (as behind a load balancer);
    /// returns its address.
    pub async fn second_instance(&self) -> SocketAddr {
        let mut config = Config::local(PathBuf::from(self.dir.path()).join("second"));
        config.database_url = Some(
            self.database_url.clone().unwrap_or_else(|| Config::local(self.dir.path().into()).database_url()),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
        let addr = listener.local_addr().expect("local addr");
        config.listen = addr;
        tokio::spawn(async move {
            duthao::app::serve(listener, config, false).await.expect("second instance runs");
        });
        addr
    }
}

/// What `seed` created.
pub struct Seeded {
    pub org_id: i64,
    pub dossier_id: i64,
    pub draft_id: i64,
    pub version_id: i64,
    pub consultation_id: i64,
    /// Provision ids in document order: Chương I, Điều 1, khoản 1, khoản 2, Điều 2.
    pub provisions: Vec<i64>,
}

impl Seeded {
    /// A comment on `provision` (or the whole draft) of the seeded round, from a
    /// citizen on the web; tests change the fields they care about.
    pub fn comment(&self, provision: Option<i64>, body: &str) -> duthao::storage::comments::NewComment {
        duthao::storage::comments::NewComment {
            consultation_id: self.consultation_id,
            version_id: self.version_id,
            provision_id: provision,
            quote: None,
            body: body.to_owned(),
            author_name: Some("Người góp ý".to_owned()),
            author_email: None,
            author_user_id: None,
            organisation_id: None,
            channel: "web".to_owned(),
            created_at: None,
            name_public: false,
            flag: None,
            submission_key: None,
        }
    }
}

fn prov(
    kind: &str,
    label: &str,
    number: &str,
    heading: Option<&str>,
    body: &str,
    depth: i64,
) -> drafts::NewProvision {
    drafts::NewProvision {
        kind: kind.into(),
        label: label.into(),
        number: number.into(),
        heading: heading.map(Into::into),
        body: body.into(),
        depth,
        source_line: 1,
    }
}

/// A dossier with one published draft and a consultation open for `audience`,
/// from yesterday until `closes_in_days` from now.
pub async fn seed(db: &Db, audience: &str, closes_in_days: i64) -> Seeded {
    let pool = &db.pool;
    let org_id = organisations::insert(
        pool,
        None,
        "central",
        &format!("BTC{}", rand::random::<u32>()),
        "Ban Tổ chức Trung ương",
    )
    .await
    .expect("org");
    let dossier_id = dossiers::insert(
        pool,
        &dossiers::NewDossier {
            title: "Hồ sơ dự thảo Quy định khuyến khích cán bộ đổi mới",
            summary: "Lấy ý kiến về dự thảo Quy định.",
            drafting_org_id: org_id,
            approving_body: "Bộ Chính trị",
            keywords: &["cán bộ".to_owned(), "đổi mới".to_owned()],
        },
    )
    .await
    .expect("dossier");
    let draft_id = drafts::insert_draft(
        pool,
        dossier_id,
        "quy_dinh",
        "Dự thảo Quy định khuyến khích cán bộ",
        &["sáng tạo".to_owned()],
    )
    .await
    .expect("draft");
    let provisions = [
        prov("chapter", "Chương I", "I", Some("NHỮNG QUY ĐỊNH CHUNG"), "", 0),
        prov(
            "article",
            "Điều 1",
            "1",
            Some("Phạm vi điều chỉnh"),
            "Quy định này quy định về khuyến khích cán bộ.",
            1,
        ),
        prov("clause", "Khoản 1", "1", None, "Cán bộ có tư duy đổi mới.", 2),
        prov("clause", "Khoản 2", "2", None, "Cán bộ dám nghĩ, dám làm.", 2),
        prov("article", "Điều 2", "2", Some("Đối tượng áp dụng"), "Cán bộ, công chức, viên chức.", 1),
    ];
    let version_id = drafts::insert_version(
        pool,
        &drafts::NewVersion {
            draft_id,
            source_name: "du-thao.txt",
            source_format: "text",
            source_text: "",
            preamble: "",
            warnings_json: "[]",
            provisions: &provisions,
            base: None,
        },
    )
    .await
    .expect("version");
    assert!(drafts::publish_version(pool, version_id).await.expect("publish"));
    let ids =
        drafts::provisions(pool, version_id).await.expect("provisions").into_iter().map(|p| p.id).collect();
    let now = storage::now_ms();
    let day = 86_400_000;
    let consultation_id = consultations::insert(
        pool,
        &consultations::NewConsultation {
            dossier_id,
            title: "Đợt 1",
            opens_at: now - day,
            closes_at: now + closes_in_days * day,
            audience,
            version_ids: &[version_id],
            invitations: &[(org_id, now + day)],
        },
    )
    .await
    .expect("consultation");
    Seeded { org_id, dossier_id, draft_id, version_id, consultation_id, provisions: ids }
}

impl TestApp {
    /// The body of the page at `path`, fetched by `client`.
    pub async fn page(&self, client: &reqwest::Client, path: &str) -> String {
        let response = client.get(self.url(path)).send().await.unwrap_or_else(|e| panic!("GET {path}: {e}"));
        response.text().await.unwrap_or_else(|e| panic!("body of {path}: {e}"))
    }

    /// The body of the page at `path`, asked for in the language `accept_language`.
    pub async fn page_in(&self, client: &reqwest::Client, path: &str, accept_language: &str) -> String {
        let response = client
            .get(self.url(path))
            .header("accept-language", accept_language)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        response.text().await.unwrap_or_else(|e| panic!("body of {path}: {e}"))
    }

    /// Submits the draft page's comment form of `draft_id` with `fields`, as a browser.
    pub async fn post_comment_form(
        &self,
        client: &reqwest::Client,
        draft_id: i64,
        fields: &[(&str, String)],
    ) -> reqwest::Response {
        client
            .post(self.url(&format!("/drafts/{draft_id}/comments")))
            .form(fields)
            .send()
            .await
            .expect("POST comment form")
    }

    /// A browser signed in as a new user with `roles` (and organisation `org`).
    pub async fn signed_in(
        &self,
        login: &str,
        roles: &[duthao::domain::Role],
        org: Option<i64>,
    ) -> reqwest::Client {
        let password = "mat-khau-thu-nghiem";
        duthao::web::auth::create_user(&self.db.pool, login, "Người thử nghiệm", password, org, roles)
            .await
            .expect("user created");
        self.sign_in(login, password).await
    }

    /// A browser signed in as an existing user.
    pub async fn sign_in(&self, login: &str, password: &str) -> reqwest::Client {
        let client = self.client();
        let response = client
            .post(self.url("/login"))
            .form(&[("login", login), ("password", password), ("next", "/")])
            .send()
            .await
            .expect("login");
        assert_eq!(response.status(), 303, "login of {login} succeeds");
        client
    }
}

/// A `duthao` server process, killed when dropped: a test that fails before it stops
/// its server must not leave it running (it would hold the test runner's output open).
pub struct ServerProcess(Child);

impl std::ops::Deref for ServerProcess {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

impl std::ops::DerefMut for ServerProcess {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// Starts the `duthao` binary on a free loopback port with `data_dir` (and
/// `database_url`, else SQLite in the directory); returns the process and its address.
pub fn spawn_server(data_dir: &Path, database_url: Option<&str>) -> (ServerProcess, SocketAddr) {
    let port =
        std::net::TcpListener::bind("127.0.0.1:0").expect("free port").local_addr().expect("addr").port();
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut command = Command::new(env!("CARGO_BIN_EXE_duthao"));
    command
        .args([
            "serve",
            "--comments-per-minute",
            "0",
            "--no-challenge",
            "--listen",
            &addr.to_string(),
            "--data-dir",
        ])
        .arg(data_dir)
        .env("DUTHAO_LOG", "error")
        .env_remove("DUTHAO_DATABASE_URL")
        .stdout(Stdio::null());
    if let Some(url) = database_url {
        command.args(["--database-url", url]);
    }
    (ServerProcess(command.spawn().expect("server starts")), addr)
}

/// Waits until the server at `addr` answers.
pub async fn wait_ready(addr: SocketAddr) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(mut conn) = Connection::open(addr).await
            && let Ok((200, _)) = conn.send("GET", "/api/v1/dossiers", None).await
        {
            return;
        }
        assert!(Instant::now() < deadline, "the server did not come up on {addr}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
