//! Errors as values, each with a message a clerk understands, in the user's language.

use crate::i18n::{Lang, Text};
use crate::store::{NotKttt, StoreError};
use std::path::{Path, PathBuf};

/// Anything that can go wrong outside the pure core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Something the store refused or could not do.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A file or stream could not be read or written.
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    /// The user asked for something that cannot be done; the message, in both languages,
    /// says what to do instead.
    #[error("{}", .0.en)]
    Refused(Text),
}

impl Error {
    /// A refusal with its message in Vietnamese and English.
    pub fn refused(vi: impl Into<String>, en: impl Into<String>) -> Error {
        Error::Refused(Text::new(vi, en))
    }

    /// The message in the user's language (made safe for a terminal).
    pub fn message(&self, lang: Lang) -> String {
        crate::domain::text::sanitize_lines(&match self {
            Error::Store(e) => store_message(e, lang),
            Error::Io { path, source } if source.kind() == std::io::ErrorKind::StorageFull => format!(
                "{}: {}",
                path.display(),
                lang.pick(
                    "ổ đĩa đã đầy; tệp không được ghi (không để lại tệp dở dang). Hãy giải phóng chỗ trống rồi làm lại.",
                    "the disk is full; the file was not written (nothing half-written is left). Free some space and try again."
                )
            ),
            Error::Io { path, source } => format!("{}: {source}", path.display()),
            Error::Refused(m) => m.get(lang).to_string(),
        })
    }

    /// The store error inside, if any.
    pub fn store(&self) -> Option<&StoreError> {
        match self {
            Error::Store(e) => Some(e),
            _ => None,
        }
    }
}

fn shown(p: &Path) -> String {
    p.display().to_string()
}

fn backups_text(backups: &[PathBuf], lang: Lang) -> String {
    match backups.first() {
        Some(b) => format!(
            "{} {} ({} {}).",
            lang.pick("Bản sao lưu mới nhất:", "The newest backup:"),
            shown(b),
            backups.len(),
            lang.pick("bản sao lưu bên cạnh tệp", "backups beside the file")
        ),
        None => lang
            .pick(
                "Không thấy bản sao lưu nào bên cạnh tệp; hãy hỏi người quản trị máy chủ.",
                "No backup was found beside the file; ask the server's administrator.",
            )
            .to_string(),
    }
}

/// The disk is full: say which, that nothing was written, and what to do.
fn disk_full(path: &Path, lang: Lang) -> String {
    let place = if path.as_os_str().is_empty() {
        String::new()
    } else {
        format!(" ({})", shown(path))
    };
    format!(
        "{}{place}. {}",
        lang.pick("Ổ đĩa chứa cơ sở dữ liệu đã đầy", "The disk holding the database is full"),
        lang.pick(
            "Thay đổi này không được ghi; cơ sở dữ liệu vẫn như trước. Hãy giải phóng chỗ trống trên ổ đĩa (hoặc nhờ người quản trị máy chủ) rồi làm lại.",
            "This change was not written; the database is as it was. Free some space on the disk (or ask the server's administrator), then try again."
        )
    )
}

/// The message of a store error in the user's language.
pub fn store_message(e: &StoreError, lang: Lang) -> String {
    match e {
        StoreError::Missing { path } => format!(
            "{} {}. {}",
            lang.pick("Không có cơ sở dữ liệu", "There is no database"),
            shown(path),
            lang.pick(
                "Kiểm tra lại đường dẫn (--db, KTTT_DB). Để tạo mới ở đó: kttt init --db ĐƯỜNG_DẪN",
                "Check the path (--db, KTTT_DB). To create one there: kttt init --db PATH"
            )
        ),
        StoreError::NoFolder { dir } => format!(
            "{} {} {}",
            lang.pick("Thư mục", "The folder"),
            shown(dir),
            lang.pick(
                "không tồn tại. Hãy tạo thư mục trước, hoặc kiểm tra lại đường dẫn.",
                "does not exist. Create it first, or check the path."
            )
        ),
        StoreError::NotKttt { path, why } => {
            let what = match why {
                NotKttt::NotAFile => lang.pick("không phải là một tệp thông thường", "is not a regular file"),
                NotKttt::NotSqlite => lang.pick(
                    "không phải là cơ sở dữ liệu SQLite (hoặc đã bị hỏng phần đầu)",
                    "is not an SQLite database (or its header is damaged)",
                ),
                NotKttt::OtherProgram => lang.pick(
                    "là cơ sở dữ liệu của chương trình khác, không phải của kttt",
                    "is another program's database, not kttt's",
                ),
            };
            format!(
                "{} {what}; {} {}",
                shown(path),
                lang.pick("kttt không đụng đến nó.", "kttt leaves it alone."),
                lang.pick(
                    "Hãy chọn tệp khác bằng --db, hoặc tạo mới bằng `kttt init --db TỆP_MỚI`.",
                    "Choose another file with --db, or create one with `kttt init --db NEW_FILE`."
                )
            )
        }
        StoreError::TooNew { found, known } => format!(
            "{} {found}; {} {known}. {}",
            lang.pick("Cơ sở dữ liệu có phiên bản cấu trúc", "The database has schema version"),
            lang.pick("bản kttt này chỉ hiểu đến", "this kttt understands up to"),
            lang.pick(
                "Hãy cập nhật kttt; tệp được giữ nguyên.",
                "Please update kttt; the file was left as it is."
            )
        ),
        StoreError::Corrupt { path, backups } => format!(
            "{} {} {} {}",
            lang.pick("Tệp cơ sở dữ liệu", "The database file"),
            shown(path),
            lang.pick(
                "bị hỏng (có thể do bị cắt cụt hoặc ghi dở). Đừng ghi thêm vào nó; hãy khôi phục từ bản sao lưu.",
                "is damaged (truncated or half-written). Do not write to it; restore it from a backup."
            ),
            backups_text(backups, lang)
        ),
        StoreError::ReadOnlyDir { dir } => format!(
            "{} {} {}",
            lang.pick("Không ghi được vào thư mục", "Cannot write in the folder"),
            shown(dir),
            lang.pick(
                "— kttt cần ghi tệp -wal và -shm cạnh cơ sở dữ liệu. Hãy cho tài khoản này quyền ghi thư mục (xem README: Officials on one server), hoặc dùng lệnh chỉ đọc như kttt show.",
                "— kttt needs to write the -wal and -shm files beside the database. Give this account write access to the folder (see the README: Officials on one server), or use a read-only command such as kttt show."
            )
        ),
        StoreError::SharedSidecar { sidecar } => format!(
            "{} {} {}",
            lang.pick("Tệp phụ", "The file"),
            shown(sidecar),
            lang.pick(
                "thuộc nhóm riêng của một cán bộ khác nên tài khoản này không ghi được. Khi mỗi cán bộ dùng tài khoản riêng trên một tệp chung, thư mục của cơ sở dữ liệu phải thuộc một nhóm chung và có bit setgid (chmod 2775 THƯ_MỤC; chgrp NHÓM THƯ_MỤC) và mọi người dùng umask 002, để tệp -wal và -shm sinh ra thuộc nhóm đó. Xem README: Officials on one server. Chưa có gì bị thay đổi.",
                "belongs to another official's private group, so this account cannot write it. When officials use their own accounts on one shared file, the database's folder must belong to a shared group with the setgid bit (chmod 2775 DIR; chgrp GROUP DIR) and everyone must use umask 002, so the -wal and -shm files are created in that group. See the README: Officials on one server. Nothing was changed."
            )
        ),
        StoreError::ReadOnlyFile { path } => format!(
            "{} {}. {}",
            lang.pick("Không ghi được vào tệp", "Cannot write to the file"),
            shown(path),
            lang.pick(
                "Hãy xin quyền ghi, hoặc dùng lệnh chỉ đọc như kttt show.",
                "Ask for write access, or use a read-only command such as kttt show."
            )
        ),
        StoreError::Busy => lang
            .pick(
                "Cơ sở dữ liệu đang bận (một phiên kttt khác đang ghi). Hãy thử lại sau giây lát; chưa có gì bị thay đổi.",
                "The database is busy (another kttt is writing). Try again in a moment; nothing was changed.",
            )
            .to_string(),
        StoreError::Replaced { path } => format!(
            "{} {} {}",
            lang.pick("Tệp", "The file"),
            shown(path),
            lang.pick(
                "đã bị chuyển đi hoặc thay bằng tệp khác trong lúc đang mở (ví dụ `kttt init --force`). Từ giờ phiên này không ghi gì nữa; hãy thoát và mở lại.",
                "was moved or replaced while open (for example by `kttt init --force`). This session writes nothing more; quit and open it again."
            )
        ),
        StoreError::InUse { path } => format!(
            "{} {} {}",
            lang.pick("Cơ sở dữ liệu", "The database"),
            shown(path),
            lang.pick(
                "đang được mở ở phiên làm việc khác (ứng dụng kttt hoặc sqlite3). Hãy đóng các phiên đó rồi thử lại; chưa có gì bị thay đổi.",
                "is open in another session (a kttt app or sqlite3). Close those sessions and try again; nothing was changed."
            )
        ),
        StoreError::Io { path, message } => format!("{}: {message}", shown(path)),
        StoreError::DiskFull { path } => disk_full(path, lang),
        StoreError::DiskIo(m) => format!(
            "{}: {m}. {}",
            lang.pick("Lỗi đọc ghi đĩa", "Disk input/output error"),
            lang.pick(
                "Thay đổi này không được ghi; cơ sở dữ liệu vẫn như trước.",
                "This change was not written; the database is as it was."
            )
        ),
        StoreError::Conflict { now, .. } => format!(
            "{} {}. {}",
            lang.pick("Số liệu đã được người khác sửa thành", "Someone else changed the figure to"),
            crate::domain::number::format_cell(now.as_ref(), lang),
            lang.pick("Chưa ghi gì; hãy xem lại rồi nhập lại.", "Nothing was written; look again and re-enter.")
        ),
        StoreError::ScenarioClosed { info } => crate::present::scenario_closed(info, lang),
        StoreError::NoScenario { name } => format!(
            "{} “{name}”. {}",
            lang.pick("Không có phương án", "There is no scenario"),
            lang.pick("Xem danh sách: kttt scenario list --all", "See: kttt scenario list --all")
        ),
        StoreError::Refused(m) | StoreError::Denied(m) | StoreError::Locked(m) => m.get(lang).to_string(),
        StoreError::Constraint(m) => format!(
            "{}: {m}",
            lang.pick(
                "Cơ sở dữ liệu từ chối một dòng trái quy tắc của nó; chưa có gì thay đổi",
                "The database refused a row that breaks one of its rules; nothing was changed"
            )
        ),
        StoreError::Unreachable(m) => format!(
            "{}: {m}. {}",
            lang.pick("Không kết nối được máy chủ cơ sở dữ liệu", "Cannot reach the database server"),
            lang.pick(
                "Kiểm tra địa chỉ (--db postgres://…), mạng và máy chủ; những gì đã ghi trước đó vẫn còn.",
                "Check the address (--db postgres://…), the network and the server; what was saved before is safe."
            )
        ),
        StoreError::Backend(m) => format!("{}: {m}", lang.pick("Lỗi cơ sở dữ liệu", "Database error")),
    }
}

/// A result whose error is an [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
