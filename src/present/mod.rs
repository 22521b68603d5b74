//! Words and times for people, shared by the command line and the app.

use crate::i18n::Lang;

/// `vi` or `en` by the language, each made with `format!` (for the words of errors).
macro_rules! say {
    ($lang:expr, $vi:expr, $en:expr $(,)?) => {
        match $lang {
            Lang::Vi => $vi,
            Lang::En => $en,
        }
    };
}

mod admin;
pub mod doctor;
pub mod errors;
mod forms;
mod import;
pub mod planning;
pub mod read;
mod refusals;
mod refused;

pub use errors::Shell;
pub use forms::form_diff;
pub use import::{PROBLEMS_LISTED, import_prefix, problem_line, problem_lines};

/// What an audit action means, in words.
pub fn action_label(action: &str, lang: Lang) -> String {
    match action {
        "seed" => lang.pick("nạp số liệu gốc", "seeded"),
        "set" => lang.pick("sửa", "edited"),
        "undo" => lang.pick("hoàn tác", "undone"),
        "redo" => lang.pick("làm lại", "redone"),
        "apply" => lang.pick("áp dụng phương án", "applied from scenario"),
        "scenario.set" => lang.pick("sửa trong phương án", "edited in scenario"),
        "plan.start" => lang.pick("chuyển sang kế hoạch năm sau", "carried to next plan"),
        "scenario.create" => lang.pick("tạo phương án", "scenario created"),
        "scenario.rename" => lang.pick("đổi tên phương án", "scenario renamed"),
        "scenario.discard" => lang.pick("huỷ phương án", "scenario discarded"),
        "scenario.apply" => lang.pick("áp dụng phương án", "scenario applied"),
        "scenario.revert" => lang.pick("hoàn tác việc áp dụng", "apply undone"),
        "revert" => lang.pick("hoàn tác áp dụng", "apply undone"),
        "import" => lang.pick("nhập từ tệp", "imported"),
        "init" => lang.pick("tạo lại cơ sở dữ liệu", "database recreated"),
        "catalog.sync" => lang.pick("cập nhật danh mục", "catalog updated"),
        "schema.migrate" => lang.pick("nâng cấp cấu trúc", "schema upgraded"),
        "schema.backup" => lang.pick("sao lưu trước khi nâng cấp", "backup before an upgrade"),
        "plan.submit" => lang.pick("gửi kế hoạch", "plan submitted"),
        "plan.approve" => lang.pick("duyệt kế hoạch", "plan approved"),
        "plan.return" => lang.pick("trả lại kế hoạch", "plan returned"),
        "plan.reopen" => lang.pick("mở lại kế hoạch", "plan reopened"),
        "note" => lang.pick("ghi chú", "comment"),
        "user.add" => lang.pick("thêm người dùng", "user added"),
        "user.remove" => lang.pick("xoá người dùng", "user removed"),
        "user.grant" => lang.pick("cấp quyền", "role granted"),
        "user.revoke" => lang.pick("thu hồi quyền", "role revoked"),
        "user.restore" => lang.pick("chép người dùng sang", "users carried over"),
        "units.add" | "unit.add" => lang.pick("thêm đơn vị", "unit added"),
        "unit.close" => lang.pick("đơn vị thôi hoạt động", "unit ended"),
        "unit.update" => lang.pick("sửa đơn vị", "unit changed"),
        "unit.map" => lang.pick("ánh xạ đơn vị", "units mapped"),
        "units.import" => lang.pick("nhập danh sách đơn vị", "unit list imported"),
        "units.map" => lang.pick("ánh xạ đơn vị", "units mapped"),
        "push" => lang.pick("gửi lên cấp trên", "pushed up"),
        "received" => lang.pick("nhận từ cấp dưới", "received from below"),
        other => return crate::domain::text::sanitize(other),
    }
    .to_string()
}

/// A stored UTC time in the machine's local time: `24/11/2026 16:48:05` (`2026-11-24 16:48:05`).
pub fn local_time(at: &str, lang: Lang) -> String {
    let Ok(ts) = at.parse::<jiff::Timestamp>() else {
        return crate::domain::text::sanitize(at);
    };
    let z = ts.to_zoned_datetime(jiff::tz::TimeZone::system());
    match lang {
        Lang::Vi => z.strftime("%d/%m/%Y %H:%M:%S").to_string(),
        Lang::En => z.strftime("%Y-%m-%d %H:%M:%S").to_string(),
    }
}

/// A count with its noun: `1 lỗi`, `1 error`, `16 warnings` (Vietnamese has no plural).
pub fn counted(n: usize, vi: &str, en_one: &str, en_many: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{n} {vi}"),
        Lang::En => format!("{n} {}", if n == 1 { en_one } else { en_many }),
    }
}

/// `1 lỗi, 16 cảnh báo, 8 lưu ý` / `1 error, 16 warnings, 8 notes`.
pub fn tally_text(errors: usize, warnings: usize, notes: usize, lang: Lang) -> String {
    format!(
        "{}, {}, {}",
        counted(errors, "lỗi", "error", "errors", lang),
        counted(warnings, "cảnh báo", "warning", "warnings", lang),
        counted(notes, "lưu ý", "note", "notes", lang)
    )
}

/// The question before a scenario is deleted.
pub fn discard_question(name: &str, changes: usize, lang: Lang) -> String {
    format!(
        "{} «{}» {} {}? {}",
        lang.pick("Xoá phương án", "Delete scenario"),
        crate::domain::text::sanitize(name),
        lang.pick("cùng", "and its"),
        counted(changes, "thay đổi", "change", "changes", lang),
        lang.pick(
            "Số chính thức không bị ảnh hưởng.",
            "The official figures are not touched."
        )
    )
}

pub use crate::domain::text::{date, validity};

/// What happened to a scenario that is no longer open, and what it means for a figure meant
/// for it: `Phương án «PA1» đã được root áp dụng lúc 24/11/2026 10:02:05.`
pub fn scenario_closed(info: &crate::store::ScenarioInfo, lang: Lang) -> String {
    use crate::store::ScenarioStatus;
    let verb = match info.status {
        ScenarioStatus::Applied => lang.pick(
            "đã được áp dụng thành số chính thức",
            "was applied to the official figures",
        ),
        ScenarioStatus::Discarded => lang.pick("đã bị huỷ", "was discarded"),
        ScenarioStatus::Open => lang.pick("vẫn đang mở", "is still open"),
    };
    let by = info
        .closed_by
        .as_deref()
        .map(|u| format!(" {} {}", lang.pick("bởi", "by"), crate::domain::text::sanitize(u)))
        .unwrap_or_default();
    let at = info
        .closed_at
        .as_deref()
        .map(|t| format!(" {} {}", lang.pick("lúc", "at"), local_time(t, lang)))
        .unwrap_or_default();
    format!(
        "{} «{}» {verb}{by}{at}. {}",
        lang.pick("Phương án", "Scenario"),
        crate::domain::text::sanitize(&info.name),
        lang.pick(
            "Số liệu không được ghi vào đó nữa; không có gì được ghi thành số chính thức.",
            "Figures can no longer go into it; nothing was written to the official figures."
        )
    )
}

/// A stored value that is not a figure, named by its cell: what `check` and the report say.
pub fn unreadable_text(cell: &str, lang: Lang) -> String {
    format!(
        "{cell}: {}",
        lang.pick(
            "giá trị lưu trong cơ sở dữ liệu không phải là số (do công cụ khác ghi vào); hãy nhập lại số liệu này.",
            "the stored value is not a figure (written by another tool); enter this figure again."
        )
    )
}

/// A count the way the language writes it: `199.950`, `199,950`.
pub fn number(n: usize, lang: Lang) -> String {
    crate::domain::number::format(&rust_decimal::Decimal::from(n), lang)
}

/// A database was made because there was none: where, what it holds, how to choose another.
pub fn created_text(path: &std::path::Path, lang: Lang) -> String {
    let p = crate::domain::text::sanitize(&path.display().to_string());
    match lang {
        Lang::Vi => format!(
            "Chưa có cơ sở dữ liệu nên đã tạo mới tại {p}, với kế hoạch mẫu 507/KH-UBND của tỉnh Bắc Kạn. Nếu bạn định làm việc trên cơ sở dữ liệu khác, hãy chỉ rõ bằng --db, KTTT_DB hoặc tệp cấu hình."
        ),
        Lang::En => format!(
            "There was no database, so a new one was made at {p}, holding the sample plan 507/KH-UBND of Bắc Kạn. To work on another database, name it with --db, KTTT_DB or a configuration file."
        ),
    }
}

/// What an approver reads before approving: the changes of this round, how far each
/// appendix was entered, what the checks find.
pub fn review_text(r: &crate::session::Review, cat: &crate::domain::catalog::Catalog, lang: Lang) -> String {
    let changes = match &r.since {
        Some(at) => format!(
            "{} {}: {} {}.",
            lang.pick("Từ lần trả lại/duyệt trước", "Since it was last returned or approved"),
            local_time(at, lang),
            r.changes,
            lang.pick("số liệu thay đổi", "figures changed")
        ),
        None => format!(
            "{} {}.",
            r.changes,
            lang.pick("số liệu đã nhập hoặc sửa", "figures entered or changed")
        ),
    };
    let entered: Vec<String> = r
        .entered
        .iter()
        .enumerate()
        .map(|(a, (n, of))| format!("{} {n}/{of}", cat.appendices[a].name(lang)))
        .collect();
    format!(
        "{changes} {}: {}. {}: {}.",
        lang.pick("Đã nhập", "Entered"),
        entered.join(", "),
        lang.pick("Kiểm tra", "Checks"),
        tally_text(r.tally.0, r.tally.1, r.tally.2, lang)
    )
}

/// A change-log row in words: the unit's and the cell's names (not their codes), what was
/// done, and old → new or what the step said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogWords {
    pub unit: String,
    pub cell: String,
    pub action: String,
    pub change: String,
}

/// Puts a change-log row in words.
pub fn log_words(
    e: &crate::store::LogEntry,
    cat: &crate::domain::catalog::Catalog,
    orgs: &crate::domain::org::OrgUnits,
    lang: Lang,
) -> LogWords {
    use crate::domain::number::format_cell;
    use crate::domain::text::sanitize;
    let a = &e.entry;
    let unit = e
        .key
        .map(|k| orgs.get(k.org).name(lang).to_string())
        .or_else(|| {
            e.org
                .as_deref()
                .and_then(|c| orgs.by_code(c))
                .map(|o| orgs.get(o).name(lang).to_string())
        })
        .or_else(|| e.org.as_deref().map(sanitize))
        .unwrap_or_else(|| "—".to_string());
    let cell = match e.key {
        Some(k) => {
            let mut c = format!("{}, {}", cat.get(k.indicator).short.get(lang), k.period.label(lang));
            if k.funding != crate::domain::catalog::FundingId::TOTAL {
                c.push_str(&format!(" ({})", cat.fundings[k.funding.0 as usize].abbr.get(lang)));
            }
            c
        }
        None => e.indicator.as_deref().map(sanitize).unwrap_or_default(),
    };
    let action = match &a.scenario {
        Some(sc) => format!("{} «{}»", action_label(&a.action, lang), sanitize(sc)),
        None => action_label(&a.action, lang),
    };
    let detail = a.detail.as_deref().map(sanitize).unwrap_or_default();
    let change = if a.action == "note" {
        detail
    } else if e.indicator.is_some() {
        format!(
            "{} → {}",
            format_cell(a.old.as_ref(), lang),
            format_cell(a.new.as_ref(), lang)
        )
    } else if a.action.starts_with("plan.") {
        // Stored as `2020 cho-don: why`; the unit is in its own column.
        let (head, why) = detail.split_once(": ").unwrap_or((detail.as_str(), ""));
        let year = head.split_whitespace().next().unwrap_or_default();
        let year = format!("{} {year}", lang.pick("kế hoạch", "plan"));
        if why.is_empty() { year } else { format!("{year}: {why}") }
    } else {
        detail
    };
    LogWords {
        unit,
        cell,
        action,
        change,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_actions_read_well() {
        let t = local_time("2026-11-24T09:48:05.123Z", Lang::Vi);
        assert_eq!(t.len(), 19, "{t}");
        assert!(t.contains("/2026 "));
        assert_eq!(local_time("nonsense\u{1b}", Lang::Vi), "nonsense^[");
        assert_eq!(action_label("undo", Lang::Vi), "hoàn tác");
        assert_eq!(action_label("undo", Lang::En), "undone");
        assert_eq!(validity(None, Some("2025-06-30"), Lang::Vi), " (đến 30/06/2025)");
        assert_eq!(tally_text(1, 16, 8, Lang::Vi), "1 lỗi, 16 cảnh báo, 8 lưu ý");
        assert_eq!(tally_text(1, 1, 0, Lang::En), "1 error, 1 warning, 0 notes");
        assert_eq!(
            discard_question("Cao", 3, Lang::Vi),
            "Xoá phương án «Cao» cùng 3 thay đổi? Số chính thức không bị ảnh hưởng."
        );
        assert_eq!(validity(Some("2025-07-01"), None, Lang::En), " (from 2025-07-01)");
    }
}
