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

use tokio::sync::{Mutex, broadcast, mpsc};

use crate::storage::conferences::{self, CHANNEL};
use crate::storage::dialect::{self, Heard};
use crate::storage::{Db, Result};

/// How many events a room keeps for subscribers that are behind.
const ROOM_BUFFER: usize = 1024;
/// How many events may wait for one subscriber's connection before it is dropped.
const SUBSCRIBER_BUFFER: usize = 256;
/// How many events are read from the database at a time.
const PAGE: i64 = 500;

/// One event, as stored.
#[derive(Debug)]
pub struct LiveEvent {
    pub seq: i64,
    pub kind: String,
    /// JSON.
    pub payload: String,
}

impl From<conferences::EventRow> for LiveEvent {
    fn from(row: conferences::EventRow) -> Self {
        Self { seq: row.seq, kind: row.kind, payload: row.payload }
    }
}

#[derive(Debug)]
struct Room {
    tx: broadcast::Sender<Arc<LiveEvent>>,
    /// The last event broadcast here; `None` until the first subscriber arrives.
    delivered: Mutex<Option<i64>>,
}

/// The live feed of one instance.
#[derive(Debug)]
pub struct LiveHub {
    db: Db,
    rooms: std::sync::Mutex<HashMap<i64, Arc<Room>>>,
    subscribers: AtomicUsize,
    dropped: AtomicU64,
}

impl LiveHub {
    pub fn new(db: Db) -> Arc<Self> {
        Arc::new(Self {
            db,
            rooms: Default::default(),
            subscribers: AtomicUsize::new(0),
            dropped: AtomicU64::new(0),
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
        let mut delivered = room.delivered.lock().await;
        let Some(mut last) = *delivered else { return };
        if last >= seq {
            return;
        }
        loop {
            let events = match conferences::events_after(&self.db.pool, conference, last, PAGE).await {
                Ok(events) => events,
                Err(e) => {
                    tracing::warn!(error = %e, conference, "reading conference events failed");
                    break;
                }
            };
            let full = events.len() as i64 == PAGE;
            for event in events {
                last = event.seq;
                // No receiver left is not an error: the next subscriber replays.
                let _ = room.tx.send(Arc::new(event.into()));
            }
            *delivered = Some(last);
            if !full {
                break;
            }
        }
    }

    /// Follows `conference` from the event after `after`: a channel of events in
    /// order, without gaps. The channel closes when the subscriber falls behind.
    pub async fn subscribe(
        self: &Arc<Self>,
        conference: i64,
        after: i64,
    ) -> Result<mpsc::Receiver<Arc<LiveEvent>>> {
        // Made (or found) and joined under the rooms' lock, so that a room is never
        // removed between the two.
        let (room, mut live) = {
            let mut rooms = self.rooms();
            let room = Arc::clone(rooms.entry(conference).or_insert_with(|| {
                Arc::new(Room { tx: broadcast::channel(ROOM_BUFFER).0, delivered: Mutex::new(None) })
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
        let (out, events) = mpsc::channel(SUBSCRIBER_BUFFER);
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
                        return;
                    }
                };
                let full = page.len() as i64 == PAGE;
                for event in page {
                    last = event.seq;
                    if out.send(Arc::new(event.into())).await.is_err() {
                        return;
                    }
                }
                if !full {
                    break;
                }
            }
            loop {
                let event = tokio::select! {
                    received = live.recv() => received,
                    () = out.closed() => return,
                };
                match event {
                    Ok(event) if event.seq <= last => {}
                    Ok(event) => {
                        let seq = event.seq;
                        if out.try_send(event).is_err() {
                            hub.dropped.fetch_add(1, Ordering::AcqRel);
                            return;
                        }
                        last = seq;
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        hub.dropped.fetch_add(1, Ordering::AcqRel);
                        return;
                    }
                    Err(broadcast::error::RecvError::Closed) => return,
                }
            }
        });
        Ok(events)
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
        let mut seen = Vec::new();
        for _ in 0..6 {
            seen.push(from_start.recv().await.expect("event").seq);
        }
        assert_eq!(seen, vec![1, 2, 3, 4, 5, 6]);
        let mut seen = Vec::new();
        for _ in 0..5 {
            seen.push(from_now.recv().await.expect("event").seq);
        }
        assert_eq!(seen, vec![2, 3, 4, 5, 6]);
        assert!(from_now.try_recv().is_err(), "nothing more, nothing twice");
    }

    #[tokio::test]
    async fn a_subscriber_that_never_reads_is_dropped_and_the_others_go_on() {
        let (_dir, db, id, point) = conference().await;
        let hub = LiveHub::new(db.clone());
        let stalled = hub.subscribe(id, 1).await.expect("subscribe");
        let mut reader = hub.subscribe(id, 1).await.expect("subscribe");
        assert_eq!(hub.subscribers(), 2);
        let total = SUBSCRIBER_BUFFER + 40;
        let mut got = 0;
        for n in 0..total {
            request(&db, id, point, n).await;
            hub.catch_up(id).await;
            // The reader keeps up.
            while let Ok(event) = reader.try_recv() {
                got += 1;
                assert_eq!(event.seq, 1 + got as i64);
            }
            tokio::task::yield_now().await;
        }
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while got < total {
            match tokio::time::timeout(std::time::Duration::from_secs(5), reader.recv()).await {
                Ok(Some(event)) => {
                    got += 1;
                    assert_eq!(event.seq, 1 + got as i64);
                }
                other => panic!("the reader stopped after {got} events: {other:?}"),
            }
            assert!(std::time::Instant::now() < deadline);
        }
        // The stalled one was cut off once its buffer filled; its channel ends.
        while hub.subscribers() > 1 {
            assert!(std::time::Instant::now() < deadline, "the stalled subscriber is still counted");
            tokio::task::yield_now().await;
        }
        assert_eq!(hub.dropped(), 1);
        let mut stalled = stalled;
        let mut buffered = 0;
        while stalled.recv().await.is_some() {
            buffered += 1;
        }
        assert_eq!(buffered, SUBSCRIBER_BUFFER, "it got what fitted in its buffer, then the end");
    }
}
