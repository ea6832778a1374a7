//! Receipt codes: what a commenter keeps to prove and look up their comment.

use std::fmt;

/// Letters and digits that cannot be confused when read aloud or retyped: no 0/O,
/// 1/I/L, U/V pairs.
const ALPHABET: &[u8; 28] = b"23456789ABCDEFGHJKMNPQRSTWXY";

/// A receipt code such as `DT-7K3M-9QXA`: 8 symbols from a 28-letter alphabet
/// (about 3.8 × 10^11 codes), so guessing another person's code is impractical.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReceiptCode(String);

impl ReceiptCode {
    /// A fresh random code.
    pub fn generate() -> Self {
        let mut symbols = [0u8; 8];
        for s in &mut symbols {
            *s = ALPHABET[rand::random_range(0..ALPHABET.len())];
        }
        Self::from_symbols(&symbols)
    }

    fn from_symbols(symbols: &[u8; 8]) -> Self {
        let text = String::from_utf8_lossy(symbols);
        Self(format!("DT-{}-{}", &text[..4], &text[4..]))
    }

    /// Parses what a person typed: case, spaces and dashes do not matter, and the
    /// commonly confused characters are mapped (O→0 is not in the alphabet, so it is
    /// rejected rather than guessed).
    pub fn parse(input: &str) -> Option<Self> {
        let cleaned: Vec<u8> = input
            .trim()
            .bytes()
            .filter(|b| !matches!(b, b'-' | b' '))
            .map(|b| b.to_ascii_uppercase())
            .collect();
        let body = cleaned.strip_prefix(b"DT").unwrap_or(&cleaned);
        let symbols: [u8; 8] = body.try_into().ok()?;
        if symbols.iter().all(|b| ALPHABET.contains(b)) { Some(Self::from_symbols(&symbols)) } else { None }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ReceiptCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_have_the_documented_shape_and_parse_back() {
        for _ in 0..1000 {
            let code = ReceiptCode::generate();
            let s = code.as_str();
            assert_eq!(s.len(), 12);
            assert!(s.starts_with("DT-"));
            assert_eq!(&s[7..8], "-");
            assert_eq!(ReceiptCode::parse(s), Some(code.clone()));
        }
    }

    #[test]
    fn parse_is_forgiving_about_case_spaces_and_prefix() {
        let want = ReceiptCode::parse("DT-7K3M-9QXA").expect("valid code");
        assert_eq!(ReceiptCode::parse(" dt-7k3m-9qxa "), Some(want.clone()));
        assert_eq!(ReceiptCode::parse("7K3M 9QXA"), Some(want.clone()));
        assert_eq!(ReceiptCode::parse("7k3m9qxa"), Some(want));
    }

    #[test]
    fn parse_rejects_ambiguous_or_wrong_length_codes() {
        assert_eq!(ReceiptCode::parse("DT-0K3M-9QXA"), None);
        assert_eq!(ReceiptCode::parse("DT-1K3M-9QXA"), None);
        assert_eq!(ReceiptCode::parse("DT-7K3M-9QX"), None);
        assert_eq!(ReceiptCode::parse(""), None);
        assert_eq!(ReceiptCode::parse("DT-7K3M-9QXAA"), None);
        assert_eq!(ReceiptCode::parse("ĐT-7K3M-9QXA"), None);
    }
}
