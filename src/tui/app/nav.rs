//! Moving around: tabs, the cursor, pages, plan years, jumping to a cell.

use super::{App, Cursor, OVERVIEW};
use crate::domain::catalog::{FundingId, IndicatorId};
use crate::domain::sheet::{ColumnKind, RowKind};
use crate::domain::values::CellKey;
use crate::keys::Dir;

impl App {
    /// Puts a sheet's cursor on its first figure row, in the "plan N" column.
    pub(super) fn reset_cursor(&mut self, tab: usize) {
        let rows = self.sheet_rows(tab);
        let cat = self.session.catalog();
        let row = rows
            .iter()
            .position(|r| matches!(r.kind, RowKind::Indicator(id) if cat.get(id).has_values))
            .unwrap_or(0);
        let plan = self.session.frame().plan_this();
        let col = self
            .sheet_columns(tab)
            .iter()
            .position(|c| {
                *c == ColumnKind::Value {
                    period: plan,
                    funding: FundingId::TOTAL,
                }
            })
            .unwrap_or(0);
        self.cursors[tab - 1] = Cursor {
            row,
            col,
            row_offset: 0,
            col_offset: 0,
        };
    }

    pub(super) fn go_tab(&mut self, tab: usize) {
        self.tab = tab;
    }

    fn step_row(&self, from: usize, down: bool) -> usize {
        let rows = self.sheet_rows(self.tab);
        let mut i = from;
        loop {
            let next = if down { i + 1 } else { i.wrapping_sub(1) };
            match rows.get(next) {
                None => return from,
                Some(r) if matches!(r.kind, RowKind::Indicator(_)) => return next,
                Some(_) => i = next,
            }
        }
    }

    pub(super) fn move_cursor(&mut self, d: Dir) {
        if self.tab == OVERVIEW {
            let n = self.overview_items().len();
            match d {
                Dir::Up => self.overview.up(),
                Dir::Down => self.overview.down(n),
                _ => {}
            }
            return;
        }
        let ncols = self.sheet_columns(self.tab).len();
        let c = self.cursors[self.tab - 1];
        let c = match d {
            Dir::Up => Cursor {
                row: self.step_row(c.row, false),
                ..c
            },
            Dir::Down => Cursor {
                row: self.step_row(c.row, true),
                ..c
            },
            Dir::Left => Cursor {
                col: c.col.saturating_sub(1),
                ..c
            },
            Dir::Right => Cursor {
                col: (c.col + 1).min(ncols.saturating_sub(1)),
                ..c
            },
            Dir::Stay => c,
        };
        self.cursors[self.tab - 1] = c;
    }

    pub(super) fn page(&mut self, down: bool) {
        let n = self.page_rows.max(1);
        for _ in 0..n {
            self.move_cursor(if down { Dir::Down } else { Dir::Up });
        }
    }

    pub(super) fn row_edge(&mut self, end: bool) {
        if self.tab == OVERVIEW {
            return;
        }
        let n = self.sheet_columns(self.tab).len();
        self.cursors[self.tab - 1].col = if end { n.saturating_sub(1) } else { 0 };
    }

    pub(super) fn vertical_edge(&mut self, bottom: bool) {
        if self.tab == OVERVIEW {
            let n = self.overview_items().len();
            self.overview.selected = if bottom { n.saturating_sub(1) } else { 0 };
            return;
        }
        let rows = self.sheet_rows(self.tab);
        let idx: Vec<usize> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r.kind, RowKind::Indicator(_)))
            .map(|(i, _)| i)
            .collect();
        if let Some(i) = if bottom { idx.last() } else { idx.first() } {
            self.cursors[self.tab - 1].row = *i;
        }
    }

    /// The tab whose sheet shows an indicator (the current one first).
    pub fn tab_of(&self, id: IndicatorId) -> Option<usize> {
        if self.tab != OVERVIEW && self.sheet_def(self.tab).rows.contains(&id) {
            return Some(self.tab);
        }
        (1..self.tab_count()).find(|t| self.sheet_def(*t).rows.contains(&id))
    }

    /// Shows an indicator's row, on the column of `period`/`funding` when it has one.
    pub fn jump_to(&mut self, key: CellKey) {
        let Some(tab) = self.tab_of(key.indicator) else { return };
        self.tab = tab;
        if let Some(row) = self
            .sheet_rows(tab)
            .iter()
            .position(|r| r.kind == RowKind::Indicator(key.indicator))
        {
            self.cursors[tab - 1].row = row;
        }
        let cols = self.sheet_columns(tab);
        if let Some(col) = cols.iter().position(|c| {
            *c == ColumnKind::Value {
                period: key.period,
                funding: key.funding,
            }
        }) {
            self.cursors[tab - 1].col = col;
        }
    }

    pub(super) fn open_overview_row(&mut self) {
        if let Some(id) = self.overview_items().get(self.overview.selected).copied() {
            let key = self
                .session
                .key(id, self.session.frame().estimate_last(), FundingId::TOTAL);
            self.jump_to(key);
        }
    }

    pub(super) fn change_year(&mut self, forward: bool) {
        let years = self.session.plan_years();
        let pos = years.iter().position(|y| *y == self.session.year()).unwrap_or(0);
        let next = if forward {
            years.get(pos + 1)
        } else {
            pos.checked_sub(1).and_then(|p| years.get(p))
        };
        match next {
            Some(y) => {
                if let Err(e) = self.session.set_year(*y) {
                    return self.fail(e);
                }
                self.keep_view();
                let m = format!("{} {y}", self.t("Kế hoạch năm", "Plan for"));
                self.say(m);
            }
            None => {
                let m = if forward {
                    self.t(
                        "Đây là kế hoạch mới nhất. Lập kế hoạch năm sau: N",
                        "This is the latest plan. Start next year's: N",
                    )
                } else {
                    self.t("Đây là kế hoạch đầu tiên.", "This is the first plan.")
                };
                self.say(m);
            }
        }
    }

    /// Moves to the next (or previous) cell that a finding involves, in reading order.
    pub(super) fn step_finding(&mut self, forward: bool) {
        let findings = self.findings();
        let mut cells: Vec<(usize, usize, usize, CellKey)> = Vec::new();
        for f in &findings {
            for k in &f.cells {
                if k.org != self.session.org() {
                    continue;
                }
                let Some(tab) = (1..self.tab_count()).find(|t| self.sheet_def(*t).rows.contains(&k.indicator)) else {
                    continue;
                };
                let rows = self.sheet_rows(tab);
                let row = rows
                    .iter()
                    .position(|r| r.kind == RowKind::Indicator(k.indicator))
                    .unwrap_or(0);
                let col = self
                    .sheet_columns(tab)
                    .iter()
                    .position(|c| {
                        *c == ColumnKind::Value {
                            period: k.period,
                            funding: k.funding,
                        }
                    })
                    .unwrap_or(0);
                cells.push((tab, row, col, *k));
            }
        }
        cells.sort_by_key(|c| (c.0, c.1, c.2));
        cells.dedup_by_key(|c| (c.0, c.1, c.2));
        if cells.is_empty() {
            let m = self.t("Không có phát hiện nào.", "There are no findings.");
            return self.say(m);
        }
        let here = if self.tab == OVERVIEW {
            (0, 0, 0)
        } else {
            let c = self.cursors[self.tab - 1];
            (self.tab, c.row, c.col)
        };
        let pick = if forward {
            cells.iter().find(|c| (c.0, c.1, c.2) > here).or(cells.first())
        } else {
            cells.iter().rev().find(|c| (c.0, c.1, c.2) < here).or(cells.last())
        };
        if let Some(c) = pick.copied() {
            self.jump_to(c.3);
        }
    }
}
