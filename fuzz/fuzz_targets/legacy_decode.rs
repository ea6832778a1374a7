//! Legacy-encoding detection and conversion (TCVN3, VNI) on arbitrary bytes: never
//! panics, and always returns NFC text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, _) = duthao_text::legacy::decode_bytes(data);
    assert!(unicode_normalization_is_nfc(&text));
    let (by_paragraph, _) = duthao_text::legacy::to_unicode_by_paragraph(&String::from_utf8_lossy(data));
    assert!(unicode_normalization_is_nfc(&by_paragraph));
});

fn unicode_normalization_is_nfc(text: &str) -> bool {
    duthao_text::nfc(text) == text
}
