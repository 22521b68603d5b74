//! The shared server over a real OpenSSH server on loopback: each official's key is bound
//! to `kttt --as NAME` (the gitolite pattern). Lan, logged in with Lan's key, edits Lan's
//! district; passing another name, another database or editing another unit is refused;
//! the audit names Lan. Needs `sshd` (`.ci/run` installs openssh-server): without it this
//! test fails, it does not skip.

mod common;

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
    panic!("sshd is not installed: apt-get install openssh-server (.ci/run does)");
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
        .expect("ssh-keygen")
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

/// Runs a command over SSH with a key; (exit code, stdout, stderr).
fn ssh(port: u16, key: &Path, command: &str) -> (i32, String, String) {
    let user = kttt::store::os_account();
    let o = Command::new("ssh")
        .args(["-q", "-p", &port.to_string(), "-i"])
        .arg(key)
        .args([
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "BatchMode=yes",
            "-o",
            "IdentitiesOnly=yes",
            &format!("{user}@127.0.0.1"),
            command,
        ])
        .output()
        .expect("ssh");
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
