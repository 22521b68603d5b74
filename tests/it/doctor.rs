//! `kttt --version` and `kttt doctor` on the real binary: a healthy set-up, a shared file
//! whose `-wal`/`-shm` its group cannot write, no backup for 30 days, and a server database.

use crate::common::backend::{Backend, TestDb};
use std::path::Path;
use std::process::Output;
use std::time::{Duration, SystemTime};

/// `kttt doctor` on a database, in English, with no configuration file.
fn doctor(t: &TestDb, extra: &[&str]) -> Output {
    let folder = t.file("backup");
    t.kttt()
        .env("KTTT_CONFIG", t.file("no-config.toml"))
        .env("HOME", t.dir.path())
        .env("XDG_CONFIG_HOME", t.file("xdg"))
        .args(["--lang", "en", "doctor"])
        .args(extra)
        .arg("--backups")
        .arg(folder)
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A nightly copy in the folder `backup` (README: Backups), made by `kttt backup`, written
/// `age` ago.
fn backup(t: &TestDb, age: Duration) -> std::path::PathBuf {
    let _ = std::fs::create_dir(t.file("backup"));
    let to = t.file("backup/kttt-2026-12-01.sqlite3");
    let o = t.kttt().arg("backup").arg(&to).output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let f = std::fs::File::options().write(true).open(&to).unwrap();
    f.set_modified(SystemTime::now() - age).unwrap();
    to
}

fn chmod(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn version_names_the_build_and_the_schema_versions() {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_kttt"))
        .args(["--lang", "en", "--version"])
        .output()
        .unwrap();
    let s = String::from_utf8(o.stdout).unwrap();
    assert!(o.status.success());
    let sqlite = kttt::store::sqlite::schema::latest();
    let pg = kttt::store::postgres::schema::latest();
    assert!(
        s.starts_with(&format!("kttt {} (commit ", env!("CARGO_PKG_VERSION"))),
        "{s}"
    );
    assert!(s.contains(&format!("SQLite {sqlite}, PostgreSQL {pg}")), "{s}");
    // Built in a git checkout: the commit is named, not "unknown".
    let commit = s.split("(commit ").nth(1).unwrap().split(')').next().unwrap();
    assert!(
        commit.len() == 12 && commit.chars().all(|c| c.is_ascii_hexdigit()),
        "{s}"
    );
    let vi = std::process::Command::new(env!("CARGO_BIN_EXE_kttt"))
        .args(["--lang", "vi", "-V"])
        .output()
        .unwrap();
    assert!(String::from_utf8(vi.stdout).unwrap().contains("lược đồ CSDL: SQLite"));
}

#[test]
fn doctor_on_a_healthy_file() {
    let t = TestDb::seeded(Backend::Sqlite);
    backup(&t, Duration::from_secs(3600));
    let o = doctor(&t, &[]);
    let s = text(&o);
    assert!(o.status.success(), "{s}");
    assert!(s.contains(&format!("Database:           {} (SQLite, ", t.db)), "{s}");
    assert!(s.contains(", WAL)"), "{s}");
    let latest = kttt::store::sqlite::schema::latest();
    assert!(
        s.contains(&format!(
            "Schema:             version {latest} (this kttt writes {latest})"
        )),
        "{s}"
    );
    assert!(s.contains("Form:               507-2019"), "{s}");
    assert!(s.contains("3 province, 18 district, 436 commune"), "{s}");
    assert!(s.contains("Plan years:         2020"), "{s}");
    assert!(s.contains("Users:              (none yet"), "{s}");
    assert!(s.contains("backup/kttt-2026-12-01.sqlite3 (0 days ago)"), "{s}");
    assert!(s.contains("Nothing to fix"), "{s}");
}

#[test]
fn doctor_names_sidecars_the_group_cannot_write() {
    let t = TestDb::seeded(Backend::Sqlite);
    backup(&t, Duration::from_secs(3600));
    let db = Path::new(&t.db);
    // Officials with accounts of their own: a group-writable file in a setgid folder…
    chmod(t.dir.path(), 0o2775);
    chmod(db, 0o664);
    // …whose -wal and -shm another official's umask made 0644 (they are open meanwhile).
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch("BEGIN; CREATE TABLE doctor_probe (x); ROLLBACK;")
        .unwrap();
    let wal = t.file("k.sqlite3-wal");
    let shm = t.file("k.sqlite3-shm");
    assert!(wal.exists() && shm.exists());
    chmod(&wal, 0o644);
    chmod(&shm, 0o644);
    let o = doctor(&t, &[]);
    let s = text(&o);
    assert_eq!(o.status.code(), Some(1), "{s}");
    assert!(s.contains("To fix:"), "{s}");
    for p in [&wal, &shm] {
        assert!(
            s.contains(&format!(
                "{} (0644) cannot be written by the database's group",
                p.display()
            )),
            "{s}"
        );
    }
    assert!(!s.contains("setgid bit"), "the folder is right: {s}");
    // Made right, nothing is left to fix.
    chmod(&wal, 0o664);
    chmod(&shm, 0o664);
    let o = doctor(&t, &[]);
    assert!(o.status.success(), "{}", text(&o));
    drop(conn);
}

#[test]
fn doctor_says_the_newest_backup_is_a_month_old() {
    let t = TestDb::seeded(Backend::Sqlite);
    let o = doctor(&t, &[]);
    let s = text(&o);
    assert_eq!(o.status.code(), Some(1), "{s}");
    assert!(
        s.contains("Newest backup:      (none)") && s.contains("No backup found"),
        "{s}"
    );
    // The nightly copies go to a folder of their own (README: Backups); the last was 30 days
    // ago, and one kept elsewhere is found when its folder is named too.
    let old = backup(&t, Duration::from_secs(30 * 86_400 + 600));
    let o = doctor(&t, &[]);
    let s = text(&o);
    assert_eq!(o.status.code(), Some(1), "{s}");
    assert!(
        s.contains(&format!("The newest backup, {}, is 30 days old.", old.display())),
        "{s}"
    );
    let elsewhere = t.file("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let fresh = elsewhere.join("kttt-2026-12-06.sqlite3");
    std::fs::copy(&old, &fresh).unwrap();
    let o = doctor(&t, &["--backups", elsewhere.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("elsewhere/kttt-2026-12-06.sqlite3 (0 days ago)"));
}

#[test]
fn doctor_on_a_server_database() {
    let t = TestDb::seeded(Backend::Postgres);
    let o = doctor(&t, &[]);
    let s = text(&o);
    assert!(o.status.success(), "{s}");
    assert!(s.contains("(PostgreSQL)"), "{s}");
    let latest = kttt::store::postgres::schema::latest();
    assert!(
        s.contains(&format!("version {latest} (this kttt writes {latest})")),
        "{s}"
    );
    assert!(!s.contains("Newest backup"), "{s}");
}

#[test]
fn doctor_makes_no_database() {
    let t = TestDb::empty(Backend::Sqlite);
    let o = doctor(&t, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("There is no database at"), "{}", text(&o));
    assert!(!Path::new(&t.db).exists());
}

#[test]
fn doctor_checks_the_service_account_set_up() {
    let t = TestDb::seeded(Backend::Sqlite);
    backup(&t, Duration::from_secs(3600));
    let config = t.file("config.toml");
    let files = t.file("files");
    std::fs::write(
        &config,
        format!(
            "service_account = \"kttt-service\"\nexport_dir = \"{}\"\n",
            files.display()
        ),
    )
    .unwrap();
    let o = t
        .kttt()
        .env("KTTT_CONFIG", &config)
        .env("HOME", t.dir.path())
        .env("XDG_CONFIG_HOME", t.file("xdg"))
        .args(["--lang", "en", "doctor", "--backups"])
        .arg(t.file("backup"))
        .output()
        .unwrap();
    let s = text(&o);
    assert_eq!(o.status.code(), Some(1), "{s}");
    assert!(s.contains("Service account:    kttt-service ("), "{s}");
    // The test's own account owns the file, not the service account.
    let owner = format!(
        "{} belongs to {}, not to the service account kttt-service",
        t.db,
        kttt::store::os_account()
    );
    assert!(s.contains(&owner), "{s}");
    assert!(
        s.contains(&format!(
            "The officials' folder (export_dir) {} does not exist",
            files.display()
        )),
        "{s}"
    );
}
