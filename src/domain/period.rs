//! Periods: a year and a kind (actual, plan, estimate), and the four periods a year's plan
//! shows.

use crate::domain::text::fold;
use crate::i18n::Lang;
use serde::Serialize;
use std::fmt;

/// What a figure for a year is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodKind {
    /// Thực hiện: what happened.
    Actual,
    /// Kế hoạch: the target.
    Plan,
    /// Ước thực hiện: the estimate of the year before it ends.
    Estimate,
}

impl PeriodKind {
    /// All kinds.
    pub const ALL: [PeriodKind; 3] = [PeriodKind::Actual, PeriodKind::Plan, PeriodKind::Estimate];

    /// The storage code: `actual`, `plan`, `estimate`.
    pub fn code(self) -> &'static str {
        match self {
            PeriodKind::Actual => "actual",
            PeriodKind::Plan => "plan",
            PeriodKind::Estimate => "estimate",
        }
    }

    /// Reads a storage code.
    pub fn from_code(s: &str) -> Option<PeriodKind> {
        PeriodKind::ALL.into_iter().find(|k| k.code() == s)
    }

    /// The short label used in column heads: `TH`, `KH`, `ƯTH` (`Act.`, `Plan`, `Est.`).
    pub fn short(self, lang: Lang) -> &'static str {
        match self {
            PeriodKind::Actual => lang.pick("TH", "Act."),
            PeriodKind::Plan => lang.pick("KH", "Plan"),
            PeriodKind::Estimate => lang.pick("ƯTH", "Est."),
        }
    }

    /// The full name: `Thực hiện`, `Kế hoạch`, `Ước thực hiện`.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            PeriodKind::Actual => lang.pick("Thực hiện", "Actual"),
            PeriodKind::Plan => lang.pick("Kế hoạch", "Plan"),
            PeriodKind::Estimate => lang.pick("Ước thực hiện", "Estimate"),
        }
    }

    /// The code used on the command line and in the seed file: `TH`, `KH`, `UTH`.
    pub fn tag(self) -> &'static str {
        match self {
            PeriodKind::Actual => "TH",
            PeriodKind::Plan => "KH",
            PeriodKind::Estimate => "UTH",
        }
    }
}

/// A year and what its figure is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Period {
    pub year: i32,
    pub kind: PeriodKind,
}

impl Period {
    /// A period of `kind` in `year`.
    pub const fn new(year: i32, kind: PeriodKind) -> Self {
        Period { year, kind }
    }

    /// The tag form `TH2018`, `KH2019`, `UTH2019`.
    pub fn tag(self) -> String {
        format!("{}{}", self.kind.tag(), self.year)
    }

    /// The label a clerk reads: `Ước TH 2019`, `KH 2020` (`Est. 2019`).
    pub fn label(self, lang: Lang) -> String {
        format!("{} {}", self.kind.short(lang), self.year)
    }

    /// The words a clerk reads in a sentence: `ước thực hiện 2019` (`estimate 2019`).
    pub fn name(self, lang: Lang) -> String {
        format!("{} {}", self.kind.name(lang).to_lowercase(), self.year)
    }

    /// Reads `TH2018`, `KH2019`, `UTH2019`/`ƯTH2019`, `actual-2018`, `plan:2019`,
    /// `2019-estimate` (any case, with or without diacritics or separators).
    pub fn parse(s: &str) -> Result<Period, PeriodError> {
        let f = fold(s).replace(['-', ':', ' ', '_', '/'], "");
        let digits_at = f.find(|c: char| c.is_ascii_digit());
        let (word, year) = match digits_at {
            Some(0) => {
                let end = f.find(|c: char| !c.is_ascii_digit()).unwrap_or(f.len());
                (f[end..].to_string(), &f[..end])
            }
            Some(i) => (f[..i].to_string(), &f[i..]),
            None => return Err(PeriodError(s.to_string())),
        };
        let year: i32 = year.parse().map_err(|_| PeriodError(s.to_string()))?;
        if !(1900..=2200).contains(&year) {
            return Err(PeriodError(s.to_string()));
        }
        let kind = match word.as_str() {
            "th" | "thuchien" | "actual" | "a" => PeriodKind::Actual,
            "kh" | "kehoach" | "plan" | "p" => PeriodKind::Plan,
            "uth" | "uoc" | "uocthuchien" | "uocth" | "estimate" | "est" | "e" => PeriodKind::Estimate,
            _ => return Err(PeriodError(s.to_string())),
        };
        Ok(Period::new(year, kind))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.tag())
    }
}

/// Text that is not a period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodError(pub String);

impl PeriodError {
    /// The message, with the accepted forms.
    pub fn message(&self, lang: Lang) -> String {
        format!(
            "“{}” {}",
            crate::domain::text::sanitize(&self.0),
            lang.pick(
                "không phải là kỳ số liệu. Viết TH2018 (thực hiện), KH2019 (kế hoạch) hoặc UTH2019 (ước thực hiện).",
                "is not a period. Write TH2018 (actual), KH2019 (plan) or UTH2019 (estimate), or actual-2018, plan-2019, estimate-2019."
            )
        )
    }
}

/// A column of a plan relative to its year N: actual N-2, plan N-1, estimate N-1, plan N.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FrameSlot {
    ActualBeforeLast,
    PlanLast,
    EstimateLast,
    PlanThis,
}

/// The periods the plan for year N shows: actual N-2, plan N-1, estimate N-1, plan N.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct PlanFrame {
    pub year: i32,
}

/// The title a new plan of `year` is stored with.
pub fn plan_title(year: i32) -> String {
    format!("Kế hoạch phát triển kinh tế tập thể năm {year}")
}

impl PlanFrame {
    /// The frame of the plan for `year`.
    pub const fn new(year: i32) -> Self {
        PlanFrame { year }
    }

    /// The period of a slot.
    pub fn period(self, slot: FrameSlot) -> Period {
        match slot {
            FrameSlot::ActualBeforeLast => Period::new(self.year - 2, PeriodKind::Actual),
            FrameSlot::PlanLast => Period::new(self.year - 1, PeriodKind::Plan),
            FrameSlot::EstimateLast => Period::new(self.year - 1, PeriodKind::Estimate),
            FrameSlot::PlanThis => Period::new(self.year, PeriodKind::Plan),
        }
    }

    /// Actual N-2.
    pub fn actual_before_last(self) -> Period {
        self.period(FrameSlot::ActualBeforeLast)
    }
    /// Plan N-1.
    pub fn plan_last(self) -> Period {
        self.period(FrameSlot::PlanLast)
    }
    /// Estimate N-1.
    pub fn estimate_last(self) -> Period {
        self.period(FrameSlot::EstimateLast)
    }
    /// Plan N.
    pub fn plan_this(self) -> Period {
        self.period(FrameSlot::PlanThis)
    }

    /// The four periods, in the appendix's column order.
    pub fn periods(self) -> [Period; 4] {
        [
            self.actual_before_last(),
            self.plan_last(),
            self.estimate_last(),
            self.plan_this(),
        ]
    }

    /// Whether the frame shows `p`.
    pub fn contains(self, p: Period) -> bool {
        self.periods().contains(&p)
    }

    /// The stock-and-flow steps: (before, after) pairs whose difference the year's flows
    /// explain: actual N-2 to plan N-1, actual N-2 to estimate N-1, estimate N-1 to plan N.
    pub fn steps(self) -> [(Period, Period); 3] {
        [
            (self.actual_before_last(), self.plan_last()),
            (self.actual_before_last(), self.estimate_last()),
            (self.estimate_last(), self.plan_this()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_of_2020() {
        let f = PlanFrame::new(2020);
        let tags: Vec<String> = f.periods().iter().map(|p| p.tag()).collect();
        assert_eq!(tags, ["TH2018", "KH2019", "UTH2019", "KH2020"]);
        assert!(f.contains(Period::new(2019, PeriodKind::Estimate)));
        assert!(!f.contains(Period::new(2020, PeriodKind::Estimate)));
    }

    #[test]
    fn parses_period_spellings() {
        let e2019 = Period::new(2019, PeriodKind::Estimate);
        for s in [
            "UTH2019",
            "ƯTH2019",
            "uth 2019",
            "estimate-2019",
            "2019-estimate",
            "Ước TH 2019",
        ] {
            assert_eq!(Period::parse(s), Ok(e2019), "{s}");
        }
        assert_eq!(Period::parse("KH2020"), Ok(Period::new(2020, PeriodKind::Plan)));
        assert_eq!(Period::parse("plan:2020"), Ok(Period::new(2020, PeriodKind::Plan)));
        assert_eq!(Period::parse("TH2018"), Ok(Period::new(2018, PeriodKind::Actual)));
        assert!(Period::parse("2019").is_err());
        assert!(Period::parse("XY2019").is_err());
        assert!(Period::parse("KH20199").is_err());
        assert!(Period::parse("KH").is_err());
        assert!(Period::parse("KH2019").is_ok());
        let msg = Period::parse("Q3").unwrap_err().message(Lang::Vi);
        assert!(msg.contains("UTH2019"));
    }
}
