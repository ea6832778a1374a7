//! The live feed of conferences: numbered events delivered to every subscriber on
//! every instance.
//!
//! Events are rows (`conference_event`), numbered per conference in commit order (see
//! `storage::conferences`). Each instance keeps one room per conference someone here
//! follows, with the number of the last event it delivered. After a change commits,
//! the instance that made it calls [`LiveHub::catch_up`]; on PostgreSQL every
//! instance also hears the change through LISTEN/NOTIFY and does the same. Catching
//! up reads the events after the last delivered one and broadcasts them in order, so
//! a notification heard twice, or late, delivers nothing twice and loses nothing.
//!
//! A subscriber gets the events after the number it names (its browser's
//! `Last-Event-ID`, or the page's), then the live ones. One that does not read fast
//! enough is dropped at once — its buffer is small and no one waits for it — and its
//! browser, reconnecting, resumes from the last event it received.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use bytes::Bytes;
use tokio::sync::{Mutex, broadcast, mpsc};

use crate::storage::conferences::{self, CHANNEL};
use crate::storage::dialect::{self, Heard};
use crate::storage::{Db, Result};

/// How many events a room keeps for subscribers that are behind.
const ROOM_BUFFER: usize = 1024;
/// How many batches (each the events that arrived together) may wait for one
/// subscriber's connection before it is dropped.
const SUBSCRIBER_BUFFER: usize = 256;
/// How many events are read from the database at a time.
const PAGE: i64 = 500;

/// One event, as stored, and as it goes out: a server-sent-events frame rendered
/// once for every subscriber.
#[derive(Debug)]
pub struct LiveEvent {
    pub seq: i64,
    pub frame: Bytes,
}

impl From<conferences::EventRow> for LiveEvent {
    fn from(row: conferences::EventRow) -> Self {
        let mut frame = format!("id: {}\nevent: {}\n", row.seq, row.kind);
        // Payloads are compact JSON, one line; should one ever hold a line break,
        // each line is its own data field and the browser joins them again.
        for line in row.payload.split('\n') {
            frame.push_str("data: ");
            frame.push_str(line.trim_end_matches('\r'));
            frame.push('\n');
        }
        frame.push('\n');
        Self { seq: row.seq, frame: Bytes::from(frame) }
    }
}

/// Events read together, rendered once into one buffer that every subscriber's
/// connection shares (each sends it, or the part it has not had, in one write).
#[derive(Debug)]
pub struct LiveBatch {
    /// The first and last event numbers.
    pub first: i64,
    pub last: i64,
    frames: Bytes,
    /// Where each event's frame starts in `frames`.
    starts: Vec<(i64, usize)>,
}

impl LiveBatch {
    fn of(rows: Vec<conferences::EventRow>) -> Option<Self> {
        let (first, last) = (rows.first()?.seq, rows.last()?.seq);
        let events: Vec<LiveEvent> = rows.into_iter().map(LiveEvent::from).collect();
        let mut frames = Vec::with_capacity(events.iter().map(|e| e.frame.len()).sum());
        let mut starts = Vec::with_capacity(events.len());
        for event in &events {
            starts.push((event.seq, frames.len()));
            frames.extend_from_slice(&event.frame);
        }
        Some(Self { first, last, frames: Bytes::from(frames), starts })
    }

    /// The frames of the events numbered above `seen` (shared, not copied).
    pub fn after(&self, seen: i64) -> Option<Bytes> {
        if seen >= self.last {
            return None;
        }
        if seen < self.first {
            return Some(self.frames.clone());
        }
        let at = self.starts.iter().find(|(seq, _)| *seq > seen).map_or(self.frames.len(), |(_, at)| *at);
        Some(self.frames.slice(at..))
    }
}

/// Frames that arrived together, for one subscriber.
pub type Batch = Vec<Bytes>;

/// What a subscriber's connection is sent when nothing happens for a while, so
/// that proxies keep it open (an SSE comment).
const KEEP_ALIVE: &[u8] = b": \n\n";
/// How often.
const KEEP_ALIVE_EVERY: std::time::Duration = std::time::Duration::from_secs(15);

#[derive(Debug)]
struct Room {
    tx: broadcast::Sender<Arc<LiveBatch>>,
    /// The last event broadcast here; `None` until the first subscriber arrives.
    /// Whoever holds the lock delivers.
    delivered: Mutex<Option<i64>>,
    /// Set after a commit: there may be events to deliver. A caller that finds the
    /// lock held leaves them to its holder, who looks again before leaving, so a
    /// burst of commits costs a few reads, not one each.
    pending: std::sync::atomic::AtomicBool,
}

/// The live feed of one instance.
#[derive(Debug)]
pub struct LiveHub {
    db: Db,
    rooms: std::sync::Mutex<HashMap<i64, Arc<Room>>>,
    subscribers: AtomicUsize,
    dropped: AtomicU64,
    /// Set when the instance shuts down: every feed ends, so that the server's
    /// graceful shutdown does not wait on streams that never finish.
    closing: tokio::sync::watch::Sender<bool>,
}

impl LiveHub {
    pub fn new(db: Db) -> Arc<Self> {
        Arc::new(Self {
            db,
            rooms: Default::default(),
            subscribers: AtomicUsize::new(0),
            dropped: AtomicU64::new(0),
            closing: tokio::sync::watch::channel(false).0,
        })
    }

    /// On PostgreSQL, follows the other instances' changes (LISTEN/NOTIFY).
    pub fn listen(self: &Arc<Self>) {
        let hub = Arc::clone(self);
        let runtime = tokio::runtime::Handle::current();
        dialect::spawn_listener(&self.db.pool, CHANNEL, move |heard| {
            let hub = Arc::clone(&hub);
            match heard {
                Heard::Payload(payload) => {
                    let Some((conference, seq)) = payload.split_once(':') else { return };
                    let (Ok(conference), Ok(seq)) = (conference.parse::<i64>(), seq.parse::<i64>()) else {
                        return;
                    };
                    runtime.spawn(async move { hub.catch_up_to(conference, seq).await });
                }
                Heard::Reconnected => {
                    runtime.spawn(async move {
                        let conferences: Vec<i64> = hub.rooms().keys().copied().collect();
                        for conference in conferences {
                            hub.catch_up(conference).await;
                        }
                    });
                }
            }
        });
    }

    fn rooms(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Arc<Room>>> {
        self.rooms.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Ends every feed (the browsers reconnect to another instance, or later).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Subscribers connected to this instance now.
    pub fn subscribers(&self) -> usize {
        self.subscribers.load(Ordering::Acquire)
    }

    /// Subscribers dropped for not keeping up, since start.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Acquire)
    }

    /// Delivers the events of `conference` committed since the last delivery here.
    /// Call it after committing a change (any instance may, any number of times).
    pub async fn catch_up(&self, conference: i64) {
        self.catch_up_to(conference, i64::MAX).await;
    }

    /// [`Self::catch_up`], skipped when event `seq` was already delivered.
    async fn catch_up_to(&self, conference: i64, seq: i64) {
        let Some(room) = self.rooms().get(&conference).cloned() else { return };
        if room.tx.receiver_count() == 0 {
            let mut rooms = self.rooms();
            if rooms.get(&conference).is_some_and(|r| r.tx.receiver_count() == 0) {
                rooms.remove(&conference);
            }
            return;
        }
        if let Ok(delivered) = room.delivered.try_lock()
            && delivered.is_some_and(|d| d >= seq)
        {
            return;
        }
        room.pending.store(true, Ordering::SeqCst);
        loop {
            // Held: its holder will see `pending` and read again.
            let Ok(mut delivered) = room.delivered.try_lock() else { return };
            if !room.pending.swap(false, Ordering::SeqCst) {
                return;
            }
            let Some(mut last) = *delivered else { return };
            loop {
                let events = match conferences::events_after(&self.db.pool, conference, last, PAGE).await {
                    Ok(events) => events,
                    Err(e) => {
                        tracing::warn!(error = %e, conference, "reading conference events failed");
                        break;
                    }
                };
                let full = events.len() as i64 == PAGE;
                if let Some(batch) = LiveBatch::of(events) {
                    last = batch.last;
                    // No receiver left is not an error: the next subscriber replays.
                    let _ = room.tx.send(Arc::new(batch));
                }
                *delivered = Some(last);
                if !full {
                    break;
                }
            }
            drop(delivered);
            if !room.pending.load(Ordering::SeqCst) {
                return;
            }
        }
    }

    /// Follows `conference` from the event after `after`: a channel of batches of
    /// rendered events, in order, without gaps (the events that arrived together; the
    /// frames are shared, not copied, and go out in one write). The channel closes
    /// when the subscriber falls behind or the instance shuts down.
    pub async fn subscribe(self: &Arc<Self>, conference: i64, after: i64) -> Result<mpsc::Receiver<Batch>> {
        // Made (or found) and joined under the rooms' lock, so that a room is never
        // removed between the two.
        let (room, mut live) = {
            let mut rooms = self.rooms();
            let room = Arc::clone(rooms.entry(conference).or_insert_with(|| {
                Arc::new(Room {
                    tx: broadcast::channel(ROOM_BUFFER).0,
                    delivered: Mutex::new(None),
                    pending: Default::default(),
                })
            }));
            let live = room.tx.subscribe();
            (room, live)
        };
        {
            // From here on, everything committed later is broadcast to `live`.
            let mut delivered = room.delivered.lock().await;
            if delivered.is_none() {
                *delivered = Some(conferences::last_event(&self.db.pool, conference).await?);
            }
        }
        // A commit that found the lock held by the lines above is delivered now.
        if room.pending.load(Ordering::SeqCst) {
            self.catch_up(conference).await;
        }
        let (out, chunks) = mpsc::channel(SUBSCRIBER_BUFFER);
        let mut closing = self.closing.subscribe();
        if *closing.borrow_and_update() {
            return Ok(chunks);
        }
        let hub = Arc::clone(self);
        hub.subscribers.fetch_add(1, Ordering::AcqRel);
        tokio::spawn(async move {
            let _count = Leave(&hub.subscribers);
            // Replay what was committed after `after`, page by page, then go live,
            // skipping what the replay already sent.
            let mut last = after.max(0);
            loop {
                let page = match conferences::events_after(&hub.db.pool, conference, last, PAGE).await {
                    Ok(page) => page,
                    Err(e) => {
                        tracing::warn!(error = %e, conference, "replaying conference events failed");
                        crate::metrics::job_failed("live_replay");
                        return;
                    }
                };
                let full = page.len() as i64 == PAGE;
                if let Some(batch) = LiveBatch::of(page) {
                    last = batch.last;
                    if out.send(vec![batch.frames.clone()]).await.is_err() {
                        return;
                    }
                }
                if !full {
                    break;
                }
            }
            let mut keep_alive = tokio::time::interval(KEEP_ALIVE_EVERY);
            keep_alive.reset();
            loop {
                let batch = tokio::select! {
                    received = live.recv() => {
                        // Take everything that has arrived with it: one batch, one write.
                        let mut batch = Batch::new();
                        let mut next = received;
                        loop {
                            match next {
                                Ok(received) => {
                                    if let Some(frames) = received.after(last) {
                                        last = received.last;
                                        batch.push(frames);
                                    }
                                }
                                Err(broadcast::error::RecvError::Lagged(_)) => {
                                    hub.dropped.fetch_add(1, Ordering::AcqRel);
                                    return;
                                }
                                Err(broadcast::error::RecvError::Closed) => return,
                            }
                            next = match live.try_recv() {
                                Ok(event) => Ok(event),
                                Err(broadcast::error::TryRecvError::Lagged(n)) => Err(broadcast::error::RecvError::Lagged(n)),
                                Err(broadcast::error::TryRecvError::Closed) => Err(broadcast::error::RecvError::Closed),
                                Err(broadcast::error::TryRecvError::Empty) => break,
                            };
                        }
                        if batch.is_empty() {
                            continue;
                        }
                        batch
                    }
                    _ = keep_alive.tick() => vec![Bytes::from_static(KEEP_ALIVE)],
                    () = out.closed() => return,
                    _ = closing.changed() => return,
                };
                if out.try_send(batch).is_err() {
                    // Full (it does not read) or gone: nobody waits for it.
                    if !out.is_closed() {
                        hub.dropped.fetch_add(1, Ordering::AcqRel);
                    }
                    return;
                }
            }
        });
        Ok(chunks)
    }
}

/// Counts a subscriber out when its task ends, however it ends.
struct Leave<'a>(&'a AtomicUsize);

impl Drop for Leave<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{consultations, dossiers, organisations};

    /// A conference with one point on a fresh SQLite database.
    async fn conference() -> (tempfile::TempDir, Db, i64, i64) {
        let dir = tempfile::tempdir().expect("dir");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("live.db").display());
        let db = Db::open(&url).await.expect("db");
        let pool = &db.pool;
        let org = organisations::insert(pool, None, "central", "BTCTW", "Ban Tổ chức Trung ương")
            .await
            .expect("org");
        let dossier = dossiers::insert(
            pool,
            &dossiers::NewDossier {
                title: "Hồ sơ",
                summary: "",
                drafting_org_id: org,
                approving_body: "Bộ Chính trị",
                keywords: &[],
            },
        )
        .await
        .expect("dossier");
        let consultation = consultations::insert(
            pool,
            &consultations::NewConsultation {
                dossier_id: dossier,
                title: "Đợt 1",
                opens_at: 0,
                closes_at: i64::MAX / 2,
                audience: "public",
                version_ids: &[],
                invitations: &[],
            },
        )
        .await
        .expect("consultation");
        let id = conferences::create(
            &db,
            None,
            &conferences::NewConference {
                dossier_id: dossier,
                consultation_id: consultation,
                title: "Hội nghị".into(),
                starts_at: 0,
                place: String::new(),
                chairs: String::new(),
                video_url: String::new(),
                agenda: Vec::new(),
            },
        )
        .await
        .expect("conference");
        let point = conferences::add_point(
            &db,
            None,
            id,
            &conferences::NewPoint {
                organisation_id: org,
                central: true,
                location: String::new(),
                secretary_user_id: None,
                delegates: Vec::new(),
            },
        )
        .await
        .expect("point")
        .expect("new point");
        (dir, db, id, point)
    }

    async fn request(db: &Db, conference: i64, point: i64, n: usize) {
        let new = conferences::NewRequest {
            point_id: point,
            speaker: format!("Đại biểu {n}"),
            draft_id: None,
            provision_id: None,
        };
        conferences::request_floor(db, None, conference, &new).await.expect("request");
    }

    /// The event ids in a batch of frames.
    fn ids(batch: &Batch) -> Vec<i64> {
        batch
            .iter()
            .flat_map(|frame| std::str::from_utf8(frame).expect("frames are UTF-8").lines())
            .filter_map(|l| l.strip_prefix("id: ")?.parse().ok())
            .collect()
    }

    /// Reads `n` events from a subscription.
    async fn take(feed: &mut mpsc::Receiver<Batch>, n: usize) -> Vec<i64> {
        let mut seen = Vec::new();
        while seen.len() < n {
            let chunk = tokio::time::timeout(std::time::Duration::from_secs(5), feed.recv())
                .await
                .expect("in time")
                .expect("a chunk");
            seen.extend(ids(&chunk));
        }
        seen
    }

    #[test]
    fn a_batch_gives_each_subscriber_what_it_has_not_had() {
        let row = |seq: i64| conferences::EventRow {
            conference_id: 1,
            seq,
            kind: "queue".into(),
            payload: format!("{{\"n\":{seq}}}"),
            created_at: 0,
        };
        let batch = LiveBatch::of(vec![row(4), row(5), row(6)]).expect("a batch");
        let text = |b: Option<Bytes>| b.map(|b| String::from_utf8(b.to_vec()).expect("UTF-8"));
        assert_eq!(text(batch.after(3)).expect("all").matches("id: ").count(), 3);
        assert_eq!(
            text(batch.after(4)).expect("two"),
            "id: 5\nevent: queue\ndata: {\"n\":5}\n\nid: 6\nevent: queue\ndata: {\"n\":6}\n\n"
        );
        assert_eq!(batch.after(6), None);
        assert!(LiveBatch::of(Vec::new()).is_none());
    }

    #[test]
    fn frames_are_rendered_once_as_server_sent_events() {
        let event = LiveEvent::from(conferences::EventRow {
            conference_id: 1,
            seq: 7,
            kind: "opinion".into(),
            payload: "{\"a\":1}\n{\"b\":2}".into(),
            created_at: 0,
        });
        assert_eq!(&event.frame[..], b"id: 7\nevent: opinion\ndata: {\"a\":1}\ndata: {\"b\":2}\n\n");
    }

    #[tokio::test]
    async fn a_subscriber_gets_every_event_in_order_from_where_it_asks() {
        let (_dir, db, id, point) = conference().await;
        let hub = LiveHub::new(db.clone());
        // Event 1 is the point's attendance; replay from 0 includes it.
        let mut from_start = hub.subscribe(id, 0).await.expect("subscribe");
        let mut from_now = hub.subscribe(id, 1).await.expect("subscribe");
        for n in 0..5 {
            request(&db, id, point, n).await;
            hub.catch_up(id).await;
        }
        // A notification heard twice delivers nothing twice.
        hub.catch_up(id).await;
        assert_eq!(take(&mut from_start, 6).await, vec![1, 2, 3, 4, 5, 6]);
        assert_eq!(take(&mut from_now, 5).await, vec![2, 3, 4, 5, 6]);
        assert!(from_now.try_recv().is_err(), "nothing more, nothing twice");
    }

    #[tokio::test]
    async fn a_subscriber_that_never_reads_is_dropped_and_the_others_go_on() {
        let (_dir, db, id, point) = conference().await;
        let hub = LiveHub::new(db.clone());
        let mut stalled = hub.subscribe(id, 1).await.expect("subscribe");
        let mut reader = hub.subscribe(id, 1).await.expect("subscribe");
        assert_eq!(hub.subscribers(), 2);
        let total = 2 * SUBSCRIBER_BUFFER;
        let mut seen = Vec::new();
        for n in 0..total {
            request(&db, id, point, n).await;
            hub.catch_up(id).await;
            // The reader keeps up.
            while let Ok(chunk) = reader.try_recv() {
                seen.extend(ids(&chunk));
            }
            tokio::task::yield_now().await;
        }
        let rest = total - seen.len();
        seen.extend(take(&mut reader, rest).await);
        assert_eq!(seen, (2..2 + total as i64).collect::<Vec<_>>(), "all, in order");
        // The stalled one was cut off once its buffer filled; its channel ends.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while hub.subscribers() > 1 {
            assert!(std::time::Instant::now() < deadline, "the stalled subscriber is still counted");
            tokio::task::yield_now().await;
        }
        assert_eq!(hub.dropped(), 1);
        let mut chunks = 0;
        while stalled.recv().await.is_some() {
            chunks += 1;
        }
        assert_eq!(chunks, SUBSCRIBER_BUFFER, "it got what fitted in its buffer, then the end");
    }

    #[tokio::test]
    async fn closing_the_hub_ends_every_feed() {
        let (_dir, db, id, _) = conference().await;
        let hub = LiveHub::new(db.clone());
        let mut feed = hub.subscribe(id, 1).await.expect("subscribe");
        hub.close();
        let end =
            tokio::time::timeout(std::time::Duration::from_secs(5), feed.recv()).await.expect("in time");
        assert!(end.is_none());
        assert!(hub.subscribe(id, 1).await.expect("subscribe").recv().await.is_none(), "no new feed either");
    }
}
