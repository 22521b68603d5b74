//! The report as a Word document: A4, Times New Roman, real heading styles (Heading1-3,
//! defined in the document's styles), the assessment on portrait pages and the appendices on
//! landscape pages as real tables with the published two-row header (merged cells), STT and
//! ĐVT columns, figures right-aligned.

use super::{Block, HeadGroup, RowStyle, TableModel};
use docx_rs::{
    AlignmentType, Docx, LineSpacing, PageMargin, PageOrientationType, PageSize, Paragraph, Run, RunFonts,
    SectionProperty, SpecialIndentType, Style, StyleType, Table, TableCell, TableLayoutType, TableRow, VAlignType,
    VMergeType, WidthType,
};

/// A4 in twentieths of a point.
const A4_SHORT: u32 = 11906;
const A4_LONG: u32 = 16838;
const FONT: &str = "Times New Roman";

/// Text fit for XML: control characters (which XML 1.0 cannot hold) are dropped.
fn clean(s: &str) -> String {
    s.chars().filter(|c| !c.is_control() || *c == '\t').collect()
}

fn margins(top: i32, left: i32, bottom: i32, right: i32) -> PageMargin {
    PageMargin {
        top,
        left,
        bottom,
        right,
        header: 709,
        footer: 709,
        gutter: 0,
    }
}

/// The portrait pages of the assessment: 2 cm top and bottom, 3 cm left, 1.5 cm right, as
/// the rules for administrative documents ask.
fn portrait() -> SectionProperty {
    SectionProperty::new()
        .page_size(PageSize::new().size(A4_SHORT, A4_LONG))
        .page_margin(margins(1134, 1701, 1134, 851))
}

fn text(t: &str) -> Run {
    Run::new().add_text(clean(t))
}

fn styles(doc: Docx) -> Docx {
    let heading = |id: &str, name: &str, size: usize, level: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .size(size)
            .bold()
            .outline_lvl(level)
            .line_spacing(LineSpacing::new().before(240).after(120))
    };
    doc.add_style(
        heading("Heading1", "heading 1", 28, 0)
            .align(AlignmentType::Center)
            .fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT)),
    )
    .add_style(heading("Heading2", "heading 2", 26, 1).fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT)))
    .add_style(
        heading("Heading3", "heading 3", 26, 2)
            .italic()
            .fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT)),
    )
}

/// Column widths (twips) for a table on a landscape page: the name takes what is left.
fn widths(t: &TableModel, total: usize) -> Vec<usize> {
    let wide = t.columns() > 10;
    let (stt, unit) = if wide { (720, 1000) } else { (720, 1300) };
    let (figure, pct) = if wide { (1050, 1000) } else { (1250, 1150) };
    let cols: Vec<usize> = t.percent.iter().map(|p| if *p { pct } else { figure }).collect();
    let name = total.saturating_sub(stt + unit + cols.iter().sum::<usize>()).max(2000);
    let mut w = vec![stt, name, unit];
    w.extend(cols);
    w
}

fn cell_para(t: &str, align: AlignmentType, size: usize, bold: bool, italic: bool, indent: i32) -> Paragraph {
    let mut run = text(t).size(size);
    if bold {
        run = run.bold();
    }
    if italic {
        run = run.italic();
    }
    let mut p = Paragraph::new()
        .add_run(run)
        .align(align)
        .line_spacing(LineSpacing::new().before(20).after(20));
    if indent > 0 {
        p = p.indent(Some(indent), None, None, None);
    }
    p
}

fn head_cell(t: &str, w: usize, size: usize) -> TableCell {
    // `KH 2020/ƯTH 2019` may break after its slash in a narrow column.
    let t = t.replace('/', "/\u{200b}");
    TableCell::new()
        .add_paragraph(cell_para(&t, AlignmentType::Center, size, true, false, 0))
        .vertical_align(VAlignType::Center)
        .width(w, WidthType::Dxa)
}

/// The two header rows: a head over its sub-heads spans them (gridSpan); a head without
/// sub-heads spans both rows (vMerge). Then the column numbering, when the table has one:
/// a third header row, repeated on each page with the others.
fn header(groups: &[HeadGroup], numbering: &[String], w: &[usize], size: usize) -> Vec<TableRow> {
    let (mut top, mut bottom) = (Vec::new(), Vec::new());
    let mut col = 0;
    for g in groups {
        if g.subs.is_empty() {
            top.push(head_cell(&g.title, w[col], size).vertical_merge(VMergeType::Restart));
            bottom.push(head_cell("", w[col], size).vertical_merge(VMergeType::Continue));
            col += 1;
        } else {
            let span: usize = w[col..col + g.subs.len()].iter().sum();
            top.push(head_cell(&g.title, span, size).grid_span(g.subs.len()));
            for s in &g.subs {
                bottom.push(head_cell(s, w[col], size));
                col += 1;
            }
        }
    }
    let mut rows = vec![TableRow::new(top).cant_split(), TableRow::new(bottom).cant_split()];
    if !numbering.is_empty() {
        let cells = numbering
            .iter()
            .zip(w)
            .map(|(n, w)| {
                // `(10)=(11)+(12)` may break after its `=` in a narrow column.
                let n = n.replace('=', "=\u{200b}");
                TableCell::new()
                    .add_paragraph(cell_para(&n, AlignmentType::Center, size - 2, false, true, 0))
                    .vertical_align(VAlignType::Center)
                    .width(*w, WidthType::Dxa)
            })
            .collect();
        rows.push(TableRow::new(cells).cant_split());
    }
    rows
}

fn table(t: &TableModel, total: usize) -> Table {
    let w = widths(t, total);
    let size = if t.columns() > 10 { 18 } else { 20 };
    let mut rows = header(&t.head, &t.numbering, &w, size);
    for r in &t.rows {
        let bold = r.style == RowStyle::Heading;
        let italic = r.style == RowStyle::Label;
        let mut cells = vec![
            TableCell::new()
                .add_paragraph(cell_para(&r.number, AlignmentType::Center, size, bold, false, 0))
                .vertical_align(VAlignType::Center)
                .width(w[0], WidthType::Dxa),
            TableCell::new()
                .add_paragraph(cell_para(
                    &r.name,
                    AlignmentType::Left,
                    size,
                    bold,
                    italic,
                    170 * i32::from(r.indent),
                ))
                .vertical_align(VAlignType::Center)
                .width(w[1], WidthType::Dxa),
            TableCell::new()
                .add_paragraph(cell_para(&r.unit, AlignmentType::Center, size, false, false, 0))
                .vertical_align(VAlignType::Center)
                .width(w[2], WidthType::Dxa),
        ];
        for (i, c) in r.cells.iter().enumerate() {
            let italic = t.percent.get(i).copied().unwrap_or(false);
            cells.push(
                TableCell::new()
                    .add_paragraph(cell_para(c, AlignmentType::Right, size, bold, italic, 0))
                    .vertical_align(VAlignType::Center)
                    .width(w[3 + i], WidthType::Dxa),
            );
        }
        rows.push(TableRow::new(cells));
    }
    Table::new(rows)
        .set_grid(w.clone())
        .layout(TableLayoutType::Fixed)
        .width(w.iter().sum(), WidthType::Dxa)
}

/// The document, before packing.
pub(super) fn document(blocks: &[Block]) -> Docx {
    // Landscape pages of the appendices: 1.5 cm all round, 2 cm on the binding side.
    let landscape_width = (A4_LONG - 1134 - 851) as usize;
    let mut doc = styles(
        Docx::new()
            .default_fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT).east_asia(FONT))
            .default_size(26)
            .default_line_spacing(LineSpacing::new().after(120).line(276)),
    );
    // Appendix headings so far (the first follows the section break, a new page already).
    let mut appendices: Option<usize> = None;
    for b in blocks {
        doc = match b {
            Block::Title { issuer, kind, subject } => {
                let mut d = doc;
                for line in issuer {
                    d = d.add_paragraph(
                        Paragraph::new()
                            .add_run(text(line).bold().size(26))
                            .align(AlignmentType::Center)
                            .line_spacing(LineSpacing::new().after(0)),
                    );
                }
                d.add_paragraph(
                    Paragraph::new()
                        .add_run(text(kind).bold().size(30))
                        .align(AlignmentType::Center)
                        .line_spacing(LineSpacing::new().before(480).after(60)),
                )
                .add_paragraph(
                    Paragraph::new()
                        .add_run(text(subject).bold().size(28))
                        .align(AlignmentType::Center)
                        .line_spacing(LineSpacing::new().after(360)),
                )
            }
            Block::Heading(level, t) => {
                let style = format!("Heading{}", level.clamp(&1, &3));
                let mut p = Paragraph::new().add_run(text(t)).style(&style).keep_next(true);
                // Each appendix starts on a page of its own.
                if let (1, Some(n)) = (*level, appendices.as_mut()) {
                    *n += 1;
                    if *n > 1 {
                        p = p.page_break_before(true);
                    }
                }
                doc.add_paragraph(p)
            }
            Block::Caption(t) => doc.add_paragraph(
                Paragraph::new()
                    .add_run(text(t).bold())
                    .align(AlignmentType::Center)
                    .keep_next(true),
            ),
            Block::Para(t) => doc.add_paragraph(Paragraph::new().add_run(text(t)).align(AlignmentType::Both).indent(
                None,
                Some(SpecialIndentType::FirstLine(567)),
                None,
                None,
            )),
            Block::Bullet(t) => doc.add_paragraph(
                Paragraph::new()
                    .add_run(text(&format!("- {t}")))
                    .align(AlignmentType::Both)
                    .indent(Some(284), Some(SpecialIndentType::Hanging(284)), None, None),
            ),
            Block::Note(t) => doc.add_paragraph(
                Paragraph::new()
                    .add_run(text(t).italic().size(22))
                    .line_spacing(LineSpacing::new().after(60)),
            ),
            Block::Table(t) => doc.add_table(table(t, landscape_width)),
            Block::AppendixPages => {
                // The assessment's section ends here (portrait); the appendices follow on
                // landscape pages, the document's last section.
                appendices = Some(0);
                doc.add_paragraph(Paragraph::new().section_property(portrait()))
            }
        };
    }
    doc.page_size(A4_LONG, A4_SHORT)
        .page_orient(PageOrientationType::Landscape)
        .page_margin(margins(851, 1134, 851, 851))
}

/// The header rows are the only rows marked `cantSplit`; each is also made a heading row
/// (`tblHeader`, which docx-rs has no call for), so Word and LibreOffice repeat the header at
/// the top of every page a table runs onto.
fn repeat_headers(xml: Vec<u8>) -> Vec<u8> {
    match String::from_utf8(xml) {
        Ok(s) => s
            .replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />")
            .into_bytes(),
        Err(e) => e.into_bytes(),
    }
}

/// The document packed as a .docx file.
pub(super) fn render(blocks: &[Block]) -> Result<Vec<u8>, std::io::Error> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut xml = document(blocks).build();
    xml.document = repeat_headers(xml.document);
    xml.pack(&mut buf).map_err(std::io::Error::other)?;
    Ok(buf.into_inner())
}
