//! Any text: finding citations and splitting a comment letter never panic, and every
//! span is a valid range of the text it was found in.
#![no_main]

use duthao_structure::{find_citations, split_letter};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for citation in find_citations(&text) {
        assert_eq!(text.get(citation.span.clone()), Some(citation.text.as_str()));
        let _ = citation.anchor();
    }
    let letter = split_letter(&text);
    for unit in &letter.units {
        for citation in unit.citations.iter().chain(&unit.external) {
            assert!(unit.text.get(citation.span.clone()).is_some());
        }
    }
});
