//! Load over SSH: 30 officials with the app open on one server, against the national
//! synthetic database, each entering a commune's figure every few seconds in the by-unit
//! view of the same province, while `kttt log --follow` follows over SSH too. Reports lost
//! or duplicated edits (the sessions' "saved", the audit trail and the follower must agree),
//! how long until every other session shows each edit's figure, and the server's CPU and memory
//! (kttt, sshd and, on PostgreSQL, the server's processes, each apart).
//!
//! `cargo bench --bench load` (`KTTT_BENCH_DB=FILE` as for the national bench, or
//! `KTTT_BENCH_PG=postgres://…` for the same country on PostgreSQL; `LOAD_SESSIONS` and
//! `LOAD_SECONDS` change the size). Needs sshd (as the SSH test does).

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_kttt");
/// The terminals' width: wide enough that a message naming ten officials is not cut off.
const COLS: u16 = 200;
/// The terminals' height: tall enough that the by-unit view shows every commune being
/// edited (20 rows of header, tabs and footer around them).
fn rows_for(sessions: usize) -> u16 {
    u16::try_from(sessions + 20).unwrap_or(u16::MAX).max(50)
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn keygen(path: &Path) {
    assert!(
        Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-f"])
            .arg(path)
            .status()
            .unwrap()
            .success()
    );
}

fn kttt(config: &Path, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .env("KTTT_CONFIG", config)
        .env_remove("KTTT_DB")
        .output()
        .unwrap()
}

/// One app session over SSH in a pseudo-terminal, with its screen.
struct Session {
    name: String,
    screen: Arc<Mutex<vt100::Parser>>,
    /// Every change of the screen's last three rows (the message and footer), with when.
    history: Arc<Mutex<Vec<(Instant, String)>>>,
    /// When each figure with two decimals (`503,07`: the edits' figures) first appeared.
    figures: Arc<Mutex<HashMap<String, Instant>>>,
    writer: Box<dyn Write + Send>,
    _child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Session {
    fn text(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits up to `secs` for `done`, looking every 10 ms.
    fn wait(&self, secs: u64, done: impl Fn(&Self) -> bool) -> bool {
        let end = Instant::now() + Duration::from_secs(secs);
        while Instant::now() < end {
            if done(self) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        false
    }

    fn wait_for(&self, what: &str, secs: u64) -> bool {
        self.wait(secs, |s| s.text().contains(what))
    }

    fn wait_gone(&self, what: &str, secs: u64) -> bool {
        self.wait(secs, |s| !s.text().contains(what))
    }

    /// Waits for a message containing `what` drawn after history entry `from`.
    fn wait_new(&self, from: usize, what: &str, secs: u64) -> bool {
        self.wait(secs, |s| s.said_since(from, what))
    }

    /// Waits until the screen is gone quiet (nothing new drawn for 150 ms, the app's window
    /// for the tail of a burst), then sends `bytes` in one write.
    fn settle_then(&mut self, bytes: &str) {
        let mut last = self.text();
        let mut quiet = Instant::now();
        let end = Instant::now() + Duration::from_secs(10);
        while quiet.elapsed() < Duration::from_millis(150) && Instant::now() < end {
            std::thread::sleep(Duration::from_millis(20));
            let now = self.text();
            if now != last {
                last = now;
                quiet = Instant::now();
            }
        }
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Whether a message containing `what` was drawn after history entry `from`.
    fn said_since(&self, from: usize, what: &str) -> bool {
        let h = self.history.lock().unwrap();
        h[from.min(h.len())..].iter().any(|(_, t)| t.contains(what))
    }

    fn keys(&mut self, s: &str) {
        for c in s.chars() {
            self.writer.write_all(c.to_string().as_bytes()).unwrap();
            self.writer.flush().unwrap();
            std::thread::sleep(Duration::from_millis(30));
        }
    }
}

fn ssh_args(port: u16, key: &Path) -> Vec<String> {
    vec![
        "-q".into(),
        "-p".into(),
        port.to_string(),
        "-i".into(),
        key.display().to_string(),
        "-o".into(),
        "StrictHostKeyChecking=no".into(),
        "-o".into(),
        "UserKnownHostsFile=/dev/null".into(),
        "-o".into(),
        "IdentitiesOnly=yes".into(),
        format!("{}@127.0.0.1", kttt::store::os_account()),
    ]
}

/// What the server's processes use, by kind: kttt, sshd, postgres.
#[derive(Clone, Copy, Default)]
struct Usage {
    /// CPU seconds so far.
    cpu: [f64; 3],
    /// Proportional set size now (KB).
    pss: [u64; 3],
    /// How many kttt processes there are.
    kttt: usize,
}

const KINDS: [&str; 3] = ["kttt", "sshd", "postgres"];

impl Usage {
    fn cpu(&self) -> f64 {
        self.cpu.iter().sum()
    }
    fn pss(&self) -> u64 {
        self.pss.iter().sum()
    }
}

/// CPU seconds and memory of the server's processes: every kttt and sshd, and postgres when
/// the run is on PostgreSQL (`KTTT_BENCH_PG`).
fn server_usage() -> Usage {
    let on_postgres = std::env::var_os("KTTT_BENCH_PG").is_some();
    let tick = 100.0;
    let mut u = Usage::default();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let name = e.file_name();
        if !name.to_string_lossy().chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let Ok(comm) = std::fs::read_to_string(e.path().join("comm")) else {
            continue;
        };
        let Some(kind) = KINDS.iter().position(|k| *k == comm.trim()) else {
            continue;
        };
        if kind == 2 && !on_postgres {
            continue;
        }
        if let Ok(stat) = std::fs::read_to_string(e.path().join("stat")) {
            let f: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
            let ut: f64 = f.get(11).and_then(|x| x.parse().ok()).unwrap_or(0.0);
            let st: f64 = f.get(12).and_then(|x| x.parse().ok()).unwrap_or(0.0);
            u.cpu[kind] += (ut + st) / tick;
        }
        // Proportional set size: pages shared by many processes (the mapped database, the
        // binary, PostgreSQL's shared buffers) are counted once in all, not once per process.
        if let Ok(status) = std::fs::read_to_string(e.path().join("smaps_rollup"))
            && let Some(kb) = status
                .lines()
                .find(|l| l.starts_with("Pss:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
        {
            u.pss[kind] += kb;
            if kind == 0 {
                u.kttt += 1;
            }
        }
    }
    u
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let sessions = env_or("LOAD_SESSIONS", 30);
    let seconds = env_or("LOAD_SECONDS", 60) as u64;
    assert!(
        sessions <= 99,
        "LOAD_SESSIONS: at most 99 (each types 900 + its number)"
    );
    // `KTTT_BENCH_PG=postgres://…` runs the same load against PostgreSQL.
    let server = std::env::var("KTTT_BENCH_PG").ok();
    let file = std::env::var_os("KTTT_BENCH_DB")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench/national.sqlite3"));
    assert!(
        server.is_some() || file.exists(),
        "{} is missing: run cargo bench --bench national first",
        file.display()
    );
    let db = server.clone().unwrap_or_else(|| file.display().to_string());
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let config = d.join("config.toml");
    std::fs::write(
        &config,
        format!("db = \"{}\"\nservice_account = \"{}\"\n", db, kttt::store::os_account()),
    )
    .unwrap();
    // The users: one per session, each entering for the province P01 (its communes).
    let _ = kttt(&config, &["user", "add", "admin"]);
    let mut keys = Vec::new();
    let mut authorized = String::new();
    for i in 0..=sessions {
        let name = format!("load{i:02}");
        if let Some(url) = &server {
            // On a server `--as` switches to the official's role: each must exist (the bench's
            // address is the server's administrator, who may make roles and switch to them).
            let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
            c.batch_execute(&format!(
                "DO $$ BEGIN CREATE ROLE {name} NOLOGIN;
                 EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
            ))
            .unwrap();
        }
        let _ = kttt(&config, &["user", "add", &name]);
        let o = kttt(&config, &["user", "grant", &name, "enter", "P01"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let key = d.join(&name);
        keygen(&key);
        let pubkey = std::fs::read_to_string(d.join(format!("{name}.pub"))).unwrap();
        authorized.push_str(&format!(
            "command=\"KTTT_CONFIG={} {BIN} --as {name}\",restrict,pty {}\n",
            config.display(),
            pubkey.trim()
        ));
        keys.push((name, key));
    }
    let auth = d.join("authorized_keys");
    std::fs::write(&auth, authorized).unwrap();
    let host = d.join("host_key");
    keygen(&host);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    std::fs::write(
        d.join("sshd_config"),
        format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {}\nAuthorizedKeysFile {}\nPasswordAuthentication no\n\
             UsePAM no\nPermitRootLogin prohibit-password\nStrictModes no\nMaxStartups 100\nMaxSessions 100\n\
             PidFile {}\nLogLevel ERROR\n",
            host.display(),
            auth.display(),
            d.join("pid").display()
        ),
    )
    .unwrap();
    let _ = std::fs::create_dir_all("/run/sshd");
    let sshd_bin = ["/usr/sbin/sshd", "/usr/bin/sshd"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .expect("sshd");
    let mut sshd: Child = Command::new(sshd_bin)
        .args(["-D", "-e", "-f"])
        .arg(d.join("sshd_config"))
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        std::thread::sleep(Duration::from_millis(50));
    }

    // The follower: the change log over SSH, one JSON line per change.
    let follow_key = keys[0].1.clone();
    let mut follower = Command::new("ssh")
        .args(ssh_args(port, &follow_key))
        .arg("kttt --unit P01 log --follow --format json --limit 1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let followed: Arc<Mutex<Vec<(i64, String, Instant)>>> = Arc::default();
    {
        let out = follower.stdout.take().unwrap();
        let followed = followed.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) {
                    let id = v["id"].as_i64().unwrap_or(0);
                    let who = v["user"].as_str().unwrap_or("").to_string();
                    followed.lock().unwrap().push((id, who, Instant::now()));
                }
            }
        });
    }

    // The sessions: the app over SSH in a terminal, each on its own commune of P01's
    // by-unit view of the number of cooperatives.
    let start_setup = Instant::now();
    let rows = rows_for(sessions);
    let mut open: Vec<Session> = Vec::new();
    for (name, key) in keys.iter().skip(1) {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new("ssh");
        cmd.arg("-tt");
        for a in ssh_args(port, key) {
            cmd.arg(a);
        }
        cmd.env("TERM", "xterm-256color");
        let child = pair.slave.spawn_command(cmd).unwrap();
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(rows).unwrap(),
            std::num::NonZeroU16::new(COLS).unwrap(),
            0,
        )));
        let history: Arc<Mutex<Vec<(Instant, String)>>> = Arc::default();
        let figures: Arc<Mutex<HashMap<String, Instant>>> = Arc::default();
        {
            let screen = screen.clone();
            let history = history.clone();
            let figures = figures.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                let mut last = String::new();
                while let Ok(n) = reader.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    let mut p = screen.lock().unwrap();
                    p.process(&buf[..n]);
                    let rows: Vec<String> = p.screen().rows(0, COLS).collect();
                    drop(p);
                    let now = Instant::now();
                    {
                        let mut f = figures.lock().unwrap();
                        for row in &rows[..rows.len().saturating_sub(3)] {
                            for w in row.split_whitespace() {
                                if two_decimals(w) {
                                    f.entry(w.to_string()).or_insert(now);
                                }
                            }
                        }
                    }
                    let bottom = rows[rows.len().saturating_sub(3)..].join("\n");
                    if bottom != last {
                        history.lock().unwrap().push((Instant::now(), bottom.clone()));
                        last = bottom;
                    }
                }
            });
        }
        std::mem::forget(pair.master);
        open.push(Session {
            name: name.clone(),
            screen,
            history,
            figures,
            writer,
            _child: child,
        });
    }
    for (i, s) in open.iter_mut().enumerate() {
        assert!(s.wait_for("Tổng quan", 180), "{} never drew:\n{}", s.name, s.text());
        s.keys("2");
        assert!(s.wait_for("Tổng số hợp tác xã", 20), "{}", s.text());
        // Setup is when the server is busiest: keys typed 30 ms apart can reach the app
        // together, and the app rightly takes such a burst for a paste, not commands. So each
        // command key waits for the screen to show the one before, and moving down uses ↓
        // (never part of a paste) rather than j.
        let query = "doanh thu binh quan mot hop";
        s.keys(&format!("/{query}"));
        assert!(s.wait_for(query, 20), "{}", s.text());
        s.settle_then("\r");
        assert!(s.wait_gone("Tìm chỉ tiêu", 20), "{}", s.text());
        s.settle_then("t");
        assert!(s.wait_for("Cộng (", 20), "{}", s.text());
        s.settle_then(&"\x1b[B".repeat(i));
    }
    println!(
        "{} sessions open over SSH in {:.1} s",
        open.len(),
        start_setup.elapsed().as_secs_f64()
    );

    // The run: every session types a figure every 3 s (staggered), for `seconds`.
    // The run: every session, in a thread of its own, types a figure every 3 s (staggered).
    let before = server_usage();
    let started = Instant::now();
    let n = open.len();
    let figures: Vec<_> = open.iter().map(|s| s.figures.clone()).collect();
    // For each edit: which session, and when it said "Đã ghi".
    let edits: Arc<Mutex<Vec<(usize, String, Instant)>>> = Arc::default();
    // Edits whose Enter the app refused because it came together with other keys.
    let refused = Arc::new(AtomicUsize::new(0));
    // Edits not saved: the figure's keys arrived together and were not taken as commands
    // (the app said so), or anything else.
    let ignored = Arc::new(AtomicUsize::new(0));
    let other = Arc::new(AtomicUsize::new(0));
    let mut drivers = Vec::new();
    for (i, mut s) in open.into_iter().enumerate() {
        let edits = edits.clone();
        let refused = refused.clone();
        let ignored = ignored.clone();
        let other = other.clone();
        drivers.push(std::thread::spawn(move || {
            let mut tick = 0u64;
            loop {
                let due = Duration::from_millis(3000 * tick + (i as u64 * 3000 / n as u64));
                if due >= Duration::from_secs(seconds) {
                    break;
                }
                if let Some(wait) = due.checked_sub(started.elapsed()) {
                    std::thread::sleep(wait);
                }
                // A figure no other edit types: 900 + the session, the edit as decimals (above every
                // part the synthetic communes hold, so no rule stops it; below 1.000, drawn as typed).
                let value = format!("{},{:02}", 900 + i, tick + 1);
                let from = s.history.lock().unwrap().len();
                s.keys(&format!("{value}\r"));
                let mut saved = s.wait_new(from, "Đã ghi", 5);
                // On a starved server the figure's last keys can reach the app together; it
                // then takes them as text, refuses the Enter among them and says "Nhấn Enter
                // để ghi" (press Enter to save). The session does what the message says.
                if !saved && s.said_since(from, "Nhấn Enter để ghi") {
                    refused.fetch_add(1, Ordering::Relaxed);
                    let again = s.history.lock().unwrap().len();
                    std::thread::sleep(Duration::from_millis(200));
                    s.keys("\r");
                    saved = s.wait_new(again, "Đã ghi", 5);
                }
                if !saved {
                    let h = s.history.lock().unwrap();
                    eprintln!(
                        "{} typed {value} at +{:.2} s, no \"Đã ghi\" seen; the messages since: {:?}",
                        s.name,
                        started.elapsed().as_secs_f64(),
                        h[from.min(h.len())..]
                            .iter()
                            .map(|(_, t)| t.replace('\n', " | "))
                            .collect::<Vec<_>>()
                    );
                    drop(h);
                    if s.said_since(from, "đến cùng một lúc") || s.said_since(from, "đến cùng lúc") {
                        ignored.fetch_add(1, Ordering::Relaxed);
                    } else {
                        other.fetch_add(1, Ordering::Relaxed);
                    }
                    // Leave whatever is still being typed (Esc, then longer than the app's
                    // wait for the rest of a split escape sequence), so the next edit starts
                    // clean.
                    for _ in 0..3 {
                        std::thread::sleep(Duration::from_millis(200));
                        s.keys("\x1b");
                        std::thread::sleep(Duration::from_millis(700));
                        if !s.text().contains("Esc huỷ") {
                            break;
                        }
                    }
                }
                if saved {
                    let at = s.history.lock().unwrap()[from..]
                        .iter()
                        .find(|(_, t)| t.contains("Đã ghi"))
                        .map(|(at, _)| *at)
                        .unwrap();
                    edits.lock().unwrap().push((i, value, at));
                }
                if saved {
                    // Enter saved and moved down; back to the session's own commune.
                    s.keys("k");
                }
                tick += 1;
            }
            s
        }));
    }
    // The peak of the whole, with its parts at that moment.
    // Measuring is not free: the kernel walks every page a process maps to count its
    // proportional set size, about 10 ms for a PostgreSQL backend that has touched the shared
    // buffers. Sampled every 250 ms over 60 backends, that alone kept a core busy and held the
    // backends' memory locks (the sessions' keys then reached the app in clumps); every 5 s
    // it costs about a tenth of a core.
    let mut peak = Usage::default();
    let mut next_sample = Instant::now();
    while started.elapsed() < Duration::from_secs(seconds) {
        if Instant::now() >= next_sample {
            let now = server_usage();
            if now.pss() > peak.pss() {
                peak = now;
            }
            next_sample = Instant::now() + Duration::from_secs(5);
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    // Once more at the end, when the most has been read and drawn.
    let now = server_usage();
    if now.pss() > peak.pss() {
        peak = now;
    }
    let mut open: Vec<Session> = drivers.into_iter().map(|d| d.join().unwrap()).collect();
    let edits = edits.lock().unwrap().clone();
    let mut saved = vec![0usize; n];
    for (i, _, _) in &edits {
        saved[*i] += 1;
    }
    // Let the last edits arrive.
    std::thread::sleep(Duration::from_secs(3));
    // When each other session first showed each edit's figure on its screen.
    let mut seen: Vec<(usize, Vec<Option<Duration>>)> = Vec::new();
    for (i, value, at) in &edits {
        let got = figures
            .iter()
            .enumerate()
            .map(|(j, f)| {
                if j == *i {
                    return None;
                }
                f.lock().unwrap().get(value).map(|t| t.saturating_duration_since(*at))
            })
            .collect();
        seen.push((*i, got));
    }
    // The pairs never shown or shown late, with what the observer's screen holds now.
    let names: Vec<String> = open.iter().map(|s| s.name.clone()).collect();
    for (k, (i, got)) in seen.iter().enumerate() {
        for (j, x) in got.iter().enumerate() {
            if j != *i && x.is_none_or(|d| d > Duration::from_secs(2)) {
                let (_, value, at) = &edits[k];
                // What the observer showed of the same commune just before and after.
                let (int, dec) = value.split_once(',').unwrap();
                let n: u64 = dec.parse().unwrap();
                let seen_at = |m: u64| {
                    let v = format!("{int},{m:02}");
                    figures[j]
                        .lock()
                        .unwrap()
                        .get(&v)
                        .map(|t| t.duration_since(started).as_secs_f64())
                };
                eprintln!(
                    "{} by {} at +{:.2} s: {} {:?}; before {:?}, after {:?}",
                    value,
                    names[*i],
                    at.duration_since(started).as_secs_f64(),
                    names[j],
                    x.map(|d| d.as_secs_f64()),
                    seen_at(n.saturating_sub(1)),
                    seen_at(n + 1)
                );
            }
        }
    }
    let wall = started.elapsed().as_secs_f64();
    let after = server_usage();

    // The audit trail and the follower against what the sessions saved.
    let since = kttt::store::now_minus(Duration::from_secs_f64(wall + 10.0));
    let audited: i64 = match &server {
        Some(url) => postgres::Client::connect(url, postgres::NoTls)
            .unwrap()
            .query_one(
                "SELECT count(*) FROM audit a JOIN batch b ON b.id = a.batch
                 WHERE a.os_user LIKE 'load%' AND a.action = 'set' AND b.at >= $1",
                &[&since],
            )
            .unwrap()
            .get(0),
        None => rusqlite::Connection::open(&file)
            .unwrap()
            .query_row(
                "SELECT count(*) FROM audit a JOIN batch b ON b.id = a.batch
                 WHERE a.os_user LIKE 'load%' AND a.action = 'set' AND b.at >= ?1",
                [since],
                |r| r.get(0),
            )
            .unwrap(),
    };
    let followed = followed.lock().unwrap().clone();
    let mut ids: HashMap<i64, usize> = HashMap::new();
    for (id, _, _) in &followed {
        *ids.entry(*id).or_default() += 1;
    }
    let dups = ids.values().filter(|c| **c > 1).count();
    let by_load = followed.iter().filter(|(_, who, _)| who.starts_with("load")).count();
    let total_saved: usize = saved.iter().sum();
    let mut delays: Vec<Duration> = seen.iter().flat_map(|(_, g)| g.iter().flatten().copied()).collect();
    let missed = seen
        .iter()
        .map(|(i, g)| g.iter().enumerate().filter(|(j, x)| *j != *i && x.is_none()).count())
        .sum::<usize>();
    delays.sort();
    let pct = |p: f64| {
        delays
            .get(((delays.len() as f64 * p) as usize).min(delays.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    println!("| what | figure |");
    println!("| --- | --- |");
    println!("| sessions over SSH (app in a terminal) | {n} |");
    println!("| run | {wall:.0} s, an edit per session every 3 s |");
    println!("| edits saved (sessions said \"Đã ghi\") | {total_saved} |");
    println!(
        "| of which the keys arrived together, the app refused the Enter among them and a second Enter saved | {} |",
        refused.load(Ordering::Relaxed)
    );
    println!(
        "| edits not saved: the keys arrived together and the app said it did not take them / other | {} / {} |",
        ignored.load(Ordering::Relaxed),
        other.load(Ordering::Relaxed)
    );
    println!("| edits in the audit trail | {audited} |");
    println!("| edits the log follower printed | {by_load} (duplicated: {dups}) |");
    println!(
        "| until every other session shows an edit's figure: median / 95% / max | {:.2} / {:.2} / {:.2} s |",
        pct(0.5).as_secs_f64(),
        pct(0.95).as_secs_f64(),
        delays.last().copied().unwrap_or_default().as_secs_f64()
    );
    let late = delays.iter().filter(|d| **d > Duration::from_secs(2)).count();
    println!(
        "| (edit, other session) pairs: shown / later than 2 s / never shown | {} / {late} / {missed} |",
        delays.len()
    );
    let share = |i: usize| (after.cpu[i] - before.cpu[i]) / wall * 100.0;
    println!(
        "| server CPU (kttt / sshd / postgres) | {:.0}% of one core ({:.0}% / {:.0}% / {:.0}%) |",
        (after.cpu() - before.cpu()) / wall * 100.0,
        share(0),
        share(1),
        share(2)
    );
    println!(
        "| server memory, peak proportional set size (kttt / sshd / postgres; {} kttt processes) | {} MB ({} / {} / {} MB) |",
        after.kttt,
        peak.pss() / 1024,
        peak.pss[0] / 1024,
        peak.pss[1] / 1024,
        peak.pss[2] / 1024
    );
    for s in &mut open {
        s.keys("q");
    }
    let _ = follower.kill();
    let _ = follower.wait();
    let _ = sshd.kill();
    let _ = sshd.wait();
}

/// `503,07`: digits, a comma, two digits (how an edit's figure is drawn).
fn two_decimals(w: &str) -> bool {
    let Some((a, b)) = w.split_once(',') else { return false };
    !a.is_empty() && a.bytes().all(|c| c.is_ascii_digit()) && b.len() == 2 && b.bytes().all(|c| c.is_ascii_digit())
}
