//! `kttt --version`: the build (version and commit) and the schema versions this kttt
//! reads and writes, on each store.

use crate::i18n::Lang;

/// The commit kttt was built from (see build.rs; "unknown" outside a git checkout).
pub const COMMIT: &str = env!("KTTT_COMMIT");

/// What `kttt --version` prints after the name.
pub fn text(lang: Lang) -> String {
    let (sqlite, pg) = (crate::store::latest_schema(false), crate::store::latest_schema(true));
    format!(
        "{} (commit {COMMIT})\n{}",
        env!("CARGO_PKG_VERSION"),
        match lang {
            Lang::Vi => format!(
                "lược đồ CSDL: SQLite {sqlite}, PostgreSQL {pg} (đọc và ghi; một cơ sở dữ liệu cũ hơn được nâng cấp khi mở để ghi)"
            ),
            Lang::En => format!(
                "database schema: SQLite {sqlite}, PostgreSQL {pg} (read and written; an older database is upgraded when opened for writing)"
            ),
        }
    )
}
