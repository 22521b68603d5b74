//! Stored text that would drive a terminal (OSC titles, OSC 52 clipboard writes, colours,
//! bells, C1 controls, bidi overrides), as a unit list imported from a file or another tool
//! could bring it, never reaches the terminal raw: every command's output goes through the
//! one sanitiser, and JSON keeps it exactly as escapes.

use crate::common;

use std::path::Path;

const HOSTILE: &str = "Bắc Kạn\u{1b}]0;pwned\u{7}\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[31m\u{9b}2J\u{202e}\u{200b}";

fn run(db: &Path, args: &[&str]) -> (String, String) {
    let o = std::process::Command::new(assert_cmd::cargo::cargo_bin("kttt"))
        .args(args)
        .env("KTTT_DB", db)
        .env_remove("KTTT_LANG")
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&o.stdout).to_string(),
        String::from_utf8_lossy(&o.stderr).to_string(),
    )
}

fn clean(s: &str) -> bool {
    !s.chars().any(|c| {
        (c.is_control() && c != '\n') || ('\u{80}'..='\u{9f}').contains(&c) || c == '\u{202e}' || c == '\u{200b}'
    })
}

#[test]
fn no_command_prints_stored_text_raw() {
    let (_d, db) = common::seeded();
    assert!(run(&db, &["scenario", "new", "Cao"]).1.is_empty());
    run(&db, &["set", "htx.total", "KH2020", "210", "--scenario", "Cao"]);
    run(&db, &["set", "htx.total", "KH2020", "205"]);
    run(&db, &["scenario", "new", "Đóng"]);
    run(&db, &["scenario", "discard", "Đóng", "--yes"]);
    {
        // What an imported unit list, another tool or an old version could have stored.
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute(
            "UPDATE org_unit SET name_vi = ?1, name_en = ?1, short_vi = ?1",
            [HOSTILE],
        )
        .unwrap();
        c.execute("UPDATE scenario SET name = ?1 || ' ' || id", [HOSTILE])
            .unwrap();
        c.execute("UPDATE plan SET title = ?1, created_by = ?1", [HOSTILE])
            .unwrap();
        c.execute(
            "INSERT INTO audit (at, os_user, action, scenario, indicator, org_unit, year, kind, funding, old_value, new_value)
             VALUES ('2026-11-25T08:00:00.000Z', ?1, ?1, ?1, 'htx.total', 'bac-kan', 2020, 'plan', 'total', '1', '2')",
            [HOSTILE],
        )
        .unwrap();
    }
    let hostile_unit = format!("x{HOSTILE}");
    let scenario = format!("{HOSTILE} 1");
    let commands: Vec<Vec<&str>> = vec![
        vec!["show"],
        vec!["show", "1", "--width", "80"],
        vec!["show", "--format", "csv"],
        vec!["show", "--format", "json"],
        vec!["show", "1", "--scenario", &scenario],
        vec!["check"],
        vec!["check", "--format", "csv"],
        vec!["check", "--format", "json"],
        vec!["check", "--unit", "ba-be"],
        vec!["history", "htx.total"],
        vec!["history", "htx.total", "--period", "KH2020"],
        vec!["scenario", "list"],
        vec!["scenario", "list", "--all"],
        vec!["scenario", "show", &scenario],
        vec!["plan", "list"],
        vec!["catalog"],
        vec!["--unit", &hostile_unit, "show"],
        vec!["set", "htx.total", "KH2020", "206"],
        vec!["set", "htx.total", "KH2020", "207", "--scenario", &scenario],
        vec!["scenario", "rename", &scenario, "Tên mới"],
        vec!["set", "htx\u{1b}[2J", "KH2020", "1"],
    ];
    for args in &commands {
        let (out, err) = run(&db, args);
        assert!(clean(&out), "stdout of {args:?} carries raw control text: {out:?}");
        assert!(clean(&err), "stderr of {args:?} carries raw control text: {err:?}");
        assert!(!out.is_empty() || !err.is_empty(), "{args:?} printed nothing");
    }
    // JSON keeps the text exactly, as escapes.
    let (json, _) = run(&db, &["show", "1", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["org_unit"]["name"], HOSTILE);
}
