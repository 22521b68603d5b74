//! The words of the store's refusals, denials and locks, per language and per shell.

use super::errors::{Shell, key};
use crate::domain::access::PlanStep;
use crate::domain::text::sanitize;
use crate::i18n::{Lang, Text};
use crate::keys::Action;
use crate::store::{Denial, Field, Lock, Needed, Refusal};

/// A figure locked by a plan sent up or approved: whose, by whom, when, and how to reopen it
/// (the command on the command line, the keys of the by-unit view in the app).
pub fn lock(l: &Lock, lang: Lang, shell: Shell) -> String {
    let (year, by, at, code) = (l.year, sanitize(&l.by), super::local_time(&l.at, lang), &l.unit.code);
    let name = l.unit.name.get(lang);
    let (by_unit, ret, reopen) = (
        key(Action::OpenByUnit),
        key(Action::PlanReturn),
        key(Action::PlanReopen),
    );
    match (l.step, shell) {
        (PlanStep::Submitted, Shell::Cli) => say!(
            lang,
            format!(
                "Kế hoạch năm {year} của {name} đã gửi lên ({by}, {at}) và đang chờ duyệt: số liệu bị khoá để cấp trên xem đúng số đã gửi. Muốn sửa: cấp trên trả lại (kttt plan return --unit {code}) hoặc mở lại (kttt plan reopen --unit {code})."
            ),
            format!(
                "The {year} plan of {name} was sent up ({by}, {at}) and waits for approval: its figures are locked, so the level above sees what was sent. To change them, the level above returns it (kttt plan return --unit {code}) or reopens it (kttt plan reopen --unit {code})."
            ),
        ),
        (PlanStep::Submitted, Shell::App) => say!(
            lang,
            format!(
                "Kế hoạch năm {year} của {name} đã gửi lên ({by}, {at}) và đang chờ duyệt: số liệu bị khoá để cấp trên xem đúng số đã gửi. Muốn sửa: cấp trên trả lại ({ret}) hoặc mở lại ({reopen}) trong bảng theo đơn vị ({by_unit}), trên dòng {name}."
            ),
            format!(
                "The {year} plan of {name} was sent up ({by}, {at}) and waits for approval: its figures are locked, so the level above sees what was sent. To change them, the level above returns it ({ret}) or reopens it ({reopen}) in the by-unit view ({by_unit}), on the row of {name}."
            ),
        ),
        (_, Shell::Cli) => say!(
            lang,
            format!(
                "Kế hoạch năm {year} của {name} đã được duyệt ({by}, {at}): số liệu bị khoá. Người có quyền duyệt ở cấp trên có thể mở lại: kttt plan reopen --unit {code}"
            ),
            format!(
                "The {year} plan of {name} was approved ({by}, {at}): its figures are locked. Someone who approves at the level above can reopen it: kttt plan reopen --unit {code}"
            ),
        ),
        (_, Shell::App) => say!(
            lang,
            format!(
                "Kế hoạch năm {year} của {name} đã được duyệt ({by}, {at}): số liệu bị khoá. Người có quyền duyệt ở cấp trên có thể mở lại: bảng theo đơn vị ({by_unit}), dòng {name}, phím {reopen}"
            ),
            format!(
                "The {year} plan of {name} was approved ({by}, {at}): its figures are locked. Someone who approves at the level above can reopen it: the by-unit view ({by_unit}), the row of {name}, key {reopen}"
            ),
        ),
    }
}

/// Who may not do what, and who can change that.
pub fn denial(d: &Denial, lang: Lang, shell: Shell) -> String {
    let cli = shell == Shell::Cli;
    match d {
        Denial::Role { user, need, unit } => {
            let what = match need {
                Needed::Read => lang.pick("xem số liệu của", "see the figures of"),
                Needed::Enter => lang.pick("nhập số liệu cho", "enter figures for"),
                Needed::Approve => lang.pick("duyệt kế hoạch của", "approve the plan of"),
                Needed::Admin if unit.is_some() => lang.pick("quản trị", "administer"),
                Needed::Admin => lang.pick("quản trị người dùng và đơn vị", "manage users and units"),
            };
            let unit = unit.as_ref().map(|u| format!(" {}", u.name.get(lang))).unwrap_or_default();
            let how = match cli {
                true => ": kttt user grant",
                false => lang.pick(" do người quản trị cấp", " by an administrator"),
            };
            say!(
                lang,
                format!(
                    "Người dùng {user} không có quyền {what}{unit}. Quyền được cấp theo đơn vị (và các đơn vị cấp dưới){how}."
                ),
                format!("User {user} may not {what}{unit}. Roles are granted per unit (and the units below it){how}.")
            )
        }
        Denial::NotAdmin { user } => say!(
            lang,
            format!("Người dùng {user} không có quyền quản trị: chỉ người quản trị được nhập danh sách đơn vị."),
            format!("User {user} is not an administrator: only administrators import unit lists.")
        ),
        Denial::FirstUserByOwner => lang
            .pick(
                "Trên máy chủ, người dùng đầu tiên do vai trò sở hữu cơ sở dữ liệu thêm (xem README: Chạy ở Bộ).",
                "On a server database the first user is added by the role that owns the database (see the README: Running it at a ministry).",
            )
            .to_string(),
        Denial::Scenario {
            name,
            maker,
            unit,
            user,
            missing,
        } => {
            let unit = unit
                .as_ref()
                .map_or_else(|| lang.pick("mọi đơn vị", "every unit"), |u| u.name.get(lang));
            let missing = missing.name.get(lang);
            say!(
                lang,
                format!(
                    "Phương án “{name}” do {maker} tạo cho {unit}. Chỉ người tạo, hoặc người có quyền nhập số liệu cho mọi đơn vị của phương án, mới được đổi tên, huỷ, áp dụng hay hoàn tác nó; {user} không có quyền nhập số liệu cho {missing}."
                ),
                format!(
                    "Scenario “{name}” was made by {maker} for {unit}. Only its maker, or someone who enters figures for every unit of it, may rename, discard, apply or undo it; {user} may not enter figures for {missing}."
                )
            )
        }
        Denial::NotUser { user } if cli => say!(
            lang,
            format!(
                "Người dùng “{user}” chưa có trong danh sách người dùng của cơ sở dữ liệu này; nhờ người quản trị thêm: kttt user add {user}"
            ),
            format!("User “{user}” is not among this database's users; ask an administrator: kttt user add {user}")
        ),
        Denial::NotUser { user } => say!(
            lang,
            format!("Người dùng “{user}” chưa có trong danh sách người dùng của cơ sở dữ liệu này; nhờ người quản trị thêm."),
            format!("User “{user}” is not among this database's users; ask an administrator to add them.")
        ),
        Denial::NoUnit { user } if cli => say!(
            lang,
            format!(
                "Người dùng {user} chưa được cấp quyền xem đơn vị nào; nhờ người quản trị: kttt user grant {user} read ĐƠN_VỊ"
            ),
            format!("User {user} has not been granted any unit; ask an administrator: kttt user grant {user} read UNIT")
        ),
        Denial::NoUnit { user } => say!(
            lang,
            format!("Người dùng {user} chưa được cấp quyền xem đơn vị nào; nhờ người quản trị cấp quyền."),
            format!("User {user} has not been granted any unit; ask an administrator to grant one.")
        ),
        Denial::Unseen { user, unit } => say!(
            lang,
            format!("Người dùng {user} không có quyền xem {}.", unit.name.vi),
            format!("User {user} may not see {}.", unit.name.get(lang))
        ),
        Denial::Server { message, detail } => match (message.starts_with("kttt:"), detail, lang) {
            (true, Some(en), Lang::En) if !en.is_empty() => en.clone(),
            (true, Some(_), _) => message.clone(),
            _ => say!(
                lang,
                format!("Máy chủ cơ sở dữ liệu từ chối: {message}"),
                format!("The database server refused: {message}")
            ),
        },
    }
}

/// A heading takes no figures.
pub(super) fn heading(name: &Text, lang: Lang) -> String {
    say!(
        lang,
        format!("“{}” là dòng tiêu đề, không nhập số liệu.", name.vi),
        format!("“{}” is a heading and takes no figures.", name.get(lang))
    )
}

/// A row not split by funding source.
pub(super) fn not_funded(name: &Text, lang: Lang) -> String {
    say!(
        lang,
        format!("“{}” không chia theo nguồn vốn.", name.vi),
        format!("“{}” is not split by funding source.", name.get(lang))
    )
}

/// What a name field is called in a refusal.
fn field(f: Field) -> (&'static str, &'static str) {
    match f {
        Field::DisplayName => ("Tên hiển thị", "A display name"),
        Field::UnitName => ("Tên đơn vị", "A unit name"),
        Field::Comment => ("Ghi chú", "A comment"),
        Field::ScenarioName => ("Tên phương án", "A scenario name"),
    }
}

/// Why the store refused, and what to do instead.
pub fn refusal(r: &Refusal, lang: Lang, shell: Shell) -> String {
    match r {
        Refusal::BackToOfficial => lang
            .pick(
                "Chỉ trong phương án mới có thể trả ô về số chính thức.",
                "Only a scenario can take a cell back to the official figure.",
            )
            .to_string(),
        Refusal::Heading { name } => heading(name, lang),
        Refusal::NotFunded { name } => not_funded(name, lang),
        Refusal::Invalid { problem, what } => problem.message(what.get(lang), lang),
        Refusal::BadName { field: f, problem } => problem.message(field(*f), lang),
        Refusal::Form { problem } => say!(
            lang,
            format!("Biểu mẫu không dùng được: {}", crate::domain::text::sanitize(problem)),
            format!("The form cannot be used: {}", crate::domain::text::sanitize(problem))
        ),
        Refusal::FormOffice { code } => say!(
            lang,
            format!(
                "Không có đơn vị mã “{}” để thêm các dòng riêng của cơ quan đó.",
                crate::domain::text::sanitize(code)
            ),
            format!(
                "There is no unit “{}” whose office's own rows these could be.",
                crate::domain::text::sanitize(code)
            )
        ),
        Refusal::FormTaken { id } => say!(
            lang,
            format!(
                "Đã có biểu mẫu mã “{}”; đặt mã khác.",
                crate::domain::text::sanitize(id)
            ),
            format!(
                "There is a form “{}” already; give it another id.",
                crate::domain::text::sanitize(id)
            )
        ),
        Refusal::NoPlanToStartFrom { year } => say!(
            lang,
            format!("Chưa có kế hoạch năm {year} để làm căn cứ."),
            format!("There is no plan for {year} to start from.")
        ),
        Refusal::PlanExists { year } => match shell {
            Shell::App => {
                let keys = crate::keys::keys_of(&Action::PrevYear).join(lang.pick(" và ", " and "));
                say!(
                    lang,
                    format!("Kế hoạch năm {year} đã có; dùng {keys} để chuyển năm."),
                    format!("The plan for {year} already exists; use {keys} to change year.")
                )
            }
            Shell::Cli => say!(
                lang,
                format!("Kế hoạch năm {year} đã có; xem nó bằng --year {year}."),
                format!("The plan for {year} already exists; see it with --year {year}.")
            ),
        },
        Refusal::UnitTaken { code } => say!(
            lang,
            format!("Đơn vị {code} đã có, hoặc đơn vị cấp trên của nó chưa có."),
            format!("Unit {code} exists already, or its parent does not.")
        ),
        Refusal::UnitList { problems } => problems.iter().map(|p| p.message(lang)).collect::<Vec<_>>().join("\n"),
        Refusal::UsersExist => lang
            .pick(
                "Cơ sở dữ liệu này đã có người dùng; không chép người dùng vào.",
                "This database has users already; none were carried in.",
            )
            .to_string(),
        Refusal::NotAnApply => lang
            .pick(
                "Thao tác này không phải là áp dụng phương án.",
                "That is not the apply of a scenario.",
            )
            .to_string(),
        Refusal::AlreadyUndone => lang
            .pick(
                "Lần áp dụng này đã được hoàn tác rồi.",
                "That apply was already undone.",
            )
            .to_string(),
        Refusal::ScenarioNameTaken { name } => say!(
            lang,
            format!("Đã có phương án đang mở tên “{name}”."),
            format!("There is already an open scenario called “{name}”.")
        ),
        Refusal::ReopenNameTaken { name } => say!(
            lang,
            format!("Đang có một phương án khác tên “{name}”; hãy đổi tên nó rồi hoàn tác lại."),
            format!("Another open scenario is called “{name}”; rename it, then undo again.")
        ),
        _ => super::admin::refusal(r, lang, shell),
    }
}
