//! `kttt user add|list|remove|grant|revoke`: the users of a database and their roles per unit.

use super::args::HelpVi;
use super::table::{Align, TextTable};
use super::{open_db, out};
use crate::domain::access::Role;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::present::local_time;
use clap::{Args, Subcommand};
use std::process::ExitCode;

/// Users and their roles per unit: add, list, remove, grant, revoke
#[derive(Args, Debug)]
pub struct UserArgs {
    #[command(subcommand)]
    pub action: UserAction,
}

#[derive(Subcommand, Debug)]
pub enum UserAction {
    /// Add a user (the first user of a database administers every top unit)
    Add {
        /// Login name (ASCII letters, digits, . _ -), as the SSH key binding names it
        #[arg(value_name = "NAME")]
        name: String,
        /// The name people know them by, e.g. "Nguyễn Thị Lan"
        #[arg(long, value_name = "TEXT")]
        display: Option<String>,
    },
    /// List the users and their roles (with --all, also removed users)
    List {
        /// Also removed users
        #[arg(long)]
        all: bool,
    },
    /// Remove a user (kept as a record; their roles go)
    Remove {
        /// Login name
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// Grant a role on a unit and the units under it: read, enter, approve, admin
    Grant {
        /// Login name
        #[arg(value_name = "NAME")]
        name: String,
        /// The role: read, enter, approve or admin
        #[arg(value_name = "ROLE")]
        role: String,
        /// The unit: code, statistics code or name
        #[arg(value_name = "UNIT")]
        unit: String,
    },
    /// Take a role back
    Revoke {
        /// Login name
        #[arg(value_name = "NAME")]
        name: String,
        /// The role: read, enter, approve or admin
        #[arg(value_name = "ROLE")]
        role: String,
        /// The unit: code, statistics code or name
        #[arg(value_name = "UNIT")]
        unit: String,
    },
}

/// `kttt user`'s help in Vietnamese: (subcommand, argument id, text); "" names the command.
pub(super) const HELP_VI: HelpVi = &[
    (
        "",
        "",
        "Người dùng và quyền theo đơn vị: thêm, liệt kê, xoá, cấp, thu hồi",
    ),
    (
        "add",
        "",
        "Thêm người dùng (người đầu tiên của một cơ sở dữ liệu tệp được quản trị mọi đơn vị cấp cao nhất)",
    ),
    (
        "add",
        "name",
        "Tên đăng nhập (chữ không dấu, số, . _ -), như dòng khoá SSH ghi",
    ),
    ("add", "display", "Tên để mọi người nhận ra, ví dụ “Nguyễn Thị Lan”"),
    (
        "list",
        "",
        "Liệt kê người dùng và quyền của họ (với --all: cả người đã bị xoá)",
    ),
    ("list", "all", "Cả người dùng đã bị xoá"),
    ("remove", "", "Xoá người dùng (vẫn giữ làm hồ sơ; các quyền bị thu hồi)"),
    ("remove", "name", "Tên đăng nhập"),
    (
        "grant",
        "",
        "Cấp quyền trên một đơn vị và các đơn vị cấp dưới: read (xem), enter (nhập), approve (duyệt), admin (quản trị)",
    ),
    ("grant", "name", "Tên đăng nhập"),
    ("grant", "role", "Quyền: read, enter, approve hoặc admin"),
    ("grant", "unit", "Đơn vị: mã, mã thống kê hoặc tên"),
    ("revoke", "", "Thu hồi một quyền"),
    ("revoke", "name", "Tên đăng nhập"),
    ("revoke", "role", "Quyền: read, enter, approve hoặc admin"),
    ("revoke", "unit", "Đơn vị: mã, mã thống kê hoặc tên"),
];

fn role(text: &str) -> Result<Role> {
    Role::from_code(text).ok_or_else(|| {
        Error::said(
            format!(
                "Vai trò “{}” không có: read, enter, approve hoặc admin.",
                crate::domain::text::sanitize(text)
            ),
            format!(
                "There is no role “{}”: read, enter, approve or admin.",
                crate::domain::text::sanitize(text)
            ),
        )
    })
}

/// Runs `kttt user`.
pub fn run(cli: &super::Cli, args: &UserArgs, lang: Lang) -> Result<ExitCode> {
    match &args.action {
        UserAction::Add { name, display } => {
            let mut s = open_db(cli, lang, false)?;
            let first = s.users(false)?.is_empty();
            s.add_user(name, display.as_deref().unwrap_or(name))?;
            outln!("{} {name}.", lang.pick("Đã thêm người dùng", "Added user"));
            if first {
                outln!(
                    "{}",
                    lang.pick(
                        "Đây là người dùng đầu tiên: người này quản trị mọi đơn vị cấp cao nhất. Từ nay mỗi thao tác ghi đều cần quyền; cấp quyền: kttt user grant TÊN VAI_TRÒ ĐƠN_VỊ",
                        "This is the first user: they administer every top unit. From now on every write needs a role; grant roles: kttt user grant NAME ROLE UNIT"
                    )
                );
            }
        }
        UserAction::Remove { name } => {
            let mut s = open_db(cli, lang, false)?;
            s.remove_user(name)?;
            outln!("{} {name}.", lang.pick("Đã xoá người dùng", "Removed user"));
        }
        UserAction::Grant { name, role: r, unit } | UserAction::Revoke { name, role: r, unit } => {
            let mut s = open_db(cli, lang, false)?;
            let r = role(r)?;
            let id = s.lookup_unit(unit, crate::domain::org::When::Ever)?;
            let uname = s.orgs().get(id).name(lang).to_string();
            if matches!(args.action, UserAction::Grant { .. }) {
                s.grant(name, id, r)?;
                outln!(
                    "{name}: {} {} {} {uname} {}",
                    lang.pick("được quyền", "may now"),
                    r.name(lang),
                    lang.pick("trên", "on"),
                    lang.pick("và các đơn vị cấp dưới.", "and the units below it.")
                );
            } else {
                s.revoke(name, id, r)?;
                outln!(
                    "{name}: {} {} {} {uname}.",
                    lang.pick("đã thu quyền", "no longer"),
                    r.name(lang),
                    lang.pick("trên", "on")
                );
            }
        }
        UserAction::List { all } => {
            let mut s = open_db(cli, lang, true)?;
            let users = s.users(*all)?;
            if users.is_empty() {
                outln!(
                    "{}",
                    lang.pick(
                        "Chưa có người dùng nào: mọi tài khoản trên máy đều ghi được. Thêm người dùng đầu tiên (người quản trị): kttt user add TÊN",
                        "No users yet: every account on the machine may write. Add the first user (an administrator): kttt user add NAME"
                    )
                );
                return Ok(ExitCode::SUCCESS);
            }
            let heads = [
                lang.pick("Tên", "Name"),
                lang.pick("Họ tên", "Display name"),
                lang.pick("Quyền", "Roles"),
                lang.pick("Thêm lúc", "Added"),
            ];
            let mut t = TextTable::new(heads.iter().map(|h| h.to_string()).collect(), vec![Align::Left; 4]);
            t.flex = Some(2);
            for u in users {
                let mut roles: Vec<String> = u
                    .grants
                    .iter()
                    .map(|(o, r)| format!("{} {}", r.code(), s.orgs().get(*o).code))
                    .collect();
                roles.sort();
                if u.removed_at.is_some() {
                    roles = vec![lang.pick("(đã xoá)", "(removed)").to_string()];
                }
                t.rows.push(vec![
                    u.name,
                    u.display,
                    roles.join(", "),
                    format!("{} ({})", local_time(&u.created_at, lang), u.created_by),
                ]);
            }
            out!("{}", t.render(out::width(None)));
        }
    }
    Ok(ExitCode::SUCCESS)
}
