//! Any bytes as a CSV and as an XLSX file of comments: reading never panics, and what it
//! returns holds together: rows and errors in row order, every accepted text non-empty
//! NFC within the limit, and the row counts adding up.
#![no_main]

use duthao::intake::import::{ParsedImport, parse_csv, parse_xlsx};
use libfuzzer_sys::fuzz_target;

fn check(parsed: &ParsedImport) {
    assert!(parsed.rows.windows(2).all(|w| w[0].row < w[1].row), "rows in order");
    assert!(parsed.errors.windows(2).all(|w| w[0].row <= w[1].row), "errors in row order");
    assert!(parsed.rows.len() <= parsed.total_rows, "accepted rows are among the rows read");
    for row in &parsed.rows {
        assert!(row.row >= 2, "a data row comes after the header");
        assert!(!row.text.trim().is_empty(), "an accepted comment has text");
        assert_eq!(duthao_text::nfc(&row.text), row.text, "accepted text is NFC");
        assert!(row.text.chars().count() <= 10_000);
        assert!(parsed.errors.iter().all(|e| e.row != row.row), "a row is accepted or refused, not both");
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(parsed) = parse_csv(data) {
        check(&parsed);
    }
    if let Ok(parsed) = parse_xlsx(data) {
        check(&parsed);
    }
});
