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
/// What to clean up at exit: each started server's shell and folder.
static STARTED: std::sync::Mutex<Vec<(u32, PathBuf)>> = std::sync::Mutex::new(Vec::new());

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
             apt-get install postgresql (./test does). These tests need a real server; they do not skip."
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

extern "C" fn stop_servers() {
    let started = STARTED.lock().map(|s| s.clone()).unwrap_or_default();
    for (pid, _) in &started {
        // SAFETY: signalling a child process this test started; fast shutdown.
        unsafe {
            libc::kill(*pid as i32, libc::SIGINT);
        }
    }
    if !started.is_empty() {
        std::thread::sleep(Duration::from_millis(300));
    }
    for (_, dir) in started {
        let _ = std::fs::remove_dir_all(dir);
    }
}

fn start() -> Server {
    if let Ok(url) = std::env::var("KTTT_TEST_PG") {
        return Server {
            base: url.trim_end_matches('/').to_string(),
        };
    }
    Server {
        base: launch("", &|_| {}).0,
    }
}

/// Starts a server of this process's own with extra settings, after `prepare` has put what
/// they need into its folder; its administrator's address and its folder. (Its shell is not
/// waited for: its watcher stops the server when this process ends.)
#[allow(clippy::zombie_processes)]
fn launch(extra: &str, prepare: &dyn Fn(&Path)) -> (String, PathBuf) {
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
    prepare(&root);
    let port = free_port();
    let parent = std::process::id();
    // The server, with a watcher that stops it if this process dies without cleaning up.
    let script = format!(
        "{} -D '{}' -p {port} -k '{}' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
         -c full_page_writes=off -c max_connections=200 {extra} >'{}/log' 2>&1 & p=$!; \
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
    {
        let mut started = STARTED.lock().unwrap();
        if started.is_empty() {
            // SAFETY: registering a plain function to run at exit.
            unsafe {
                libc::atexit(stop_servers);
            }
        }
        started.push((child.id(), root.clone()));
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
    (base, root)
}

/// A server that speaks TLS with a certificate for 127.0.0.1 signed by a test authority:
/// its administrator's address and the authority's certificate.
pub fn tls_server() -> (String, PathBuf) {
    let ca_dir = tempfile::tempdir().unwrap().keep();
    let ca = ca_dir.join("ca.crt");
    let sh = |script: &str| {
        let o = Command::new("sh")
            .args(["-c", script])
            .current_dir(&ca_dir)
            .output()
            .unwrap();
        assert!(o.status.success(), "{script}: {}", String::from_utf8_lossy(&o.stderr));
    };
    sh("openssl req -new -x509 -days 2 -nodes -subj '/CN=kttt test CA' -keyout ca.key -out ca.crt 2>/dev/null");
    sh("openssl req -new -nodes -subj '/CN=127.0.0.1' -keyout server.key -out server.csr 2>/dev/null");
    sh(
        "printf 'subjectAltName=IP:127.0.0.1\\n' > san.ext && openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key \
        -CAcreateserial -days 2 -extfile san.ext -out server.crt 2>/dev/null",
    );
    let dir = ca_dir.clone();
    let (base, _) = launch(
        "-c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key",
        &move |root: &Path| {
            for f in ["server.crt", "server.key"] {
                std::fs::copy(dir.join(f), root.join("data").join(f)).unwrap();
            }
            if is_root() {
                Command::new("chown")
                    .args(["-R", "postgres:postgres"])
                    .arg(root.join("data"))
                    .status()
                    .unwrap();
            }
            Command::new("chmod")
                .arg("600")
                .arg(root.join("data/server.key"))
                .status()
                .unwrap();
        },
    );
    (base, ca)
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A new, empty database on the test server; its address.
pub fn fresh_database() -> String {
    new_database("TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
}

/// A new database on the test server made `how` (`TEMPLATE …`); its address.
fn new_database(how: &str) -> String {
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
        .batch_execute(&format!("CREATE DATABASE {name} {how}"))
        .expect("create a test database");
    format!("{}/{name}", s.base)
}

/// A new database with the embedded plan on the test server; its address. It is made from a
/// database the store seeded once for this test process, as a template (seeding the same plan
/// again took a second of the server's and the client's time for every test, a fifth of the
/// whole run); only the database's random id (`meta.database_id`, which tells a push's sender
/// apart) is drawn again, as the schema draws it.
pub fn seeded_database() -> String {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    made_database(&TEMPLATE, kttt::store::Fill::Seed)
}

/// A new database without figures (the catalog and the org units) on the test server, as
/// `kttt init --empty` makes it; its address. Made from a template as [`seeded_database`].
pub fn empty_plan_database() -> String {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    made_database(&TEMPLATE, kttt::store::Fill::Empty)
}

fn made_database(template: &OnceLock<String>, fill: kttt::store::Fill) -> String {
    let template = template.get_or_init(|| {
        let url = fresh_database();
        let mut store =
            kttt::store::sql::SqlStore::open_postgres(&url, Some(fill)).expect("make the template database");
        store.hold_all().unwrap();
        drop(store);
        url.rsplit('/').next().unwrap().to_string()
    });
    let url = new_database(&format!("TEMPLATE {template}"));
    let mut c = postgres::Client::connect(&url, postgres::NoTls).expect("connect to the test database");
    let changed = c
        .execute(
            "UPDATE meta SET value = substr(md5(random()::text || clock_timestamp()::text), 1, 16) \
             WHERE key = 'database_id'",
            &[],
        )
        .expect("draw the database's id");
    assert_eq!(changed, 1, "the made database has an id");
    url
}

/// The test server's administrator address (without a database name).
pub fn admin_base() -> String {
    SERVER.get_or_init(start).base.clone()
}

/// Makes a server role that may not log in, unless it exists (roles are the server's, not a
/// database's: tests running at once may make the same one). `--as NAME` on a server
/// database switches to the role NAME.
pub fn ensure_role(name: &str) {
    let mut admin = postgres::Client::connect(&format!("{}/postgres", admin_base()), postgres::NoTls)
        .expect("connect to the test server");
    admin
        .batch_execute(&format!(
            "DO $$ BEGIN CREATE ROLE \"{name}\" NOLOGIN;
             EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        ))
        .expect("make a role");
}
