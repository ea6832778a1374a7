//! Official documents as PDF, typeset by typst: the synthesis report in the layout of
//! Nghị định 30/2020/NĐ-CP, like its DOCX original.
//!
//! This crate is heavy to build (typst and its PDF writer: about 16 minutes of cold
//! release build on 2 cores), so the server only links it with the `pdf` feature.
//!
//! Fonts: the text is set in Tinos, embedded here (metric-compatible with Times New
//! Roman, so lines break as in the DOCX; every Vietnamese letter), so a PDF comes out
//! the same on every machine. System fonts are not used: a font of the same name can
//! lack Vietnamese letters (Debian's `fonts-liberation` 1.07 lacks `Ấ`, and typst then
//! takes each such letter from another font). An operator who must use another font
//! names its family in `DUTHAO_PDF_FONT` and puts its files in `DUTHAO_FONT_DIR`.
//!
//! The data goes to the template as JSON, read by the template as values: a comment
//! that looks like typst markup is printed as it is written, never evaluated.

use std::path::PathBuf;
use std::sync::OnceLock;

use duthao_reports::{
    COLUMNS, COMPARISON_TITLE, ComparisonReport, DraftDocument, Mark, SynthesisReport, TITLE,
};
use typst::foundations::{Dict, IntoValue, Str};
use typst_as_lib::TypstEngine;
use typst_as_lib::typst_kit_options::TypstKitFontOptions;
use typst_layout::PagedDocument;

const SYNTHESIS: &str = include_str!("templates/synthesis.typ");
const COMPARISON: &str = include_str!("templates/comparison.typ");
const DRAFT: &str = include_str!("templates/draft.typ");

/// Tinos (Apache-licensed Google font, here under the OFL; see fonts/README.md).
const TINOS: [&[u8]; 4] = [
    include_bytes!("../fonts/Tinos_400Regular.ttf"),
    include_bytes!("../fonts/Tinos_700Bold.ttf"),
    include_bytes!("../fonts/Tinos_400Regular_Italic.ttf"),
    include_bytes!("../fonts/Tinos_700Bold_Italic.ttf"),
];

/// The font families the text asks for, in order.
fn families() -> Vec<String> {
    let mut out: Vec<String> =
        std::env::var("DUTHAO_PDF_FONT").ok().filter(|f| !f.trim().is_empty()).into_iter().collect();
    out.extend(["Tinos".to_owned(), "Libertinus Serif".to_owned()]);
    out
}

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("typesetting: {0}")]
    Typeset(String),
    #[error("writing the PDF: {0}")]
    Write(String),
}

/// The engine with its fonts, made once per process.
fn engine() -> &'static TypstEngine {
    static ENGINE: OnceLock<TypstEngine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut fonts =
            TypstKitFontOptions::default().include_system_fonts(false).include_embedded_fonts(true);
        if let Some(dir) = std::env::var_os("DUTHAO_FONT_DIR") {
            fonts = fonts.include_dirs([PathBuf::from(dir)]);
        }
        TypstEngine::builder()
            .fonts(TINOS)
            .search_fonts_with(fonts)
            .with_static_source_file_resolver([
                ("synthesis.typ", SYNTHESIS),
                ("comparison.typ", COMPARISON),
                ("draft.typ", DRAFT),
            ])
            .build()
    })
}

/// The synthesis report as PDF.
pub fn synthesis_pdf(report: &SynthesisReport) -> Result<Vec<u8>, PdfError> {
    render("synthesis.typ", &synthesis_data(report))
}

fn synthesis_data(report: &SynthesisReport) -> serde_json::Value {
    let rows: Vec<serde_json::Value> = report
        .rows
        .iter()
        .map(|r| {
            serde_json::json!({
                "issue": r.issue, "commenters": r.commenters, "content": r.content, "response": r.response,
            })
        })
        .collect();
    serde_json::json!({
        "fonts": families(),
        "title": TITLE,
        "columns": COLUMNS,
        "parent_body": report.parent_body,
        "issuing_body": report.issuing_body,
        "number": report.number,
        "place_date": report.place_date,
        "subject": report.subject,
        "opening": report.opening,
        "rows": rows,
        "signer_title": report.signer_title,
        "signer_name": report.signer_name,
        "recipients": report.recipients,
    })
}

/// The comparison table (bảng so sánh) as PDF.
pub fn comparison_pdf(report: &ComparisonReport) -> Result<Vec<u8>, PdfError> {
    render("comparison.typ", &comparison_data(report))
}

fn comparison_data(report: &ComparisonReport) -> serde_json::Value {
    let spans = |spans: &[duthao_reports::Span]| -> Vec<serde_json::Value> {
        spans
            .iter()
            .map(|s| {
                let mark = match s.mark {
                    Mark::Plain => "plain",
                    Mark::Removed => "removed",
                    Mark::Added => "added",
                };
                serde_json::json!({ "text": s.text, "mark": mark })
            })
            .collect()
    };
    let rows: Vec<serde_json::Value> = report
        .rows
        .iter()
        .map(|r| {
            serde_json::json!({
                "old_path": r.old_path, "old": spans(&r.old),
                "new_path": r.new_path, "new": spans(&r.new),
                "explanation": r.explanation,
            })
        })
        .collect();
    serde_json::json!({
        "fonts": families(),
        "title": COMPARISON_TITLE,
        "issuing_body": report.issuing_body,
        "place_date": report.place_date,
        "subject": report.subject,
        "old_heading": report.old_heading,
        "new_heading": report.new_heading,
        "rows": rows,
    })
}

/// A version of a draft as PDF (A4 portrait).
pub fn draft_pdf(draft: &DraftDocument) -> Result<Vec<u8>, PdfError> {
    render("draft.typ", &draft_data(draft))
}

fn draft_data(draft: &DraftDocument) -> serde_json::Value {
    let provisions: Vec<serde_json::Value> = draft
        .provisions
        .iter()
        .map(|p| {
            serde_json::json!({
                "kind": p.kind, "label": p.label, "number": p.number, "heading": p.heading, "text": p.text,
            })
        })
        .collect();
    serde_json::json!({
        "fonts": families(),
        "issuing_body": draft.issuing_body,
        "place_date": draft.place_date,
        "status_line": draft.status_line,
        "title": draft.title,
        "preamble": draft.preamble,
        "provisions": provisions,
    })
}

/// Typesets one of the templates with `data` (read by the template as
/// `json(bytes(sys.inputs.data))`).
fn typeset(template: &str, data: &serde_json::Value) -> Result<PagedDocument, PdfError> {
    let mut inputs = Dict::new();
    inputs.insert("data".into(), Str::from(data.to_string()).into_value());
    engine().compile_with_input(template, inputs).output.map_err(|e| PdfError::Typeset(e.to_string()))
}

fn render(template: &str, data: &serde_json::Value) -> Result<Vec<u8>, PdfError> {
    let document = typeset(template, data)?;
    typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default()).map_err(|errors| {
        PdfError::Write(errors.iter().map(|e| e.message.to_string()).collect::<Vec<_>>().join("; "))
    })
}

#[cfg(test)]
mod tests;
