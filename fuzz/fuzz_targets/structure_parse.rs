//! Any bytes, in every format: the parser returns a document or an error, never
//! panics.
#![no_main]

use duthao_structure::{DocxLimits, Format, parse_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = DocxLimits::default();
    for format in [Format::Text, Format::Markdown, Format::Docx] {
        if let Ok(document) = parse_bytes(data, format, &limits) {
            assert_eq!(document.count(), document.walk().count());
        }
    }
});
