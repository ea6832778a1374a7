-- 0012: abuse and privacy.
--
-- A commenter chooses whether their name may be shown to the public
-- (`name_public`). Moderation: `comment.moderation` (present since 0001) is
-- 'visible', 'flagged' (waiting for a moderator; still in the synthesis) or
-- 'hidden' (out of every public view and of the synthesis; never deleted, the text
-- stays in the record), with the reason, who decided and when. Every change is
-- also an audit event.
--
-- Per consultation: comments allowed per minute per account or per anonymous
-- address (NULL = the instance's default, 0 = no limit), and when anonymous
-- commenters must solve a proof-of-work challenge: 'off', 'surge' (when more than
-- `surge_per_minute` comments arrived in the last minute) or 'always', with its
-- difficulty in bits.

ALTER TABLE comment ADD COLUMN name_public SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE comment ADD COLUMN moderation_reason TEXT;
ALTER TABLE comment ADD COLUMN moderated_by BIGINT;
ALTER TABLE comment ADD COLUMN moderated_at BIGINT;
CREATE INDEX comment_moderation ON comment(moderation, consultation_id);

ALTER TABLE consultation ADD COLUMN comments_per_minute BIGINT;
ALTER TABLE consultation ADD COLUMN challenge TEXT NOT NULL DEFAULT 'surge';
ALTER TABLE consultation ADD COLUMN surge_per_minute BIGINT NOT NULL DEFAULT 600;
ALTER TABLE consultation ADD COLUMN challenge_bits BIGINT NOT NULL DEFAULT 18;
