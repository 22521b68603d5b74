//! The words of the refusals about administering: users and roles, plan steps, pushes,
//! server databases, backups and opening a file.

use super::errors::{Shell, key};
use crate::i18n::Lang;
use crate::keys::Action;
use crate::store::Refusal;

/// Why the store refused (the refusals `super::refusals` leaves to this module).
pub(super) fn refusal(r: &Refusal, lang: Lang, shell: Shell) -> String {
    let cli = shell == Shell::Cli;
    match r {
        Refusal::UnknownUnits { codes } => {
            let list = codes.join(", ");
            let how = if cli { " (kttt units import)" } else { "" };
            say!(
                lang,
                format!("Cơ sở dữ liệu nhận không có: {list}. Nhập danh sách đơn vị ở đó trước{how}, rồi gửi lại."),
                format!(
                    "The receiving database has no: {list}. Import the unit list there first{how}, then push again."
                )
            )
        }
        Refusal::UnknownForm { id, year } => {
            let id = crate::domain::text::sanitize(id);
            let how = if cli {
                format!(" (kttt form import … --from-year {year})")
            } else {
                String::new()
            };
            say!(
                lang,
                format!(
                    "Số liệu năm {year} được nhập theo biểu mẫu {id}, cơ sở dữ liệu nhận không có biểu mẫu này. Thêm biểu mẫu ở đó trước{how}, rồi gửi lại."
                ),
                format!(
                    "The {year} figures were entered on form {id}, which the receiving database does not hold. Add the form there first{how}, then push again."
                )
            )
        }
        Refusal::OutsideScenario { name, top, cell } => {
            let (top, unit, code) = (top.get(lang), cell.name.get(lang), &cell.code);
            let how = match shell {
                Shell::Cli => format!("kttt --unit {code} scenario new {}", lang.pick("TÊN", "NAME")),
                Shell::App => say!(
                    lang,
                    format!(
                        "chọn đơn vị bằng {}, rồi {}",
                        key(Action::OpenOrgPicker),
                        key(Action::NewScenario)
                    ),
                    format!(
                        "choose the unit with {}, then {}",
                        key(Action::OpenOrgPicker),
                        key(Action::NewScenario)
                    )
                ),
            };
            say!(
                lang,
                format!(
                    "Phương án “{name}” là phương án của {top}; ô của {unit} nằm ngoài đơn vị đó. Hãy tạo một phương án cho {unit} ({how})."
                ),
                format!(
                    "Scenario “{name}” is a scenario of {top}; a cell of {unit} is outside that unit. Make a scenario for {unit} ({how})."
                )
            )
        }
        Refusal::BadUserName { name } => say!(
            lang,
            format!("Tên đăng nhập “{name}” chỉ được gồm chữ không dấu, số và . _ - (tối đa 64)."),
            format!("The login name “{name}” may hold only ASCII letters, digits and . _ - (at most 64).")
        ),
        Refusal::UserExists { name } => say!(
            lang,
            format!("Đã có người dùng “{name}”."),
            format!("User “{name}” exists already.")
        ),
        Refusal::NoUser { name, grant: true } if cli => say!(
            lang,
            format!("Không có người dùng “{name}”; thêm trước: kttt user add {name}"),
            format!("There is no user “{name}”; add them first: kttt user add {name}")
        ),
        Refusal::NoUser { name, .. } => say!(
            lang,
            format!("Không có người dùng “{name}”."),
            format!("There is no user “{name}”.")
        ),
        Refusal::NoRole { name, role, unit } => say!(
            lang,
            format!("{name} không có quyền {} trên {unit}.", role.name(Lang::Vi)),
            format!("{name} has no {} role on {unit}.", role.code())
        ),
        Refusal::NoPlan { year } => say!(
            lang,
            format!("Không có kế hoạch năm {year}."),
            format!("There is no plan for {year}.")
        ),
        Refusal::PlanAlready { year, unit, step } => say!(
            lang,
            format!("Kế hoạch {year} của {} {}.", unit.vi, step.name(Lang::Vi)),
            format!(
                "The {year} plan of {} is already {}.",
                unit.get(lang),
                step.name(Lang::En)
            )
        ),
        Refusal::NotSubmitted { year, unit } => say!(
            lang,
            format!("Kế hoạch {year} của {} chưa được gửi lên.", unit.vi),
            format!("The {year} plan of {} has not been submitted.", unit.get(lang))
        ),
        Refusal::ReturnNeedsReason => {
            let how = if cli { " (--comment)" } else { "" };
            say!(
                lang,
                format!("Trả lại kế hoạch cần ghi rõ lý do{how}."),
                format!("Returning a plan needs a reason{how}.")
            )
        }
        Refusal::NotSentNorApproved { year, unit } => say!(
            lang,
            format!("Kế hoạch {year} của {} chưa được gửi lên hay duyệt.", unit.vi),
            format!("The {year} plan of {} is neither sent up nor approved.", unit.get(lang))
        ),
        _ => server(r, lang),
    }
}

/// The refusals about server databases, backups and opening a file (the same in every shell:
/// they come before the app is open, or from commands only the command line has).
fn server(r: &Refusal, lang: Lang) -> String {
    match r {
        Refusal::ActAs { name, me, why } => say!(
            lang,
            format!(
                "--as {name}: vai trò máy chủ {me} không được hành động thay {name} ({why}). Người quản trị máy chủ chạy: CREATE ROLE {name} NOLOGIN; GRANT {name} TO {me};"
            ),
            format!(
                "--as {name}: the server role {me} may not act as {name} ({why}). The server's administrator runs: CREATE ROLE {name} NOLOGIN; GRANT {name} TO {me};"
            )
        ),
        Refusal::ServerBackup { address } => say!(
            lang,
            format!(
                "Cơ sở dữ liệu {address} nằm trên máy chủ PostgreSQL: sao lưu bằng pg_dump (xem README), không bằng kttt backup."
            ),
            format!(
                "The database {address} is on a PostgreSQL server: back it up with pg_dump (see the README), not kttt backup."
            )
        ),
        Refusal::NoKtttData { address } => say!(
            lang,
            format!("Cơ sở dữ liệu {address} chưa có dữ liệu kttt. Tạo bằng: kttt init --db {address}"),
            format!("The database {address} holds no kttt data yet. Create it with: kttt init --db {address}")
        ),
        Refusal::NeedsOwner { address, owner } => say!(
            lang,
            format!(
                "Cơ sở dữ liệu {address} cần được cập nhật cho phiên bản kttt này (lược đồ, danh mục chỉ tiêu hoặc đơn vị), việc chỉ vai trò sở hữu nó ({owner}) làm được. Nhờ người quản trị mở nó một lần bằng kttt dưới vai trò {owner}."
            ),
            format!(
                "The database {address} must be brought up to date for this kttt (schema, catalog or units), which only the role that owns it ({owner}) may do. Ask the administrator to open it once with kttt as {owner}."
            )
        ),
        Refusal::BadCertificate { path, error } => say!(
            lang,
            format!("{}: không đọc được chứng chỉ (PEM): {error}", path.display()),
            format!("{}: not a readable certificate (PEM): {error}", path.display())
        ),
        Refusal::NoBackupName => lang
            .pick(
                "Không tìm được tên trống cho bản sao lưu.",
                "Could not find a free name for the backup.",
            )
            .to_string(),
        Refusal::BackupExists { path } => say!(
            lang,
            format!("Đã có tệp {}; bản sao lưu không ghi đè lên tệp nào.", path.display()),
            format!("{} exists already; a backup never overwrites a file.", path.display())
        ),
        Refusal::JournalMode { mode } => say!(
            lang,
            format!("Chế độ nhật ký {mode}: cần WAL"),
            format!("journal mode {mode}: WAL is required")
        ),
        Refusal::UpgradeReadOnly => lang
            .pick(
                "Cơ sở dữ liệu cần được nâng cấp, nhưng chỉ mở được để đọc. Hãy mở bằng một tài khoản có quyền ghi.",
                "The database needs an upgrade but could only be opened for reading. Open it once from an account that can write it.",
            )
            .to_string(),
        other => format!("{other:?}"),
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&super::refusals::refusal(self, Lang::En, Shell::Cli))
    }
}

impl std::fmt::Display for crate::store::Denial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&super::refusals::denial(self, Lang::En, Shell::Cli))
    }
}

impl std::fmt::Display for crate::store::Lock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&super::refusals::lock(self, Lang::En, Shell::Cli))
    }
}
