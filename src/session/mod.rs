//! A working session: the one door the command line and the app use. It holds the slice of
//! figures the user is looking at (one org unit, the years of one plan frame, the active
//! scenario's changes over them), writes through the store port with the layer the user
//! meant, keeps undo/redo per layer, and follows other sessions' writes by the change
//! cursor, re-reading only the cells they touched.

mod access;
mod by_unit;
mod db;
pub mod doctor;
mod edit;
mod exchange;
mod kept;
mod log;
pub mod open;
mod parts;
mod planning;
mod push;
mod refresh;
mod review;
mod scenarios;
mod units;
mod view;

pub use db::Db;

pub use edit::{Step, StepCell, Undone};
pub use exchange::{Found, ImportPlan, Why};
pub use log::LogFilter;
pub use open::{DbChoice, OpenOptions, open};
pub use planning::{HandedDown, ScenarioColumn};
pub use push::Outgoing;
pub use refresh::{Event, Refresh};
pub use review::Review;
pub use scenarios::Loading;
pub use units::UnitsFile;

use crate::domain::catalog::{Catalog, FundingId, IndicatorId};
use crate::domain::org::{OrgId, OrgUnit, OrgUnits};
use crate::domain::period::{Period, PlanFrame};
use crate::domain::rules::{Finding, RuleSet, evaluate};
use crate::domain::values::{Cell, CellKey, Dataset, Layered, Overlay, Values};
use crate::error::{Error, Refused, Result};
use crate::i18n::Lang;
use crate::store::{AuditEntry, BatchId, Layer, PlanInfo, ScenarioInfo, ScenarioStatus, Scope, Slice, SqlStore};
use rust_decimal::Decimal;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

/// How many years before the plan year a session keeps: the frame (N-2 … N) plus the year
/// before it, which percent shortcuts and plausibility checks compare with.
const YEARS_BEFORE: i32 = 3;

/// How many units below the one looked at a session reads at most (a province with its
/// communes, old and new trees, is a few hundred); a deeper roll-up of one indicator is read
/// on demand (`deep_by_unit`).
const MAX_HELD_PARTS: usize = 5_000;

/// Where a session opens, beside its unit: a plan year, or the plan showing a period, and
/// a scenario to look at.
#[derive(Clone, Debug, Default)]
pub struct At {
    /// The plan year (the latest plan when `None` or not held).
    pub year: Option<i32>,
    /// The latest plan whose frame shows this period (or whose estimate year it is the
    /// actual of), when no year is given: a command about one figure sees its neighbours.
    pub period: Option<Period>,
    /// An open scenario to look at, by name or number.
    pub scenario: Option<String>,
    /// Only the unit's own sheet is shown for now: its roll-ups may be the kept ones, its
    /// parts' figures unread until [`Session::need_parts`].
    pub lean: bool,
    /// Only the unit's own figures are read: the command reads what it shows of its parts
    /// itself (the by-unit table); the session's roll-ups stay empty until
    /// [`Session::need_parts`].
    pub own_only: bool,
}

/// The plan year a session works in: the one asked for when the database holds its plan,
/// else the latest plan, else (no plan yet) next year.
pub(crate) fn plan_year_of(plans: &[PlanInfo], asked: Option<i32>) -> i32 {
    match asked {
        Some(y) if plans.iter().any(|p| p.year == y) => y,
        _ => plans
            .last()
            .map(|p| p.year)
            .unwrap_or_else(|| i32::from(jiff::ZonedDateTime::now().year()) + 1),
    }
}

/// The latest plan whose frame shows `period`, or whose estimate year it is the actual of.
fn plan_showing(plans: &[PlanInfo], period: Period) -> Option<i32> {
    plans
        .iter()
        .map(|p| p.year)
        .filter(|y| {
            PlanFrame::new(*y).contains(period)
                || (period.kind == crate::domain::period::PeriodKind::Actual && *y - 1 == period.year)
        })
        .max()
}

/// A working session.
pub struct Session {
    /// The database, with the units held and who acts.
    db: Db,
    catalog: Arc<Catalog>,
    rules: Arc<RuleSet>,
    /// The year's form's links to the form before (figures carried into its new rows).
    series: Arc<crate::domain::form::Series>,
    org: OrgId,
    year: i32,
    plans: Vec<PlanInfo>,
    /// The active scenario (it may have been closed by someone else meanwhile).
    scenario: Option<ScenarioInfo>,
    slice: Slice,
    scope: Scope,
    /// The units below the one looked at (or, for periods before it existed, those it was
    /// formed from) whose figures its roll-up is made of, in the frame's periods.
    wide: Option<Scope>,
    /// The plan states (submitted, approved, returned) of the years whose frames touch this
    /// one's: the locks on its cells.
    states: Vec<crate::domain::access::PlanState>,
    /// The roll-ups of the unit's cells in the frame, worked out on first use after each
    /// change of the slice.
    rollups: std::cell::OnceCell<crate::domain::rollup::Rollups>,
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// The last batch whose changes the slice holds.
    cursor: BatchId,
    /// Batches this session wrote after the cursor (already in the slice).
    own: HashSet<BatchId>,
    /// Rows read from the store since the session opened (for tests and benchmarks).
    rows_read: usize,
    /// How many times the slice was read (tests: a command reads it once).
    slice_reads: usize,
    /// Opens without the parts' figures when the roll-ups kept for the unit are current
    /// (a sheet drawn from the unit's own figures and those roll-ups), until
    /// [`Session::need_parts`].
    lean: bool,
    /// See [`At::own_only`].
    own_only: bool,
    /// Keeps the roll-ups it works out for the next lean session (a session that shows
    /// sheets: opened lean; a command that only writes or exports keeps nothing).
    keeps: bool,
    /// The parts' figures were not read: the roll-ups are the kept ones.
    parts_unread: bool,
    /// With the kept roll-ups: how many parts have started each appendix.
    kept_started: Vec<usize>,
}

impl Session {
    /// A session over an open store, on its latest plan for the top org unit.
    pub fn new(store: SqlStore, lang: Lang) -> Result<Session> {
        Db::new(store, lang).session(None, At::default())
    }

    /// A session on a unit (the top unit the user may see when `None`).
    pub fn new_at(store: SqlStore, lang: Lang, unit: Option<OrgId>) -> Result<Session> {
        Db::new(store, lang).session(unit, At::default())
    }

    /// A session of a database on a unit (the top unit the user may see when `None`) in a
    /// plan year (the latest plan when `None` or not held); the slice is read once.
    fn open_in(mut db: Db, unit: Option<OrgId>, at: At) -> Result<Session> {
        let plans = db.store.plans()?;
        let shows = at.period.and_then(|p| plan_showing(&plans, p));
        let year = plan_year_of(&plans, at.year.or(shows));
        let org = match unit {
            Some(u) => u,
            None => access::first_readable(&mut db.store)?,
        };
        access::check_read(&db.store, db.store.orgs(), org)?;
        // The unit's view: what is under it, what it was formed from, what is above it; a
        // lean session, the units near it until the kept roll-ups are known to serve.
        let code = db.store.orgs().get(org).code.clone();
        if at.lean {
            db.store.hold_units(&[code])?;
            db.store.hold_children(org)?;
        } else {
            db.store.hold(&[code])?;
        }
        db.store.hold_scenarios()?;
        let form = db.form_for(org, year);
        let (catalog, rules, series) = (form.catalog.clone(), form.rules().clone(), form.series.clone());
        let mut s = Session {
            db,
            catalog,
            rules,
            series,
            org,
            year,
            plans,
            scenario: None,
            slice: Slice::default(),
            scope: Scope {
                orgs: Some(vec![org]),
                years: year - YEARS_BEFORE..=year,
                periods: None,
                indicators: None,
                scenario: None,
            },
            wide: None,
            rollups: Default::default(),
            states: Vec::new(),
            undo: Vec::new(),
            redo: Vec::new(),
            cursor: 0,
            own: HashSet::new(),
            rows_read: 0,
            slice_reads: 0,
            lean: at.lean,
            own_only: at.own_only,
            keeps: at.lean,
            parts_unread: false,
            kept_started: Vec::new(),
        };
        if let Some(name) = &at.scenario {
            let info = s.find_scenario(name, false)?;
            if info.status != ScenarioStatus::Open {
                return Err(Error::Store(crate::store::StoreError::ScenarioClosed {
                    info: Box::new(info),
                }));
            }
            s.scenario = Some(info);
        }
        s.load()?;
        Ok(s)
    }

    /// Reads the slice for the current unit, plan year and scenario.
    fn load(&mut self) -> Result<()> {
        // The form in force for the year at the unit: its rows, its rules.
        let form = self.db.form_for(self.org, self.year);
        if !Arc::ptr_eq(&self.catalog, &form.catalog) {
            self.catalog = form.catalog.clone();
            self.rules = form.rules().clone();
            self.series = form.series.clone();
        }
        let scenario = self.scenario.as_ref().map(|s| s.id);
        self.scope = Scope {
            orgs: Some(vec![self.org]),
            years: self.year - YEARS_BEFORE..=self.year,
            periods: None,
            indicators: None,
            scenario,
        };
        let frame = self.frame();
        // The cursor first: a change committed between the reads is read again later, which
        // is harmless; the other order could miss it.
        self.cursor = self.db.store.cursor()?;
        self.own.clear();
        // Official figures' roll-ups are kept between processes under the stamp read before
        // any figure (`store::sql::rollups`).
        let years = frame.actual_before_last().year..=self.year;
        let stamp = match scenario {
            None => Some(self.db.store.rollup_stamp(years.clone())?),
            Some(_) => None,
        };
        self.slice = self.db.store.read(&self.scope)?;
        self.states = self.db.store.plan_states(&self.state_years())?;
        self.rollups = Default::default();
        self.parts_unread = false;
        self.rows_read += self.slice.official.len() + self.slice.overlay.changes.len();
        self.slice_reads += 1;
        if self.own_only {
            // Roll-ups of nothing, rather than of the unit's own figures alone.
            let _ = self.rollups.set(crate::domain::rollup::Rollups::default());
            self.wide = None;
            self.parts_unread = true;
            return Ok(());
        }
        if self.lean
            && let Some(stamp) = &stamp
            && self.use_kept(stamp)?
        {
            return Ok(());
        }
        self.read_all_parts()?;
        if let Some(stamp) = stamp {
            self.keep(stamp);
        }
        Ok(())
    }

    /// The plan years whose frames hold a period of this frame.
    pub(crate) fn state_years(&self) -> Vec<i32> {
        (self.year - 2..=self.year + 2).collect()
    }

    /// Reads the plan states again (someone submitted, approved, returned or reopened).
    pub(crate) fn reload_states(&mut self) -> Result<()> {
        self.states = self.db.store.plan_states(&self.state_years())?;
        Ok(())
    }

    /// Forgets the worked-out roll-ups (the slice changed).
    pub(crate) fn slice_changed(&mut self) {
        self.rollups = Default::default();
    }

    /// Works out the unit's roll-ups.
    fn compute_rollups(&self) -> crate::domain::rollup::Rollups {
        let flat = Layered {
            base: &self.slice.official,
            overlay: self.scenario.as_ref().map(|_| &self.slice.overlay),
            preview: None,
            tree: None,
            cache: None,
            series: None,
        };
        let mut below: HashSet<(IndicatorId, Period)> = HashSet::new();
        for (k, c) in self.slice.official.iter() {
            if k.org != self.org && c.value.is_some() {
                below.insert((k.indicator, k.period));
            }
        }
        for (k, v) in &self.slice.overlay.changes {
            if k.org != self.org && v.is_some() {
                below.insert((k.indicator, k.period));
            }
        }
        crate::domain::rollup::Tree::new(&self.catalog, self.db.store.orgs()).rollups(
            &flat,
            self.org,
            &self.frame().periods(),
            &|i, p| below.contains(&(i, p)),
        )
    }

    /// The database made for this session because there was none, if one was: its path.
    pub fn created(&self) -> Option<&Path> {
        self.db.created()
    }

    /// For a command that ends the process: the unit list is not freed when the session ends.
    pub fn end_with_process(&mut self) {
        self.db.end_with_process();
    }

    /// The form the unit reports on in the plan year (the ministry's, with its office's rows).
    pub fn form(&self) -> &crate::domain::form::Form {
        self.db.form_for(self.org, self.year)
    }

    /// The database this session looks into.
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// The database, for what concerns it rather than the figures in view (users, units,
    /// the change log).
    pub fn db_mut(&mut self) -> &mut Db {
        &mut self.db
    }

    /// How many times the slice of figures was read since the session opened.
    pub fn slice_reads(&self) -> usize {
        self.slice_reads
    }

    /// Reads everything again (after a long absence, or when asked).
    pub fn reload(&mut self) -> Result<()> {
        self.plans = self.db.store.plans()?;
        if let Some(s) = &self.scenario {
            self.scenario = Some(self.db.store.scenario(s.id)?);
        }
        self.load()
    }

    /// The indicator catalog.
    pub fn catalog(&self) -> &Arc<Catalog> {
        &self.catalog
    }

    /// The validation rules.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The org units.
    pub fn orgs(&self) -> &OrgUnits {
        self.db.store.orgs()
    }

    /// The language of messages and numbers.
    pub fn lang(&self) -> Lang {
        self.db.lang
    }

    /// The org unit being looked at.
    pub fn org(&self) -> OrgId {
        self.org
    }

    /// The org unit being looked at, whole.
    pub fn unit(&self) -> &OrgUnit {
        self.db.store.orgs().get(self.org)
    }

    /// Looks at another org unit.
    pub fn set_org(&mut self, org: OrgId) -> Result<()> {
        if org.index() >= self.db.store.orgs().len() {
            return Err(Refused::NoSuchUnit.into());
        }
        access::check_read(&self.db.store, self.db.store.orgs(), org)?;
        self.db.store.hold(&[self.db.store.orgs().get(org).code.clone()])?;
        self.org = org;
        self.load()
    }

    /// Where the user last looked, as the database remembers it: a unit and a plan year
    /// that are still there (`None` otherwise).
    pub fn last_view(&mut self) -> Option<(OrgId, i32)> {
        let (code, year) = self.db.store.last_view().ok()??;
        let org = self.unit_of_code(&code)?;
        self.plans.iter().any(|p| p.year == year).then_some((org, year))
    }

    /// The unit of a kttt code, held (`None` for a code the database does not know).
    pub fn unit_of_code(&mut self, code: &str) -> Option<OrgId> {
        self.db.store.hold_units(&[code.to_string()]).ok()?.first().copied()
    }

    /// Has the database remember where the user looks now (a database that cannot be
    /// written keeps nothing; that is no error).
    pub fn remember_view(&mut self) {
        let code = self.unit().code.clone();
        let _ = self.db.store.remember_view(&code, self.year);
    }

    /// The plan year being looked at.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// Looks at another plan year (one the database holds).
    pub fn set_year(&mut self, year: i32) -> Result<()> {
        if !self.plans.iter().any(|p| p.year == year) {
            return Err(self.no_plan(year));
        }
        if year == self.year {
            return Ok(());
        }
        self.year = year;
        self.load()
    }

    /// The refusal for a year without a plan, listing the plan years.
    pub fn no_plan(&self, year: i32) -> Error {
        Refused::NoPlan {
            year,
            plans: self.plans.iter().map(|p| p.year).collect(),
        }
        .into()
    }

    /// The plan frame being looked at.
    pub fn frame(&self) -> PlanFrame {
        PlanFrame::new(self.year)
    }

    /// The plans in the database, oldest first.
    pub fn plans(&self) -> &[PlanInfo] {
        &self.plans
    }

    /// The plan years, oldest first.
    pub fn plan_years(&self) -> Vec<i32> {
        self.plans.iter().map(|p| p.year).collect()
    }

    /// The active scenario, if any (possibly closed by someone else since).
    pub fn scenario(&self) -> Option<&ScenarioInfo> {
        self.scenario.as_ref()
    }

    /// The layer edits go into.
    pub fn layer(&self) -> Layer {
        self.scenario
            .as_ref()
            .map_or(Layer::Official, |s| Layer::Scenario(s.id))
    }

    /// Whether edits can go into the active layer (an active scenario may have been closed).
    pub fn layer_open(&self) -> bool {
        self.scenario.as_ref().is_none_or(|s| s.status == ScenarioStatus::Open)
    }

    /// The official figures of the slice.
    pub fn official(&self) -> &Dataset {
        &self.slice.official
    }

    /// The active scenario's changes in the slice.
    pub fn overlay(&self) -> &Overlay {
        &self.slice.overlay
    }

    /// A stored official cell of the slice.
    pub fn cell(&self, key: &CellKey) -> Option<&Cell> {
        self.slice.official.cell(key)
    }

    /// Stored cells of the slice whose value is not a figure (written by another tool).
    pub fn unreadable(&self) -> &[CellKey] {
        &self.slice.unreadable
    }

    /// The figures as the user sees them (official under the active scenario).
    pub fn values(&self) -> Layered<'_> {
        Layered {
            base: &self.slice.official,
            overlay: self.scenario.as_ref().map(|_| &self.slice.overlay),
            preview: None,
            tree: Some(crate::domain::rollup::Tree::new(&self.catalog, self.db.store.orgs())),
            cache: Some(self.rollups.get_or_init(|| self.compute_rollups())),
            series: (!self.series.links.is_empty()).then_some(&*self.series),
        }
    }

    /// The same with a figure being typed.
    pub fn values_with(&self, preview: Option<(CellKey, Option<Decimal>)>) -> Layered<'_> {
        Layered {
            preview,
            ..self.values()
        }
    }

    /// Findings for the session's org unit and plan year.
    pub fn findings(&self, values: &impl Values) -> Vec<Finding> {
        evaluate(
            &self.catalog,
            &self.rules,
            values,
            &[(self.org, self.unit().code.as_str())],
            self.frame(),
        )
    }

    /// The findings of an org unit in the plan year being looked at (reading its figures
    /// when it is not the current unit), and its stored cells that hold no readable figure.
    pub fn check_unit(&mut self, org: OrgId) -> Result<(Vec<Finding>, Vec<CellKey>)> {
        if org == self.org {
            return Ok((self.findings(&self.values()), self.slice.unreadable.clone()));
        }
        let scope = Scope {
            orgs: Some(vec![org]),
            periods: None,
            indicators: None,
            ..self.scope.clone()
        };
        let slice = self.db.store.read(&scope)?;
        self.rows_read += slice.official.len();
        let values = Layered {
            base: &slice.official,
            overlay: self.scenario.as_ref().map(|_| &slice.overlay),
            preview: None,
            tree: None,
            cache: None,
            series: (!self.series.links.is_empty()).then_some(&*self.series),
        };
        let code = self.db.store.orgs().get(org).code.clone();
        let findings = evaluate(
            &self.catalog,
            &self.rules,
            &values,
            &[(org, code.as_str())],
            self.frame(),
        );
        Ok((findings, slice.unreadable))
    }

    /// Looks at the latest plan whose frame shows `period` (or whose estimate year it is the
    /// actual of), so that writing it sees its neighbours.
    pub fn focus(&mut self, period: Period) -> Result<()> {
        match plan_showing(&self.plans, period) {
            Some(y) if y != self.year => self.set_year(y),
            _ => Ok(()),
        }
    }

    /// The org units that hold any figure.
    pub fn units_with_figures(&mut self) -> Result<Vec<OrgId>> {
        Ok(self.db.store.units_with_figures()?)
    }

    /// A cell of the current unit.
    pub fn key(&self, indicator: IndicatorId, period: Period, funding: FundingId) -> CellKey {
        CellKey::new(indicator, self.org, period, funding)
    }

    /// A cell in words: `Tổng số hợp tác xã, KH 2020` (with the funding source when not the total).
    pub fn label(&self, key: &CellKey) -> String {
        crate::domain::view::cell_label(&self.catalog, self.db.store.orgs(), self.org, key, self.db.lang)
    }

    /// Every change of a cell, oldest first.
    pub fn history(&self, key: &CellKey) -> Result<Vec<AuditEntry>> {
        Ok(self.db.store.history(key)?)
    }

    /// Every change of an indicator's figures for the cell's unit and funding, all periods.
    pub fn indicator_history(&self, key: &CellKey) -> Result<Vec<AuditEntry>> {
        Ok(self.db.store.indicator_history(key)?)
    }

    /// Where the database lives (`None` in memory).
    pub fn location(&self) -> Option<&Path> {
        self.db.store.location()
    }

    /// The user the audit names.
    pub fn user(&self) -> &str {
        &self.db.store.actor().user
    }

    /// How many figures were read from the store since the session opened.
    pub fn rows_read(&self) -> usize {
        self.rows_read
    }

    /// The change cursor: the last batch the slice reflects.
    pub fn cursor(&self) -> BatchId {
        self.cursor
    }
}
