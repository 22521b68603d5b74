//! The plan text's own arithmetic as data (`[[statement]]` in `rules.toml`): a stated
//! percentage with its numerator and denominator, a stated part of a whole, stated parts of
//! a stated sum. Each side is a figure the text states or a cell of the appendices.

use crate::domain::catalog::{Catalog, IndicatorId, ValueKind};
use crate::domain::number;
use crate::domain::period::Period;
use crate::i18n::{Lang, Text};
use rust_decimal::Decimal;
use serde::Deserialize;

/// A figure a statement works with.
#[derive(Clone, Debug, PartialEq)]
pub enum Figure {
    /// Printed in the text: its value, as written (`2541`), and its kind (a count is exact).
    Stated {
        value: Decimal,
        written: String,
        kind: ValueKind,
    },
    /// A cell of the appendices, of the text's own unit.
    Cell { row: IndicatorId, period: Period },
}

/// One side of a statement, with the words that say what it counts (`HTX hoạt động tốt`).
#[derive(Clone, Debug, PartialEq)]
pub struct Operand {
    pub figure: Figure,
    pub words: Option<Text>,
}

/// What a statement claims about its figures.
#[derive(Clone, Debug, PartialEq)]
pub enum Check {
    /// `part ÷ whole × 100` is the stated percentage ("đạt 74%"); for a `share` ("chiếm
    /// 61%") the part is also one of the whole, so not larger than it.
    Percent {
        part: Operand,
        whole: Operand,
        percent: Decimal,
        share: bool,
    },
    /// The part is one of the whole ("trong đó"): not larger than it.
    PartOf { part: Operand, whole: Operand },
    /// The parts add up to the whole.
    Sum { parts: Vec<Operand>, whole: Operand },
}

/// A statement of the plan's text and the cell it is about.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// The org unit whose document makes the statement.
    pub org_unit: String,
    /// Where `kttt check` places a finding: the row and period the statement is about.
    pub row: IndicatorId,
    pub period: Period,
    /// What it is about, in words: `HTX thành lập mới đến 20/8/2019`.
    pub about: Text,
    pub check: Check,
    /// The sentence, as published.
    pub quote: String,
}

impl Statement {
    /// Every operand, the whole last.
    pub fn operands(&self) -> Vec<&Operand> {
        match &self.check {
            Check::Percent { part, whole, .. } | Check::PartOf { part, whole } => vec![part, whole],
            Check::Sum { parts, whole } => parts.iter().chain(std::iter::once(whole)).collect(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStatement {
    pub id: String,
    kind: String,
    pub severity: Option<String>,
    row: String,
    period: String,
    about_vi: String,
    about_en: String,
    part: Option<RawOperand>,
    #[serde(default)]
    parts: Vec<RawOperand>,
    whole: RawOperand,
    percent: Option<String>,
    quote: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOperand {
    value: Option<String>,
    kind: Option<String>,
    row: Option<String>,
    period: Option<String>,
    vi: Option<String>,
    en: Option<String>,
}

impl RawStatement {
    /// The statement, its rows and periods checked against the catalog.
    pub(super) fn read(self, catalog: &Catalog, org_unit: &str) -> Result<Statement, String> {
        let id = self.id.as_str();
        let period = |s: &str| Period::parse(s).map_err(|e| format!("statement {id}: {}", e.message(Lang::En)));
        let row = |code: &str| {
            catalog
                .find(code)
                .ok_or_else(|| format!("statement {id}: row {code} is not in the catalog"))
        };
        let figure = |s: &str| -> Result<Decimal, String> {
            number::parse(s, Lang::Vi)
                .map_err(|e| format!("statement {id}: {}", e.message()))?
                .ok_or_else(|| format!("statement {id}: a stated figure cannot be blank"))
        };
        let operand = |o: RawOperand| -> Result<Operand, String> {
            let words = match (o.vi, o.en) {
                (Some(vi), en) => Some(Text::new(vi, en.unwrap_or_default())),
                (None, Some(_)) => return Err(format!("statement {id}: words in English only")),
                (None, None) => None,
            };
            let figure = match (o.value, o.row, o.period) {
                (Some(v), None, None) => {
                    let kind = match o.kind.as_deref() {
                        None => ValueKind::Count,
                        Some(k) => {
                            ValueKind::parse(k).ok_or_else(|| format!("statement {id}: kind “{k}” is not known"))?
                        }
                    };
                    Figure::Stated {
                        value: figure(&v)?,
                        written: v,
                        kind,
                    }
                }
                (None, Some(r), Some(p)) if o.kind.is_none() => {
                    let r = row(&r)?;
                    if !catalog.get(r).has_values {
                        return Err(format!("statement {id}: row {} takes no figures", catalog.get(r).code));
                    }
                    Figure::Cell {
                        row: r,
                        period: period(&p)?,
                    }
                }
                _ => {
                    return Err(format!(
                        "statement {id}: a side is a value (with its kind) or a row with its period"
                    ));
                }
            };
            Ok(Operand { figure, words })
        };
        if !matches!(self.kind.as_str(), "ratio" | "share" | "part-of" | "sum") {
            return Err(format!(
                "statement {id}: kind “{}” is not ratio, share, part-of or sum",
                self.kind
            ));
        }
        let percent_kind = matches!(self.kind.as_str(), "ratio" | "share");
        if (self.kind == "sum") != self.part.is_none() || (self.kind != "sum" && !self.parts.is_empty()) {
            return Err(format!("statement {id}: a sum has `parts`, the other kinds one `part`"));
        }
        if percent_kind != self.percent.is_some() {
            return Err(format!(
                "statement {id}: `percent` goes with ratio and share, and only there"
            ));
        }
        let whole = operand(self.whole)?;
        let one_part = |p: Option<RawOperand>| {
            p.ok_or_else(|| format!("statement {id}: part is missing"))
                .and_then(operand)
        };
        let check = match self.kind.as_str() {
            "ratio" | "share" => Check::Percent {
                part: one_part(self.part)?,
                whole,
                percent: figure(
                    self.percent
                        .as_deref()
                        .ok_or_else(|| format!("statement {id}: percent is missing"))?,
                )?,
                share: self.kind == "share",
            },
            "part-of" => Check::PartOf {
                part: one_part(self.part)?,
                whole,
            },
            "sum" if self.parts.len() >= 2 => Check::Sum {
                parts: self.parts.into_iter().map(operand).collect::<Result<_, _>>()?,
                whole,
            },
            _ => return Err(format!("statement {id}: a sum has two parts or more")),
        };
        Ok(Statement {
            org_unit: org_unit.to_string(),
            row: row(&self.row)?,
            period: period(&self.period)?,
            about: Text::new(self.about_vi, self.about_en),
            check,
            quote: self.quote,
        })
    }
}
