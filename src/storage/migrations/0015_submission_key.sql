-- 0015: the commenter's submission key (a double click, a retried request).
--
-- A web form's script adds a key to each submission (kept until the form is edited),
-- and an API client may send an `Idempotency-Key` header. A comment stored with a key is stored once: the same
-- key on the same consultation again answers with the first comment's receipt.
-- Comments without a key (most API clients, letters, imports, opinions) have no
-- entry in the index. Web keys begin with the time they were made, so new
-- entries land at the end of the index, not on scattered leaves.

ALTER TABLE comment ADD COLUMN submission_key TEXT;

CREATE UNIQUE INDEX comment_submission_key ON comment(consultation_id, submission_key)
    WHERE submission_key IS NOT NULL;
