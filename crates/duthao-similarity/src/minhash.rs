//! Classic MinHash: for each of [`NUM_HASHES`] hash functions, the smallest value it
//! takes over the text's shingles. The share of positions where two signatures agree
//! estimates the Jaccard similarity of the two shingle sets.

use crate::shingle::{self, mix};

/// Values per signature.
pub const NUM_HASHES: usize = 128;

/// The MinHash signature of one text.
#[derive(Clone, PartialEq, Eq)]
pub struct Signature {
    values: [u32; NUM_HASHES],
    empty: bool,
}

impl std::fmt::Debug for Signature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signature").field("empty", &self.empty).field("first", &self.values[0]).finish()
    }
}

/// The coefficients of the hash functions `h(x) = a·lo(x) + b·hi(x) + c (mod 2³²)`
/// over the two halves of a well-mixed 64-bit shingle hash; fixed, so that
/// signatures are the same in every process and every version. 32-bit lanes let the
/// compiler compute many functions per instruction.
struct Coefficients {
    a: [u32; NUM_HASHES],
    b: [u32; NUM_HASHES],
    c: [u32; NUM_HASHES],
}

const COEFFICIENTS: Coefficients = {
    let mut a = [0u32; NUM_HASHES];
    let mut b = [0u32; NUM_HASHES];
    let mut c = [0u32; NUM_HASHES];
    let mut state = 0x6475_7468_616f_u64; // "duthao"
    let mut i = 0;
    while i < NUM_HASHES {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let r = splitmix(state);
        a[i] = (r as u32) | 1;
        b[i] = ((r >> 32) as u32) | 1;
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        c[i] = splitmix(state) as u32;
        i += 1;
    }
    Coefficients { a, b, c }
};

const fn splitmix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Reusable buffers for computing signatures without allocating per text.
#[derive(Debug, Default)]
pub struct Scratch {
    syllables: Vec<u64>,
    shingles: Vec<u64>,
}

impl Signature {
    /// The signature of `text`. A text without any syllable (empty, or only
    /// punctuation) has an empty signature, which resembles nothing.
    pub fn of(text: &str) -> Self {
        Self::with_scratch(text, &mut Scratch::default())
    }

    /// [`Signature::of`], reusing `scratch`'s buffers.
    pub fn with_scratch(text: &str, scratch: &mut Scratch) -> Self {
        scratch.shingles.clear();
        shingle::shingles(text, &mut scratch.syllables, &mut scratch.shingles);
        // Repeated shingles are left in: they cannot change a minimum, and sorting
        // them out costs more than hashing them again.
        Self::of_shingles(&scratch.shingles)
    }

    /// [`Signature::with_scratch`] of unvalidated UTF-8 bytes (invalid sequences
    /// separate syllables).
    pub fn of_utf8(bytes: &[u8], scratch: &mut Scratch) -> Self {
        scratch.shingles.clear();
        shingle::shingles_utf8(bytes, &mut scratch.syllables, &mut scratch.shingles);
        Self::of_shingles(&scratch.shingles)
    }

    /// The signature of a set of shingle hashes.
    pub fn of_shingles(shingles: &[u64]) -> Self {
        let mut values = [u32::MAX; NUM_HASHES];
        let k = &COEFFICIENTS;
        // Compiled for the best vector instructions this processor has.
        pulp::Arch::new().dispatch(|| {
            for &s in shingles {
                let x = mix(s);
                let (lo, hi) = (x as u32, (x >> 32) as u32);
                for (((v, a), b), c) in values.iter_mut().zip(&k.a).zip(&k.b).zip(&k.c) {
                    *v = (*v).min(lo.wrapping_mul(*a).wrapping_add(hi.wrapping_mul(*b)).wrapping_add(*c));
                }
            }
        });
        Self { values, empty: shingles.is_empty() }
    }

    /// True when the text had no syllable.
    pub fn is_empty(&self) -> bool {
        self.empty
    }

    /// The values, in hash-function order.
    pub fn values(&self) -> &[u32; NUM_HASHES] {
        &self.values
    }

    /// The estimated Jaccard similarity of the two texts' shingle sets.
    pub fn similarity(&self, other: &Signature) -> f64 {
        if self.empty || other.empty {
            return 0.0;
        }
        let equal = self.values.iter().zip(&other.values).filter(|(a, b)| a == b).count();
        equal as f64 / NUM_HASHES as f64
    }

    /// The 16-bit form kept for verification (see [`Compact`]).
    pub(crate) fn compact(&self) -> Compact {
        let mut out = [0u16; NUM_HASHES];
        for (o, v) in out.iter_mut().zip(&self.values) {
            *o = *v as u16;
        }
        Compact(out)
    }
}

/// The low 16 bits of every value: half the memory of a full signature, and two
/// unrelated values agree by chance once in 65,536 positions, which moves an
/// estimated similarity by far less than the estimate's own error.
#[derive(Clone)]
pub(crate) struct Compact(pub(crate) [u16; NUM_HASHES]);

impl Compact {
    /// Positions where the two agree.
    pub(crate) fn agreements(&self, other: &Compact) -> usize {
        self.0.iter().zip(&other.0).map(|(a, b)| usize::from(a == b)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact_jaccard(a: &str, b: &str) -> f64 {
        let set = |t: &str| {
            let (mut syl, mut out) = (Vec::new(), Vec::new());
            shingle::shingles(t, &mut syl, &mut out);
            out.into_iter().collect::<std::collections::HashSet<u64>>()
        };
        let (x, y) = (set(a), set(b));
        x.intersection(&y).count() as f64 / x.union(&y).count() as f64
    }

    #[test]
    fn identical_texts_have_identical_signatures() {
        let a = Signature::of("Đề nghị bổ sung quy định về tiêu chuẩn chức danh.");
        let b = Signature::of("đề nghị bổ sung quy định về tiêu chuẩn chức danh");
        assert_eq!(a, b);
        assert!((a.similarity(&b) - 1.0).abs() < f64::EPSILON);
    }

    #[test]
    fn estimate_follows_the_exact_similarity() {
        let base = "Tôi đề nghị Ban soạn thảo bổ sung quy định về cơ chế bảo vệ cán bộ dám nghĩ \
                    dám làm, dám chịu trách nhiệm vì lợi ích chung, đồng thời làm rõ trình tự \
                    đề xuất và đánh giá kết quả thực hiện sáng kiến đổi mới của cán bộ.";
        let edited = base.replace("bổ sung", "quy định rõ").replace("sáng kiến", "đề xuất");
        let exact = exact_jaccard(base, &edited);
        let estimate = Signature::of(base).similarity(&Signature::of(&edited));
        assert!((exact - estimate).abs() < 0.15, "exact {exact}, estimate {estimate}");
        let other = Signature::of("Thống nhất với dự thảo, không có ý kiến gì thêm về nội dung này.");
        assert!(Signature::of(base).similarity(&other) < 0.1);
    }

    #[test]
    fn text_without_syllables_resembles_nothing() {
        let empty = Signature::of("... !!!");
        assert!(empty.is_empty());
        assert!(empty.similarity(&Signature::of("... !!!")).abs() < f64::EPSILON);
    }
}
