//! Group commit: the one writer of the comments people send (and of conference
//! opinions) on an instance. (A letter's units and an import, recorded by an editor,
//! are stored all or none in a transaction of their own: [`super::Intake::store_all`].)
//!
//! Requests hand their row to the writer and wait. The writer takes everything queued
//! at that moment (up to a batch's size), writes it in one transaction, and answers
//! each request only after that transaction has committed. There is no timer: while
//! one batch is being made durable, the next requests queue up, so batches grow with
//! the load and a lone request is written at once. (A writer may have work for its
//! idle moments: the comment writer settles what its last batches left unsettled.)

use std::future::Future;
use std::sync::Arc;

use sqlx::Any;
use sqlx::pool::PoolConnection;

use tokio::sync::{mpsc, oneshot};

use crate::domain::ReceiptCode;
use crate::storage::comments::{self, MAX_BATCH, NewComment};
use crate::storage::conferences::{self, NewOpinion};
use crate::storage::{Db, StorageError};

/// How many rows may wait for a writer before new ones wait to be queued.
const QUEUE: usize = 16_384;

/// The most opinions written in one transaction (each writes an event too).
const MAX_OPINION_BATCH: usize = 256;

type Reply<O> = oneshot::Sender<Result<O, StorageError>>;

/// A handle to a group-commit writer task; cheap to clone.
#[derive(Debug)]
pub struct GroupCommit<I, O> {
    queue: mpsc::Sender<(I, Reply<O>)>,
}

impl<I, O> Clone for GroupCommit<I, O> {
    fn clone(&self) -> Self {
        Self { queue: self.queue.clone() }
    }
}

impl<I: Send + 'static, O: Send + 'static> GroupCommit<I, O> {
    /// Starts a writer on a thread of its own. `store` writes one batch and returns
    /// one result per row, in order, each only once its row is committed. Fails only
    /// if its thread or that thread's runtime cannot be started.
    pub fn spawn<F, Fut>(db: Db, max_batch: usize, store: F) -> std::io::Result<Self>
    where
        F: Fn(Db, Vec<I>) -> Fut + Send + 'static,
        Fut: Future<Output = Vec<Result<O, StorageError>>> + 'static,
    {
        Self::spawn_with_idle(db, max_batch, store, None, |_| std::future::ready(()))
    }

    /// [`Self::spawn`], with `idle` run whenever no row has come for `idle_after`
    /// (and then again after each such wait), between batches.
    pub fn spawn_with_idle<F, Fut, G, GFut>(
        db: Db,
        max_batch: usize,
        store: F,
        idle_after: Option<std::time::Duration>,
        idle: G,
    ) -> std::io::Result<Self>
    where
        F: Fn(Db, Vec<I>) -> Fut + Send + 'static,
        Fut: Future<Output = Vec<Result<O, StorageError>>> + 'static,
        G: Fn(Db) -> GFut + Send + 'static,
        GFut: Future<Output = ()> + 'static,
    {
        let (queue, rx) = mpsc::channel(QUEUE);
        // The writer runs on a thread of its own. On the shared runtime every step of
        // a batch (a statement, an answer from SQLite's connection thread) waited in
        // line behind the request tasks of the load, while every request waits for the
        // writer: measured under `bench intake`, each of a batch's seven round trips to
        // the database took 0.4–0.8 ms, most of it that wait.
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        std::thread::Builder::new()
            .name("group-commit".into())
            .spawn(move || runtime.block_on(run(db, rx, max_batch, store, idle_after, idle)))?;
        Ok(Self { queue })
    }

    /// Stores `row`; returns once it is committed.
    pub async fn write(&self, row: I) -> Result<O, StorageError> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send((row, reply))
            .await
            .map_err(|_| StorageError::Corrupt("the writer has stopped".into()))?;
        match answer.await {
            Ok(Ok(stored)) => Ok(stored),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(StorageError::Corrupt("the writer stopped before answering".into())),
        }
    }
}

async fn run<I, O, F, Fut, G, GFut>(
    db: Db,
    mut rx: mpsc::Receiver<(I, Reply<O>)>,
    max_batch: usize,
    store: F,
    idle_after: Option<std::time::Duration>,
    idle: G,
) where
    F: Fn(Db, Vec<I>) -> Fut,
    Fut: Future<Output = Vec<Result<O, StorageError>>>,
    G: Fn(Db) -> GFut,
    GFut: Future<Output = ()>,
{
    let mut jobs: Vec<(I, Reply<O>)> = Vec::with_capacity(max_batch);
    loop {
        let next = match idle_after {
            Some(wait) => match tokio::time::timeout(wait, rx.recv()).await {
                Ok(next) => next,
                Err(_) => {
                    idle(db.clone()).await;
                    continue;
                }
            },
            None => rx.recv().await,
        };
        let Some(first) = next else { break };
        jobs.push(first);
        drain(&mut rx, &mut jobs, max_batch);
        if jobs.len() < max_batch {
            // Let requests that are already running reach the queue, then take them
            // too: a yield, not a timer.
            tokio::task::yield_now().await;
            drain(&mut rx, &mut jobs, max_batch);
        }
        let (rows, replies): (Vec<I>, Vec<Reply<O>>) = jobs.drain(..).unzip();
        let results = store(db.clone(), rows).await;
        for (reply, result) in replies.into_iter().zip(results) {
            // The requester may have gone; the row is stored all the same.
            let _ = reply.send(result);
        }
    }
}

fn drain<I, O>(rx: &mut mpsc::Receiver<(I, Reply<O>)>, jobs: &mut Vec<(I, Reply<O>)>, max_batch: usize) {
    while jobs.len() < max_batch {
        match rx.try_recv() {
            Ok(job) => jobs.push(job),
            Err(_) => break,
        }
    }
}

/// The writer of comments.
pub type Writer = GroupCommit<NewComment, (i64, ReceiptCode)>;

/// The writer of conference opinions (each a comment, its place in the conference
/// and its live event).
pub type OpinionWriter = GroupCommit<NewOpinion, (i64, ReceiptCode)>;

/// Starts the comment writer: one multi-row INSERT per batch, on a connection it
/// keeps (see [`comments::insert_batch_on`]); after a failure it takes a fresh one.
pub fn comments(db: Db) -> std::io::Result<Writer> {
    let held: Arc<tokio::sync::Mutex<Option<PoolConnection<Any>>>> = Arc::default();
    let idle_after = std::time::Duration::from_millis(db.settling.pace().clamp(1, 3_600_000).unsigned_abs());
    let store_held = Arc::clone(&held);
    let store = move |db: Db, rows: Vec<NewComment>| {
        let held = Arc::clone(&store_held);
        async move {
            let stored = insert_on_held(&db, &held, &rows).await;
            match stored {
                Err(StorageError::Submitted(submitted)) => {
                    without_submitted(&db, &held, rows, submitted).await
                }
                stored => stored_or_one_by_one(&db, rows, stored).await,
            }
        }
    };
    // When the load stops, what the last batches stored unsettled is settled once
    // the settling falls due, rather than when the next comment comes.
    let idle_held = Arc::clone(&held);
    let idle = move |db: Db| {
        let held = Arc::clone(&idle_held);
        async move {
            let mut held = held.lock().await;
            let settled = async {
                let mut conn = match held.take() {
                    Some(conn) => conn,
                    None => db.pool.acquire().await?,
                };
                comments::settle_if_due_on(&db, &mut conn).await?;
                *held = Some(conn);
                Ok::<_, StorageError>(())
            }
            .await;
            if let Err(e) = settled {
                tracing::warn!(error = %e, "settling comments after the load failed; it is tried again later");
            }
        }
    };
    GroupCommit::spawn_with_idle(db, MAX_BATCH, store, Some(idle_after), idle)
}

/// Writes `rows` in one transaction on the writer's held connection (taking one
/// from the pool if it has none); the connection is kept only after a batch that
/// succeeded.
async fn insert_on_held(
    db: &Db,
    held: &tokio::sync::Mutex<Option<PoolConnection<Any>>>,
    rows: &[NewComment],
) -> Result<Vec<(i64, ReceiptCode)>, StorageError> {
    let mut held = held.lock().await;
    let mut conn = match held.take() {
        Some(conn) => conn,
        None => db.pool.acquire().await?,
    };
    let stored = comments::insert_batch_on(db, &mut conn, rows).await?;
    *held = Some(conn);
    Ok(stored)
}

/// A batch refused because some of its consultations' dossiers were submitted
/// (`submitted`): their comments are refused, and the others written again as one
/// batch. A refusal is routine in the moments after a submission; it must not make
/// the writer store a large batch a row at a time. (Should another submission refuse
/// that batch too, or nothing of the batch was named, its rows go one by one.)
async fn without_submitted(
    db: &Db,
    held: &tokio::sync::Mutex<Option<PoolConnection<Any>>>,
    rows: Vec<NewComment>,
    submitted: Vec<i64>,
) -> Vec<Result<(i64, ReceiptCode), StorageError>> {
    let (refused, kept): (Vec<_>, Vec<_>) =
        rows.into_iter().enumerate().partition(|(_, row)| submitted.contains(&row.consultation_id));
    let (places, kept): (Vec<usize>, Vec<NewComment>) = kept.into_iter().unzip();
    let stored = match (refused.is_empty(), kept.is_empty()) {
        (true, _) => Err(StorageError::Submitted(submitted)),
        (false, true) => Ok(Vec::new()),
        (false, false) => insert_on_held(db, held, &kept).await,
    };
    let mut answers: Vec<Option<Result<(i64, ReceiptCode), StorageError>>> = Vec::new();
    answers.resize_with(refused.len() + kept.len(), || None);
    for (place, row) in refused {
        answers[place] = Some(Err(StorageError::Submitted(vec![row.consultation_id])));
    }
    for (place, answer) in places.into_iter().zip(stored_or_one_by_one(db, kept, stored).await) {
        answers[place] = Some(answer);
    }
    answers
        .into_iter()
        .map(|answer| {
            answer.unwrap_or_else(|| Err(StorageError::Corrupt("the comment was not answered".into())))
        })
        .collect()
}

/// The batch's receipts, or, if the batch failed (nothing of it was stored), each
/// comment stored on its own so that one bad row fails alone.
async fn stored_or_one_by_one(
    db: &Db,
    rows: Vec<NewComment>,
    stored: Result<Vec<(i64, ReceiptCode)>, StorageError>,
) -> Vec<Result<(i64, ReceiptCode), StorageError>> {
    match stored {
        Ok(stored) => stored.into_iter().map(Ok).collect(),
        Err(e) => {
            tracing::warn!(error = %e, rows = rows.len(), "batch insert failed; storing the comments one by one");
            let mut out = Vec::with_capacity(rows.len());
            for comment in &rows {
                out.push(comments::insert(db, comment).await);
            }
            out
        }
    }
}

/// Starts the opinion writer.
pub fn opinions(db: Db) -> std::io::Result<OpinionWriter> {
    GroupCommit::spawn(db, MAX_OPINION_BATCH, |db, rows: Vec<NewOpinion>| async move {
        match conferences::record_opinions(&db, &rows).await {
            Ok(stored) => stored.into_iter().map(Ok).collect(),
            Err(e) => {
                tracing::warn!(error = %e, rows = rows.len(), "opinion batch failed; storing them one by one");
                let mut out = Vec::with_capacity(rows.len());
                for opinion in rows {
                    let one = conferences::record_opinions(&db, std::slice::from_ref(&opinion)).await;
                    out.push(one.and_then(|mut v| {
                        v.pop().ok_or_else(|| StorageError::Corrupt("the opinion was not stored".into()))
                    }));
                }
                out
            }
        }
    })
}
