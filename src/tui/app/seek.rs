//! Goal seek on the selected cell of a scenario: `M` asks for a goal (`KH/ƯTH = 110%`), the
//! field shows the figure found as the goal is typed, Enter writes it into the scenario as one
//! audited write that `u` undoes. In the by-unit view the cell is a unit's below, and the goal
//! is on the roll-up of the unit above (a total, or a weighted average of the units below).

use super::{App, Mode, NameInput, NamePurpose};
use crate::domain::catalog::FundingId;
use crate::domain::number::{format, format_cell};
use crate::domain::planning::goal;
use crate::domain::planning::seek::{Measure, Sought};
use crate::domain::values::{CellKey, Values};
use crate::tui::editor::LineEditor;
use rust_decimal::Decimal;

/// What a goal gives: how it is measured, the goal's figure and the figure found.
pub struct Seeking {
    pub measure: Measure,
    pub target: Decimal,
    pub found: Sought,
}

impl App {
    /// Opens the goal field on the selected cell, when a scenario is active and the cell takes
    /// figures.
    pub(super) fn open_seek(&mut self) {
        if self.session.scenario().is_none() {
            let m = self.t(
                "Tìm số theo mục tiêu chỉ làm trong phương án. Nhấn s để chọn hoặc S để tạo.",
                "Goal seek works in a scenario. Press s to choose one or S to create one.",
            );
            return self.complain(m);
        }
        if let Some(why) = self.refuse_edit() {
            return self.complain(why);
        }
        let Some(key) = self.selected_key() else { return };
        self.mode = Mode::NameInput(NameInput {
            field: LineEditor::selected("KH/ƯTH = 110%", super::input::NAME_MAX),
            purpose: NamePurpose::Seek(key),
        });
    }

    /// The figure of `cell` that reaches the goal `text`, or why there is none.
    pub fn seeking(&self, cell: CellKey, text: &str) -> Result<Seeking, String> {
        let lang = self.session.lang();
        let bad = || {
            self.t(
                "Viết mục tiêu: \"KH/ƯTH = 110%\", \"KH2020 = 220\" hoặc \"MÃ KỲ = SỐ\".",
                "Write a goal: \"KH/ƯTH = 110%\", \"KH2020 = 220\" or \"CODE PERIOD = FIGURE\".",
            )
            .to_string()
        };
        let g = goal::read(text, self.session.frame(), lang).ok_or_else(bad)?;
        let cat = self.session.catalog();
        let indicator = match &g.code {
            Some(c) => cat
                .find(&crate::domain::text::nfc(c))
                .filter(|i| cat.get(*i).in_form)
                .ok_or_else(bad)?,
            None => cell.indicator,
        };
        // A part's cell (in the by-unit view) is sought for the goal on the roll-up of the
        // unit above it, the session's unit.
        let key = |p| CellKey::new(indicator, self.session.org(), p, FundingId::TOTAL);
        let frame = self.session.frame();
        let measure = match (g.num, g.den) {
            (Some(n), Some(d)) => Measure::Ratio {
                num: key(n),
                den: key(d),
            },
            (Some(n), None) => Measure::Value(key(n)),
            (None, _) if g.percent => Measure::Ratio {
                num: key(frame.plan_this()),
                den: key(frame.estimate_last()),
            },
            (None, _) => Measure::Value(key(cell.period)),
        };
        let found = self
            .session
            .seek(cell, measure, g.target)
            .map_err(|e| crate::present::planning::seek_error(e, lang).to_string())?;
        Ok(Seeking {
            measure,
            target: g.target,
            found,
        })
    }

    /// How a goal's figure is shown: a percentage to one place, a figure to two.
    pub fn goal_figure(&self, s: &Seeking, x: &Decimal) -> String {
        let lang = self.session.lang();
        match s.measure {
            Measure::Ratio { .. } => format!("{}%", format(&x.round_dp(1), lang)),
            Measure::Value(_) => format(&x.round_dp(2), lang),
        }
    }

    /// What the goal gives the cell: `201 → 194, đạt 110,2%`; for a unit below, the roll-up
    /// it reaches: `Huyện Ba Bể 400 → 600, Tỉnh Bắc Kạn (tổng hợp) đạt 500`.
    pub fn seeking_line(&self, cell: CellKey, s: &Seeking) -> String {
        if cell.org == self.session.org() {
            return self.reach_line(cell, s);
        }
        let unit = self.session.orgs().get(cell.org).name(self.session.lang());
        format!("{unit} {}", self.reach_line(cell, s))
    }

    /// The same without the unit's name (the cell's label says it).
    fn reach_line(&self, cell: CellKey, s: &Seeking) -> String {
        let lang = self.session.lang();
        let old = self.session.values().value(&cell);
        let rolled = if cell.org == self.session.org() {
            String::new()
        } else {
            format!(
                " {} ({})",
                self.session.unit().name(lang),
                self.t("tổng hợp", "rolled up")
            )
        };
        format!(
            "{} → {},{rolled} {} {}",
            format_cell(old.as_ref(), lang),
            format(&s.found.value, lang),
            self.t("đạt", "reaches"),
            self.goal_figure(s, &s.found.reached)
        )
    }

    /// Enter on the goal: writes the figure found into the scenario, or says why not.
    pub(super) fn seek_with(&mut self, n: NameInput, cell: CellKey) {
        let text = n.field.text().to_string();
        let s = match self.seeking(cell, &text) {
            Ok(s) => s,
            Err(m) => {
                self.mode = Mode::NameInput(n);
                return self.complain(m);
            }
        };
        let line = self.reach_line(cell, &s);
        let entered = self.session.values().entered(&cell);
        let detail = format!("seek: {}", crate::domain::text::sanitize(&text));
        match self
            .session
            .set_figures(&[(cell, entered, Some(s.found.value))], Some(&detail))
        {
            Ok(_) => {
                let m = format!(
                    "{} {}: {line}. {}",
                    self.t("Đã ghi theo mục tiêu:", "Written to reach the goal:"),
                    self.session.label(&cell),
                    self.t("u để hoàn tác.", "u undoes it.")
                );
                self.announce(m, false);
            }
            Err(e) => self.fail(e),
        }
    }
}
