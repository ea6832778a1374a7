# Administration (users, organisations), importing comments from a file, comment
# letters (công văn góp ý).

## Navigation within administration
adm-nav-label = Administration
adm-nav-users = Users
adm-nav-organisations = Organisations
adm-nav-personal-data = Personal data
adm-none = (none)
adm-save = Save

## Users
adm-users-title = Users
adm-users-heading = Users and roles
adm-users-add = Add a user
adm-users-login = User name
adm-users-name = Full name
adm-users-password = Password (at least { $min } characters)
adm-users-organisation = Organisation
adm-users-roles = Roles
adm-users-create = Create user
adm-users-col-user = User
adm-users-col-roles = Roles
adm-users-col-grant = Grant / revoke a role
adm-users-col-organisation = Organisation
adm-users-role = Role
adm-users-grant = Grant
adm-users-revoke = Revoke
adm-users-organisation-of = Organisation of { $name }
adm-users-bad-login = A user name may contain only unaccented letters, digits, full stops, underscores and hyphens.
adm-users-no-name = Please enter the full name.
adm-users-duplicate-login = The user name { $name } already exists.
adm-users-no-such-organisation = This organisation does not exist.
adm-users-representative-needs-organisation = An organisation's representative must belong to an organisation.
adm-users-bad-role = This is not a valid role.
adm-users-bad-action = This is not a valid action.
adm-users-self-revoke = You cannot revoke your own administrator role.

## Organisations
adm-orgs-title = Organisations
adm-orgs-heading = Organisations ({ $count })
adm-orgs-add = Add an organisation
adm-orgs-name = Name
adm-orgs-code = Code (unaccented letters, digits, hyphens)
adm-orgs-kind = Type
adm-orgs-parent = Parent organisation
adm-orgs-add-button = Add
adm-orgs-col-name = Name
adm-orgs-col-code = Code
adm-orgs-col-kind = Type
adm-orgs-col-edit = Edit
adm-orgs-edit = Edit
adm-orgs-parent-id = ID of the parent organisation (0: none)
adm-orgs-bad-parent = The parent organisation is not valid.
adm-orgs-no-such-parent = The parent organisation does not exist.
adm-orgs-bad-kind = This is not a valid type of organisation.
adm-orgs-bad-name = An organisation's name must have between 1 and { $max } characters.
adm-orgs-bad-code = An organisation's code consists of unaccented letters, digits and hyphens (at most { $max } characters).
adm-orgs-duplicate-code = The code { $code } is already in use.
adm-orgs-cycle = An organisation cannot be made the parent of itself or of its own parent.

## Choosing the draft (file import, comment letters)
adm-consultation = Consultation:
adm-version = Draft commented on
adm-version-choice = { $title } (draft { $count })
adm-version-not-in-consultation = This draft is not part of this consultation.

## Importing comments from a file
adm-import-title = Import comments from a file
adm-import-heading = Import comments from a CSV or XLSX file
adm-import-templates = Download a template:
adm-import-required = Required column:
adm-import-provision-before = The
adm-import-provision-middle = (provision) column takes a citation such as
adm-import-provision-after = ; leave it empty for a comment on the draft as a whole.
adm-import-file = File (CSV or XLSX)
adm-import-on-errors = When some rows have errors
adm-import-mode-all = Import nothing (correct the file, then import it again)
adm-import-mode-skip = Skip the rows with errors and import the correct ones
adm-import-button = Import comments
adm-import-no-version = Choose the draft the comments are on.
adm-import-empty = No CSV or XLSX file was chosen.
adm-import-refused-file = The file { $name } could not be imported: { $value }

## Import result
adm-result-title = Import result
adm-result-refused = { $count ->
    [one] The file has 1 error, so no row was imported. Correct the row below and import the file again, or choose “Skip the rows with errors”.
   *[other] The file has { $count } errors, so no row was imported. Correct the rows below and import the file again, or choose “Skip the rows with errors”.
}
adm-result-stored = { $count ->
    [one] Imported 1 comment
   *[other] Imported { $count } comments
}
adm-result-skipped = { $count ->
    [one] ; skipped 1 error in the row below
   *[other] ; skipped { $count } errors in the rows below
}
adm-result-total-rows = Data rows in the file: { $count }
adm-result-col-row = Row
adm-result-col-column = Column
adm-result-col-error = Error
adm-result-receipts = Receipt codes

## Comment letters
adm-letter-title = Enter an official comment letter
adm-letter-own = Letter from
adm-letter-organisation = Organisation sending the letter
adm-letter-file = Letter file (DOCX or plain text)
adm-letter-paste = or paste the text of the letter
adm-letter-split = Split into comments and propose provisions
adm-letter-no-organisation = Choose the organisation sending the letter.
adm-letter-no-such-organisation = This organisation does not exist.
adm-letter-no-version = Choose the draft the letter comments on.
adm-letter-unreadable = The letter could not be read: { $value }
adm-letter-empty = The letter has no text: choose a file or paste the text.
adm-letter-pdf = A PDF file cannot be split into comments: send the letter as DOCX or as a text file (.txt), or paste its text.
adm-letter-old-office = This is a Word 97–2003 file (.doc) or another old Office file: open it in Word, save it as .docx and upload that.
adm-letter-binary = The file is not text (it holds binary data): send a DOCX or a text file (.txt), or paste the text of the letter.
adm-letter-too-many-units = The letter splits into { $count } comments, more than the { $max } one upload may record: split the letter into parts.

## Checking a letter
adm-preview-title = Check the letter
adm-preview-heading = Check the comments split from the letter
adm-preview-unit = Comment { $count }
adm-preview-include = Record this comment
adm-preview-text = Text
adm-preview-provision = Provision commented on
adm-preview-general = General comment on the whole draft
adm-preview-cited = Citations recognised:
adm-preview-unresolved = Not in the draft:
adm-preview-external = Cites other documents (not linked to the draft):
adm-preview-confirm = Record the selected comments
adm-preview-no-units = No comment could be split from the letter.

## Letter recorded
adm-done-title = Letter recorded
adm-done-heading = { $count ->
    [one] Recorded 1 comment from
   *[other] Recorded { $count } comments from
}
adm-done-col-receipt = Receipt code
adm-done-col-comment = Comment
adm-done-bad-form = The letter form is not valid ({ $what }).
adm-done-bad-organisation = organisation
adm-done-bad-version = draft
adm-done-bad-count = number of comments
adm-done-bad-provision = provision
adm-done-unit-refused = Comment { $row } was not recorded: { $value } No comment of the letter was recorded: correct that comment (or leave it out) and send the letter again.
adm-done-nothing-selected = No comment was selected to record.

## Errors and notes when reading an import file (src/intake/import.rs). $column: a
## column's heading as in the file; $value: what a cell holds; $what, $title, $name:
## examples of how to write it. Headings and examples stay Vietnamese: the file is.
adm-import-empty-cell = The “{ $column }” cell is empty.
adm-import-too-long = The “{ $column }” cell has { $count } characters, over the limit of { $max }.
adm-import-overlong = The “{ $column }” cell has more than { $count } characters, over the limit of { $max }.
adm-import-quote-too-long = The quoted passage has { $count } characters, over the limit of { $max }.
adm-import-name-too-long = The name is longer than { $max } characters.
adm-import-email-too-long = The e-mail address is longer than { $max } characters.
adm-import-email-invalid = The e-mail address is not valid (for example: name@example.vn): correct it or leave it empty.
adm-import-date-out-of-range = The cell holds a date outside the range Excel supports ({ $value }).
adm-import-uncomputed = The cell has a formula that was never calculated (the file does not store the formula's value). Open the file in Excel and save it again, or replace the formula with its value.
adm-import-error-value = The cell holds the error value { $value } (a broken formula); correct the formula or enter a value.
adm-import-bad-email = The e-mail address “{ $value }” is not valid; give one address, for example ten@coquan.gov.vn.
adm-import-provision-digits = The provision “{ $value }” is only a number; write it in full, for example “{ $what }”.
adm-import-provision-relative = The provision “{ $value }” lacks the article number; write it in full, for example “{ $what }”.
adm-import-provision-unclear = The provision “{ $value }” was not understood; write one provision such as “{ $what }”, “{ $title }” or “{ $name }”, or leave the cell empty for a comment on the whole draft.
adm-import-date-shape = The date “{ $value }” is not in a recognised form; write day/month/year (for example 15/03/2025) or year-month-day (2025-03-15).
adm-import-date-year = The date “{ $value }” has an invalid year, { $count }.
adm-import-date-future = The date { $value } has not come yet: correct the date the comment was received.
adm-import-date-month = The date “{ $value }” has an invalid month, { $count } (months go from 1 to 12).
adm-import-date-day = The date “{ $value }” does not exist: month { $date } has { $days } days.
adm-import-provision-not-found = “{ $value }” is not in the chosen draft
adm-import-organisation-not-found = no organisation has the code or name “{ $value }”
adm-import-file-empty = The file holds no data.
adm-import-missing-columns = The required column { $column } was not found in the heading row. Use the template, or rename the columns correctly.
adm-import-missing-columns-found = The required column { $column } was not found in the heading row. The columns present are: { $value }. Use the template, or rename the columns correctly.
adm-import-duplicate-columns = The column { $column } appears more than once in the heading row; keep only one.
adm-import-not-xlsx = The Excel file could not be read: { $value }.
adm-import-xlsx-old = it is an Excel 97–2003 file (.xls) or a password-protected file; open it in Excel, remove any password, and save it as “Excel Workbook (.xlsx)”
adm-import-xlsx-not-zip = the file is not in .xlsx format; if it is a CSV file, upload it as a CSV file
adm-import-xlsx-unreadable = the file is damaged; the structure of the workbook cannot be read
adm-import-xlsx-password = the file is password-protected; remove the password and upload it again
adm-import-xlsx-damaged-zip = the file is not an .xlsx file or is damaged
adm-import-xlsx-not-workbook = this archive is not an Excel workbook (it may be a Word .docx file or another ZIP file)
adm-import-xlsx-damaged = the .xlsx file is damaged ({ $value })
adm-import-xlsx-row-order = the rows of the worksheet are out of order
adm-import-too-many-rows = The file has more than { $max } rows of comments; split it into smaller files.
adm-import-too-large = The file holds too much text (more than { $max } MiB); split it into smaller files.
adm-import-csv = The CSV file has an error at line { $row }: { $value }.
adm-import-not-text = The file is not a CSV file (it holds binary data, or is a PDF or Word file): save the table as CSV (UTF-8) or XLSX and upload that.
adm-import-unclosed-quote = The quotation mark opened on line { $row } of the file is never closed, so every line after it would end up in one cell: close or remove that quotation mark and upload again.
adm-import-note-above-header = Row { $min }, above the heading row (row { $row }), was skipped.
adm-import-note-above-header-many = Rows { $min }–{ $max }, above the heading row (row { $row }), were skipped.
adm-import-note-unknown-columns = These columns were not imported: { $column }.
adm-import-note-sheet = The first sheet holds no data: the sheet “{ $value }” was read.
adm-import-note-samples = The template's example row was skipped (row { $row }): its comment text begins with “{ $value }”.
adm-import-note-read-tcvn3 = The file is not UTF-8: it was read as TCVN3 (ABC) and converted to Unicode.
adm-import-note-read-vni = The file is not UTF-8: it was read as VNI-Windows and converted to Unicode.
adm-import-note-read-windows-1252 = The file is not UTF-8: it was read as Windows-1252. If Vietnamese letters look wrong, save the file again as “CSV UTF-8”.
adm-import-note-converted-tcvn3 = Paragraphs typed in the TCVN3 (ABC) encoding and converted to Unicode: { $count }.
adm-import-note-converted-vni = Paragraphs typed in the VNI-Windows encoding and converted to Unicode: { $count }.
adm-import-note-converted-both = Paragraphs converted to Unicode: typed in the TCVN3 (ABC) encoding, { $count }; typed in the VNI-Windows encoding, { $value }.
adm-import-note-pair = { $value } { $what }

## Warnings when splitting a letter (crates/duthao-structure/src/letter.rs)
adm-letter-warning-nothing-found = No specific comment was found in the letter
adm-letter-warning-unclear = Line { $row }: it is not clear which article or clause of the draft “{ $value }” refers to
adm-letter-warning-no-article = Line { $row }: it is unclear which article “{ $value }” belongs to
