//! Roles (DESIGN.md §1). A user holds any number of them.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Public,
    OrgRepresentative,
    Secretary,
    Editor,
    LeadEditor,
    Admin,
}

impl Role {
    pub const ALL: [Role; 6] =
        [Self::Public, Self::OrgRepresentative, Self::Secretary, Self::Editor, Self::LeadEditor, Self::Admin];

    pub fn code(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::OrgRepresentative => "org_representative",
            Self::Secretary => "secretary",
            Self::Editor => "editor",
            Self::LeadEditor => "lead_editor",
            Self::Admin => "admin",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            Self::Public => "Người dân",
            Self::OrgRepresentative => "Đại diện cơ quan, tổ chức",
            Self::Secretary => "Thư ký điểm cầu",
            Self::Editor => "Thành viên Tổ Biên tập",
            Self::LeadEditor => "Tổ trưởng Tổ Biên tập",
            Self::Admin => "Quản trị hệ thống",
        }
    }

    /// Whether holding `self` grants what `needed` grants. The lead editor can do all an
    /// editor does; the admin manages users and organisations but does not answer
    /// comments unless also granted an editorial role.
    pub fn covers(self, needed: Role) -> bool {
        self == needed || (self == Self::LeadEditor && needed == Self::Editor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.code()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn lead_editor_covers_editor_but_admin_does_not() {
        assert!(Role::LeadEditor.covers(Role::Editor));
        assert!(!Role::Admin.covers(Role::Editor));
        assert!(!Role::Editor.covers(Role::LeadEditor));
    }
}
