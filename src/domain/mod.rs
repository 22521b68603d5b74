//! The pure core: catalog, periods, org units, figures, attainment, validation rules, tables
//! and number formatting. No I/O, no SQL, no terminal.

pub mod access;
pub mod attainment;
pub mod catalog;
pub mod compare;
pub mod consolidate;
pub mod marks;
pub mod number;
pub mod org;
pub mod period;
pub mod plausible;
pub mod rollup;
pub mod rules;
pub mod seed;
pub mod sheet;
pub mod target;
pub mod text;
pub mod validity;
pub mod values;
