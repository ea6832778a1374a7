//! `duthao group FILE.jsonl`: groups an offline file of comments into near-duplicates,
//! so that grouping can be checked against labelled data.
//!
//! Input: one JSON object per line with `id` (any JSON value) and `text`. Output: one
//! line per comment, in input order, `{"id": …, "group": …}` where `group` is the id
//! of the group's first comment in the file.
//!
//! The file is streamed: a reader thread cuts it into chunks, one worker per core
//! parses and signs them, and this thread adds the signatures to the grouper in file
//! order, so memory holds signatures and ids, never the whole text.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, mpsc};
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use duthao_similarity::{Grouper, Params, Scratch, Signature};
use serde::Deserialize;

#[derive(Debug, Args)]
#[command(after_help = "Example: duthao group y-kien.jsonl --threshold 0.5 --out nhom.jsonl")]
pub struct GroupArgs {
    /// JSON Lines file: one object per line with `id` and `text`.
    pub file: PathBuf,
    /// Estimated Jaccard similarity (0–1) of syllable 3-gram sets from which two
    /// comments are near-duplicates.
    #[arg(long, default_value_t = 0.5)]
    pub threshold: f64,
    /// Where to write the groups (standard output when absent).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print timing and peak memory as one JSON object on standard error.
    #[arg(long)]
    pub stats_json: bool,
}

/// What a run measured.
#[derive(Debug, serde::Serialize)]
pub struct Stats {
    pub comments: usize,
    pub groups: usize,
    pub grouped_comments: usize,
    pub seconds: f64,
    pub peak_rss_bytes: Option<u64>,
}

pub fn run(args: GroupArgs) -> anyhow::Result<()> {
    if !(0.0..=1.0).contains(&args.threshold) {
        anyhow::bail!("--threshold must be between 0 and 1, not {}", args.threshold);
    }
    let started = Instant::now();
    // `--stats-json` promises one JSON object on standard error: no progress there.
    let mut progress =
        (!args.stats_json).then(|| super::progress::Progress::new("Nhóm góp ý giống nhau", None));
    let mut report = |n: usize| {
        if let Some(p) = progress.as_mut() {
            p.set(n as u64);
        }
    };
    let stats = match &args.out {
        Some(path) => {
            let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
            let mut out = BufWriter::new(file);
            let stats = group_file_with(&args.file, args.threshold, &mut out, &mut report)?;
            out.flush().with_context(|| format!("cannot write {}", path.display()))?;
            stats
        }
        None => {
            let mut out = BufWriter::new(std::io::stdout().lock());
            let stats = group_file_with(&args.file, args.threshold, &mut out, &mut report)?;
            out.flush().context("cannot write the groups to standard output")?;
            stats
        }
    };
    if let Some(p) = progress {
        p.finish("xong");
    }
    let stats = Stats { seconds: started.elapsed().as_secs_f64(), peak_rss_bytes: peak_rss_bytes(), ..stats };
    if args.stats_json {
        eprintln!("{}", serde_json::to_string(&stats)?);
    } else {
        eprintln!(
            "{} comments in {} groups ({} comments share a group with another) in {:.1} s",
            stats.comments, stats.groups, stats.grouped_comments, stats.seconds
        );
    }
    Ok(())
}

const CHUNK_LINES: usize = 4096;

struct Chunk {
    seq: usize,
    first_line: usize,
    lines: Vec<Vec<u8>>,
}

struct Signed {
    seq: usize,
    rows: Result<Vec<(String, Signature)>, anyhow::Error>,
}

#[derive(Deserialize)]
struct Row<'a> {
    id: Option<serde_json::Value>,
    #[serde(borrow)]
    text: Option<RawText<'a>>,
}

/// A JSON string's bytes with escapes resolved but UTF-8 not validated: the
/// shingler decodes as it reads (see `duthao_similarity::shingle`), which saves a
/// pass over every text.
struct RawText<'a>(std::borrow::Cow<'a, [u8]>);

impl<'de: 'a, 'a> Deserialize<'de> for RawText<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawText<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_bytes<E>(self, v: &'de [u8]) -> Result<Self::Value, E> {
                Ok(RawText(std::borrow::Cow::Borrowed(v)))
            }

            fn visit_bytes<E>(self, v: &[u8]) -> Result<Self::Value, E> {
                Ok(RawText(std::borrow::Cow::Owned(v.to_vec())))
            }

            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(RawText(std::borrow::Cow::Borrowed(v.as_bytes())))
            }

            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(RawText(std::borrow::Cow::Owned(v.as_bytes().to_vec())))
            }
        }
        deserializer.deserialize_bytes(Visitor)
    }
}

/// Groups `input` and writes one line per comment to `out`.
pub fn group_file(input: &Path, threshold: f64, out: &mut dyn Write) -> anyhow::Result<Stats> {
    group_file_with(input, threshold, out, &mut |_| {})
}

/// [`group_file`], telling `progress` how many comments are grouped so far.
fn group_file_with(
    input: &Path,
    threshold: f64,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(usize),
) -> anyhow::Result<Stats> {
    let file = File::open(input).with_context(|| format!("cannot open {}", input.display()))?;
    let name = input.display().to_string();
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let (chunk_tx, chunk_rx) = mpsc::sync_channel::<Chunk>(workers * 2);
    let chunk_rx = Mutex::new(chunk_rx);
    let (signed_tx, signed_rx) = mpsc::sync_channel::<Signed>(workers * 2);

    let mut grouper = Grouper::new(Params { threshold, ..Params::default() });
    let mut ids: Vec<Box<str>> = Vec::new();

    std::thread::scope(|scope| -> anyhow::Result<()> {
        let reader = scope.spawn(move || read_chunks(file, chunk_tx));
        for _ in 0..workers {
            let (rx, tx, name) = (&chunk_rx, signed_tx.clone(), name.as_str());
            scope.spawn(move || {
                let mut scratch = Scratch::default();
                loop {
                    let next = rx.lock().ok().and_then(|rx| rx.recv().ok());
                    let Some(chunk) = next else { break };
                    let rows = sign_chunk(name, &chunk, &mut scratch);
                    if tx.send(Signed { seq: chunk.seq, rows }).is_err() {
                        break;
                    }
                }
            });
        }
        drop(signed_tx);

        // Chunks come back out of order; add them to the grouper in file order.
        let mut waiting = std::collections::BTreeMap::new();
        let mut next_seq = 0;
        let mut failure = None;
        for signed in signed_rx.iter() {
            waiting.insert(signed.seq, signed.rows);
            while let Some(rows) = waiting.remove(&next_seq) {
                next_seq += 1;
                match rows {
                    Ok(rows) => {
                        for (id, signature) in rows {
                            grouper.add(&signature);
                            ids.push(id.into_boxed_str());
                        }
                        progress(ids.len());
                    }
                    Err(e) => {
                        failure.get_or_insert(e);
                    }
                }
            }
            if failure.is_some() {
                break;
            }
        }
        drop(signed_rx);
        let read = reader.join().map_err(|_| anyhow::anyhow!("the reader thread failed"))?;
        if let Some(e) = failure {
            return Err(e);
        }
        read.with_context(|| format!("cannot read {name}"))
    })?;

    let groups = grouper.groups();
    let mut sizes = vec![0u32; groups.len()];
    for &g in &groups {
        sizes[g as usize] += 1;
    }
    for (id, &g) in ids.iter().zip(&groups) {
        writeln!(out, "{{\"id\":{id},\"group\":{}}}", ids[g as usize]).context("cannot write the groups")?;
    }
    Ok(Stats {
        comments: ids.len(),
        groups: sizes.iter().filter(|&&n| n > 0).count(),
        grouped_comments: groups.iter().filter(|&&g| sizes[g as usize] > 1).count(),
        seconds: 0.0,
        peak_rss_bytes: None,
    })
}

fn read_chunks(file: File, tx: mpsc::SyncSender<Chunk>) -> std::io::Result<()> {
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let (mut seq, mut line_no) = (0, 0);
    loop {
        let first_line = line_no + 1;
        let mut lines = Vec::with_capacity(CHUNK_LINES);
        while lines.len() < CHUNK_LINES {
            let mut line = Vec::new();
            if reader.read_until(b'\n', &mut line)? == 0 {
                break;
            }
            line_no += 1;
            lines.push(line);
        }
        if lines.is_empty() {
            return Ok(());
        }
        if tx.send(Chunk { seq, first_line, lines }).is_err() {
            return Ok(());
        }
        seq += 1;
    }
}

/// Parses and signs the lines of one chunk; blank lines are skipped.
fn sign_chunk(name: &str, chunk: &Chunk, scratch: &mut Scratch) -> anyhow::Result<Vec<(String, Signature)>> {
    let mut rows = Vec::with_capacity(chunk.lines.len());
    for (i, line) in chunk.lines.iter().enumerate() {
        let line_no = chunk.first_line + i;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let row: Row = serde_json::from_slice(line).map_err(|e| anyhow::anyhow!("{name}:{line_no}: {e}"))?;
        let id = match row.id {
            Some(serde_json::Value::Null) | None => anyhow::bail!("{name}:{line_no}: field `id` is missing"),
            Some(id) => id.to_string(),
        };
        let Some(RawText(text)) = row.text else {
            anyhow::bail!("{name}:{line_no}: field `text` is missing");
        };
        rows.push((id, Signature::of_utf8(&text, scratch)));
    }
    Ok(rows)
}

/// The process's peak resident memory (Linux `VmHWM`), when the system reports it.
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.trim_start_matches("VmHWM:").trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kib * 1024)
}
