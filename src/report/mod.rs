//! `kttt report`: the plan's assessment ("Phần thứ nhất") written from the database's figures
//! in the published plan's own phrasing, with the three appendix tables, as Markdown or as a
//! Word document.
//!
//! It never sees the session: `gather` turns the plan as shown (a [`PlanView`] the session
//! builds with [`VIEW`]: the appendix tables exactly as `kttt show` builds them, the headline
//! rows by unit, how far the units below have entered, the findings) into plain data;
//! `compose` turns that data into blocks of text (headings, sentences, tables), and
//! `markdown` and `word` lay the same blocks out.
//!
//! [`PlanView`]: crate::domain::view::PlanView

mod compose;
mod gather;
mod markdown;
mod phrase;
mod policy;
mod sectors;
mod table;
mod word;

pub use gather::{VIEW, gather};
pub use table::{HeadGroup, Marks, RowStyle, TableModel, TableRow};

use crate::domain::catalog::{Catalog, IndicatorId};
use crate::domain::org::Level;
use crate::domain::period::Period;
use crate::domain::rules::Severity;
use crate::domain::sheet::SheetView;
use crate::i18n::Lang;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// Everything a report says, gathered from the plan as shown: plain data, nothing behind it.
#[derive(Clone, Debug)]
pub struct ReportData {
    /// The language of the words and the numbers.
    pub lang: Lang,
    pub catalog: Arc<Catalog>,
    /// The plan year N (the assessment is of N-1).
    pub year: i32,
    /// The unit's name: `Tỉnh Bắc Kạn`.
    pub unit_name: String,
    /// The unit's level, for "trên địa bàn tỉnh".
    pub level: Level,
    /// The active scenario's name, when the figures are a scenario's.
    pub scenario: Option<String>,
    /// Each appendix's table, in catalog order, as `kttt show` builds it: its cells say
    /// which figures come from the plan's text and which blanks the published appendix
    /// prints as “-” (none, where other blanks are figures not reported).
    pub sheets: Vec<SheetView>,
    /// How far the units below have reported, when the unit has parts.
    pub coverage: Option<Coverage>,
    /// The validation findings of the unit's plan, most serious first.
    pub findings: Vec<FindingLine>,
}

/// How far a unit's figures are a roll-up of the units below it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Coverage {
    /// The parts' level in words: `huyện`, `xã`.
    pub level: String,
    /// How many parts the unit has.
    pub parts: usize,
    /// Per appendix: how many parts have entered any figure, and how many all of them.
    pub appendices: Vec<(usize, usize)>,
    /// For rolled-up figures of headline indicators: how many parts the roll-up covers, of
    /// how many.
    pub cells: HashMap<(IndicatorId, Period), (usize, usize)>,
}

impl Coverage {
    /// Whether anything is a roll-up or any part has reported (else there is nothing to say).
    pub fn matters(&self) -> bool {
        !self.cells.is_empty() || self.appendices.iter().any(|(started, _)| *started > 0)
    }
}

/// One validation finding, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindingLine {
    pub severity: Severity,
    pub message: String,
}

/// A piece of the document, laid out the same way in Markdown and in Word.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// The title block: the issuing body, the document's kind and its subject.
    Title {
        issuer: Vec<String>,
        kind: String,
        subject: String,
    },
    /// A heading, level 1 to 3.
    Heading(u8, String),
    /// A bold centred line under a heading (an appendix's title).
    Caption(String),
    /// A paragraph.
    Para(String),
    /// An item of a list.
    Bullet(String),
    /// A small italic note.
    Note(String),
    /// A table with its two-row header.
    Table(TableModel),
    /// From here on the pages are the appendices' (landscape in Word).
    AppendixPages,
}

/// The file formats a report is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Docx,
}

impl Format {
    /// The format a file name asks for: `.md` or `.docx` (any case).
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }
}

/// The report as blocks.
pub fn blocks(data: &ReportData) -> Vec<Block> {
    compose::blocks(data)
}

/// The report as Markdown.
pub fn markdown(data: &ReportData) -> String {
    markdown::render(&blocks(data))
}

/// The report as a Word document (the bytes of a .docx file).
pub fn docx(data: &ReportData) -> Result<Vec<u8>, std::io::Error> {
    word::render(&blocks(data))
}

/// The same document before packing (its XML parts), for tests.
pub fn docx_document(data: &ReportData) -> docx_rs::Docx {
    word::document(&blocks(data))
}
