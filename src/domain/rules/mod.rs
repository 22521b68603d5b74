//! Validation rules as data (`assets/rules.toml` plus what follows from the catalog's
//! "Chia ra"/"Trong đó" structure), their evaluation into findings, and the findings in words
//! a clerk can read.

mod arithmetic;
mod describe;
mod describe_text;
mod evaluate;
mod evaluate_text;
mod statement;

pub use describe::{describe, tally};
pub use evaluate::{Unit, evaluate};
pub use statement::{Check, Figure, Operand, Statement};

use crate::domain::catalog::{Catalog, FundingId, IndicatorId, Relation};
use crate::domain::number;
use crate::domain::org::OrgId;
use crate::domain::period::Period;
use crate::domain::values::CellKey;
use crate::i18n::Lang;
use rust_decimal::Decimal;
use serde::Deserialize;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The figures cannot all be right.
    Error,
    /// Very likely wrong, or two sources disagree.
    Warning,
    /// Incomplete; worth a look.
    Info,
}

impl Severity {
    fn parse(s: &str) -> Result<Severity, String> {
        match s {
            "error" => Ok(Severity::Error),
            "warning" => Ok(Severity::Warning),
            "info" => Ok(Severity::Info),
            _ => Err(format!("severity “{s}” is not error, warning or info")),
        }
    }

    /// `Lỗi` / `Error`, and so on.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Severity::Error => lang.pick("Lỗi", "Error"),
            Severity::Warning => lang.pick("Cảnh báo", "Warning"),
            Severity::Info => lang.pick("Lưu ý", "Note"),
        }
    }
}

/// A statement of the plan's text about a figure.
#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    /// The org unit whose document makes the statement.
    pub org_unit: String,
    pub row: IndicatorId,
    pub period: Period,
    /// The figure the text states.
    pub value: Option<Decimal>,
    /// The plan figure the text states beside it.
    pub plan: Option<Decimal>,
    /// The % of plan the text states, at the precision it is given.
    pub percent: Option<Decimal>,
    /// The sentence, as published.
    pub quote: String,
}

/// What a rule checks.
#[derive(Clone, Debug, PartialEq)]
pub enum RuleKind {
    /// The "Chia ra" parts add up to the whole; `missing` is the severity when only one side
    /// has figures.
    SplitSum {
        whole: IndicatorId,
        parts: Vec<IndicatorId>,
        missing: Severity,
    },
    /// A "Trong đó" part is not larger than its whole.
    PartOfWhole { whole: IndicatorId, part: IndicatorId },
    /// Non-overlapping "Trong đó" parts together are not larger than the whole.
    DisjointParts {
        whole: IndicatorId,
        parts: Vec<IndicatorId>,
    },
    /// Total = the funding sources, for a funded row.
    FundingSum { row: IndicatorId, missing: Severity },
    /// Stock after = stock before + inflow − outflow (without outflow: ≤ before + inflow).
    StockFlow {
        stock: IndicatorId,
        inflow: IndicatorId,
        outflow: Option<IndicatorId>,
    },
    /// The same figure in two places.
    Equal {
        left: IndicatorId,
        right: IndicatorId,
        periods: Option<Vec<Period>>,
        /// The severity when one side is blank because its whole appendix was not reported
        /// for the unit and period (partial reporting, not a contradiction).
        unreported: Severity,
    },
    /// The plan's text against the appendices.
    Claim(Claim),
    /// The plan text's own arithmetic: a stated percentage, part or sum against its figures.
    Statement(Box<Statement>),
    /// A stored figure fits its indicator's kind (whole, not negative, in range).
    Kind { row: IndicatorId },
    /// A figure is not ten times its neighbouring period and last year's.
    Jump { row: IndicatorId },
    /// A unit's entered figure agrees with the roll-up of its parts.
    RollUp { row: IndicatorId },
}

impl RuleKind {
    /// Every indicator the rule reads (a rule applies in a form only when the form has them).
    pub fn indicators(&self) -> Vec<IndicatorId> {
        match self {
            RuleKind::SplitSum { whole, parts, .. } | RuleKind::DisjointParts { whole, parts } => {
                parts.iter().copied().chain([*whole]).collect()
            }
            RuleKind::PartOfWhole { whole, part } => vec![*whole, *part],
            RuleKind::FundingSum { row, .. }
            | RuleKind::Kind { row }
            | RuleKind::Jump { row }
            | RuleKind::RollUp { row } => {
                vec![*row]
            }
            RuleKind::StockFlow { stock, inflow, outflow } => [*stock, *inflow].into_iter().chain(*outflow).collect(),
            RuleKind::Equal { left, right, .. } => vec![*left, *right],
            RuleKind::Claim(c) => vec![c.row],
            RuleKind::Statement(st) => {
                let mut ids = vec![st.row];
                for o in st.operands() {
                    if let statement::Figure::Cell { row, .. } = &o.figure {
                        ids.push(*row);
                    }
                }
                ids
            }
        }
    }
}

/// A rule with its identity and severity.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub id: String,
    pub severity: Severity,
    pub kind: RuleKind,
}

/// All the rules of a catalog.
#[derive(Clone, Debug, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    derive: RawDerive,
    text: RawText,
    #[serde(default)]
    rule: Vec<RawRule>,
    #[serde(default)]
    claim: Vec<RawClaim>,
    #[serde(default)]
    statement: Vec<statement::RawStatement>,
}

/// Where the statements of `[[claim]]` come from.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawText {
    org_unit: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDerive {
    split_sum: String,
    split_missing_parts: String,
    part_of_whole: String,
    funding_sum: String,
    funding_missing_parts: String,
    value_kind: String,
    jump: String,
    side_not_reported: String,
    rollup_differs: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    kind: String,
    severity: String,
    stock: Option<String>,
    inflow: Option<String>,
    outflow: Option<String>,
    left: Option<String>,
    right: Option<String>,
    periods: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClaim {
    id: String,
    row: String,
    period: String,
    value: Option<String>,
    plan: Option<String>,
    percent: Option<String>,
    quote: String,
}

impl RuleSet {
    /// The rules compiled into the binary, for the built-in catalog.
    pub fn builtin(catalog: &Catalog) -> RuleSet {
        let raw: RawRules =
            serde_json::from_str(crate::assets::RULES_JSON).expect("the built-in rules are checked by tests");
        RuleSet::from_raw(raw, catalog).expect("the built-in rules are checked by tests")
    }

    /// Reads the rules file and derives the structural rules of the catalog.
    pub fn parse(src: &str, catalog: &Catalog) -> Result<RuleSet, String> {
        let raw: RawRules = toml::from_str(src).map_err(|e| format!("rules: {e}"))?;
        RuleSet::from_raw(raw, catalog)
    }

    fn from_raw(raw: RawRules, catalog: &Catalog) -> Result<RuleSet, String> {
        let sev = |s: &str| Severity::parse(s).map_err(|e| format!("rules: {e}"));
        let find = |code: &Option<String>, id: &str, field: &str| -> Result<IndicatorId, String> {
            let c = code
                .as_deref()
                .ok_or_else(|| format!("rule {id}: {field} is missing"))?;
            catalog
                .find(c)
                .ok_or_else(|| format!("rule {id}: {field} {c} is not in the catalog"))
        };
        let mut rules = Vec::new();
        let d = &raw.derive;
        let (split, split_missing, part, fund, fund_missing) = (
            sev(&d.split_sum)?,
            sev(&d.split_missing_parts)?,
            sev(&d.part_of_whole)?,
            sev(&d.funding_sum)?,
            sev(&d.funding_missing_parts)?,
        );
        let (kind_sev, jump_sev) = (sev(&d.value_kind)?, sev(&d.jump)?);
        let unreported = sev(&d.side_not_reported)?;
        let rollup_sev = sev(&d.rollup_differs)?;
        for ind in catalog.indicators.iter().filter(|i| i.in_form) {
            let split_parts = catalog.split_parts(ind.id);
            if !split_parts.is_empty() {
                rules.push(Rule {
                    id: format!("sum:{}", ind.code),
                    severity: split,
                    kind: RuleKind::SplitSum {
                        whole: ind.id,
                        parts: split_parts,
                        missing: split_missing,
                    },
                });
            }
            let of_which: Vec<IndicatorId> = ind
                .children
                .iter()
                .copied()
                .filter(|c| {
                    let c = catalog.get(*c);
                    c.relation == Some(Relation::OfWhich) && c.part_of_whole
                })
                .collect();
            for p in &of_which {
                rules.push(Rule {
                    id: format!("part:{}", catalog.get(*p).code),
                    severity: part,
                    kind: RuleKind::PartOfWhole {
                        whole: ind.id,
                        part: *p,
                    },
                });
            }
            if ind.disjoint && of_which.len() > 1 {
                rules.push(Rule {
                    id: format!("parts:{}", ind.code),
                    severity: part,
                    kind: RuleKind::DisjointParts {
                        whole: ind.id,
                        parts: of_which,
                    },
                });
            }
            if ind.has_values && ind.aggregation != crate::domain::catalog::Aggregation::None {
                rules.push(Rule {
                    id: format!("rollup:{}", ind.code),
                    severity: rollup_sev,
                    kind: RuleKind::RollUp { row: ind.id },
                });
            }
            if ind.has_values {
                rules.push(Rule {
                    id: format!("kind:{}", ind.code),
                    severity: kind_sev,
                    kind: RuleKind::Kind { row: ind.id },
                });
                rules.push(Rule {
                    id: format!("jump:{}", ind.code),
                    severity: jump_sev,
                    kind: RuleKind::Jump { row: ind.id },
                });
            }
            if ind.funded {
                rules.push(Rule {
                    id: format!("funding:{}", ind.code),
                    severity: fund,
                    kind: RuleKind::FundingSum {
                        row: ind.id,
                        missing: fund_missing,
                    },
                });
            }
        }
        for r in raw.rule {
            let severity = sev(&r.severity)?;
            let kind = match r.kind.as_str() {
                "stock-flow" => RuleKind::StockFlow {
                    stock: find(&r.stock, &r.id, "stock")?,
                    inflow: find(&r.inflow, &r.id, "inflow")?,
                    outflow: match &r.outflow {
                        Some(_) => Some(find(&r.outflow, &r.id, "outflow")?),
                        None => None,
                    },
                },
                "equal" => RuleKind::Equal {
                    left: find(&r.left, &r.id, "left")?,
                    right: find(&r.right, &r.id, "right")?,
                    periods: match &r.periods {
                        Some(ps) => Some(
                            ps.iter()
                                .map(|p| {
                                    Period::parse(p).map_err(|e| format!("rule {}: {}", r.id, e.message(Lang::En)))
                                })
                                .collect::<Result<Vec<_>, _>>()?,
                        ),
                        None => None,
                    },
                    unreported,
                },
                other => return Err(format!("rule {}: kind “{other}” is not stock-flow or equal", r.id)),
            };
            rules.push(Rule {
                id: r.id,
                severity,
                kind,
            });
        }
        for c in raw.claim {
            let num = |s: &Option<String>| -> Result<Option<Decimal>, String> {
                match s {
                    Some(s) => number::parse(s, Lang::Vi)
                        .map_err(|e| format!("claim {}: {}", c.id, e.message()))?
                        .map(Some)
                        .ok_or_else(|| format!("claim {}: a stated figure cannot be blank", c.id)),
                    None => Ok(None),
                }
            };
            let claim = Claim {
                org_unit: raw.text.org_unit.clone(),
                row: find(&Some(c.row.clone()), &c.id, "row")?,
                period: Period::parse(&c.period).map_err(|e| format!("claim {}: {}", c.id, e.message(Lang::En)))?,
                value: num(&c.value)?,
                plan: num(&c.plan)?,
                percent: num(&c.percent)?,
                quote: c.quote,
            };
            rules.push(Rule {
                id: c.id,
                severity: Severity::Warning,
                kind: RuleKind::Claim(claim),
            });
        }
        for st in raw.statement {
            let severity = match &st.severity {
                Some(s) => sev(s)?,
                None => Severity::Warning,
            };
            let id = st.id.clone();
            rules.push(Rule {
                id,
                severity,
                kind: RuleKind::Statement(Box::new(st.read(catalog, &raw.text.org_unit)?)),
            });
        }
        // A rule whose indicators the form lacks does not apply in the years of that form.
        rules.retain(|r| r.kind.indicators().iter().all(|i| catalog.get(*i).in_form));
        let mut seen = std::collections::HashSet::new();
        for r in &rules {
            if !seen.insert(r.id.as_str()) {
                return Err(format!("rules: id {} is used twice", r.id));
            }
        }
        Ok(RuleSet { rules })
    }

    /// The rule of a finding.
    pub fn get(&self, index: usize) -> &Rule {
        &self.rules[index]
    }
}

/// What a finding found, with the figures on both sides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Detail {
    SumMismatch {
        sum: Decimal,
        whole: Decimal,
    },
    PartsMissing {
        whole: Decimal,
    },
    WholeMissing {
        sum: Decimal,
    },
    PartExceeds {
        part: Decimal,
        whole: Decimal,
    },
    PartsExceed {
        sum: Decimal,
        whole: Decimal,
    },
    FundingMismatch {
        total: Decimal,
        sum: Decimal,
    },
    FundingPartsMissing {
        total: Decimal,
        /// The total is the plan text's figure in a row kttt rebuilt (the text gives no split).
        from_text: bool,
    },
    FundingTotalMissing {
        sum: Decimal,
    },
    StockFlow {
        from: Period,
        before: Decimal,
        inflow: Decimal,
        outflow: Option<Decimal>,
        after: Decimal,
        expected: Decimal,
    },
    NotEqual {
        left: Option<Decimal>,
        right: Option<Decimal>,
    },
    /// A unit's entered figure differs from the roll-up of its parts.
    RollUpDiffers {
        entered: Decimal,
        rolled: Decimal,
        covered: usize,
        expected: usize,
        level: Option<crate::domain::org::Level>,
        mapped: bool,
    },
    /// One side of an equality is blank because its appendix has no figure at all for the
    /// unit and period: not compared.
    SideNotReported {
        /// The appendix that was not reported.
        appendix: usize,
        /// Whether the blank side is the rule's left one.
        left_blank: bool,
        /// The other side's figure.
        other: Decimal,
    },
    ClaimValue {
        stated: Decimal,
        found: Option<Decimal>,
        /// The text's percentage beside the figure follows the appendix's figure rather than
        /// its own: (the stated %, the plan, the stated figure ÷ the plan).
        percent_follows: Option<(Decimal, Decimal, Decimal)>,
    },
    ClaimPercent {
        stated: Decimal,
        computed: Option<Decimal>,
        value: Option<Decimal>,
        plan: Option<Decimal>,
        /// Another period of the same row that the stated percentage is of: (its period, its
        /// figure) — the 2020 plan where the 2019 one was meant.
        other: Option<(Period, Decimal)>,
    },
    /// A stated percentage that its own numerator and denominator do not give.
    StatedPercent {
        stated: Decimal,
        part: Decimal,
        whole: Decimal,
        computed: Option<Decimal>,
        /// Another period of the denominator's row that gives the stated percentage.
        other: Option<(Period, Decimal)>,
    },
    /// A stated part larger than its whole; `joined`: the part reads as this figure and the
    /// whole run together ("2541" for 25 of 41).
    StatedPartExceeds {
        part: Decimal,
        whole: Decimal,
        joined: Option<Decimal>,
    },
    /// Stated parts that do not add up to their whole.
    StatedSum {
        parts: Vec<Decimal>,
        sum: Decimal,
        whole: Decimal,
    },
    /// A figure that does not fit its kind.
    BadKind(crate::domain::validity::Invalid),
    /// A tenfold change.
    Jump {
        value: Decimal,
        jump: crate::domain::plausible::Jump,
    },
}

/// One rule broken in one place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Index of the rule in its rule set.
    pub rule: usize,
    pub severity: Severity,
    pub org: OrgId,
    pub period: Period,
    pub funding: FundingId,
    /// The cells involved; the first is where to look first.
    pub cells: Vec<CellKey>,
    pub detail: Detail,
    /// A side is a roll-up that misses units below it (how far it reaches): the finding is
    /// a note, since the figures are not all in yet.
    pub partial: Option<crate::domain::rollup::Cover>,
}

impl Finding {
    /// The cell to jump to.
    pub fn primary(&self) -> CellKey {
        self.cells[0]
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod text_tests;
