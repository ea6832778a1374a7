//! Sign-in protection: lockout counted in the database (so it holds on every
//! instance), password rules, changing the password, and signing out everywhere.

use duthao::domain::Role;

use crate::harness::TestApp;

const PASSWORD: &str = "mat-khau-thu-nghiem";

/// How many audit events of `action` there are.
async fn audited(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_event WHERE action = $1")
        .bind(action)
        .fetch_one(&app.db.pool)
        .await
        .expect("count audit events")
}

async fn try_sign_in(client: &reqwest::Client, base: &str, login: &str, password: &str) -> reqwest::Response {
    client
        .post(format!("{base}/login"))
        .form(&[("login", login), ("password", password), ("next", "/")])
        .send()
        .await
        .expect("POST /login")
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_login_on_every_instance() {
    TestApp::each(|app| async move {
        app.user("nguoidung", &[Role::Editor]).await;
        let first = app.url("");
        let second_addr = app.second_instance().await;
        crate::harness::wait_ready(second_addr).await;
        let second = format!("http://{second_addr}");
        let client = app.client();
        for attempt in 1..=4 {
            let r = try_sign_in(&client, &first, "nguoidung", "sai-mat-khau-roi").await;
            assert_eq!(r.status(), 401, "attempt {attempt}");
            assert!(r.text().await.expect("body").contains("không đúng"));
        }
        // The fifth wrong password locks the login, whatever its case or spaces.
        let r = try_sign_in(&client, &first, " NguoiDung ", "sai-mat-khau-roi").await;
        assert_eq!(r.status(), 401);
        assert!(r.text().await.expect("body").contains("tạm khoá"));
        // Locked on the other instance too, even with the right password.
        let r = try_sign_in(&app.client(), &second, "nguoidung", PASSWORD).await;
        assert_eq!(r.status(), 429);
        let retry: i64 = r.headers()["retry-after"].to_str().expect("ascii").parse().expect("seconds");
        assert!((800..=900).contains(&retry), "retry after {retry} s");
        assert!(r.text().await.expect("body").contains("Hãy thử lại sau"));
        // Other logins are not affected; the lock is in the audit trail.
        app.user("nguoikhac", &[Role::Editor]).await;
        assert_eq!(try_sign_in(&app.client(), &second, "nguoikhac", PASSWORD).await.status(), 303);
        let locked = audited(&app, "sign_in.locked").await;
        assert_eq!(locked, 1);
        // A login that does not exist is answered and counted the same way.
        for _ in 0..5 {
            try_sign_in(&client, &first, "khongco", "sai-mat-khau-roi").await;
        }
        assert_eq!(try_sign_in(&client, &first, "khongco", "sai-mat-khau-roi").await.status(), 429);
    })
    .await;
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session_on_every_instance() {
    TestApp::each(|app| async move {
        app.user("bientap", &[Role::Editor]).await;
        let second = app.second_instance().await;
        crate::harness::wait_ready(second).await;
        let here = app.sign_in("bientap", PASSWORD).await;
        let there = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        assert_eq!(try_sign_in(&there, &format!("http://{second}"), "bientap", PASSWORD).await.status(), 303);
        let account = |client: &reqwest::Client, base: String| {
            let client = client.clone();
            async move { client.get(format!("{base}/account")).send().await.expect("GET /account") }
        };
        assert_eq!(account(&there, format!("http://{second}")).await.status(), 200);
        let page = account(&here, app.url("")).await.text().await.expect("body");
        assert!(page.contains("Đăng xuất mọi nơi") && page.contains("bientap"));

        let r = here.post(app.url("/logout/everywhere")).send().await.expect("POST");
        assert_eq!(r.status(), 303);
        for (client, base) in [(&here, app.url("")), (&there, format!("http://{second}"))] {
            let r = account(client, base).await;
            assert_eq!(r.status(), 303, "signed out");
            assert!(r.headers()["location"].to_str().expect("ascii").starts_with("/login"));
        }
        // Signing in again works, and the event is audited.
        assert_eq!(try_sign_in(&app.client(), &app.url(""), "bientap", PASSWORD).await.status(), 303);
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_event WHERE action = 'user.signed_out_everywhere'",
        )
        .fetch_one(&app.db.pool)
        .await
        .expect("q");
        assert_eq!(n, 1);
    })
    .await;
}

#[tokio::test]
async fn a_new_password_follows_the_rules_and_ends_the_other_sessions() {
    TestApp::each(|app| async move {
        app.user("thuky", &[Role::Secretary]).await;
        let me = app.sign_in("thuky", PASSWORD).await;
        let elsewhere = app.sign_in("thuky", PASSWORD).await;
        let change = |current: &str, new: &str, confirm: &str| {
            let me = me.clone();
            let url = app.url("/account/password");
            let form =
                [("current", current.to_owned()), ("new", new.to_owned()), ("confirm", confirm.to_owned())];
            async move {
                let r = me.post(url).form(&form).send().await.expect("POST");
                (r.status().as_u16(), r.text().await.expect("body"))
            }
        };
        let (status, body) =
            change("sai-mat-khau-roi", "sông Hồng chảy qua Hà Nội", "sông Hồng chảy qua Hà Nội").await;
        assert_eq!(status, 422);
        assert!(body.contains("Mật khẩu hiện tại không đúng"));
        let (status, body) = change(PASSWORD, "ngắn quá", "ngắn quá").await;
        assert_eq!(status, 422);
        assert!(body.contains("ít nhất 10 ký tự"), "{body}");
        let (status, body) = change(PASSWORD, "Mật khẩu 123", "Mật khẩu 123").await;
        assert_eq!(status, 422);
        assert!(body.contains("quá phổ biến"));
        let (status, body) = change(PASSWORD, "thuky-2026-mới", "thuky-2026-mới").await;
        assert_eq!(status, 422);
        assert!(body.contains("tên đăng nhập"));
        let (status, body) = change(PASSWORD, "sông Hồng chảy qua Hà Nội", "sông Hồng chảy qua Huế").await;
        assert_eq!(status, 422);
        assert!(body.contains("không khớp"));

        let (status, body) = change(PASSWORD, "sông Hồng chảy qua Hà Nội", "sông Hồng chảy qua Hà Nội").await;
        assert_eq!(status, 200);
        assert!(body.contains("Đã đổi mật khẩu"));
        // This session goes on; the other one has ended.
        assert_eq!(me.get(app.url("/account")).send().await.expect("GET").status(), 200);
        assert_eq!(elsewhere.get(app.url("/account")).send().await.expect("GET").status(), 303);
        assert_eq!(try_sign_in(&app.client(), &app.url(""), "thuky", PASSWORD).await.status(), 401);
        let r = try_sign_in(&app.client(), &app.url(""), "thuky", "sông Hồng chảy qua Hà Nội").await;
        assert_eq!(r.status(), 303);
        let n = audited(&app, "user.password_changed").await;
        assert_eq!(n, 1);
    })
    .await;
}

#[tokio::test]
async fn account_changes_by_an_admin_follow_the_rules_and_are_audited() {
    TestApp::each(|app| async move {
        let admin_id = app.user("quantri", &[Role::Admin]).await;
        let admin = app.sign_in("quantri", PASSWORD).await;
        let add = |password: &'static str| {
            let admin = admin.clone();
            let url = app.url("/admin/users");
            async move {
                let form = [
                    ("login", "canbo"),
                    ("name", "Trần Văn Cán"),
                    ("password", password),
                    ("role", "editor"),
                ];
                let r = admin.post(url).form(&form).send().await.expect("POST");
                (r.status().as_u16(), r.text().await.expect("body"))
            }
        };
        let (status, body) = add("1234567890").await;
        assert_eq!(status, 422);
        assert!(body.contains("quá phổ biến"), "{body}");
        let (status, _) = add("hồ Gươm buổi sớm mai").await;
        assert_eq!(status, 303);
        let user =
            duthao::storage::users::by_login(&app.db.pool, "canbo").await.expect("q").expect("created");
        let r = admin
            .post(app.url(&format!("/admin/users/{}/roles", user.id)))
            .form(&[("role", "lead_editor"), ("action", "grant")])
            .send()
            .await
            .expect("POST");
        assert_eq!(r.status(), 303);
        let events: Vec<(String, Option<i64>)> =
            sqlx::query_as("SELECT action, actor_user_id FROM audit_event WHERE subject = $1 ORDER BY id")
                .bind(format!("user:{}", user.id))
                .fetch_all(&app.db.pool)
                .await
                .expect("q");
        let expected =
            ["user.created", "role.granted", "role.granted"].map(|a| (a.to_owned(), Some(admin_id)));
        assert_eq!(events, expected);
        assert!(duthao::storage::audit::verify(&app.db.pool).await.expect("verify").broken.is_none());
    })
    .await;
}

#[tokio::test]
async fn guesses_sent_in_parallel_get_no_more_tries_than_guesses_sent_one_by_one() {
    TestApp::each(|app| async move {
        app.user("songsong", &[Role::Editor]).await;
        let base = app.url("");
        let mut guesses = tokio::task::JoinSet::new();
        for i in 0..20 {
            let (client, base) = (app.client(), base.clone());
            guesses.spawn(async move {
                try_sign_in(&client, &base, "songsong", &format!("doan-mo-so-{i:02}")).await.status().as_u16()
            });
        }
        let statuses: Vec<u16> = guesses.join_all().await;
        let checked = statuses.iter().filter(|s| **s == 401).count();
        let refused = statuses.iter().filter(|s| **s == 429).count();
        assert_eq!(checked + refused, 20, "{statuses:?}");
        assert!(checked <= 5, "{checked} passwords were checked: {statuses:?}");
        assert_eq!(try_sign_in(&app.client(), &base, "songsong", PASSWORD).await.status(), 429);
    })
    .await;
}
