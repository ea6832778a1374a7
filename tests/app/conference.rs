//! Online conferences: set-up, attendance, the floor, opinions on record, the live
//! feed (in order, resumable, across instances on PostgreSQL) and the minutes.

use std::time::Duration;

use duthao::domain::Role;
use duthao::storage::{comments, organisations};

use crate::harness::{Seeded, TestApp, seed};

/// One event of a feed: (id, kind, payload).
type FeedEvent = (i64, String, serde_json::Value);

/// A server-sent-events stream read as a browser's EventSource would.
struct Feed {
    response: reqwest::Response,
    /// Bytes, not text: a chunk may end inside a character.
    buffer: Vec<u8>,
}

impl Feed {
    async fn open(client: &reqwest::Client, url: String, last_event_id: Option<i64>) -> Feed {
        let mut request = client.get(url);
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id.to_string());
        }
        let response = request.send().await.expect("feed opens");
        assert_eq!(response.status(), 200);
        assert_eq!(
            response.headers().get("content-type").and_then(|v| v.to_str().ok()),
            Some("text/event-stream")
        );
        Feed { response, buffer: Vec::new() }
    }

    /// The next event (keep-alive comments skipped), or `None` after `wait`.
    async fn next_within(&mut self, wait: Duration) -> Option<FeedEvent> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            while let Some(end) = self.buffer.windows(2).position(|w| w == b"\n\n") {
                let bytes: Vec<u8> = self.buffer.drain(..end + 2).collect();
                let block = String::from_utf8(bytes).expect("events are UTF-8");
                let (mut id, mut kind, mut data) = (None, String::new(), String::new());
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("id:") {
                        id = v.trim().parse().ok();
                    } else if let Some(v) = line.strip_prefix("event:") {
                        kind = v.trim().to_owned();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.strip_prefix(' ').unwrap_or(v));
                    }
                }
                if let Some(id) = id {
                    return Some((id, kind, serde_json::from_str(&data).expect("event data is JSON")));
                }
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk()).await.ok()?;
            match chunk {
                Ok(Some(bytes)) => self.buffer.extend_from_slice(&bytes),
                // The stream ended (or the connection went).
                Ok(None) | Err(_) => return None,
            }
        }
    }

    async fn next(&mut self) -> FeedEvent {
        self.next_within(Duration::from_secs(20)).await.expect("an event arrives")
    }
}

/// A conference on the seeded dossier with a central point and two provinces; returns
/// (conference id, [central, A, B] point ids, the editor's client, secretaries A and B).
struct Setup {
    id: i64,
    points: [i64; 3],
    editor: reqwest::Client,
    central: reqwest::Client,
    a: reqwest::Client,
    b: reqwest::Client,
    a_org: i64,
}

fn redirect_target(response: &reqwest::Response) -> String {
    response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

async fn set_up(app: &TestApp, s: &Seeded) -> Setup {
    let pool = &app.db.pool;
    let a_org =
        organisations::insert(pool, None, "province", "TINH-NGHE-AN", "Tỉnh Nghệ An").await.expect("org");
    let b_org =
        organisations::insert(pool, None, "province", "TINH-LAO-CAI", "Tỉnh Lào Cai").await.expect("org");
    let editor = app.signed_in("bientap", &[Role::Editor], None).await;
    let central = app.signed_in("thukytw", &[Role::Secretary], Some(s.org_id)).await;
    let a = app.signed_in("thukyna", &[Role::Secretary], Some(a_org)).await;
    let b = app.signed_in("thukylc", &[Role::Secretary], Some(b_org)).await;
    let user = |login: &str| {
        let login = login.to_owned();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT id FROM app_user WHERE login = $1")
                .bind(login)
                .fetch_one(pool)
                .await
                .expect("user")
        }
    };
    let tomorrow = duthao::domain::vntime::iso_date(duthao::storage::now_ms() + 86_400_000);
    let created = editor
        .post(app.url(&format!("/editor/dossiers/{}/conferences", s.dossier_id)))
        .form(&[
            ("title", "Hội nghị trực tuyến góp ý dự thảo Quy định".to_owned()),
            ("date", tomorrow),
            ("time", "08:00".to_owned()),
            ("place", "Trụ sở Ban Tổ chức Trung ương, Hà Nội".to_owned()),
            ("chairs", "Đồng chí Nguyễn Văn Chủ, Trưởng Ban\nĐồng chí Lê Thị Trì, Phó Trưởng Ban".to_owned()),
            ("video_url", "https://meet.jit.si/duthao-thu-nghiem".to_owned()),
            ("consultation_id", s.consultation_id.to_string()),
            ("agenda", s.draft_id.to_string()),
        ])
        .send()
        .await
        .expect("create");
    assert_eq!(created.status(), 303, "the conference is created");
    let id: i64 =
        redirect_target(&created).rsplit('/').next().and_then(|n| n.parse().ok()).expect("conference id");
    let mut points = [0; 3];
    for (slot, (org, central_flag, secretary, delegates)) in [
        (s.org_id, "1", "thukytw", "Nguyễn Văn Chủ | Trưởng Ban Tổ chức Trung ương"),
        (a_org, "0", "thukyna", "Hồ Văn An | Phó Bí thư Tỉnh ủy\nPhan Thị Bình | Giám đốc Sở Nội vụ"),
        (b_org, "0", "thukylc", "Lò Văn Cường | Trưởng Ban Tổ chức Tỉnh ủy"),
    ]
    .into_iter()
    .enumerate()
    {
        let added = editor
            .post(app.url(&format!("/editor/conferences/{id}/points")))
            .form(&[
                ("organisation_id", org.to_string()),
                ("central", central_flag.to_owned()),
                ("location", "Hội trường".to_owned()),
                ("secretary", user(secretary).await.to_string()),
                ("delegates", delegates.to_owned()),
            ])
            .send()
            .await
            .expect("add point");
        assert_eq!(added.status(), 303, "point {slot} added");
        points[slot] = sqlx::query_scalar(
            "SELECT id FROM bridge_point WHERE conference_id = $1 AND organisation_id = $2",
        )
        .bind(id)
        .bind(org)
        .fetch_one(pool)
        .await
        .expect("point id");
    }
    Setup { id, points, editor, central, a, b, a_org }
}

async fn post(
    client: &reqwest::Client,
    app: &TestApp,
    path: &str,
    form: &[(&str, String)],
) -> reqwest::Response {
    client.post(app.url(path)).form(form).send().await.unwrap_or_else(|e| panic!("POST {path}: {e}"))
}

async fn request_id(app: &TestApp, conference: i64, speaker: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM speak_request WHERE conference_id = $1 AND speaker = $2")
        .bind(conference)
        .bind(speaker)
        .fetch_one(&app.db.pool)
        .await
        .expect("request id")
}

#[tokio::test]
async fn a_conference_runs_from_set_up_to_minutes() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "invited", 10).await;
        let c = set_up(&app, &s).await;
        let id = c.id;
        let [_, point_a, point_b] = c.points;

        // A link that is not a web address is refused, and nothing is created.
        let bad = post(
            &c.editor,
            &app,
            &format!("/editor/dossiers/{}/conferences", s.dossier_id),
            &[
                ("title", "Hội nghị khác".to_owned()),
                ("date", "2026-12-09".to_owned()),
                ("time", "08:00".to_owned()),
                ("video_url", "javascript:alert(1)".to_owned()),
                ("consultation_id", s.consultation_id.to_string()),
                ("agenda", s.draft_id.to_string()),
            ],
        )
        .await;
        assert_eq!(bad.status(), 422);
        assert!(bad.text().await.expect("body").contains("https://"));

        let opinion = |speaker: &str, text: &str, provision: i64| {
            vec![
                ("speaker", speaker.to_owned()),
                ("target", format!("p:{provision}")),
                ("text", text.to_owned()),
            ]
        };
        let path_a = format!("/conferences/{id}/points/{point_a}");
        // Nothing is recorded before the chair opens the conference.
        let early = post(&c.a, &app, &format!("{path_a}/opinions"), &opinion("Hồ Văn An", "Ý kiến sớm.", s.provisions[1])).await;
        assert_eq!(early.status(), 409);

        assert_eq!(post(&c.editor, &app, &format!("/conferences/{id}/state"), &[("action", "open".into())]).await.status(), 303);

        // Attendance at A: one of two delegates; the chair sees it per point and in total.
        let delegate: i64 = sqlx::query_scalar("SELECT id FROM delegate WHERE point_id = $1 AND name = $2")
            .bind(point_a)
            .bind("Hồ Văn An")
            .fetch_one(&app.db.pool)
            .await
            .expect("delegate");
        let checked = post(&c.a, &app, &format!("{path_a}/attendance"), &[("delegate_id", delegate.to_string()), ("present", "1".into())]).await;
        assert_eq!(checked.status(), 303);
        let chair = app.page(&c.editor, &format!("/conferences/{id}/chair")).await;
        assert!(chair.contains(&format!("data-point-present=\"{point_a}\">1<")), "A shows 1 present");
        // The central point's secretary chairs too; a provincial one does not.
        let central_chair = c.central.get(app.url(&format!("/conferences/{id}/chair"))).send().await.expect("GET");
        assert_eq!(central_chair.status(), 200);
        let provincial_chair = c.a.get(app.url(&format!("/conferences/{id}/chair"))).send().await.expect("GET");
        assert_eq!(provincial_chair.status(), 403);
        assert!(chair.contains("data-total-present>1<") && chair.contains("data-total-expected>4<"));
        // B's secretary cannot check in A's delegates.
        let foreign = post(&c.b, &app, &format!("{path_a}/attendance"), &[("delegate_id", delegate.to_string()), ("present", "0".into())]).await;
        assert_eq!(foreign.status(), 403);

        // A asks for the floor on Điều 1; the chair gives it; everyone sees who has it.
        let asked = post(
            &c.a,
            &app,
            &format!("{path_a}/requests"),
            &[("speaker", "Đồng chí Hồ Văn An, Phó Bí thư Tỉnh ủy".into()), ("target", format!("p:{}", s.provisions[1]))],
        )
        .await;
        assert_eq!(asked.status(), 303);
        // A target that is no part of the agenda is refused, not taken as "in general".
        let odd = post(&c.a, &app, &format!("{path_a}/requests"), &[("speaker", "Đồng chí Lê Văn Ba".into()), ("target", "zzz".into())]).await;
        assert_eq!(odd.status(), 422);
        let request = request_id(&app, id, "Đồng chí Hồ Văn An, Phó Bí thư Tỉnh ủy").await;
        // A secretary cannot give the floor (only the chair and the central point can).
        assert_eq!(post(&c.a, &app, &format!("/conferences/{id}/requests/{request}"), &[("action", "grant".into())]).await.status(), 403);
        assert_eq!(post(&c.central, &app, &format!("/conferences/{id}/requests/{request}"), &[("action", "grant".into())]).await.status(), 303);
        let watch = app.page(&c.b, &format!("/conferences/{id}")).await;
        assert!(watch.contains("<strong>Đồng chí Hồ Văn An, Phó Bí thư Tỉnh ủy</strong> — Tỉnh Nghệ An"), "B sees who has the floor");
        // A's page records against the speech in progress.
        let page_a = app.page(&c.a, &path_a).await;
        assert!(page_a.contains(&format!("name=\"request_id\" value=\"{request}\"")));

        // The speech on record: a comment of the consultation, channel "hội nghị", for A.
        let before = comments::count_all(&app.db.pool).await.expect("count");
        let text = "Đề nghị bổ sung tiêu chí <script>alert('x')</script> & đánh giá định lượng.";
        let mut fields = opinion("Đồng chí Hồ Văn An, Phó Bí thư Tỉnh ủy", text, s.provisions[1]);
        fields.push(("request_id", request.to_string()));
        let recorded = post(&c.a, &app, &format!("{path_a}/opinions"), &fields).await;
        assert_eq!(recorded.status(), 303);
        assert!(redirect_target(&recorded).contains("?ghi=DT-"), "the receipt is shown");
        let stored: (String, Option<i64>, Option<String>, Option<i64>, i64) = sqlx::query_as(
            "SELECT c.channel, c.organisation_id, c.author_name, c.provision_id, c.consultation_id
               FROM comment c JOIN conference_opinion o ON o.comment_id = c.id WHERE o.conference_id = $1",
        )
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .expect("opinion stored");
        assert_eq!(
            stored,
            (
                "conference".to_owned(),
                Some(c.a_org),
                Some("Đồng chí Hồ Văn An, Phó Bí thư Tỉnh ủy".to_owned()),
                Some(s.provisions[1]),
                s.consultation_id
            )
        );
        // B's secretary cannot record at A: refused, nothing stored.
        let foreign = post(&c.b, &app, &format!("{path_a}/opinions"), &opinion("Lò Văn Cường", "Ý kiến ghi nhầm điểm cầu.", s.provisions[1])).await;
        assert_eq!(foreign.status(), 403);
        // Nor against A's speech from B's own page.
        let mut borrowed = opinion("Lò Văn Cường", "Ý kiến gắn nhầm lượt.", s.provisions[1]);
        borrowed.push(("request_id", request.to_string()));
        let borrowed = post(&c.b, &app, &format!("/conferences/{id}/points/{point_b}/opinions"), &borrowed).await;
        assert_eq!(borrowed.status(), 422);
        assert_eq!(comments::count_all(&app.db.pool).await.expect("count"), before + 1);

        // It reads as text everywhere: the live pages escape it.
        let watch = app.page(&c.b, &format!("/conferences/{id}")).await;
        assert!(watch.contains("&#60;script&#62;alert") && !watch.contains("<script>alert"));

        // It joins the same synthesis as every other comment.
        let answers = app.page(&c.editor, &format!("/editor/consultations/{}/answers", s.consultation_id)).await;
        assert!(answers.contains("đánh giá định lượng"), "the opinion is in the editors' queue");

        // End of speech, conclusions, close; closing is refused twice.
        assert_eq!(post(&c.editor, &app, &format!("/conferences/{id}/requests/{request}"), &[("action", "finish".into())]).await.status(), 303);
        let conclusions = "Hội nghị thống nhất cao với sự cần thiết ban hành Quy định.\nGiao Tổ Biên tập tiếp thu đầy đủ ý kiến.";
        assert_eq!(post(&c.editor, &app, &format!("/conferences/{id}/conclusions"), &[("conclusions", conclusions.into())]).await.status(), 303);
        assert_eq!(post(&c.editor, &app, &format!("/conferences/{id}/state"), &[("action", "close".into())]).await.status(), 303);
        assert_eq!(post(&c.editor, &app, &format!("/conferences/{id}/state"), &[("action", "close".into())]).await.status(), 409);
        let late = post(&c.a, &app, &format!("{path_a}/opinions"), &opinion("Hồ Văn An", "Ý kiến muộn.", s.provisions[1])).await;
        assert_eq!(late.status(), 409);

        // The minutes: attendance per point, the opinion with its speaker, the conclusions.
        let minutes = c.editor.get(app.url(&format!("/conferences/{id}/minutes.docx"))).send().await.expect("minutes");
        assert_eq!(minutes.status(), 200);
        let bytes = minutes.bytes().await.expect("bytes");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a DOCX is a zip");
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").expect("document.xml"), &mut xml).expect("read");
        let plain = xml.replace('\n', "");
        let find = |needle: &str| plain.find(needle).unwrap_or_else(|| panic!("the minutes lack {needle}"));
        assert!(find("BIÊN BẢN") < find("Tỉnh Nghệ An"));
        assert!(find("Đồng chí Hồ Văn An, Phó Bí thư Tỉnh ủy") < find("Hội nghị thống nhất cao"));
        assert!(plain.contains("&lt;script&gt;") && !plain.contains("<script>"));
        assert!(plain.contains("Tổng cộng"));
        // A secretary of a province does not download the minutes.
        let denied = c.a.get(app.url(&format!("/conferences/{id}/minutes.docx"))).send().await.expect("minutes");
        assert_eq!(denied.status(), 403);
    })
    .await;
}

#[tokio::test]
async fn of_two_giving_the_floor_at_once_one_wins_and_the_other_is_told() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "invited", 10).await;
        let c = set_up(&app, &s).await;
        let id = c.id;
        let [_, point_a, point_b] = c.points;
        assert_eq!(
            post(&c.editor, &app, &format!("/conferences/{id}/state"), &[("action", "open".into())])
                .await
                .status(),
            303
        );
        for round in 0..4 {
            let (sa, sb) = (format!("Đại biểu A vòng {round}"), format!("Đại biểu B vòng {round}"));
            post(
                &c.a,
                &app,
                &format!("/conferences/{id}/points/{point_a}/requests"),
                &[("speaker", sa.clone())],
            )
            .await;
            post(
                &c.b,
                &app,
                &format!("/conferences/{id}/points/{point_b}/requests"),
                &[("speaker", sb.clone())],
            )
            .await;
            let (ra, rb) = (request_id(&app, id, &sa).await, request_id(&app, id, &sb).await);
            let (path_a, path_b) =
                (format!("/conferences/{id}/requests/{ra}"), format!("/conferences/{id}/requests/{rb}"));
            let grant = [("action", "grant".to_owned())];
            let grant_a = post(&c.editor, &app, &path_a, &grant);
            let grant_b = post(&c.central, &app, &path_b, &grant);
            let (ga, gb) = tokio::join!(grant_a, grant_b);
            let mut statuses = [ga.status().as_u16(), gb.status().as_u16()];
            statuses.sort_unstable();
            assert_eq!(statuses, [303, 409], "round {round}: one wins");
            let (winner, loser, loser_text) = if ga.status() == 303 {
                (ra, &sb, gb.text().await.expect("body"))
            } else {
                (rb, &sa, ga.text().await.expect("body"))
            };
            let winner_name = if winner == ra { &sa } else { &sb };
            assert!(loser_text.contains(winner_name.as_str()), "the other is told who has the floor");
            let holder: Option<i64> =
                sqlx::query_scalar("SELECT floor_request_id FROM conference WHERE id = $1")
                    .bind(id)
                    .fetch_one(&app.db.pool)
                    .await
                    .expect("floor");
            assert_eq!(holder, Some(winner));
            let speaking: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM speak_request WHERE conference_id = $1 AND state = 'speaking'",
            )
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .expect("count");
            assert_eq!(speaking, 1, "exactly one speaks");
            // Clean up the round: end the speech, withdraw the other request.
            post(
                &c.editor,
                &app,
                &format!("/conferences/{id}/requests/{winner}"),
                &[("action", "finish".into())],
            )
            .await;
            let other = request_id(&app, id, loser).await;
            post(
                &c.editor,
                &app,
                &format!("/conferences/{id}/requests/{other}"),
                &[("action", "withdraw".into())],
            )
            .await;
        }
    })
    .await;
}

#[tokio::test]
async fn the_live_feed_is_in_order_and_resumes_from_the_last_event_id() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "invited", 10).await;
        let c = set_up(&app, &s).await;
        let id = c.id;
        let [_, point_a, _] = c.points;
        let feed_url = app.url(&format!("/conferences/{id}/events"));
        // Anonymous people do not follow the conference.
        let anonymous = app.client().get(&feed_url).send().await.expect("feed");
        assert_ne!(anonymous.status(), 200);

        // From the first event: the three points' attendance.
        let mut feed = Feed::open(&c.b, format!("{feed_url}?after=0"), None).await;
        let mut seen = Vec::new();
        for _ in 0..3 {
            let (seq, kind, _) = feed.next().await;
            assert_eq!(kind, "attendance");
            seen.push(seq);
        }
        assert_eq!(seen, vec![1, 2, 3]);

        // Live: open, a request, the floor.
        post(&c.editor, &app, &format!("/conferences/{id}/state"), &[("action", "open".into())]).await;
        post(
            &c.a,
            &app,
            &format!("/conferences/{id}/points/{point_a}/requests"),
            &[("speaker", "Hồ Văn An".into())],
        )
        .await;
        let (seq, kind, data) = feed.next().await;
        assert_eq!((seq, kind.as_str(), data["state"].as_str()), (4, "state", Some("open")));
        let (seq, kind, data) = feed.next().await;
        assert_eq!((seq, kind.as_str()), (5, "queue"));
        assert_eq!(data["queue"][0]["speaker"], "Hồ Văn An");
        drop(feed);

        // While the browser is away, two things happen; it reconnects with the last id
        // it saw and gets exactly those, in order.
        let request = request_id(&app, id, "Hồ Văn An").await;
        post(
            &c.editor,
            &app,
            &format!("/conferences/{id}/requests/{request}"),
            &[("action", "grant".into())],
        )
        .await;
        let text = "Đề nghị quy định rõ thẩm quyền của người đứng đầu.";
        let recorded = post(
            &c.a,
            &app,
            &format!("/conferences/{id}/points/{point_a}/opinions"),
            &[
                ("speaker", "Hồ Văn An".into()),
                ("target", format!("d:{}", s.draft_id)),
                ("text", text.into()),
            ],
        )
        .await;
        assert_eq!(recorded.status(), 303);
        let mut feed = Feed::open(&c.b, format!("{feed_url}?after=0"), Some(5)).await;
        let (seq, kind, data) = feed.next().await;
        assert_eq!((seq, kind.as_str()), (6, "queue"));
        assert_eq!(data["queue"][0]["state"], "speaking");
        let (seq, kind, data) = feed.next().await;
        assert_eq!((seq, kind.as_str()), (7, "opinion"));
        assert_eq!(data["body"], text);
        assert_eq!(data["point_name"], "Tỉnh Nghệ An");
        assert!(feed.next_within(Duration::from_millis(300)).await.is_none(), "nothing twice");
    })
    .await;
}

#[tokio::test]
async fn a_subscriber_that_never_reads_does_not_hold_up_the_others() {
    use tokio::io::AsyncWriteExt;
    let app = TestApp::start(None).await;
    let s = seed(&app.db, "invited", 10).await;
    let c = set_up(&app, &s).await;
    let id = c.id;
    let [_, point_a, _] = c.points;
    // A raw connection that asks for the feed and never reads a byte.
    let mut stalled = tokio::net::TcpStream::connect(app.addr).await.expect("connect");
    // The session cookie of secretary B, signed in again on a client we can read.
    let cookie = {
        let response = app
            .client()
            .post(app.url("/login"))
            .form(&[("login", "thukylc"), ("password", "mat-khau-thu-nghiem"), ("next", "/")])
            .send()
            .await
            .expect("login");
        response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .collect::<Vec<_>>()
            .join("; ")
    };
    stalled
        .write_all(
            format!(
                "GET /conferences/{id}/events?after=0 HTTP/1.1\r\nHost: {}\r\nCookie: {cookie}\r\n\r\n",
                app.addr
            )
            .as_bytes(),
        )
        .await
        .expect("request");
    let mut reader = Feed::open(&c.editor, app.url(&format!("/conferences/{id}/events?after=3")), None).await;
    // Many large events: each request's queue event lists every waiting request.
    let total = 400;
    let reading = tokio::spawn(async move {
        let mut last = 3;
        while last < 4 + total {
            let Some((seq, _, _)) = reader.next_within(Duration::from_secs(20)).await else { break };
            assert_eq!(seq, last + 1, "in order, without gaps");
            last = seq;
        }
        last
    });
    post(&c.editor, &app, &format!("/conferences/{id}/state"), &[("action", "open".into())]).await;
    let long = "Đồng chí đại biểu có tên rất dài để làm đầy bộ đệm của kết nối không đọc ".repeat(3);
    for n in 0..total {
        let speaker = format!("{long}{n}");
        let asked = post(
            &c.a,
            &app,
            &format!("/conferences/{id}/points/{point_a}/requests"),
            &[("speaker", speaker)],
        )
        .await;
        assert_eq!(asked.status(), 303);
    }
    assert_eq!(reading.await.expect("reader"), 4 + total, "the reader got every event");
    drop(stalled);
}

/// A conference on the seeded draft made in storage, and a signed-up watcher `xem`,
/// for the tests that start server processes themselves.
async fn stored_conference(db: &duthao::storage::Db, s: &Seeded) -> i64 {
    duthao::web::auth::create_user(
        &db.pool,
        "xem",
        "Người theo dõi",
        "mat-khau-thu-nghiem",
        None,
        &[Role::Public],
    )
    .await
    .expect("user");
    duthao::storage::conferences::create(
        db,
        None,
        &duthao::storage::conferences::NewConference {
            dossier_id: s.dossier_id,
            consultation_id: s.consultation_id,
            title: "Hội nghị thử nghiệm".into(),
            starts_at: duthao::storage::now_ms(),
            place: String::new(),
            chairs: String::new(),
            video_url: String::new(),
            agenda: vec![s.draft_id],
        },
    )
    .await
    .expect("conference")
}

#[tokio::test]
async fn live_events_reach_subscribers_of_another_instance_on_postgres() {
    let Ok(base) = std::env::var("DUTHAO_TEST_POSTGRES_URL") else { return };
    let (name, url) = duthao::storage::dialect::create_scratch_database(&base, "duthao_live")
        .await
        .expect("scratch database");
    let db = duthao::storage::Db::open(&url).await.expect("database");
    let s = seed(&db, "invited", 10).await;
    let secretary = duthao::web::auth::create_user(
        &db.pool,
        "thuky",
        "Thư ký",
        "mat-khau-thu-nghiem",
        Some(s.org_id),
        &[Role::Secretary],
    )
    .await
    .expect("user");
    let conference = stored_conference(&db, &s).await;
    let point = duthao::storage::conferences::add_point(
        &db,
        None,
        conference,
        &duthao::storage::conferences::NewPoint {
            organisation_id: s.org_id,
            central: true,
            location: String::new(),
            secretary_user_id: Some(secretary),
            delegates: vec![("Nguyễn Văn An".into(), "Đại biểu".into())],
        },
    )
    .await
    .expect("point")
    .expect("new");
    db.pool.close().await;

    // Two server processes on the one database.
    let (dir_one, dir_two) = (tempfile::tempdir().expect("dir"), tempfile::tempdir().expect("dir"));
    let (mut one, addr_one) = crate::harness::spawn_server(dir_one.path(), Some(&url));
    let (mut two, addr_two) = crate::harness::spawn_server(dir_two.path(), Some(&url));
    crate::harness::wait_ready(addr_one).await;
    crate::harness::wait_ready(addr_two).await;
    let sign_in = |addr: std::net::SocketAddr, login: &'static str| async move {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        let response = client
            .post(format!("http://{addr}/login"))
            .form(&[("login", login), ("password", "mat-khau-thu-nghiem"), ("next", "/")])
            .send()
            .await
            .expect("login");
        assert_eq!(response.status(), 303);
        client
    };
    let watcher = sign_in(addr_two, "xem").await;
    let recorder = sign_in(addr_one, "thuky").await;
    let mut feed =
        Feed::open(&watcher, format!("http://{addr_two}/conferences/{conference}/events?after=1"), None)
            .await;
    let delegate: i64 = {
        let db = duthao::storage::Db::open(&url).await.expect("database");
        let id = sqlx::query_scalar("SELECT id FROM delegate WHERE point_id = $1")
            .bind(point)
            .fetch_one(&db.pool)
            .await
            .expect("delegate");
        db.pool.close().await;
        id
    };
    // Each change is made on instance one and must reach the subscriber on instance two.
    for n in 0..5 {
        let present = if n % 2 == 0 { "1" } else { "0" };
        let response = recorder
            .post(format!("http://{addr_one}/conferences/{conference}/points/{point}/attendance"))
            .form(&[("delegate_id", delegate.to_string()), ("present", present.to_owned())])
            .send()
            .await
            .expect("check-in");
        assert_eq!(response.status(), 303);
        let (seq, kind, data) =
            feed.next_within(Duration::from_secs(10)).await.expect("the event crosses instances");
        assert_eq!((seq, kind.as_str()), (2 + n, "attendance"));
        assert_eq!(data["present"], if present == "1" { 1 } else { 0 });
    }
    drop(feed);
    let _ = one.kill();
    let _ = two.kill();
    let _ = one.wait();
    let _ = two.wait();
    duthao::storage::dialect::drop_scratch_database(&base, &name).await.expect("drop");
}

#[tokio::test]
async fn a_server_with_open_feeds_stops_promptly_when_asked() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("duthao.db").display());
    let db = duthao::storage::Db::open(&url).await.expect("database");
    let s = seed(&db, "invited", 10).await;
    let conference = stored_conference(&db, &s).await;
    db.pool.close().await;
    let (mut server, addr) = crate::harness::spawn_server(dir.path(), None);
    crate::harness::wait_ready(addr).await;
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let login = client
        .post(format!("http://{addr}/login"))
        .form(&[("login", "xem"), ("password", "mat-khau-thu-nghiem"), ("next", "/")])
        .send()
        .await
        .expect("login");
    assert_eq!(login.status(), 303);
    let mut feeds = Vec::new();
    for _ in 0..3 {
        feeds.push(Feed::open(&client, format!("http://{addr}/conferences/{conference}/events"), None).await);
    }
    let status =
        std::process::Command::new("kill").args(["-TERM", &server.id().to_string()]).status().expect("kill");
    assert!(status.success());
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(exit) = server.try_wait().expect("wait") {
            assert!(exit.success(), "the server exits cleanly: {exit:?}");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the server is still waiting on its live feeds");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Each feed ended (the browser would reconnect elsewhere).
    for feed in &mut feeds {
        assert!(feed.next_within(Duration::from_secs(2)).await.is_none());
    }
}
