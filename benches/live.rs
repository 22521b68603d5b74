//! Live updates and the scoped change log at national size, measured the same way for any
//! build (`KTTT_BENCH_BIN`, default this one), so that a build before a change and after it
//! compare on the same database:
//!
//! - another process's `kttt set` on screen: the real app in a pseudo-terminal on province
//!   `P01`'s sheet, `LIVE_WRITES` writes (default 30) of a figure by `kttt set` processes at
//!   scattered moments; from each writer's exit to the figure drawn (median, max);
//! - idle sessions: `LIVE_SESSIONS` apps (default 30) open and untouched for `LIVE_SECONDS`
//!   (default 60); their CPU, and on PostgreSQL their server processes', in % of one core;
//! - `log --unit` (the newest 50 changes) of the country, a province of each tree, a
//!   district and a commune: the query in-process now (`Session::log`), the query kttt ran
//!   before (a look-up per unit of the subtree, raw SQL on the same connection kind), the
//!   peer (`sqlite3` / `psql` printing the same rows), and `kttt --unit U log` as a process.
//!
//! `cargo bench --bench live` with `KTTT_BENCH_DB=FILE` or `KTTT_BENCH_DB=postgres://…`
//! (the national synthetic country, `kttt synth --out`); `LIVE_WHAT=latency,idle,log,process`
//! chooses (`log` opens the database with this build's library, which migrates an older
//! one: leave it out when measuring an older build's binary).

use kttt::i18n::Lang;
use kttt::session::{DbChoice, LogFilter, OpenOptions, Session};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_kttt");

fn bin() -> String {
    std::env::var("KTTT_BENCH_BIN").unwrap_or_else(|_| BIN.to_string())
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn is_pg(db: &str) -> bool {
    kttt::store::postgres::is_url(db)
}

fn ms(d: Duration) -> String {
    let m = d.as_secs_f64() * 1000.0;
    if m < 10.0 {
        format!("{m:.2} ms")
    } else {
        format!("{m:.1} ms")
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// The real app in a pseudo-terminal, its screen kept by a reader thread.
struct App {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl App {
    fn spawn(db: &str, unit: &str) -> App {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 40,
                cols: 120,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(bin());
        cmd.args(["--unit", unit]);
        cmd.env("KTTT_DB", db);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("KTTT_LANG");
        let child = pair.slave.spawn_command(cmd).unwrap();
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(40).unwrap(),
            std::num::NonZeroU16::new(120).unwrap(),
            0,
        )));
        let s = screen.clone();
        std::thread::spawn(move || {
            let _master = pair.master;
            let mut buf = [0u8; 16384];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                s.lock().unwrap().process(&buf[..n]);
            }
        });
        App { screen, writer, child }
    }

    fn shows(&self, text: &str) -> bool {
        self.screen.lock().unwrap().screen().contents().contains(text)
    }

    fn wait_for(&self, text: &str) {
        let end = Instant::now() + Duration::from_secs(60);
        while !self.shows(text) {
            assert!(
                Instant::now() < end,
                "never showed {text:?}:\n{}",
                self.screen.lock().unwrap().screen().contents()
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn keys(&mut self, s: &str) {
        self.writer.write_all(s.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn pid(&self) -> u32 {
        self.child.process_id().unwrap()
    }

    fn quit(mut self) {
        self.keys("q");
        let _ = self.child.wait();
    }
}

/// Another process's `kttt set` on screen: from the writer's exit to the figure drawn.
fn latency(db: &str, unit: &str) -> (Duration, Duration, usize) {
    let n = env_or("LIVE_WRITES", 30);
    let mut app = App::spawn(db, unit);
    app.wait_for("Tổng quan");
    app.keys("2");
    app.wait_for("Tổng số hợp tác xã");
    std::thread::sleep(Duration::from_secs(1));
    let mut times = Vec::new();
    for i in 0..n {
        // Scattered moments, so that a timer's phase does not line up with the writes.
        std::thread::sleep(Duration::from_millis(((i * 173) % 500) as u64));
        let v = 97_001 + i;
        let shown = format!("97.{:03}", v - 97_000);
        let o = Command::new(bin())
            .args(["--unit", unit, "set", "htx.total", "KH2026", &v.to_string(), "--force"])
            .env("KTTT_DB", db)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let t = Instant::now();
        while !app.shows(&shown) {
            assert!(
                t.elapsed() < Duration::from_secs(10),
                "{shown} never reached the screen"
            );
            std::thread::sleep(Duration::from_micros(500));
        }
        times.push(t.elapsed());
    }
    app.quit();
    let max = *times.iter().max().unwrap();
    (median(times), max, n)
}

/// CPU seconds so far of these processes (every thread).
fn cpu_seconds(pids: &[u32]) -> f64 {
    pids.iter()
        .filter_map(|p| std::fs::read_to_string(format!("/proc/{p}/stat")).ok())
        .map(|stat| {
            let f: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
            let t = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
            (t(11) + t(12)) / 100.0
        })
        .sum()
}

/// The server processes serving this database (PostgreSQL), or none.
fn server_pids(db: &str) -> Vec<u32> {
    if !is_pg(db) {
        return Vec::new();
    }
    let mut c = postgres::Client::connect(db, postgres::NoTls).unwrap();
    c.query(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
        &[],
    )
    .unwrap()
    .iter()
    .map(|r| r.get::<_, i32>(0) as u32)
    .collect()
}

/// Idle sessions: their CPU (and their server processes') over a while, in % of one core.
fn idle(db: &str, unit: &str) -> (usize, u64, f64, f64) {
    let n = env_or("LIVE_SESSIONS", 30);
    let secs = env_or("LIVE_SECONDS", 60) as u64;
    let apps: Vec<App> = (0..n)
        .map(|_| {
            let a = App::spawn(db, unit);
            a.wait_for("Tổng quan");
            a
        })
        .collect();
    std::thread::sleep(Duration::from_secs(5));
    let pids: Vec<u32> = apps.iter().map(App::pid).collect();
    let server = server_pids(db);
    let (a0, s0) = (cpu_seconds(&pids), cpu_seconds(&server));
    std::thread::sleep(Duration::from_secs(secs));
    let (a1, s1) = (cpu_seconds(&pids), cpu_seconds(&server));
    for a in apps {
        a.quit();
    }
    let pct = |d: f64| d / secs as f64 * 100.0;
    (n, secs, pct(a1 - a0), pct(s1 - s0))
}

/// The units whose change log is measured: the country, a province of each tree, a
/// district, a commune of each tree.
fn log_units(db: &str) -> Vec<(&'static str, String)> {
    let s = open(db, "VN");
    let orgs = s.orgs();
    let first = |parent: &str| {
        orgs.children(orgs.by_code(parent).unwrap())
            .first()
            .map(|c| orgs.get(*c).code.clone())
            .unwrap()
    };
    let district = first("p01");
    vec![
        ("the country (`VN`, 14.607 units)", "VN".into()),
        ("a province before 2025 (`p01`, 12 districts)", "p01".into()),
        ("a province after 2025 (`P01`, 98 communes)", "P01".into()),
        ("a district (`d001`)", district.clone()),
        ("a commune before 2025", first(&district)),
        ("a commune after 2025 (`X00001`)", "X00001".into()),
    ]
}

fn open(db: &str, unit: &str) -> Session {
    kttt::session::open(&OpenOptions {
        unit: Some(unit.to_string()),
        ..OpenOptions::new(DbChoice::named(db), Lang::Vi)
    })
    .unwrap()
}

const COLS: &str = "id, at, os_user, action, scenario, year, kind, old_value, new_value, detail, batch, indicator, \
                    org_unit, funding";

/// The query `kttt log --unit` ran before the places: the subtree's units as one list, the
/// trail's rows of any of them (SQLite), or a look-up per unit merged (PostgreSQL).
fn old_query(db: &str) -> String {
    if is_pg(db) {
        format!(
            "SELECT {COLS} FROM jsonb_array_elements_text(CAST($1 AS jsonb)) AS u (code)
             CROSS JOIN LATERAL (SELECT {COLS} FROM audit WHERE org_unit = u.code AND id > 0
                                 ORDER BY id DESC LIMIT 50) AS a ORDER BY id DESC LIMIT 50"
        )
    } else {
        format!(
            "SELECT {COLS} FROM audit WHERE id > 0 AND org_unit IN (SELECT value FROM json_each(?1))
             ORDER BY id DESC LIMIT 50"
        )
    }
}

/// The same rows raw, as the peer prints them with this build's index.
fn peer_query(level: kttt::domain::org::Level, code: &str) -> String {
    use kttt::domain::org::Level;
    let cols = COLS
        .split(", ")
        .map(|c| format!("a.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    match level {
        Level::Province | Level::District => {
            let column = if level == Level::Province {
                "in_province"
            } else {
                "in_district"
            };
            format!(
                "SELECT {cols} FROM audit_place p JOIN audit a ON a.id = p.id WHERE p.{column} = '{code}' \
                 ORDER BY p.id DESC LIMIT 50"
            )
        }
        Level::Commune => format!("SELECT {cols} FROM audit a WHERE a.org_unit = '{code}' ORDER BY a.id DESC LIMIT 50"),
        Level::Country => {
            format!("SELECT {cols} FROM audit a WHERE a.org_unit IS NOT NULL ORDER BY a.id DESC LIMIT 50")
        }
    }
}

fn timed_runs(runs: usize, mut f: impl FnMut()) -> Duration {
    f();
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

/// `log --unit`: now in-process, before (the old query, raw), the peer, and the process.
fn log(db: &str, process: bool) -> Vec<(String, String)> {
    let runs = 15;
    let mut out = Vec::new();
    for (label, code) in log_units(db) {
        let mut s = open(db, &code);
        let unit = s.orgs().by_code(&code).unwrap();
        let level = s.orgs().get(unit).level;
        let filter = LogFilter {
            unit: Some(unit),
            ..LogFilter::default()
        };
        let now_ids: Vec<i64> = s
            .db_mut()
            .log(&filter, 50)
            .unwrap()
            .iter()
            .map(|e| e.entry.id)
            .collect();
        let now = timed_runs(runs, || drop(s.db_mut().log(&filter, 50).unwrap()));
        let codes: Vec<&str> = s
            .orgs()
            .subtree(unit)
            .into_iter()
            .map(|u| s.orgs().get(u).code.as_str())
            .collect();
        let json = serde_json::to_string(&codes).unwrap();
        let (before, old_ids) = if is_pg(db) {
            let mut c = postgres::Client::connect(db, postgres::NoTls).unwrap();
            let q = c
                .prepare(&old_query(db).replace("CAST($1 AS jsonb)", "CAST($1::text AS jsonb)"))
                .unwrap();
            let ids: Vec<i64> = c.query(&q, &[&json]).unwrap().iter().map(|r| r.get(0)).collect();
            (timed_runs(5, || drop(c.query(&q, &[&json]).unwrap())), ids)
        } else {
            let c = rusqlite::Connection::open(db).unwrap();
            let mut st = c.prepare(&old_query(db)).unwrap();
            let ids: Vec<i64> = st
                .query_map([&json], |r| r.get(0))
                .unwrap()
                .map(|r| r.unwrap())
                .collect();
            (
                timed_runs(5, || {
                    let n = st.query_map([&json], |r| r.get::<_, i64>(0)).unwrap().count();
                    assert!(n > 0);
                }),
                ids,
            )
        };
        assert_eq!(now_ids, old_ids, "{code}: the same rows before and now");
        let sql = peer_query(level, &code);
        let peer = if is_pg(db) {
            timed_runs(runs, || {
                assert!(
                    Command::new("psql")
                        .args(["-X", "-q", "-A", db, "-c", &sql])
                        .output()
                        .unwrap()
                        .status
                        .success()
                )
            })
        } else {
            timed_runs(runs, || {
                assert!(
                    Command::new("sqlite3")
                        .args(["-readonly", db, &sql])
                        .output()
                        .unwrap()
                        .status
                        .success()
                )
            })
        };
        let mut row = format!("{} → {} (peer {})", ms(before), ms(now), ms(peer));
        if process {
            let p = timed_runs(7, || {
                let o = Command::new(bin())
                    .args(["--unit", &code, "log"])
                    .env("KTTT_DB", db)
                    .output()
                    .unwrap();
                assert!(o.status.success());
            });
            row.push_str(&format!("; `kttt --unit {code} log`: {}", ms(p)));
        }
        out.push((format!("`log --unit`, {label}"), row));
    }
    out
}

/// `kttt --unit U log` as a process only (an older build's binary on its own database).
fn log_process(db: &str) -> Vec<(String, String)> {
    ["VN", "p01", "P01", "d001", "X00001"]
        .iter()
        .map(|code| {
            let p = timed_runs(7, || {
                let o = Command::new(bin())
                    .args(["--unit", code, "log"])
                    .env("KTTT_DB", db)
                    .output()
                    .unwrap();
                assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            });
            (format!("`kttt --unit {code} log` (a process)"), ms(p))
        })
        .collect()
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let db = std::env::var("KTTT_BENCH_DB").expect("KTTT_BENCH_DB: the national file or address");
    let what = std::env::var("LIVE_WHAT").unwrap_or_else(|_| "latency,idle,log".into());
    println!("{} on {}", bin(), kttt::store::shown_address(&db));
    println!("| what | figure |\n| --- | --- |");
    if what.contains("latency") {
        let (m, x, n) = latency(&db, "P01");
        println!(
            "| another process's `set` on screen ({n} writes): median / max | {} / {} |",
            ms(m),
            ms(x)
        );
    }
    if what.contains("idle") {
        let (n, secs, app, server) = idle(&db, "P01");
        println!(
            "| {n} idle apps over {secs} s: CPU, % of one core (apps / their server processes) | {app:.2} / {server:.2} |"
        );
    }
    if what.contains("log") {
        for (k, v) in log(&db, what.contains("process")) {
            println!("| {k}: before → now in-process (peer; process) | {v} |");
        }
    } else if what.contains("process") {
        for (k, v) in log_process(&db) {
            println!("| {k} | {v} |");
        }
    }
}
