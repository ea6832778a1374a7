//! Any bytes as a catalog table and as an organisation's list, read as CSV, XLSX and
//! DOCX: reading never panics, and what it returns holds together: entries in row
//! order with unique codes and non-empty NFC names, fields that the catalog (or the
//! fields it added) knows, and submitted rows with names.
#![no_main]

use duthao::catalog::fields::CatalogKind;
use duthao::catalog::table::{import_catalog, import_submission};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for name in ["danh-muc.csv", "danh-muc.xlsx", "danh-muc.docx", "danh-muc"] {
        for kind in CatalogKind::ALL {
            if let Ok(import) = import_catalog(kind, &[], name, data) {
                let known = kind.all_fields(&import.new_fields);
                let mut codes = std::collections::HashSet::new();
                assert!(import.entries.windows(2).all(|w| w[0].row <= w[1].row), "entries in row order");
                for entry in &import.entries {
                    assert!(!entry.name.trim().is_empty(), "an entry has a name");
                    assert_eq!(duthao_text::nfc(&entry.name), entry.name, "names are NFC");
                    assert!(codes.insert(entry.code.clone()), "codes are unique: {}", entry.code);
                    for (key, value) in &entry.fields {
                        assert!(known.iter().any(|f| f.key == *key), "field {key} is known");
                        assert!(!value.is_empty(), "empty values are left out");
                    }
                }
            }
            if let Ok(list) = import_submission(kind, name, data) {
                for row in &list.entries {
                    assert!(!row.name.trim().is_empty(), "a submitted row has a name");
                }
            }
        }
    }
});
