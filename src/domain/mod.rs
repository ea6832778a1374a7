//! Domain types and rules: parsed at the edge, so the rest of the code never handles
//! raw strings where a domain value is meant. No I/O here.

pub mod comment;
pub mod disposition;
pub mod moderation;
pub mod password;
pub mod receipt;
pub mod role;
pub mod vntime;

pub use comment::{Channel, CommentError, CommentText};
pub use disposition::{AnswerState, AnswerText, Disposition};
pub use receipt::ReceiptCode;
pub use role::Role;

use serde::{Deserialize, Serialize};

/// Kinds of draft documents (GLOSSARY: tờ trình, đề án, báo cáo, quy định…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftKind {
    ToTrinh,
    DeAn,
    BaoCao,
    QuyDinh,
    NghiDinh,
    ThongTu,
    Luat,
    KetLuan,
    Other,
}

impl DraftKind {
    pub const ALL: [DraftKind; 9] = [
        Self::QuyDinh,
        Self::DeAn,
        Self::BaoCao,
        Self::ToTrinh,
        Self::NghiDinh,
        Self::ThongTu,
        Self::Luat,
        Self::KetLuan,
        Self::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::ToTrinh => "to_trinh",
            Self::DeAn => "de_an",
            Self::BaoCao => "bao_cao",
            Self::QuyDinh => "quy_dinh",
            Self::NghiDinh => "nghi_dinh",
            Self::ThongTu => "thong_tu",
            Self::Luat => "luat",
            Self::KetLuan => "ket_luan",
            Self::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The Vietnamese name shown to readers.
    pub fn name_vi(self) -> &'static str {
        match self {
            Self::ToTrinh => "Tờ trình",
            Self::DeAn => "Đề án",
            Self::BaoCao => "Báo cáo",
            Self::QuyDinh => "Quy định",
            Self::NghiDinh => "Nghị định",
            Self::ThongTu => "Thông tư",
            Self::Luat => "Luật",
            Self::KetLuan => "Kết luận",
            Self::Other => "Văn bản khác",
        }
    }
}

/// Who may comment in a consultation round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Public,
    Invited,
    Both,
}

impl Audience {
    pub fn code(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Invited => "invited",
            Self::Both => "both",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::Public, Self::Invited, Self::Both].into_iter().find(|a| a.code() == code)
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            Self::Public => "Công khai (mọi người)",
            Self::Invited => "Chỉ cơ quan, tổ chức được mời",
            Self::Both => "Công khai và cơ quan, tổ chức được mời",
        }
    }

    /// Whether someone without an organisation may comment.
    pub fn allows_public(self) -> bool {
        matches!(self, Self::Public | Self::Both)
    }
}
