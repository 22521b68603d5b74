//! The pure core: catalog, periods, org units, figures, attainment, validation rules, the
//! view models every shell draws (tables, tables by unit, the plan as shown, the marks) and
//! number formatting. No I/O, no SQL, no terminal.

pub mod access;
pub mod attainment;
pub mod by_unit;
pub mod catalog;
pub mod compare;
pub mod completeness;
pub mod form;
pub mod marks;
pub mod number;
pub mod org;
pub mod period;
pub mod planning;
pub mod plausible;
pub mod rollup;
pub mod rules;
pub mod seed;
pub mod sheet;
pub mod target;
pub mod text;
pub mod validity;
pub mod values;
pub mod view;
