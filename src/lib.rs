//! kttt: a terminal application for tracking a province's collective-economy plan
//! (kinh tế tập thể): cooperatives, unions, cooperative groups, their sectors and state
//! support, with live plan-attainment percentages, validation and what-if scenarios.
//!
//! `domain` is the pure core; `store` wraps SQLite; `cli` and `tui` are thin shells.

pub mod assets;
pub mod cli;
pub mod config;
pub mod domain;
pub mod error;
pub mod exchange;
pub mod files;
pub mod i18n;
pub mod keys;
pub mod present;
pub mod report;
pub mod session;
pub mod store;
pub mod synth;
pub mod tui;
pub mod work;

#[cfg(test)]
mod boundaries;
