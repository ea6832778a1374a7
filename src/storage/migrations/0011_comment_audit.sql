-- 0011: comments in the audit trail. Every batch of comments stored writes one
-- `comments.received` event listing each comment's id and digest; the event records
-- the range of ids it covers so that a receipt finds its event by index. The range
-- repeats what the hashed detail says: it is not part of the hash.

ALTER TABLE audit_event ADD COLUMN first_ref BIGINT;
ALTER TABLE audit_event ADD COLUMN last_ref BIGINT;
CREATE INDEX audit_event_refs ON audit_event(action, first_ref);
