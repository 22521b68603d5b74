//! The data files compiled into the binary, so a fresh machine needs no files.

/// The indicator catalog: every row of the three appendices.
pub const CATALOG: &str = include_str!("../assets/catalog.toml");
/// The catalog as JSON (made from `catalog.toml` at build time; quicker to read).
pub const CATALOG_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/catalog.json"));
/// The rules as JSON (made from `rules.toml` at build time).
pub const RULES_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/rules.json"));
/// The validation rules and the statements of the plan's text.
pub const RULES: &str = include_str!("../assets/rules.toml");
/// The org units, with their validity dates.
pub const ORG_UNITS: &str = include_str!("../assets/org_units.toml");
/// The figures of plan 507/KH-UBND (Bắc Kạn, 2019), as published.
pub const SEED_BAC_KAN_2019: &str = include_str!("../assets/seed/bac-kan-507-2019.toml");
