//! The words of every error, per language and per shell: the command line names the command
//! to type (`kttt plan reopen …`), the app the key to press (taken from its key bindings).
//! The store and the session hold facts; only this module writes them as sentences.

use crate::error::Error;
use crate::i18n::Lang;
use crate::keys::Action;
use crate::store::{NotKttt, StoreError};
use std::path::{Path, PathBuf};

/// Where the words are shown: the command line or the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shell {
    Cli,
    App,
}

/// The key that does `action` in the app.
pub(super) fn key(action: Action) -> String {
    crate::keys::key_of(&action)
}

/// The message of an error in the user's language, for a shell (made safe for a terminal).
pub fn error(e: &Error, lang: Lang, shell: Shell) -> String {
    crate::domain::text::sanitize_lines(&match e {
        Error::Store(e) => store(e, lang, shell),
        Error::Io { path, source } if source.kind() == std::io::ErrorKind::StorageFull => format!(
            "{}: {}",
            path.display(),
            lang.pick(
                "ổ đĩa đã đầy; tệp không được ghi (không để lại tệp dở dang). Hãy giải phóng chỗ trống rồi làm lại.",
                "the disk is full; the file was not written (nothing half-written is left). Free some space and try again."
            )
        ),
        Error::Io { path, source } => format!("{}: {source}", path.display()),
        Error::Read { path, why } => super::read::error(path, why, lang),
        Error::Refused(r) => super::refused::refused(r, lang, shell),
        Error::Said(m) => m.get(lang).to_string(),
    })
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

/// The message of a store error in the user's language, for a shell.
pub fn store(e: &StoreError, lang: Lang, shell: Shell) -> String {
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
            match shell {
                Shell::Cli => lang
                    .pick(
                        "Chưa ghi gì; hãy xem lại (kttt show) rồi nhập lại.",
                        "Nothing was written; look again (kttt show) and re-enter.",
                    )
                    .to_string(),
                Shell::App => format!(
                    "{} ({}).",
                    lang.pick(
                        "Chưa ghi gì; số mới đã hiện trên màn hình, hãy xem lại rồi nhập lại",
                        "Nothing was written; the new figure is on the screen, look again and re-enter"
                    ),
                    key(Action::Activate)
                ),
            }
        ),
        StoreError::ScenarioClosed { info } => format!(
            "{} {}",
            super::scenario_closed(info, lang),
            match shell {
                Shell::Cli => lang
                    .pick(
                        "Xem các phương án đang mở: kttt scenario list",
                        "See the open scenarios: kttt scenario list",
                    )
                    .to_string(),
                Shell::App => format!(
                    "{} ({}).",
                    lang.pick("Chọn phương án khác", "Choose another scenario"),
                    key(Action::OpenScenarios)
                ),
            }
        ),
        StoreError::NoScenario { name } => format!(
            "{} “{name}”. {}",
            lang.pick("Không có phương án", "There is no scenario"),
            match shell {
                Shell::Cli => lang.pick("Xem danh sách: kttt scenario list --all", "See: kttt scenario list --all").to_string(),
                Shell::App => format!(
                    "{} ({})",
                    lang.pick("Xem danh sách phương án", "See the list of scenarios"),
                    key(Action::OpenScenarios)
                ),
            }
        ),
        StoreError::Refused(r) => super::refusals::refusal(r, lang, shell),
        StoreError::Denied(d) => super::refusals::denial(d, lang, shell),
        StoreError::Locked(l) => super::refusals::lock(l, lang, shell),
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

#[cfg(test)]
#[path = "errors_tests.rs"]
mod tests;
