//! Moderation of comments and the abuse settings of a consultation.
//!
//! A comment is never deleted. A moderator may hide one (advertising, abuse, a
//! mass-produced fake): it then leaves every public view and the synthesis, and its
//! text stays in the record for the editorial team and the audit trail.

/// Where a comment stands with the moderators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moderation {
    /// Nothing to review.
    Visible,
    /// Waiting for a moderator: still counted and still in the synthesis until hidden.
    Flagged,
    /// Out of public views and of the synthesis; kept in the record.
    Hidden,
}

impl Moderation {
    pub const ALL: [Self; 3] = [Self::Visible, Self::Flagged, Self::Hidden];

    pub fn code(self) -> &'static str {
        match self {
            Self::Visible => "visible",
            Self::Flagged => "flagged",
            Self::Hidden => "hidden",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == code)
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            Self::Visible => "Hiển thị",
            Self::Flagged => "Chờ kiểm duyệt",
            Self::Hidden => "Đã ẩn",
        }
    }
}

/// The longest reason a moderator may give, in characters.
pub const MAX_REASON_CHARS: usize = 500;

/// Why a comment is flagged for review as it arrives, if it is: a link (the mark of
/// advertising and of most spam), or one character repeated at length (keyboard
/// mashing, filler). A flag only asks a moderator to look; it hides nothing.
pub fn auto_flag(text: &str) -> Option<&'static str> {
    if has_link(text.as_bytes()) {
        return Some("Tự động: nội dung có đường liên kết");
    }
    let mut run = 0usize;
    let mut last = None;
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        if Some(c) == last {
            run += 1;
            if run >= REPEAT_RUN {
                return Some("Tự động: một ký tự lặp lại nhiều lần");
            }
        } else {
            run = 1;
            last = Some(c);
        }
    }
    None
}

/// Whether `bytes` hold `http://`, `https://` or `www.`, in any ASCII case. The marks
/// are ASCII, and no other letter lower-cases to one of theirs, so bytes are compared
/// ignoring ASCII case. Every comment passes here on its way in: it looks for the
/// punctuation of the marks (`://`, `.`) with memchr's vector search, and only there
/// at the letters before it, instead of comparing every position with every mark.
fn has_link(bytes: &[u8]) -> bool {
    let ends_with = |end: usize, mark: &[u8]| {
        end >= mark.len() && bytes[end - mark.len()..end].eq_ignore_ascii_case(mark)
    };
    memchr::memmem::find_iter(bytes, b"://").any(|at| ends_with(at, b"http") || ends_with(at, b"https"))
        || memchr::memchr_iter(b'.', bytes).any(|at| ends_with(at, b"www"))
}

/// How many times one character may follow itself (spaces aside) before
/// [`auto_flag`] flags the text.
const REPEAT_RUN: usize = 20;

/// When anonymous commenters of a consultation must solve a proof-of-work challenge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChallengeMode {
    Off,
    /// Only while more comments arrive per minute than the consultation's surge
    /// threshold.
    Surge,
    Always,
}

impl ChallengeMode {
    pub const ALL: [Self; 3] = [Self::Off, Self::Surge, Self::Always];

    pub fn code(self) -> &'static str {
        match self {
            Self::Off => "off",
            Self::Surge => "surge",
            Self::Always => "always",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == code)
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            Self::Off => "Không yêu cầu",
            Self::Surge => "Khi lượng góp ý tăng đột biến",
            Self::Always => "Luôn yêu cầu",
        }
    }
}

/// The bounds of a challenge's difficulty, in leading zero bits: 12 costs a browser
/// a few milliseconds, 26 about a minute.
pub const CHALLENGE_BITS: std::ops::RangeInclusive<i64> = 12..=26;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_mashing_are_flagged_and_ordinary_text_is_not() {
        assert!(auto_flag("Xem thêm tại https://quang-cao.example").is_some());
        assert!(auto_flag("Truy cập WWW.Example.vn để nhận quà").is_some());
        assert!(auto_flag("Đăng ký tại HtTpS://ví-dụ.vn").is_some());
        assert!(auto_flag("ĐỀ NGHỊ HTTP://x.vn").is_some());
        assert_eq!(auto_flag("ht tp:// không phải đường liên kết, www không dấu chấm"), None);
        assert!(auto_flag("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").is_some());
        assert!(auto_flag("!!!!! !!!!! !!!!! !!!!! !!!!!").is_some());
        assert_eq!(auto_flag("Đề nghị bổ sung khoản 3 Điều 5 về thời hạn giải quyết hồ sơ."), None);
        assert_eq!(auto_flag("Tôi đồng ý... rất đồng ý!!!"), None);
        assert_eq!(auto_flag(""), None);
    }

    #[test]
    fn links_are_found_wherever_they_stand() {
        // The plain reading of the rule: any position where a mark begins.
        let reference = |text: &str| {
            let bytes = text.as_bytes();
            ["http://", "https://", "www."]
                .iter()
                .any(|mark| bytes.windows(mark.len()).any(|w| w.eq_ignore_ascii_case(mark.as_bytes())))
        };
        let pieces =
            ["http", "https", "HTTPS", "s", "://", ":/", "/", "www", "wWw", "ww", ".", " ", "đ", "Ờ", ""];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let text = format!("{a}{b}{c}");
                    assert_eq!(has_link(text.as_bytes()), reference(&text), "{text:?}");
                }
            }
        }
        assert!(has_link(b"http://"));
        assert!(has_link(b"www."));
        assert!(!has_link(b"://"));
        assert!(!has_link(b"."));
    }

    #[test]
    fn codes_round_trip() {
        for m in Moderation::ALL {
            assert_eq!(Moderation::parse(m.code()), Some(m));
        }
        for m in ChallengeMode::ALL {
            assert_eq!(ChallengeMode::parse(m.code()), Some(m));
        }
        assert_eq!(Moderation::parse("deleted"), None);
    }
}
