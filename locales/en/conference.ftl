# Online conferences: the list, set-up, the chair's console, the connection point's
# page, the watch page. Every key is also in vi/conference.ftl. The conference
# minutes (DOCX) are an official document and stay in Vietnamese.

conf-crumbs = You are here
conf-state-scheduled = Not started
conf-state-open = In session
conf-state-closed = Closed
conf-chair-link = Chair the conference
conf-secretary-of = Secretary:
conf-central-point = Central connection point:

## The list of conferences

conf-list-title = Online conferences
conf-list-none = There are no conferences yet.
conf-list-col-conference = Conference
conf-list-col-when = Date and time
conf-list-col-state = Status
conf-list-col-yours = Your pages

## A dossier's conferences; the set-up form

conf-dossier-title = Conferences: { $title }
conf-dossier-heading = Online conferences:
conf-dossier-none = This dossier has no conferences yet.
conf-dossier-chair-link = chair
conf-dossier-create = Create a conference
conf-dossier-needs-consultation = A consultation is needed first: opinions voiced at a conference are recorded in a consultation.
conf-dossier-video-url = Link to the online meeting room (Jitsi, BigBlueButton, Zoom…)
conf-dossier-agenda = Agenda (the drafts, in order)
conf-form-title = Conference title
conf-form-date = Date
conf-form-time = Start time
conf-form-place = Venue (central connection point)
conf-form-chairs = Chairs (one per line)
conf-form-consultation = Record opinions in the consultation

## Setting up a conference

conf-setup-title = Set-up: { $title }
conf-setup-crumb = Set-up
conf-setup-heading = Setting up the conference:
conf-setup-watch-link = Follow live
conf-setup-general = General information
conf-setup-video-url = Link to the online meeting room
conf-setup-agenda = Agenda (the drafts)
conf-setup-save = Save the information
conf-setup-points = Connection points
conf-setup-expected = Delegates invited:
conf-setup-present = present:
conf-setup-secretary = secretary:
conf-setup-unassigned = not assigned
conf-setup-delegate-list = List of delegates
conf-setup-location = Venue
conf-setup-point-secretary = Connection point secretary
conf-setup-no-secretary = — not assigned —
conf-setup-more-delegates = Add delegates (one per line: Full name | Position)
conf-setup-save-point = Save the connection point
conf-setup-add-point = Add a connection point
conf-setup-organisation = Agency or unit
conf-setup-central = Central connection point
conf-setup-delegates = Delegates invited (one per line: Full name | Position)

## The live pages: the chair's console, a connection point, watching

conf-live-crumb-chair = Chairing
conf-live-crumb-point = Connection point
conf-live-crumb-watch = Following
conf-live-state = Status:
conf-live-starts = Starts:
conf-live-chairs = Chaired by:
conf-live-agenda = Agenda:
conf-live-join-video = Join the online meeting room
conf-live-status-initial = This page updates when something changes; if it does not, reload the page.
conf-live-status-live = Updating live.
conf-live-status-lost = Live updates disconnected; trying to reconnect…
conf-live-status-failed = The page could not be updated; please reload it.
conf-live-status-state = The conference is now “{ $value }”. Reload the page for the new actions.
conf-live-watch-link = Follow the conference
conf-live-console = Chair's console
conf-live-open = Open the conference
conf-live-close = Close the conference
conf-live-minutes = Download the conference minutes (DOCX, in Vietnamese)
conf-live-floor-heading = Now speaking
conf-live-since = since
conf-live-finish = End this speech
conf-live-floor-empty = Nobody has been given the floor yet.
conf-live-queue-heading = Requests to speak
conf-live-requested-at = requested at
conf-live-grant = Give the floor
conf-live-move-up = Move up:
conf-live-move-down = Move down:
conf-live-cancel = Cancel
conf-live-withdraw = Withdraw the request
conf-live-queue-empty = No connection point has asked to speak.
conf-live-attendance-heading = Attendance at this connection point
conf-live-attendance-present = present
conf-live-no-delegates = There is no list of delegates yet.
conf-live-col-delegate = Delegate
conf-live-col-position = Position
conf-live-col-present = Present
conf-live-present = Present
conf-live-absent = Not arrived
conf-live-uncheck = Undo check-in
conf-live-check-in = Check in:
conf-live-request-heading = Request to speak
conf-live-request-speaker = Speaker (full name, position)
conf-live-target = Subject
conf-live-target-general = — general —
conf-live-whole-draft = Whole draft: { $title }
conf-live-request-button = Request to speak
conf-live-record-heading = Record an opinion voiced
conf-live-record-note = Record each opinion on a provision as a separate entry; opinions join the synthesis like every other comment (channel “Conference”).
conf-live-record-speaker = Speaker
conf-live-record-text = The opinion
conf-live-record-button = Record in the minutes
conf-live-points-heading = Attendance at the connection points
conf-live-col-point = Connection point
conf-live-col-expected = Invited
conf-live-total = { $count ->
    [one] Total ({ $count } connection point)
   *[other] Total ({ $count } connection points)
}
conf-live-conclusions-heading = The chair's conclusions
conf-live-conclusions-label = Conclusions (recorded in the minutes)
conf-live-conclusions-save = Save the conclusions
conf-live-opinions-heading = Opinions voiced

## Error messages

conf-error-title = The conference needs a title (at most 300 characters).
conf-error-date = The date “{ $value }” is not valid (use year-month-day).
conf-error-time = The time “{ $value }” is not valid (use hours:minutes).
conf-error-consultation = Choose a consultation of this dossier.
conf-error-agenda = The agenda may only include drafts of this dossier.
conf-error-empty-agenda = Choose at least one draft for the conference.
conf-error-chairs-or-place-too-long = The chairs or the venue are longer than allowed.
conf-error-delegate-without-name = Line { $row } of the list of delegates: the name is empty.
conf-error-delegate-too-long = Line { $row } of the list of delegates is longer than { $max } characters.
conf-error-too-many-delegates = The list of delegates has more than { $max } people.
conf-error-video-url = The link to the online meeting room must start with https:// or http://.
conf-error-secretary = Choose a secretary from the list.
conf-error-not-secretary = The person chosen has not been given the connection point secretary role.
conf-error-organisation = Choose the connection point's agency or unit from the list.
conf-error-location-too-long = The venue is longer than 500 characters.
conf-error-point-exists = This agency already has a connection point in the conference, or the conference already has a central connection point.
conf-error-action = This action is not valid.
conf-error-state = The conference is “{ $value }”: this action cannot be carried out.
conf-error-conclusions-too-long = The conclusions are longer than { $max } characters.
conf-error-request-changed = This request to speak has changed; reload the page to see the current queue.
conf-error-floor-taken = { $name } ({ $value }) is speaking. End that speech before giving the floor to another connection point.
conf-error-not-open = The conference has not started or has already closed.
conf-error-delegate = This delegate does not belong to this connection point.
conf-error-closed = The conference has closed.
conf-error-record-not-open = The conference has not started or has already closed: no more opinions can be recorded.
conf-error-not-on-agenda = Choose a draft or a provision on the conference agenda.
conf-error-not-consulted = This draft is not part of the conference's consultation.
conf-error-speaker = Enter the speaker's full name and position (at most { $max } characters).
conf-error-foreign-request = The speech chosen does not belong to this connection point.
conf-error-text-empty = The opinion is empty.
conf-error-text-too-long = The opinion is { $count } characters long, over the limit of { $max } characters.
conf-error-quote-too-long = The quoted passage is { $count } characters long, over the limit of { $max } characters.
conf-error-name-too-long = The name is longer than { $max } characters.
conf-error-email-too-long = The e-mail address is longer than { $max } characters.
conf-error-email-invalid = The e-mail address is not valid (for example: name@example.vn): correct it or leave it empty.
