# Public pages: dossiers, reading and commenting on drafts, receipts, the published
# responses; the account page; submission; personal data. Every key is also in
# locales/vi/public.ftl.

pub-crumbs = You are here
pub-crumbs-dossier = Dossier
pub-whole-draft = The whole draft
pub-comments-count = { $count ->
    [one] { $count } comment
   *[other] { $count } comments
}
pub-views-count = { $count ->
    [one] { $count } view
   *[other] { $count } views
}
pub-keywords = Keywords:

## Dossier

pub-dossier-drafting-org = Drafting body:
pub-dossier-approving-body = Approving body:
pub-dossier-result = Outcome:
pub-dossier-submitted-to = the dossier was submitted to
pub-dossier-submitted-on = on { $date }. The responses to the comments of each consultation are published below.
pub-dossier-drafts = Drafts in this dossier
pub-dossier-col-kind = Type
pub-dossier-col-title = Draft
pub-dossier-col-views = Views
pub-dossier-col-comments = Comments
pub-dossier-unpublished = not yet published
pub-dossier-rounds = Consultations
pub-dossier-no-rounds = No consultation has been held yet.
pub-dossier-round-period = from { $min } until the end of { $max }
pub-dossier-round-open = open
pub-dossier-round-closed = closed
pub-dossier-send-letter = Send an official comment letter
pub-dossier-answers = Responses to comments

## Draft reader

pub-draft-version = Draft { $count }
pub-draft-published = published { $date }
pub-draft-open-until = comments accepted until the end of { $date }
pub-draft-days-left = { $days ->
    [one] { $days } day left
   *[other] { $days } days left
}
pub-draft-ended = closed on { $date }.
pub-draft-not-open = This draft is not open for comment at the moment.
pub-draft-invited-only = This consultation is open to invited organisations only. Please sign in with your organisation's representative account.
pub-draft-own-list = Your organisation’s list for the review: view and send it
pub-draft-whole-summary = General comments on the whole draft ({ $count })
pub-draft-whole-count = General comments on the whole draft: { $count }
pub-draft-comment-count-title = Number of comments
pub-draft-agree = Agree
pub-draft-disagree = Disagree
pub-draft-comment = Comment

## Comment form

pub-form-body = Your comment
pub-form-required = (required)
pub-form-quote = Passage of the text you are commenting on (optional)
pub-form-name = Full name (optional)
pub-form-email = E-mail (optional)
pub-form-name-public = Show my name in the synthesis report published on the portal
pub-form-name-note = If you leave this unticked, your name is used only in the drafting body's records; your e-mail is never made public.
pub-form-as-org = This comment is recorded on behalf of
pub-form-send = Send comment
pub-form-challenge-working = Checking your browser before sending the comment…
pub-form-challenge-done = Checked; sending the comment…
pub-form-challenge-failed = Your browser could not be checked; the comment will be sent for the server to handle.

## Sending a comment, marking agreement

pub-comment-version-not-in-draft = This version does not belong to this draft.
pub-comment-closed = This draft is not open for comment at the moment; no more comments are accepted.
pub-comment-bad-provision = The provision number is not valid.
pub-agreement-bad = This choice is not valid.
pub-comment-empty = The comment is empty.
pub-comment-too-long = The comment is { $count } characters long, over the limit of { $max } characters.
pub-comment-quote-too-long = The quoted passage is { $count } characters long, over the limit of { $max } characters.
pub-comment-name-too-long = The name is longer than { $max } characters.
pub-comment-email-too-long = The e-mail address is longer than { $max } characters.
pub-comment-email-invalid = The e-mail address is not valid (for example: name@example.vn): correct it or leave it empty.
pub-intake-no-consultation = The consultation was not found.
pub-intake-closed = The consultation has not opened yet or has ended; no more comments are accepted.
pub-intake-submitted = This consultation’s dossier has been submitted to the approving body; no more comments are accepted.
pub-intake-not-invited = This consultation is open to invited organisations only; please sign in with your organisation's representative account.
pub-intake-foreign-provision = The provision commented on is not part of a draft in this consultation.
pub-intake-foreign-version = This version of the draft is not part of this consultation.
pub-intake-version-required = This consultation covers several drafts: name the provision (provision_id) or the draft version (version_id) commented on.
pub-refused-title = Comment not sent
pub-refused-heading = Your comment was not sent
pub-refused-kept = What you typed is kept below: correct it if needed and send it again.
pub-refused-keep-copy = What you typed is shown below, for you to copy and keep.
pub-refused-on = Comment on
pub-refused-on-whole = Comment on the whole draft
pub-refused-back = Back to the draft
pub-intake-key-invalid = The submission key (Idempotency-Key) must be 1 to { $max } visible ASCII characters, without spaces.
pub-intake-key-reused = This submission key was already used for a different comment in this consultation; each new comment needs a new key.
pub-intake-rate-limited = { $count ->
    [one] You have sent too many comments in a short time. Please try again in { $count } second.
   *[other] You have sent too many comments in a short time. Please try again in { $count } seconds.
}
pub-challenge-missing = Comments are surging: comments sent without signing in must first be checked automatically by your browser. Please turn on JavaScript and send your comment again, or sign in to comment.
pub-challenge-invalid = The verification code is not valid. Please reload the page and send your comment again.
pub-challenge-expired = The verification code has expired. Please send your comment again.
pub-challenge-reused = The verification code has already been used. Please send your comment again.

## Forms (every page)

pub-form-too-large = The data sent is larger than allowed.
pub-form-unreadable = The form data could not be read.
pub-form-invalid-utf8 = The data sent is not valid UTF-8 text; please enter your text again.
pub-form-invalid = The form data is not valid: { $what }

## Receipt

pub-receipt-title = Receipt { $code }
pub-receipt-sent = Your comment has been received. Please keep the receipt code to look it up later.
pub-receipt-heading = Comment receipt
pub-receipt-code = Receipt code:
pub-receipt-received = Received
pub-receipt-draft = Draft
pub-receipt-on = Comment on
pub-receipt-author = Commenter
pub-receipt-anonymous = Name not given
pub-receipt-name-public = The name is shown in the published synthesis report.
pub-receipt-name-private = The name is not made public.
pub-receipt-channel = Channel
pub-receipt-quote = Quoted passage
pub-receipt-body = Text
pub-receipt-moderation = Moderation
pub-receipt-hidden = This comment has been hidden from the public pages and is not included in the synthesis
pub-receipt-hidden-reason = reason:
pub-receipt-hidden-kept = Its full text is still kept in the record.
pub-receipt-proof = Verification
pub-receipt-logged = This comment is recorded in the system's audit log as
pub-receipt-event = event no. { $count }
pub-receipt-logged-matches = ({ $date }); the stored text matches the fingerprint recorded then.
pub-receipt-mismatch = The stored text does NOT match the fingerprint recorded in event no. { $count } of the audit log. Please report this to the drafting body, quoting this receipt code.
pub-receipt-digest = Fingerprint of the comment (SHA-256):
pub-receipt-event-hash = Hash of the event:
pub-receipt-chain = Each event in the log carries the hash of the event before it: nobody can delete or alter a recorded comment without breaking the chain (check it with the command
pub-receipt-before-audit = This comment was received before the audit log recorded each comment.
pub-receipt-print = Use your browser's Print command (Ctrl+P) to print this receipt.

## Published responses (the report itself stays in Vietnamese)

pub-synthesis-title = Synthesis and response report
pub-synthesis-crumb = Responses to comments
pub-synthesis-draft = Draft
pub-synthesis-show = Show

## Account

pub-account-title = Account
pub-account-heading = Account of
pub-account-login = User name:
pub-account-change = Change password
pub-account-changed = Your password has been changed. The account's other sessions have been ended.
pub-account-current = Current password
pub-account-new = New password
pub-account-rules = At least 10 characters; letters with diacritics and spaces are allowed (a short sentence you can remember is good); it must not contain your user name or your name, nor be a common password.
pub-account-confirm = New password again
pub-account-change-button = Change password
pub-account-change-note = Changing the password ends every other session of the account, on every device.
pub-account-everywhere = Sign out everywhere
pub-account-everywhere-note = If you suspect someone else is using your account (a shared computer, a lost device), end every session of the account on every device, this one included.
pub-account-everywhere-button = Sign out everywhere
pub-account-locked = The password was entered wrongly too many times. Please try again after { $date }.
pub-account-wrong-current = The current password is not correct.
pub-account-mismatch = The two entries of the new password do not match.
pub-account-same = The new password must differ from the current one.
pub-password-too-short = The password must be at least { $min } characters long.
pub-password-too-long = The password is longer than { $max } characters.
pub-password-personal = The password must not contain your user name or your name.
pub-password-common = This password is too common and easy to guess; please choose another (a short sentence you can remember is good).
pub-password-repetitive = The password only repeats a few characters; please use more different characters.

## Sign-in

pub-login-failed = The user name or password is not correct.
pub-login-locked = The account is temporarily locked after too many wrong passwords. Please try again after { $date }.
pub-login-blocked = Too many failed sign-ins have come from this address. Please try again after { $date }.

## Submission

pub-submission-editor = Editing
pub-submission-schedule = Schedule
pub-submission-crumb = Submit the dossier
pub-submission-heading = Submit the dossier:
pub-submission-approving-body = Approving body:
pub-submission-done = The dossier was submitted at { $date }. It can now only be read, not changed.
pub-submission-download = Download the submitted package (ZIP)
pub-submission-no-package = This dossier has not been submitted, so there is no package to download yet. The package is made on submission, from the “Submit the dossier” page (/editor/dossiers/{ $dossier }/submission).
pub-submission-manifest = List of documents (manifest.json)
pub-submission-col-file = File
pub-submission-col-document = Document
pub-submission-col-bytes = Size (bytes)
pub-submission-not-ready = Not ready to submit
pub-submission-approve-first = Every comment needs a response approved by the editorial team lead before the package can be assembled.
pub-submission-ready = Ready to submit. The package contains: the final version of each draft (DOCX), the comparison tables of its versions, the synthesis and response report of each consultation, the submission (cover memo) and a list of the documents with their SHA-256 checksums. Once submitted, the dossier can only be read.
pub-submission-ends-rounds = Submitting ends these consultation rounds at once; comments sent after the submission are not accepted:
pub-submission-round-until = taking comments until { $date }
pub-submission-round-not-open = not open yet, planned to open on { $date }
pub-submission-comments-arrived = New comments arrived while the package was being made: the dossier was not submitted. Answer the new comments, then submit again.
pub-submission-submit = Assemble the package and submit
pub-submission-lead-only = Only the editorial team lead can assemble and submit the dossier.
pub-submission-read-only = The dossier was submitted on { $date }: it can no longer be changed.
pub-submission-raced = The dossier has just been submitted by someone else.
pub-submission-missing = The package could not be assembled: { $what }

## Personal data

pub-privacy-title = Personal data
pub-privacy-admin = Administration
pub-privacy-users = Users
pub-privacy-organisations = Organisations
pub-privacy-heading = Commenters' personal data
pub-privacy-intro = Search by the e-mail a commenter left, or by the user name of the account that commented. You can download all of that person's personal data, or erase the name and e-mail from their comments: the text of the comments stays in the record.
pub-privacy-person = E-mail or user name
pub-privacy-find = Search
pub-privacy-erased = { $count ->
    [one] The name and e-mail have been erased from { $count } comment. The text of the comment is kept.
   *[other] The name and e-mail have been erased from { $count } comments. The text of the comments is kept.
}
pub-privacy-none = No comment still carries the personal data of
pub-privacy-found = { $count ->
    [one] { $count } comment carries the personal data of
   *[other] { $count } comments carry the personal data of
}
pub-privacy-col-receipt = Receipt
pub-privacy-col-time = Received
pub-privacy-col-name = Name
pub-privacy-col-email = E-mail
pub-privacy-col-place = Draft, provision
pub-privacy-col-text = Text
pub-privacy-export = Download the personal data (JSON)
pub-privacy-confirm = { $count ->
    [one] I confirm erasing this person's name and e-mail from { $count } comment (this cannot be undone; the text of the comment is kept).
   *[other] I confirm erasing this person's name and e-mail from { $count } comments (this cannot be undone; the text of the comments is kept).
}
pub-privacy-erase = Erase the personal data
pub-privacy-unknown = There is no account with the user name “{ $name }”.
pub-privacy-missing = Enter the e-mail address or the user name of the person to look for.
pub-privacy-not-confirmed = Please tick the confirmation box before erasing.

pub-missing-no-draft = the dossier has no draft yet
pub-missing-no-version = the draft “{ $title }” has no version yet
pub-missing-not-approved = consultation “{ $name }”, draft “{ $title }”:{" "}
pub-missing-draft = the draft
pub-missing-has-no-version = has no version yet
pub-missing-round = consultation
pub-missing-unanswered = { $count } not answered
pub-missing-unapproved = { $count } not approved
