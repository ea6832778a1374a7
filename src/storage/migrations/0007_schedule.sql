-- 0007: the schedule (tiến độ) of a dossier. A milestone is due at an instant (epoch
-- ms); a date-only deadline ("hạn 15/5") is due at 23:59:59.999 Vietnam time that day
-- (all_day = 1). Consultation windows come from the consultation table. A calendar
-- feed token lets a team member's calendar program read the dossiers' schedule
-- without a session.

CREATE TABLE milestone (
    id {id},
    dossier_id BIGINT NOT NULL REFERENCES dossier(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    due_at BIGINT NOT NULL,
    all_day SMALLINT NOT NULL DEFAULT 1,
    done_at BIGINT,
    created_by BIGINT REFERENCES app_user(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX milestone_dossier ON milestone(dossier_id, due_at);

CREATE TABLE calendar_feed (
    token TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES app_user(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX calendar_feed_user ON calendar_feed(user_id);
