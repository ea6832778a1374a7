//! Group commit: the one writer of comments on an instance.
//!
//! Requests hand their comment to the writer and wait. The writer takes everything
//! queued at that moment (up to [`MAX_BATCH`](crate::storage::comments::MAX_BATCH)
//! rows), writes it with one multi-row INSERT in one transaction, and answers each
//! request only after that transaction has committed. There is no timer: while one
//! batch is being made durable, the next requests queue up, so batches grow with the
//! load and a lone request is written at once.

use tokio::sync::{mpsc, oneshot};

use crate::domain::ReceiptCode;
use crate::storage::comments::{self, MAX_BATCH, NewComment};
use crate::storage::{Db, StorageError};

/// How many comments may wait for the writer before new ones wait to be queued.
const QUEUE: usize = 16_384;

type Reply = oneshot::Sender<Result<(i64, ReceiptCode), String>>;

/// A handle to the writer task; cheap to clone.
#[derive(Debug, Clone)]
pub struct Writer {
    queue: mpsc::Sender<(NewComment, Reply)>,
}

impl Writer {
    /// Starts the writer on the current runtime.
    pub fn spawn(db: Db) -> Self {
        let (queue, rx) = mpsc::channel(QUEUE);
        tokio::spawn(run(db, rx));
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

async fn run(db: Db, mut rx: mpsc::Receiver<(NewComment, Reply)>) {
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
        commit(&db, &mut jobs).await;
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
async fn commit(db: &Db, jobs: &mut Vec<(NewComment, Reply)>) {
    let (rows, replies): (Vec<NewComment>, Vec<Reply>) = jobs.drain(..).unzip();
    match comments::insert_batch(db, &rows).await {
        Ok(stored) => {
            for (reply, stored) in replies.into_iter().zip(stored) {
                // The requester may have gone; the comment is stored all the same.
                let _ = reply.send(Ok(stored));
            }
        }
        Err(e) => {
            // Nothing was stored. Store each comment on its own so that one bad row
            // fails alone.
            tracing::warn!(error = %e, rows = rows.len(), "batch insert failed; storing the comments one by one");
            for (comment, reply) in rows.iter().zip(replies) {
                let _ = reply.send(comments::insert(db, comment).await.map_err(|e| e.to_string()));
            }
        }
    }
}
