//! Online conferences: the rules that are not storage or pages — reading the set-up
//! forms' text, who may act where, putting an opinion on record, and the minutes.

use crate::domain::{Channel, CommentError, CommentText};
use crate::storage::conferences::{self as store, ConferenceRow, NewOpinion, PointRow};
use crate::storage::{self, Db, comments, dossiers, drafts, organisations};

/// The most delegates one point may list.
pub const MAX_DELEGATES: usize = 2_000;
/// The longest speaker, name or title field.
pub const MAX_NAME: usize = 300;

/// A problem with what was typed, for the person who typed it.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SetupError {
    #[error("Dòng {line} của danh sách đại biểu: họ tên trống.")]
    DelegateWithoutName { line: usize },
    #[error("Dòng {line} của danh sách đại biểu dài quá {MAX_NAME} ký tự.")]
    DelegateTooLong { line: usize },
    #[error("Danh sách đại biểu có hơn {MAX_DELEGATES} người.")]
    TooManyDelegates,
    #[error("Đường dẫn phòng họp trực tuyến phải bắt đầu bằng https:// hoặc http://.")]
    BadVideoUrl,
}

/// Reads a list of delegates, one per line: "Họ và tên | Chức vụ" (a tab or the
/// first " - " also separates them; the title may be left out). Blank lines are
/// skipped.
pub fn parse_delegates(text: &str) -> Result<Vec<(String, String)>, SetupError> {
    let mut out = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = duthao_text::nfc(raw.trim());
        if line.is_empty() {
            continue;
        }
        let number = index + 1;
        let (name, title) = ['|', '\t']
            .iter()
            .find_map(|sep| line.split_once(*sep))
            .or_else(|| line.split_once(" - "))
            .map_or((line.as_str(), ""), |(n, t)| (n, t));
        let (name, title) = (name.trim(), title.trim());
        if name.is_empty() {
            return Err(SetupError::DelegateWithoutName { line: number });
        }
        if name.chars().count() > MAX_NAME || title.chars().count() > MAX_NAME {
            return Err(SetupError::DelegateTooLong { line: number });
        }
        out.push((name.to_owned(), title.to_owned()));
        if out.len() > MAX_DELEGATES {
            return Err(SetupError::TooManyDelegates);
        }
    }
    Ok(out)
}

/// A video link to show: empty, or an http(s) URL (never `javascript:` and the like).
pub fn check_video_url(url: &str) -> Result<String, SetupError> {
    let url = url.trim();
    if url.is_empty() {
        return Ok(String::new());
    }
    let lower = url.to_ascii_lowercase();
    let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
        && url.len() <= 2_000
        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok { Ok(url.to_owned()) } else { Err(SetupError::BadVideoUrl) }
}

/// What an opinion is about, as chosen in the form: a whole draft or a provision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Draft(i64),
    Provision(i64),
}

impl Target {
    /// `d:12` or `p:345`.
    pub fn parse(s: &str) -> Option<Self> {
        let (kind, id) = s.trim().split_once(':')?;
        let id = id.parse().ok()?;
        match kind {
            "d" => Some(Self::Draft(id)),
            "p" => Some(Self::Provision(id)),
            _ => None,
        }
    }
}

/// Why an opinion was not put on record.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("Hội nghị chưa bắt đầu hoặc đã kết thúc: không ghi thêm ý kiến.")]
    NotOpen,
    #[error("Chọn dự thảo hoặc điều khoản trong chương trình hội nghị.")]
    NotOnAgenda,
    #[error("Dự thảo này không thuộc đợt lấy ý kiến của hội nghị.")]
    NotConsulted,
    #[error("Cần ghi họ tên, chức vụ người phát biểu (tối đa {MAX_NAME} ký tự).")]
    Speaker,
    #[error("Lượt phát biểu được chọn không thuộc điểm cầu này.")]
    ForeignRequest,
    #[error("{0}")]
    Text(#[from] CommentError),
    #[error(transparent)]
    Storage(#[from] storage::StorageError),
}

/// An opinion as typed by a point's secretary.
#[derive(Debug, Clone)]
pub struct Spoken {
    pub speaker: String,
    pub target: Option<Target>,
    pub text: String,
    pub speak_request_id: Option<i64>,
}

/// Checks an opinion and stores it as a comment of the conference's consultation,
/// through channel "hội nghị", for the point's organisation; then announces it to the
/// live feed, once for a burst (see [`crate::intake::Recorded::last`]).
pub async fn record(
    db: &Db,
    intake: &crate::intake::Intake,
    live: &crate::live::LiveHub,
    conference: &ConferenceRow,
    point: &PointRow,
    recorder: i64,
    spoken: Spoken,
) -> Result<(i64, crate::domain::ReceiptCode), RecordError> {
    if conference.state != "open" {
        return Err(RecordError::NotOpen);
    }
    let body = CommentText::parse(&spoken.text)?;
    let speaker = duthao_text::nfc(spoken.speaker.trim());
    if speaker.is_empty() || speaker.chars().count() > MAX_NAME {
        return Err(RecordError::Speaker);
    }
    if let Some(rid) = spoken.speak_request_id {
        match store::request(&db.pool, rid).await? {
            Some(r) if r.point_id == point.id && r.conference_id == conference.id => {}
            _ => return Err(RecordError::ForeignRequest),
        }
    }
    let agenda = store::agenda(&db.pool, conference.id).await?;
    let (draft_id, provision_id, provision_label) = match spoken.target.ok_or(RecordError::NotOnAgenda)? {
        Target::Draft(d) => (d, None, None),
        Target::Provision(p) => {
            let provision = drafts::get_provision(&db.pool, p).await?.ok_or(RecordError::NotOnAgenda)?;
            let version =
                drafts::get_version(&db.pool, provision.version_id).await?.ok_or(RecordError::NotOnAgenda)?;
            // The provision must be in the version the conference discusses.
            match agenda.iter().find(|a| a.draft_id == version.draft_id) {
                Some(item) if item.version_id == Some(version.id) => {}
                Some(_) => return Err(RecordError::NotConsulted),
                None => return Err(RecordError::NotOnAgenda),
            }
            (version.draft_id, Some(p), Some(provision.label))
        }
    };
    let item = agenda.iter().find(|a| a.draft_id == draft_id).ok_or(RecordError::NotOnAgenda)?;
    let version_id = item.version_id.ok_or(RecordError::NotConsulted)?;
    let new = NewOpinion {
        conference_id: conference.id,
        point_id: point.id,
        point_name: point.name.clone(),
        draft_id,
        provision_label,
        speaker: speaker.clone(),
        speak_request_id: spoken.speak_request_id,
        recorded_by: recorder,
        comment: comments::NewComment {
            consultation_id: conference.consultation_id,
            version_id,
            provision_id,
            quote: None,
            body: body.into_inner(),
            author_name: Some(speaker),
            author_email: None,
            author_user_id: None,
            organisation_id: Some(point.organisation_id),
            channel: Channel::Conference.code().to_owned(),
            created_at: None,
            name_public: false,
            flag: None,
            submission_key: None,
        },
    };
    let recorded = intake.record_opinion(new).await;
    if recorded.last {
        live.catch_up(conference.id).await;
    }
    Ok(recorded.result?)
}

/// "08 giờ 00 phút, ngày 09 tháng 12 năm 2026".
pub fn spoken_time(ms: i64) -> String {
    match crate::domain::vntime::at(ms) {
        Some(t) => format!(
            "{:02} giờ {:02} phút, ngày {:02} tháng {:02} năm {}",
            t.hour(),
            t.minute(),
            t.day(),
            u8::from(t.month()),
            t.year()
        ),
        None => "—".to_owned(),
    }
}

/// "08:35".
pub fn clock(ms: i64) -> String {
    crate::domain::vntime::at(ms)
        .map_or_else(|| "—".to_owned(), |t| format!("{:02}:{:02}", t.hour(), t.minute()))
}

/// The minutes of a conference, as they stand.
pub async fn minutes(db: &Db, conference: &ConferenceRow) -> storage::Result<duthao_reports::Minutes> {
    let pool = &db.pool;
    let dossier = dossiers::get(pool, conference.dossier_id).await?;
    let issuer = match &dossier {
        Some(d) => organisations::get(pool, d.drafting_org_id).await?.map(|o| o.name).unwrap_or_default(),
        None => String::new(),
    };
    let points = store::points(pool, conference.id).await?;
    let secretary =
        points.iter().find(|p| p.central == 1).and_then(|p| p.secretary_name.clone()).unwrap_or_default();
    let city = points
        .iter()
        .find(|p| p.central == 1)
        .map(|p| p.location.split(',').next_back().unwrap_or("").trim().to_owned())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "Hà Nội".to_owned());
    let day = conference.opened_at.unwrap_or(conference.starts_at);
    let place_date = match crate::domain::vntime::at(day) {
        Some(t) => format!("{city}, ngày {:02} tháng {:02} năm {}", t.day(), u8::from(t.month()), t.year()),
        None => city,
    };
    Ok(duthao_reports::Minutes {
        issuer,
        title: conference.title.clone(),
        dossier_title: dossier.map(|d| d.title).unwrap_or_default(),
        starts_at: spoken_time(conference.opened_at.unwrap_or(conference.starts_at)),
        ends_at: conference.closed_at.map(spoken_time),
        place: conference.place.clone(),
        place_date,
        chairs: conference.chair_list(),
        agenda: store::agenda(pool, conference.id).await?.into_iter().map(|a| a.title).collect(),
        points: points
            .iter()
            .map(|p| duthao_reports::MinutesPoint {
                name: p.name.clone(),
                central: p.central == 1,
                expected: usize::try_from(p.expected).unwrap_or(0),
                present: usize::try_from(p.present).unwrap_or(0),
            })
            .collect(),
        opinions: store::opinions(pool, conference.id)
            .await?
            .into_iter()
            .enumerate()
            .map(|(i, o)| duthao_reports::MinutesOpinion {
                number: i + 1,
                at: clock(o.recorded_at),
                point: o.point_name,
                speaker: o.speaker,
                draft: o.draft_title,
                provision: o.provision_label,
                text: o.body,
            })
            .collect(),
        conclusions: conference.conclusions.clone(),
        secretary,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delegates_are_read_one_per_line_with_their_titles() {
        let list = "Nguyễn Văn An | Phó Bí thư Tỉnh ủy\n\n  Trần Thị Bình\tGiám đốc Sở Nội vụ\nLê Văn Cường - Trưởng ban Tổ chức\nPhạm Dũng\n";
        assert_eq!(
            parse_delegates(list).expect("read"),
            vec![
                ("Nguyễn Văn An".to_owned(), "Phó Bí thư Tỉnh ủy".to_owned()),
                ("Trần Thị Bình".to_owned(), "Giám đốc Sở Nội vụ".to_owned()),
                ("Lê Văn Cường".to_owned(), "Trưởng ban Tổ chức".to_owned()),
                ("Phạm Dũng".to_owned(), String::new()),
            ]
        );
    }

    #[test]
    fn delegate_names_are_stored_in_nfc() {
        let nfd = "Nguye\u{302}\u{303}n Va\u{306}n An | Chu\u{309} ti\u{323}ch";
        let list = parse_delegates(nfd).expect("read");
        assert_eq!(list[0].0, "Nguyễn Văn An");
        assert_eq!(list[0].1, "Chủ tịch");
    }

    #[test]
    fn a_delegate_without_a_name_is_refused_with_its_line() {
        assert_eq!(
            parse_delegates("Nguyễn Văn An\n | Phó Giám đốc").expect_err("no name"),
            SetupError::DelegateWithoutName { line: 2 }
        );
    }

    #[test]
    fn video_links_must_be_web_addresses() {
        assert_eq!(
            check_video_url(" https://meet.jit.si/duthao ").expect("ok"),
            "https://meet.jit.si/duthao"
        );
        assert_eq!(check_video_url("").expect("ok"), "");
        assert_eq!(check_video_url("javascript:alert(1)"), Err(SetupError::BadVideoUrl));
        assert_eq!(check_video_url("https://a b"), Err(SetupError::BadVideoUrl));
    }

    #[test]
    fn targets_name_a_draft_or_a_provision() {
        assert_eq!(Target::parse("d:12"), Some(Target::Draft(12)));
        assert_eq!(Target::parse("p:345"), Some(Target::Provision(345)));
        assert_eq!(Target::parse("x:1"), None);
        assert_eq!(Target::parse("p:"), None);
    }

    #[test]
    fn times_are_written_as_the_minutes_write_them() {
        // 2026-12-09 01:00 UTC = 08:00 in Vietnam.
        let ms = 1_796_778_000_000;
        assert_eq!(spoken_time(ms), "08 giờ 00 phút, ngày 09 tháng 12 năm 2026");
        assert_eq!(clock(ms + 35 * 60_000), "08:35");
    }
}
