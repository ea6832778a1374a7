-- 0010: sign-in protection. Failed sign-ins are counted in the database, so that
-- throttling and lockout hold across every instance; a user's session generation is
-- part of what every session is checked against, so bumping it signs the user out
-- everywhere.

CREATE TABLE sign_in_failure (
    id {id},
    login TEXT NOT NULL,
    address TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX sign_in_failure_login ON sign_in_failure(login, at);
CREATE INDEX sign_in_failure_address ON sign_in_failure(address, at);

ALTER TABLE app_user ADD COLUMN session_generation BIGINT NOT NULL DEFAULT 0;
