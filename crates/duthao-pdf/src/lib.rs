//! Official documents as PDF, typeset by typst: the synthesis report in the layout of
//! Nghị định 30/2020/NĐ-CP, like its DOCX original.
//!
//! This crate is heavy to build (typst and its PDF writer: about 16 minutes of cold
//! release build on 2 cores), so the server only links it with the `pdf` feature.
//!
//! Fonts: the report asks for Times New Roman, then its metric twins Liberation Serif
//! and Tinos, found among the system's fonts (Debian: `fonts-liberation2`) or in
//! `DUTHAO_FONT_DIR`; where none is installed, the Libertinus Serif built into typst
//! (which has every Vietnamese letter) sets the text, so a PDF is always complete.
//!
//! The data goes to the template as JSON, read by the template as values: a comment
//! that looks like typst markup is printed as it is written, never evaluated.

use std::path::PathBuf;
use std::sync::OnceLock;

use duthao_reports::{COLUMNS, SynthesisReport, TITLE};
use typst::foundations::{Dict, IntoValue, Str};
use typst_as_lib::TypstEngine;
use typst_as_lib::typst_kit_options::TypstKitFontOptions;
use typst_layout::PagedDocument;

const SYNTHESIS: &str = include_str!("templates/synthesis.typ");

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("typesetting: {0}")]
    Typeset(String),
    #[error("writing the PDF: {0}")]
    Write(String),
}

/// The engine with its fonts, found once per process (scanning the system's fonts
/// takes a while).
fn engine() -> &'static TypstEngine {
    static ENGINE: OnceLock<TypstEngine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut fonts =
            TypstKitFontOptions::default().include_system_fonts(true).include_embedded_fonts(true);
        if let Some(dir) = std::env::var_os("DUTHAO_FONT_DIR") {
            fonts = fonts.include_dirs([PathBuf::from(dir)]);
        }
        TypstEngine::builder()
            .search_fonts_with(fonts)
            .with_static_source_file_resolver([("synthesis.typ", SYNTHESIS)])
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
