//! Text typed with the pre-Unicode Vietnamese font encodings, detected and converted
//! to Unicode (NFC) on import.
//!
//! Two encodings cover nearly all old documents:
//!
//! - **TCVN3** (ABC, TCVN 5712:1993 "VN3", fonts `.VnTime`, `.VnArial`, …): one byte
//!   per letter. Read as Windows-1252 (which is what Word does with a `.Vn*` run, and
//!   what a copy from it produces) it looks like `Céng hoµ x· héi chñ nghÜa ViÖt Nam`.
//! - **VNI-Windows** (fonts `VNI-Times`, …): a base letter followed by a "mark" byte,
//!   e.g. `Coäng hoaø xaõ hoäi chuû nghóa Vieät Nam`.
//!
//! [`detect`] decides from the text alone, by statistics: a word is evidence for an
//! encoding when converting it turns something that is not a Vietnamese syllable into
//! one (see [`is_vietnamese_syllable`]), and evidence against when the conversion
//! gives something that is not a syllable. Any precomposed letter that only
//! Vietnamese uses (`ệ ố ư ơ đ`…) makes the text Unicode outright.
//!
//! What the text cannot tell: TCVN3 has capitals only for `Ă Â Ê Ô Ơ Ư Đ`. Other
//! capitals were shown with the `.VnTimeH` fonts, which draw the lower-case code
//! points as capitals. Conversion guesses the case of those letters from the rest of
//! the word and its neighbours (see [`convert`]); a heading typed entirely in a
//! `.VnTimeH` font comes out in lower case.
//!
//! Like the rest of the crate this module is pure and never panics; it does not
//! decide *whether* to convert text that the user marked as Unicode — that is the
//! importer's call.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use crate::nfc;

/// A character encoding Vietnamese text may arrive in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// Unicode, or text that is not in a Vietnamese legacy encoding at all.
    Unicode,
    /// TCVN3 (ABC, TCVN 5712:1993 VN3), read as Windows-1252.
    Tcvn3,
    /// VNI-Windows, read as Windows-1252.
    Vni,
}

/// The result of [`detect`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detection {
    /// The encoding the text is in. A legacy encoding is only reported when its
    /// confidence reaches [`CONFIDENCE_THRESHOLD`].
    pub encoding: Encoding,
    /// How sure the detection is, from 0 to 1.
    pub confidence: f32,
}

/// The confidence a legacy encoding needs before [`detect`] reports it.
///
/// Confidence is `ratio × (1 − 0.5^n)`, where `n` is the number of distinct words
/// that conversion turns into Vietnamese syllables (and were not syllables before)
/// and `ratio` is `n` over `n` plus the number of distinct converted words that are
/// not syllables. With nothing against it, two such words reach 0.75 and one word
/// 0.5: a single word (`§iÒu`, `5 µm`) is never enough on its own.
pub const CONFIDENCE_THRESHOLD: f32 = 0.6;

/// Detects whether `text` (already decoded, e.g. a Windows-1252 read of legacy bytes
/// or the text of DOCX runs) is TCVN3, VNI or Unicode.
///
/// `"Céng hoµ x· héi chñ nghÜa ViÖt Nam"` is TCVN3, `"Coäng hoaø xaõ hoäi"` is VNI;
/// Unicode Vietnamese, French, English, plain ASCII and numbers are Unicode.
pub fn detect(text: &str) -> Detection {
    decide(&analyse(&nfc(text)))
}

/// Converts `text` from `from` to Unicode, in NFC. Text that is not part of a
/// letter (digits, punctuation, other scripts) is kept, except the Windows-1252
/// symbols that TCVN3 uses as letters (`§ ® µ ©`…), which become those letters.
///
/// For TCVN3, a lower-case-only letter (`é` = `ộ`) is made a capital when the
/// rest of its word is in capitals (`CéNG` → `CỘNG`, `ñY` → `ỦY`); when the word
/// gives no clue (`X·`, `Tù`) it follows the nearest clear words on the same line
/// (`HOµ X· HéI` → `HOÀ XÃ HỘI`, but `Tù do` → `Tự do`).
pub fn convert(text: &str, from: Encoding) -> String {
    match from {
        Encoding::Unicode => nfc(text),
        Encoding::Tcvn3 => nfc(&tcvn3_to_unicode(text)),
        Encoding::Vni => nfc(&vni_to_unicode(text)),
    }
}

/// Encodes Unicode text in a legacy encoding, as the old fonts expect it: the
/// inverse of [`convert`], for tests and for producing files for legacy tools.
///
/// Lossy for TCVN3, which has no code for most capitals: `Ộ` is written as the
/// code of `ộ` (as the old keyboard drivers did). Characters an encoding has no
/// code for are copied unchanged.
pub fn encode(text: &str, to: Encoding) -> String {
    let text = nfc(text);
    match to {
        Encoding::Unicode => text,
        Encoding::Tcvn3 => text.chars().map(tcvn3_encode_char).collect(),
        Encoding::Vni => {
            let mut out = String::with_capacity(text.len() * 2);
            for c in text.chars() {
                vni_encode_char(c, &mut out);
            }
            out
        }
    }
}

/// Detects the encoding of `text` and converts it to Unicode when the detection is
/// confident; otherwise returns `text` in NFC and [`Encoding::Unicode`].
pub fn to_unicode(text: &str) -> (String, Encoding) {
    let text = nfc(text);
    match decide(&analyse(&text)).encoding {
        Encoding::Unicode => (text, Encoding::Unicode),
        legacy => (convert(&text, legacy), legacy),
    }
}

/// Like [`to_unicode`], but decides each paragraph (line) on its own: for a mostly
/// Unicode document with a pasted TCVN3 paragraph. Returns the text in NFC and, for
/// every paragraph, its index and the encoding it was converted from.
///
/// A paragraph too short to decide alone (`§iÒu 5.`) is converted when another
/// paragraph of the document was confidently detected as a legacy encoding and this
/// one has evidence for that encoding and none against it.
pub fn to_unicode_by_paragraph(text: &str) -> (String, Vec<(usize, Encoding)>) {
    let text = nfc(text);
    let paragraphs: Vec<&str> = text.split('\n').collect();
    let analyses: Vec<Analysis> = paragraphs.iter().map(|p| analyse(p)).collect();
    let mut encodings: Vec<Encoding> = analyses.iter().map(|a| decide(a).encoding).collect();

    let mut confident = encodings.iter().copied().filter(|e| *e != Encoding::Unicode);
    if let Some(document_encoding) = confident.next()
        && confident.all(|e| e == document_encoding)
    {
        for (encoding, analysis) in encodings.iter_mut().zip(&analyses) {
            if *encoding == Encoding::Unicode
                && !analysis.has_unicode_vietnamese
                && analysis.evidence(document_encoding).is_uncontradicted()
            {
                *encoding = document_encoding;
            }
        }
    }

    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for (i, (paragraph, encoding)) in paragraphs.iter().zip(&encodings).enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&convert(paragraph, *encoding));
    }
    (out, encodings.into_iter().enumerate().collect())
}

/// Decodes the bytes of a text file: valid UTF-8 is taken as it is (without a BOM);
/// anything else is read as Windows-1252 and then detected and converted like
/// [`to_unicode`]. A file whose lines are partly UTF-8 with letters beyond ASCII and
/// partly not (a Unicode file with a paragraph pasted from a TCVN3 or VNI document,
/// saved in a legacy code page by an old editor) is read line by line: each line as
/// UTF-8 if it is, else as Windows-1252, and converted like
/// [`to_unicode_by_paragraph`]; the encoding returned is then the legacy one found. The
/// result is NFC.
///
/// Note that valid UTF-8 is not examined further: a UTF-8 file holding text copied
/// from a `.VnTime` document (`§iÒu`) needs [`to_unicode`] on the result.
pub fn decode_bytes(bytes: &[u8]) -> (String, Encoding) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (nfc(text), Encoding::Unicode);
    }
    let lines = || bytes.split(|&b| b == b'\n');
    let mixed = lines().any(|line| !line.is_ascii() && std::str::from_utf8(line).is_ok());
    if !mixed {
        return to_unicode(&bytes.iter().map(|&b| windows_1252(b)).collect::<String>());
    }
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 4);
    for (i, line) in lines().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        match std::str::from_utf8(line) {
            Ok(line) => text.push_str(line),
            Err(_) => text.extend(line.iter().map(|&b| windows_1252(b))),
        }
    }
    let (text, paragraphs) = to_unicode_by_paragraph(&text);
    let legacy = paragraphs.iter().map(|&(_, e)| e).find(|&e| e != Encoding::Unicode);
    (text, legacy.unwrap_or(Encoding::Unicode))
}

/// Windows-1252 as the WHATWG Encoding Standard defines it: the five unassigned
/// bytes become the C1 controls of the same value.
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
        '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9f => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

// ---------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------

/// TCVN3 (TCVN 5712:1993 VN3), as Windows-1252 characters: the 60 toned lower-case
/// vowels, for each vowel in the order huyền, hỏi, ngã, sắc, nặng (ascending code
/// points, with gaps at 0xBA, 0xBF–0xC5, 0xCD, 0xD9–0xDB, 0xE0, 0xF0 where VN1
/// has capitals).
const TCVN3_TONED: [(&str, &str); 12] = [
    ("àảãáạ", "µ¶·¸¹"), // 0xB5–0xB9
    ("ằẳẵắặ", "»¼½¾Æ"), // 0xBB–0xBE, 0xC6
    ("ầẩẫấậ", "ÇÈÉÊË"), // 0xC7–0xCB
    ("èẻẽéẹ", "ÌÎÏÐÑ"), // 0xCC, 0xCE–0xD1
    ("ềểễếệ", "ÒÓÔÕÖ"), // 0xD2–0xD6
    ("ìỉĩíị", "×ØÜÝÞ"), // 0xD7, 0xD8, 0xDC–0xDE
    ("òỏõóọ", "ßáâãä"), // 0xDF, 0xE1–0xE4
    ("ồổỗốộ", "åæçèé"), // 0xE5–0xE9
    ("ờởỡớợ", "êëìíî"), // 0xEA–0xEE
    ("ùủũúụ", "ïñòóô"), // 0xEF, 0xF1–0xF4
    ("ừửữứự", "õö÷øù"), // 0xF5–0xF9
    ("ỳỷỹýỵ", "úûüýþ"), // 0xFA–0xFE
];

/// TCVN3 capitals (0xA1–0xA7) and the untoned lower-case letters (0xA8–0xAE;
/// `ư` is 0xAD, the soft hyphen).
const TCVN3_PLAIN: [(&str, &str); 2] = [("ĂÂÊÔƠƯĐ", "¡¢£¤¥¦§"), ("ăâêôơưđ", "¨©ª«¬\u{ad}®")];

/// TCVN3 code (as a Windows-1252 character, 0xA1–0xFE) → Unicode letter.
fn tcvn3_decode_table() -> &'static [Option<char>; 94] {
    static TABLE: OnceLock<[Option<char>; 94]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [None; 94];
        for (unicode, tcvn3) in TCVN3_TONED.iter().chain(&TCVN3_PLAIN) {
            for (u, t) in unicode.chars().zip(tcvn3.chars()) {
                if let Some(slot) = (t as usize).checked_sub(0xa1).and_then(|i| table.get_mut(i)) {
                    *slot = Some(u);
                }
            }
        }
        table
    })
}

/// Unicode letter → TCVN3 code.
fn tcvn3_encode_table() -> &'static HashMap<char, char> {
    static TABLE: OnceLock<HashMap<char, char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        TCVN3_TONED
            .iter()
            .chain(&TCVN3_PLAIN)
            .flat_map(|(unicode, tcvn3)| unicode.chars().zip(tcvn3.chars()))
            .collect()
    })
}

fn tcvn3_decode_char(c: char) -> Option<char> {
    let index = (c as usize).checked_sub(0xa1)?;
    tcvn3_decode_table().get(index).copied().flatten()
}

fn tcvn3_encode_char(c: char) -> char {
    let table = tcvn3_encode_table();
    if let Some(&code) = table.get(&c) {
        return code;
    }
    // No TCVN3 code for this capital: use the lower-case code, as the keyboard
    // drivers did for the .VnTimeH fonts.
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) if l != c => table.get(&l).copied().unwrap_or(c),
        _ => c,
    }
}

/// The six tones, in the order the VNI tables below use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tone {
    Level,
    Acute,
    Grave,
    Hook,
    Tilde,
    Dot,
}

impl Tone {
    const ALL: [Tone; 6] = [Tone::Level, Tone::Acute, Tone::Grave, Tone::Hook, Tone::Tilde, Tone::Dot];

    fn from_mark(c: char) -> Option<Tone> {
        match c {
            '\u{301}' => Some(Tone::Acute),
            '\u{300}' => Some(Tone::Grave),
            '\u{309}' => Some(Tone::Hook),
            '\u{303}' => Some(Tone::Tilde),
            '\u{323}' => Some(Tone::Dot),
            _ => None,
        }
    }

    fn mark(self) -> Option<char> {
        match self {
            Tone::Level => None,
            Tone::Acute => Some('\u{301}'),
            Tone::Grave => Some('\u{300}'),
            Tone::Hook => Some('\u{309}'),
            Tone::Tilde => Some('\u{303}'),
            Tone::Dot => Some('\u{323}'),
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The marks that turn `a e o u` into `ă â ê ô ơ ư`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Circumflex,
    Breve,
    Horn,
}

impl Shape {
    fn from_mark(c: char) -> Option<Shape> {
        match c {
            '\u{302}' => Some(Shape::Circumflex),
            '\u{306}' => Some(Shape::Breve),
            '\u{31b}' => Some(Shape::Horn),
            _ => None,
        }
    }

    fn mark(self) -> char {
        match self {
            Shape::Circumflex => '\u{302}',
            Shape::Breve => '\u{306}',
            Shape::Horn => '\u{31b}',
        }
    }

    /// The shaped lower-case letter, when `base` takes this shape in Vietnamese.
    fn apply(self, base: char) -> Option<char> {
        match (self, base) {
            (Shape::Circumflex, 'a') => Some('â'),
            (Shape::Circumflex, 'e') => Some('ê'),
            (Shape::Circumflex, 'o') => Some('ô'),
            (Shape::Breve, 'a') => Some('ă'),
            (Shape::Horn, 'o') => Some('ơ'),
            (Shape::Horn, 'u') => Some('ư'),
            _ => None,
        }
    }
}

/// VNI-Windows mark characters, indexed by [`Tone::index`] (lower case, upper case).
/// The tone marks follow `a e o u y ơ ư`; the circumflex marks (which carry a tone
/// too) follow `a e o`; the breve marks follow `a`.
const VNI_TONE: [[char; 6]; 2] = [['\0', 'ù', 'ø', 'û', 'õ', 'ï'], ['\0', 'Ù', 'Ø', 'Û', 'Õ', 'Ï']];
const VNI_CIRCUMFLEX: [[char; 6]; 2] = [['â', 'á', 'à', 'å', 'ã', 'ä'], ['Â', 'Á', 'À', 'Å', 'Ã', 'Ä']];
const VNI_BREVE: [[char; 6]; 2] = [['ê', 'é', 'è', 'ú', 'ü', 'ë'], ['Ê', 'É', 'È', 'Ú', 'Ü', 'Ë']];
/// `i` with each tone is a single character in VNI.
const VNI_I: [[char; 6]; 2] = [['i', 'í', 'ì', 'æ', 'ó', 'ò'], ['I', 'Í', 'Ì', 'Æ', 'Ó', 'Ò']];

/// A VNI mark character: which mark it is and the tone it carries.
fn vni_mark(c: char) -> Option<(Option<Shape>, Tone)> {
    for case in 0..2 {
        for tone in Tone::ALL {
            if tone != Tone::Level && VNI_TONE[case][tone.index()] == c {
                return Some((None, tone));
            }
            if VNI_CIRCUMFLEX[case][tone.index()] == c {
                return Some((Some(Shape::Circumflex), tone));
            }
            if VNI_BREVE[case][tone.index()] == c {
                return Some((Some(Shape::Breve), tone));
            }
        }
    }
    None
}

/// A VNI character that is a letter on its own: (base, shape, tone).
fn vni_standalone(c: char) -> Option<(char, Option<Shape>, Tone)> {
    match c {
        'ñ' => Some(('đ', None, Tone::Level)),
        'Ñ' => Some(('Đ', None, Tone::Level)),
        'ô' => Some(('o', Some(Shape::Horn), Tone::Level)),
        'Ô' => Some(('O', Some(Shape::Horn), Tone::Level)),
        'ö' => Some(('u', Some(Shape::Horn), Tone::Level)),
        'Ö' => Some(('U', Some(Shape::Horn), Tone::Level)),
        'î' => Some(('y', None, Tone::Dot)),
        'Î' => Some(('Y', None, Tone::Dot)),
        _ => {
            for (case, base) in [(0, 'i'), (1, 'I')] {
                if let Some(tone) = Tone::ALL.into_iter().find(|t| VNI_I[case][t.index()] == c) {
                    return Some((base, None, tone));
                }
            }
            None
        }
    }
}

/// Whether a VNI mark may follow this letter (given as base and shape).
fn vni_accepts(base: char, base_shape: Option<Shape>, mark_shape: Option<Shape>) -> bool {
    let lower = base.to_ascii_lowercase();
    match (base_shape, mark_shape) {
        (None, None) => matches!(lower, 'a' | 'e' | 'o' | 'u' | 'y'),
        (Some(Shape::Horn), None) => true,
        (None, Some(Shape::Circumflex)) => matches!(lower, 'a' | 'e' | 'o'),
        (None, Some(Shape::Breve)) => lower == 'a',
        _ => false,
    }
}

fn push_letter(out: &mut String, base: char, shape: Option<Shape>, tone: Tone) {
    out.push(base);
    if let Some(shape) = shape {
        out.push(shape.mark());
    }
    if let Some(mark) = tone.mark() {
        out.push(mark);
    }
}

// ---------------------------------------------------------------------------
// Conversion
// ---------------------------------------------------------------------------

/// VNI → Unicode, not yet normalised (letters are base + combining marks).
fn vni_to_unicode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let letter = if c.is_ascii_alphabetic() { Some((c, None, Tone::Level)) } else { vni_standalone(c) };
        let Some((base, shape, tone)) = letter else {
            out.push(c);
            continue;
        };
        if tone == Tone::Level
            && let Some(&next) = chars.peek()
            && let Some((mark_shape, mark_tone)) = vni_mark(next)
            && vni_accepts(base, shape, mark_shape)
        {
            chars.next();
            push_letter(&mut out, base, shape.or(mark_shape), mark_tone);
            continue;
        }
        push_letter(&mut out, base, shape, tone);
    }
    out
}

fn vni_encode_char(c: char, out: &mut String) {
    let Some(letter) = split_letter(c) else {
        out.push(c);
        return;
    };
    let case = usize::from(letter.base.is_uppercase());
    let lower = letter.base.to_lowercase().next().unwrap_or(letter.base);
    if !matches!(lower, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'đ') {
        out.push(c);
        return;
    }
    match (lower, letter.shape, letter.tone) {
        ('đ', _, _) => out.push(if case == 1 { 'Ñ' } else { 'ñ' }),
        (_, None, Tone::Level) => out.push(c),
        ('i', None, tone) => out.push(VNI_I[case][tone.index()]),
        ('y', None, Tone::Dot) => out.push(if case == 1 { 'Î' } else { 'î' }),
        (_, None, tone) => {
            out.push(letter.base);
            out.push(VNI_TONE[case][tone.index()]);
        }
        (_, Some(Shape::Horn), tone) => {
            out.push(match (lower, case) {
                ('o', 0) => 'ô',
                ('o', _) => 'Ô',
                (_, 0) => 'ö',
                _ => 'Ö',
            });
            if tone != Tone::Level {
                out.push(VNI_TONE[case][tone.index()]);
            }
        }
        (_, Some(Shape::Circumflex), tone) => {
            out.push(letter.base);
            out.push(VNI_CIRCUMFLEX[case][tone.index()]);
        }
        (_, Some(Shape::Breve), tone) => {
            out.push(letter.base);
            out.push(VNI_BREVE[case][tone.index()]);
        }
    }
}

/// A Unicode letter taken apart: base (ASCII letter or `đ`/`Đ`), shape and tone.
struct LetterParts {
    base: char,
    shape: Option<Shape>,
    tone: Tone,
}

/// Takes a Vietnamese letter apart; `None` for anything else.
fn split_letter(c: char) -> Option<LetterParts> {
    let mut parts = [None; 4];
    let mut n = 0;
    let mut overflow = false;
    decompose_canonical(c, |p| {
        if let Some(slot) = parts.get_mut(n) {
            *slot = Some(p);
            n += 1;
        } else {
            overflow = true;
        }
    });
    if overflow {
        return None;
    }
    let base = parts[0]?;
    if !(base.is_ascii_alphabetic() || base == 'đ' || base == 'Đ') {
        return None;
    }
    let mut letter = LetterParts { base, shape: None, tone: Tone::Level };
    for mark in parts[1..].iter().flatten() {
        if let Some(tone) = Tone::from_mark(*mark) {
            letter.tone = tone;
        } else if let Some(shape) = Shape::from_mark(*mark) {
            Shape::apply(shape, base.to_ascii_lowercase())?;
            letter.shape = Some(shape);
        } else {
            return None;
        }
    }
    Some(letter)
}

/// The case of a letter decoded from TCVN3, as far as the code tells.
#[derive(Clone, Copy, PartialEq, Eq)]
enum KnownCase {
    Upper,
    Lower,
    /// A toned vowel: TCVN3 has only the lower-case code.
    Unknown,
}

/// What a word says about the case of its lower-case-only letters.
#[derive(Clone, Copy, PartialEq, Eq)]
enum WordCase {
    Upper,
    Lower,
    /// No clue in the word itself (`Tù`, `µ`): decided by its neighbours.
    Unclear,
}

struct Tcvn3Word {
    letters: Vec<(char, KnownCase)>,
    case: WordCase,
}

impl Tcvn3Word {
    fn decode(run: &str) -> Tcvn3Word {
        let letters: Vec<(char, KnownCase)> = run
            .chars()
            .map(|c| match tcvn3_decode_char(c) {
                Some(letter) if letter.is_uppercase() => (letter, KnownCase::Upper),
                Some(letter) if matches!(letter, 'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư' | 'đ') => {
                    (letter, KnownCase::Lower)
                }
                Some(letter) => (letter, KnownCase::Unknown),
                None if c.is_ascii_uppercase() => (c, KnownCase::Upper),
                None => (c, KnownCase::Lower),
            })
            .collect();
        let mut known = letters.iter().enumerate().filter(|(_, (_, case))| *case != KnownCase::Unknown);
        let case = if known.clone().any(|(_, (_, case))| *case == KnownCase::Lower) {
            WordCase::Lower
        } else {
            match (known.next(), known.next()) {
                (Some(_), Some(_)) => WordCase::Upper,
                (Some((i, _)), None) if i > 0 => WordCase::Upper,
                _ => WordCase::Unclear,
            }
        };
        Tcvn3Word { letters, case }
    }

    fn push_to(&self, out: &mut String, upper: bool) {
        for &(letter, case) in &self.letters {
            if upper && case == KnownCase::Unknown {
                out.extend(letter.to_uppercase());
            } else {
                out.push(letter);
            }
        }
    }
}

fn is_tcvn3_word_char(c: char) -> bool {
    c.is_ascii_alphabetic() || tcvn3_decode_char(c).is_some()
}

/// TCVN3 → Unicode, line by line (the case of unclear words depends on the line).
fn tcvn3_to_unicode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        tcvn3_line_to_unicode(line, &mut out);
    }
    out
}

fn tcvn3_line_to_unicode(line: &str, out: &mut String) {
    enum Piece<'a> {
        Gap(&'a str),
        Word(Tcvn3Word),
    }
    let mut pieces = Vec::new();
    let mut rest = line;
    while !rest.is_empty() {
        let word_len =
            rest.char_indices().find(|(_, c)| !is_tcvn3_word_char(*c)).map_or(rest.len(), |(i, _)| i);
        if word_len > 0 {
            let (word, tail) = rest.split_at(word_len);
            pieces.push(Piece::Word(Tcvn3Word::decode(word)));
            rest = tail;
        } else {
            let gap_len =
                rest.char_indices().find(|(_, c)| is_tcvn3_word_char(*c)).map_or(rest.len(), |(i, _)| i);
            let (gap, tail) = rest.split_at(gap_len);
            pieces.push(Piece::Gap(gap));
            rest = tail;
        }
    }
    let clear_case = |piece: &Piece| match piece {
        Piece::Word(word) if word.case != WordCase::Unclear => Some(word.case),
        _ => None,
    };
    // The clear case of the nearest word after each piece, found in one backward
    // pass so that a long line of unclear words stays linear.
    let mut next_clear = vec![None; pieces.len()];
    let mut seen = None;
    for (i, piece) in pieces.iter().enumerate().rev() {
        next_clear[i] = seen;
        seen = clear_case(piece).or(seen);
    }
    let mut previous_clear = None;
    for (piece, after) in pieces.iter().zip(next_clear) {
        match piece {
            Piece::Gap(gap) => out.push_str(gap),
            Piece::Word(word) => {
                let upper = match word.case {
                    WordCase::Upper => true,
                    WordCase::Lower => false,
                    WordCase::Unclear => match (previous_clear, after) {
                        (None, None) => false,
                        (before, after) => {
                            before.is_none_or(|c| c == WordCase::Upper)
                                && after.is_none_or(|c| c == WordCase::Upper)
                        }
                    },
                };
                word.push_to(out, upper);
            }
        }
        previous_clear = clear_case(piece).or(previous_clear);
    }
}

// ---------------------------------------------------------------------------
// Syllables
// ---------------------------------------------------------------------------

const INITIALS: &[&str] = &[
    "ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g", "h", "k",
    "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
];

const FINALS: &[&str] = &["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum FinalRule {
    Either,
    Required,
    Forbidden,
}

/// Vowel nuclei as written (semivowel endings `i y o u` included), toneless.
const NUCLEI: &[(&str, FinalRule)] = {
    use FinalRule::{Either, Forbidden, Required};
    &[
        ("a", Either),
        ("ă", Required),
        ("â", Required),
        ("e", Either),
        ("ê", Either),
        ("i", Either),
        ("o", Either),
        ("ô", Either),
        ("ơ", Either),
        ("u", Either),
        ("ư", Either),
        ("y", Either),
        ("ai", Forbidden),
        ("ao", Forbidden),
        ("au", Forbidden),
        ("ay", Forbidden),
        ("âu", Forbidden),
        ("ây", Forbidden),
        ("eo", Forbidden),
        ("êu", Forbidden),
        ("ia", Forbidden),
        ("iê", Required),
        ("iu", Forbidden),
        ("oa", Either),
        ("oă", Required),
        ("oe", Either),
        ("oi", Forbidden),
        ("ôi", Forbidden),
        ("ơi", Forbidden),
        ("oo", Required),
        ("ua", Forbidden),
        ("uâ", Required),
        ("uê", Either),
        ("ui", Forbidden),
        ("uô", Required),
        ("uơ", Forbidden),
        ("uy", Either),
        ("ưa", Forbidden),
        ("ưi", Forbidden),
        ("ươ", Required),
        ("ưu", Forbidden),
        ("yê", Required),
        ("iêu", Forbidden),
        ("yêu", Forbidden),
        ("oai", Forbidden),
        ("oay", Forbidden),
        ("oeo", Forbidden),
        ("uây", Forbidden),
        ("uôi", Forbidden),
        ("uya", Forbidden),
        ("uyê", Required),
        ("ươi", Forbidden),
        ("oao", Forbidden),
        ("uyu", Forbidden),
        ("ươu", Forbidden),
    ]
};

/// Whether `word` is shaped like a Vietnamese syllable: an initial consonant, a vowel
/// nucleus, a final consonant, at most one tone mark, placed on a vowel where
/// Vietnamese puts it (old or new placement), and only a sắc or nặng tone before
/// `c ch p t`. Case and Unicode normalisation form do not matter.
///
/// Meant for telling Vietnamese from encoding garbage, not for spell-checking: it
/// accepts some syllables that do not exist (`cươm`).
pub fn is_vietnamese_syllable(word: &str) -> bool {
    let mut letters = String::with_capacity(word.len());
    let mut count = 0usize;
    let mut tone: Option<(usize, Tone)> = None;
    let mut shaped_last = false;
    for c in word.nfd() {
        if let Some(t) = Tone::from_mark(c) {
            if tone.is_some() || count == 0 {
                return false;
            }
            tone = Some((count - 1, t));
        } else if let Some(shape) = Shape::from_mark(c) {
            let Some(last) = letters.pop() else { return false };
            match shape.apply(last) {
                Some(shaped) if !shaped_last => letters.push(shaped),
                _ => return false,
            }
            shaped_last = true;
        } else {
            let lower = match c {
                'A'..='Z' => c.to_ascii_lowercase(),
                'a'..='z' | 'đ' => c,
                'Đ' => 'đ',
                _ => return false,
            };
            letters.push(lower);
            count += 1;
            shaped_last = false;
        }
    }
    let tone = tone.unwrap_or((usize::MAX, Tone::Level));
    INITIALS.iter().filter_map(|initial| letters.strip_prefix(initial).map(|rest| (initial, rest))).any(
        |(initial, rest)| {
            FINALS
                .iter()
                .filter_map(|fin| rest.strip_suffix(fin).map(|nucleus| (fin, nucleus)))
                .any(|(fin, nucleus)| is_valid_split(initial, nucleus, fin, tone))
        },
    )
}

fn is_valid_split(initial: &str, nucleus: &str, fin: &str, (tone_at, tone): (usize, Tone)) -> bool {
    let Some(&(_, rule)) = NUCLEI.iter().find(|(n, _)| *n == nucleus) else { return false };
    match rule {
        FinalRule::Required if fin.is_empty() => return false,
        FinalRule::Forbidden if !fin.is_empty() => return false,
        _ => {}
    }
    let first = nucleus.chars().next();
    let front = matches!(first, Some('e' | 'ê' | 'i' | 'y'));
    match initial {
        "k" | "gh" | "ngh" if !front => return false,
        "c" | "ng" if front => return false,
        _ => {}
    }
    if matches!(fin, "c" | "ch" | "p" | "t") && !matches!(tone, Tone::Acute | Tone::Dot) {
        return false;
    }
    if tone == Tone::Level {
        return true;
    }
    let start = initial.chars().count();
    let vowels: Vec<char> = nucleus.chars().collect();
    let Some(position) = tone_at.checked_sub(start) else {
        // `qúy`, `gìa`: the tone typed on the `u` of `qu` or the `i` of `gi`.
        return matches!(initial, "qu" | "gi") && tone_at + 1 == start;
    };
    if position >= vowels.len() {
        return false;
    }
    let shaped: Vec<usize> =
        vowels.iter().enumerate().filter(|(_, v)| "ăâêôơư".contains(**v)).map(|(i, _)| i).collect();
    if !shaped.is_empty() {
        shaped.contains(&position)
    } else if vowels.len() == 1 {
        position == 0
    } else if !fin.is_empty() {
        position == vowels.len() - 1
    } else if vowels.len() == 3 {
        position == 1
    } else {
        position == 0 || (position == 1 && matches!(nucleus, "oa" | "oe" | "uy"))
    }
}

// ---------------------------------------------------------------------------
// Detection
// ---------------------------------------------------------------------------

/// How many whitespace-separated chunks detection looks at; enough to decide.
const MAX_CHUNKS: usize = 20_000;

/// What converting a text's words says for one encoding.
#[derive(Debug, Clone, Copy, Default)]
struct Evidence {
    /// Distinct words that become syllables and were not before (and have an ASCII
    /// letter, so that a lone symbol such as `£` does not count).
    supporting: usize,
    /// Distinct words that conversion changes into something that is not syllables.
    contradicting: usize,
}

impl Evidence {
    fn confidence(self) -> f32 {
        if self.supporting == 0 {
            return 0.0;
        }
        let ratio = self.supporting as f32 / (self.supporting + self.contradicting) as f32;
        let exponent = i32::try_from(self.supporting).unwrap_or(i32::MAX);
        ratio * (1.0 - 0.5f32.powi(exponent))
    }

    fn is_uncontradicted(self) -> bool {
        self.supporting > 0 && self.contradicting == 0
    }
}

struct Analysis {
    has_unicode_vietnamese: bool,
    has_non_ascii: bool,
    tcvn3: Evidence,
    vni: Evidence,
}

impl Analysis {
    fn evidence(&self, encoding: Encoding) -> Evidence {
        match encoding {
            Encoding::Unicode => Evidence::default(),
            Encoding::Tcvn3 => self.tcvn3,
            Encoding::Vni => self.vni,
        }
    }
}

/// Letters that only Vietnamese uses: their presence means the text is Unicode.
fn is_unicode_vietnamese(c: char) -> bool {
    matches!(
        c,
        'Ă' | 'ă' | 'Đ' | 'đ' | 'Ĩ' | 'ĩ' | 'Ũ' | 'ũ' | 'Ơ' | 'ơ' | 'Ư' | 'ư' | '\u{1ea0}'..='\u{1ef9}'
    )
}

/// Analyses NFC text.
fn analyse(text: &str) -> Analysis {
    let has_non_ascii = !text.is_ascii();
    let has_unicode_vietnamese = text.chars().any(is_unicode_vietnamese);
    let mut analysis = Analysis {
        has_unicode_vietnamese,
        has_non_ascii,
        tcvn3: Evidence::default(),
        vni: Evidence::default(),
    };
    if has_non_ascii && !has_unicode_vietnamese {
        analysis.tcvn3 = gather_evidence(text, tcvn3_to_unicode);
        analysis.vni = gather_evidence(text, vni_to_unicode);
    }
    analysis
}

fn gather_evidence(text: &str, decode: fn(&str) -> String) -> Evidence {
    let mut supporting = HashSet::new();
    let mut contradicting = HashSet::new();
    for chunk in text.split_whitespace().filter(|chunk| !chunk.is_ascii()).take(MAX_CHUNKS) {
        let converted = decode(chunk);
        if converted == chunk {
            continue;
        }
        if is_syllable_chunk(&converted) {
            if !is_syllable_chunk(chunk) && converted.chars().any(|c| c.is_ascii_alphabetic()) {
                supporting.insert(converted.to_lowercase());
            }
        } else {
            contradicting.insert(converted.to_lowercase());
        }
    }
    Evidence { supporting: supporting.len(), contradicting: contradicting.len() }
}

/// Whether every word in `chunk` (split at anything but letters) is a syllable.
fn is_syllable_chunk(chunk: &str) -> bool {
    let mut words =
        chunk.split(|c: char| !(c.is_alphabetic() || is_combining_mark(c))).filter(|w| !w.is_empty());
    let mut any = false;
    for word in words.by_ref() {
        if !is_vietnamese_syllable(word) {
            return false;
        }
        any = true;
    }
    any
}

fn decide(analysis: &Analysis) -> Detection {
    if !analysis.has_non_ascii || analysis.has_unicode_vietnamese {
        return Detection { encoding: Encoding::Unicode, confidence: 1.0 };
    }
    let tcvn3 = analysis.tcvn3.confidence();
    let vni = analysis.vni.confidence();
    let (encoding, best) = if vni > tcvn3 { (Encoding::Vni, vni) } else { (Encoding::Tcvn3, tcvn3) };
    if best >= CONFIDENCE_THRESHOLD {
        Detection { encoding, confidence: best }
    } else {
        Detection { encoding: Encoding::Unicode, confidence: 1.0 - best }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_cover_every_vietnamese_letter_once() {
        let decode = tcvn3_decode_table();
        assert_eq!(decode.iter().flatten().count(), 74);
        let distinct: HashSet<char> = decode.iter().flatten().copied().collect();
        assert_eq!(distinct.len(), 74);
        assert_eq!(tcvn3_encode_table().len(), 74);
    }

    #[test]
    fn syllables_are_recognised() {
        for word in [
            "Điều", "khoản", "điểm", "người", "được", "quyết", "định", "nghị", "Ủy", "thủy", "thuỷ", "hòa",
            "hoà", "khuya", "khuỷu", "ngoài", "giữa", "gì", "quý", "qúy", "tuần", "xoắn", "thuở", "huỳnh",
            "hoạch", "ban", "a", "ở", "VIỆT", "tiếng",
        ] {
            assert!(is_vietnamese_syllable(word), "{word}");
        }
        for word in [
            "café",
            "naïve",
            "cafộ",
            "with",
            "and",
            "Zürich",
            "xin-chào",
            "àg",
            "tàt",
            "taù",
            "ka",
            "ce",
            "ngi",
            "ă",
            "iê",
            "",
        ] {
            assert!(!is_vietnamese_syllable(word), "{word}");
        }
    }

    /// `text` in `encoding`, as the bytes a legacy editor saves.
    fn legacy_bytes(text: &str, encoding: Encoding) -> Vec<u8> {
        let byte = |c: char| (0..=255u8).find(|&b| windows_1252(b) == c).expect("a Windows-1252 character");
        encode(text, encoding).chars().map(byte).collect()
    }

    #[test]
    fn a_file_mixing_utf8_and_legacy_lines_is_read_line_by_line() {
        let first = "Dòng Unicode: đề nghị sửa Điều 5.";
        let pasted = "Tại khoản 2 Điều 5: đề nghị bổ sung quy định về thẩm quyền phê duyệt.";
        let last = "Nguyễn Văn Bình, Hà Nội";
        for encoding in [Encoding::Tcvn3, Encoding::Vni] {
            let mut bytes = first.as_bytes().to_vec();
            bytes.extend(b"\r\n");
            bytes.extend(legacy_bytes(pasted, encoding));
            bytes.extend(b"\r\n");
            bytes.extend(last.as_bytes());
            let (text, found) = decode_bytes(&bytes);
            assert_eq!(text, format!("{first}\r\n{pasted}\r\n{last}"), "{encoding:?}");
            assert_eq!(found, encoding);
        }
        // A whole legacy file is still decided as a whole.
        let (text, found) = decode_bytes(&legacy_bytes(pasted, Encoding::Tcvn3));
        assert_eq!((text.as_str(), found), (pasted, Encoding::Tcvn3));
    }

    #[test]
    fn windows_1252_maps_the_c1_range() {
        assert_eq!(windows_1252(0x80), '€');
        assert_eq!(windows_1252(0x93), '“');
        assert_eq!(windows_1252(0x81), '\u{81}');
        assert_eq!(windows_1252(0xad), '\u{ad}');
        assert_eq!(windows_1252(b'A'), 'A');
    }
}
