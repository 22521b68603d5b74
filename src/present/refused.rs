//! The words of what kttt will not do outside the store (`crate::error::Refused`), per
//! language and per shell: opening and creating a database, units, figures, undo, plans,
//! the file policy, exports and the configuration.

use super::errors::{Shell, key};
use crate::domain::text::sanitize;
use crate::error::{Built, Refused};
use crate::files::guard::Guarded;
use crate::i18n::Lang;
use crate::keys::Action;
use std::path::Path;

fn shown(p: &Path) -> String {
    sanitize(&p.display().to_string())
}

/// Why it cannot be done, and what to do instead.
pub fn refused(r: &Refused, lang: Lang, shell: Shell) -> String {
    let cli = shell == Shell::Cli;
    match r {
        Refused::ServerNotFile { address } => say!(
            lang,
            format!("{address} là máy chủ PostgreSQL, không phải tệp."),
            format!("{address} is a PostgreSQL server, not a file.")
        ),
        Refused::NoDataFolder => lang
            .pick(
                "Không tìm được thư mục dữ liệu của người dùng; hãy chỉ rõ bằng --db TỆP hoặc KTTT_DB.",
                "Cannot find the user's data folder; give one with --db FILE or KTTT_DB.",
            )
            .to_string(),
        // Advice for the administrator, who types it wherever the official works.
        Refused::NoUsersYet => lang
            .pick(
                "Cơ sở dữ liệu này chưa có người dùng nào. Người quản trị thêm người dùng trước (dưới tài khoản dịch vụ, không dùng --as): kttt user add TÊN",
                "This database has no users yet. An administrator adds them first (under the service account, without --as): kttt user add NAME",
            )
            .to_string(),
        Refused::DatabaseExists { path } => {
            let shown = shown(path);
            say!(
                lang,
                format!(
                    "Đã có cơ sở dữ liệu tại {shown}; không ghi đè. Dùng --force để tạo lại (tệp cũ được giữ làm bản sao lưu)."
                ),
                format!(
                    "A database already exists at {shown}; nothing was overwritten. Use --force to recreate it (the old file is kept as a backup)."
                )
            )
        }
        Refused::ServerDatabaseExists { address, force } => say!(
            lang,
            format!(
                "{address} đã là cơ sở dữ liệu kttt; không ghi đè{}. Muốn làm lại từ đầu: người quản trị máy chủ xoá và tạo lại cơ sở dữ liệu (dropdb, createdb), rồi chạy lại kttt init.",
                if *force { " (kể cả với --force)" } else { "" }
            ),
            format!(
                "{address} is a kttt database already; nothing was overwritten{}. To start again, the server's administrator drops and creates the database (dropdb, createdb), then kttt init again.",
                if *force { " (not even with --force)" } else { "" }
            )
        ),
        Refused::NoSuchUnit => lang.pick("Không có đơn vị này.", "No such org unit.").to_string(),
        Refused::NoUnits => lang.pick("Không có đơn vị nào.", "There are no org units.").to_string(),
        Refused::NotAUnitFile => lang
            .pick(
                "Tệp không phải danh sách đơn vị (level,gso,name,parent_gso) hay bảng ánh xạ (old_gso,old_name,new_gso,new_name,kind,share).",
                "The file is neither a unit list (level,gso,name,parent_gso) nor a mapping (old_gso,old_name,new_gso,new_name,kind,share).",
            )
            .to_string(),
        Refused::UnitFile { problems } => problems.iter().map(|p| p.message(lang)).collect::<Vec<_>>().join("\n"),
        Refused::Mirror { name, total, code } => say!(
            lang,
            format!(
                "“{}” là dòng tiêu đề, lặp lại số của “{}”: hãy nhập ở dòng đó ({code}).",
                name.vi, total.vi
            ),
            format!(
                "“{}” is a heading repeating the figures of “{}”: enter them there ({code}).",
                name.get(lang),
                total.get(lang)
            )
        ),
        Refused::Heading { name } => super::refusals::heading(name, lang),
        Refused::NotFunded { name } => super::refusals::not_funded(name, lang),
        Refused::Invalid { problem, what } => problem.message(what.get(lang), lang),
        Refused::OtherUnitCell => lang
            .pick("Ô này thuộc đơn vị khác.", "That cell belongs to another org unit.")
            .to_string(),
        Refused::NothingToUndo { in_scenario } => undo(*in_scenario, lang, shell),
        Refused::NothingToRedo => lang
            .pick("Không có gì để làm lại ở lớp số liệu này.", "Nothing to redo in this layer.")
            .to_string(),
        Refused::RedoConflicts { cells, scenario } => {
            let how = match shell {
                Shell::Cli => format!("kttt scenario apply {}", shell_words::quote(&sanitize(scenario))),
                Shell::App => key(Action::ApplyScenario),
            };
            say!(
                lang,
                format!("Không làm lại được: {cells} ô đã bị sửa sau đó. Hãy mở phương án và áp dụng lại ({how})."),
                format!("Cannot redo: {cells} cells changed since. Open the scenario and apply it again ({how}).")
            )
        }
        Refused::NoPlan { year, plans } => no_plan(*year, plans, lang, shell),
        Refused::NotApplied { name } => say!(
            lang,
            format!("Phương án “{name}” chưa được áp dụng lần nào (hoặc đã được hoàn tác)."),
            format!("Scenario “{name}” has not been applied (or its apply was already undone).")
        ),
        Refused::NotApproved { year, unit } => {
            let (name, code) = (unit.name.get(lang), &unit.code);
            let how = match shell {
                Shell::Cli => format!("kttt --unit {code} plan submit"),
                Shell::App => key(Action::PlanSubmit),
            };
            match (lang, shell) {
                (Lang::Vi, Shell::Cli) => format!(
                    "Kế hoạch năm {year} của {name} chưa được duyệt: chỉ số liệu đã duyệt mới được gửi lên. Gửi duyệt: {how}, rồi cấp có thẩm quyền duyệt."
                ),
                (Lang::Vi, Shell::App) => format!(
                    "Kế hoạch năm {year} của {name} chưa được duyệt: chỉ số liệu đã duyệt mới được gửi lên. Gửi duyệt ({how}), rồi cấp có thẩm quyền duyệt."
                ),
                (Lang::En, _) => format!(
                    "The {year} plan of {name} is not approved: only approved figures are sent. Submit it ({how}) for approval first."
                ),
            }
        }
        Refused::StreamsOnly { account } => say!(
            lang,
            format!(
                "Trên máy chủ dùng chung, tệp chỉ đi qua đầu vào/đầu ra chuẩn: dùng --out - (ví dụ ssh {account}@MÁY_CHỦ kttt export --out - > ke-hoach.xlsx) hoặc - cho tệp đọc vào (ssh {account}@MÁY_CHỦ kttt import - < so-lieu.xlsx). Máy chủ này không có thư mục riêng cho từng cán bộ (export_dir). Chưa ghi gì."
            ),
            format!(
                "On a shared server files go through standard input and output: use --out - (e.g. ssh {account}@SERVER kttt export --out - > plan.xlsx), or - for a file to read (ssh {account}@SERVER kttt import - < figures.xlsx). This server has no folder for each official's files (export_dir). Nothing was written."
            )
        ),
        Refused::NoFolderName { user } => {
            let shown = sanitize(user);
            match (lang, cli) {
                (Lang::Vi, true) => {
                    format!("Tên người dùng “{shown}” không dùng được làm tên thư mục; chỉ nhận tệp qua --out -.")
                }
                (Lang::Vi, false) => format!(
                    "Tên người dùng “{shown}” không dùng được làm tên thư mục; tệp chỉ đi qua SSH (đầu vào/đầu ra chuẩn)."
                ),
                (Lang::En, true) => format!("The user name “{shown}” cannot name a folder; files go through --out - only."),
                (Lang::En, false) => format!(
                    "The user name “{shown}” cannot name a folder; files go through SSH (standard input and output) only."
                ),
            }
        }
        Refused::NotBareName { name } => {
            let shown = sanitize(name);
            let (stream_vi, stream_en) = match cli {
                true => (
                    " Hoặc dùng --out - để nhận tệp qua SSH.",
                    " Or use --out - to receive it over SSH.",
                ),
                false => ("", ""),
            };
            say!(
                lang,
                format!(
                    "“{shown}”: trên máy chủ dùng chung chỉ ghi tên tệp (ví dụ ke-hoach.xlsx), không ghi đường dẫn; tệp nằm trong thư mục riêng của bạn.{stream_vi} Chưa ghi gì."
                ),
                format!(
                    "“{shown}”: on a shared server give a file name only (such as plan.xlsx), not a path; the file goes into your own folder.{stream_en} Nothing was written."
                )
            )
        }
        Refused::Guarded { path, why } => guarded(path, *why, lang),
        Refused::FileExists { path } => {
            let p = shown(path);
            match (lang, cli) {
                (Lang::Vi, true) => {
                    format!("Tệp {p} đã có; chưa ghi gì. Thêm --force để ghi đè, hoặc chọn tên tệp khác.")
                }
                (Lang::Vi, false) => format!("Tệp {p} đã có; chưa ghi gì. Hãy chọn tên tệp khác."),
                (Lang::En, true) => {
                    format!("{p} already exists; nothing was written. Add --force to replace it, or choose another name.")
                }
                (Lang::En, false) => format!("{p} already exists; nothing was written. Choose another name."),
            }
        }
        Refused::NotBuilt { what, error } => match what {
            Built::Workbook => say!(
                lang,
                format!("Không tạo được sổ Excel: {error}."),
                format!("Cannot build the workbook: {error}.")
            ),
            Built::Csv => say!(
                lang,
                format!("Không tạo được CSV: {error}."),
                format!("Cannot build the CSV: {error}.")
            ),
        },
        Refused::Stopped => match (lang, cli) {
            (Lang::Vi, true) => "Đã dừng (Ctrl+C): không ghi gì.".to_string(),
            (Lang::En, true) => "Stopped (Ctrl+C): nothing was written.".to_string(),
            (Lang::Vi, false) => "Đã dừng (Esc): không ghi gì.".to_string(),
            (Lang::En, false) => "Stopped (Esc): nothing was written.".to_string(),
        },
        Refused::Config { path, error } => say!(
            lang,
            format!("Tệp cấu hình {} sai: {error}", path.display()),
            format!("The configuration file {} is wrong: {error}", path.display())
        ),
        Refused::SystemOnly { path, key } => say!(
            lang,
            format!("{}: {key} chỉ được đặt trong tệp cấu hình chung của máy chủ.", path.display()),
            format!("{}: {key} may only be set in the server's system-wide file.", path.display())
        ),
    }
}

/// Nothing to undo where the user is, only in the other layer: the app says which keys go
/// there (the command line has no undo).
fn undo(in_scenario: bool, lang: Lang, shell: Shell) -> String {
    let (vi, en) = match in_scenario {
        true => (
            "Trong phương án này chưa có thao tác nào để hoàn tác; các thao tác trước là sửa số chính thức.",
            "Nothing to undo in this scenario; the earlier edits changed the official figures.",
        ),
        false => (
            "Không có thao tác nào trên số chính thức để hoàn tác; các thao tác trước nằm trong phương án.",
            "Nothing to undo on the official figures; the earlier edits are in a scenario.",
        ),
    };
    let what = lang.pick(vi, en);
    if shell == Shell::Cli {
        return what.to_string();
    }
    let u = key(Action::Undo);
    match in_scenario {
        true => {
            let (s, enter) = (key(Action::OpenScenarios), key(Action::Accept));
            say!(
                lang,
                format!("{what} Hãy chuyển về số chính thức ({s}, {enter}) rồi nhấn {u}."),
                format!("{what} Switch to them ({s}, {enter}), then press {u}.")
            )
        }
        false => say!(
            lang,
            format!("{what} Hãy mở phương án đó rồi nhấn {u}."),
            format!("{what} Open it, then press {u}.")
        ),
    }
}

/// A year without a plan: the years that have one, and how to start the next.
fn no_plan(year: i32, plans: &[i32], lang: Lang, shell: Shell) -> String {
    let list = match plans {
        [] => lang.pick("(chưa có)", "(none)").to_string(),
        _ => plans.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(", "),
    };
    let how = match shell {
        Shell::Cli => "kttt plan start".to_string(),
        Shell::App => format!("{} {}", lang.pick("phím", "key"), key(Action::StartNextPlan)),
    };
    say!(
        lang,
        format!("Không có kế hoạch năm {year}. Các năm có kế hoạch: {list}. Lập kế hoạch năm sau: {how}"),
        format!("There is no plan for {year}. Plan years: {list}. Start the next one: {how}")
    )
}

/// A path kttt never writes, and why.
fn guarded(path: &Path, why: Guarded, lang: Lang) -> String {
    let p = shown(path);
    let (vi, en) = match why {
        Guarded::Database => (
            "là cơ sở dữ liệu của kttt (hoặc tệp nhật ký, bản sao lưu của nó)",
            "is kttt's database (or one of its journal files or backups)",
        ),
        Guarded::Ssh => (
            "nằm trong thư mục .ssh của tài khoản, nơi máy chủ SSH đọc khoá của các cán bộ",
            "is in the account's .ssh folder, where the SSH server reads the officials' keys",
        ),
        Guarded::OtherDatabase => (
            "là một cơ sở dữ liệu; kttt không ghi đè lên cơ sở dữ liệu (kể cả với --force)",
            "is a database; kttt never writes over a database (not even with --force)",
        ),
        Guarded::Hidden => (
            "là tệp hoặc thư mục ẩn của tài khoản dịch vụ",
            "is a hidden file or folder of the service account",
        ),
    };
    say!(
        lang,
        format!("Không ghi vào {p}: {vi}. Chưa ghi gì."),
        format!("Not writing {p}: it {en}. Nothing was written.")
    )
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&refused(self, Lang::En, Shell::Cli))
    }
}

#[cfg(test)]
#[path = "refused_tests.rs"]
mod tests;
