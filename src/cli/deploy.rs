//! `kttt deploy ssh NAME --key FILE`: the lines that put an official on a shared server.

use super::args::HelpVi;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use clap::{Args, Subcommand};
use std::process::ExitCode;

/// Setting up a shared server: the lines for an official's SSH key
#[derive(Args, Debug)]
pub struct DeployArgs {
    #[command(subcommand)]
    pub action: DeployAction,
}

#[derive(Subcommand, Debug)]
pub enum DeployAction {
    /// Print the lines that put an official on a shared server over SSH
    Ssh {
        /// The official's kttt user name
        #[arg(value_name = "NAME")]
        name: String,
        /// The official's public key file (id_ed25519.pub)
        #[arg(long, value_name = "FILE")]
        key: std::path::PathBuf,
        /// The service account that owns the database
        #[arg(long, value_name = "ACCOUNT", default_value = "kttt")]
        account: String,
        /// Where kttt is installed on the server [default: this kttt's path]
        #[arg(long, value_name = "PATH")]
        bin: Option<std::path::PathBuf>,
    },
}

/// `kttt deploy`'s help in Vietnamese: (subcommand, argument id, text); "" names the command.
pub(super) const HELP_VI: HelpVi = &[
    (
        "",
        "",
        "Dựng máy chủ dùng chung: các dòng lệnh cho khoá SSH của một cán bộ",
    ),
    (
        "ssh",
        "",
        "In các dòng lệnh đưa một cán bộ lên máy chủ dùng chung qua SSH",
    ),
    ("ssh", "name", "Tên người dùng kttt của cán bộ"),
    ("ssh", "key", "Tệp khoá công khai của cán bộ (id_ed25519.pub)"),
    ("ssh", "account", "Tài khoản dịch vụ sở hữu cơ sở dữ liệu"),
    (
        "ssh",
        "bin",
        "Nơi cài kttt trên máy chủ [mặc định: đường dẫn của kttt này]",
    ),
];

/// Runs `kttt deploy`.
pub fn run(args: &DeployArgs, lang: Lang) -> Result<ExitCode> {
    let DeployAction::Ssh {
        name,
        key,
        account,
        bin,
    } = &args.action;
    let ok_name = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !ok_name {
        return Err(Error::said(
            "Tên người dùng chỉ gồm chữ không dấu, số và . _ -",
            "A user name holds only ASCII letters, digits and . _ -",
        ));
    }
    let text = std::fs::read_to_string(key).map_err(|e| Error::Io {
        path: key.clone(),
        source: e,
    })?;
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("ssh-") || l.starts_with("ecdsa-") || l.starts_with("sk-"));
    let Some(pubkey) = line else {
        return Err(Error::said(
            format!("{} không phải khoá công khai SSH (id_ed25519.pub).", key.display()),
            format!("{} is not an SSH public key (id_ed25519.pub).", key.display()),
        ));
    };
    if pubkey.contains('"') || pubkey.contains(',') && pubkey.split_whitespace().count() < 2 {
        return Err(Error::said(
            "Khoá công khai có ký tự lạ.",
            "The public key has odd characters.",
        ));
    }
    let bin = bin
        .clone()
        .or_else(|| std::env::current_exe().ok())
        .unwrap_or_else(|| "/usr/local/bin/kttt".into());
    let home = format!("~{account}");
    outln!(
        "{}",
        lang.pick(
            "# 1. Một lần cho máy chủ: tài khoản dịch vụ sở hữu cơ sở dữ liệu (chạy bằng root).",
            "# 1. Once per server: the service account owns the database (as root)."
        )
    );
    outln!("useradd --system --create-home --shell /bin/sh {account}");
    outln!("install -d -o {account} -g {account} -m 0750 /srv/kttt");
    outln!("install -d -o {account} -g {account} -m 0750 /srv/kttt/files");
    outln!("install -d -m 0755 /etc/kttt");
    outln!(
        "printf 'db = \"/srv/kttt/kttt.sqlite3\"\\nservice_account = \"{account}\"\\nexport_dir = \"/srv/kttt/files\"\\n' > /etc/kttt/config.toml"
    );
    outln!("sudo -u {account} {} init", bin.display());
    outln!(
        "sudo -u {account} {} user add admin --display \"{}\"",
        bin.display(),
        lang.pick("Quản trị", "Administrator")
    );
    outln!("");
    outln!(
        "{}",
        lang.pick(
            "# 2. Cho mỗi cán bộ: người dùng, quyền, và khoá SSH gắn với lệnh cố định.",
            "# 2. For each official: the user, their role, and their SSH key bound to a fixed command."
        )
    );
    outln!("sudo -u {account} {} user add {name}", bin.display());
    outln!(
        "sudo -u {account} {} user grant {name} enter {}",
        bin.display(),
        lang.pick("MÃ_ĐƠN_VỊ", "UNIT_CODE")
    );
    outln!("install -d -o {account} -m 0700 {home}/.ssh");
    outln!(
        "echo 'command=\"{} --as {name}\",restrict,pty {pubkey}' >> {home}/.ssh/authorized_keys",
        bin.display()
    );
    outln!("");
    outln!(
        "{}",
        lang.pick(
            "# Cán bộ đăng nhập: ssh kttt@máy-chủ (mở ứng dụng), hoặc ssh kttt@máy-chủ kttt show 1 (một lệnh).",
            "# The official logs in: ssh kttt@server (the app), or ssh kttt@server kttt show 1 (one command)."
        )
    );
    outln!(
        "{}",
        lang.pick(
            "# Lệnh cố định luôn chạy kttt với tên này; lệnh gửi kèm chỉ chọn việc làm, không được đổi tên (--as), cơ sở dữ liệu (--db).",
            "# The fixed command always runs kttt as this name; a command sent along only picks what to do and may not change the name (--as) or database (--db)."
        )
    );
    outln!(
        "{}",
        lang.pick(
            "# Tệp đi qua SSH: ssh kttt@máy-chủ kttt export --out - > ke-hoach.xlsx; ssh kttt@máy-chủ kttt import - < so-lieu.xlsx (hoặc tên tệp trong /srv/kttt/files/TÊN/).",
            "# Files travel over SSH: ssh kttt@server kttt export --out - > plan.xlsx; ssh kttt@server kttt import - < figures.xlsx (or a file name in /srv/kttt/files/NAME/)."
        )
    );
    Ok(ExitCode::SUCCESS)
}
