//! Shingles: hashes of windows of three consecutive syllables of the normalised text.
//!
//! A syllable is a run of letters, digits and combining marks. Its hash ignores case
//! and where the tone mark sits: the tone marks are taken out of the letter sequence
//! and hashed at the end, so `hoà`, `hòa`, `HÒA` and the NFD spelling of each give the
//! same hash. This is the equivalence of `duthao_text::normalise_for_matching`
//! (canonical tones, lower case, NFC) computed without building a normalised string,
//! because shingling is most of the cost of grouping a million comments.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Syllables per shingle.
pub const WIDTH: usize = 3;

const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// Appends the hash of every syllable of `text` to `out`, in order.
pub fn syllable_hashes(text: &str, out: &mut Vec<u64>) {
    hash_syllables(text.chars(), out);
}

/// [`syllable_hashes`] of UTF-8 bytes that have not been validated: an invalid
/// sequence counts as U+FFFD, which separates syllables. Decoding and hashing in one
/// pass saves validating a million comments before reading them.
pub fn syllable_hashes_utf8(bytes: &[u8], out: &mut Vec<u64>) {
    hash_syllables(Utf8Lossy { bytes, at: 0 }, out);
}

fn hash_syllables(chars: impl Iterator<Item = char>, out: &mut Vec<u64>) {
    let mut hasher = SyllableHasher::default();
    for c in chars {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                hasher.letter(c.to_ascii_lowercase());
            } else if let Some(h) = hasher.finish() {
                out.push(h);
            }
        } else if let Some(letter) = latin_letter(c) {
            for &op in &letter.ops[..usize::from(letter.len)] {
                hasher.apply(op);
            }
        } else if !is_combining_mark(c) && c.is_alphanumeric() {
            decompose(c, |op| hasher.apply(op));
        } else if is_combining_mark(c) {
            hasher.mark(c);
        } else if let Some(h) = hasher.finish() {
            out.push(h);
        }
    }
    if let Some(h) = hasher.finish() {
        out.push(h);
    }
}

/// Appends the shingles of `text` to `out`: one hash per window of [`WIDTH`]
/// syllables; a text of one or two syllables gives one shingle, a text with no
/// syllable none. Duplicates are kept (MinHash does not care).
pub fn shingles(text: &str, syllables: &mut Vec<u64>, out: &mut Vec<u64>) {
    syllables.clear();
    syllable_hashes(text, syllables);
    windows(syllables, out);
}

/// [`shingles`] of unvalidated UTF-8 (see [`syllable_hashes_utf8`]).
pub fn shingles_utf8(bytes: &[u8], syllables: &mut Vec<u64>, out: &mut Vec<u64>) {
    syllables.clear();
    syllable_hashes_utf8(bytes, syllables);
    windows(syllables, out);
}

fn windows(syllables: &[u64], out: &mut Vec<u64>) {
    match syllables.len() {
        0 => {}
        n if n < WIDTH => {
            let mut h = 0x51_7cc1_b727_220a_u64;
            for &s in syllables.iter() {
                h = mix(h ^ s);
            }
            out.push(h);
        }
        _ => out.extend(syllables.windows(WIDTH).map(|w| mix(mix(mix(w[0]) ^ w[1]) ^ w[2]))),
    }
}

/// Decodes UTF-8, turning each invalid sequence into U+FFFD.
struct Utf8Lossy<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Iterator for Utf8Lossy<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        let first = *self.bytes.get(self.at)?;
        self.at += 1;
        if first < 0x80 {
            return Some(char::from(first));
        }
        let (continuation, initial) = match first {
            0xc2..=0xdf => (1, u32::from(first & 0x1f)),
            0xe0..=0xef => (2, u32::from(first & 0x0f)),
            0xf0..=0xf4 => (3, u32::from(first & 0x07)),
            _ => return Some(char::REPLACEMENT_CHARACTER),
        };
        let mut code = initial;
        for _ in 0..continuation {
            match self.bytes.get(self.at) {
                Some(&b) if b & 0xc0 == 0x80 => {
                    code = (code << 6) | u32::from(b & 0x3f);
                    self.at += 1;
                }
                _ => return Some(char::REPLACEMENT_CHARACTER),
            }
        }
        Some(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER))
    }
}

/// One step of hashing a syllable: a (lower-case) letter or a combining mark.
#[derive(Clone, Copy)]
enum Op {
    Letter(char),
    Mark(char),
}

/// Takes a letter apart into lower-case base letters and marks, in order.
fn decompose(c: char, mut emit: impl FnMut(Op)) {
    decompose_canonical(c, |part| {
        if part.is_ascii() {
            emit(Op::Letter(part.to_ascii_lowercase()));
        } else if is_combining_mark(part) {
            emit(Op::Mark(part));
        } else {
            for lower in part.to_lowercase() {
                emit(Op::Letter(lower));
            }
        }
    });
}

/// The steps of one precomposed letter, precomputed with [`decompose`].
#[derive(Clone, Copy)]
struct Decomposed {
    ops: [Op; 4],
    len: u8,
}

/// The Latin blocks Vietnamese is written in: Latin-1 Supplement, Latin Extended-A
/// and -B, and Latin Extended Additional (`ạ` … `ỹ`).
const LATIN_LOW: std::ops::Range<u32> = 0xc0..0x250;
const LATIN_ADDITIONAL: std::ops::Range<u32> = 0x1e00..0x1f00;

/// The letters of [`LATIN_LOW`] and [`LATIN_ADDITIONAL`] taken apart once, so that
/// the common case skips the general Unicode tables.
fn latin_letter(c: char) -> Option<&'static Decomposed> {
    static TABLE: std::sync::OnceLock<Vec<Option<Decomposed>>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        LATIN_LOW
            .chain(LATIN_ADDITIONAL)
            .map(|code| {
                let c = char::from_u32(code).filter(|c| c.is_alphabetic())?;
                let mut ops = [Op::Mark('\0'); 4];
                let mut len = 0;
                decompose(c, |op| {
                    if let Some(slot) = ops.get_mut(len) {
                        *slot = op;
                    }
                    len += 1;
                });
                (len <= ops.len()).then_some(Decomposed { ops, len: len as u8 })
            })
            .collect()
    });
    let code = u32::from(c);
    let index = if LATIN_LOW.contains(&code) {
        code - LATIN_LOW.start
    } else if LATIN_ADDITIONAL.contains(&code) {
        code - LATIN_ADDITIONAL.start + LATIN_LOW.len() as u32
    } else {
        return None;
    };
    table.get(index as usize)?.as_ref()
}

#[derive(Default)]
struct SyllableHasher {
    hash: u64,
    tones: u64,
    letters: u32,
}

impl SyllableHasher {
    fn letter(&mut self, c: char) {
        self.hash = (self.hash ^ u64::from(c)).wrapping_mul(0x0000_0100_0000_01b3);
        self.letters = self.letters.saturating_add(1);
    }

    fn apply(&mut self, op: Op) {
        match op {
            Op::Letter(c) => self.letter(c),
            Op::Mark(c) => self.mark(c),
        }
    }

    fn mark(&mut self, c: char) {
        if self.letters == 0 {
            // A mark with nothing to sit on is not part of any syllable.
            return;
        }
        match TONE_MARKS.iter().position(|&t| t == c) {
            Some(i) => self.tones = self.tones.wrapping_mul(8).wrapping_add(i as u64 + 1),
            None => self.letter(c),
        }
    }

    fn finish(&mut self) -> Option<u64> {
        if self.letters == 0 {
            return None;
        }
        let h = mix(self.hash ^ self.tones.rotate_left(40) ^ u64::from(self.letters));
        *self = Self::default();
        Some(h)
    }
}

/// The splitmix64 finaliser: spreads every input bit over the whole word.
pub(crate) fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hashes(text: &str) -> Vec<u64> {
        let mut out = Vec::new();
        syllable_hashes(text, &mut out);
        out
    }

    #[test]
    fn tone_placement_case_and_encoding_do_not_matter() {
        let canonical = hashes("Hòa thủy khỏe quý Ủy ban");
        assert_eq!(hashes("hoà thuỷ khoẻ quý uỷ BAN"), canonical);
        let nfd: String =
            unicode_normalization::UnicodeNormalization::nfd("Hòa thủy khỏe quý Ủy ban").collect();
        assert_eq!(hashes(&nfd), canonical);
    }

    #[test]
    fn the_precomputed_latin_letters_hash_like_their_decomposition() {
        for code in LATIN_LOW.chain(LATIN_ADDITIONAL) {
            let Some(c) = char::from_u32(code).filter(|c| c.is_alphabetic()) else { continue };
            let nfd: String =
                unicode_normalization::UnicodeNormalization::nfd(c.to_string().as_str()).collect();
            assert_eq!(hashes(&format!("x{c}y")), hashes(&format!("x{nfd}y")), "{c} (U+{code:04X})");
        }
    }

    #[test]
    fn bytes_hash_like_the_text_and_invalid_bytes_separate() {
        let text = "Ủy ban nhân dân tỉnh Đắk Lắk đề nghị — “bổ sung” Điều 5a; 𝔸 ✓";
        let mut from_bytes = Vec::new();
        syllable_hashes_utf8(text.as_bytes(), &mut from_bytes);
        assert_eq!(from_bytes, hashes(text));
        let mut broken = Vec::new();
        syllable_hashes_utf8(b"ab\xffcd \xe1\xba", &mut broken);
        assert_eq!(broken, [hashes("ab"), hashes("cd")].concat());
    }

    #[test]
    fn different_tones_and_shapes_differ() {
        let words = ["ma", "má", "mà", "mả", "mã", "mạ", "mă", "mâ", "mơ", "mo", "đa", "da"];
        let all: Vec<u64> = words.iter().flat_map(|w| hashes(w)).collect();
        let mut unique = all.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), words.len());
    }

    #[test]
    fn punctuation_separates_and_is_ignored() {
        assert_eq!(hashes("Điều 5a, khoản 2."), hashes("điều   5a khoản-2"));
        assert!(hashes("!!! … ---").is_empty());
    }

    #[test]
    fn short_texts_give_one_shingle_and_empty_texts_none() {
        let (mut syl, mut out) = (Vec::new(), Vec::new());
        shingles("Đồng ý.", &mut syl, &mut out);
        assert_eq!(out.len(), 1);
        out.clear();
        shingles("?!", &mut syl, &mut out);
        assert!(out.is_empty());
        shingles("một hai ba bốn", &mut syl, &mut out);
        assert_eq!(out.len(), 2);
    }
}
