//! Answers to comments (tiếp thu, giải trình): the kind of answer, its text, and
//! where it stands in the review workflow.
//!
//! Workflow: an editor drafts (`Draft`); the lead editor approves (`Approved`) or
//! returns it with a remark (`Returned`), after which the editor edits it back to
//! `Draft`; the lead editor publishes the approved answers of a round together
//! (`Published`). Any edit makes an answer a `Draft` again and bumps its revision, and
//! an approval names the revision the lead editor read, so an answer changed since it
//! was reviewed cannot be approved without being reviewed again.

use serde::{Deserialize, Serialize};

/// How a comment is answered (GLOSSARY: tiếp thu, tiếp thu một phần, giải trình,
/// thống nhất với dự thảo).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Disposition {
    Accepted,
    PartlyAccepted,
    Explained,
    Agrees,
}

impl Disposition {
    pub const ALL: [Disposition; 4] = [Self::Accepted, Self::PartlyAccepted, Self::Explained, Self::Agrees];

    pub fn code(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::PartlyAccepted => "partly_accepted",
            Self::Explained => "explained",
            Self::Agrees => "agrees",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.code() == code)
    }

    /// The name used in the report and on the pages.
    pub fn name_vi(self) -> &'static str {
        match self {
            Self::Accepted => "Tiếp thu",
            Self::PartlyAccepted => "Tiếp thu một phần",
            Self::Explained => "Giải trình",
            Self::Agrees => "Thống nhất với dự thảo",
        }
    }
}

/// Where an answer stands in the review workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerState {
    Draft,
    Returned,
    Approved,
    Published,
}

impl AnswerState {
    pub const ALL: [AnswerState; 4] = [Self::Draft, Self::Returned, Self::Approved, Self::Published];

    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Returned => "returned",
            Self::Approved => "approved",
            Self::Published => "published",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            Self::Draft => "Dự thảo trả lời",
            Self::Returned => "Trả lại để sửa",
            Self::Approved => "Đã duyệt",
            Self::Published => "Đã công bố",
        }
    }
}

/// The text of an answer: trimmed, NFC, not empty, at most [`AnswerText::MAX_CHARS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerText(String);

/// Why an answer text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("Nội dung tiếp thu, giải trình không được để trống.")]
    Empty,
    #[error("Nội dung tiếp thu, giải trình dài quá {max} ký tự ({actual} ký tự).")]
    TooLong { max: usize, actual: usize },
}

impl AnswerText {
    pub const MAX_CHARS: usize = 20_000;

    pub fn parse(text: &str) -> Result<Self, AnswerError> {
        let clean = duthao_text::clean_input(text);
        let trimmed = clean.trim();
        if trimmed.is_empty() {
            return Err(AnswerError::Empty);
        }
        let actual = trimmed.chars().count();
        if actual > Self::MAX_CHARS {
            return Err(AnswerError::TooLong { max: Self::MAX_CHARS, actual });
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for d in Disposition::ALL {
            assert_eq!(Disposition::parse(d.code()), Some(d));
        }
        for s in AnswerState::ALL {
            assert_eq!(AnswerState::parse(s.code()), Some(s));
        }
        assert_eq!(Disposition::parse("tiep_thu"), None);
    }

    #[test]
    fn an_answer_needs_text() {
        assert_eq!(AnswerText::parse("  \n\t "), Err(AnswerError::Empty));
        assert_eq!(AnswerText::parse("\u{feff}\u{200b}"), Err(AnswerError::Empty));
        let text = AnswerText::parse("  Tiếp thu, đã chỉnh sửa khoản 2 Điều 5.\r\n").expect("valid");
        assert_eq!(text.as_str(), "Tiếp thu, đã chỉnh sửa khoản 2 Điều 5.");
        assert!(matches!(AnswerText::parse(&"a".repeat(20_001)), Err(AnswerError::TooLong { .. })));
    }
}
