//! Group commit: the one writer of comments on an instance.
//!
//! Requests hand their comment to the writer and wait. The writer takes everything
//! queued at that moment (up to [`MAX_BATCH`](crate::storage::comments::MAX_BATCH)
//! rows), writes it with one multi-row INSERT in one transaction, and answers each
//! request only after that transaction has committed. There is no timer: while one
//! batch is being made durable, the next requests queue up, so batches grow with the
//! load and a lone request is written at once.

use sqlx::AnyPool;
use tokio::sync::{mpsc, oneshot};

use crate::domain::ReceiptCode;
use crate::storage::StorageError;
use crate::storage::comments::{self, MAX_BATCH, NewComment};

/// How many comments may wait for the writer before new ones wait to be queued.
const QUEUE: usize = 16_384;

type Reply = oneshot::Sender<Result<(i64, ReceiptCode), String>>;

/// A handle to the writer task; cheap to clone.
#[derive(Debug, Clone)]
pub struct Writer {
    queue: mpsc::Sender<(NewComment, Reply)>,
}

/// Figures of the writer, for benchmarks and metrics.
#[derive(Debug, Default)]
pub struct WriterStats {
    pub batches: std::sync::atomic::AtomicU64,
    pub rows: std::sync::atomic::AtomicU64,
}

impl Writer {
    /// Starts the writer on the current runtime.
    pub fn spawn(pool: AnyPool, stats: std::sync::Arc<WriterStats>) -> Self {
        let (queue, rx) = mpsc::channel(QUEUE);
        tokio::spawn(run(pool, rx, stats));
        Self { queue }
    }

    /// Stores `comment`; returns once it is committed.
    pub async fn write(&self, comment: NewComment) -> Result<(i64, ReceiptCode), StorageError> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send((comment, reply))
            .await
            .map_err(|_| StorageError::Corrupt("the comment writer has stopped".into()))?;
        match answer.await {
            Ok(Ok(stored)) => Ok(stored),
            Ok(Err(e)) => Err(StorageError::Corrupt(e)),
            Err(_) => Err(StorageError::Corrupt("the comment writer stopped before answering".into())),
        }
    }
}

async fn run(pool: AnyPool, mut rx: mpsc::Receiver<(NewComment, Reply)>, stats: std::sync::Arc<WriterStats>) {
    let mut jobs: Vec<(NewComment, Reply)> = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = rx.recv().await {
        jobs.push(first);
        drain(&mut rx, &mut jobs);
        if jobs.len() < MAX_BATCH {
            // Let requests that are already running reach the queue, then take them
            // too: a yield, not a timer.
            tokio::task::yield_now().await;
            drain(&mut rx, &mut jobs);
        }
        stats.batches.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        stats.rows.fetch_add(jobs.len() as u64, std::sync::atomic::Ordering::Relaxed);
        commit(&pool, &mut jobs).await;
    }
}

fn drain(rx: &mut mpsc::Receiver<(NewComment, Reply)>, jobs: &mut Vec<(NewComment, Reply)>) {
    while jobs.len() < MAX_BATCH {
        match rx.try_recv() {
            Ok(job) => jobs.push(job),
            Err(_) => break,
        }
    }
}

/// Writes `jobs` in one transaction and answers them; empties `jobs`.
async fn commit(pool: &AnyPool, jobs: &mut Vec<(NewComment, Reply)>) {
    let rows: Vec<NewComment> = jobs.iter().map(|(c, _)| c.clone()).collect();
    for _ in 0..3 {
        let codes = comments::distinct_codes(rows.len());
        match comments::insert_batch(pool, &rows, &codes).await {
            Ok(ids) => {
                for ((_, reply), (id, code)) in jobs.drain(..).zip(ids.into_iter().zip(codes)) {
                    // The requester may have gone; the comment is stored all the same.
                    let _ = reply.send(Ok((id, code)));
                }
                return;
            }
            // A receipt code already taken: nothing was stored; draw new codes.
            Err(e) if comments::is_unique_violation(&e) => continue,
            Err(e) => {
                tracing::warn!(error = %e, rows = rows.len(), "batch insert failed; storing the comments one by one");
                break;
            }
        }
    }
    // The batch failed as a whole: store each comment on its own so that one bad row
    // fails alone.
    for (comment, reply) in jobs.drain(..) {
        let result = comments::insert(pool, &comment).await.map_err(|e| e.to_string());
        let _ = reply.send(result);
    }
}
