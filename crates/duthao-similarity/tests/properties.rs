//! Grouping never panics and is insensitive to the spellings the normaliser unifies.

use duthao_similarity::{Grouper, Params, Signature};
use proptest::prelude::*;

proptest! {
    #[test]
    fn any_text_has_a_signature_and_joins_a_group(texts in prop::collection::vec(".{0,200}", 1..20)) {
        let mut grouper = Grouper::new(Params::default());
        for (i, text) in texts.iter().enumerate() {
            let joined = grouper.add(&Signature::of(text));
            prop_assert_eq!(joined.doc as usize, i);
            prop_assert!(joined.group <= joined.doc);
        }
    }

    #[test]
    fn spellings_the_normaliser_unifies_group_together(text in "[a-zA-Zàáảãạăắằẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ ]{10,120}") {
        let mut grouper = Grouper::new(Params::default());
        let a = grouper.add(&Signature::of(&text));
        let b = grouper.add(&Signature::of(&duthao_text::canonical_tones(&text.to_uppercase())));
        if !Signature::of(&text).is_empty() {
            prop_assert_eq!(b.group, a.group);
        }
    }
}

#[test]
fn a_200000_character_comment_is_handled() {
    let sentence = "Đề nghị làm rõ tiêu chuẩn chức danh tương đương ở cấp xã sau sắp xếp. ";
    let long: String =
        sentence.repeat(200_000 / sentence.chars().count() + 1).chars().take(200_000).collect();
    let mut grouper = Grouper::new(Params::default());
    let first = grouper.add(&Signature::of(&long));
    let again = grouper.add(&Signature::of(&format!("{long} Xin cảm ơn.")));
    let short = grouper.add(&Signature::of(sentence));
    assert_eq!((first.group, again.group), (0, 0));
    // The repeated sentence has the same shingles as the long text's set.
    assert_eq!(short.group, 0);
}
