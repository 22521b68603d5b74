//! kttt at seed size and at national size (a synthetic country of about 10⁷ figures), side
//! by side with the `sqlite3` shell answering the same query: opening a session on one
//! province, the app's first frame, `kttt show`, `kttt check --unit`, `kttt set`, catching up
//! after another process writes one cell (also with eight sessions open), and the peak memory
//! of each. Prints a Markdown table.
//!
//! `cargo bench --bench national`. The national file is `KTTT_BENCH_DB` (default
//! `target/bench/national.sqlite3`), made with `kttt synth` when missing (about two minutes).
//! With `KTTT_BENCH_PG=postgres://…` (the same country loaded by `kttt synth --out URL`) the
//! same measurements run on PostgreSQL too, side by side with `psql` as the peer.

use kttt::domain::catalog::FundingId;
use kttt::domain::period::Period;
use kttt::domain::values::CellKey;
use kttt::i18n::Lang;
use kttt::session::{DbChoice, OpenOptions, Session};
use kttt::store::sql::SqlStore;
use kttt::store::sqlite::OpenMode;
use kttt::store::{Batch, Expect, Layer, Op, To, WriteAction};
use kttt::tui::app::App;
use kttt::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use rust_decimal::Decimal;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_kttt");

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    let m = d.as_secs_f64() * 1000.0;
    if m < 1.0 {
        format!("{:.2} ms", m)
    } else {
        format!("{:.1} ms", m)
    }
}

/// The peak RSS (KB) of a command, as GNU time reports it. (`wait4`'s own figure cannot be
/// used: a child spawned by vfork inherits this process's high-water mark.)
fn peak_rss(program: &str, args: &[&str], db: Option<&str>) -> i64 {
    let mut c = Command::new("/usr/bin/time");
    c.args(["-f", "KTTT_RSS %M", program]).args(args);
    if let Some(db) = db {
        c.env("KTTT_DB", db);
    }
    let o = c
        .stdout(std::process::Stdio::null())
        .output()
        .expect("GNU time at /usr/bin/time (apt-get install time)");
    String::from_utf8_lossy(&o.stderr)
        .lines()
        .find_map(|l| l.strip_prefix("KTTT_RSS ").and_then(|v| v.trim().parse().ok()))
        .unwrap_or(0)
}

/// Runs a command `runs` times: the median wall time, and the peak RSS (KB) of one more run.
fn timed(program: &str, args: &[&str], db: Option<&str>, runs: usize) -> (Duration, i64) {
    let mut times = Vec::new();
    for _ in 0..runs {
        let mut c = Command::new(program);
        c.args(args);
        if let Some(db) = db {
            c.env("KTTT_DB", db);
        }
        let start = Instant::now();
        let status = c
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap_or_else(|e| panic!("{program}: {e}"));
        times.push(start.elapsed());
        assert!(status.code().is_some_and(|c| c <= 1), "{program} {args:?}: {status}");
    }
    (median(times), peak_rss(program, args, db))
}

fn process(db: &str, args: &[&str], runs: usize) -> (Duration, i64) {
    timed(BIN, args, Some(db), runs)
}

/// The peer answering the same query: the `sqlite3` shell, or `psql` for a server.
fn peer(db: &str, sql: &str, runs: usize) -> (Duration, i64) {
    if kttt::store::postgres::is_url(db) {
        timed("psql", &["-X", "-q", "-A", db, "-c", sql], None, runs)
    } else {
        timed("sqlite3", &["-readonly", db, sql], None, runs)
    }
}

fn peer_name(db: &str) -> &'static str {
    if kttt::store::postgres::is_url(db) {
        "psql"
    } else {
        "sqlite3"
    }
}

fn open(db: &str, unit: &str) -> Session {
    open_year(db, unit, None)
}

fn open_year(db: &str, unit: &str, year: Option<i32>) -> Session {
    let o = OpenOptions {
        unit: Some(unit.to_string()),
        year,
        ..OpenOptions::new(DbChoice::named(db), Lang::Vi)
    };
    kttt::session::open(&o).unwrap()
}

/// Opening a unit's year and drawing its first frame, on the form of each of two years (the
/// 2019 form's last year and the two-level form's first): a later form costs no more.
fn by_form(db: &str, unit: &str, years: [i32; 2]) -> Vec<(String, String)> {
    let runs = 15;
    let mut out = Vec::new();
    for year in years {
        drop(open_year(db, unit, Some(year)));
        let times: Vec<Duration> = (0..runs)
            .map(|_| {
                let t = Instant::now();
                let s = open_year(db, unit, Some(year));
                let form = s.form().source.id.clone();
                let mut app = App::new(s, Theme { mono: false });
                let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
                term.draw(|f| kttt::tui::views::draw(f, &mut app)).unwrap();
                let d = t.elapsed();
                assert!(!form.is_empty());
                d
            })
            .collect();
        let s = open_year(db, unit, Some(year));
        let form = s.form().source.id.clone();
        let median = median(times);
        // What it read: the same cost per figure on either form is what "no more" means
        // when a later year simply holds more figures (new rows, a whole year in the tree).
        out.push((
            format!("open a province's {year} plan + first frame (form {form})"),
            format!(
                "{} ({} figures, {:.2} µs each)",
                ms(median),
                s.rows_read(),
                median.as_secs_f64() * 1e6 / s.rows_read().max(1) as f64
            ),
        ));
    }
    out
}

/// The store itself (for another process's writes).
fn store(db: &str) -> SqlStore {
    if kttt::store::postgres::is_url(db) {
        SqlStore::open_postgres(db, None).unwrap()
    } else {
        SqlStore::open(
            std::path::Path::new(db),
            OpenMode {
                create: None,
                read_only: false,
                actor: None,
            },
        )
        .unwrap()
    }
}

/// The peak RSS (KB) of the real app once it has drawn its first frame, and how long that took.
fn app_process(db: &str, unit: &str) -> (Duration, i64) {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::{Read, Write};
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(BIN);
    cmd.args(["--unit", unit]);
    cmd.env("KTTT_DB", db);
    cmd.env("TERM", "xterm-256color");
    let start = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    let pid = child.process_id().unwrap();
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut writer = pair.master.take_writer().unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    let mut first = None;
    while first.is_none() && start.elapsed() < Duration::from_secs(30) {
        let n = reader.read(&mut buf).unwrap_or(0);
        seen.extend_from_slice(&buf[..n]);
        if String::from_utf8_lossy(&seen).contains("Tổng quan") {
            first = Some(start.elapsed());
        }
    }
    std::thread::sleep(Duration::from_millis(300));
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let hwm = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    writer.write_all(b"q").unwrap();
    let _ = child.wait();
    (first.unwrap_or_default(), hwm)
}

fn measure(db: &str, unit: &str, cell: (&str, &str), peer_sql: &str) -> Vec<(String, String)> {
    let runs = 15;
    let mut out = Vec::new();
    // Warm the page cache once, so every figure is of a warm start.
    drop(open(db, unit));
    let times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let s = open(db, unit);
            let d = t.elapsed();
            drop(s);
            d
        })
        .collect();
    out.push(("open a session on one province".into(), ms(median(times))));
    let times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let mut app = App::new(open(db, unit), Theme { mono: false });
            app.tab = 1;
            let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
            term.draw(|f| kttt::tui::views::draw(f, &mut app)).unwrap();
            t.elapsed()
        })
        .collect();
    out.push(("open + first frame of the app (80×24)".into(), ms(median(times))));
    let (t, rss) = app_process(db, unit);
    out.push((
        "the real app in a terminal: first frame / peak RSS".into(),
        format!("{} / {} MB", ms(t), rss / 1024),
    ));
    let (t, rss) = process(db, &["--unit", unit, "show", "1"], runs);
    out.push((
        "`kttt show 1` (one province)".into(),
        format!("{} / {} MB", ms(t), rss / 1024),
    ));
    let (t, rss) = peer(db, peer_sql, runs);
    out.push((
        "the peer (`sqlite3` or `psql`), the same rows (raw, no percentages)".into(),
        format!("{} / {} MB ({})", ms(t), rss / 1024, peer_name(db)),
    ));
    let (t, rss) = process(db, &["--unit", unit, "check"], runs);
    out.push(("`kttt check --unit`".into(), format!("{} / {} MB", ms(t), rss / 1024)));
    let (t, rss) = process(db, &["--unit", unit, "log"], runs);
    out.push((
        "`kttt log --unit` (the unit's latest 50 changes)".into(),
        format!("{} / {} MB", ms(t), rss / 1024),
    ));
    let times: Vec<Duration> = (0..runs)
        .map(|i| {
            let v = format!("{}", 20 + i);
            let t = Instant::now();
            let o = Command::new(BIN)
                .args(["--unit", unit, "set", cell.0, cell.1, &v, "--force"])
                .env("KTTT_DB", db)
                .output()
                .unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            t.elapsed()
        })
        .collect();
    out.push(("`kttt set` (one audited write)".into(), ms(median(times))));
    // Catching up after another process writes one cell of the session's province.
    let mut s = open(db, unit);
    let mut other = store(db);
    other.hold(&[unit.to_string()]).unwrap();
    let key = CellKey::new(
        other.catalog().find(cell.0).unwrap(),
        other
            .orgs()
            .by_code(unit)
            .or_else(|| other.orgs().resolve(unit, kttt::domain::org::When::Ever).ok())
            .unwrap(),
        Period::parse(cell.1).unwrap(),
        FundingId::TOTAL,
    );
    let write = |other: &mut SqlStore, v: i64| {
        other
            .write(&Batch {
                action: WriteAction::Set,
                layer: Layer::Official,
                detail: None,
                ops: vec![Op {
                    key,
                    expect: Expect::Anything,
                    to: To::Figure(Some(Decimal::from(v))),
                }],
            })
            .unwrap();
    };
    // From the other's commit to the figure being in the session (a server's notification
    // may need a look or two to arrive: they are counted).
    let times: Vec<Duration> = (0..runs)
        .map(|i| {
            write(&mut other, 40 + i as i64);
            let t = Instant::now();
            loop {
                let r = s.refresh().unwrap();
                // The same cell, known by its codes (each process numbers its own units).
                if r.cells
                    .iter()
                    .any(|c| c.indicator == key.indicator && c.period == key.period && s.orgs().get(c.org).code == unit)
                {
                    break;
                }
                assert!(t.elapsed() < Duration::from_secs(5), "the write never arrived");
            }
            t.elapsed()
        })
        .collect();
    out.push((
        "catch up after another process writes one cell".into(),
        ms(median(times)),
    ));
    let idle: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            s.refresh().unwrap();
            t.elapsed()
        })
        .collect();
    out.push(("look for changes when there are none".into(), ms(median(idle))));
    // Eight sessions open; one outside write; the slowest catch-up.
    let mut sessions: Vec<Session> = (0..8).map(|_| open(db, unit)).collect();
    write(&mut other, 99);
    let worst = sessions
        .iter_mut()
        .map(|s| {
            let t = Instant::now();
            while s.refresh().unwrap().cells.is_empty() {
                assert!(t.elapsed() < Duration::from_secs(5), "the write never arrived");
            }
            t.elapsed()
        })
        .max()
        .unwrap();
    out.push(("8 sessions open, one outside write: slowest catch-up".into(), ms(worst)));
    out
}

/// Roll-up: one indicator over everything below `top` (the whole country), the by-unit view
/// of a province with its communes, and a keystroke typed there with the live total.
fn measure_rollup(db: &str, top: &str, province: &str) -> Vec<(String, String)> {
    let _ = (top, province);
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let runs = 15;
    let mut out = Vec::new();
    let mut s = open(db, top);
    let id = s.catalog().find("htx.total").unwrap();
    let times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let c = s.deep_by_unit(id, FundingId::TOTAL).unwrap();
            let d = t.elapsed();
            assert!(!c.parts.is_empty());
            d
        })
        .collect();
    out.push((
        "roll-up of one indicator over the whole tree (seed: Bắc Kạn; national: the country, `VN`), in-process".into(),
        ms(median(times)),
    ));
    let (t, rss) = process(db, &["--unit", top, "show", "--by-unit", "htx.total"], runs);
    out.push((
        "`kttt --unit TOP show --by-unit htx.total` (the same roll-up, a process)".into(),
        format!("{} / {} MB", ms(t), rss / 1024),
    ));
    let open_view = || {
        let mut app = App::new(open(db, province), Theme { mono: false });
        app.tab = 1;
        app.on_key(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::NONE));
        assert!(app.by_unit.is_some());
        app
    };
    let times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let mut app = open_view();
            let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
            term.draw(|f| kttt::tui::views::draw(f, &mut app)).unwrap();
            t.elapsed()
        })
        .collect();
    out.push((
        "by-unit view of a province (seed: Bắc Kạn, 8 districts; national: `P01`, 98 communes): open + first frame"
            .into(),
        ms(median(times)),
    ));
    let mut app = open_view();
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| kttt::tui::views::draw(f, &mut app)).unwrap();
    app.on_key(KeyEvent::new(KeyCode::Char('1'), KeyModifiers::NONE));
    let times: Vec<Duration> = (0..runs)
        .map(|i| {
            let key = if i % 2 == 0 {
                KeyCode::Char('2')
            } else {
                KeyCode::Backspace
            };
            let t = Instant::now();
            app.on_key(KeyEvent::new(key, KeyModifiers::NONE));
            term.draw(|f| kttt::tui::views::draw(f, &mut app)).unwrap();
            t.elapsed()
        })
        .collect();
    out.push((
        "a keystroke in a part's cell: live total, checks, redraw".into(),
        ms(median(times)),
    ));
    out
}

fn national_db() -> PathBuf {
    let path = std::env::var_os("KTTT_BENCH_DB")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench/national.sqlite3"));
    if !path.exists() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        eprintln!("making {} with kttt synth (a few minutes)…", path.display());
        let ok = Command::new(BIN)
            .args(["synth", "--out"])
            .arg(&path)
            .status()
            .unwrap()
            .success();
        assert!(ok);
    }
    path
}

fn figures(db: &str) -> i64 {
    if kttt::store::postgres::is_url(db) {
        let mut c = postgres::Client::connect(db, postgres::NoTls).unwrap();
        c.query_one("SELECT count(*) FROM value", &[]).unwrap().get(0)
    } else {
        rusqlite::Connection::open(db)
            .unwrap()
            .query_row("SELECT count(*) FROM value", [], |r| r.get(0))
            .unwrap()
    }
}

fn national(db: &str) -> Vec<(String, String)> {
    let rows = measure(
        db,
        "P01",
        ("htx.new", "KH2026"),
        "SELECT indicator, org_unit, year, kind, funding, value FROM value WHERE org_unit = 'P01' AND year BETWEEN 2023 AND 2026",
    );
    rows.into_iter()
        .chain(measure_rollup(db, "VN", "P01"))
        .chain(by_form(db, "P01", [2026, 2027]))
        .collect()
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    // Only the forms' rows (KTTT_BENCH_ONLY=forms), on the national file.
    if std::env::var("KTTT_BENCH_ONLY").is_ok_and(|v| v == "forms") {
        let file = national_db().display().to_string();
        for (what, value) in by_form(&file, "P01", [2026, 2027]) {
            println!("| {what} | {value} |");
        }
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("seed.sqlite3").display().to_string();
    assert!(
        Command::new(BIN)
            .arg("init")
            .env("KTTT_DB", &seed)
            .status()
            .unwrap()
            .success()
    );
    let file = national_db().display().to_string();
    let server = std::env::var("KTTT_BENCH_PG").ok();
    let mut columns = vec![(format!("seed, SQLite ({} figures)", figures(&seed)), {
        let rows = measure(
            &seed,
            "bac-kan",
            ("htx.new", "KH2020"),
            "SELECT indicator, org_unit, year, kind, funding, value FROM value WHERE org_unit = 'bac-kan' AND year BETWEEN 2017 AND 2020",
        );
        // The forms at seed size: Thái Nguyên's 2026 and 2027 plans on an empty database.
        let tn = dir.path().join("tn.sqlite3").display().to_string();
        for args in [
            &["init", "--empty"][..],
            &["plan", "start", "--from", "2025"],
            &["plan", "start"],
        ] {
            assert!(
                Command::new(BIN)
                    .args(args)
                    .env("KTTT_DB", &tn)
                    .output()
                    .unwrap()
                    .status
                    .success()
            );
        }
        rows.into_iter()
            .chain(measure_rollup(&seed, "bac-kan", "bac-kan"))
            .chain(by_form(&tn, "thai-nguyen", [2026, 2027]))
            .collect::<Vec<_>>()
    })];
    columns.push((
        format!("national, SQLite ({} figures)", figures(&file)),
        national(&file),
    ));
    if let Some(url) = &server {
        columns.push((
            format!("national, PostgreSQL ({} figures)", figures(url)),
            national(url),
        ));
    }
    println!(
        "| what | {} |",
        columns.iter().map(|c| c.0.as_str()).collect::<Vec<_>>().join(" | ")
    );
    println!("|{}", " --- |".repeat(columns.len() + 1));
    for (i, (what, _)) in columns[0].1.iter().enumerate() {
        let cells: Vec<&str> = columns
            .iter()
            .map(|c| c.1.get(i).map_or("–", |x| x.1.as_str()))
            .collect();
        println!("| {what} | {} |", cells.join(" | "));
    }
}
