//! Identity on a real PostgreSQL server, set up as the README's "Running it at a ministry"
//! says: a role that owns only the database (no superuser, no CREATEROLE), and one login
//! role per province for `kttt push`, each a kttt user with `enter` on its own province. The
//! kttt user is the role the server authenticated — never the client's account name — and
//! the database itself refuses every cross-province write, through kttt and through plain
//! SQL with the province's own credentials.

use crate::common;

use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A ministry database on the test server with its own roles (unique names: roles are the
/// server's), dropped with them at the end.
struct Ministry {
    base: String,
    db: String,
    owner: String,
    bk: String,
    tn: String,
    stranger: String,
    service: String,
    /// The new Thái Nguyên's role (read on the province made in 2025).
    tn25: String,
    dir: tempfile::TempDir,
}

impl Ministry {
    fn new() -> Ministry {
        let base = common::pg::admin_base();
        let n = format!("{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst));
        let m = Ministry {
            db: format!("bo_{n}"),
            owner: format!("kttt_own_{n}"),
            bk: format!("bac_kan_{n}"),
            tn: format!("thai_nguyen_{n}"),
            stranger: format!("ai_do_{n}"),
            service: format!("kttt_ssh_{n}"),
            tn25: format!("thai_nguyen_moi_{n}"),
            base,
            dir: tempfile::tempdir().unwrap(),
        };
        // As the server's administrator: the README's set-up.
        m.admin(&format!(
            "CREATE ROLE {o} LOGIN PASSWORD 'x' NOSUPERUSER NOCREATEDB NOCREATEROLE;
             CREATE DATABASE {d} OWNER {o} ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
             REVOKE ALL ON DATABASE {d} FROM PUBLIC;
             CREATE ROLE {bk} LOGIN PASSWORD 'x';
             CREATE ROLE {tn} LOGIN PASSWORD 'x';
             CREATE ROLE {s} LOGIN PASSWORD 'x';
             CREATE ROLE {svc} LOGIN PASSWORD 'x';
             CREATE ROLE {tn25} LOGIN PASSWORD 'x';
             GRANT CONNECT ON DATABASE {d} TO {bk}, {tn}, {s}, {svc}, {tn25};
             GRANT {bk} TO {svc};",
            o = m.owner,
            d = m.db,
            bk = m.bk,
            tn = m.tn,
            s = m.stranger,
            svc = m.service,
            tn25 = m.tn25
        ));
        m
    }

    /// Statements run one by one as the server's administrator (`CREATE DATABASE` may not
    /// share a transaction).
    fn admin(&self, sql: &str) {
        let mut c = postgres::Client::connect(&format!("{}/postgres", self.base), postgres::NoTls).unwrap();
        for st in sql.split(';').filter(|s| !s.trim().is_empty()) {
            c.batch_execute(st).unwrap_or_else(|e| panic!("{st}: {e}"));
        }
    }

    /// The database's address for a role.
    fn url(&self, role: &str) -> String {
        format!(
            "{}/{}",
            self.base.replacen("postgres@", &format!("{role}@"), 1),
            self.db
        )
    }

    /// A plain SQL connection with a role's own credentials.
    fn sql(&self, role: &str) -> postgres::Client {
        postgres::Client::connect(&self.url(role), postgres::NoTls).unwrap()
    }

    /// The real binary on the database as a role.
    fn kttt(&self, role: &str, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_kttt"))
            .args(args)
            .env("KTTT_DB", self.url(role))
            .env("KTTT_CONFIG", self.dir.path().join("none.toml"))
            .env("HOME", self.dir.path())
            .env_remove("KTTT_LANG")
            .output()
            .unwrap()
    }

    fn count(&self, sql: &str) -> i64 {
        self.sql(&self.owner).query_one(sql, &[]).unwrap().get(0)
    }

    fn figure(&self, unit: &str) -> Option<String> {
        self.sql(&self.owner)
            .query_opt(
                "SELECT value::text FROM value WHERE org_unit = $1 AND indicator = 'htx.total'
                 AND year = 2020 AND kind = 'plan' AND funding = 'total'",
                &[&unit],
            )
            .unwrap()
            .map(|r| r.get(0))
    }
}

impl Drop for Ministry {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&format!("{}/postgres", self.base), postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.db));
            let _ = c.batch_execute(&format!(
                "DROP ROLE IF EXISTS {}, {}, {}, {}, {}, {}",
                self.bk, self.tn, self.stranger, self.service, self.tn25, self.owner
            ));
        }
    }
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn refused(o: &Output) -> String {
    assert!(
        !o.status.success(),
        "expected a refusal: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn run(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kttt"))
        .args(args)
        .env("KTTT_DB", db)
        .env_remove("KTTT_LANG")
        .env_remove("KTTT_CONFIG")
        .output()
        .unwrap()
}

/// A statement run with a role's own credentials must fail with the server's refusal (a
/// privilege, a row-level policy or kttt's trigger), changing nothing.
fn sql_refused(c: &mut postgres::Client, sql: &str) -> String {
    let e = c
        .batch_execute(&format!("BEGIN; {sql}; COMMIT"))
        .expect_err(&format!("{sql} must be refused"));
    let _ = c.batch_execute("ROLLBACK");
    let d = e.as_db_error().unwrap_or_else(|| panic!("{sql}: {e}"));
    assert_eq!(d.code().code(), "42501", "{sql}: {}", d.message());
    d.message().to_string()
}

/// Statements run in one transaction after a batch row naming the role itself (its id is
/// put for `{batch}`), as kttt writes; the server's refusal, if any, with what it said.
fn in_batch(c: &mut postgres::Client, who: &str, sql: &str) -> Result<(), String> {
    let mut tx = c.transaction().unwrap();
    let id: i64 = tx
        .query_one(
            "INSERT INTO batch (at, os_user, action) VALUES ('x', $1, 'set') RETURNING id",
            &[&who],
        )
        .unwrap()
        .get(0);
    let done = tx
        .batch_execute(&sql.replace("{batch}", &id.to_string()))
        .and_then(|()| tx.commit());
    done.map_err(|e| {
        let d = e.as_db_error().unwrap_or_else(|| panic!("{sql}: {e}"));
        assert_eq!(d.code().code(), "42501", "{sql}: {}", d.message());
        d.message().to_string()
    })
}

/// A statement that the role's policies let see no row: it changes nothing.
fn sql_touches_nothing(c: &mut postgres::Client, sql: &str) {
    assert_eq!(c.execute(sql, &[]).unwrap(), 0, "{sql}");
}

#[test]
fn each_province_logs_in_as_its_own_role_and_the_database_refuses_every_cross_province_write() {
    let m = Ministry::new();
    // The owner role installs and names the users: each province's pushing role enters its
    // own province only.
    ok(&m.kttt(&m.owner, &["init", "--empty"]));
    ok(&m.kttt(&m.owner, &["user", "add", &m.bk, "--display", "Sở KH&ĐT Bắc Kạn"]));
    ok(&m.kttt(&m.owner, &["user", "add", &m.tn, "--display", "Sở KH&ĐT Thái Nguyên"]));
    ok(&m.kttt(&m.owner, &["user", "grant", &m.bk, "enter", "bac-kan"]));
    ok(&m.kttt(&m.owner, &["user", "grant", &m.tn, "enter", "thai-nguyen-2004"]));
    ok(&m.kttt(&m.owner, &["user", "add", &m.tn25]));
    ok(&m.kttt(&m.owner, &["user", "grant", &m.tn25, "read", "thai-nguyen"]));
    assert_eq!(
        m.count("SELECT count(*) FROM app_grant WHERE role = 'admin'"),
        0,
        "on a server the first user is no administrator: the owner role is"
    );

    // Bắc Kạn's own database approves its plan (Chợ Đồn's is only submitted) and pushes it as
    // the province's role.
    let p = tempfile::tempdir().unwrap();
    let pdb = p.path().join("bac-kan.sqlite3").display().to_string();
    ok(&run(&pdb, &["init"]));
    ok(&run(&pdb, &["--unit", "ba-be", "set", "htx.total", "KH2020", "20"]));
    ok(&run(&pdb, &["--unit", "cho-don", "set", "htx.total", "KH2020", "31"]));
    for (u, steps) in [
        ("ba-be", &["submit", "approve"][..]),
        ("cho-don", &["submit"][..]),
        ("bac-kan", &["submit", "approve"][..]),
    ] {
        for s in steps {
            ok(&run(&pdb, &["--unit", u, "plan", s]));
        }
    }
    // Thái Nguyên's role may not receive Bắc Kạn's figures: nothing is written.
    let before = m.count("SELECT count(*) FROM audit");
    let e = refused(&run(&pdb, &["push", "--to", &m.url(&m.tn)]));
    assert!(e.contains("không có quyền nhập số liệu cho Tỉnh Bắc Kạn"), "{e}");
    assert_eq!(m.count("SELECT count(*) FROM audit"), before);
    assert_eq!(m.figure("bac-kan"), None);
    // Bắc Kạn's own role may; the audit names the role, not the client's account.
    ok(&run(&pdb, &["push", "--to", &m.url(&m.bk)]));
    assert_eq!(m.figure("bac-kan").as_deref(), Some("201"));
    assert_eq!(
        m.count(&format!(
            "SELECT count(*) FROM batch WHERE action = 'push' AND os_user = '{}'",
            m.bk
        )),
        1
    );

    // Through kttt: Thái Nguyên's role works in its own province, and may not even look at
    // Bắc Kạn's; a role that is no kttt user opens nothing.
    ok(&m.kttt(
        &m.tn,
        &["--unit", "thai-nguyen-2004", "set", "htx.total", "KH2020", "40"],
    ));
    let e = refused(&m.kttt(&m.tn, &["--unit", "bac-kan", "set", "htx.total", "KH2020", "98"]));
    assert!(e.contains("không có quyền xem Tỉnh Bắc Kạn"), "{e}");
    let e = refused(&m.kttt(&m.tn, &["--unit", "cho-don", "note", "htx.total", "KH2020", "sai"]));
    assert!(e.contains("không có quyền"), "{e}");
    let e = refused(&m.kttt(&m.stranger, &["--unit", "bac-kan", "show", "1"]));
    assert!(e.contains("chưa có trong danh sách người dùng"), "{e}");
    // A non-owner role never migrates or writes on opening; the owner role's audit has all
    // the schema steps.
    assert_eq!(
        m.count(&format!(
            "SELECT count(*) FROM audit WHERE action = 'schema.migrate' AND os_user <> '{}'",
            m.owner
        )),
        0
    );
    // Bắc Kạn's role makes a scenario for its province.
    ok(&m.kttt(&m.bk, &["--unit", "bac-kan", "scenario", "new", "PA Bắc Kạn"]));

    // `--as` through a service account: the service role switches to the official's role
    // (it is a member of Bắc Kạn's, not of Thái Nguyên's), so the server still enforces it.
    std::fs::write(
        m.dir.path().join("svc.toml"),
        format!(
            "db = \"{}\"\nservice_account = \"{}\"\n",
            m.url(&m.service),
            kttt::store::os_account()
        ),
    )
    .unwrap();
    let as_ = |who: &str, args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_kttt"))
            .args(["--as", who])
            .args(args)
            .env("KTTT_CONFIG", m.dir.path().join("svc.toml"))
            .env("HOME", m.dir.path())
            .env_remove("KTTT_DB")
            .env_remove("KTTT_LANG")
            .output()
            .unwrap()
    };
    ok(&as_(&m.bk, &["--unit", "cho-don", "set", "htx.total", "KH2020", "33"]));
    assert_eq!(m.figure("cho-don").as_deref(), Some("33"));
    assert_eq!(
        m.count(&format!(
            "SELECT count(*) FROM audit WHERE org_unit = 'cho-don' AND os_user = '{}' AND new_value = 33",
            m.bk
        )),
        1,
        "the audit names the official's role"
    );
    let e = refused(&as_(&m.tn, &["--unit", "thai-nguyen-2004", "show", "1"]));
    assert!(e.contains(&format!("GRANT {} TO {}", m.tn, m.service)), "{e}");

    // Plain SQL with Thái Nguyên's own credentials: every cross-province write is refused
    // (or sees no row), and nothing changes.
    let audits = m.count("SELECT count(*) FROM audit");
    let mut tn = m.sql(&m.tn);
    let bk_cell = "org_unit = 'bac-kan' AND indicator = 'htx.total' AND year = 2020 AND kind = 'plan'";
    sql_touches_nothing(&mut tn, &format!("UPDATE value SET value = 98 WHERE {bk_cell}"));
    sql_touches_nothing(&mut tn, &format!("UPDATE value SET note = 'sai' WHERE {bk_cell}"));
    sql_touches_nothing(&mut tn, "UPDATE value SET value = 1 WHERE org_unit = 'cho-don'");
    sql_refused(&mut tn, "DELETE FROM value WHERE org_unit = 'bac-kan'");
    sql_refused(&mut tn, "TRUNCATE value");
    sql_refused(
        &mut tn,
        &format!(
            "INSERT INTO value (org_unit, year, kind, indicator, funding, value, source, updated_at, updated_by)
             VALUES ('cho-moi', 2020, 'plan', 'htx.total', 'total', 5, 'user', 'x', '{}')",
            m.tn
        ),
    );
    // The audit trail: no row naming someone else, no row about another province, nothing
    // rewritten.
    sql_refused(
        &mut tn,
        &format!(
            "INSERT INTO batch (at, os_user, action) VALUES ('x', '{}', 'set')",
            m.bk
        ),
    );
    let e = in_batch(
        &mut tn,
        &m.tn,
        &format!(
            "INSERT INTO audit (at, os_user, action, org_unit, batch) VALUES ('x', '{}', 'set', 'thai-nguyen-2004', {{batch}})",
            m.bk
        ),
    )
    .expect_err("an audit row naming someone else");
    assert!(e.contains("row-level security policy for table \"audit\""), "{e}");
    let e = in_batch(
        &mut tn,
        &m.tn,
        &format!(
            "INSERT INTO audit (at, os_user, action, org_unit, batch) VALUES ('x', '{}', 'set', 'bac-kan', {{batch}})",
            m.tn
        ),
    )
    .expect_err("an audit row about another province");
    assert!(e.contains("row-level security policy for table \"audit\""), "{e}");
    sql_refused(&mut tn, "UPDATE audit SET detail = 'x' WHERE org_unit = 'bac-kan'");
    sql_refused(&mut tn, "DELETE FROM audit");
    // Plan states: no approving, reopening or deleting Bắc Kạn's plans.
    sql_touches_nothing(
        &mut tn,
        "UPDATE plan_state SET state = 'returned' WHERE org_unit = 'bac-kan'",
    );
    sql_refused(
        &mut tn,
        &format!(
            "INSERT INTO plan_state (org_unit, year, state, at, by_user) VALUES ('cho-don', 2020, 'approved', 'x', '{}')",
            m.tn
        ),
    );
    sql_refused(&mut tn, "DELETE FROM plan_state");
    // Scenarios: Bắc Kạn's cannot be renamed, discarded, filled or deleted.
    sql_touches_nothing(&mut tn, "UPDATE scenario SET status = 'discarded'");
    sql_touches_nothing(&mut tn, "UPDATE scenario SET name = 'x', name_key = 'x'");
    sql_refused(&mut tn, "DELETE FROM scenario");
    // (It cannot even see the scenario; its id is guessed.)
    let sid = m.count("SELECT id FROM scenario");
    let e = sql_refused(
        &mut tn,
        &format!(
            "INSERT INTO batch (at, os_user, action, scenario) VALUES ('x', '{tn}', 'scenario.set', {sid});
             INSERT INTO scenario_value (scenario, indicator, org_unit, year, kind, funding, value, base_rev, updated_at, updated_by)
             VALUES ({sid}, 'htx.total', 'thai-nguyen-2004', 2020, 'plan', 'total', 1, 0, 'x', '{tn}')",
            tn = m.tn
        ),
    );
    assert!(
        e.contains("row-level security policy for table \"scenario_value\""),
        "{e}"
    );
    // Users and grants: no new grant, no user removed or added, no grant taken away.
    sql_refused(
        &mut tn,
        &format!(
            "INSERT INTO app_grant (user_name, org_unit, role, granted_at, granted_by)
             VALUES ('{tn}', 'bac-kan', 'enter', 'x', '{tn}')",
            tn = m.tn
        ),
    );
    sql_refused(
        &mut tn,
        "INSERT INTO app_user (name, display, created_at, created_by) VALUES ('x', 'x', 'x', 'x')",
    );
    sql_touches_nothing(
        &mut tn,
        &format!("UPDATE app_user SET removed_at = 'x' WHERE name = '{}'", m.bk),
    );
    sql_touches_nothing(&mut tn, "DELETE FROM app_grant");
    sql_refused(
        &mut tn,
        "INSERT INTO plan (year, title, created_at, created_by) VALUES (2030, 'x', 'x', 'x')",
    );
    // No way around the guard: not the owner's role, not its triggers, not its policies.
    for sql in [
        format!("SET ROLE {}", m.owner),
        "ALTER TABLE value DISABLE TRIGGER kttt_value_guard".to_string(),
        "ALTER TABLE value DISABLE ROW LEVEL SECURITY".to_string(),
        "DROP POLICY kttt_change ON value".to_string(),
    ] {
        let e = tn.batch_execute(&sql).expect_err(&sql);
        assert!(e.as_db_error().is_some(), "{sql}: {e}");
    }
    // Reading: another province's figures, audit rows, plan states and scenarios are not
    // there for it; its own are.
    let sees = |c: &mut postgres::Client, sql: &str| -> i64 { c.query_one(sql, &[]).unwrap().get(0) };
    for (table, unit) in [
        ("value", "org_unit = 'bac-kan'"),
        ("value", "org_unit = 'cho-don'"),
        ("audit", "org_unit = 'bac-kan'"),
        ("plan_state", "org_unit = 'bac-kan'"),
        ("scenario", "unit = 'bac-kan'"),
    ] {
        let sql = format!("SELECT count(*) FROM {table} WHERE {unit}");
        assert!(m.count(&sql) > 0, "the owner sees {sql}");
        assert_eq!(sees(&mut tn, &sql), 0, "Thái Nguyên's role does not: {sql}");
    }
    assert!(
        sees(
            &mut tn,
            "SELECT count(*) FROM value WHERE org_unit = 'thai-nguyen-2004'"
        ) > 0
    );
    // The new Thái Nguyên (after the 2025 reform) reads what it was formed from: the old
    // Bắc Kạn's and the old Thái Nguyên's figures, for its prior-year columns.
    let mut tn25 = m.sql(&m.tn25);
    assert!(sees(&mut tn25, "SELECT count(*) FROM value WHERE org_unit = 'bac-kan'") > 0);
    assert!(sees(&mut tn25, "SELECT count(*) FROM value WHERE org_unit = 'cho-don'") > 0);
    assert!(
        sees(
            &mut tn25,
            "SELECT count(*) FROM value WHERE org_unit = 'thai-nguyen-2004'"
        ) > 0
    );

    // Its own province: a figure changes only with its audit row from the same transaction.
    let own = "org_unit = 'thai-nguyen-2004' AND indicator = 'htx.total' AND year = 2020 AND kind = 'plan'";
    let e = sql_refused(
        &mut tn,
        &format!("UPDATE value SET value = 41, updated_by = '{}' WHERE {own}", m.tn),
    );
    assert!(e.contains("không có dòng nhật ký"), "{e}");
    in_batch(
        &mut tn,
        &m.tn,
        &format!(
            "INSERT INTO audit (at, os_user, action, indicator, org_unit, year, kind, funding, old_value, new_value, batch)
             VALUES ('x', '{tn}', 'set', 'htx.total', 'thai-nguyen-2004', 2020, 'plan', 'total', 40, 41, {{batch}});
             UPDATE value SET value = 41, rev = rev + 1, updated_by = '{tn}' WHERE {own}",
            tn = m.tn
        ),
    )
    .expect("an audited change of its own figure, as kttt writes it");
    assert_eq!(m.count("SELECT count(*) FROM audit"), audits + 1, "only that audit row");
    // Bắc Kạn's role cannot change its own approved (locked) figure by SQL either.
    let mut bk = m.sql(&m.bk);
    let e = in_batch(
        &mut bk,
        &m.bk,
        &format!(
            "INSERT INTO audit (at, os_user, action, indicator, org_unit, year, kind, funding, old_value, new_value, batch)
             VALUES ('x', '{bk}', 'set', 'htx.total', 'bac-kan', 2020, 'plan', 'total', 201, 98, {{batch}});
             UPDATE value SET value = 98, updated_by = '{bk}' WHERE {bk_cell}",
            bk = m.bk
        ),
    )
    .expect_err("a locked figure");
    assert!(e.contains("bị khoá"), "{e}");
    assert_eq!(
        m.figure("bac-kan").as_deref(),
        Some("201"),
        "Bắc Kạn's figure is as pushed"
    );
    assert_eq!(m.figure("cho-moi"), None);

    // Kept roll-ups: a role that does not administer the unit reads them but keeps none,
    // and can neither forge them nor move the generations they are checked against.
    let kept = |u: &str| m.count(&format!("SELECT count(*) FROM rollup_kept WHERE org_unit = '{u}'"));
    let shown = ok(&m.kttt(&m.bk, &["--unit", "bac-kan", "show", "1"]));
    assert_eq!(kept("bac-kan"), 0, "Bắc Kạn's role enters, does not administer");
    sql_refused(
        &mut bk,
        "INSERT INTO rollup_kept (org_unit, year, form, stamp, cells) VALUES ('bac-kan', 2020, 'f', 's', 'x')",
    );
    sql_refused(&mut bk, "UPDATE rollup_gen SET gen = 0");
    // The owner role keeps them; Bắc Kạn's role then sees the same sheet drawn from them.
    ok(&m.kttt(&m.owner, &["--unit", "bac-kan", "show", "1"]));
    assert_eq!(kept("bac-kan"), 1);
    assert_eq!(ok(&m.kttt(&m.bk, &["--unit", "bac-kan", "show", "1"])), shown);
    sql_touches_nothing(&mut tn, "UPDATE rollup_kept SET cells = 'x'");
}

#[test]
fn a_province_administrator_adds_its_office_s_rows_and_the_server_refuses_it_a_ministry_form() {
    let m = Ministry::new();
    ok(&m.kttt(&m.owner, &["init", "--empty"]));
    ok(&m.kttt(&m.owner, &["user", "add", &m.tn25]));
    ok(&m.kttt(&m.owner, &["user", "grant", &m.tn25, "admin", "thai-nguyen"]));
    let mut tn = m.sql(&m.tn25);
    let row = |id: &str, office: &str| {
        format!(
            "INSERT INTO form (id, position, from_year, based_on, body, why, created_at, created_by, office)
             VALUES ('{id}', (SELECT COALESCE(MAX(position), 0) + 1 FROM form), 2027, 'hai-cap-2027', 'x', 'x', 'x', '{}', {office})",
            m.tn25
        )
    };
    // Past kttt, straight to the server: not a ministry form, not another province's rows.
    let e = sql_refused(&mut tn, &row("bo-2029", "NULL"));
    assert!(e.contains("row-level security policy for table \"form\""), "{e}");
    let e = sql_refused(&mut tn, &row("bk-2027", "'bac-kan'"));
    assert!(e.contains("row-level security policy for table \"form\""), "{e}");
    assert_eq!(m.count("SELECT count(*) FROM form"), 0);
    // Through kttt, its own office's rows.
    let file = m.dir.path().join("tn.toml");
    std::fs::write(
        &file,
        "version = 1\n[form]\nid = \"tn-2027\"\nbased_on = \"hai-cap-2027\"\nfrom_year = 2027\noffice = \"thai-nguyen\"\ntitle_vi = \"x\"\ntitle_en = \"x\"\nissuer_vi = \"x\"\nissuer_en = \"x\"\norigin_vi = \"x\"\norigin_en = \"x\"\nchecked = true\nlevels = [\"province\", \"commune\"]\n[[add]]\nafter = \"htx.effective\"\ncode = \"tn.htx.tourism\"\nvi = \"Số HTX du lịch cộng đồng\"\nen = \"Community tourism cooperatives\"\nunit = \"htx\"\nparent = \"htx.total\"\nrel = \"of-which\"\n",
    )
    .unwrap();
    let said = ok(&m.kttt(
        &m.tn25,
        &["form", "import", file.to_str().unwrap(), "--why", "QĐ 12/QĐ-STC"],
    ));
    assert!(
        said.contains("Đã thêm biểu mẫu tn-2027 cho thai-nguyen và các đơn vị cấp dưới"),
        "{said}"
    );
    assert_eq!(m.count("SELECT count(*) FROM form WHERE office = 'thai-nguyen'"), 1);
}
