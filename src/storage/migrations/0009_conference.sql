-- 0009: online conferences (hội nghị trực tuyến). A conference belongs to a dossier
-- and records its opinions as comments of one consultation (channel 'conference').
-- Every change a live page must show is also an event in conference_event, numbered
-- per conference by conference.event_seq: the number is taken under the conference
-- row's lock in the transaction of the change, so events of one conference commit
-- in number order, without gaps, on both engines. A reconnecting browser resumes
-- from the last number it saw.
-- state: 'scheduled', 'open' (recording), 'closed'.

CREATE TABLE conference (
    id {id},
    dossier_id BIGINT NOT NULL REFERENCES dossier(id),
    consultation_id BIGINT NOT NULL REFERENCES consultation(id),
    title TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    place TEXT NOT NULL,
    chairs TEXT NOT NULL,
    video_url TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'scheduled',
    opened_at BIGINT,
    closed_at BIGINT,
    floor_request_id BIGINT,
    event_seq BIGINT NOT NULL DEFAULT 0,
    conclusions TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES app_user(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX conference_dossier ON conference(dossier_id);

-- The drafts discussed, in order.
CREATE TABLE conference_agenda (
    conference_id BIGINT NOT NULL REFERENCES conference(id),
    position BIGINT NOT NULL,
    draft_id BIGINT NOT NULL REFERENCES draft(id),
    PRIMARY KEY (conference_id, position),
    UNIQUE (conference_id, draft_id)
);

-- A connection point (điểm cầu): an organisation's site, with its secretary.
CREATE TABLE bridge_point (
    id {id},
    conference_id BIGINT NOT NULL REFERENCES conference(id),
    organisation_id BIGINT NOT NULL REFERENCES organisation(id),
    central SMALLINT NOT NULL DEFAULT 0,
    location TEXT NOT NULL,
    secretary_user_id BIGINT REFERENCES app_user(id),
    position BIGINT NOT NULL,
    UNIQUE (conference_id, organisation_id)
);
CREATE INDEX bridge_point_secretary ON bridge_point(secretary_user_id);

CREATE TABLE delegate (
    id {id},
    point_id BIGINT NOT NULL REFERENCES bridge_point(id),
    name TEXT NOT NULL,
    position_title TEXT NOT NULL,
    checked_in_at BIGINT,
    checked_in_by BIGINT REFERENCES app_user(id)
);
CREATE INDEX delegate_point ON delegate(point_id);

-- state: 'waiting', 'speaking', 'done', 'withdrawn'. queue_order sorts the waiting.
CREATE TABLE speak_request (
    id {id},
    conference_id BIGINT NOT NULL REFERENCES conference(id),
    point_id BIGINT NOT NULL REFERENCES bridge_point(id),
    speaker TEXT NOT NULL,
    draft_id BIGINT REFERENCES draft(id),
    provision_id BIGINT REFERENCES provision(id),
    state TEXT NOT NULL,
    queue_order BIGINT NOT NULL,
    requested_by BIGINT REFERENCES app_user(id),
    requested_at BIGINT NOT NULL,
    granted_at BIGINT,
    finished_at BIGINT
);
CREATE INDEX speak_request_conference ON speak_request(conference_id, state, queue_order);

-- An opinion on record: the comment, and where and by whom it was spoken.
CREATE TABLE conference_opinion (
    comment_id BIGINT PRIMARY KEY REFERENCES comment(id),
    conference_id BIGINT NOT NULL REFERENCES conference(id),
    point_id BIGINT NOT NULL REFERENCES bridge_point(id),
    speaker TEXT NOT NULL,
    speak_request_id BIGINT REFERENCES speak_request(id),
    recorded_by BIGINT REFERENCES app_user(id),
    recorded_at BIGINT NOT NULL
);
CREATE INDEX conference_opinion_conference ON conference_opinion(conference_id, comment_id);

-- kind: 'state', 'attendance', 'queue', 'opinion'; payload: JSON.
CREATE TABLE conference_event (
    conference_id BIGINT NOT NULL REFERENCES conference(id),
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (conference_id, seq)
);
