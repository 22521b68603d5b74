//! What crosses from a province's database to the ministry's (`kttt push`): the approved
//! plans, their figures and their audit trail, named by codes (unit ids differ between
//! databases), and what the receiving store made of them.

use crate::domain::period::Period;
use rust_decimal::Decimal;

/// An approved plan being sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushedPlan {
    pub unit: String,
    pub approved_at: String,
    pub approved_by: String,
    pub comment: Option<String>,
}

/// A figure being sent (blank is `None`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushedCell {
    pub indicator: String,
    pub unit: String,
    pub period: Period,
    pub funding: String,
    pub value: Option<Decimal>,
    /// Where the figure came from in the sending database (`phu-luc-1`, `user`, …).
    pub source: String,
}

/// A row of the sending database's audit trail about a figure being sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushedAudit {
    /// Its id in the sending database (what makes a second push add nothing).
    pub id: i64,
    pub at: String,
    pub user: String,
    pub action: String,
    pub scenario: Option<String>,
    pub indicator: String,
    pub unit: String,
    pub period: Period,
    pub funding: String,
    pub old: Option<Decimal>,
    pub new: Option<Decimal>,
    pub detail: Option<String>,
}

/// Everything one push sends.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Push {
    /// The sending database's id (it names the rows it sent) and a name for people.
    pub source: String,
    pub source_name: String,
    pub year: i32,
    /// The form the plan year's figures were entered on (its id).
    pub form: String,
    pub plans: Vec<PushedPlan>,
    pub cells: Vec<PushedCell>,
    pub audit: Vec<PushedAudit>,
}

/// A figure the receiving database holds differently: reported, never overwritten.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushConflict {
    pub cell: PushedCell,
    /// What the receiving database holds.
    pub held: Option<Decimal>,
}

/// What a push did in the receiving database.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PushReport {
    /// The batch it committed (0 when there was nothing new, or it was refused).
    pub batch: i64,
    /// Figures written (new in the receiving database).
    pub written: usize,
    /// Figures it held already, the same.
    pub unchanged: usize,
    /// Audit rows copied (those sent before are not copied again).
    pub audit_copied: usize,
    /// Plans recorded as approved.
    pub plans: usize,
    /// Figures held differently: when there are any, nothing was written.
    pub conflicts: Vec<PushConflict>,
}
