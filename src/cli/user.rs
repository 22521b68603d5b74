//! `kttt user add|list|remove|grant|revoke`: the users of a database and their roles per unit.

use super::args::{UserAction, UserArgs};
use super::table::{Align, TextTable};
use super::{open_db, out};
use crate::domain::access::Role;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::present::local_time;
use std::process::ExitCode;

fn role(text: &str) -> Result<Role> {
    Role::from_code(text).ok_or_else(|| {
        Error::refused(
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
