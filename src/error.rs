//! Errors as values, each with a message a clerk understands, in the user's language.

use crate::i18n::Lang;
use std::path::PathBuf;

/// Anything that can go wrong outside the pure core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database file could not be opened or created.
    #[error("cannot open the database {path}: {source}")]
    Open { path: PathBuf, source: rusqlite::Error },
    /// The file exists but is not a kttt database.
    #[error("{path} is not a kttt database")]
    NotDatabase { path: PathBuf },
    /// The database was made by a newer kttt.
    #[error("the database has schema version {found}; this kttt knows up to {known}")]
    TooNew { found: i64, known: i64 },
    /// Another program holds the database.
    #[error("the database is busy (another kttt is writing); try again")]
    Busy,
    /// An SQLite error that is not the user's doing.
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    /// The user asked for something that cannot be done; the message, in both languages,
    /// says what to do instead.
    #[error("{}", .0.en)]
    Refused(crate::i18n::Text),
    /// The figure changed since the user looked at it (another user or window).
    #[error("the figure changed meanwhile")]
    Conflict { now: Option<rust_decimal::Decimal> },
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked) => Error::Busy,
            _ => Error::Sqlite(e),
        }
    }
}

impl Error {
    /// A refusal with its message in Vietnamese and English.
    pub fn refused(vi: impl Into<String>, en: impl Into<String>) -> Error {
        Error::Refused(crate::i18n::Text::new(vi, en))
    }

    /// The message in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        let safe = |s: &str| crate::domain::text::sanitize(s);
        match self {
            Error::Open { path, source } => format!(
                "{} {}: {}. {}",
                lang.pick("Không mở được cơ sở dữ liệu", "Cannot open the database"),
                safe(&path.display().to_string()),
                source,
                lang.pick(
                    "Kiểm tra đường dẫn (--db hoặc KTTT_DB) và quyền ghi thư mục.",
                    "Check the path (--db or KTTT_DB) and that the folder is writable."
                )
            ),
            Error::NotDatabase { path } => format!(
                "{} {} {}",
                safe(&path.display().to_string()),
                lang.pick("không phải là cơ sở dữ liệu của kttt.", "is not a kttt database."),
                lang.pick(
                    "Hãy chọn tệp khác bằng --db, hoặc tạo mới bằng `kttt init --db TỆP_MỚI`.",
                    "Choose another file with --db, or create one with `kttt init --db NEW_FILE`."
                )
            ),
            Error::TooNew { found, known } => format!(
                "{} {found}; {} {known}. {}",
                lang.pick("Cơ sở dữ liệu có phiên bản cấu trúc", "The database has schema version"),
                lang.pick("bản kttt này chỉ hiểu đến", "this kttt understands up to"),
                lang.pick("Hãy cập nhật kttt.", "Please update kttt.")
            ),
            Error::Busy => lang
                .pick(
                    "Cơ sở dữ liệu đang bận (một phiên kttt khác đang ghi). Hãy thử lại sau giây lát; chưa có gì bị thay đổi.",
                    "The database is busy (another kttt is writing). Try again in a moment; nothing was changed.",
                )
                .to_string(),
            Error::Sqlite(e) => format!("{}: {e}", lang.pick("Lỗi cơ sở dữ liệu", "Database error")),
            Error::Io { path, source } => format!("{}: {source}", safe(&path.display().to_string())),
            Error::Refused(m) => m.get(lang).to_string(),
            Error::Conflict { now } => format!(
                "{} {}. {}",
                lang.pick("Số liệu đã được người khác sửa thành", "Someone else changed the figure to"),
                crate::domain::number::format_cell(now.as_ref(), lang),
                lang.pick("Chưa ghi gì; hãy xem lại rồi nhập lại.", "Nothing was written; look again and re-enter.")
            ),
        }
    }
}

/// A result whose error is an [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
