//! LSH banding with verified joins, and the groups it builds (union-find).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::minhash::{Compact, NUM_HASHES, Signature};
use crate::shingle::mix;

/// Bands of the LSH index and rows (signature values) per band: a pair of texts
/// with Jaccard similarity `s` shares at least one band with probability
/// `1 - (1 - s^5)^25`: 0.55 at s = 0.4, 0.98 at s = 0.6.
const BANDS: usize = 25;
const ROWS: usize = 5;
const _: () = assert!(BANDS * ROWS <= NUM_HASHES);

/// Marks a bucket slot that holds the index of a shared bucket rather than its
/// single representative.
const SHARED: u32 = 1 << 31;
const VACANT: u32 = u32::MAX;
/// The most representatives a bucket can keep.
const MAX_REPRESENTATIVES: usize = 64;

/// How groups are formed.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// The estimated Jaccard similarity of shingle sets at or above which a text
    /// joins a representative's group. Measured on campaigns: 0.5 keeps template
    /// letters with medium edits together and unrelated comments apart.
    pub threshold: f64,
    /// Representatives kept per LSH bucket and compared with each new text.
    pub max_representatives: usize,
}

impl Default for Params {
    fn default() -> Self {
        Self { threshold: 0.5, max_representatives: 16 }
    }
}

/// What adding one text did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Joined {
    /// The text's index (the order of [`Grouper::add`] calls, from 0).
    pub doc: u32,
    /// Its group: the index of the group's earliest text (itself when alone).
    pub group: u32,
    /// Earlier groups that this text joined together into `group`, other than `group`
    /// itself (empty in the common case).
    pub merged: Vec<u32>,
    /// The earlier texts it was verified to resemble (one per group joined),
    /// earliest first.
    pub matched: Vec<u32>,
}

/// Groups texts as they are added; see the crate documentation.
pub struct Grouper {
    params: Params,
    min_agreements: usize,
    bands: Vec<HashMap<u32, u32, BuildHasherDefault<KeyHasher>>>,
    /// Buckets with more than one representative, `max_representatives` slots each,
    /// contiguous so that reading a bucket touches one or two cache lines.
    /// Each entry is a representative and the group it had when it was stored: the
    /// group is a hint (groups merge later), but it lets a text that has already
    /// joined a campaign skip that campaign's other representatives without
    /// touching their memory.
    shared: Vec<(u32, u32)>,
    shared_len: Vec<u8>,
    reps: Vec<Compact>,
    rep_doc: Vec<u32>,
    parent: Vec<u32>,
    candidates: Vec<(u32, u32)>,
    room: Vec<(usize, u32)>,
}

impl std::fmt::Debug for Grouper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Grouper")
            .field("params", &self.params)
            .field("texts", &self.parent.len())
            .field("representatives", &self.reps.len())
            .finish()
    }
}

impl Grouper {
    /// An empty grouper. A threshold outside 0..=1 is clamped into it.
    pub fn new(params: Params) -> Self {
        let threshold = if params.threshold.is_nan() { 0.5 } else { params.threshold.clamp(0.0, 1.0) };
        let min_agreements = ((threshold * NUM_HASHES as f64).ceil() as usize).max(1);
        Self {
            params: Params {
                threshold,
                max_representatives: params.max_representatives.clamp(1, MAX_REPRESENTATIVES),
            },
            min_agreements,
            bands: (0..BANDS).map(|_| HashMap::default()).collect(),
            shared: Vec::new(),
            shared_len: Vec::new(),
            reps: Vec::new(),
            rep_doc: Vec::new(),
            parent: Vec::new(),
            candidates: Vec::new(),
            room: Vec::new(),
        }
    }

    /// The parameters in use (after clamping).
    pub fn params(&self) -> Params {
        self.params
    }

    /// Texts added so far.
    pub fn len(&self) -> usize {
        self.parent.len()
    }

    /// True before the first text.
    pub fn is_empty(&self) -> bool {
        self.parent.is_empty()
    }

    /// Adds the next text, by its signature, and joins it to the groups of the
    /// earlier texts it resembles.
    ///
    /// # Panics
    ///
    /// Never in practice: it would take more than two billion texts.
    pub fn add(&mut self, signature: &Signature) -> Joined {
        let doc = u32::try_from(self.parent.len()).expect("fewer than 2^31 texts in one grouper");
        assert!(doc < SHARED, "fewer than 2^31 texts in one grouper");
        self.parent.push(doc);
        if signature.is_empty() {
            return Joined { doc, group: doc, merged: Vec::new(), matched: Vec::new() };
        }
        let keys = band_keys(signature);
        self.candidates.clear();
        self.room.clear();
        for (band, key) in keys.iter().enumerate() {
            let before = self.candidates.len();
            if let Some(&slot) = self.bands[band].get(key) {
                self.collect(slot);
            }
            if self.candidates.len() - before < self.params.max_representatives {
                self.room.push((band, *key));
            }
        }
        let compact = signature.compact();
        let mut roots: Vec<u32> = Vec::new();
        let mut matched = Vec::new();
        let candidates = std::mem::take(&mut self.candidates);
        for &(rep, hint) in &candidates {
            if roots.contains(&hint) {
                continue;
            }
            let other = self.find(hint);
            if roots.contains(&other) {
                continue;
            }
            if self.reps[rep as usize].agreements(&compact) >= self.min_agreements {
                roots.push(other);
                matched.push(self.rep_doc[rep as usize]);
            }
        }
        self.candidates = candidates;

        let group = roots.iter().copied().min().unwrap_or(doc);
        for &root in &roots {
            self.parent[root as usize] = group;
        }
        self.parent[doc as usize] = group;
        let merged = roots.into_iter().filter(|&r| r != group).collect();

        if !self.room.is_empty() {
            let rep = self.reps.len() as u32;
            self.reps.push(compact);
            self.rep_doc.push(doc);
            let room = std::mem::take(&mut self.room);
            for &(band, key) in &room {
                self.insert(band, key, rep, group);
            }
            self.room = room;
        }
        matched.sort_unstable();
        Joined { doc, group, merged, matched }
    }

    /// The group of text `doc`: the index of the group's earliest text.
    pub fn group_of(&mut self, doc: u32) -> Option<u32> {
        ((doc as usize) < self.parent.len()).then(|| self.find(doc))
    }

    /// The group of every text, in the order they were added.
    pub fn groups(&mut self) -> Vec<u32> {
        (0..self.parent.len() as u32).map(|d| self.find(d)).collect()
    }

    fn find(&mut self, mut doc: u32) -> u32 {
        while self.parent[doc as usize] != doc {
            let grand = self.parent[self.parent[doc as usize] as usize];
            self.parent[doc as usize] = grand;
            doc = grand;
        }
        doc
    }

    fn collect(&mut self, slot: u32) {
        if slot & SHARED == 0 {
            self.candidates.push((slot, self.rep_doc[slot as usize]));
        } else {
            let bucket = (slot & !SHARED) as usize;
            let stride = self.params.max_representatives;
            let len = usize::from(self.shared_len[bucket]);
            self.candidates.extend_from_slice(&self.shared[bucket * stride..bucket * stride + len]);
        }
    }

    fn insert(&mut self, band: usize, key: u32, rep: u32, group: u32) {
        let stride = self.params.max_representatives;
        let slot = self.bands[band].entry(key).or_insert(VACANT);
        if *slot == VACANT {
            *slot = rep;
        } else if *slot & SHARED == 0 {
            let bucket = self.shared_len.len();
            let first = (*slot, self.rep_doc[*slot as usize]);
            self.shared.extend_from_slice(&[first, (rep, group)]);
            self.shared.resize((bucket + 1) * stride, (0, 0));
            self.shared_len.push(2);
            *slot = bucket as u32 | SHARED;
        } else {
            let bucket = (*slot & !SHARED) as usize;
            let len = usize::from(self.shared_len[bucket]);
            if len < stride {
                self.shared[bucket * stride + len] = (rep, group);
                self.shared_len[bucket] += 1;
            }
        }
    }
}

fn band_keys(signature: &Signature) -> [u32; BANDS] {
    let values = signature.values();
    let mut keys = [0u32; BANDS];
    for (band, key) in keys.iter_mut().enumerate() {
        let mut h = band as u64;
        for &v in &values[band * ROWS..(band + 1) * ROWS] {
            h = mix(h ^ u64::from(v));
        }
        *key = h as u32;
    }
    keys
}

/// The band keys are already hashes: spread them over 64 bits and stop.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn write_u32(&mut self, key: u32) {
        self.0 = u64::from(key).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group_all(texts: &[&str]) -> Vec<u32> {
        let mut grouper = Grouper::new(Params::default());
        for t in texts {
            grouper.add(&Signature::of(t));
        }
        grouper.groups()
    }

    const LETTER: &str = "Kính gửi Ban soạn thảo. Tôi là Nguyễn Văn An, cư trú tại tỉnh Nghệ An. \
        Tôi đề nghị giữ nguyên quy định về chức danh trưởng thôn, tổ trưởng tổ dân phố vì đây là \
        lực lượng gần dân nhất, nắm chắc tình hình ở cơ sở và có vai trò rất quan trọng trong \
        việc tuyên truyền, vận động nhân dân thực hiện chủ trương của Đảng, chính sách, pháp luật \
        của Nhà nước. Đề nghị nghiên cứu bố trí phụ cấp phù hợp với khối lượng công việc.";

    #[test]
    fn a_campaign_letter_with_small_edits_is_one_group() {
        let swapped = LETTER.replace("Nguyễn Văn An", "Trần Thị Bình").replace("Nghệ An", "Hà Tĩnh");
        let dropped =
            LETTER.replace(" Đề nghị nghiên cứu bố trí phụ cấp phù hợp với khối lượng công việc.", "");
        let unrelated = "Thống nhất với dự thảo. Tuy nhiên cần làm rõ thẩm quyền phê duyệt vị trí \
                         việc làm của đơn vị sự nghiệp công lập tự chủ chi thường xuyên.";
        let groups = group_all(&[LETTER, &swapped, unrelated, &dropped]);
        assert_eq!(groups, vec![0, 0, 2, 0]);
    }

    #[test]
    fn tone_placement_and_nfd_do_not_split_a_group() {
        let new_style = LETTER.replace("hòa", "hoà").replace("Thủy", "Thuỷ");
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd(LETTER).collect();
        assert_eq!(group_all(&[LETTER, &new_style, &nfd]), vec![0, 0, 0]);
        assert_eq!(group_all(&["Ủy ban hòa giải", "Uỷ ban hoà giải"]), vec![0, 0]);
    }

    #[test]
    fn empty_and_short_texts_stay_alone_unless_identical() {
        assert_eq!(group_all(&["...", "...", "Đồng ý", "đồng ý!", "Không"]), vec![0, 1, 2, 2, 4]);
    }

    #[test]
    fn a_text_can_join_two_groups_together() {
        // A and B both extend the shared middle C, at opposite ends.
        let middle = "cán bộ công chức viên chức cấp xã được bố trí theo vị trí việc làm gắn với \
                      chức năng nhiệm vụ và khối lượng công việc thực tế của địa phương";
        let a = format!("{middle} trong giai đoạn hiện nay và những năm tới");
        let b = format!("đề nghị ban soạn thảo nghiên cứu kỹ quy định {middle}");
        let (sa, sb, sc) = (Signature::of(&a), Signature::of(&b), Signature::of(middle));
        let threshold = 0.65;
        assert!(sa.similarity(&sb) < threshold, "A and B stay apart on their own");
        assert!(sc.similarity(&sa) >= threshold && sc.similarity(&sb) >= threshold);

        let mut grouper = Grouper::new(Params { threshold, max_representatives: 16 });
        assert_eq!((grouper.add(&sa).group, grouper.add(&sb).group), (0, 1));
        let both = grouper.add(&sc);
        assert_eq!((both.group, both.merged), (0, vec![1]));
        assert_eq!(grouper.groups(), vec![0, 0, 0]);
    }

    #[test]
    fn threshold_one_groups_only_identical_texts() {
        let mut grouper = Grouper::new(Params { threshold: 1.0, max_representatives: 16 });
        grouper.add(&Signature::of(LETTER));
        let edited = grouper.add(&Signature::of(&LETTER.replace("quan trọng", "thiết yếu")));
        let same = grouper.add(&Signature::of(LETTER));
        assert_eq!((edited.group, same.group), (1, 0));
    }

    #[test]
    fn a_full_bucket_keeps_grouping_through_its_representatives() {
        let mut grouper = Grouper::new(Params { threshold: 0.5, max_representatives: 2 });
        for i in 0..50 {
            let text = LETTER.replace("Nguyễn Văn An", &format!("Người số {i}"));
            assert_eq!(grouper.add(&Signature::of(&text)).group, 0);
        }
    }
}
