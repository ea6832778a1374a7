# Catalog drafts: the catalog, the table of equivalent positions, the review (rà soát).
cat-title = Catalog
cat-dashboard-link = Catalog, review
cat-kind-titles = Catalog of leadership titles and table of equivalent positions
cat-kind-job_positions = Catalog of job positions and job descriptions
cat-open-version = open the version
cat-equivalence = Table of equivalent positions
cat-review = Review of the lists of organisations and localities
cat-problems = { $count ->
    [one] { $count } point to look at
   *[other] { $count } points to look at
}
cat-approved = The table of equivalent positions of version { $value } was approved on { $date }
cat-broken-heading = The newest version changes { $count ->
    [one] { $count } approved equivalence
   *[other] { $count } approved equivalences
}
cat-broken-note = This version can only be published once someone confirms having read these changes.
cat-broken-acknowledge = I have read these changes
cat-broken-acknowledged = Someone has confirmed reading these changes; the version can be published.
cat-table-heading = New version from a table
cat-table-note = Upload the catalog table (XLSX, CSV or a table in a DOCX file). The header row must have a column naming the title or job position; other columns are recognised by their heading (group, level, equivalent to, notes…), and a column the catalog does not have becomes a new field. The draft's text is kept; each entry keeps its identity across versions by its name or number.
cat-table-submit = Make a new version
cat-entries = { $count ->
    [one] { $count } entry
   *[other] { $count } entries
}
cat-no-entries = The catalog has no entries yet: upload a table.
cat-job-description = Job description
cat-fields = Fields of the catalog
cat-field-add = Add a field
cat-field-add-submit = Add
cat-lists = Lists submitted for review ({ $count })
cat-col-organisation = Organisation or locality
cat-col-file = File
cat-col-rows = Rows
cat-col-submitted = Submitted
cat-list-file = List file (XLSX, CSV or DOCX: title or position, unit, holders)
cat-list-submit = Submit the list
cat-set-change = Kind and name of the catalog
cat-set-make = Make this draft a catalog draft
cat-set-note = A catalog draft's body is a table of entries (titles or job positions) instead of articles; each entry, and each field of an entry, takes comments as a provision does.
cat-set-kind = Kind of catalog
cat-set-title = Name of the catalog
cat-set-submit = Save
cat-no-problems = The table has nothing to look at.
cat-approve = Approve the table of equivalent positions of version { $value }
cat-col-reference = Reference position
cat-level-central = Central
cat-level-provincial = Provincial
cat-level-commune = Commune
cat-col-notes = Notes
cat-unranked = No equivalent position could be determined for:
cat-review-lists = { $count ->
    [one] { $count } organisation or locality has submitted its list.
   *[other] { $count } organisations and localities have submitted their lists.
}
cat-pending = Names for an editor to confirm ({ $count })
cat-pending-note = The names below are close to an entry of the catalog but not close enough to be sure. A confirmation applies to every list with that name.
cat-col-submitted-name = Name in the list
cat-col-decision = Decision
cat-row = row { $row }
cat-not-in-catalog = Not in the catalog
cat-confirm = Confirm
cat-by-organisation = By organisation or locality
cat-no-lists = No organisation or locality has submitted a list yet.
cat-col-matched = Matched
cat-col-pending = To confirm
cat-col-lacking = Lacking
cat-col-misfits = Not fitting
cat-col-warnings = Warnings
cat-country-lacking = Catalog entries localities lack ({ $count })
cat-country-misfits = Entries localities have at another level or in another group ({ $count })
cat-country-proposed = Proposed additions to the catalog ({ $count })
cat-none = None.
cat-col-entry = Catalog entry
cat-col-organisations = Organisations
cat-col-proposed = Proposed name
cat-list-file-line = Submitted on { $date }, file
cat-list-notes = Notes from reading the file ({ $count })
cat-lacking = Catalog entries the unit lacks ({ $count })
cat-misfits = Entries the unit has that do not fit the catalog ({ $count })
cat-headcount = Positions and holders
cat-headcount-summary = { $count } positions, { $value } people. A position may be held by several people; a person may hold several positions.
cat-vacant = Positions without a holder ({ $count })
cat-shared = Positions held by several people ({ $count })
cat-several = People holding several positions ({ $count })
cat-rows = Rows of the list ({ $count })
cat-col-row = Row
cat-col-unit = Unit
cat-col-match = Matched to
cat-status-uncertain = to confirm
cat-status-unknown = not in the catalog
cat-own-title = Your organisation's list for the review
cat-own-for = Submitted on behalf of
cat-own-upload = Submit the current list
cat-own-note = One row per existing title or job position, with its unit and holders (several people separated by semicolons). A new list replaces the one submitted before.
cat-err-kind = Choose the kind of catalog.
cat-err-title = The catalog's name is too long (500 characters at most).
cat-err-field-name = A field's name cannot be empty and is at most 200 characters long.
cat-err-field-exists = The catalog already has a field “{ $name }”.
cat-err-no-entries = The table has no entries: no row names a title or job position.
cat-err-superseded = Version { $max } was made while you were working on version { $min }; look at version { $max }, then upload again if still needed.
cat-err-empty-file = The file is empty.
cat-err-format = Format not supported: only docx or xlsx.
cat-err-not-titles = Only a catalog of titles has a table of equivalent positions.
cat-err-approve-problems = The table still has { $count } points to look at; correct them before approving.
cat-err-nothing-broken = This version changes no approved equivalence.
cat-err-no-rows = The list has no row naming a title or position.
cat-err-organisation = Choose the organisation or locality submitting the list.
cat-err-key = The name to confirm is missing.
cat-err-entry = The catalog has no such entry.
cat-err-publish-broken = This version changes { $count ->
    [one] { $count } approved equivalence
   *[other] { $count } approved equivalences
}; read the changes on the catalog page and confirm before publishing.
cat-err-structure = A catalog's entries and fields keep their place: the catalog's structure comes from its table (make a new version from a table); only their text can be edited here.
cat-structure-from-table = Structure from the catalog's table
cat-err-entry-name = A catalog entry's name cannot be empty.
cat-err-approve-unpublished = Only the table of equivalent positions of a published version can be approved: publish the version first.
cat-err-kind-change = The catalog has entries: its kind cannot be changed.
cat-err-not-open = The catalog draft is not published, or your organisation is not invited to comment: the list cannot be submitted yet.
cat-err-entry-unknown = The catalog has no entry named “{ $name }”.
cat-other-entry = or another entry
