//! Comment text and channels.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// Longest comment accepted, in characters. A long letter is uploaded as a letter.
pub const MAX_COMMENT_CHARS: usize = 10_000;
/// Longest quoted passage, in characters.
pub const MAX_QUOTE_CHARS: usize = 2_000;
/// Longest commenter name or e-mail, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// Why a comment was refused. `code` is stable for the API; [`CommentError::message`]
/// is for readers, in their language (`Display` in Vietnamese, as the API speaks).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommentError {
    Empty,
    TooLong {
        chars: usize,
        max: usize,
    },
    QuoteTooLong {
        chars: usize,
        max: usize,
    },
    NameTooLong {
        max: usize,
    },
    EmailTooLong {
        max: usize,
    },
    /// Not one e-mail address ([`is_email_shaped`]).
    EmailInvalid,
}

impl CommentError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "comment_empty",
            Self::TooLong { .. } => "comment_too_long",
            Self::QuoteTooLong { .. } => "quote_too_long",
            Self::NameTooLong { .. } => "name_too_long",
            Self::EmailTooLong { .. } => "email_too_long",
            Self::EmailInvalid => "email_invalid",
        }
    }

    /// What the commenter is told, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let sized = |key: &str, chars: &usize, max: &usize| {
            lang.t_args(key, &[("count", &chars.to_string()), ("max", &max.to_string())])
        };
        match self {
            Self::Empty => lang.t("pub-comment-empty"),
            Self::TooLong { chars, max } => sized("pub-comment-too-long", chars, max),
            Self::QuoteTooLong { chars, max } => sized("pub-comment-quote-too-long", chars, max),
            Self::NameTooLong { max } => {
                lang.t_args("pub-comment-name-too-long", &[("max", &max.to_string())])
            }
            Self::EmailTooLong { max } => {
                lang.t_args("pub-comment-email-too-long", &[("max", &max.to_string())])
            }
            Self::EmailInvalid => lang.t("pub-comment-email-invalid"),
        }
    }
}

impl std::fmt::Display for CommentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Vi))
    }
}

/// One e-mail address: one `@`, something before it, a dot in the domain, no spaces or
/// list separators.
pub fn is_email_shaped(address: &str) -> bool {
    if address.chars().any(|c| c.is_whitespace() || matches!(c, ',' | ';' | '<' | '>' | '"')) {
        return false;
    }
    let Some((local, domain)) = address.split_once('@') else { return false };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

/// The body of a comment: NFC, control characters removed, not blank, within the limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentText(String);

impl CommentText {
    pub fn parse(raw: &str) -> Result<Self, CommentError> {
        let cleaned = duthao_text::clean_input(raw);
        let trimmed = cleaned.trim();
        if trimmed.is_empty() {
            return Err(CommentError::Empty);
        }
        let chars = trimmed.chars().count();
        if chars > MAX_COMMENT_CHARS {
            return Err(CommentError::TooLong { chars, max: MAX_COMMENT_CHARS });
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// An optional short field (quote, name, e-mail): cleaned, blank becomes `None`.
pub fn optional_field(raw: Option<&str>, max: usize) -> Result<Option<String>, usize> {
    let Some(raw) = raw else { return Ok(None) };
    let cleaned = duthao_text::clean_input(raw);
    let trimmed = cleaned.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let chars = trimmed.chars().count();
    if chars > max {
        return Err(chars);
    }
    Ok(Some(trimmed.to_owned()))
}

/// How a comment reached us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Web,
    Api,
    Letter,
    Import,
    Conference,
}

impl Channel {
    pub const ALL: [Channel; 5] = [Self::Web, Self::Api, Self::Letter, Self::Import, Self::Conference];

    pub fn code(self) -> &'static str {
        match self {
            Self::Web => "web",
            Self::Api => "api",
            Self::Letter => "letter",
            Self::Import => "import",
            Self::Conference => "conference",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            Self::Web => "Cổng thông tin",
            Self::Api => "API",
            Self::Letter => "Công văn",
            Self::Import => "Nhập từ tệp",
            Self::Conference => "Hội nghị",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_text_is_nfc_and_trimmed() {
        // "hoà" typed with a combining grave accent (NFD) comes out precomposed.
        let text = CommentText::parse("  Đề nghị sửa \u{0301}thành hoa\u{0300}  \n").expect("valid");
        assert!(text.as_str().starts_with("Đề nghị"));
        assert!(text.as_str().ends_with("hoà"));
    }

    #[test]
    fn blank_and_whitespace_comments_are_refused() {
        assert_eq!(CommentText::parse(""), Err(CommentError::Empty));
        assert_eq!(CommentText::parse(" \n\t \u{3000}"), Err(CommentError::Empty));
    }

    #[test]
    fn over_long_comments_are_refused_with_the_count() {
        let long = "ý".repeat(MAX_COMMENT_CHARS + 1);
        assert_eq!(
            CommentText::parse(&long),
            Err(CommentError::TooLong { chars: MAX_COMMENT_CHARS + 1, max: MAX_COMMENT_CHARS })
        );
        assert!(CommentText::parse(&"ý".repeat(MAX_COMMENT_CHARS)).is_ok());
    }

    #[test]
    fn refusals_are_told_in_the_readers_language() {
        let long = CommentError::TooLong { chars: 10_001, max: MAX_COMMENT_CHARS };
        assert_eq!(long.to_string(), "Nội dung góp ý dài 10001 ký tự, vượt giới hạn 10000 ký tự.");
        assert_eq!(
            long.message(Lang::En),
            "The comment is 10001 characters long, over the limit of 10000 characters."
        );
        assert_eq!(CommentError::NameTooLong { max: 200 }.to_string(), "Họ tên dài quá 200 ký tự.");
        assert_eq!(CommentError::Empty.message(Lang::En), "The comment is empty.");
    }

    #[test]
    fn optional_fields_drop_blanks_and_enforce_limits() {
        assert_eq!(optional_field(Some("  "), 10), Ok(None));
        assert_eq!(optional_field(None, 10), Ok(None));
        assert_eq!(optional_field(Some(" Nguyễn Văn A "), 20), Ok(Some("Nguyễn Văn A".into())));
        assert_eq!(optional_field(Some("abcdef"), 3), Err(6));
    }
}
