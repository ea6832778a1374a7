//! The schedule (tiến độ) of a dossier: milestones with their status (done, overdue,
//! due within 3 days), the rule that nothing is scheduled after the submission
//! deadline, and the iCalendar feed. All dates are Vietnam time.

use crate::domain::vntime;
use crate::storage::schedule::MilestoneRow;

/// What a milestone marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MilestoneKind {
    Conference,
    SynthesisDue,
    RevisionDue,
    SubmissionDue,
    Other,
}

impl MilestoneKind {
    pub const ALL: [Self; 5] =
        [Self::Conference, Self::SynthesisDue, Self::RevisionDue, Self::SubmissionDue, Self::Other];

    pub fn code(self) -> &'static str {
        match self {
            Self::Conference => "conference",
            Self::SynthesisDue => "synthesis_due",
            Self::RevisionDue => "revision_due",
            Self::SubmissionDue => "submission_due",
            Self::Other => "other",
        }
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            Self::Conference => "Hội nghị",
            Self::SynthesisDue => "Hạn tổng hợp ý kiến",
            Self::RevisionDue => "Hạn hoàn thiện dự thảo",
            Self::SubmissionDue => "Hạn trình cấp có thẩm quyền",
            Self::Other => "Mốc khác",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Days before a deadline from which it is shown as due soon.
pub const DUE_SOON_DAYS: i64 = 3;

/// Where a milestone stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Done,
    /// Past its due instant by this many calendar days (0: earlier today).
    Overdue(i64),
    /// Due in this many calendar days (0: today).
    DueSoon(i64),
    Upcoming(i64),
}

impl Status {
    pub fn of(due_at: i64, done: bool, now: i64) -> Self {
        let days = vntime::days_left(now, due_at);
        if done {
            Self::Done
        } else if now > due_at {
            Self::Overdue(-days)
        } else if days <= DUE_SOON_DAYS {
            Self::DueSoon(days)
        } else {
            Self::Upcoming(days)
        }
    }

    /// "Quá hạn 2 ngày", "Đến hạn hôm nay", "Còn 3 ngày".
    pub fn label(self) -> String {
        match self {
            Self::Done => "Đã xong".to_owned(),
            Self::Overdue(0) => "Quá hạn (hôm nay)".to_owned(),
            Self::Overdue(d) => format!("Quá hạn {d} ngày"),
            Self::DueSoon(0) => "Đến hạn hôm nay".to_owned(),
            Self::DueSoon(d) | Self::Upcoming(d) => format!("Còn {d} ngày"),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Done => "done",
            Self::Overdue(_) => "overdue",
            Self::DueSoon(_) => "due-soon",
            Self::Upcoming(_) => "upcoming",
        }
    }

    /// Whether the dashboard should warn about it.
    pub fn warns(self) -> bool {
        matches!(self, Self::Overdue(_) | Self::DueSoon(_))
    }
}

/// Why a milestone was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error(
        "Mốc “{title}” ({due}) sau hạn trình cấp có thẩm quyền ({deadline}): mọi việc phải xong trước hạn trình."
    )]
    AfterSubmission { title: String, due: String, deadline: String },
    #[error("Hạn trình ({due}) sớm hơn mốc “{title}” ({other}) đã có: hãy sửa mốc đó trước.")]
    SubmissionBeforeOthers { due: String, title: String, other: String },
}

/// Checks a new milestone against the dossier's existing ones: nothing after the
/// submission deadline.
pub fn check(
    existing: &[MilestoneRow],
    kind: MilestoneKind,
    title: &str,
    due_at: i64,
) -> Result<(), ScheduleError> {
    let day = |ms: i64| vntime::long_date(ms);
    if kind == MilestoneKind::SubmissionDue {
        if let Some(later) = existing
            .iter()
            .filter(|m| m.kind != MilestoneKind::SubmissionDue.code() && m.due_at > due_at)
            .max_by_key(|m| m.due_at)
        {
            return Err(ScheduleError::SubmissionBeforeOthers {
                due: day(due_at),
                title: later.title.clone(),
                other: day(later.due_at),
            });
        }
    } else if let Some(deadline) =
        existing.iter().filter(|m| m.kind == MilestoneKind::SubmissionDue.code()).map(|m| m.due_at).min()
        && due_at > deadline
    {
        return Err(ScheduleError::AfterSubmission {
            title: title.to_owned(),
            due: day(due_at),
            deadline: day(deadline),
        });
    }
    Ok(())
}

/// An entry of the calendar and the feed.
#[derive(Debug, Clone)]
pub struct Event {
    /// Stable across feeds: `milestone-12@duthao`, `consultation-3-close@duthao`.
    pub uid: String,
    pub title: String,
    pub description: String,
    pub at: i64,
    /// A whole-day entry (a deadline) on the Vietnam date of `at`.
    pub all_day: bool,
    /// Where it leads in the app.
    pub path: String,
}

/// The iCalendar (RFC 5545) text of the events: CRLF line ends, lines folded at 75
/// octets, text escaped; timed events in Asia/Ho_Chi_Minh (UTC+7, no daylight time),
/// deadlines as whole days.
pub fn ical(events: &[Event], now: i64, base_url: &str) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//Duthao//Tien do ho so//VI".into(),
        "CALSCALE:GREGORIAN".into(),
        "X-WR-CALNAME:Tiến độ hồ sơ dự thảo".into(),
        "X-WR-TIMEZONE:Asia/Ho_Chi_Minh".into(),
        "BEGIN:VTIMEZONE".into(),
        "TZID:Asia/Ho_Chi_Minh".into(),
        "BEGIN:STANDARD".into(),
        "DTSTART:19750613T000000".into(),
        "TZOFFSETFROM:+0700".into(),
        "TZOFFSETTO:+0700".into(),
        "TZNAME:ICT".into(),
        "END:STANDARD".into(),
        "END:VTIMEZONE".into(),
    ];
    let stamp = utc_stamp(now);
    for e in events {
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{}", escape(&e.uid)));
        lines.push(format!("DTSTAMP:{stamp}"));
        if e.all_day {
            let day = compact_date(e.at);
            lines.push(format!("DTSTART;VALUE=DATE:{day}"));
            lines.push(format!("DTEND;VALUE=DATE:{}", compact_date(e.at + 86_400_000)));
        } else {
            lines.push(format!("DTSTART;TZID=Asia/Ho_Chi_Minh:{}", local_stamp(e.at)));
            lines.push(format!("DTEND;TZID=Asia/Ho_Chi_Minh:{}", local_stamp(e.at + 3_600_000)));
        }
        lines.push(format!("SUMMARY:{}", escape(&e.title)));
        if !e.description.is_empty() {
            lines.push(format!("DESCRIPTION:{}", escape(&e.description)));
        }
        lines.push(format!("URL:{}{}", base_url.trim_end_matches('/'), e.path));
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for line in lines {
        fold(&mut out, &line);
    }
    out
}

/// Writes a content line folded at 75 octets (never inside a UTF-8 character).
fn fold(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn compact_date(ms: i64) -> String {
    match vntime::at(ms) {
        Some(t) => format!("{}{:02}{:02}", t.year(), u8::from(t.month()), t.day()),
        None => "19700101".into(),
    }
}

/// `YYYYMMDDTHHMMSS` of a moment in its own offset.
fn stamp(t: time::OffsetDateTime) -> String {
    format!(
        "{}{:02}{:02}T{:02}{:02}{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Local Vietnam time, for `TZID=Asia/Ho_Chi_Minh`.
fn local_stamp(ms: i64) -> String {
    vntime::at(ms).map_or_else(|| "19700101T000000".into(), stamp)
}

/// UTC, for `DTSTAMP`.
fn utc_stamp(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .map_or_else(|_| "19700101T000000Z".into(), |t| format!("{}Z", stamp(t)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn milestone(kind: MilestoneKind, title: &str, due_at: i64) -> MilestoneRow {
        MilestoneRow {
            id: 1,
            dossier_id: 1,
            kind: kind.code().into(),
            title: title.into(),
            due_at,
            all_day: 1,
            done_at: None,
        }
    }

    fn day(s: &str) -> i64 {
        vntime::parse_date(s, true).expect("date")
    }

    #[test]
    fn status_counts_vietnam_calendar_days() {
        let due = day("2026-12-01"); // 23:59:59.999 on 1/12 in Hà Nội
        assert_eq!(Status::of(due, false, day("2026-11-27")), Status::Upcoming(4));
        assert_eq!(Status::of(due, false, day("2026-11-28")), Status::DueSoon(3));
        assert_eq!(
            Status::of(due, false, vntime::parse_date("2026-12-01", false).expect("d")),
            Status::DueSoon(0)
        );
        assert_eq!(Status::of(due, false, due + 1), Status::Overdue(1));
        assert_eq!(Status::of(due, false, day("2026-12-04")), Status::Overdue(3));
        assert_eq!(Status::of(due, true, day("2026-12-04")), Status::Done);
        assert!(Status::DueSoon(2).warns() && Status::Overdue(1).warns() && !Status::Upcoming(9).warns());
        assert_eq!(Status::Overdue(2).label(), "Quá hạn 2 ngày");
    }

    #[test]
    fn nothing_is_scheduled_after_the_submission_deadline() {
        let existing = vec![
            milestone(MilestoneKind::SynthesisDue, "Tổng hợp", day("2026-12-10")),
            milestone(MilestoneKind::SubmissionDue, "Trình Bộ Chính trị", day("2026-12-20")),
        ];
        assert!(check(&existing, MilestoneKind::RevisionDue, "Hoàn thiện", day("2026-12-15")).is_ok());
        let e =
            check(&existing, MilestoneKind::RevisionDue, "Hoàn thiện", day("2026-12-21")).expect_err("late");
        assert!(e.to_string().contains("sau hạn trình"), "{e}");
        let e = check(&existing, MilestoneKind::SubmissionDue, "Trình sớm", day("2026-12-05"))
            .expect_err("early");
        assert!(e.to_string().contains("Tổng hợp"), "{e}");
    }

    #[test]
    fn the_feed_is_valid_icalendar() {
        let events = vec![
            Event {
                uid: "milestone-1@duthao".into(),
                title: "Hạn trình: Quy định về vị trí việc làm, cán bộ; công chức".into(),
                description: "Hồ sơ số 1\nTrình Bộ Chính trị".into(),
                at: day("2026-12-20"),
                all_day: true,
                path: "/editor/dossiers/1/schedule".into(),
            },
            Event {
                uid: "milestone-2@duthao".into(),
                title: "Hội nghị trực tuyến toàn quốc với 34 điểm cầu tỉnh, thành phố trực thuộc Trung ương"
                    .into(),
                description: String::new(),
                at: vntime::parse_date("2026-12-05", false).expect("d") + 8 * 3_600_000,
                all_day: false,
                path: "/editor/dossiers/1/schedule".into(),
            },
        ];
        let text = ical(&events, day("2026-11-28"), "https://duthao.example/");
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(text.contains("DTSTART;VALUE=DATE:20261220\r\nDTEND;VALUE=DATE:20261221\r\n"));
        assert!(text.contains("DTSTART;TZID=Asia/Ho_Chi_Minh:20261205T080000\r\n"));
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains("SUMMARY:Hạn trình: Quy định về vị trí việc làm\\, cán bộ\\; công chức"));
        assert!(unfolded.contains("DESCRIPTION:Hồ sơ số 1\\nTrình Bộ Chính trị"));
        assert!(text.contains("URL:https://duthao.example/editor/dossiers/1/schedule"));
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "line over 75 octets: {line:?}");
        }
        // Unfolding gives back the long summary.
        assert!(unfolded.contains("với 34 điểm cầu tỉnh\\, thành phố trực thuộc Trung ương"));
    }
}
