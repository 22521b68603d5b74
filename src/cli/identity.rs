//! Who the command line acts for. By default the operating-system account. On a shared
//! server one service account owns the database, and each official's SSH key is bound to it
//! with `command="kttt --as NAME",restrict,pty` (the gitolite pattern): `--as` is honoured
//! only when kttt runs as the service account named in the system-wide configuration and
//! that account owns the database; the name comes from the forced command's own argument,
//! never from what the client asked for (`SSH_ORIGINAL_COMMAND`), which only says which
//! command to run — and may not carry `--as`, `--db` or `--config` itself. On a PostgreSQL
//! database the store switches the service account's server role to the official's
//! (`SET ROLE`), so the server enforces their rights; it refuses, naming the `GRANT` to run,
//! when the service role is not a member of the official's.

use crate::error::{Error, Result};
use std::ffi::OsString;
use std::path::Path;

/// The arguments to run: those of the forced command, followed by the command the SSH
/// client asked for when kttt runs as a forced command (`--as` present).
pub fn forced_command(raw: Vec<OsString>) -> Result<Vec<OsString>> {
    let has_as = raw
        .iter()
        .any(|a| a == "--as" || a.to_string_lossy().starts_with("--as="));
    let asked = std::env::var("SSH_ORIGINAL_COMMAND").unwrap_or_default();
    if !has_as || asked.trim().is_empty() {
        return Ok(raw);
    }
    let mut words = shell_words::split(&asked).map_err(|_| {
        Error::said(
            "Không đọc được lệnh gửi qua SSH.",
            "Cannot read the command sent over SSH.",
        )
    })?;
    if words
        .first()
        .is_some_and(|w| Path::new(w).file_name().is_some_and(|n| n == "kttt"))
    {
        words.remove(0);
    }
    for w in &words {
        let flag = w.split('=').next().unwrap_or("");
        if matches!(flag, "--as" | "--db" | "--config") {
            return Err(Error::said(
                format!(
                    "Lệnh gửi qua SSH không được có {flag}: tài khoản này chỉ chạy kttt với danh tính của chính bạn."
                ),
                format!("A command sent over SSH may not carry {flag}: this account runs kttt only as yourself."),
            ));
        }
    }
    let mut out = raw;
    out.extend(words.into_iter().map(OsString::from));
    Ok(out)
}

/// Checks that `--as` may be honoured here: kttt runs as the service account the
/// system-wide configuration names, and that account owns the database file.
pub fn check_service(config: &crate::config::Config, db: Option<&Path>) -> Result<()> {
    let me = crate::store::os_account();
    let file = crate::config::system_path();
    match config.service_account.as_deref() {
        Some(s) if s == me => {}
        Some(s) => {
            return Err(Error::said(
                format!(
                    "--as chỉ dùng được dưới tài khoản dịch vụ {s} (xem {}); bạn đang chạy với tài khoản {me}.",
                    file.display()
                ),
                format!(
                    "--as only works under the service account {s} (see {}); this runs as {me}.",
                    file.display()
                ),
            ));
        }
        None => {
            return Err(Error::said(
                format!(
                    "--as chỉ dùng được trên máy chủ dùng chung, khi {} đặt service_account (xem kttt deploy ssh).",
                    file.display()
                ),
                format!(
                    "--as only works on a shared server whose {} sets service_account (see kttt deploy ssh).",
                    file.display()
                ),
            ));
        }
    }
    // A file must be the service account's own; on a server database the service account's
    // role switches to the official's (`SET ROLE`), which the server allows only to members.
    db.map_or(Ok(()), owner_is_me)
}

#[cfg(unix)]
fn owner_is_me(db: &Path) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(db).map_err(|e| Error::Io {
        path: db.to_path_buf(),
        source: e,
    })?;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let euid = unsafe { libc::geteuid() };
    if meta.uid() == euid {
        Ok(())
    } else {
        Err(Error::said(
            format!("--as: cơ sở dữ liệu {} không thuộc tài khoản dịch vụ.", db.display()),
            format!(
                "--as: the database {} does not belong to the service account.",
                db.display()
            ),
        ))
    }
}

#[cfg(not(unix))]
fn owner_is_me(_db: &Path) -> Result<()> {
    Err(Error::said(
        "--as chỉ dùng được trên máy chủ Unix.",
        "--as only works on a Unix server.",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clients_command_follows_the_forced_one_and_may_not_name_anyone() {
        let raw: Vec<OsString> = ["kttt", "--as", "lan"].iter().map(OsString::from).collect();
        // SAFETY: the tests of this module are the only readers of this variable.
        unsafe { std::env::set_var("SSH_ORIGINAL_COMMAND", "kttt --unit ba-be set htx.total KH2020 '12'") };
        let out = forced_command(raw.clone()).unwrap();
        let out: Vec<String> = out.iter().map(|a| a.to_string_lossy().into_owned()).collect();
        assert_eq!(
            out,
            [
                "kttt",
                "--as",
                "lan",
                "--unit",
                "ba-be",
                "set",
                "htx.total",
                "KH2020",
                "12"
            ]
        );
        for bad in ["kttt --as minh show", "show --db=/tmp/x", "--config /tmp/c show"] {
            unsafe { std::env::set_var("SSH_ORIGINAL_COMMAND", bad) };
            assert!(forced_command(raw.clone()).is_err(), "{bad}");
        }
        unsafe { std::env::remove_var("SSH_ORIGINAL_COMMAND") };
        assert_eq!(forced_command(raw.clone()).unwrap(), raw);
    }
}
