# Responses to comments (accepted / explained); response templates; groups of
# identical comments; the synthesis report; the schedule and the calendar.

## Shared
ans-crumbs-label = You are here
ans-crumb-editor = Editing
ans-whole-draft = The whole draft
ans-pager-label = Pages
ans-pager-prev = ‹ Previous page
ans-pager-page = Page { $value }
ans-pager-next = Next page ›
ans-choose = — Choose —
ans-kind = Response type
ans-answer-text = Response (what is accepted, or why not)
ans-text = Text
ans-draft = Draft
ans-col-select = Select
ans-col-comments = Comments
ans-representative = Representative text
ans-unit-group = Group #{ $code }
ans-unit-comment = Comment #{ $code }

## The response queue
ans-queue-title = Responses — { $title }
ans-queue-name = Responses to comments
ans-progress-caption = Progress by draft (each group of similar comments counts as one)
ans-progress-units = To answer
ans-progress-answered = Answered
ans-progress-approved = Approved
ans-progress-published = Published
ans-progress-left = Remaining
ans-queue-publish = { $count ->
    [one] Publish { $count } approved response
   *[other] Publish { $count } approved responses
}
ans-queue-tabs = Queues
ans-queue-view-unanswered = Unanswered
ans-queue-view-mine = Mine (draft or returned)
ans-queue-view-review = Awaiting approval
ans-queue-view-approved = Approved, awaiting publication
ans-queue-view-published = Published
ans-queue-link-report = Synthesis report
ans-queue-link-statistics = Statistics
ans-queue-col-unit = Comment / group
ans-queue-col-where = Draft, provision
ans-queue-col-answer = Response
ans-queue-select = Select { $name }
ans-queue-lead-remark = Remark by the editorial team lead:
ans-queue-empty = Nothing in this queue.
ans-queue-approve = Approve the selected responses
ans-bulk-legend = One response for all the selected items
ans-bulk-save = Save the response for the selected items

## Answering one comment or group
ans-unit-title = Response to { $code }
ans-unit-group-heading = Group #{ $code }: { $count } similar comments
ans-unit-comment-text = Comment text
ans-unit-group-members = See the comments in the group
ans-unit-see-group = See group #{ $code }
ans-unit-inherited = This comment belongs to group #{ $code }, which already has a common response ({ $what }):
ans-unit-state = Status:
ans-unit-revision = (revision { $count })
ans-unit-unanswered = Not answered yet
ans-unit-returned-remark = Remark on return:
ans-unit-use-template = Use a response template
ans-unit-fill = Fill in
ans-unit-save = Save draft response
ans-review-heading = Approval (editorial team lead)
ans-review-approve = Approve this response
ans-review-remark = Remark on return
ans-review-return = Return for revision

## Response templates
ans-templates-name = Response templates
ans-templates-col-title = Template name
ans-templates-empty = No templates yet.
ans-templates-add = Add a template
ans-templates-save = Save template

## Errors when answering
ans-err-kind = Choose a response type: Accepted, Partly accepted, Explained or Agrees with the draft.
ans-err-bad-unit = “{ $value }” is not a comment or a group.
ans-err-nothing-to-answer = No comment or group is selected to answer.
ans-err-nothing-to-approve = No response is selected for approval.
ans-err-revision-of = The revision of { $code } you viewed is missing.
ans-err-revision = The revision you viewed is missing.
ans-err-decision = Choose Approve or Return.
ans-err-partly-approved = Approved: { $count }. Not approved ({ $value }): { $what } (changed after you viewed them, or no longer awaiting approval); please look at them again.
ans-err-template-title = Give the response template a name.
ans-err-template-title-long = The template’s name is longer than { $max } characters.
ans-err-template-exists = There is already a response template named “{ $name }”: choose another name.
ans-err-answer-empty = The response text must not be empty.
ans-err-answer-too-long = The response text is longer than { $max } characters ({ $count } characters).
ans-err-answer-none = There is no response to approve yet.
ans-err-answer-published = The response has been published and can no longer be changed.
ans-err-answer-changed = The response was changed after you viewed it; please look at it again before approving or returning it.
ans-err-answer-edited-meanwhile = The response changed (edited, approved or returned) after you opened the page; look at it again, then edit it.
ans-err-answer-remark = Write a remark when returning a response, so that the editor knows what to change.
ans-err-answer-not-awaiting = This response is not awaiting approval.
ans-err-answer-in-group = This comment belongs to a group: answer the whole group, or split the comment out of the group first.
ans-err-answer-other-consultation = The comment or group is not part of this consultation.
ans-err-bad-action = This action is not valid.

## Comment groups
ans-groups-title = Groups of near-duplicate comments — { $title }
ans-groups-name = Comment groups
ans-groups-heading = Groups of similar comments
ans-groups-summary = Groups: { $count }, holding { $value } identical or near-identical comments (including campaign form letters). Each group is accepted or explained once; a new comment joins its group automatically when it is received.
ans-groups-regroup = Regroup everything
ans-groups-regroup-note = Recomputes the automatic groups; comments an editor has moved, split out or merged stay where they are.
ans-groups-col-group = Group
ans-groups-col-provision = Provision
ans-groups-empty = No groups yet: no two comments are alike.
ans-regroup-running = Regrouping all the comments of this consultation…
ans-regroup-done = Regrouped at { $date }; groups: { $count }.
ans-regroup-failed = Regrouping failed: { $what }
ans-regroup-busy = This consultation is already being regrouped; please wait.

## One group
ans-group-title = Comment group #{ $code }
ans-group-heading = Group #{ $code }: { $count } comments
ans-group-members = Comments in the group
# Holds HTML: <ins> marks what is added, <del> what is left out.
ans-group-diff-note = <ins>Underlined</ins> text is added to the representative text; <del>struck-through</del> text is left out.
ans-group-shown = Showing { $count } of { $value } comments.
ans-group-col-comment = Comment
ans-group-col-author = Commenter (person, organisation)
ans-group-col-diff = Differences from the representative text
ans-group-select = Select comment #{ $code }
ans-group-badge-representative = representative
ans-group-same = Identical to the representative text
ans-group-edit = Change the group
ans-group-split = Split the selected comments out of the group
ans-group-move-label = Move the selected comments to group number
ans-group-move = Move
ans-group-merge-label = Merge these groups into this one (numbers, separated by commas)
ans-group-merge = Merge groups
ans-err-bad-id = “{ $value }” is not the number of a group or a comment.
ans-err-move-target = Enter exactly one group number to move the comments to.
ans-err-merge-target = Enter the numbers of the groups to merge into this one.
ans-err-group-none = There is no group #{ $code }.
ans-err-group-no-comment = There is no comment #{ $code }.
ans-err-group-nothing-to-merge = Choose at least one other group to merge into this one.
ans-err-group-other-consultation = The comments and groups must belong to the same consultation.
ans-err-group-nothing-selected = No comment is selected.
ans-err-group-other-draft = A group holds comments on one draft only (each group is one row in that draft's report).
ans-err-group-both-answered = Group #{ $code } and this group both have a response; merging would lose one, so agree on a single response first.

## The synthesis report
ans-report-title = Synthesis and response report
ans-report-show = Show
ans-report-download = Download:
ans-report-empty = There are no comments on this draft yet.
ans-err-format-pdf = The format must be docx, xlsx, csv or pdf.
ans-err-format = The format must be docx, xlsx or csv (this installation has no PDF: build it with --features pdf).

## Schedule
ans-schedule-title = Schedule: { $title }
ans-schedule-name = Schedule
ans-schedule-heading = Schedule:
ans-schedule-note = Vietnam time. A deadline given as a day runs until 23:59 on that day. To be submitted to:
ans-schedule-col-due = Due
ans-schedule-col-task = Task
ans-schedule-col-status = Status
ans-schedule-col-actions = Actions
ans-schedule-reopen = Mark as not done
ans-schedule-mark-done = Mark as done
ans-schedule-delete = Delete
ans-schedule-add = Add a milestone
ans-schedule-kind = Milestone type
ans-schedule-milestone-title = Milestone name (leave empty to use the type)
ans-schedule-date = Date
ans-schedule-time = Time (leave empty for the end of the day)
ans-milestone-conference = Conference
ans-milestone-synthesis_due = Deadline for compiling the comments
ans-milestone-revision_due = Deadline for finalising the draft
ans-milestone-submission_due = Deadline for submission to the approving body
ans-milestone-other = Other milestone
ans-event-opens = Consultation opens
ans-event-closes = Consultation closes (23:59)
ans-status-done = Done
ans-status-overdue-today = Overdue (today)
ans-status-overdue = { $days ->
    [one] { $days } day overdue
   *[other] { $days } days overdue
}
ans-status-due-today = Due today
ans-status-days-left = { $days ->
    [one] { $days } day left
   *[other] { $days } days left
}
ans-err-milestone-kind = Choose a milestone type from the list.
ans-err-date = The date “{ $value }” is not valid (expected year-month-day).
ans-err-time = The time “{ $value }” is not valid (expected hours:minutes).
ans-err-milestone-title-long = The milestone name is longer than 300 characters.
ans-err-after-submission = The milestone “{ $title }” ({ $date }) falls after the deadline for submission to the approving body ({ $value }): everything must be done before that deadline.
ans-err-submission-before-others = The submission deadline ({ $date }) is earlier than the existing milestone “{ $title }” ({ $value }): change that milestone first.

## Calendar
ans-calendar-title = Schedule calendar — { $title }
ans-calendar-name = Calendar
ans-calendar-heading = Schedule calendar: { $title }
# $value: the month's number, $name: its English name, $date: the year.
ans-calendar-month = { $name } { $date }
ans-calendar-previous = ‹ Previous month
ans-calendar-this-month = This month
ans-calendar-next = Next month ›
ans-calendar-caption = Milestones and consultations in { $title }
ans-calendar-monday = Monday
ans-calendar-tuesday = Tuesday
ans-calendar-wednesday = Wednesday
ans-calendar-thursday = Thursday
ans-calendar-friday = Friday
ans-calendar-saturday = Saturday
ans-calendar-sunday = Sunday
ans-calendar-feed = Follow this calendar in Outlook, Google Calendar or your phone's calendar (iCalendar):
ans-calendar-feed-private = This address is yours alone; do not share it.
ans-err-month = The month “{ $value }” is not valid (expected year-month).
