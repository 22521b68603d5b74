//! The refusals of the session and the file policy: the same words as before they moved
//! here, and the app names keys where the command line names commands or flags.

use super::*;
use crate::domain::period::{Period, PeriodKind};
use crate::domain::plausible::{Assessment, Jump, Reference};
use crate::i18n::Text;
use crate::session::{Found, Why};
use crate::store::UnitRef;
use rust_decimal::Decimal;

fn both(r: &Refused, lang: Lang) -> (String, String) {
    (refused(r, lang, Shell::Cli), refused(r, lang, Shell::App))
}

#[test]
fn a_year_without_a_plan_lists_the_years_and_names_the_command_or_the_key() {
    let r = Refused::NoPlan {
        year: 2023,
        plans: vec![2020, 2021],
    };
    let (cli, app) = both(&r, Lang::Vi);
    assert_eq!(
        cli,
        "Không có kế hoạch năm 2023. Các năm có kế hoạch: 2020, 2021. Lập kế hoạch năm sau: kttt plan start"
    );
    assert_eq!(
        app,
        "Không có kế hoạch năm 2023. Các năm có kế hoạch: 2020, 2021. Lập kế hoạch năm sau: phím N"
    );
    let none = Refused::NoPlan {
        year: 2023,
        plans: vec![],
    };
    assert_eq!(
        refused(&none, Lang::En, Shell::Cli),
        "There is no plan for 2023. Plan years: (none). Start the next one: kttt plan start"
    );
    assert!(refused(&none, Lang::Vi, Shell::App).contains("(chưa có)"));
}

#[test]
fn a_file_there_already_is_replaced_with_force_on_the_command_line_only() {
    let r = Refused::FileExists {
        path: "ke-hoach.xlsx".into(),
    };
    let (cli, app) = both(&r, Lang::Vi);
    assert_eq!(
        cli,
        "Tệp ke-hoach.xlsx đã có; chưa ghi gì. Thêm --force để ghi đè, hoặc chọn tên tệp khác."
    );
    assert_eq!(app, "Tệp ke-hoach.xlsx đã có; chưa ghi gì. Hãy chọn tên tệp khác.");
    let (cli, app) = both(&r, Lang::En);
    assert_eq!(
        cli,
        "ke-hoach.xlsx already exists; nothing was written. Add --force to replace it, or choose another name."
    );
    assert!(!app.contains("--"), "{app}");
}

#[test]
fn undo_in_the_other_layer_names_the_keys_in_the_app() {
    let r = Refused::NothingToUndo { in_scenario: true };
    assert_eq!(
        refused(&r, Lang::Vi, Shell::App),
        "Trong phương án này chưa có thao tác nào để hoàn tác; các thao tác trước là sửa số chính thức. Hãy chuyển về số chính thức (s, Enter) rồi nhấn u."
    );
    assert_eq!(
        refused(&Refused::NothingToUndo { in_scenario: false }, Lang::En, Shell::App),
        "Nothing to undo on the official figures; the earlier edits are in a scenario. Open it, then press u."
    );
    let redo = Refused::RedoConflicts {
        cells: 3,
        scenario: "Cao".into(),
    };
    assert_eq!(
        refused(&redo, Lang::Vi, Shell::App),
        "Không làm lại được: 3 ô đã bị sửa sau đó. Hãy mở phương án và áp dụng lại (a)."
    );
    for r in [r, redo] {
        for lang in [Lang::Vi, Lang::En] {
            let (cli, app) = both(&r, lang);
            assert!(!app.contains("kttt"), "{app}");
            assert!(!cli.contains("(s, Enter)") && !cli.contains("(a)"), "{cli}");
        }
    }
}

#[test]
fn an_unapproved_plan_is_submitted_by_command_or_by_key() {
    let r = Refused::NotApproved {
        year: 2021,
        unit: UnitRef {
            code: "ba-be".into(),
            name: Text::new("Huyện Ba Bể", "Ba Be district"),
        },
    };
    let (cli, app) = both(&r, Lang::Vi);
    assert_eq!(
        cli,
        "Kế hoạch năm 2021 của Huyện Ba Bể chưa được duyệt: chỉ số liệu đã duyệt mới được gửi lên. Gửi duyệt: kttt --unit ba-be plan submit, rồi cấp có thẩm quyền duyệt."
    );
    assert!(app.contains("Gửi duyệt (P)") && !app.contains("kttt"), "{app}");
    let (cli, app) = both(&r, Lang::En);
    assert!(
        cli.ends_with("Submit it (kttt --unit ba-be plan submit) for approval first."),
        "{cli}"
    );
    assert!(app.ends_with("Submit it (P) for approval first."), "{app}");
}

#[test]
fn the_file_policy_says_why_and_the_app_types_no_flag() {
    let guarded = Refused::Guarded {
        path: "/srv/kttt.sqlite3-wal".into(),
        why: Guarded::Database,
    };
    assert_eq!(
        refused(&guarded, Lang::Vi, Shell::App),
        "Không ghi vào /srv/kttt.sqlite3-wal: là cơ sở dữ liệu của kttt (hoặc tệp nhật ký, bản sao lưu của nó). Chưa ghi gì."
    );
    let path = Refused::NotBareName {
        name: "a/b.xlsx".into(),
    };
    let (cli, app) = both(&path, Lang::En);
    assert_eq!(
        cli,
        "“a/b.xlsx”: on a shared server give a file name only (such as plan.xlsx), not a path; the file goes into your own folder. Or use --out - to receive it over SSH. Nothing was written."
    );
    assert_eq!(
        app,
        "“a/b.xlsx”: on a shared server give a file name only (such as plan.xlsx), not a path; the file goes into your own folder. Nothing was written."
    );
    let user = Refused::NoFolderName { user: "../x".into() };
    for lang in [Lang::Vi, Lang::En] {
        let (cli, app) = both(&user, lang);
        assert!(cli.contains("--out -") && !app.contains("--out"), "{cli} / {app}");
    }
}

fn found(why: Why) -> Found {
    Found {
        sheet: "Phụ lục 1".into(),
        row: 9,
        col: "E".into(),
        why,
    }
}

#[test]
fn an_imports_problems_are_placed_and_the_app_names_its_key_not_a_flag() {
    let issuer = found(Why::OtherIssuer {
        issuer: "UBND TỈNH X".into(),
        unit: Text::new("Tỉnh Bắc Kạn", "Bac Kan province"),
    });
    assert_eq!(
        super::super::problem_line(&issuer, Lang::Vi, Shell::Cli),
        "Phụ lục 1!E9: tệp ghi “UBND TỈNH X” nhưng đang nhập cho Tỉnh Bắc Kạn; chọn đúng đơn vị bằng --unit (trong ứng dụng: o)."
    );
    assert_eq!(
        super::super::problem_line(&issuer, Lang::En, Shell::App),
        "Phụ lục 1!E9: the file says “UBND TỈNH X” but is being imported for Bac Kan province; choose the right unit with o."
    );
    let jump = found(Why::Jump {
        row: Text::new("Số HTX", "Cooperatives"),
        unit: Text::new("HTX", "coops"),
        assessment: Assessment {
            value: Some(Decimal::from(1000)),
            invalid: None,
            suggestion: None,
            jump: Some(Jump {
                reference: Reference {
                    period: Period::new(2019, PeriodKind::Estimate),
                    value: Decimal::from(100),
                },
                factor: Decimal::from(10),
            }),
        },
    });
    let cli = super::super::problem_line(&jump, Lang::Vi, Shell::Cli);
    let app = super::super::problem_line(&jump, Lang::Vi, Shell::App);
    assert!(cli.starts_with("Phụ lục 1!E9: Số HTX: 1.000 gấp 10 lần"), "{cli}");
    assert!(cli.ends_with("nếu đúng, nhập lại với --force."), "{cli}");
    assert!(!app.contains("--force"), "{app}");
    let total = Found {
        col: String::new(),
        ..found(Why::TotalRow {
            file: Some(Decimal::from(7)),
            rolled: Some(Decimal::from(6)),
        })
    };
    assert!(
        super::super::problem_line(&total, Lang::En, Shell::Cli)
            .starts_with("Phụ lục 1 row 9: the Total row says 7; the units in the file add up to 6 — "),
    );
}
