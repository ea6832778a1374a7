//! The authorisation matrix (`duthao::web::access::MATRIX`), walked on a running app:
//! every route × every role, signed in as the demo's accounts. A route declared in the
//! code without a row in the matrix, or a row naming no route, fails the test.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use duthao::domain::Role;
use duthao::web::access::{Answer, MATRIX, ROLES};

use crate::harness::TestApp;

/// Every `(method, path)` declared with `.route("…", get(…).post(…))` in the sources;
/// the API module's routes are nested under `/api/v1`.
fn declared_routes() -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let mut files = Vec::new();
    collect_rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).expect("source readable");
        let prefix = if file.ends_with("web/api.rs") { "/api/v1" } else { "" };
        let mut rest = text.as_str();
        while let Some(at) = rest.find(".route(\"") {
            rest = &rest[at + ".route(\"".len()..];
            let end = rest.find('"').expect("route path ends");
            let path = format!("{prefix}{}", &rest[..end]);
            let call = balanced_call(&rest[end..]);
            let methods = method_calls(call);
            assert!(!methods.is_empty(), "{}: no method found for route {path}", file.display());
            for method in methods {
                out.insert((method, path.clone()));
            }
        }
    }
    out
}

fn collect_rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("source dir readable") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            collect_rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The rest of a `.route(` call after its path: up to the parenthesis closing it.
fn balanced_call(text: &str) -> &str {
    let mut depth = 1;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return &text[..i];
                }
            }
            _ => {}
        }
    }
    text
}

/// The HTTP methods of a method router expression (`get(a).post(b)`), ignoring calls
/// inside the handlers' own parentheses.
fn method_calls(call: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0;
    for (i, c) in call.char_indices() {
        match c {
            '(' => {
                if depth == 0 {
                    let start = call[..i]
                        .rfind(|ch: char| !ch.is_ascii_alphanumeric() && ch != '_')
                        .map_or(0, |s| s + 1);
                    let name = &call[start..i];
                    let before = call[..start].trim_end();
                    let chained = before.ends_with('.') || before.ends_with(',') || before.is_empty();
                    if chained && ["get", "post", "put", "patch", "delete"].contains(&name) {
                        out.push(name.to_ascii_uppercase());
                    }
                }
                depth += 1;
            }
            ')' => depth -= 1,
            _ => {}
        }
    }
    out
}

/// The same-site links (`GET`) and forms (their method) of a page, as paths without
/// query or fragment.
fn targets(html: &str) -> Vec<(String, String)> {
    let path_of = |value: &str| -> Option<String> {
        let path = value.split(['?', '#']).next().unwrap_or_default();
        (path.starts_with('/') && !path.starts_with("//")).then(|| path.to_owned())
    };
    let attribute = |tag: &str, name: &str| -> Option<String> {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(tag[at..].split('"').next().unwrap_or_default().to_owned())
    };
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        let name = tag.split_whitespace().next().unwrap_or_default().to_ascii_lowercase();
        let found = match name.as_str() {
            "a" => attribute(tag, "href").and_then(|h| path_of(&h)).map(|p| ("GET".to_owned(), p)),
            "form" => {
                let method =
                    attribute(tag, "method").unwrap_or_else(|| "get".to_owned()).to_ascii_uppercase();
                attribute(tag, "action").and_then(|a| path_of(&a)).map(|p| (method, p))
            }
            _ => None,
        };
        out.extend(found);
    }
    out
}

/// The matrix's row for a concrete path (the one with the most literal segments when
/// several patterns match).
fn rule_of(method: &str, path: &str) -> Option<&'static duthao::web::access::Rule> {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let matches = |pattern: &str| -> Option<usize> {
        let parts: Vec<&str> = pattern.trim_start_matches('/').split('/').collect();
        let rest = parts.last().is_some_and(|p| p.starts_with("{*"));
        let fixed = if rest { parts.len() - 1 } else { parts.len() };
        if (rest && segments.len() < fixed) || (!rest && segments.len() != fixed) {
            return None;
        }
        let mut literal = 0;
        for (p, s) in parts[..fixed].iter().zip(&segments) {
            if p.starts_with('{') {
                continue;
            }
            if p != s {
                return None;
            }
            literal += 1;
        }
        Some(literal)
    };
    MATRIX
        .iter()
        .filter(|r| r.method == method)
        .filter_map(|r| matches(r.path).map(|literal| (literal, r)))
        .max_by_key(|(literal, _)| *literal)
        .map(|(_, r)| r)
}

#[test]
fn pages_offer_links_and_forms_found_in_the_matrix() {
    let html = r#"<a href="/editor">x</a> <A class="b" href="/dossiers/12?tab=1#top">y</a>
        <a href="https://example.org/">z</a> <form method="post" action="/consultations/3/letters">
        <form action="/search"><link href="/static/duthao.css">"#;
    assert_eq!(
        targets(html),
        [
            ("GET", "/editor"),
            ("GET", "/dossiers/12"),
            ("POST", "/consultations/3/letters"),
            ("GET", "/search")
        ]
        .map(|(m, p)| (m.to_owned(), p.to_owned()))
    );
    assert_eq!(rule_of("GET", "/editor").map(|r| r.path), Some("/editor"));
    assert_eq!(rule_of("GET", "/dossiers/12").map(|r| r.path), Some("/dossiers/{id}"));
    assert_eq!(
        rule_of("POST", "/consultations/3/letters").map(|r| r.path),
        Some("/consultations/{id}/letters")
    );
    assert!(rule_of("GET", "/no/such/page").is_none());
}

#[test]
fn the_matrix_has_exactly_the_routes_in_the_code() {
    let declared = declared_routes();
    let table: BTreeSet<(String, String)> =
        MATRIX.iter().map(|r| (r.method.to_owned(), r.path.to_owned())).collect();
    let missing: Vec<_> = declared.difference(&table).collect();
    let stale: Vec<_> = table.difference(&declared).collect();
    assert!(missing.is_empty(), "routes without a row in web::access::MATRIX: {missing:?}");
    assert!(stale.is_empty(), "rows of web::access::MATRIX naming no route: {stale:?}");
    assert!(declared.len() > 90, "the route scan found only {} routes", declared.len());
}

/// What the app answered, in the matrix's terms.
#[derive(Debug, PartialEq, Eq)]
enum Got {
    Is(Answer),
    Unexpected(u16),
}

fn classify(status: u16, location: Option<&str>) -> Got {
    match status {
        401 => Got::Is(Answer::SignIn),
        403 => Got::Is(Answer::Refused),
        300..=399 if location.is_some_and(|l| l.starts_with("/login")) => Got::Is(Answer::SignIn),
        200..=399 | 400 | 409 | 415 | 422 => Got::Is(Answer::Allowed),
        other => Got::Unexpected(other),
    }
}

#[tokio::test]
async fn every_route_answers_every_role_as_the_matrix_says() {
    TestApp::each(|app| async move {
        assert!(duthao::demo::load_if_empty(&app.db).await.expect("demo loads"));
        let pool = &app.db.pool;
        let id = |sql: &'static str| async move {
            sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"))
        };
        duthao::web::auth::create_user(
            pool,
            "congdan",
            "Công dân",
            "mat-khau-cong-dan",
            None,
            &[Role::Public],
        )
        .await
        .expect("public user");

        // One browser per role (the first signed out), signed in as the demo accounts.
        let accounts = [
            None,
            Some(("congdan", "mat-khau-cong-dan")),
            Some(("hanoi", duthao::demo::DEMO_PASSWORD)),
            Some(("thuky", duthao::demo::DEMO_PASSWORD)),
            Some(("bientap", duthao::demo::DEMO_PASSWORD)),
            Some(("totruong", duthao::demo::DEMO_PASSWORD)),
            Some(("quantri", duthao::demo::DEMO_PASSWORD)),
        ];
        let mut clients = Vec::new();
        for account in accounts {
            clients.push(match account {
                Some((login, password)) => app.sign_in(login, password).await,
                None => app.client(),
            });
        }

        // The fixture: the demo's dossier, its published regulation, the open round, a
        // comment with its receipt, a group, a milestone, and the conference with the
        // secretary's (Nghệ An) point and a request to speak from it.
        let consultation = id("SELECT id FROM consultation ORDER BY id LIMIT 1").await;
        let provision = id("SELECT p.id FROM provision p JOIN draft_version v ON v.id = p.version_id
             WHERE p.kind = 'article' AND v.published_at IS NOT NULL ORDER BY p.id LIMIT 1")
        .await;
        let version =
            duthao::storage::drafts::get_provision(pool, provision).await.expect("q").expect("p").version_id;
        let version_row = duthao::storage::drafts::get_version(pool, version).await.expect("q").expect("v");
        let seeded = duthao::storage::comments::NewComment {
            consultation_id: consultation,
            version_id: version,
            provision_id: Some(provision),
            quote: None,
            body: "Góp ý của bảng phân quyền.".to_owned(),
            author_name: Some("Người góp ý".to_owned()),
            author_email: None,
            author_user_id: None,
            organisation_id: None,
            channel: "web".to_owned(),
            created_at: None,
            name_public: false,
            flag: None,
            submission_key: None,
        };
        let receipt = app.store_grouped(&[seeded]).await;
        let comment = receipt[0];
        let code =
            duthao::domain::ReceiptCode::for_comment(comment, &app.db.receipt_key).expect("code").to_string();
        let group = id("SELECT id FROM comment_group ORDER BY id LIMIT 1").await;
        let conference = id("SELECT id FROM conference ORDER BY id LIMIT 1").await;
        let secretary = duthao::storage::users::by_login(pool, "thuky").await.expect("q").expect("thuky").id;
        let point = duthao::storage::conferences::points_of_secretary(pool, secretary)
            .await
            .expect("q")
            .into_iter()
            .find(|p| p.conference_id == conference)
            .expect("thuky's point");
        assert_eq!(point.central, 0, "the fixture's secretary is not at the central point");
        let request = duthao::storage::conferences::request_floor(
            &app.db,
            Some(secretary),
            conference,
            &duthao::storage::conferences::NewRequest {
                point_id: point.id,
                speaker: "Đại biểu".to_owned(),
                draft_id: None,
                provision_id: None,
            },
        )
        .await
        .expect("request to speak");
        let editor = duthao::storage::users::by_login(pool, "bientap").await.expect("q").expect("editor").id;
        // The setup form of a point replaces all its fields: walk it on a point without a
        // secretary, so that the secretary's own point stays theirs.
        let other_point = duthao::storage::conferences::points(pool, conference)
            .await
            .expect("q")
            .into_iter()
            .find(|p| p.secretary_user_id.is_none())
            .expect("a point without a secretary")
            .id;
        // A second dossier, submitted, for the package download.
        let submitted = crate::harness::seed(&app.db, "public", 10).await.dossier_id;
        let now = duthao::storage::now_ms();
        let package = duthao::package::assemble(&app.db, submitted, now).await.expect("package");
        let comments = duthao::storage::submissions::comment_count(&app.db, submitted).await.expect("q");
        assert_eq!(
            duthao::storage::submissions::submit(&app.db, editor, submitted, now, &package, comments)
                .await
                .expect("q"),
            duthao::storage::submissions::Submitted::Done
        );
        let token = duthao::storage::schedule::feed_token(&app.db, editor).await.expect("token");
        let values: HashMap<&str, String> = HashMap::from([
            ("{code}", code.clone()),
            ("{receipt}", code),
            ("{token}", token),
            ("{chart}", "kenh.csv".to_owned()),
            ("{*path}", "duthao.css".to_owned()),
            ("{unit}", format!("c{comment}")),
            ("{point}", point.id.to_string()),
            ("{request}", request.to_string()),
        ]);
        let dossier = id("SELECT dossier_id FROM draft ORDER BY id LIMIT 1").await;
        let milestone = id("SELECT id FROM milestone ORDER BY id LIMIT 1").await;
        let organisation = point.organisation_id;
        let catalog_draft = id("SELECT draft_id FROM catalog WHERE kind = 'titles'").await;
        let catalog_version =
            duthao::storage::drafts::versions_of(pool, catalog_draft).await.expect("q")[0].id;
        let ha_noi = duthao::storage::users::by_login(pool, "hanoi")
            .await
            .expect("q")
            .expect("hanoi")
            .organisation_id
            .expect("hanoi represents Hà Nội");
        // `{id}` by the route's first segment(s).
        let id_of = |path: &str| -> i64 {
            let p = path.trim_start_matches("/api/v1");
            let by_prefix: [(&str, i64); 14] = [
                ("/dossiers/", dossier),
                ("/editor/dossiers/", dossier),
                ("/drafts/", version_row.draft_id),
                ("/editor/drafts/", version_row.draft_id),
                ("/editor/versions/", version),
                ("/provisions/", provision),
                ("/editor/provisions/", provision),
                ("/consultations/", consultation),
                ("/editor/consultations/", consultation),
                ("/editor/comments/", comment),
                ("/editor/groups/", group),
                ("/editor/milestones/", milestone),
                ("/conferences/", conference),
                ("/editor/conferences/", conference),
            ];
            if p.starts_with("/admin/users/") {
                return secretary;
            }
            if p.starts_with("/admin/organisations/") {
                return organisation;
            }
            by_prefix
                .iter()
                .filter(|(prefix, _)| p.starts_with(prefix))
                .max_by_key(|(prefix, _)| prefix.len())
                .map(|x| x.1)
                .unwrap_or_else(|| panic!("no fixture id for {path}"))
        };
        let concrete = |path: &str| -> String {
            let mut out = path.to_owned();
            if path.starts_with("/editor/conferences/") {
                out = out.replace("{point}", &other_point.to_string());
            }
            for key in
                ["{code}", "{receipt}", "{token}", "{chart}", "{*path}", "{unit}", "{point}", "{request}"]
            {
                out = out.replace(key, &values[key]);
            }
            if path.ends_with("/submission/package.zip") {
                out = out.replace("{id}", &submitted.to_string());
            }
            if path.ends_with("/report/download") {
                out = format!("{out}?draft={}&format=xlsx", version_row.draft_id);
            }
            // Catalog routes: the demo's catalog of titles, its newest version, and Hà
            // Nội (the representative's organisation, which submitted a list).
            if path.contains("/catalog") {
                let id = if path.starts_with("/editor/versions/") { catalog_version } else { catalog_draft };
                out = out.replace("{id}", &id.to_string()).replace("{organisation}", &ha_noi.to_string());
            }
            if out.contains("{id}") {
                out = out.replace("{id}", &id_of(path).to_string());
            }
            assert!(!out.contains('{'), "{path}: parameter without a fixture value");
            out
        };

        // Walk every row; signing out last, since it ends the sessions it is sent on.
        let mut rows: Vec<_> = MATRIX.iter().collect();
        rows.sort_by_key(|r| match (r.method, r.path) {
            ("POST", "/logout/everywhere") => 1,
            ("POST", "/logout") => 2,
            _ => 0,
        });
        let mut wrong = Vec::new();
        // Every HTML page is asked for in English and checked for text left in Vietnamese.
        let mut untranslated: Vec<String> = Vec::new();
        // Links and forms a page offers a role must lead somewhere the role may go.
        let mut dead_ends: Vec<String> = Vec::new();
        for rule in rows {
            let url = app.url(&concrete(rule.path));
            for (column, client) in clients.iter().enumerate() {
                let builder = match rule.method {
                    "GET" => client.get(&url).header("accept-language", "en-GB,en;q=0.9"),
                    "POST" if rule.path.starts_with("/api/") => {
                        client.post(&url).header("content-type", "application/json").body("{}")
                    }
                    // A point's secretary may withdraw its own request; the other
                    // actions on a request are the chair's (tests/app/conference.rs).
                    "POST" if rule.path.ends_with("/requests/{request}") => {
                        client.post(&url).form(&[("action", "withdraw")])
                    }
                    "POST" => client.post(&url).form(&[("matrix", "1")]),
                    other => panic!("method {other} is not walked"),
                };
                let response = builder.send().await.unwrap_or_else(|e| panic!("{} {url}: {e}", rule.method));
                let status = response.status().as_u16();
                let location =
                    response.headers().get("location").and_then(|l| l.to_str().ok()).map(str::to_owned);
                let html = response
                    .headers()
                    .get("content-type")
                    .and_then(|t| t.to_str().ok())
                    .is_some_and(|t| t.starts_with("text/html"));
                if html && location.is_none() {
                    let body = response.text().await.unwrap_or_else(|e| panic!("body of {url}: {e}"));
                    if status == 200 {
                        for (method, target) in targets(&body) {
                            let refused = rule_of(&method, &target)
                                .is_some_and(|r| r.answers[column] == Answer::Refused);
                            let line = format!(
                                "{} {} as {} offers {method} {target}, which refuses {}",
                                rule.method, rule.path, ROLES[column], ROLES[column]
                            );
                            if refused && !dead_ends.contains(&line) {
                                dead_ends.push(line);
                            }
                        }
                    }
                    for text in crate::english::untranslated(&body) {
                        let line = format!("GET {}: {text}", rule.path);
                        if !untranslated.contains(&line) {
                            untranslated.push(line);
                        }
                    }
                } else {
                    drop(response);
                }
                let got = classify(status, location.as_deref());
                if got != Got::Is(rule.answers[column]) {
                    wrong.push(format!(
                        "{} {} as {}: expected {:?}, got {status} {got:?}",
                        rule.method, rule.path, ROLES[column], rule.answers[column]
                    ));
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "{} answers differ from the matrix ({}):\n{}",
            wrong.len(),
            app.backend,
            wrong.join("\n")
        );
        assert!(
            dead_ends.is_empty(),
            "{} links or forms lead a role to a refusal ({}):\n{}",
            dead_ends.len(),
            app.backend,
            dead_ends.join("\n")
        );
        assert!(
            untranslated.is_empty(),
            "{} pieces of interface text are not in English ({}):\n{}",
            untranslated.len(),
            app.backend,
            untranslated.join("\n")
        );
    })
    .await;
}
