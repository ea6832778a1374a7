//! `duthao bench grouping`: near-duplicate grouping of a generated, labelled corpus.
//!
//! The corpus imitates what a national consultation receives: most comments are
//! distinct, about 40% belong to a few dozen campaigns — one letter copied by many
//! people, each copy with its sender's name and province filled in and some with
//! words changed, sentences dropped or added. Every comment carries the label of its
//! campaign (or its own), so pairwise precision and recall can be computed.
//!
//! The grouping is run as a child process of this binary (`duthao group`), so that
//! its wall time and peak memory are those of the shipped command alone. With
//! `--compare-datasketch`, the same corpus (the same normalised text and the same
//! syllable 3-gram shingles) goes through Python datasketch's `MinHashLSH`.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, bail};
use serde::Serialize;

use crate::demo::{Dice, Vocabulary};

/// What to run.
#[derive(Debug)]
pub struct Settings {
    pub comments: usize,
    pub threshold: f64,
    pub compare_datasketch: bool,
    /// Keep the labelled corpus (JSON Lines with `id`, `text`, `label`) at this path.
    pub keep_corpus: Option<std::path::PathBuf>,
}

/// Scores of one grouping against the labels.
#[derive(Debug, Serialize)]
pub struct Run {
    pub tool: String,
    pub seconds: f64,
    pub peak_rss_bytes: Option<u64>,
    pub groups: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

#[derive(Debug, Serialize)]
pub struct Figures {
    pub comments: usize,
    pub campaigns: usize,
    pub campaign_comments: usize,
    pub threshold: f64,
    pub generate_seconds: f64,
    pub duthao: Run,
    pub datasketch: Option<Run>,
    pub speed_ratio: Option<f64>,
    /// Time to sign and add one comment to 100,000 grouped ones, in microseconds.
    pub incremental_p50_us: f64,
    pub incremental_p99_us: f64,
}

const CAMPAIGNS: usize = 36;
const CAMPAIGN_SHARE_PERCENT: usize = 40;

pub fn run(settings: &Settings) -> anyhow::Result<Figures> {
    let dir = super::intake::scratch_dir()?;
    let figures = run_in(&dir, settings);
    if let (Ok(_), Some(keep)) = (&figures, &settings.keep_corpus) {
        std::fs::copy(dir.join("corpus.jsonl"), keep)
            .with_context(|| format!("cannot write {}", keep.display()))?;
    }
    let _ = std::fs::remove_dir_all(&dir);
    figures
}

fn run_in(dir: &Path, settings: &Settings) -> anyhow::Result<Figures> {
    let corpus = dir.join("corpus.jsonl");
    let started = Instant::now();
    let vocabulary = crate::demo::vocabulary()?;
    let generator = Generator::new(&vocabulary);
    let labels = generator.write_corpus(&corpus, settings.comments, settings.compare_datasketch)?;
    let generate_seconds = started.elapsed().as_secs_f64();
    let campaign_comments = labels.iter().filter(|&&l| (l as usize) < CAMPAIGNS).count();

    let groups_path = dir.join("groups.jsonl");
    let exe = std::env::current_exe().context("cannot find this program's path")?;
    let output = Command::new(exe)
        .arg("group")
        .arg(&corpus)
        .arg("--threshold")
        .arg(settings.threshold.to_string())
        .arg("--out")
        .arg(&groups_path)
        .arg("--stats-json")
        .output()
        .context("cannot run `duthao group`")?;
    if !output.status.success() {
        bail!("`duthao group` failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    let stats: serde_json::Value =
        serde_json::from_slice(&output.stderr).context("`duthao group --stats-json`")?;
    let duthao = score("duthao", &groups_path, &labels, &stats)?;

    let datasketch = if settings.compare_datasketch {
        let script = dir.join("datasketch_group.py");
        std::fs::write(&script, DATASKETCH_SCRIPT)?;
        let out = dir.join("groups-datasketch.jsonl");
        let normalised = dir.join("corpus-normalised.jsonl");
        let output = Command::new("python3")
            .arg(&script)
            .arg(&normalised)
            .arg(settings.threshold.to_string())
            .arg(&out)
            .output()
            .context("cannot run python3 (needed for --compare-datasketch)")?;
        if !output.status.success() {
            bail!(
                "datasketch run failed (install it with `pip install datasketch`): {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let stats: serde_json::Value =
            serde_json::from_slice(&output.stderr).context("the datasketch script's statistics")?;
        Some(score("datasketch MinHashLSH", &out, &labels, &stats)?)
    } else {
        None
    };
    let speed_ratio = datasketch.as_ref().map(|d| d.seconds / duthao.seconds.max(1e-9));
    let (incremental_p50_us, incremental_p99_us) = incremental_cost(&generator);
    Ok(Figures {
        comments: labels.len(),
        campaigns: CAMPAIGNS,
        campaign_comments,
        threshold: settings.threshold,
        generate_seconds,
        duthao,
        datasketch,
        speed_ratio,
        incremental_p50_us,
        incremental_p99_us,
    })
}

/// Time to sign and add one new comment to a grouper that already holds 100,000
/// comments. Measured as wall time on one thread that does nothing else, which is
/// CPU time plus any preemption: an upper bound of the CPU cost.
fn incremental_cost(generator: &Generator) -> (f64, f64) {
    use duthao_similarity::{Grouper, Params, Scratch, Signature};
    let mut grouper = Grouper::new(Params::default());
    let mut scratch = Scratch::default();
    let mut rng = Dice(0x1c0d_e5a1);
    let campaigns = generator.campaigns(&mut rng);
    for _ in 0..100_000 {
        let (text, _) = generator.comment(&mut rng, &campaigns);
        grouper.add(&Signature::with_scratch(&text, &mut scratch));
    }
    let texts: Vec<String> = (0..20_000).map(|_| generator.comment(&mut rng, &campaigns).0).collect();
    let mut times: Vec<u64> = Vec::with_capacity(texts.len());
    for text in &texts {
        let started = Instant::now();
        grouper.add(&Signature::with_scratch(text, &mut scratch));
        times.push(started.elapsed().as_nanos() as u64);
    }
    times.sort_unstable();
    // Nanoseconds through the millisecond helper give microseconds.
    (super::quantile_ms(&times, 0.5), super::quantile_ms(&times, 0.99))
}

/// Pairwise precision, recall and F1 of a grouping file against the labels.
fn score(tool: &str, groups: &Path, labels: &[u32], stats: &serde_json::Value) -> anyhow::Result<Run> {
    let reader = BufReader::new(std::fs::File::open(groups).with_context(|| groups.display().to_string())?);
    let mut group_index: HashMap<String, u32> = HashMap::new();
    let mut cells: HashMap<(u32, u32), u64> = HashMap::new();
    let mut predicted: HashMap<u32, u64> = HashMap::new();
    let mut rows = 0;
    for (i, line) in reader.lines().enumerate() {
        let line = line?;
        let row: serde_json::Value =
            serde_json::from_str(&line).with_context(|| format!("{}:{}", groups.display(), i + 1))?;
        let id = row["id"].as_u64().with_context(|| format!("{}:{}: id", groups.display(), i + 1))? as usize;
        let label =
            *labels.get(id).with_context(|| format!("{}:{}: unknown id {id}", groups.display(), i + 1))?;
        let next = group_index.len() as u32;
        let group = *group_index.entry(row["group"].to_string()).or_insert(next);
        *cells.entry((group, label)).or_default() += 1;
        *predicted.entry(group).or_default() += 1;
        rows += 1;
    }
    if rows != labels.len() {
        bail!("{}: {rows} rows for {} comments", groups.display(), labels.len());
    }
    let mut actual: HashMap<u32, u64> = HashMap::new();
    for &l in labels {
        *actual.entry(l).or_default() += 1;
    }
    let pairs = |n: u64| n * n.saturating_sub(1) / 2;
    let true_positive: u64 = cells.values().map(|&n| pairs(n)).sum();
    let predicted_pairs: u64 = predicted.values().map(|&n| pairs(n)).sum();
    let actual_pairs: u64 = actual.values().map(|&n| pairs(n)).sum();
    let precision = if predicted_pairs == 0 { 1.0 } else { true_positive as f64 / predicted_pairs as f64 };
    let recall = if actual_pairs == 0 { 1.0 } else { true_positive as f64 / actual_pairs as f64 };
    let f1 = if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
    Ok(Run {
        tool: tool.to_owned(),
        seconds: stats["seconds"].as_f64().unwrap_or(f64::NAN),
        peak_rss_bytes: stats["peak_rss_bytes"].as_u64(),
        groups: predicted.len(),
        precision,
        recall,
        f1,
    })
}

/// Generates realistic comments from the demo's words and people.
pub(super) struct Generator<'a> {
    words: Vec<String>,
    /// For each word (by index), the words that follow it in the demo's texts.
    next: Vec<Vec<u32>>,
    vocabulary: &'a Vocabulary,
}

/// A campaign letter: sentences, with `{ten}`, `{nghe}` and `{tinh}` to fill in.
pub(super) struct Campaign {
    sentences: Vec<String>,
}

impl<'a> Generator<'a> {
    pub(super) fn new(vocabulary: &'a Vocabulary) -> Self {
        let mut texts = vocabulary.texts.clone();
        texts.sort();
        let mut index: HashMap<String, u32> = HashMap::new();
        let mut words = Vec::new();
        let mut next: Vec<Vec<u32>> = Vec::new();
        for text in &texts {
            let mut previous: Option<u32> = None;
            for word in text.split_whitespace() {
                let word = word.trim_matches(|c: char| !c.is_alphanumeric()).to_owned();
                if word.is_empty() {
                    previous = None;
                    continue;
                }
                let id = *index.entry(word.clone()).or_insert_with(|| {
                    words.push(word);
                    next.push(Vec::new());
                    (words.len() - 1) as u32
                });
                if let Some(p) = previous {
                    next[p as usize].push(id);
                }
                previous = Some(id);
            }
        }
        Self { words, next, vocabulary }
    }

    /// One sentence of `shortest` to `shortest + spread - 1` words: mostly following the demo's word order, with
    /// jumps to any word, so that no two generated comments share long runs by
    /// chance.
    fn sentence(&self, rng: &mut Dice, shortest: usize, spread: usize) -> String {
        let n = shortest + rng.below(spread);
        let mut out = String::new();
        let mut word = rng.below(self.words.len());
        for i in 0..n {
            let w = &self.words[word];
            if i == 0 {
                let mut chars = w.chars();
                if let Some(first) = chars.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(chars.as_str());
                }
            } else {
                out.push(' ');
                out.push_str(w);
            }
            let followers = &self.next[word];
            word = if !followers.is_empty() && rng.below(100) < 60 {
                followers[rng.below(followers.len())] as usize
            } else {
                rng.below(self.words.len())
            };
        }
        out.push('.');
        out
    }

    pub(super) fn campaigns(&self, rng: &mut Dice) -> Vec<Campaign> {
        (0..CAMPAIGNS)
            .map(|_| {
                let mut sentences = vec!["Tôi là {ten}, {nghe}, hiện sinh sống tại {tinh}.".to_owned()];
                for _ in 0..6 + rng.below(5) {
                    sentences.push(self.sentence(rng, 12, 13));
                }
                sentences.push("Người góp ý: {ten}.".to_owned());
                Campaign { sentences }
            })
            .collect()
    }

    /// The next comment and its label: a campaign's number, or `u32::MAX` for a
    /// distinct comment (the caller gives it its own label).
    pub(super) fn comment(&self, rng: &mut Dice, campaigns: &[Campaign]) -> (String, u32) {
        if rng.below(100) >= CAMPAIGN_SHARE_PERCENT {
            let sentences = 1 + rng.below(4);
            let text: Vec<String> = (0..sentences).map(|_| self.sentence(rng, 6, 20)).collect();
            return (text.join(" "), u32::MAX);
        }
        // A few big campaigns and many small ones, as in real consultations.
        let c = (rng.below(CAMPAIGNS) * rng.below(CAMPAIGNS)) / CAMPAIGNS;
        let campaign = &campaigns[c];
        let v = self.vocabulary;
        let name = &v.names[rng.below(v.names.len())];
        let occupation = &v.occupations[rng.below(v.occupations.len())];
        let province = &v.provinces[rng.below(v.provinces.len())];
        let mut sentences: Vec<String> = campaign
            .sentences
            .iter()
            .map(|s| s.replace("{ten}", name).replace("{nghe}", occupation).replace("{tinh}", province))
            .collect();
        let edit = rng.below(100);
        if edit >= 45 {
            // Light (35%) or medium (20%) edits: words changed, and for medium a
            // sentence dropped or added.
            let (changes, medium) =
                if edit < 80 { (1 + rng.below(4), false) } else { (4 + rng.below(5), true) };
            if medium {
                if rng.below(2) == 0 && sentences.len() > 4 {
                    let drop = 1 + rng.below(sentences.len() - 2);
                    sentences.remove(drop);
                } else {
                    let at = 1 + rng.below(sentences.len() - 1);
                    sentences.insert(at, self.sentence(rng, 8, 8));
                }
            }
            for _ in 0..changes {
                let s = 1 + rng.below(sentences.len().saturating_sub(2).max(1));
                let mut words: Vec<String> = sentences[s].split(' ').map(str::to_owned).collect();
                let at = rng.below(words.len());
                match rng.below(3) {
                    0 => words[at] = self.words[rng.below(self.words.len())].clone(),
                    1 if words.len() > 3 => {
                        words.remove(at);
                    }
                    _ => words.insert(at, self.words[rng.below(self.words.len())].clone()),
                }
                sentences[s] = words.join(" ");
            }
        }
        (sentences.join(" "), c as u32)
    }

    /// Writes `n` comments as JSON Lines (`id`, `text`) and returns their labels.
    /// With `normalised`, also writes the texts normalised for matching, for the
    /// datasketch comparison.
    fn write_corpus(&self, path: &Path, n: usize, normalised: bool) -> anyhow::Result<Vec<u32>> {
        let mut rng = Dice(0x6772_6f75_7069_6e67);
        let campaigns = self.campaigns(&mut rng);
        let mut out = BufWriter::new(std::fs::File::create(path)?);
        let mut plain = match normalised {
            true => {
                Some(BufWriter::new(std::fs::File::create(path.with_file_name("corpus-normalised.jsonl"))?))
            }
            false => None,
        };
        let mut labels = Vec::with_capacity(n);
        for id in 0..n {
            let (text, label) = self.comment(&mut rng, &campaigns);
            let label = if label == u32::MAX { (CAMPAIGNS + id) as u32 } else { label };
            labels.push(label);
            serde_json::to_writer(&mut out, &serde_json::json!({ "id": id, "text": text, "label": label }))?;
            out.write_all(b"\n")?;
            if let Some(plain) = plain.as_mut() {
                let text = duthao_text::normalise_for_matching(&text);
                serde_json::to_writer(&mut *plain, &serde_json::json!({ "id": id, "text": text }))?;
                plain.write_all(b"\n")?;
            }
        }
        out.flush()?;
        if let Some(mut plain) = plain {
            plain.flush()?;
        }
        Ok(labels)
    }
}

/// Groups the normalised corpus with datasketch as its documentation shows: LSH
/// query, then the candidates' estimated Jaccard checked against the threshold, with
/// the same syllable 3-gram shingles and the same union of matches into groups.
const DATASKETCH_SCRIPT: &str = r#"
import json, re, resource, sys, time
from datasketch import MinHash, MinHashLSH

path, threshold, out_path = sys.argv[1], float(sys.argv[2]), sys.argv[3]
word = re.compile(r"[^\W_]+")
started = time.time()
lsh = MinHashLSH(threshold=threshold, num_perm=128)
# One set of permutations for every MinHash, as datasketch's documentation advises
# for speed (generating them per MinHash is most of the cost otherwise).
template = MinHash(num_perm=128)
permutations, scheme = template.permutations, template.scheme
parent, signatures, ids = [], [], []

def find(i):
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i

for line in open(path, encoding="utf-8"):
    row = json.loads(line)
    i = len(ids)
    ids.append(row["id"])
    parent.append(i)
    words = word.findall(row["text"])
    if len(words) >= 3:
        shingles = {" ".join(words[j:j + 3]) for j in range(len(words) - 2)}
    else:
        shingles = {" ".join(words)} if words else set()
    m = MinHash(num_perm=128, permutations=permutations, scheme=scheme)
    m.update_batch([s.encode("utf-8") for s in shingles])
    signatures.append(m)
    if not shingles:
        continue
    for c in lsh.query(m):
        a, b = find(i), find(c)
        # A candidate already in this comment's group needs no check (as in duthao).
        if a != b and m.jaccard(signatures[c]) >= threshold:
            parent[max(a, b)] = min(a, b)
    lsh.insert(i, m)

with open(out_path, "w", encoding="utf-8") as out:
    for i, id_ in enumerate(ids):
        out.write(json.dumps({"id": id_, "group": ids[find(i)]}) + "\n")
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"seconds": time.time() - started, "peak_rss_bytes": peak}), file=sys.stderr)
"#;

pub fn report(f: &Figures) -> String {
    let mut s = format!(
        "grouping: {} comments ({} in {} campaigns), threshold {:.2}; corpus generated in {:.1} s\n",
        f.comments, f.campaign_comments, f.campaigns, f.threshold, f.generate_seconds
    );
    for run in std::iter::once(&f.duthao).chain(f.datasketch.as_ref()) {
        s.push_str(&format!(
            "  {:<22} {:>8.2} s  peak {:>7.0} MB  {:>8} groups  precision {:.4}  recall {:.4}  F1 {:.4}\n",
            run.tool,
            run.seconds,
            run.peak_rss_bytes.map_or(f64::NAN, |b| b as f64 / 1e6),
            run.groups,
            run.precision,
            run.recall,
            run.f1
        ));
    }
    if let Some(ratio) = f.speed_ratio {
        s.push_str(&format!("  duthao is {ratio:.0}× faster than datasketch\n"));
    }
    s.push_str(&format!(
        "  signing and adding one comment to 100,000 grouped: p50 {:.1} µs, p99 {:.1} µs (wall time on an idle thread)\n",
        f.incremental_p50_us, f.incremental_p99_us
    ));
    s
}
