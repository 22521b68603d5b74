//! `kttt doctor`: the first thing an administrator runs when something looks wrong — where
//! the database is, its size, schema, form, units, years, users and newest backup, and
//! whether its file is set up as the README's shared-server guide says. Opens the database
//! (no figure is read); exits 1 when it finds something to fix.

use super::args::HelpVi;
use super::{EXIT_FAIL, config, db_choice, open_db};
use crate::domain::org::Level;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::present::doctor::{days, problem};
use crate::present::number;
use crate::session::DbChoice;
use crate::session::doctor::{Ask, Owned, file_facts, folder_facts};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Report on the database in use and its set-up
#[derive(Args, Debug)]
pub struct DoctorArgs {
    /// A folder where backups are kept (repeatable) [besides FILE.bak-… beside the database]
    #[arg(long = "backups", value_name = "DIR")]
    pub backups: Vec<PathBuf>,
}

/// `kttt doctor`'s help in Vietnamese: (subcommand, argument id, text); "" names the command.
pub(super) const HELP_VI: HelpVi = &[
    ("", "", "Báo cáo về cơ sở dữ liệu đang dùng và cách cài đặt nó"),
    (
        "",
        "backups",
        "Thư mục chứa các bản sao lưu (dùng được nhiều lần) [ngoài FILE.bak-… bên cạnh cơ sở dữ liệu]",
    ),
];

fn owned(o: &Owned) -> String {
    format!("{:04o} {}:{}", o.mode, o.owner, o.gid)
}

fn kib(bytes: u64, lang: Lang) -> String {
    format!("{} KiB", number(bytes.div_ceil(1024) as usize, lang))
}

/// Runs `kttt doctor`.
pub fn run(cli: &super::Cli, args: &DoctorArgs, lang: Lang) -> Result<ExitCode> {
    let choice = db_choice(cli);
    let server = matches!(choice, DbChoice::Server(_));
    let (place, file) = match &choice {
        DbChoice::Server(url) => (crate::store::shown_address(url), None),
        other => {
            let path = crate::session::open::path_of(other)?;
            let Some(facts) = file_facts(&path) else {
                let p = crate::domain::text::sanitize(&path.display().to_string());
                return Err(Error::said(
                    format!("Không có cơ sở dữ liệu tại {p}. Tạo bằng kttt init, hoặc chỉ rõ bằng --db."),
                    format!("There is no database at {p}. Make one with kttt init, or name another with --db."),
                ));
            };
            (path.display().to_string(), Some(facts))
        }
    };
    let mut db = open_db(cli, lang, true)?;
    let d = db.doctor(Ask {
        file,
        backup_folders: args.backups.clone(),
        service_account: config().service_account.clone(),
        export_dir: config().export_dir.clone().map(|d| {
            let found = folder_facts(&d);
            (d, found)
        }),
        server,
    })?;
    let row = |label: &str, value: &str| crate::cli::out::line(&format!("{label:<20}{value}"));
    let store = match &d.file {
        Some(f) => format!(
            "SQLite, {}{}",
            kib(f.file.size + f.sidecars.iter().map(|s| s.size).sum::<u64>(), lang),
            if f.wal { ", WAL" } else { "" }
        ),
        None => "PostgreSQL".to_string(),
    };
    row(lang.pick("Cơ sở dữ liệu:", "Database:"), &format!("{place} ({store})"))?;
    row(
        lang.pick("Lược đồ:", "Schema:"),
        &format!(
            "{} {} ({} {})",
            lang.pick("phiên bản", "version"),
            d.schema,
            lang.pick("bản kttt này ghi", "this kttt writes"),
            d.schema_latest
        ),
    )?;
    let (id, title, from) = &d.form;
    row(
        lang.pick("Biểu mẫu:", "Form:"),
        &format!(
            "{id} — {} ({} {from}; {} {})",
            title.get(lang),
            lang.pick("từ năm", "from"),
            d.forms,
            lang.pick("biểu mẫu", "form(s) in all")
        ),
    )?;
    let mut units = d.units.clone();
    let order = ["country", "province", "district", "commune"];
    units.sort_by_key(|(code, _)| order.iter().position(|o| o == code));
    let units: Vec<String> = units
        .iter()
        .map(|(code, n)| {
            let name = Level::from_code(code).map_or(code.as_str(), |l| l.name(lang));
            format!("{} {name}", number(*n as usize, lang))
        })
        .collect();
    row(lang.pick("Đơn vị:", "Units:"), &units.join(", "))?;
    let none = lang.pick("(không có)", "(none)");
    let years = match d.years.iter().map(|y| y.to_string()).collect::<Vec<_>>() {
        y if y.is_empty() => none.to_string(),
        y => y.join(", "),
    };
    row(lang.pick("Năm kế hoạch:", "Plan years:"), &years)?;
    let users = if d.users.is_empty() {
        lang.pick(
            "(chưa có: mỗi tài khoản hệ điều hành làm mọi việc)",
            "(none yet: every OS account may do everything)",
        )
        .to_string()
    } else {
        format!("{}: {}", d.users.len(), d.users.join(", "))
    };
    row(lang.pick("Người dùng:", "Users:"), &users)?;
    if let Some(f) = &d.file {
        let backup = match &d.backup {
            Some((p, age)) => format!(
                "{} ({} {})",
                p.display(),
                days(*age),
                lang.pick("ngày trước", "days ago")
            ),
            None => none.to_string(),
        };
        row(lang.pick("Sao lưu mới nhất:", "Newest backup:"), &backup)?;
        let mut perms = vec![format!("{} {}", f.file.path.display(), owned(&f.file))];
        perms.extend(f.sidecars.iter().map(|s| format!("{} {}", s.path.display(), owned(s))));
        perms.extend(f.folder.iter().map(|s| format!("{}/ {}", s.path.display(), owned(s))));
        row(
            lang.pick("Quyền:", "Permissions:"),
            &perms.join("\n                    "),
        )?;
    }
    let account = match &d.service_account {
        Some(a) => format!("{a} ({})", crate::config::system_path().display()),
        None => lang
            .pick(
                "(không đặt: mỗi cán bộ dùng tài khoản riêng)",
                "(not set: officials use accounts of their own)",
            )
            .to_string(),
    };
    row(lang.pick("Tài khoản dịch vụ:", "Service account:"), &account)?;
    if d.problems.is_empty() {
        outln!(
            "{}",
            lang.pick(
                "Không thấy gì cần sửa: đúng như README hướng dẫn.",
                "Nothing to fix: as the README's set-up says."
            )
        );
        return Ok(ExitCode::SUCCESS);
    }
    outln!("{}", lang.pick("Cần sửa:", "To fix:"));
    for p in &d.problems {
        outln!("  - {}", problem(p, lang));
    }
    Ok(ExitCode::from(EXIT_FAIL))
}
