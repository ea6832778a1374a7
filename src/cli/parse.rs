//! `duthao parse FILE`: print the provision tree the structure parser finds.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OutputFormat {
    /// An indented outline, warnings after it.
    Text,
    /// The whole document as JSON (title, style, preamble, provisions with kind,
    /// label, number, heading, text, line, children; warnings).
    Json,
}

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// The draft: .docx, .md or .txt.
    pub file: PathBuf,
    #[arg(long, value_enum, default_value = "text")]
    pub format: OutputFormat,
}

pub fn run(args: &ParseArgs) -> anyhow::Result<()> {
    let bytes = std::fs::read(&args.file).with_context(|| format!("đọc tệp {}", args.file.display()))?;
    let name = args.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let (_, document) = crate::drafting::parse_upload(&name, &bytes)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    match args.format {
        OutputFormat::Json => {
            println!("{}", serde_json::to_string_pretty(&document).context("serialising the tree")?);
        }
        OutputFormat::Text => {
            if let Some(title) = &document.title {
                println!("{}", title.replace('\n', " — "));
            }
            for (depth, p) in document.walk() {
                let heading = p.heading.as_deref().map(|h| format!(" {h}")).unwrap_or_default();
                let text: String = p.text.chars().take(70).collect();
                let sep = if text.is_empty() { "" } else { ": " };
                println!("{}{}{heading}{sep}{text}  [dòng {}]", "  ".repeat(depth), p.label, p.line);
            }
            for w in &document.warnings {
                eprintln!("Cảnh báo dòng {}: {}", w.line, w.message);
            }
            eprintln!("{} điều khoản, {} cảnh báo.", document.count(), document.warnings.len());
        }
    }
    Ok(())
}
