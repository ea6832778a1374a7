//! Revisions: which provision of a new version continues which of the version before
//! it (computed by `duthao_structure::lineage`, corrected by editors), and the
//! comparison table (bảng so sánh) built from those links.

use std::collections::{HashMap, HashSet};

use duthao_reports::{ComparisonReport, ComparisonRow, Mark, Span};
use duthao_structure::lineage::{self, Fate, Link, Node};
use duthao_text::diff::{self, Piece};

use crate::domain::Disposition;
use crate::storage::drafts::{self, ProvisionRow, VersionRow};
use crate::storage::revisions::{self, NewLink, ProvisionAnswer};
use crate::storage::{Db, StorageError};
use crate::synthesis::report::path;

/// Why a correction was refused.
#[derive(Debug, thiserror::Error)]
pub enum CorrectionError {
    #[error("Phiên bản này là phiên bản đầu tiên của dự thảo: không có gì để đối chiếu.")]
    FirstVersion,
    #[error("Điều khoản không thuộc phiên bản đang đối chiếu.")]
    NotInVersion,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Computes the links of `version` to the version before it (keeping the editors'
/// corrections) and stores them. Does nothing for a draft's first version.
pub async fn link_version(db: &Db, version: &VersionRow) -> Result<(), StorageError> {
    let Some(previous) = revisions::previous_version(db, version).await? else { return Ok(()) };
    let fixed = revisions::editor_links(db, version.id).await?;
    let links = compute(db, &previous, version, fixed).await?;
    revisions::replace_links(db, version.id, previous.id, &links).await
}

/// Links `version` to the one before it and the one after it to `version`, after
/// `version`'s provisions changed.
pub async fn relink_around(db: &Db, version: &VersionRow) -> Result<(), StorageError> {
    link_version(db, version).await?;
    let versions = drafts::versions_of(&db.pool, version.draft_id).await?;
    if let Some(next) = versions.iter().filter(|v| v.number > version.number).min_by_key(|v| v.number) {
        link_version(db, next).await?;
    }
    Ok(())
}

/// Sets which old provision `new_id` continues (`None`: it is new), then computes the
/// other links again around it.
pub async fn correct(
    db: &Db,
    actor: i64,
    version: &VersionRow,
    new_id: i64,
    old_id: Option<i64>,
) -> Result<(), CorrectionError> {
    let previous = revisions::previous_version(db, version).await?.ok_or(CorrectionError::FirstVersion)?;
    let new = drafts::provisions(&db.pool, version.id).await?;
    let old = drafts::provisions(&db.pool, previous.id).await?;
    if !new.iter().any(|p| p.id == new_id) || old_id.is_some_and(|o| !old.iter().any(|p| p.id == o)) {
        return Err(CorrectionError::NotInVersion);
    }
    let mut fixed: Vec<(i64, Option<i64>)> = revisions::editor_links(db, version.id)
        .await?
        .into_iter()
        .filter(|(n, o)| *n != new_id && (old_id.is_none() || *o != old_id))
        .collect();
    fixed.push((new_id, old_id));
    let links = compute(db, &previous, version, fixed).await?;
    revisions::correct_links(db, actor, version.id, previous.id, (new_id, old_id), &links).await?;
    Ok(())
}

/// Runs the matcher (CPU work, off the async workers) and turns its answer into rows.
async fn compute(
    db: &Db,
    previous: &VersionRow,
    version: &VersionRow,
    fixed: Vec<(i64, Option<i64>)>,
) -> Result<Vec<NewLink>, StorageError> {
    let old = drafts::provisions(&db.pool, previous.id).await?;
    let new = drafts::provisions(&db.pool, version.id).await?;
    tokio::task::spawn_blocking(move || links_between(&old, &new, &fixed))
        .await
        .map_err(|e| StorageError::Corrupt(format!("lineage task: {e}")))
}

fn nodes(rows: &[ProvisionRow]) -> Vec<Node<'_>> {
    let index: HashMap<i64, usize> = rows.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
    rows.iter()
        .map(|p| Node {
            kind: &p.kind,
            number: &p.number,
            heading: p.heading.as_deref(),
            text: &p.body,
            parent: p.parent_id.and_then(|id| index.get(&id).copied()),
        })
        .collect()
}

/// The links between two versions' provisions (each in reading order).
pub fn links_between(
    old: &[ProvisionRow],
    new: &[ProvisionRow],
    fixed: &[(i64, Option<i64>)],
) -> Vec<NewLink> {
    let old_index: HashMap<i64, usize> = old.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
    let new_index: HashMap<i64, usize> = new.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
    let editor_fixed: HashSet<i64> = fixed.iter().map(|(n, _)| *n).collect();
    // A catalog's entries keep their identity by name or code (crate::catalogs), unless
    // an editor said otherwise.
    let mut all_fixed = fixed.to_vec();
    let editor_old: HashSet<i64> = fixed.iter().filter_map(|(_, o)| *o).collect();
    for group in crate::catalogs::identity_links(old, new) {
        // An entry the editor linked otherwise takes none of its fields along.
        let Some(&(head_new, head_old)) = group.first() else { continue };
        if editor_fixed.contains(&head_new) || editor_old.contains(&head_old) {
            continue;
        }
        for (n, o) in group {
            if !editor_fixed.contains(&n) && !editor_old.contains(&o) {
                all_fixed.push((n, Some(o)));
            }
        }
    }
    let fixed: Vec<(usize, Option<usize>)> = all_fixed
        .iter()
        .filter_map(|(n, o)| {
            let n = *new_index.get(n)?;
            match o {
                Some(o) => old_index.get(o).map(|o| (n, Some(*o))),
                None => Some((n, None)),
            }
        })
        .collect();
    let found = lineage::match_versions(&nodes(old), &nodes(new), &fixed);
    let editor: HashSet<usize> = editor_fixed.iter().filter_map(|n| new_index.get(n).copied()).collect();
    let mut out = Vec::with_capacity(new.len() + found.gone.len());
    for (n, link) in found.links.iter().enumerate() {
        let similarity = (f64::from(found.scores[n]) * 1000.0).round() as i64;
        let row = |relation, old_id, text_changed, renumbered, moved| NewLink {
            new_id: Some(new[n].id),
            old_id,
            relation,
            text_changed,
            renumbered,
            moved,
            similarity,
            by_editor: editor.contains(&n),
        };
        out.push(match *link {
            Link::Kept { old: o, text_changed, renumbered, moved, .. } => {
                row("kept", Some(old[o].id), text_changed, renumbered, moved)
            }
            Link::Split { old: o } => row("split", Some(old[o].id), true, false, false),
            Link::Inserted => row("inserted", None, true, false, false),
        });
    }
    for (o, fate) in &found.gone {
        let (relation, new_id) = match fate {
            Fate::Merged { new: n } => ("merged", Some(new[*n].id)),
            Fate::Deleted => ("deleted", None),
        };
        out.push(NewLink {
            new_id,
            old_id: Some(old[*o].id),
            relation,
            text_changed: true,
            renumbered: false,
            moved: false,
            similarity: 0,
            by_editor: false,
        });
    }
    out
}

/// What happened to a provision between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Unchanged,
    Changed,
    /// Same text under another number or in another place.
    Renumbered,
    Moved,
    Split,
    Inserted,
    Merged,
    Deleted,
}

impl Change {
    pub fn label(self) -> &'static str {
        match self {
            Self::Unchanged => "Giữ nguyên",
            Self::Changed => "Sửa đổi",
            Self::Renumbered => "Đánh số lại",
            Self::Moved => "Chuyển vị trí",
            Self::Split => "Tách ra",
            Self::Inserted => "Bổ sung mới",
            Self::Merged => "Gộp",
            Self::Deleted => "Bỏ",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Unchanged => "unchanged",
            Self::Changed => "changed",
            Self::Renumbered => "renumbered",
            Self::Moved => "moved",
            Self::Split => "split",
            Self::Inserted => "inserted",
            Self::Merged => "merged",
            Self::Deleted => "deleted",
        }
    }
}

/// One side of a row: the provision's path and its own text.
#[derive(Debug, Clone)]
pub struct Side {
    pub id: i64,
    pub path: String,
    pub text: String,
}

/// Where a provision of a comparison row came from or went. `Display` says it in
/// Vietnamese (the comparison document); pages say it in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub kind: NoteKind,
    /// The other provision's path ("Điều 5, khoản 2").
    pub path: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKind {
    /// Split from the provision at `path`.
    SplitFrom,
    /// Merged into the provision at `path`.
    MergedInto,
    /// Renumbered or moved: it was the provision at `path`.
    Was,
}

impl NoteKind {
    pub fn vi(self) -> &'static str {
        match self {
            Self::SplitFrom => "Tách từ",
            Self::MergedInto => "Gộp vào",
            Self::Was => "Trước đây là",
        }
    }
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.kind.vi(), self.path)
    }
}

/// An answer given to the comments on a provision. `Display`: "Tiếp thu (3 ý kiến): …".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerLine {
    /// `None` for a disposition code this binary does not know (`kind` says it).
    pub disposition: Option<Disposition>,
    pub kind: String,
    /// How many comments it answers.
    pub comments: i64,
    pub answer: String,
}

impl std::fmt::Display for AnswerLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.disposition {
            Some(d) => d.name_vi(),
            None => &self.kind,
        };
        if self.comments > 1 {
            write!(f, "{kind} ({} ý kiến): {}", self.comments, self.answer)
        } else {
            write!(f, "{kind}: {}", self.answer)
        }
    }
}

/// A row of the comparison table.
#[derive(Debug, Clone)]
pub struct Row {
    pub change: Change,
    pub old: Option<Side>,
    pub new: Option<Side>,
    /// Where the provision came from or went: "Tách từ Điều 5, khoản 2".
    pub note: Option<Note>,
    /// The new text against the old, word by word (only when the text changed).
    pub diff: Vec<Piece>,
    /// The answers given to comments on the old provision ("Tiếp thu: …").
    pub answers: Vec<AnswerLine>,
    /// An answer said "Tiếp thu" but the provision's text did not change (it may have
    /// been renumbered or moved): the lead editor should look.
    pub accepted_unchanged: bool,
    pub by_editor: bool,
    /// Comments on the old provision, and how many of them have no answer yet (they
    /// are carried to the new provision that continues it).
    pub comments: i64,
    pub unanswered: i64,
    /// For a provision that is gone: its comments, for the team to decide on.
    pub dropped_comments: Vec<revisions::CommentOnProvision>,
}

/// The comparison of a version with the one before it.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub old_version: VersionRow,
    pub new_version: VersionRow,
    pub rows: Vec<Row>,
    /// The old provisions (id, path) an editor can pick from when correcting.
    pub old_choices: Vec<(i64, String)>,
}

impl Comparison {
    pub fn changed(&self) -> usize {
        self.rows.iter().filter(|r| r.change != Change::Unchanged).count()
    }

    pub fn unmatched_new(&self) -> Vec<&Row> {
        self.rows.iter().filter(|r| r.change == Change::Inserted).collect()
    }

    pub fn unmatched_old(&self) -> Vec<&Row> {
        self.rows.iter().filter(|r| r.change == Change::Deleted).collect()
    }
}

/// Comments shown per dropped provision.
const DROPPED_SHOWN: i64 = 50;

/// Where a provision went in a later version.
#[derive(Debug, Clone)]
pub struct Trace {
    pub version_id: i64,
    pub version_number: i64,
    /// The provision there, by path (none when it was dropped).
    pub path: Option<String>,
    pub change: Change,
}

/// Follows a provision through the later versions of its draft.
pub async fn follow(db: &Db, provision_id: i64) -> Result<Vec<Trace>, StorageError> {
    let mut out = Vec::new();
    let mut current = provision_id;
    // A lineage has at most one link per later version; the bound guards against a
    // cycle in corrupt data.
    for _ in 0..64 {
        let links = revisions::links_from(db, current).await?;
        let Some((version_id, link)) = links.into_iter().find(|(_, l)| l.relation != "split") else {
            break;
        };
        let Some(version) = drafts::get_version(&db.pool, version_id).await? else { break };
        let rows = drafts::provisions(&db.pool, version_id).await?;
        let by_id: HashMap<i64, &ProvisionRow> = rows.iter().map(|p| (p.id, p)).collect();
        let path_of = |id: i64| by_id.get(&id).map(|p| path(p, &by_id));
        let change = match link.relation.as_str() {
            "kept" if link.text_changed == 1 => Change::Changed,
            "kept" if link.renumbered == 1 => Change::Renumbered,
            "kept" if link.moved == 1 => Change::Moved,
            "kept" => Change::Unchanged,
            "merged" => Change::Merged,
            _ => Change::Deleted,
        };
        let next = link.new_id;
        out.push(Trace { version_id, version_number: version.number, path: next.and_then(path_of), change });
        match next {
            Some(n) if change != Change::Deleted => current = n,
            _ => break,
        }
    }
    Ok(out)
}

fn own_text(p: &ProvisionRow) -> String {
    match p.heading.as_deref().filter(|h| !h.is_empty()) {
        Some(h) if p.body.is_empty() => h.to_owned(),
        Some(h) => format!("{h}\n{}", p.body),
        None => p.body.clone(),
    }
}

fn answer_line(a: &ProvisionAnswer) -> AnswerLine {
    AnswerLine {
        disposition: Disposition::parse(&a.kind),
        kind: a.kind.clone(),
        comments: a.comments,
        answer: a.answer.clone(),
    }
}

/// The comparison table of `version` against the version before it, from the stored
/// links (computed first if there are none yet).
pub async fn comparison(db: &Db, version: &VersionRow) -> Result<Option<Comparison>, StorageError> {
    let Some(previous) = revisions::previous_version(db, version).await? else { return Ok(None) };
    let mut links = revisions::links(db, version.id).await?;
    if links.is_empty() {
        link_version(db, version).await?;
        links = revisions::links(db, version.id).await?;
    }
    let old = drafts::provisions(&db.pool, previous.id).await?;
    let new = drafts::provisions(&db.pool, version.id).await?;
    let answers = revisions::answers_on_version(db, previous.id).await?;
    let counts: HashMap<i64, (i64, i64)> = revisions::comment_counts(db, previous.id)
        .await?
        .into_iter()
        .map(|c| (c.provision_id, (c.comments, c.unanswered)))
        .collect();
    let mut dropped: HashMap<i64, Vec<revisions::CommentOnProvision>> = HashMap::new();
    for l in links.iter().filter(|l| l.relation == "deleted" || l.relation == "merged") {
        if let Some(old_id) = l.old_id
            && counts.contains_key(&old_id)
        {
            dropped.insert(old_id, revisions::comments_on(db, old_id, DROPPED_SHOWN).await?);
        }
    }
    let old_by_id: HashMap<i64, &ProvisionRow> = old.iter().map(|p| (p.id, p)).collect();
    let new_by_id: HashMap<i64, &ProvisionRow> = new.iter().map(|p| (p.id, p)).collect();
    let side_old =
        |id: i64| old_by_id.get(&id).map(|p| Side { id, path: path(p, &old_by_id), text: own_text(p) });
    let side_new =
        |id: i64| new_by_id.get(&id).map(|p| Side { id, path: path(p, &new_by_id), text: own_text(p) });
    let mut answers_of: HashMap<i64, Vec<&ProvisionAnswer>> = HashMap::new();
    for a in &answers {
        answers_of.entry(a.provision_id).or_default().push(a);
    }
    let row_for = |l: &revisions::LinkRow| -> Row {
        let old_side = l.old_id.and_then(side_old);
        let new_side =
            if matches!(l.relation.as_str(), "merged") { None } else { l.new_id.and_then(side_new) };
        let change = match l.relation.as_str() {
            "kept" if l.text_changed == 1 => Change::Changed,
            "kept" if l.renumbered == 1 => Change::Renumbered,
            "kept" if l.moved == 1 => Change::Moved,
            "kept" => Change::Unchanged,
            "split" => Change::Split,
            "inserted" => Change::Inserted,
            "merged" => Change::Merged,
            _ => Change::Deleted,
        };
        let note = match change {
            Change::Split => {
                old_side.as_ref().map(|s| Note { kind: NoteKind::SplitFrom, path: s.path.clone() })
            }
            Change::Merged => l
                .new_id
                .and_then(|id| new_by_id.get(&id))
                .map(|p| Note { kind: NoteKind::MergedInto, path: path(p, &new_by_id) }),
            Change::Renumbered | Change::Moved => {
                old_side.as_ref().map(|s| Note { kind: NoteKind::Was, path: s.path.clone() })
            }
            _ => None,
        };
        let diff = match (&old_side, &new_side) {
            (Some(o), Some(n)) if l.text_changed == 1 => diff::words(&o.text, &n.text),
            _ => Vec::new(),
        };
        let given: Vec<&&ProvisionAnswer> =
            l.old_id.and_then(|id| answers_of.get(&id)).map(|v| v.iter().collect()).unwrap_or_default();
        let accepted = given.iter().any(|a| a.kind == Disposition::Accepted.code());
        let (comments, unanswered) = l.old_id.and_then(|id| counts.get(&id).copied()).unwrap_or((0, 0));
        Row {
            comments,
            unanswered,
            dropped_comments: l.old_id.and_then(|id| dropped.get(&id).cloned()).unwrap_or_default(),
            change,
            accepted_unchanged: accepted && l.text_changed == 0 && l.relation == "kept",
            answers: given.iter().map(|a| answer_line(a)).collect(),
            old: old_side,
            new: new_side,
            note,
            diff,
            by_editor: l.by_editor == 1,
        }
    };

    // Rows in the new version's order; a provision that is gone comes where it stood,
    // after the new provision that continues the old one before it.
    let old_position: HashMap<i64, i64> = old.iter().map(|p| (p.id, p.position)).collect();
    let new_position: HashMap<i64, i64> = new.iter().map(|p| (p.id, p.position)).collect();
    let (mut present, mut gone): (Vec<&revisions::LinkRow>, Vec<&revisions::LinkRow>) =
        links.iter().partition(|l| matches!(l.relation.as_str(), "kept" | "split" | "inserted"));
    present.sort_by_key(|l| l.new_id.and_then(|id| new_position.get(&id).copied()).unwrap_or(i64::MAX));
    gone.sort_by_key(|l| l.old_id.and_then(|id| old_position.get(&id).copied()).unwrap_or(i64::MAX));
    let mut gone = gone.into_iter().peekable();
    let mut rows = Vec::with_capacity(links.len());
    for l in present {
        if let Some(pos) = l.old_id.and_then(|id| old_position.get(&id).copied()) {
            while let Some(g) =
                gone.next_if(|g| g.old_id.and_then(|id| old_position.get(&id).copied()) < Some(pos))
            {
                rows.push(row_for(g));
            }
        }
        rows.push(row_for(l));
    }
    rows.extend(gone.map(row_for));
    let old_choices = old.iter().map(|p| (p.id, path(p, &old_by_id))).collect();
    Ok(Some(Comparison { old_version: previous, new_version: version.clone(), rows, old_choices }))
}

/// The two columns of a row: the old text with removed words marked, the new text
/// with added words marked (plain text where the text did not change).
pub fn sides(row: &Row) -> (Vec<Span>, Vec<Span>) {
    let plain = |text: &str| vec![Span { text: text.to_owned(), mark: Mark::Plain }];
    if row.diff.is_empty() {
        return (
            row.old.as_ref().map_or_else(Vec::new, |s| plain(&s.text)),
            row.new.as_ref().map_or_else(Vec::new, |s| plain(&s.text)),
        );
    }
    let mut old = Vec::new();
    let mut new = Vec::new();
    for piece in &row.diff {
        let span = |mark| Span { text: piece.text.clone(), mark };
        match piece.change {
            diff::Change::Same => {
                old.push(span(Mark::Plain));
                new.push(span(Mark::Plain));
            }
            diff::Change::Removed => old.push(span(Mark::Removed)),
            diff::Change::Added => new.push(span(Mark::Added)),
        }
    }
    (old, new)
}

/// The comparison as the document writers take it, dated `now`.
pub fn comparison_report(
    comparison: &Comparison,
    draft: &drafts::DraftRow,
    issuing_body: String,
    now: i64,
) -> ComparisonReport {
    let rows = comparison
        .rows
        .iter()
        .map(|r| {
            let (old, new) = sides(r);
            let mut explanation = r.change.label().to_owned();
            if let Some(note) = &r.note {
                explanation.push_str(&format!(" ({note})"));
            }
            explanation.push('.');
            for a in &r.answers {
                explanation.push('\n');
                explanation.push_str(&a.to_string());
            }
            ComparisonRow {
                old_path: r.old.as_ref().map(|s| s.path.clone()).unwrap_or_default(),
                old,
                new_path: r.new.as_ref().map(|s| s.path.clone()).unwrap_or_default(),
                new,
                explanation,
            }
        })
        .collect();
    ComparisonReport {
        issuing_body,
        place_date: crate::synthesis::report::place_date(now),
        subject: draft.title.clone(),
        old_heading: format!("Dự thảo lần {}", comparison.old_version.number),
        new_heading: format!("Dự thảo lần {}", comparison.new_version.number),
        rows,
    }
}
