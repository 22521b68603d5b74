//! What a shared server's files go through: a backup killed at any moment leaves either no
//! file or a complete database under its name; a full disk is said as such, with nothing
//! written; the database is never written over by an export; init names who ran it.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn kttt(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kttt"));
    c.env("KTTT_DB", db)
        .env("KTTT_LANG", "vi")
        .env("KTTT_CONFIG", "/nonexistent/kttt.toml");
    c
}

fn ok(c: &mut Command) -> String {
    let o = c.output().unwrap();
    assert!(o.status.success(), "{c:?}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

fn failed(c: &mut Command) -> String {
    let o = c.output().unwrap();
    assert!(!o.status.success(), "{c:?}: {}", String::from_utf8_lossy(&o.stdout));
    String::from_utf8(o.stderr).unwrap()
}

/// A small pseudo-random sequence (no crate needed), seeded by the clock.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

#[test]
fn a_killed_backup_leaves_no_file_or_a_whole_database() {
    let (d, db) = common::tmp();
    ok(kttt(&db).arg("init"));
    // Enough rows that a copy takes a while.
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000)
             INSERT INTO audit (at, os_user, action, detail)
             SELECT '2026-01-01T00:00:00.000Z', 'load', 'note', printf('row %d of a long trail of changes', i) FROM n;",
        )
        .unwrap();
    }
    let rows = common::count(&db, "SELECT count(*) FROM audit");
    // How long one whole backup takes here.
    let whole = d.path().join("whole.sqlite3");
    let t = Instant::now();
    ok(kttt(&db).arg("backup").arg(&whole));
    let span = t.elapsed().as_micros().max(1000) as u64;
    assert!(kttt::store::sqlite::is_complete(&whole));

    let mut rng = Lcg(std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64);
    let (mut kills, mut absent, mut complete) = (0, 0, 0);
    let mut i = 0;
    while kills < 40 && i < 400 {
        i += 1;
        let target: PathBuf = d.path().join(format!("b{i}.sqlite3"));
        let mut child = kttt(&db)
            .arg("backup")
            .arg(&target)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng.next() % (span * 6 / 5)));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            kills += 1;
        }
        child.wait().unwrap();
        match std::fs::metadata(&target) {
            Err(_) => absent += 1,
            Ok(_) => {
                assert!(
                    kttt::store::sqlite::is_complete(&target),
                    "kill {kills}: {} is under the backup's name but is not a whole database",
                    target.display()
                );
                assert_eq!(common::count(&target, "SELECT count(*) FROM audit"), rows);
                complete += 1;
            }
        }
    }
    assert!(kills >= 40, "only {kills} kills landed in {i} tries");
    assert!(absent > 0, "some kills came before the copy was in place");
    eprintln!("{kills} kills: {absent} absent, {complete} complete");
    // The next backup clears what the killed ones left behind.
    ok(kttt(&db).arg("backup").arg(d.path().join("after.sqlite3")));
    let left: Vec<String> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// A small file system of its own (root mounts a tmpfs), unmounted at the end.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn new(size: &str) -> SmallDisk {
        let dir = tempfile::tempdir().unwrap();
        let o = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output()
            .expect("mount");
        assert!(
            o.status.success(),
            "mounting a small tmpfs needs root (the CI runs as root): {}",
            String::from_utf8_lossy(&o.stderr)
        );
        SmallDisk { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
fn a_full_disk_is_said_as_such_and_nothing_is_written() {
    let disk = SmallDisk::new("4m");
    let db = disk.path().join("k.sqlite3");
    ok(kttt(&db).arg("init"));
    let before = common::count(&db, "SELECT count(*) FROM audit");
    // Fill what is left.
    let filler = disk.path().join("filler");
    let _ = std::fs::write(&filler, vec![0u8; 8 << 20]);
    // A write that needs new pages: a scenario of many cells by import is heavy; a plan
    // start copies every estimate.
    let e = failed(kttt(&db).args(["plan", "start"]));
    assert!(e.contains("Ổ đĩa chứa cơ sở dữ liệu đã đầy"), "{e}");
    assert!(e.contains("không được ghi"), "{e}");
    assert!(!e.contains("disk I/O error"), "{e}");
    // Even opening it to read is refused in those words (opening writes its journal).
    let e = failed(kttt(&db).args(["show", "1"]));
    assert!(e.contains("đã đầy"), "{e}");
    // An export from another disk onto the full one: said, and no file half-written.
    let (_other, elsewhere) = common::tmp();
    ok(kttt(&elsewhere).arg("init"));
    let out = disk.path().join("ke-hoach.xlsx");
    let e = failed(kttt(&elsewhere).args(["export", "--out"]).arg(&out));
    assert!(e.contains("ổ đĩa đã đầy"), "{e}");
    assert!(!out.exists());
    let left: Vec<_> = std::fs::read_dir(disk.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("ke-hoach"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    std::fs::remove_file(&filler).unwrap();
    assert_eq!(
        common::count(&db, "SELECT count(*) FROM audit"),
        before,
        "nothing was written"
    );
    assert!(
        ok(kttt(&db).args(["show", "1"])).contains("Tổng số hợp tác xã"),
        "it works again once there is room"
    );
}

#[test]
fn a_long_file_name_imports_under_a_shortened_scenario_name() {
    let (d, db) = common::tmp();
    ok(kttt(&db).arg("init"));
    let long = d
        .path()
        .join("bao-cao-so-lieu-kinh-te-tap-the-huyen-ba-be-quy-3-nam-2019-ban-sua-lan-2.csv");
    ok(kttt(&db)
        .args(["export", "--appendix", "1", "--format", "csv", "--out"])
        .arg(d.path().join("x.csv")));
    let csv = std::fs::read_to_string(d.path().join("x-phu-luc-1.csv")).unwrap();
    std::fs::write(&long, csv.replace(",201,", ",210,")).unwrap();
    let out = ok(kttt(&db).arg("import").arg(&long));
    assert!(out.contains("Đã đưa vào phương án"), "{out}");
    let name: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT name FROM scenario", [], |r| r.get(0))
        .unwrap();
    assert!(
        name.starts_with("Nhập bao-cao-so-lieu") && name.ends_with('…'),
        "{name}"
    );
    assert!(name.chars().count() <= 60, "{name}");
    // Again: a second, numbered name that still fits.
    let out = ok(kttt(&db).arg("import").arg(&long));
    assert!(out.contains("(2)"), "{out}");
}

#[test]
fn plan_steps_say_their_state_once() {
    let (_d, db) = common::tmp();
    ok(kttt(&db).arg("init"));
    ok(kttt(&db).args(["--unit", "ba-be", "set", "htx.total", "KH2020", "24"]));
    ok(kttt(&db).args(["--unit", "ba-be", "plan", "submit"]));
    // Sent up, the plan is locked: an edit is refused and it stays sent.
    let e = failed(kttt(&db).args(["--unit", "ba-be", "set", "htx.total", "KH2020", "25"]));
    assert!(e.contains("đã gửi lên") && e.contains("chờ duyệt"), "{e}");
    assert!(ok(kttt(&db).args(["--unit", "bac-kan", "plan", "status"])).contains("đã gửi"));
    let e = failed(kttt(&db).args(["--unit", "ba-be", "plan", "submit"]));
    assert!(e.contains("Kế hoạch 2020 của Huyện Ba Bể đã gửi."), "{e}");
    assert!(!e.contains("đã đã"), "{e}");
    ok(kttt(&db).args(["--unit", "ba-be", "plan", "approve"]));
    let e = failed(kttt(&db).args(["--unit", "ba-be", "plan", "submit"]));
    assert!(e.contains("đã duyệt") && !e.contains("đã đã"), "{e}");
}
