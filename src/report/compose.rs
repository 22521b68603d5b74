//! The report's blocks from its data: the title block, the assessment of N-1 section by
//! section (every headline indicator and those marked `written`; the sector breakdown and
//! policy support in their own files), the coverage of a roll-up, the findings, then the
//! appendix tables.

use super::phrase::{self, Ctx, Figures, Lead, Shown};
use super::{Block, ReportData, table};
use crate::domain::catalog::{FundingId, IndicatorId, Section, ValueKind};
use crate::domain::org::Level;
use crate::domain::period::{Period, PlanFrame};
use crate::domain::rules::Severity;
use crate::domain::sheet::{CellView, ColumnKind, RowKind, SheetView};
use crate::i18n::Lang;
use rust_decimal::Decimal;

/// `trên địa bàn tỉnh` / `in the province`.
fn area(level: Level, lang: Lang) -> String {
    match (level, lang) {
        (Level::Country, Lang::Vi) => "trên cả nước".into(),
        (_, Lang::Vi) => format!("trên địa bàn {}", level.name(lang)),
        (_, Lang::En) => format!("in the {}", level.name(lang)),
    }
}

/// `HỢP TÁC XÃ` → `Hợp tác xã`.
pub(super) fn sentence_case(s: &str) -> String {
    upper_first(&s.to_lowercase())
}

/// `new cooperatives` → `New cooperatives`, to start a sentence.
pub(super) fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(f) => f.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Reads the cells of the report's sheets.
pub(super) struct Reader<'a> {
    pub d: &'a ReportData,
    pub frame: PlanFrame,
}

impl<'a> Reader<'a> {
    /// An indicator's sheet and row.
    fn row(&self, id: IndicatorId) -> Option<(&'a SheetView, usize)> {
        let sheet = self.d.sheets.get(self.d.catalog.get(id).appendix)?;
        let i = sheet.rows.iter().position(|r| r.kind == RowKind::Indicator(id))?;
        Some((sheet, i))
    }

    /// A stored figure's cell.
    fn cell(&self, id: IndicatorId, period: Period, funding: FundingId) -> Option<&'a CellView> {
        let (sheet, i) = self.row(id)?;
        let j = sheet
            .columns
            .iter()
            .position(|c| *c == ColumnKind::Value { period, funding })?;
        sheet.cells[i].get(j)
    }

    /// A figure (`None` when blank).
    pub fn value(&self, id: IndicatorId, period: Period, funding: FundingId) -> Option<Decimal> {
        self.cell(id, period, funding).and_then(|c| c.value)
    }

    /// Whether a blank figure is the appendix's “-” (none) rather than not reported.
    pub fn none(&self, id: IndicatorId, period: Period, funding: FundingId) -> bool {
        self.cell(id, period, funding).is_some_and(|c| c.dash)
    }

    /// A figure, or what its blank is.
    pub fn shown(&self, id: IndicatorId, period: Period, funding: FundingId) -> Shown {
        Shown {
            value: self.value(id, period, funding),
            none: self.none(id, period, funding),
        }
    }

    /// Whether any of a row's figures is the plan text's.
    fn text_row(&self, id: IndicatorId) -> bool {
        self.row(id)
            .is_some_and(|(sheet, i)| sheet.cells[i].iter().any(|c| c.narrative))
    }

    /// A percentage column's value.
    pub fn computed(&self, id: IndicatorId, growth: bool) -> Option<Decimal> {
        let (sheet, i) = self.row(id)?;
        let j = sheet.columns.iter().position(|c| match c {
            ColumnKind::Growth { .. } => growth,
            ColumnKind::Attainment { .. } => !growth,
            ColumnKind::Value { .. } => false,
        })?;
        sheet.cells[i].get(j).and_then(|c| c.value)
    }

    /// `3/8 huyện báo cáo` for a rolled-up figure.
    fn cover(&self, id: IndicatorId, period: Period) -> Option<String> {
        let cov = self.d.coverage.as_ref()?;
        if !self.cell(id, period, FundingId::TOTAL)?.rolled {
            return None;
        }
        let (n, of) = cov.cells.get(&(id, period))?;
        Some(reported(*n, *of, &cov.level, self.d.lang))
    }

    /// An indicator's figures for its sentence; a row the plan's text gives is said to be.
    pub fn figures(&self, id: IndicatorId) -> Figures {
        let (cat, lang, f) = (&self.d.catalog, self.d.lang, self.frame);
        let ind = cat.get(id);
        let t = FundingId::TOTAL;
        let mut name = upper_first(ind.short.get(lang));
        if self.text_row(id) {
            name.push_str(lang.pick(" (theo phần thuyết minh)", " (from the plan's text)"));
        }
        Figures {
            name,
            unit: phrase::sentence_unit(cat.unit_name(id, lang), lang),
            amount: ind.kind != ValueKind::Count,
            plan_last: self.value(id, f.plan_last(), t),
            estimate: self.value(id, f.estimate_last(), t),
            plan_this: self.value(id, f.plan_this(), t),
            plan_last_none: self.none(id, f.plan_last(), t),
            estimate_none: self.none(id, f.estimate_last(), t),
            plan_this_none: self.none(id, f.plan_this(), t),
            attainment: self.computed(id, false),
            growth: self.computed(id, true),
            estimate_cover: self.cover(id, f.estimate_last()),
            plan_cover: self.cover(id, f.plan_this()),
        }
    }
}

/// `8/8 huyện báo cáo` / `8 of 8 districts reported`.
fn reported(n: usize, of: usize, level: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{n}/{of} {level} báo cáo"),
        Lang::En => format!("{n} of {of} {level}{} reported", if of == 1 { "" } else { "s" }),
    }
}

fn title(d: &ReportData) -> Block {
    let lang = d.lang;
    let mut issuer = Vec::new();
    if d.level != Level::Country {
        issuer.push(lang.pick("ỦY BAN NHÂN DÂN", "PEOPLE'S COMMITTEE").to_string());
    }
    issuer.push(d.unit_name.to_uppercase());
    Block::Title {
        issuer,
        kind: lang.pick("KẾ HOẠCH", "PLAN").to_string(),
        subject: match lang {
            Lang::Vi => format!("Phát triển kinh tế tập thể năm {}", d.year),
            Lang::En => format!("Collective economy development in {}", d.year),
        },
    }
}

/// The headline sentences of the cooperatives, unions and groups.
fn sections(r: &Reader<'_>, c: &Ctx, out: &mut Vec<Block>) {
    let (d, lang) = (r.d, r.d.lang);
    let cat = &d.catalog;
    for (n, section) in [Section::Htx, Section::Lh, Section::Tht].into_iter().enumerate() {
        let name = cat
            .find(section.code())
            .map(|h| cat.get(h).name.get(lang).to_string())
            .unwrap_or_else(|| section.code().to_uppercase());
        out.push(Block::Heading(3, format!("{}. {name}", n + 1)));
        let heads: Vec<IndicatorId> = cat
            .indicators
            .iter()
            .filter(|i| (i.headline || i.written) && i.section == section && i.has_values)
            .map(|i| i.id)
            .collect();
        let mut blank = Blanks::default();
        let prev = r.d.year - 1;
        for (k, id) in heads.iter().enumerate() {
            let lead = match (k, section) {
                (0, Section::Htx) => Lead::Ratio,
                (0, _) => Lead::Count,
                _ => Lead::No,
            };
            let fig = r.figures(*id);
            // After the section's lead, rows without any figure are named together.
            if k > 0 && fig.plan_last.is_none() && fig.estimate.is_none() && fig.plan_this.is_none() {
                let kinds = [
                    (false, prev, fig.plan_last_none),
                    (true, prev, fig.estimate_none),
                    (false, r.d.year, fig.plan_this_none),
                ];
                blank.add(&kinds, fig.name);
                continue;
            }
            out.push(Block::Bullet(phrase::headline(&fig, lead, c)));
        }
        blank.said(c, out);
    }
}

/// Rows without any figure, named together by what their blanks are: `Chưa có số liệu: A;
/// B.` where nothing was reported, else each period said (`Ước thực hiện năm 2019 chưa có
/// số liệu, kế hoạch năm 2020 không có: C.`) so that the appendix's “-” stays "none".
#[derive(Default)]
pub(super) struct Blanks {
    groups: Vec<(Vec<Blank>, Vec<String>)>,
}

/// A period's blank: whether it is an estimate, its year, whether the appendix prints “-”.
pub(super) type Blank = (bool, i32, bool);

impl Blanks {
    /// A row's name and the blank of each period said.
    pub fn add(&mut self, kinds: &[Blank], name: String) {
        match self.groups.iter_mut().find(|(k, _)| k.as_slice() == kinds) {
            Some((_, names)) => names.push(name),
            None => self.groups.push((kinds.to_vec(), vec![name])),
        }
    }

    /// One bullet per kind of blank.
    pub fn said(self, c: &Ctx, out: &mut Vec<Block>) {
        for (kinds, names) in self.groups {
            let lead = if kinds.iter().all(|(_, _, none)| !none) {
                c.lang.pick("Chưa có số liệu", "No figures yet").to_string()
            } else if kinds.iter().all(|(_, _, none)| *none) {
                c.lang.pick("Không có", "None").to_string()
            } else {
                let each: Vec<String> = kinds.iter().map(|(e, y, n)| c.absent(*e, *y, *n)).collect();
                upper_first(&each.join(", "))
            };
            out.push(Block::Bullet(format!("{lead}: {}.", names.join("; "))));
        }
    }
}

/// The coverage of a roll-up: how many units below reported each appendix.
fn coverage(d: &ReportData, out: &mut Vec<Block>) {
    let Some(cov) = d.coverage.as_ref().filter(|c| c.matters()) else {
        return;
    };
    let lang = d.lang;
    let per: Vec<String> = cov
        .appendices
        .iter()
        .enumerate()
        .map(|(a, (started, complete))| {
            format!(
                "{}: {} ({} {})",
                d.catalog.appendices[a].name(lang),
                reported(*started, cov.parts, &cov.level, lang),
                complete,
                lang.pick("đủ số liệu", "complete")
            )
        })
        .collect();
    out.push(Block::Para(format!(
        "{} {}: {}.",
        d.unit_name,
        lang.pick(
            "có số liệu tổng hợp từ các đơn vị cấp dưới",
            "has figures rolled up from the units below"
        ),
        per.join("; ")
    )));
}

/// The findings as a closing list, most serious first.
fn findings(d: &ReportData, out: &mut Vec<Block>) {
    let lang = d.lang;
    out.push(Block::Heading(
        2,
        lang.pick("III. KẾT QUẢ KIỂM TRA SỐ LIỆU", "III. DATA CHECKS")
            .to_string(),
    ));
    let count = |s: Severity| d.findings.iter().filter(|f| f.severity == s).count();
    if d.findings.is_empty() {
        out.push(Block::Para(
            lang.pick(
                "Kiểm tra số liệu không phát hiện vấn đề nào.",
                "The checks found nothing to report.",
            )
            .to_string(),
        ));
        return;
    }
    out.push(Block::Para(format!(
        "{} {}: {}.",
        lang.pick("Kiểm tra số liệu kế hoạch năm", "Checks of the plan for"),
        d.year,
        crate::present::tally_text(
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
            lang
        )
    )));
    for f in &d.findings {
        out.push(Block::Bullet(format!("{}: {}", f.severity.label(lang), f.message)));
    }
}

/// The appendix tables, each with its title and notes.
fn appendices(d: &ReportData, out: &mut Vec<Block>) {
    let lang = d.lang;
    out.push(Block::AppendixPages);
    for (a, sheet) in d.sheets.iter().enumerate() {
        let app = &d.catalog.appendices[a];
        out.push(Block::Heading(1, app.name(lang)));
        out.push(Block::Caption(app.title(lang, d.year)));
        let mut context = format!("{} · {} {}", d.unit_name, lang.pick("Kế hoạch năm", "Plan for"), d.year);
        if let Some(s) = &d.scenario {
            context.push_str(&format!(" · {}: {s}", lang.pick("Phương án", "Scenario")));
        }
        out.push(Block::Note(context));
        if app.title_reconstructed {
            out.push(Block::Note(
                lang.pick(
                    "Phần đầu phụ lục này bị mất trong bản gốc; tiêu đề và dòng 1-2 dựng lại theo mẫu của Bộ, số liệu dòng 1-2 lấy từ phần thuyết minh.",
                    "The top of this appendix is missing from the source; its title and rows 1-2 follow the ministry's template, their figures come from the plan's text.",
                )
                .to_string(),
            ));
        }
        // A roll-up of only some of the units below says how many reported the appendix.
        let partial = d.coverage.as_ref().and_then(|cov| {
            let (started, _) = *cov.appendices.get(a)?;
            (started < cov.parts).then(|| reported(started, cov.parts, &cov.level, lang))
        });
        let marks = table::Marks { partial };
        let model = table::model(&d.catalog, sheet, &marks, lang);
        let notes = model.notes.clone();
        out.push(Block::Table(model));
        out.extend(notes.into_iter().map(Block::Note));
    }
}

/// The whole report as blocks.
pub(super) fn blocks(d: &ReportData) -> Vec<Block> {
    let lang = d.lang;
    let prev = d.year - 1;
    let c = Ctx {
        lang,
        year: d.year,
        area: area(d.level, lang),
    };
    let r = Reader {
        d,
        frame: PlanFrame::new(d.year),
    };
    let mut out = vec![title(d)];
    out.push(Block::Heading(1, lang.pick("Phần thứ nhất", "Part one").to_string()));
    out.push(Block::Caption(match lang {
        Lang::Vi => format!("ĐÁNH GIÁ TÌNH HÌNH THỰC HIỆN KẾ HOẠCH PHÁT TRIỂN KINH TẾ TẬP THỂ NĂM {prev}"),
        Lang::En => format!("ASSESSMENT OF THE COLLECTIVE ECONOMY PLAN FOR {prev}"),
    }));
    if let Some(s) = &d.scenario {
        out.push(Block::Note(match lang {
            Lang::Vi => format!("Số liệu theo phương án “{s}”, chưa phải số liệu chính thức."),
            Lang::En => format!("Figures of the scenario “{s}”, not the official ones."),
        }));
    }
    coverage(d, &mut out);
    out.push(Block::Heading(
        2,
        lang.pick("I. TÌNH HÌNH KINH TẾ TẬP THỂ", "I. THE COLLECTIVE ECONOMY")
            .to_string(),
    ));
    sections(&r, &c, &mut out);
    super::sectors::sectors(&r, &c, &mut out);
    out.push(Block::Heading(
        2,
        lang.pick(
            "II. KẾT QUẢ THỰC HIỆN CHÍNH SÁCH HỖ TRỢ, ƯU ĐÃI HỢP TÁC XÃ",
            "II. POLICY SUPPORT TO COOPERATIVES",
        )
        .to_string(),
    ));
    super::policy::policy(&r, &c, &mut out);
    super::policy::text_results(&r, &c, &mut out);
    findings(d, &mut out);
    appendices(d, &mut out);
    out
}
