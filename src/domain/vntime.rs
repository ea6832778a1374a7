//! Vietnam time (UTC+7, no daylight saving) and dates as Vietnamese readers write them.

use time::{OffsetDateTime, UtcOffset, Weekday};

/// Vietnam's offset from UTC.
pub const VIETNAM: UtcOffset = match UtcOffset::from_hms(7, 0, 0) {
    Ok(offset) => offset,
    Err(_) => panic!("UTC+7 is a valid offset"),
};

/// The moment `ms` (epoch milliseconds) in Vietnam time, or `None` if out of range.
pub fn at(ms: i64) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok().map(|t| t.to_offset(VIETNAM))
}

fn weekday_vi(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "Thứ hai",
        Weekday::Tuesday => "Thứ ba",
        Weekday::Wednesday => "Thứ tư",
        Weekday::Thursday => "Thứ năm",
        Weekday::Friday => "Thứ sáu",
        Weekday::Saturday => "Thứ bảy",
        Weekday::Sunday => "Chủ nhật",
    }
}

/// "Thứ năm, ngày 24/06/2021".
pub fn long_date(ms: i64) -> String {
    match at(ms) {
        Some(t) => format!(
            "{}, ngày {:02}/{:02}/{}",
            weekday_vi(t.weekday()),
            t.day(),
            u8::from(t.month()),
            t.year()
        ),
        None => String::from("—"),
    }
}

/// "24/06/2021".
pub fn short_date(ms: i64) -> String {
    match at(ms) {
        Some(t) => format!("{:02}/{:02}/{}", t.day(), u8::from(t.month()), t.year()),
        None => String::from("—"),
    }
}

/// "14:05 24/06/2021".
pub fn date_time(ms: i64) -> String {
    match at(ms) {
        Some(t) => format!("{:02}:{:02} {}", t.hour(), t.minute(), short_date(ms)),
        None => String::from("—"),
    }
}

/// Whole days left from `now` until `deadline` in Vietnam calendar days (0 = closes
/// today, negative = closed).
pub fn days_left(now: i64, deadline: i64) -> i64 {
    match (at(now), at(deadline)) {
        (Some(a), Some(b)) => i64::from(b.date().to_julian_day() - a.date().to_julian_day()),
        _ => 0,
    }
}

/// The earliest year a typed date may have.
pub const MIN_YEAR: i32 = 1900;

/// Epoch milliseconds for a Vietnam calendar date typed as `YYYY-MM-DD` (an HTML date
/// input) at the given time of day. `end_of_day` gives 23:59:59.999, so a consultation
/// that "closes on 15/5" accepts comments all that day. Years before [`MIN_YEAR`] or
/// after 9999 are refused.
pub fn parse_date(input: &str, end_of_day: bool) -> Option<i64> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = time::Date::parse(input.trim(), &format).ok()?;
    // Year 0 or -1 parse, and are no date anyone means in this system.
    if !(MIN_YEAR..=9999).contains(&date.year()) {
        return None;
    }
    let t = if end_of_day { time::Time::from_hms_milli(23, 59, 59, 999).ok()? } else { time::Time::MIDNIGHT };
    let moment = date.with_time(t).assume_offset(VIETNAM);
    Some((moment.unix_timestamp_nanos() / 1_000_000) as i64)
}

/// A time of day typed as `HH:MM` (an HTML time input), as minutes after midnight.
pub fn parse_clock(s: &str) -> Option<i64> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    ((0..24).contains(&h) && (0..60).contains(&m)).then_some(h * 60 + m)
}

/// `YYYY-MM-DD` in Vietnam time, for date inputs.
pub fn iso_date(ms: i64) -> String {
    match at(ms) {
        Some(t) => format!("{}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day()),
        None => String::new(),
    }
}

/// An integer as Vietnamese readers write it: thousands grouped with dots (12.345).
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times_are_read_as_minutes_after_midnight() {
        assert_eq!(parse_clock("08:05"), Some(485));
        assert_eq!(parse_clock(" 23:59 "), Some(1439));
        assert_eq!(parse_clock("24:00"), None);
        assert_eq!(parse_clock("8h05"), None);
    }

    // 2021-06-24 07:00 UTC = 14:00 in Hà Nội, a Thursday.
    const THU_24_06_2021: i64 = 1_624_518_000_000;

    #[test]
    fn long_date_is_written_as_vietnamese_readers_write_it() {
        assert_eq!(long_date(THU_24_06_2021), "Thứ năm, ngày 24/06/2021");
        assert_eq!(date_time(THU_24_06_2021), "14:00 24/06/2021");
    }

    #[test]
    fn dates_use_vietnam_time_not_utc() {
        // 2021-06-23 18:30 UTC is already 24/06 01:30 in Vietnam.
        let late_utc = 1_624_473_000_000;
        assert_eq!(short_date(late_utc), "24/06/2021");
    }

    #[test]
    fn closing_date_accepts_the_whole_day() {
        let close = parse_date("2021-05-15", true).expect("valid date");
        assert_eq!(date_time(close), "23:59 15/05/2021");
        let open = parse_date("2021-05-15", false).expect("valid date");
        assert_eq!(date_time(open), "00:00 15/05/2021");
        assert_eq!(iso_date(close), "2021-05-15");
        assert_eq!(parse_date("15/05/2021", true), None);
        for absurd in ["-0001-01-01", "0000-01-01", "1899-12-31"] {
            assert_eq!(parse_date(absurd, false), None, "{absurd}");
        }
        assert!(parse_date("1900-01-01", false).is_some());
    }

    #[test]
    fn thousands_are_grouped_with_dots() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1.000");
        assert_eq!(thousands(14_000_000), "14.000.000");
        assert_eq!(thousands(-12_345), "-12.345");
        assert_eq!(thousands(i64::MIN), "-9.223.372.036.854.775.808");
    }

    #[test]
    fn days_left_counts_calendar_days_in_vietnam() {
        let close = parse_date("2021-06-30", true).expect("valid date");
        assert_eq!(days_left(THU_24_06_2021, close), 6);
        assert_eq!(days_left(close, THU_24_06_2021), -6);
    }
}
