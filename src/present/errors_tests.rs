//! One error, two shells: the command line names the command to type, the app the key.

use super::*;
use crate::domain::access::PlanStep;
use crate::domain::catalog::{FundingId, IndicatorId};
use crate::domain::org::OrgId;
use crate::domain::period::{Period, PeriodKind};
use crate::domain::values::CellKey;
use crate::i18n::Text;
use crate::store::{Lock, Refusal, ScenarioId, ScenarioInfo, ScenarioStatus, UnitRef};

fn both(e: &StoreError, lang: Lang) -> (String, String) {
    (store(e, lang, Shell::Cli), store(e, lang, Shell::App))
}

fn lock(step: PlanStep) -> StoreError {
    StoreError::Locked(Box::new(Lock {
        unit: UnitRef {
            code: "ba-be".into(),
            name: Text::new("Huyện Ba Bể", "Ba Be district"),
        },
        year: 2020,
        step,
        by: "minh".into(),
        at: "not a time".into(),
    }))
}

#[test]
fn a_locked_plan_names_the_command_on_the_command_line_and_the_key_in_the_app() {
    let e = lock(PlanStep::Approved);
    let (cli, app) = both(&e, Lang::Vi);
    assert_eq!(
        cli,
        "Kế hoạch năm 2020 của Huyện Ba Bể đã được duyệt (minh, not a time): số liệu bị khoá. Người có quyền duyệt ở cấp trên có thể mở lại: kttt plan reopen --unit ba-be"
    );
    assert!(
        app.contains("bảng theo đơn vị (t), dòng Huyện Ba Bể, phím m") && !app.contains("kttt"),
        "{app}"
    );
    let (cli, app) = both(&e, Lang::En);
    assert!(cli.ends_with("can reopen it: kttt plan reopen --unit ba-be"), "{cli}");
    assert!(
        app.ends_with("the by-unit view (t), the row of Ba Be district, key m") && !app.contains("kttt"),
        "{app}"
    );
    let e = lock(PlanStep::Submitted);
    for lang in [Lang::Vi, Lang::En] {
        let (cli, app) = both(&e, lang);
        assert!(cli.contains("(kttt plan return --unit ba-be)"), "{cli}");
        assert!(cli.contains("(kttt plan reopen --unit ba-be)"), "{cli}");
        assert!(
            app.contains("(r)") && app.contains("(m)") && app.contains("(t)"),
            "{app}"
        );
        assert!(!app.contains("kttt"), "{app}");
    }
}

#[test]
fn a_closed_scenario_names_the_list_command_or_its_key() {
    let e = StoreError::ScenarioClosed {
        info: Box::new(ScenarioInfo {
            id: ScenarioId(1),
            name: "Tăng HTX".into(),
            status: ScenarioStatus::Applied,
            created_at: String::new(),
            created_by: "lan".into(),
            unit: None,
            closed_at: None,
            closed_by: Some("minh".into()),
            changes: 0,
            applied: 3,
        }),
    };
    let (cli, app) = both(&e, Lang::Vi);
    assert!(cli.starts_with("Phương án «Tăng HTX» đã được áp dụng thành số chính thức bởi minh."));
    assert!(cli.ends_with("Xem các phương án đang mở: kttt scenario list"), "{cli}");
    assert!(app.ends_with("Chọn phương án khác (s)."), "{app}");
    let (cli, app) = both(&e, Lang::En);
    assert!(cli.ends_with("See the open scenarios: kttt scenario list"), "{cli}");
    assert!(app.ends_with("Choose another scenario (s)."), "{app}");
}

#[test]
fn a_stale_write_names_the_command_to_look_again_or_the_key_to_re_enter() {
    let e = StoreError::Conflict {
        key: CellKey {
            indicator: IndicatorId(0),
            org: OrgId(0),
            period: Period::new(2020, PeriodKind::Plan),
            funding: FundingId::TOTAL,
        },
        now: Some(rust_decimal::Decimal::from(12)),
    };
    let (cli, app) = both(&e, Lang::Vi);
    assert_eq!(
        cli,
        "Số liệu đã được người khác sửa thành 12. Chưa ghi gì; hãy xem lại (kttt show) rồi nhập lại."
    );
    assert!(app.ends_with("hãy xem lại rồi nhập lại (Enter)."), "{app}");
    let (cli, app) = both(&e, Lang::En);
    assert!(cli.ends_with("look again (kttt show) and re-enter."), "{cli}");
    assert!(app.ends_with("look again and re-enter (Enter)."), "{app}");
}

#[test]
fn every_refusal_has_words_in_both_languages_and_the_app_types_no_command() {
    let refusals = [
        Refusal::PlanExists { year: 2021 },
        Refusal::ReturnNeedsReason,
        Refusal::NoUser {
            name: "eve".into(),
            grant: true,
        },
        Refusal::UnknownUnits {
            codes: vec!["x".into()],
        },
    ];
    for r in refusals {
        let e = StoreError::from(r.clone());
        for lang in [Lang::Vi, Lang::En] {
            let (cli, app) = both(&e, lang);
            assert!(!cli.is_empty() && !cli.contains("Refusal"), "{r:?}: {cli}");
            assert!(!app.contains("kttt") && !app.contains("--"), "{r:?}: {app}");
        }
    }
    let e = StoreError::from(Refusal::PlanExists { year: 2021 });
    assert_eq!(
        store(&e, Lang::En, Shell::App),
        "The plan for 2021 already exists; use [ and ] to change year."
    );
    assert_eq!(
        store(&e, Lang::Vi, Shell::Cli),
        "Kế hoạch năm 2021 đã có; xem nó bằng --year 2021."
    );
}
