//! Figures in the database: loading them, audited writes, the history of a cell, and plans.

use super::Store;
use crate::domain::catalog::FundingId;
use crate::domain::number::{canonical, parse_canonical};
use crate::domain::period::{Period, PeriodKind, PlanFrame};
use crate::domain::values::{Cell, CellKey, Dataset, Source};
use crate::error::{Error, Result};
use rusqlite::{OptionalExtension, Transaction, params};
use rust_decimal::Decimal;

/// One written change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub key: CellKey,
    pub old: Option<Decimal>,
    pub new: Option<Decimal>,
    /// The audit row that records it.
    pub audit_id: i64,
}

/// A row of the audit trail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    /// UTC, RFC 3339.
    pub at: String,
    pub user: String,
    /// `seed`, `set`, `undo`, `redo`, `apply`, `scenario.set`, `plan.start`, …
    pub action: String,
    pub scenario: Option<String>,
    pub period: Option<Period>,
    pub old: Option<Decimal>,
    pub new: Option<Decimal>,
    pub detail: Option<String>,
}

/// A plan year in the database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanInfo {
    pub year: i32,
    pub title: String,
    pub based_on: Option<i32>,
    pub created_at: String,
    pub created_by: String,
}

/// The storage codes of a cell.
pub(super) struct Codes {
    pub indicator: String,
    pub org: String,
    pub year: i32,
    pub kind: &'static str,
    pub funding: String,
}

fn decimal(s: Option<String>) -> Option<Decimal> {
    s.and_then(|s| parse_canonical(&s))
}

impl Store {
    pub(super) fn codes(&self, key: &CellKey) -> Codes {
        Codes {
            indicator: self.catalog.get(key.indicator).code.clone(),
            org: self.orgs.get(key.org).code.clone(),
            year: key.period.year,
            kind: key.period.kind.code(),
            funding: self.catalog.fundings[key.funding.0 as usize].code.clone(),
        }
    }

    pub(super) fn key_of(&self, ind: &str, org: &str, year: i32, kind: &str, funding: &str) -> Option<CellKey> {
        Some(CellKey::new(
            self.catalog.find(ind)?,
            self.orgs.by_code(org)?,
            Period::new(year, PeriodKind::from_code(kind)?),
            self.catalog.funding(funding)?,
        ))
    }

    /// Refuses a cell that takes no figure (a heading, a funding split on a plain row).
    pub fn check_writable(&self, key: &CellKey) -> Result<()> {
        let ind = self.catalog.get(key.indicator);
        if !ind.has_values {
            return Err(Error::refused(
                format!("“{}” là dòng tiêu đề, không nhập số liệu.", ind.name.vi),
                format!("“{}” is a heading and takes no figures.", ind.name.en),
            ));
        }
        if key.funding != FundingId::TOTAL && !ind.funded {
            return Err(Error::refused(
                format!("“{}” không chia theo nguồn vốn.", ind.name.vi),
                format!("“{}” is not split by funding source.", ind.name.en),
            ));
        }
        Ok(())
    }

    /// Every official figure.
    pub fn load_dataset(&self) -> Result<Dataset> {
        let mut st = self
            .conn
            .prepare_cached("SELECT indicator, org_unit, year, kind, funding, value, source, note, rev FROM value")?;
        let mut rows = st.query([])?;
        let mut d = Dataset::new();
        while let Some(r) = rows.next()? {
            let (ind, org, year, kind, fund): (String, String, i32, String, String) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
            let Some(key) = self.key_of(&ind, &org, year, &kind, &fund) else {
                continue;
            };
            d.insert(
                key,
                Cell {
                    value: decimal(r.get(5)?),
                    source: Source::from_code(&r.get::<_, String>(6)?),
                    note: r.get(7)?,
                    rev: r.get(8)?,
                },
            );
        }
        Ok(d)
    }

    /// The official figure and revision of a cell, read inside a transaction.
    pub(super) fn current(tx: &Transaction<'_>, c: &Codes) -> Result<Option<(Option<Decimal>, i64)>> {
        Ok(tx
            .query_row(
                "SELECT value, rev FROM value WHERE indicator = ?1 AND org_unit = ?2 AND year = ?3 AND kind = ?4 AND funding = ?5",
                params![c.indicator, c.org, c.year, c.kind, c.funding],
                |r| Ok((decimal(r.get(0)?), r.get(1)?)),
            )
            .optional()?)
    }

    /// Writes an official figure inside a transaction, with its audit row. Returns the audit id.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn write_official(
        &self,
        tx: &Transaction<'_>,
        c: &Codes,
        new: Option<Decimal>,
        old: Option<Decimal>,
        source: &Source,
        action: &str,
        scenario: Option<&str>,
        detail: Option<&str>,
        now: &str,
    ) -> Result<i64> {
        tx.execute(
            "INSERT INTO value (indicator, org_unit, year, kind, funding, value, source, note, rev, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, 1, ?8, ?9)
             ON CONFLICT (indicator, org_unit, year, kind, funding) DO UPDATE SET
               value = excluded.value, source = excluded.source, note = NULL, rev = value.rev + 1,
               updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            params![c.indicator, c.org, c.year, c.kind, c.funding, new.as_ref().map(canonical), source.code(), now, self.actor.user],
        )?;
        audit(tx, now, &self.actor.user, action, scenario, Some(c), old, new, detail)
    }

    /// Sets an official figure in one transaction with its audit row. With `expect`, refuses
    /// when the stored figure is no longer what the user saw. `Ok(None)`: nothing to change.
    pub fn set_value(
        &mut self,
        key: CellKey,
        new: Option<Decimal>,
        expect: Option<Option<Decimal>>,
        action: &str,
    ) -> Result<Option<Change>> {
        self.check_writable(&key)?;
        let c = self.codes(&key);
        let now = self.actor.now();
        let tx = self.begin()?;
        let old = Store::current(&tx, &c)?.and_then(|(v, _)| v);
        if let Some(seen) = expect
            && seen != old
        {
            return Err(Error::Conflict { now: old });
        }
        if old == new {
            return Ok(None);
        }
        let id = self.write_official(&tx, &c, new, old, &Source::User, action, None, None, &now)?;
        tx.commit()?;
        Ok(Some(Change {
            key,
            old,
            new,
            audit_id: id,
        }))
    }

    /// Every change of a cell, oldest first, including scenario edits of it.
    pub fn history(&self, key: &CellKey) -> Result<Vec<AuditEntry>> {
        let c = self.codes(key);
        let mut st = self.conn.prepare_cached(
            "SELECT id, at, os_user, action, scenario, year, kind, old_value, new_value, detail FROM audit
             WHERE indicator = ?1 AND org_unit = ?2 AND year = ?3 AND kind = ?4 AND funding = ?5 ORDER BY id",
        )?;
        let rows = st.query_map(params![c.indicator, c.org, c.year, c.kind, c.funding], audit_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Every change of an indicator's figures for one org unit and funding source, all
    /// periods, oldest first.
    pub fn indicator_history(&self, key: &CellKey) -> Result<Vec<AuditEntry>> {
        let c = self.codes(key);
        let mut st = self.conn.prepare_cached(
            "SELECT id, at, os_user, action, scenario, year, kind, old_value, new_value, detail FROM audit
             WHERE indicator = ?1 AND org_unit = ?2 AND funding = ?3 ORDER BY id",
        )?;
        let rows = st.query_map(params![c.indicator, c.org, c.funding], audit_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The plans in the database, oldest first.
    pub fn plans(&self) -> Result<Vec<PlanInfo>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT year, title, based_on, created_at, created_by FROM plan ORDER BY year")?;
        let rows = st.query_map([], |r| {
            Ok(PlanInfo {
                year: r.get(0)?,
                title: r.get(1)?,
                based_on: r.get(2)?,
                created_at: r.get(3)?,
                created_by: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Starts the plan for the year after `from`: the estimate of `from`−1 becomes the
    /// provisional actual of that year where none is stored yet (marked as carried), and
    /// the new year's columns start blank. One audited transaction. Returns the new year.
    pub fn start_next_plan(&mut self, from: i32) -> Result<i32> {
        let next = from + 1;
        let plans = self.plans()?;
        if !plans.iter().any(|p| p.year == from) {
            return Err(Error::refused(
                format!("Chưa có kế hoạch năm {from} để làm căn cứ."),
                format!("There is no plan for {from} to start from."),
            ));
        }
        if plans.iter().any(|p| p.year == next) {
            return Err(Error::refused(
                format!("Kế hoạch năm {next} đã có; dùng [ và ] để chuyển năm."),
                format!("The plan for {next} already exists; use [ and ] to change year."),
            ));
        }
        let frame = PlanFrame::new(next);
        let estimate = Period::new(from - 1, PeriodKind::Estimate);
        let actual = frame.actual_before_last();
        let data = self.load_dataset()?;
        let now = self.actor.now();
        let tx = self.begin()?;
        tx.execute(
            "INSERT INTO plan (year, title, based_on, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                next,
                format!("Kế hoạch phát triển kinh tế tập thể năm {next}"),
                from,
                now,
                self.actor.user
            ],
        )?;
        audit(
            &tx,
            &now,
            &self.actor.user,
            "plan.start",
            None,
            None,
            None,
            None,
            Some(&format!("plan {next} from plan {from}")),
        )?;
        let mut carried: Vec<(CellKey, Decimal)> = data
            .iter()
            .filter(|(k, c)| k.period == estimate && c.value.is_some())
            .filter(|(k, _)| data.cell(&k.with_period(actual)).is_none_or(|c| c.value.is_none()))
            .map(|(k, c)| (*k, c.value.unwrap_or_default()))
            .collect();
        carried.sort_by_key(|(k, _)| *k);
        for (k, v) in carried {
            let c = self.codes(&k.with_period(actual));
            let old = Store::current(&tx, &c)?.and_then(|(v, _)| v);
            self.write_official(
                &tx,
                &c,
                Some(v),
                old,
                &Source::Carried,
                "plan.start",
                None,
                Some(&format!("{} → {}", estimate.tag(), actual.tag())),
                &now,
            )?;
        }
        tx.commit()?;
        Ok(next)
    }
}

/// Writes one audit row.
#[allow(clippy::too_many_arguments)]
pub(super) fn audit(
    tx: &Transaction<'_>,
    now: &str,
    user: &str,
    action: &str,
    scenario: Option<&str>,
    c: Option<&Codes>,
    old: Option<Decimal>,
    new: Option<Decimal>,
    detail: Option<&str>,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO audit (at, os_user, action, scenario, indicator, org_unit, year, kind, funding, old_value, new_value, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            now,
            user,
            action,
            scenario,
            c.map(|c| c.indicator.clone()),
            c.map(|c| c.org.clone()),
            c.map(|c| c.year),
            c.map(|c| c.kind),
            c.map(|c| c.funding.clone()),
            old.as_ref().map(canonical),
            new.as_ref().map(canonical),
            detail
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

fn audit_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    let year: Option<i32> = r.get(5)?;
    let kind: Option<String> = r.get(6)?;
    Ok(AuditEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        user: r.get(2)?,
        action: r.get(3)?,
        scenario: r.get(4)?,
        period: match (year, kind.as_deref().and_then(PeriodKind::from_code)) {
            (Some(y), Some(k)) => Some(Period::new(y, k)),
            _ => None,
        },
        old: decimal(r.get(7)?),
        new: decimal(r.get(8)?),
        detail: r.get(9)?,
    })
}
