# The editorial team's pages: dashboard, comments, draft versions, search,
# moderation, statistics, comparison table. Every key is also in locales/vi/editor.ftl.

## Shared

ed-crumbs = You are here
ed-crumb-editor = Editing
ed-crumb-comments = Comments
ed-crumb-search = Search
ed-crumb-moderation = Moderation
ed-crumb-changes = Comparison
ed-pager = Pages
ed-pager-prev = ‹ Previous page
ed-pager-next = Next page ›
ed-pager-page = Page { $value }
ed-pager-page-of = Page { $value } of { $max }
ed-pager-page-of-more = Page { $value } of more than { $max }
ed-more-than = more than { $count }
ed-whole-draft = The whole draft
ed-anonymous = Name not given
ed-filter-draft = Draft
ed-filter-all = All
ed-filter-organisation = Organisation
ed-filter-channel = Channel
ed-filter-provision = Provision number
ed-filter-from = From
ed-filter-until = Until
ed-version-number = version { $value }
ed-draft-number = draft { $value }
ed-draft-number-title = Draft { $value }

# How a provision changed between two versions of a draft.
ed-change-unchanged = Unchanged
ed-change-changed = Amended
ed-change-renumbered = Renumbered
ed-change-moved = Moved
ed-change-split = Split off
ed-change-inserted = New
ed-change-merged = Merged
ed-change-deleted = Removed

# Kinds of provision, as editors correct the tree.
ed-provision-kind-part = Part
ed-provision-kind-chapter = Chapter
ed-provision-kind-section = Section
ed-provision-kind-subsection = Subsection
ed-provision-kind-article = Article
ed-provision-kind-clause = Clause
ed-provision-kind-point = Point
ed-provision-kind-appendix = Appendix
ed-provision-kind-roman_section = Roman-numbered section (I., II.)

# Kinds of organisation.

## Dashboard

ed-dashboard-title = Editing
ed-dashboard-heading = Editorial team
ed-dashboard-comments = Comments received ({ $count })
ed-dashboard-search = Search comments
ed-dashboard-calendar = Schedule calendar
ed-dashboard-schedule-warnings = Schedule warnings
ed-dashboard-schedule = Dossier schedule
ed-dashboard-conferences = Online conferences
ed-dashboard-submission = Submit the dossier
ed-dashboard-col-draft = Draft
ed-dashboard-col-versions = Versions
ed-dashboard-col-add-version = Add a version
ed-dashboard-version = Version { $value }
ed-dashboard-compare-with = compare with version { $value }
ed-dashboard-published = published
ed-dashboard-unpublished = not published
ed-dashboard-warnings = { $count ->
    [one] { $count } warning
   *[other] { $count } warnings
}
ed-dashboard-file = File (DOCX, Markdown, plain text, Akoma Ntoso XML)
ed-dashboard-upload = Upload
ed-dashboard-copy = Create version { $value } to edit in the browser
ed-dashboard-add-draft = Add a draft to the dossier
ed-dashboard-draft-title = Draft title (leave empty to take it from the document)
ed-dashboard-draft-kind = Type of document
ed-dashboard-upload-and-parse = Upload and analyse
ed-dashboard-rounds = Consultations
ed-dashboard-answers = Responses to comments
ed-dashboard-groups = Groups of similar comments
ed-dashboard-statistics = Statistics
ed-dashboard-moderation = Moderation
ed-dashboard-open = open
ed-dashboard-enter-letter = Enter an official comment letter
ed-dashboard-import = Import from a CSV/XLSX file
ed-dashboard-new-round = Open a new consultation
ed-dashboard-dossier-comments = Comments on this dossier
ed-dashboard-new-dossier = Create a new draft dossier
ed-dashboard-dossier-title = Dossier title
ed-dashboard-dossier-summary = Summary
ed-dashboard-approving-body = Approving body
ed-dashboard-keywords = Keywords (separated by commas)
ed-dashboard-create-dossier = Create the dossier
ed-dossier-title-required = Please enter the dossier's title.
ed-dossier-no-organisation = Your account is not attached to a drafting body; please ask the system administrator to update it.

## Draft uploads

ed-upload-too-large = The uploaded file exceeds the limit of { $max } MB.
ed-upload-broken = The upload was cut off or is not a file upload form: choose the file again and send it again.
ed-upload-bad-kind = This type of draft is not valid.
ed-upload-bad-base = The version revised (the “base” field) must be a version number.
ed-upload-unknown-base = The new version was not saved: the draft has no version { $value } (the newest is version { $max }).
ed-upload-superseded = The new version was not saved: version { $max } was uploaded while you were revising version { $value }; please look at version { $max } and upload again if still needed.
ed-upload-failed = The draft could not be imported: { $what }
ed-upload-empty = the file is empty
ed-upload-not-zip = the file is not a valid DOCX document (it is not a zip file)
ed-upload-not-docx = the zip file is not a DOCX document (it has no word/document.xml)
ed-upload-corrupt-zip = the DOCX file is damaged and its content cannot be read ({ $what })
ed-upload-zip-bomb = the DOCX file was refused: the entry “{ $name }” expands to { $value } bytes from { $count } bytes, beyond the safe limit (a suspected zip bomb)
ed-upload-file-too-large = the file is too large ({ $value } bytes; the limit is { $max } bytes)
ed-upload-malformed-xml = the DOCX content is not valid XML (at byte { $value }): { $what }
ed-upload-invalid-utf8 = the file is not valid UTF-8 text (error at byte { $value }, counting from 0); please save the file again with UTF-8 encoding
ed-upload-no-structure = no document structure was recognised: no part, chapter, article, clause, section (I., 1.) or appendix was found
ed-upload-akoma-ntoso = the Akoma Ntoso file could not be read: { $what }

## Draft version and provision tree

ed-version-file = File:
ed-version-provisions = { $count ->
    [one] { $count } provision
   *[other] { $count } provisions
}
ed-version-read-only = (cannot be edited)
ed-version-compare = Compare with draft { $value }
ed-version-akoma-ntoso = Download as Akoma Ntoso (XML)
ed-version-publish = Publish this version
ed-version-public-page = View the public page
ed-version-general-warnings = General warnings
ed-version-line = Line { $value }
ed-version-tree = Provision tree
ed-version-col-line = Line
ed-version-col-provision = Provision
ed-version-col-text = Text
ed-version-col-correct = Correct type, level
ed-version-edit = Edit text, add, delete
ed-version-heading = Title (heading)
ed-version-save-text = Save the text
ed-version-insert = Add a new provision
ed-version-placement = Position
ed-version-place-after = immediately after this provision, at the same level
ed-version-place-child = inside this provision, as its first part
ed-version-kind = Type
# Shown as HTML (no arguments).
ed-version-new-label = Label (for example <span lang="vi">Điều 5a</span>)
ed-version-new-heading = Title of the new provision
ed-version-new-text = Text of the new provision
ed-version-add = Add
ed-version-delete = Delete
ed-version-delete-within = and everything within it
ed-version-label = Label
ed-version-level = Level
ed-version-level-keep = keep the level
ed-version-level-out = one level up
ed-version-level-in = one level down
ed-version-save = Save
# The kind of a warning from the document parser (shown before its original
# Vietnamese message).
ed-warning-gap = Gap in the numbering
ed-warning-duplicate_number = Number used twice
ed-warning-out_of_order = Numbering out of order
ed-warning-suspicious_marker = Possibly faulty numbering marker
ed-warning-unplaced_line = Text outside any provision
ed-warning-junk_line = Line of stray characters, dropped
ed-warning-duplicate_heading = Repeated heading line, dropped
ed-warning-empty_document = No document structure found
ed-warning-other = Warning
ed-provision-bad-kind = This type of provision is not valid.
ed-provision-bad-label = A provision's label must have 1 to 100 characters.
ed-provision-bad-level = This choice of level is not valid.
ed-provision-cannot-correct = Could not correct it: the version is published, or the provision cannot move to the chosen level.
ed-version-already-published = This version has already been published.
ed-provision-published = The version is published and cannot be edited. Please create a new version.
ed-provision-text-too-long = The provision's text is longer than 100,000 characters.
ed-provision-heading-too-long = The provision’s heading is longer than { $max } characters.
ed-provision-cannot-edit = This provision could not be edited.
ed-provision-edited-meanwhile = Not saved: this provision was edited after you opened the page. Reload the page, look at the new text, then edit again.
ed-provision-choose-kind = Choose a type of provision from the list.
ed-provision-label-required = Enter the provision's label as the draft writes it in Vietnamese, at most 60 characters.
ed-provision-cannot-insert = A provision cannot be added at this position.
ed-provision-cannot-delete = This provision could not be deleted.
ed-provision-empty = A provision needs a title or text. To remove it, use “Delete” (which also deletes the parts within it).

## Opening a consultation

ed-new-title = Open a consultation
ed-new-name = Title of the consultation
ed-new-opens = Opens on
ed-new-closes = Closes at the end of
ed-new-audience = Who may comment
ed-new-audience-public = Public (everyone)
ed-new-audience-invited = Invited organisations only
ed-new-audience-both = Both
ed-new-drafts = Drafts put to consultation
ed-new-draft-number = draft { $value }
ed-new-no-published = No version has been published yet.
ed-new-invitations = Invited organisations and reply deadlines
ed-new-col-invite = Invite
ed-new-col-organisation = Organisation
ed-new-col-due = Reply deadline
ed-new-due-for = Reply deadline for
ed-new-title-required = Please enter the consultation's title.
ed-new-bad-date = The date is not valid (year-month-day).
ed-new-bad-window = The closing date must be after the opening date.
ed-new-bad-audience = Choose who may comment.
ed-new-bad-version = The version is not valid.
ed-new-foreign-version = Choose only published versions of this dossier.
ed-new-no-version = Choose at least one draft to put to consultation.
ed-new-bad-organisation = The organisation is not valid.
ed-new-unknown-organisation = The organisation does not exist.
ed-new-no-invitation = This consultation is for invited organisations only: choose at least one organisation.

## Comment list

ed-comments-title = Comments received
ed-comments-filter = Filter
ed-comments-col-time = Received
ed-comments-col-where = Draft / provision
ed-comments-col-who = Commenter, organisation
ed-comments-col-channel = Channel
ed-comments-col-text = Comment
ed-comments-none = No comment matches the filters.

## One comment

ed-comment-title = Comment { $code }
ed-comment-received = Received
ed-comment-draft = Draft
ed-comment-on = Comment on
ed-comment-follows = This provision in later versions
ed-comment-follow-version = Draft { $value }
ed-comment-follow-dropped = provision removed
ed-comment-author = Commenter
ed-comment-organisation = Organisation
ed-comment-channel = Channel
ed-comment-quote = Quoted passage
ed-comment-text = Comment
ed-comment-moderation = Moderation
ed-comment-moderation-note = A hidden comment leaves its group of similar comments, is not shown on the public pages and is not included in the synthesis; its text is never deleted.
ed-comment-moderation-queue = Moderation queue of the consultation
ed-comment-reason = Reason (required to hide; the commenter will see it)
ed-comment-unflag = Remove the flag
ed-comment-flag = Flag for moderation

## Search

ed-search-title = Search comments
ed-search-heading = Search comments and provisions
ed-search-words = Words to find
ed-search-button = Search
# Shown as HTML (no arguments).
ed-search-help = You may type with or without Vietnamese diacritics (<span lang="vi">“dieu 5”</span> finds <span lang="vi">“Điều 5”</span>). Put a phrase in double quotes to find it exactly: <span lang="vi">"dám nghĩ, dám làm"</span>.
ed-search-provisions = Provisions
ed-search-comments = Comments
ed-search-count = { $count ->
    [one] { $count } result
   *[other] { $count } results
}, { $value } ms
ed-search-none = No comment matches.
ed-search-truncated = Long query: only the first { $max } words were searched for.
ed-search-catching-up = The search index is being updated: the newest comments may not appear yet.
ed-search-bad-query-string = The search parameters in the address could not be read: { $what }.
ed-search-bad-id = The “{ $name }” filter must be a positive whole number; received “{ $value }”.
ed-search-bad-date = The “{ $name }” filter must be a date written YYYY-MM-DD; received “{ $value }”.
ed-search-bad-channel = There is no channel “{ $value }”; the channels are: { $what }.
ed-search-dates-reversed = The start date (from) is after the end date (until): swap the two dates.
ed-search-limit-too-large = The “limit” parameter is at most 100.
ed-search-bad-offset = The “offset” parameter must be a number from 0 to 10,000; received “{ $value }”.
ed-search-empty-query = Enter at least one word to find (letters or digits).
ed-search-word-too-long = Every word to find is longer than { $max } characters: no comment holds a word that long.
ed-search-long-words-left-out = { $count ->
    [one] One word longer than { $max } characters was left out
   *[other] { $count } words longer than { $max } characters were left out
} (no comment holds a word that long).

## Moderation

ed-moderation-heading = Comment moderation
ed-moderation-intro = Hidden comments are not shown on the public pages and are not included in the report, but they are never deleted: the full text stays on file and the commenter sees the reason on their receipt.
ed-moderation-queues = Queues
ed-moderation-tab-flagged = Awaiting moderation
ed-moderation-tab-hidden = Hidden
ed-moderation-empty = There are no comments here.
ed-moderation-reason = Reason:
ed-moderation-show-reason = Reason for showing it again (optional)
ed-moderation-show = Show again
ed-moderation-hide-reason = Reason for hiding it (the commenter will see it)
ed-moderation-hide = Hide the comment
ed-moderation-keep = Keep as is (remove the flag)
ed-moderation-bad-decision = This moderation action is not valid.
ed-moderation-reason-too-long = The reason is longer than { $max } characters; please shorten it.
ed-moderation-reason-required = Please give the reason for hiding the comment (the commenter will see it on their receipt).
ed-protection-heading = Protection against mass commenting
ed-protection-intro = Limits apply separately to each account (signed-in users) and each network address (users not signed in). Comment letters and file imports entered by editors are not limited.
ed-protection-rate = Maximum comments per minute from one sender (leave empty for the system default, { $value }; 0: no limit)
ed-protection-challenge = Automatic challenge for comments made without signing in
ed-protection-surge = Surge threshold (comments per minute across the consultation)
ed-protection-bits = Challenge difficulty ({ $min }–{ $max } bits; each bit doubles the time the browser must compute)
ed-protection-save = Save the settings
ed-protection-lead-only = Only the editorial team lead can change these settings.
ed-protection-bad-number = { $name }: a whole number from { $min } to { $max } is needed.
ed-protection-field-rate = Comments per minute
ed-protection-field-surge = Surge threshold
ed-protection-field-bits = Difficulty
ed-protection-bad-challenge = This challenge mode is not valid.

## Statistics

ed-stats-title = Statistics
ed-stats-heading = Comment statistics
ed-stats-comments = { $count ->
    [one] comment
   *[other] comments
}
ed-stats-heat-heading = Comments by provision
ed-stats-heat-note = The more comments a provision has, the darker it is shaded.
ed-stats-whole-draft = comments on the draft as a whole:
ed-stats-col-provision = Provision
ed-stats-col-count = Comments
ed-stats-no-data = No data yet.
ed-stats-table = Data table
ed-stats-csv = Download the data (CSV)
ed-stats-chart-organisations = Comments by organisation
ed-stats-chart-provinces = Comments from organisations by province or city
ed-stats-chart-channels = Comments by channel
ed-stats-chart-days = Comments by day
ed-stats-individuals = Individuals
ed-stats-other-organisations = { $count ->
    [one] { $count } other organisation
   *[other] { $count } other organisations
}
ed-stats-progress = Progress of responses (accepted, explained)
ed-stats-col-draft = Draft
ed-stats-col-units = To answer
ed-stats-col-answered = Answered
ed-stats-col-approved = Approved
ed-stats-col-published = Published
ed-stats-col-left = Remaining
ed-stats-pending = Invited organisations that have not commented
ed-stats-pending-none = Every invited organisation has commented.
ed-stats-col-organisation = Organisation
ed-stats-col-due = Comment deadline
ed-stats-overdue = overdue

## Comparison table of two versions

ed-changes-title = Comparison of draft { $min } and draft { $max }
ed-changes-heading = Comparison table: draft { $min } and draft { $max }
ed-changes-summary = { $count } of { $max } provisions changed.
# Shown as HTML (no arguments).
ed-changes-legend = <ins>Underlined</ins> text is new; <del>struck-through</del> text has been removed.
ed-changes-download = Download:
ed-changes-only-changed = Show only changed provisions
ed-changes-show-all = Show unchanged provisions too
ed-changes-unmatched = Not yet matched
ed-changes-unmatched-note = The provisions below have no counterpart in the other version. If a new provision is in fact an old one that was amended, choose the old provision it continues in the form below the table.
ed-changes-only-in = Only in version { $value } ({ $count })
ed-changes-col-number = No.
ed-changes-col-answers = Responses (accepted, explained)
ed-changes-by-editor = Adjusted by the editorial team
ed-changes-note-split = Split from
ed-changes-note-merged = Merged into
ed-changes-note-was = Formerly
ed-changes-accepted-unchanged = A comment was “Accepted” but the provision did not change: the editorial team lead should review it.
ed-changes-answer-comments = { $count ->
    [one] { $count } comment
   *[other] { $count } comments
}
ed-changes-comments-on-old = { $count ->
    [one] { $count } comment on the old provision
   *[other] { $count } comments on the old provision
}
ed-changes-unanswered = { $count } not yet answered
ed-changes-carried-to = carried over to
ed-changes-dropped = Comments on a removed provision: a decision is needed ({ $count })
ed-changes-answered = answered
ed-changes-not-answered = not answered
ed-changes-relink = Correct how provisions are matched
ed-changes-relink-note = If a provision of version { $max } is matched wrongly, choose the provision of version { $min } it continues (or “New”). The other provisions are matched again around this choice; the choice is kept when the draft changes.
ed-changes-relink-new = Provision of version { $value }
ed-changes-relink-old = Continues the provision of version { $value }
ed-changes-relink-none = (New, continues nothing)
ed-changes-relink-save = Save the match
ed-changes-first-version = This is the first version of the draft: there is nothing to compare yet.
ed-changes-missing-new = The provision of the new version is missing.
ed-changes-bad-old = “{ $value }” is not a provision number.
ed-changes-correction-first = This is the first version of the draft: there is nothing to compare it with.
ed-changes-correction-not-in-version = The provision does not belong to the version being compared.
ed-changes-bad-format-pdf = The format must be docx or pdf.
ed-changes-bad-format = The format must be docx (this installation has no PDF: build with --features pdf).
