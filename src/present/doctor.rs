//! The words of `kttt doctor`'s findings: what is wrong, in the terms of the README's
//! shared-server set-up, and what to do about it.

use crate::i18n::Lang;
use crate::session::doctor::Problem;

fn shown(p: &std::path::Path) -> String {
    crate::domain::text::sanitize(&p.display().to_string())
}

/// Whole days in a duration.
pub fn days(d: std::time::Duration) -> u64 {
    d.as_secs() / 86_400
}

/// A finding in words.
pub fn problem(p: &Problem, lang: Lang) -> String {
    match p {
        Problem::NotWal => say!(
            lang,
            "Tệp không ở chế độ WAL: người đọc sẽ chặn người ghi. Tệp được chép hoặc tạo bằng công cụ khác? Mở nó bằng kttt với tài khoản sở hữu nó: kttt bật WAL khi mở.".to_string(),
            "The file is not in WAL mode: readers would block the writer. Was it copied or made by another tool? Open it with kttt as the account owning it: kttt turns WAL on when it opens a file.".to_string(),
        ),
        Problem::NotServiceOwned { path, owner, account } => say!(
            lang,
            format!("{} thuộc tài khoản {owner}, không phải tài khoản dịch vụ {account} mà cấu hình hệ thống nêu: --as sẽ bị từ chối. Sửa: chown {account} {}", shown(path), shown(path)),
            format!("{} belongs to {owner}, not to the service account {account} the system configuration names: --as will be refused. Fix: chown {account} {}", shown(path), shown(path)),
        ),
        Problem::OpenToOthers { path, mode } => say!(
            lang,
            format!("{} ({mode:04o}) mở cho mọi tài khoản khác trên máy; dưới tài khoản dịch vụ chỉ tài khoản đó được đọc. Sửa: chmod o-rwx {}", shown(path), shown(path)),
            format!("{} ({mode:04o}) is open to every other account on the machine; under a service account only that account may read it. Fix: chmod o-rwx {}", shown(path), shown(path)),
        ),
        Problem::FolderNotSetgid { path, mode } => say!(
            lang,
            format!("Thư mục {} ({mode:04o}) của tệp dùng chung không có bit setgid: tệp -wal và -shm sẽ thuộc nhóm riêng của người mở trước và người khác không ghi được. Sửa: chmod 2775 {}", shown(path), shown(path)),
            format!("The shared file's folder {} ({mode:04o}) lacks the setgid bit: its -wal and -shm files will belong to the private group of whoever opens it first, and nobody else can write. Fix: chmod 2775 {}", shown(path), shown(path)),
        ),
        Problem::SidecarNotShared { path, mode } => say!(
            lang,
            format!("{} ({mode:04o}) không cho nhóm của cơ sở dữ liệu ghi: việc ghi của các cán bộ khác sẽ thất bại. Sửa: chgrp theo nhóm của tệp, chmod g+w {}, và umask 002 cho mọi người dùng", shown(path), shown(path)),
            format!("{} ({mode:04o}) cannot be written by the database's group: the other officials' writes will fail. Fix: chgrp to the file's group, chmod g+w {}, and umask 002 for every user", shown(path), shown(path)),
        ),
        Problem::ExportDir { path, found } => {
            let p = shown(path);
            let what = match found {
                None => say!(lang, "chưa có".to_string(), "does not exist".to_string()),
                Some(o) => say!(
                    lang,
                    format!("là {:04o} của {}", o.mode, o.owner),
                    format!("is {:04o}, owned by {}", o.mode, o.owner)
                ),
            };
            say!(
                lang,
                format!("Thư mục của các cán bộ (export_dir) {p} {what}; nó phải thuộc tài khoản dịch vụ và đóng với người khác. Sửa: install -d -o TÀI_KHOẢN -g TÀI_KHOẢN -m 0750 {p}"),
                format!("The officials' folder (export_dir) {p} {what}; it must belong to the service account and be closed to others. Fix: install -d -o ACCOUNT -g ACCOUNT -m 0750 {p}"),
            )
        }
        Problem::NoBackup => say!(
            lang,
            "Không tìm thấy bản sao lưu nào (FILE.bak-… bên cạnh, hoặc trong thư mục --backups). Xem README: Backups (kttt backup hằng đêm).".to_string(),
            "No backup found (FILE.bak-… beside it, or in the --backups folders). See the README: Backups (a nightly kttt backup).".to_string(),
        ),
        Problem::OldBackup { path, age } => say!(
            lang,
            format!("Bản sao lưu mới nhất, {}, đã cũ {} ngày. Xem README: Backups (kttt backup hằng đêm).", shown(path), days(*age)),
            format!("The newest backup, {}, is {} days old. See the README: Backups (a nightly kttt backup).", shown(path), days(*age)),
        ),
        Problem::SchemaBehind { found, latest } => say!(
            lang,
            format!("Cấu trúc ở phiên bản {found}; bản kttt này ghi phiên bản {latest} và sẽ nâng cấp (sao lưu trước) ở lần mở để ghi tới."),
            format!("The schema is at version {found}; this kttt writes version {latest} and upgrades it (after a backup) the next time it is opened for writing."),
        ),
    }
}
