//! Any bytes as a DOCX, with small limits so that the fuzzer can reach them.
#![no_main]

use duthao_structure::{DocxLimits, parse_docx};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = DocxLimits { max_uncompressed_bytes: 1024 * 1024, max_ratio: 50 };
    let _ = parse_docx(data, &limits);
});
