//! The shared server over a real OpenSSH server on loopback: each official's key is bound
//! to `kttt --as NAME` (the gitolite pattern). Lan, logged in with Lan's key, edits Lan's
//! district; passing another name, another database or editing another unit is refused;
//! the audit names Lan. Needs `sshd` (`.ci/run` installs openssh-server): without it this
//! test fails, it does not skip.

use crate::common;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn sshd_path() -> PathBuf {
    for p in ["/usr/sbin/sshd", "/usr/bin/sshd", "/sbin/sshd"] {
        if Path::new(p).exists() {
            return PathBuf::from(p);
        }
    }
    panic!("sshd is not installed: apt-get install openssh-server (./test does)");
}

struct Sshd {
    child: Child,
    port: u16,
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn keygen(path: &Path) {
    let ok = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(path)
        .status()
        .expect("ssh-keygen runs: apt-get install openssh-client (./test does)")
        .success();
    assert!(ok);
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn start_sshd(dir: &Path, authorized: &Path) -> Sshd {
    let host = dir.join("host_key");
    keygen(&host);
    let port = free_port();
    let config = dir.join("sshd_config");
    std::fs::write(
        &config,
        format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {}\nAuthorizedKeysFile {}\nPasswordAuthentication no\n\
             KbdInteractiveAuthentication no\nUsePAM no\nPermitRootLogin prohibit-password\nStrictModes no\n\
             PidFile {}\nLogLevel ERROR\n",
            host.display(),
            authorized.display(),
            dir.join("sshd.pid").display()
        ),
    )
    .unwrap();
    // Privilege separation wants this folder when sshd runs as root.
    let _ = std::fs::create_dir_all("/run/sshd");
    let child = Command::new(sshd_path())
        .args(["-D", "-e", "-f"])
        .arg(&config)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start sshd");
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "sshd did not start listening");
        std::thread::sleep(Duration::from_millis(50));
    }
    Sshd { child, port }
}

/// The `ssh` client, logging in with a key to this account on the server, sending a command.
fn ssh_command(port: u16, key: &Path, command: &str) -> Command {
    let mut c = ssh_client(port, key);
    c.args([&destination(), command]);
    c
}

/// The `ssh` client with a key and this test's options, before its destination.
fn ssh_client(port: u16, key: &Path) -> Command {
    let mut c = Command::new("ssh");
    c.args(["-q", "-p", &port.to_string(), "-i"]).arg(key).args([
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "BatchMode=yes",
        "-o",
        "IdentitiesOnly=yes",
    ]);
    c
}

/// This account on the server.
fn destination() -> String {
    format!("{}@127.0.0.1", kttt::store::os_account())
}

/// Runs a command over SSH with a key; (exit code, stdout, stderr).
fn ssh(port: u16, key: &Path, command: &str) -> (i32, String, String) {
    outcome(ssh_command(port, key, command))
}

/// Runs an `ssh` command; (exit code, stdout, stderr).
fn outcome(mut c: Command) -> (i32, String, String) {
    let o = c
        .output()
        .expect("ssh runs: apt-get install openssh-client (./test does)");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn an_official_s_key_runs_kttt_only_as_that_official() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("kttt.sqlite3");
    let bin = env!("CARGO_BIN_EXE_kttt");
    // The service account (this account) owns the database and names itself in the
    // system-wide configuration.
    let config = d.join("config.toml");
    std::fs::write(
        &config,
        format!(
            "db = \"{}\"\nservice_account = \"{}\"\n",
            db.display(),
            kttt::store::os_account()
        ),
    )
    .unwrap();
    let admin = |args: &[&str]| {
        let o = Command::new(bin)
            .args(args)
            .env("KTTT_CONFIG", &config)
            .env_remove("KTTT_DB")
            .output()
            .unwrap();
        assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    };
    admin(&["init"]);
    admin(&["user", "add", "admin"]);
    admin(&["user", "add", "lan", "--display", "Nguyễn Thị Lan"]);
    admin(&["user", "grant", "lan", "enter", "ba-be"]);
    // Lan's key, bound to a fixed command.
    let key = d.join("lan_key");
    keygen(&key);
    let pubkey = std::fs::read_to_string(d.join("lan_key.pub")).unwrap();
    let authorized = d.join("authorized_keys");
    std::fs::write(
        &authorized,
        format!(
            "command=\"KTTT_CONFIG={} {bin} --as lan\",restrict,pty {}",
            config.display(),
            pubkey.trim()
        ),
    )
    .unwrap();
    let server = start_sshd(d, &authorized);

    // Lan edits Lan's district.
    let (code, out, err) = ssh(server.port, &key, "kttt --unit ba-be set htx.total KH2020 12");
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("Đã ghi"), "{out}");
    // Another name, another database, or another unit: refused.
    let (code, _, err) = ssh(
        server.port,
        &key,
        "kttt --as admin --unit ba-be set htx.total KH2020 99",
    );
    assert_ne!(code, 0);
    assert!(err.contains("không được có --as"), "{err}");
    let (code, _, err) = ssh(server.port, &key, &format!("kttt --db {} show 1", db.display()));
    assert_ne!(code, 0);
    assert!(err.contains("không được có --db"), "{err}");
    let (code, _, err) = ssh(server.port, &key, "kttt --unit cho-don set htx.total KH2020 99");
    assert_ne!(code, 0);
    assert!(err.contains("Người dùng lan không có quyền xem Huyện Chợ Đồn"), "{err}");
    let (code, _, err) = ssh(server.port, &key, "kttt --unit bac-kan set htx.total KH2020 99");
    assert_ne!(code, 0);
    assert!(err.contains("lan"), "{err}");
    // What Lan may see, Lan sees.
    let (code, out, _) = ssh(server.port, &key, "kttt --unit ba-be show 1 --format csv");
    assert_eq!(code, 0);
    assert!(
        out.lines().any(|l| l.contains(",htx.total,") && l.contains(",12,")),
        "{out}"
    );
    // The audit names Lan (and the service account as the operating-system account).
    let conn = rusqlite::Connection::open(&db).unwrap();
    let rows: Vec<(String, String, Option<String>)> = conn
        .prepare(
            "SELECT a.os_user, a.new_value, b.os_account FROM audit a JOIN batch b ON b.id = a.batch
             WHERE a.indicator = 'htx.total' AND a.year = 2020 AND a.kind = 'plan' AND a.action = 'set'",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(
        rows,
        vec![(
            "lan".to_string(),
            "12".to_string(),
            Some(kttt::store::os_account().to_string())
        )]
    );
    // Outside SSH, --as is refused to anyone who is not the service account's configuration.
    let o = Command::new(bin)
        .args(["--as", "admin", "show", "1"])
        .env("KTTT_DB", &db)
        .env("KTTT_CONFIG", d.join("none.toml"))
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("--as chỉ dùng được"));
}

/// A shared server as the README sets it up: the service account (this account) owns the
/// database; `admin`, `lan` (`enter` on Ba Bể) and `minh` (`read` on Ba Bể) log in with keys
/// bound to `kttt --as NAME`.
struct Shared {
    dir: tempfile::TempDir,
    db: PathBuf,
    config: PathBuf,
    authorized: PathBuf,
    /// The officials' open connections (`ControlMaster` sockets), one each, made on first use.
    masters: tempfile::TempDir,
    server: Sshd,
}

impl Drop for Shared {
    /// Closes the officials' connections (the server's session processes end with them).
    fn drop(&mut self) {
        for who in ["admin", "lan", "minh"] {
            let path = self.masters.path().join(who);
            if path.exists() {
                let _ = ssh_client(self.server.port, &self.key(who))
                    .arg("-o")
                    .arg(format!("ControlPath={}", path.display()))
                    .args(["-O", "exit", &destination()])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status();
            }
        }
    }
}

impl Shared {
    fn start(export_dir: bool) -> Shared {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let db = d.join("kttt.sqlite3");
        let config = d.join("config.toml");
        let mut text = format!(
            "db = \"{}\"\nservice_account = \"{}\"\n",
            db.display(),
            kttt::store::os_account()
        );
        if export_dir {
            std::fs::create_dir(d.join("exports")).unwrap();
            text.push_str(&format!("export_dir = \"{}\"\n", d.join("exports").display()));
        }
        std::fs::write(&config, text).unwrap();
        let bin = env!("CARGO_BIN_EXE_kttt");
        let admin = |args: &[&str]| {
            let o = Command::new(bin)
                .args(args)
                .env("KTTT_CONFIG", &config)
                .env_remove("KTTT_DB")
                .output()
                .unwrap();
            assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
        };
        admin(&["init"]);
        admin(&["user", "add", "admin"]);
        admin(&["user", "add", "lan"]);
        admin(&["user", "grant", "lan", "enter", "ba-be"]);
        admin(&["user", "add", "minh"]);
        admin(&["user", "grant", "minh", "read", "ba-be"]);
        let mut lines = String::new();
        for who in ["admin", "lan", "minh"] {
            let key = d.join(format!("{who}_key"));
            keygen(&key);
            let pubkey = std::fs::read_to_string(d.join(format!("{who}_key.pub"))).unwrap();
            lines.push_str(&format!(
                "command=\"KTTT_CONFIG={} {bin} --as {who}\",restrict,pty {}\n",
                config.display(),
                pubkey.trim()
            ));
        }
        let authorized = d.join("authorized_keys");
        std::fs::write(&authorized, lines).unwrap();
        let server = start_sshd(d, &authorized);
        Shared {
            dir,
            db,
            config,
            authorized,
            masters: tempfile::Builder::new().prefix("ssh").tempdir_in("/tmp").unwrap(),
            server,
        }
    }

    fn key(&self, who: &str) -> PathBuf {
        self.dir.path().join(format!("{who}_key"))
    }

    /// `command` sent over the official's connection: logged in once with the key (the first
    /// time), then each command a session of its own on it (`ControlMaster`), run by the
    /// server through the key's forced command as a login of its own is. The key exchange
    /// and login, repeated for each of some eighty commands, were most of this test's time.
    fn command(&self, who: &str, command: &str) -> Command {
        let path = self.masters.path().join(who);
        if !path.exists() {
            let status = ssh_client(self.server.port, &self.key(who))
                .arg("-o")
                .arg(format!("ControlPath={}", path.display()))
                .args(["-o", "ControlMaster=yes", "-f", "-N", &destination()])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .expect("ssh runs: apt-get install openssh-client (./test does)");
            assert!(status.success(), "{who} logs in");
        }
        let mut c = ssh_client(self.server.port, &self.key(who));
        c.arg("-o").arg(format!("ControlPath={}", path.display())).args([
            "-o",
            "ControlMaster=no",
            &destination(),
            command,
        ]);
        c
    }

    fn ssh(&self, who: &str, command: &str) -> (i32, String, String) {
        outcome(self.command(who, command))
    }

    /// Over SSH, with the raw bytes of standard output.
    fn ssh_bytes(&self, who: &str, command: &str) -> (i32, Vec<u8>) {
        let o = self.command(who, command).output().unwrap();
        (o.status.code().unwrap_or(-1), o.stdout)
    }

    /// What must not change: the database's figures, audit trail and users, and the bytes
    /// of the key file.
    fn state(&self) -> (Vec<String>, i64, i64, Vec<u8>) {
        let conn = rusqlite::Connection::open(&self.db).unwrap();
        let audit: i64 = conn.query_row("SELECT count(*) FROM audit", [], |r| r.get(0)).unwrap();
        let users: i64 = conn
            .query_row("SELECT count(*) FROM app_grant", [], |r| r.get(0))
            .unwrap();
        (
            common::official_dump(&conn),
            audit,
            users,
            std::fs::read(&self.authorized).unwrap(),
        )
    }

    /// Every file under the folder, and under the account's ~/.ssh.
    fn files(&self) -> Vec<PathBuf> {
        fn walk(d: &Path, out: &mut Vec<PathBuf>) {
            for e in std::fs::read_dir(d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else {
                    out.push(p);
                }
            }
        }
        let mut out = Vec::new();
        walk(self.dir.path(), &mut out);
        if let Some(home) = std::env::var_os("HOME") {
            walk(&Path::new(&home).join(".ssh"), &mut out);
        }
        out.retain(|p| {
            let n = p.to_string_lossy();
            !n.ends_with("-wal") && !n.ends_with("-shm") && !n.ends_with("sshd.pid")
        });
        out.sort();
        out
    }
}

/// The workbook's parts, without the one stamped with the time it was made.
fn workbook_parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a workbook");
    let mut out = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        if name == "docProps/core.xml" {
            continue;
        }
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut b).unwrap();
        out.push((name, b));
    }
    out.sort();
    out
}

#[test]
fn no_official_can_touch_the_servers_files_and_files_reach_them_over_ssh() {
    let s = Shared::start(false);
    let db = s.db.display().to_string();
    let keys = s.authorized.display().to_string();
    let home = std::env::var("HOME").unwrap();
    let before = s.state();
    let files_before = s.files();
    let attacks: Vec<String> = vec![
        format!("kttt --unit ba-be export --format xlsx --force --out {db}"),
        format!("kttt --unit ba-be export --force --out {db}-wal"),
        format!("kttt --unit ba-be export --force --out {keys}"),
        format!("kttt --unit ba-be export --force --out {home}/.ssh/authorized_keys"),
        format!("kttt --unit ba-be export --out {home}/.ssh/authorized_keys2"),
        format!("kttt --unit ba-be export --out {home}/.bashrc --force"),
        "kttt --unit ba-be export --out ../../etc/cron.d/x".to_string(),
        "kttt --unit ba-be export --out ke-hoach.xlsx".to_string(),
        "kttt --unit ba-be report --out /tmp/kttt-ssh-report.docx".to_string(),
        "kttt init --force".to_string(),
        "kttt init --empty --force".to_string(),
        format!("kttt backup {home}/.ssh/authorized_keys2"),
        "kttt backup /tmp/kttt-ssh-backup.sqlite3".to_string(),
        "kttt synth --size province --out /tmp/kttt-ssh-synth.sqlite3".to_string(),
        "kttt deploy ssh eve --key /etc/hostname".to_string(),
        "kttt user grant lan admin bac-kan".to_string(),
        "kttt user add eve".to_string(),
        format!("kttt --unit ba-be import {db}"),
        "kttt --unit ba-be import ../kttt.sqlite3".to_string(),
        "kttt units import /etc/passwd".to_string(),
    ];
    for who in ["minh", "lan"] {
        for a in &attacks {
            let (code, out, err) = s.ssh(who, a);
            assert_ne!(code, 0, "{who}: {a} was not refused: {out}");
            assert!(
                err.contains("Chưa") || err.contains("quản trị") || err.contains("không có quyền"),
                "{who}: {a}: the refusal says why: {err}"
            );
        }
    }
    assert_eq!(s.state(), before, "the database and the key file are unchanged");
    assert_eq!(s.files(), files_before, "no file appeared or went");
    for p in [
        "/tmp/kttt-ssh-report.docx",
        "/tmp/kttt-ssh-backup.sqlite3",
        "/tmp/kttt-ssh-synth.sqlite3",
    ] {
        assert!(!Path::new(p).exists(), "{p}");
    }
    // The refusals say what to do instead.
    let (_, _, err) = s.ssh("lan", "kttt --unit ba-be export --out ke-hoach.xlsx");
    assert!(err.contains("--out -"), "{err}");
    let (_, _, err) = s.ssh("lan", "kttt init --force");
    assert!(err.contains("kttt init") && err.contains("admin"), "{err}");

    // The way files reach an official: standard output, the same workbook a local export
    // writes (but for the time it was made).
    let local_kttt = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_kttt"))
            .args(args)
            .env("KTTT_CONFIG", &s.config)
            .env_remove("KTTT_DB")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    local_kttt(&["--unit", "ba-be", "set", "htx.total", "KH2020", "24"]);
    let (code, streamed) = s.ssh_bytes("minh", "kttt --unit ba-be export --out -");
    assert_eq!(code, 0);
    let local = s.dir.path().join("local.xlsx");
    local_kttt(&["--unit", "ba-be", "export", "--out", local.to_str().unwrap()]);
    let local = std::fs::read(&local).unwrap();
    assert_eq!(workbook_parts(&streamed), workbook_parts(&local));
    // CSV of one appendix, and the written plan, likewise.
    let (code, csv) = s.ssh_bytes("minh", "kttt --unit ba-be export --format csv --appendix 1 --out -");
    assert_eq!(code, 0);
    assert!(String::from_utf8_lossy(&csv).contains("htx.total"));
    let (code, docx) = s.ssh_bytes("lan", "kttt --unit ba-be report --out -");
    assert_eq!(code, 0);
    assert!(docx.starts_with(b"PK"), "a .docx");
    // A file goes in the same way: the workbook (24) sent back after the figure became 20
    // is staged as a scenario of that one change.
    local_kttt(&["--unit", "ba-be", "set", "htx.total", "KH2020", "20"]);
    let o = s
        .command("lan", "kttt --unit ba-be import -")
        .stdin(std::fs::File::open(s.dir.path().join("local.xlsx")).unwrap())
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        out.contains("(đầu vào chuẩn)") && out.contains("Đã đưa vào phương án “Nhập gửi lên"),
        "{out}"
    );
    assert!(out.contains("1 khác"), "{out}");
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let staged: (String, String) = conn
        .query_row(
            "SELECT v.value, s.created_by FROM scenario_value v JOIN scenario s ON s.id = v.scenario",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(staged, ("24".to_string(), "lan".to_string()));
}

#[test]
fn an_officials_own_folder_and_an_administrators_init_named_after_them() {
    let s = Shared::start(true);
    let exports = s.dir.path().join("exports");
    // A bare name lands in the official's own folder; a path never.
    let (code, out, err) = s.ssh("lan", "kttt --unit ba-be export --out ke-hoach.xlsx");
    assert_eq!(code, 0, "{out}{err}");
    assert!(exports.join("lan/ke-hoach.xlsx").is_file());
    let (code, _, _) = s.ssh("lan", "kttt --unit ba-be export --out ../minh/x.xlsx");
    assert_ne!(code, 0);
    let (code, _, _) = s.ssh("lan", "kttt --unit ba-be export --out .profile");
    assert_ne!(code, 0);
    // Without --force nothing is replaced, and --force never replaces a database.
    let (code, _, _) = s.ssh("lan", "kttt --unit ba-be export --out ke-hoach.xlsx");
    assert_ne!(code, 0);
    std::fs::copy(&s.db, exports.join("lan/copy.xlsx")).unwrap();
    let (code, _, err) = s.ssh("lan", "kttt --unit ba-be export --force --out copy.xlsx");
    assert_ne!(code, 0);
    assert!(err.contains("cơ sở dữ liệu"), "{err}");
    // The official imports from the same folder.
    let (code, out, err) = s.ssh("lan", "kttt --unit ba-be import ke-hoach.xlsx --dry-run");
    assert_eq!(code, 0, "{out}{err}");

    // An administrator may make the database anew; the audit names them, and the officials
    // keep their keys' users and roles.
    let (code, out, err) = s.ssh("admin", "kttt init --force");
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("người dùng"), "{out}");
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let names: Vec<String> = conn
        .prepare("SELECT DISTINCT os_user FROM audit")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(
        names,
        vec!["admin".to_string()],
        "every audit row names the administrator"
    );
    let (code, out, _) = s.ssh("lan", "kttt --unit ba-be show 1 --format csv");
    assert_eq!(code, 0, "lan can still work");
    assert!(out.contains("htx.total"));
    let (code, _, _) = s.ssh("lan", "kttt --unit cho-don set htx.total KH2020 5");
    assert_ne!(code, 0, "and still only on Ba Bể");
}
