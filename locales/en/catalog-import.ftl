# Importing a catalog of titles or job positions, and an organisation's current list,
# from an XLSX or CSV file or the tables of a DOCX file (src/catalog/table.rs).

## Files that cannot be imported
cat-import-empty = The file has no data.
cat-import-too-large = The file is too large (over { $max } MiB); split it into smaller files.
cat-import-too-many-rows = “{ $name }” has more than { $max } rows; split it into smaller files.
cat-import-old-format = This is an Excel 97–2003 (.xls) or Word 97–2003 (.doc) file; open it and save it again as .xlsx or .docx.
cat-import-xlsx-password = The Excel file is password-protected; remove the password and upload it again.
cat-import-xlsx-damaged = The Excel file cannot be read: it is damaged or not in .xlsx format.
cat-import-docx-damaged = The Word file cannot be read: it is damaged or not in .docx format.
cat-import-docx-bomb = The Word file was refused: its content unpacks to far more than its size.
cat-import-no-table = The Word file has no table; the catalog must be laid out as a table.
cat-import-csv = The CSV file has an error on line { $row }: { $value }.
cat-import-no-header = No header row found: none of the first { $max } rows of any table has a column named { $column }. Rename the column and upload the file again.
cat-import-no-header-found = No header row found: none of the first { $max } rows of any table has a column named { $column }. The file's first row has: { $value }. Rename the column and upload the file again.
cat-import-duplicate-column = The field “{ $name }” is in two columns, { $column } and { $value }; keep only one.

## Notes on an import
cat-import-note-overlong = “{ $name }”, row { $row }, column { $column }: the cell is longer than { $max } characters and was cut short.
cat-import-note-uncomputed = “{ $name }”, row { $row }, column { $column }: the formula has no computed value, so the cell was left empty. Open the file in Excel and save it again.
cat-import-note-read-tcvn3 = The file is not UTF-8: it was read as TCVN3 (ABC) and converted to Unicode.
cat-import-note-read-vni = The file is not UTF-8: it was read as VNI-Windows and converted to Unicode.
cat-import-note-read-windows-1252 = The file is not UTF-8: it was read as Windows-1252. If Vietnamese letters look wrong, save the file again as “CSV UTF-8”.
cat-import-note-converted-tcvn3 = { $count } pieces of text typed in the TCVN3 (ABC) encoding were converted to Unicode.
cat-import-note-converted-vni = { $count } pieces of text typed in the VNI-Windows encoding were converted to Unicode.
cat-import-note-converted-both = { $count } pieces of text typed in TCVN3 (ABC) and { $value } typed in VNI-Windows were converted to Unicode.
cat-import-note-above-header = “{ $name }”: the rows above the header row (row { $row }) were skipped: { $value }.
cat-import-note-other-tables = Only “{ $name }” was imported; { $value } was not.
cat-import-note-new-field = Column { $column } is not one of the catalog's fields: a new field “{ $name }” was added.
cat-import-note-unnamed-column = Column { $column } has data but no heading, so it was not imported.
cat-import-note-level-heading = Row { $row } is a group heading: the level “{ $value }” applies to the rows below it that give no level.
cat-import-note-group-heading = Row { $row } is a group heading: the group “{ $value }” applies to the rows below it that give no group.
cat-import-note-empty-name = Row { $row }: column { $column } is empty, so the row was not imported.
cat-import-note-bad-level = Row { $row }, column { $column }: “{ $value }” is not a level (Trung ương, Tỉnh or Xã); it was kept as written.
cat-import-note-duplicate-code = Row { $row }: number “{ $code }” is already used on row { $min }; renumbered “{ $value }”.
cat-import-note-duplicate-name = Row { $row }: “{ $name }” is the same as row { $min }; both were kept for the editorial team to decide.
cat-import-note-ignored-columns = These columns are not used for matching: { $column }.
cat-import-note-heading-skipped = Row { $row } (“{ $value }”) was skipped: it is a group heading.
cat-import-note-duplicate-row = Row { $row } repeats row { $min } exactly, so it was dropped.
cat-import-note-merged-holders = “{ $name }” is listed again with other holders (rows: { $value }): merged into row { $row }.
cat-import-note-merged-holders-unit = “{ $name }” ({ $what }) is listed again with other holders (rows: { $value }): merged into row { $row }.
