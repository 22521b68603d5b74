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
/// The real unit trees (derived from the official lists and dvhcvn/20250701, MIT; see each
/// file's header), in the order they are loaded: the old trees, then the new one.
pub const UNIT_LISTS: [&str; 3] = [
    include_str!("../assets/units/bac-kan-2004.csv"),
    include_str!("../assets/units/thai-nguyen-2004.csv"),
    include_str!("../assets/units/thai-nguyen-2025.csv"),
];
/// Old → new units of Thái Nguyên (resolution 1683/NQ-UBTVQH15).
pub const UNIT_MAPPINGS: [&str; 1] = [include_str!("../assets/units/thai-nguyen-2025-mapping.csv")];
/// The official list (Công văn 1027/CTK-CSCL) for the new Thái Nguyên, which the tree above
/// is checked against.
pub const OFFICIAL_1027_THAI_NGUYEN: &str = include_str!("../assets/units/official-1027-thai-nguyen.csv");
