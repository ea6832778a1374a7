//! Any bytes read as Akoma Ntoso: the reader returns a document or an error, never
//! panics; and any document the text parser makes survives the round trip through
//! Akoma Ntoso unchanged.
#![no_main]

use duthao_structure::akoma::{Identification, from_akoma_ntoso, to_akoma_ntoso};
use duthao_structure::{DocxLimits, Format, parse_bytes, parse_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = parse_bytes(data, Format::AkomaNtoso, &DocxLimits::default());
    if let Ok(text) = std::str::from_utf8(data) {
        let document = parse_text(text);
        let xml = to_akoma_ntoso(&document, &Identification::default());
        let back = from_akoma_ntoso(&xml).expect("our own export reads back");
        assert_eq!(back.provisions, document.provisions);
        assert_eq!(back.title, document.title);
        assert_eq!(back.preamble, document.preamble);
    }
});
