//! A real PostgreSQL server for the tests: the one `.ci/run` started (`KTTT_TEST_PG`, an
//! administrator's address), or else one this test process starts itself — `initdb` into a
//! temporary folder (as the `postgres` account when the tests run as root), the server on
//! a free loopback port, stopped when the process ends (and by a watcher if it is killed).
//! Each test gets a database of its own. Without PostgreSQL the tests fail, saying so.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The server's administrator address (without a database name).
struct Server {
    /// `postgres://postgres@127.0.0.1:PORT`
    base: String,
}

static SERVER: OnceLock<Server> = OnceLock::new();
static DATA: OnceLock<PathBuf> = OnceLock::new();
static PID: OnceLock<u32> = OnceLock::new();

/// The folder with PostgreSQL's server programs (the newest installed).
pub fn bin_dir() -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|p| p.join("initdb").exists() && p.join("postgres").exists())
        .collect();
    found.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    found.pop().unwrap_or_else(|| {
        panic!(
            "PostgreSQL's server programs are not installed (no /usr/lib/postgresql/*/bin/initdb): \
             apt-get install postgresql (.ci/run does). These tests need a real server; they do not skip."
        )
    })
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// A command run as the `postgres` account when the tests run as root (initdb and the
/// server refuse root).
fn as_server_account(program: &Path) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

extern "C" fn stop_server() {
    if let Some(pid) = PID.get() {
        // SAFETY: signalling a child process this test started; fast shutdown.
        unsafe {
            libc::kill(*pid as i32, libc::SIGINT);
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    if let Some(d) = DATA.get() {
        let _ = std::fs::remove_dir_all(d);
    }
}

// The server's shell outlives this process's interest in it: its watcher stops it when the
// test process ends, so there is nothing to wait for here.
#[allow(clippy::zombie_processes)]
fn start() -> Server {
    if let Ok(url) = std::env::var("KTTT_TEST_PG") {
        return Server {
            base: url.trim_end_matches('/').to_string(),
        };
    }
    let bin = bin_dir();
    let root = std::env::temp_dir().join(format!("kttt-pg-{}-{}", std::process::id(), free_port()));
    let data = root.join("data");
    std::fs::create_dir_all(&root).unwrap();
    if is_root() {
        let ok = Command::new("chown")
            .arg("postgres:postgres")
            .arg(&root)
            .status()
            .unwrap();
        assert!(ok.success(), "chown of the test server's folder");
    }
    let out = as_server_account(&bin.join("initdb"))
        .args(["-D"])
        .arg(&data)
        .args([
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        ])
        .stdout(Stdio::null())
        .output()
        .expect("initdb runs");
    assert!(out.status.success(), "initdb: {}", String::from_utf8_lossy(&out.stderr));
    let _ = DATA.set(root.clone());
    let port = free_port();
    let parent = std::process::id();
    // The server, with a watcher that stops it if this process dies without cleaning up.
    let script = format!(
        "{} -D '{}' -p {port} -k '{}' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
         -c full_page_writes=off -c max_connections=200 >'{}/log' 2>&1 & p=$!; \
         while [ -d /proc/{parent} ] && kill -0 $p 2>/dev/null; do sleep 1; done; kill -INT $p 2>/dev/null",
        bin.join("postgres").display(),
        data.display(),
        root.display(),
        root.display()
    );
    let mut sh = if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--", "sh", "-c", &script]);
        c
    } else {
        let mut c = Command::new("sh");
        c.args(["-c", &script]);
        c
    };
    let child = sh.stdin(Stdio::null()).spawn().expect("start postgres");
    let _ = PID.set(child.id());
    // SAFETY: registering a plain function to run at exit.
    unsafe {
        libc::atexit(stop_server);
    }
    let base = format!("postgres://postgres@127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if postgres::Client::connect(&format!("{base}/postgres"), postgres::NoTls).is_ok() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the test PostgreSQL server did not start: {}",
            std::fs::read_to_string(root.join("log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Server { base }
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A new, empty database on the test server; its address.
pub fn fresh_database() -> String {
    let s = SERVER.get_or_init(start);
    let name = format!(
        "kttt_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0)
    );
    let mut admin = postgres::Client::connect(&format!("{}/postgres", s.base), postgres::NoTls)
        .expect("connect to the test server");
    admin
        .batch_execute(&format!(
            "CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
        ))
        .expect("create a test database");
    format!("{}/{name}", s.base)
}
