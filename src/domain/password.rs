//! Password rules, applied wherever a password is set (the admin pages, the command
//! line, a user changing their own).
//!
//! Length over composition, as current guidance has it: at least 10 characters, any
//! characters (Vietnamese letters and spaces welcome), but not the login or the name,
//! not a well-known password, and not one or two characters repeated.

use crate::i18n::Lang;

/// Shortest password accepted, in characters.
pub const MIN_CHARS: usize = 10;
/// Longest password accepted, in characters (argon2 takes any length; this bounds work).
pub const MAX_CHARS: usize = 128;

/// Passwords attackers try first (compared folded: no diacritics, case, spaces or
/// punctuation), Vietnamese ones included.
const COMMON: &[&str] = &[
    "1234567890",
    "12345678910",
    "123456789a",
    "0123456789",
    "1234567890a",
    "0987654321",
    "1111111111",
    "1234512345",
    "1qaz2wsx3edc",
    "qwertyuiop",
    "qwerty123456",
    "asdfghjkl1",
    "password123",
    "password1234",
    "passw0rd123",
    "abc1234567",
    "abcd123456",
    "abcd1234567",
    "iloveyou123",
    "admin12345",
    "administrator",
    "matkhau123",
    "matkhau1234",
    "matkhaumoi",
    "matkhaucuatoi",
    "doimatkhau",
    "anhyeuem123",
    "emyeuanh123",
    "vietnam123",
    "vietnam1234",
    "hanoi12345",
    "saigon12345",
    "duthao12345",
    "duthaodemo",
    "thaydoimatkhau",
    "khongbiet123",
];

/// Why a password is refused; [`PasswordProblem::message`] says it to the user in
/// their language, `Display` in Vietnamese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    Personal,
    Common,
    Repetitive,
}

impl std::fmt::Display for PasswordProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Vi))
    }
}

impl PasswordProblem {
    pub fn code(&self) -> &'static str {
        match self {
            Self::TooShort => "password_too_short",
            Self::TooLong => "password_too_long",
            Self::Personal => "password_personal",
            Self::Common => "password_common",
            Self::Repetitive => "password_repetitive",
        }
    }

    /// What the user is told, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Self::TooShort => lang.t_args("pub-password-too-short", &[("min", &MIN_CHARS.to_string())]),
            Self::TooLong => lang.t_args("pub-password-too-long", &[("max", &MAX_CHARS.to_string())]),
            Self::Personal => lang.t("pub-password-personal"),
            Self::Common => lang.t("pub-password-common"),
            Self::Repetitive => lang.t("pub-password-repetitive"),
        }
    }
}

/// Letters and digits only, folded (no diacritics, lower case).
fn squeezed(s: &str) -> String {
    duthao_text::fold(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Checks a new password of the user `login` called `name`.
pub fn check(login: &str, name: &str, password: &str) -> Result<(), PasswordProblem> {
    // Counted as it is hashed: in NFC (a decomposed "ấ" is one character, not three).
    let password = &duthao_text::nfc(password);
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    let folded = squeezed(password);
    let personal = [squeezed(login), squeezed(name)];
    if personal.iter().any(|p| p.chars().count() >= 4 && folded.contains(p.as_str())) {
        return Err(PasswordProblem::Personal);
    }
    if COMMON.iter().any(|c| folded == *c) {
        return Err(PasswordProblem::Common);
    }
    let mut distinct: Vec<char> = password.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 4 {
        return Err(PasswordProblem::Repetitive);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_varied_passwords_pass_whatever_their_letters() {
        assert_eq!(check("bientap", "Nguyễn Minh Tuấn", "sông Hồng chảy qua Hà Nội"), Ok(()));
        assert_eq!(check("bientap", "Nguyễn Minh Tuấn", "tháng Chạp 2026"), Ok(()));
        assert_eq!(check("a", "B", "mat-khau-thu-nghiem"), Ok(()));
    }

    #[test]
    fn each_rule_refuses_with_its_reason() {
        assert_eq!(check("bientap", "N", "ngắn quá"), Err(PasswordProblem::TooShort));
        assert_eq!(check("bientap", "N", &"dài ".repeat(40)), Err(PasswordProblem::TooLong));
        assert_eq!(check("bientap", "N", "BienTap-2026!"), Err(PasswordProblem::Personal));
        assert_eq!(
            check("tuan", "Nguyễn Minh Tuấn", "nguyen minh tuan 99"),
            Err(PasswordProblem::Personal),
            "the name, folded"
        );
        assert_eq!(
            check("bientap", "N", "Mật khẩu 123"),
            Err(PasswordProblem::Common),
            "folded and squeezed"
        );
        assert_eq!(check("bientap", "N", "1234567890"), Err(PasswordProblem::Common));
        assert_eq!(check("bientap", "N", "duthao-demo"), Err(PasswordProblem::Common), "the demo's password");
        assert_eq!(check("bientap", "N", "abababababab"), Err(PasswordProblem::Repetitive));
        assert_eq!(check("bientap", "N", "ababababcc"), Err(PasswordProblem::Repetitive));
    }

    #[test]
    fn problems_are_told_in_the_readers_language() {
        assert_eq!(PasswordProblem::TooShort.to_string(), "Mật khẩu phải có ít nhất 10 ký tự.");
        assert_eq!(
            PasswordProblem::TooShort.message(Lang::En),
            "The password must be at least 10 characters long."
        );
        assert_eq!(PasswordProblem::TooLong.to_string(), "Mật khẩu dài quá 128 ký tự.");
        assert_eq!(PasswordProblem::Common.message(Lang::Vi), PasswordProblem::Common.to_string());
    }
}
