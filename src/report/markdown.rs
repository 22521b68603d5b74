//! The report as plain Markdown: the title block, headings one level below it, paragraphs,
//! lists, and the appendices as Markdown tables (one header row: `Năm 2019: Kế hoạch`).

use super::{Block, RowStyle, TableModel};

/// Text that Markdown would otherwise read as markup, made literal.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A table cell: escaped, with the marks after figures kept readable.
fn cell(s: &str) -> String {
    escape(s)
}

fn table(t: &TableModel, out: &mut String) {
    let titles = t.flat_titles();
    out.push_str(&format!(
        "| {} |\n",
        titles.iter().map(|h| cell(h)).collect::<Vec<_>>().join(" | ")
    ));
    // STT centred, names left, units centred, figures right.
    let mut rule = vec![":---:".to_string(), ":---".to_string(), ":---:".to_string()];
    rule.extend(t.percent.iter().map(|_| "---:".to_string()));
    out.push_str(&format!("|{}|\n", rule.join("|")));
    // The published column numbering, as the first row under the header.
    if !t.numbering.is_empty() {
        let nums: Vec<String> = t.numbering.iter().map(|n| format!("_{}_", cell(n))).collect();
        out.push_str(&format!("| {} |\n", nums.join(" | ")));
    }
    for r in &t.rows {
        // Leading spaces are dropped inside a Markdown cell; no-break spaces are not.
        let indent = "\u{a0}\u{a0}".repeat(r.indent as usize);
        let (number, name) = match r.style {
            RowStyle::Heading if !r.number.is_empty() => {
                (format!("**{}**", cell(&r.number)), format!("**{}**", cell(&r.name)))
            }
            RowStyle::Heading => (String::new(), format!("**{}**", cell(&r.name))),
            RowStyle::Label => (String::new(), format!("{indent}_{}_", cell(&r.name))),
            RowStyle::Figures => (cell(&r.number), format!("{indent}{}", cell(&r.name))),
        };
        let mut cols = vec![number, name, cell(&r.unit)];
        cols.extend(r.cells.iter().map(|c| cell(c)));
        out.push_str(&format!("| {} |\n", cols.join(" | ")));
    }
}

/// Lays out the blocks as Markdown.
pub(super) fn render(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut in_list = false;
    for b in blocks {
        let bullet = matches!(b, Block::Bullet(_));
        // A list ends with a blank line before whatever follows it.
        if in_list && !bullet {
            out.push('\n');
        }
        in_list = bullet;
        match b {
            Block::Title { issuer, kind, subject } => {
                for line in issuer {
                    out.push_str(&format!("**{}**  \n", escape(line)));
                }
                out.push_str(&format!("\n# {}\n\n**{}**\n\n", escape(kind), escape(subject)));
            }
            Block::Heading(level, text) => {
                out.push_str(&format!("{} {}\n\n", "#".repeat(*level as usize + 1), escape(text)));
            }
            Block::Caption(text) => out.push_str(&format!("**{}**\n\n", escape(text))),
            Block::Para(text) => out.push_str(&format!("{}\n\n", escape(text))),
            Block::Bullet(text) => out.push_str(&format!("- {}\n", escape(text))),
            Block::Note(text) => out.push_str(&format!("_{}_\n\n", escape(text))),
            Block::Table(t) => {
                table(t, &mut out);
                out.push('\n');
            }
            Block::AppendixPages => out.push_str("---\n\n"),
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}
