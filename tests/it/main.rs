//! The integration tests, one binary (as cargo's own suite is laid out): the store through
//! its interface on both stores, the command line, the app's state and screens, the real
//! binary in pseudo-terminals, the shared server over a real OpenSSH and PostgreSQL, and
//! kttt's files as LibreOffice opens them. Each file is a module; `common` holds the helpers
//! and the `both!`/`on_both!` macros.

#[macro_use]
mod common;

mod access;
mod cli;
mod csv_injection;
mod doctor;
mod exchange;
mod form_import;
mod form_workbook;
mod forms;
mod hostile_files;
mod hostile_text;
mod import_files;
mod kept_rollups;
mod log;
mod office_forms;
mod ownership;
mod package;
mod partial_rollup;
mod planning;
mod progress;
mod pty;
mod pty_input;
mod push;
mod races;
mod recalc;
mod refresh;
mod report;
mod rollup;
mod safety_app;
mod safety_cli;
mod scenarios;
mod scope;
mod server_cli;
mod server_files;
mod server_identity;
mod ssh;
mod storage;
mod stores;
mod synth;
mod tui_app;
mod tui_exchange;
mod tui_forms;
mod tui_planning;
mod tui_snapshots;
mod tui_work;
mod units_by_year;
mod units_cli;
mod units_thai_nguyen;
