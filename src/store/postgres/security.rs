//! The database's own guard (schema step 4): who may write what is checked by PostgreSQL
//! itself, not only by kttt, so that an official's role in `psql` can do no more than kttt
//! would let it. The role a connection is authenticated as (or switched to with `SET ROLE`)
//! is the kttt user; the role that owns the database (and a superuser) installs, migrates
//! and is trusted, as the owner of an SQLite file is.
//!
//! - `SECURITY DEFINER` functions answer what `domain::access` answers: may a role read,
//!   enter, approve or administer a unit (a role on a unit covers its subtree; `admin` covers
//!   every role; `approve` is held above the unit; a database without users is open), is a
//!   cell locked by an approved plan, may a role manage a scenario. Policies pass
//!   `current_user` to them (inside a definer function `current_user` is the definer).
//! - Row-level security on every table kttt writes, by the role's units: figures, scenario
//!   cells, plan states and the audit trail are seen only for the units the role may read
//!   (with the units they were formed from in a reform), written only as its roles allow.
//! - A figure changes only with its audit row: a trigger checks, when the transaction
//!   commits, that the same transaction wrote an audit row naming the role for that cell and
//!   that new value (batches carry the transaction's id); another checks at once that the
//!   role enters the unit and that no approved plan locks the cell. The owner skips them
//!   (bulk loads).
//! - Only the table privileges kttt needs are granted, to `PUBLIC`: which roles reach the
//!   database at all is its `CONNECT` privilege (`REVOKE ALL ON DATABASE … FROM PUBLIC`,
//!   then `GRANT CONNECT` per role; see the README).

/// Schema step 4.
pub const STEP: &str = r#"
ALTER TABLE scenario ADD COLUMN unit TEXT REFERENCES org_unit (code);
UPDATE scenario s SET unit = c.org_unit FROM (
    SELECT scenario, min(org_unit) AS org_unit FROM (
        SELECT scenario, org_unit FROM scenario_value
        UNION SELECT scenario, org_unit FROM scenario_applied) x
    GROUP BY scenario HAVING count(DISTINCT org_unit) = 1) c
WHERE c.scenario = s.id;
ALTER TABLE batch ADD COLUMN txid BIGINT;
ALTER TABLE batch ALTER COLUMN txid SET DEFAULT txid_current();
CREATE INDEX batch_by_txid ON batch (txid);
INSERT INTO meta (key, value) VALUES ('database_id', substr(md5(random()::text || clock_timestamp()::text), 1, 16))
    ON CONFLICT (key) DO NOTHING;

-- The role owns the database (or acts with its privileges), or is a superuser.
CREATE FUNCTION kttt_trusted() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false)
        OR pg_has_role(current_user, (SELECT datdba FROM pg_database WHERE datname = current_database()), 'USAGE')
$$;

-- May role `who` do `need` ('read', 'enter', 'approve', 'admin') on `unit`? A NULL unit asks
-- about any unit: 'admin' any admin grant, 'enter' any role that writes, 'read' any grant.
CREATE FUNCTION kttt_may(who TEXT, need TEXT, unit TEXT) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT NOT EXISTS (SELECT 1 FROM app_user WHERE removed_at IS NULL)
        OR CASE WHEN unit IS NULL THEN EXISTS (
            SELECT 1 FROM app_grant g JOIN app_user u ON u.name = g.user_name AND u.removed_at IS NULL
            WHERE g.user_name = who
              AND (g.role = 'admin' OR need = 'read' OR (need = 'enter' AND g.role <> 'read')))
        ELSE EXISTS (
            WITH RECURSIVE up (code, depth) AS (
                SELECT CASE WHEN need = 'approve' THEN o.parent ELSE o.code END, 0
                FROM org_unit o WHERE o.code = unit
                UNION ALL
                SELECT o.parent, up.depth + 1 FROM up JOIN org_unit o ON o.code = up.code
                WHERE o.parent IS NOT NULL AND up.depth < 16)
            SELECT 1 FROM up
            JOIN app_grant g ON g.org_unit = up.code
            JOIN app_user u ON u.name = g.user_name AND u.removed_at IS NULL
            WHERE g.user_name = who AND (g.role = 'admin' OR g.role = need OR need = 'read'))
        END
$$;

-- Is a unit's cell locked by a plan sent up or approved? A plan of year N locks actual N-2,
-- plan and estimate N-1, and plan N.
CREATE FUNCTION kttt_locked(unit TEXT, yr BIGINT, kind TEXT) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM plan_state p WHERE p.org_unit = unit AND p.state IN ('approved', 'submitted')
        AND ((kind = 'actual' AND p.year = yr + 2)
          OR (kind = 'estimate' AND p.year = yr + 1)
          OR (kind = 'plan' AND p.year IN (yr, yr + 1))))
$$;

-- Is `unit` the unit `top` or below it (a NULL top holds every unit)?
CREATE FUNCTION kttt_within(unit TEXT, top TEXT) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT top IS NULL OR EXISTS (
        WITH RECURSIVE up (code, depth) AS (
            SELECT unit, 0
            UNION ALL
            SELECT o.parent, up.depth + 1 FROM up JOIN org_unit o ON o.code = up.code
            WHERE o.parent IS NOT NULL AND up.depth < 16)
        SELECT 1 FROM up WHERE code = top)
$$;

-- May role `who` rename, discard, apply or revert scenario `sid`: it made it, or it enters
-- the scenario's unit (every top unit when none is recorded) and every unit of its cells.
CREATE FUNCTION kttt_may_manage(who TEXT, sid BIGINT) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT coalesce((
        SELECT s.created_by = who OR (
            CASE WHEN s.unit IS NULL
                THEN NOT EXISTS (SELECT 1 FROM org_unit r WHERE r.parent IS NULL AND NOT kttt_may(who, 'enter', r.code))
                ELSE kttt_may(who, 'enter', s.unit) END
            AND NOT EXISTS (SELECT 1 FROM scenario_value v
                            WHERE v.scenario = s.id AND NOT kttt_may(who, 'enter', v.org_unit)))
        FROM scenario s WHERE s.id = sid), false)
$$;

-- Did role `who` start a batch in this transaction (for scenario `sid`, or with `action`)?
CREATE FUNCTION kttt_own_batch(who TEXT, sid BIGINT, act TEXT) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM batch b WHERE b.txid = txid_current() AND b.os_user = who
        AND (sid IS NULL OR b.scenario = sid) AND (act IS NULL OR b.action = act))
$$;

-- Did role `who` write, in this transaction, the audit row of this change of a figure (or,
-- `note`, of its comment)?
CREATE FUNCTION kttt_audited(who TEXT, r value, note BOOLEAN) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM audit a JOIN batch b ON b.id = a.batch
        WHERE a.indicator = r.indicator AND a.org_unit = r.org_unit AND a.year = r.year AND a.kind = r.kind
          AND a.funding = r.funding AND a.scenario_id IS NULL
          AND b.txid = txid_current() AND a.os_user = who AND b.os_user = who
          AND CASE WHEN note THEN a.action = 'note'
                   ELSE a.action <> 'note' AND a.new_value IS NOT DISTINCT FROM r.value END)
$$;

-- Whether a write of `value` is only a comment (an update of the note alone, or a new blank
-- row that carries a note).
CREATE FUNCTION kttt_note_only(op TEXT, o value, n value) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN op = 'INSERT' THEN n.value IS NULL AND n.note IS NOT NULL
        ELSE (n.value, n.source, n.rev, n.updated_at, n.updated_by)
             IS NOT DISTINCT FROM (o.value, o.source, o.rev, o.updated_at, o.updated_by) END
$$;

-- At once: a figure is written only by a role that enters its unit, as itself, into a cell
-- no approved plan locks (a push may add a cell the ministry lacks); keys never change.
CREATE FUNCTION kttt_value_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    who TEXT := current_user;
BEGIN
    IF kttt_trusted() THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.org_unit, NEW.year, NEW.kind, NEW.indicator, NEW.funding)
            IS DISTINCT FROM (OLD.org_unit, OLD.year, OLD.kind, OLD.indicator, OLD.funding) THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = 'kttt: không được đổi khoá của một số liệu.',
            DETAIL = 'kttt: the key of a figure cannot change.';
    END IF;
    IF kttt_note_only(TG_OP, CASE WHEN TG_OP = 'UPDATE' THEN OLD ELSE NEW END, NEW) THEN
        RETURN NEW;
    END IF;
    IF NOT kttt_may(who, 'enter', NEW.org_unit) THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = format('kttt: vai trò %s không có quyền nhập số liệu cho %s.', who, NEW.org_unit),
            DETAIL = format('kttt: role %s may not enter figures for %s.', who, NEW.org_unit);
    END IF;
    IF NEW.updated_by IS DISTINCT FROM who THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = format('kttt: số liệu phải ghi tên người ghi là %s.', who),
            DETAIL = format('kttt: a figure written by %s must name %s.', who, who);
    END IF;
    IF kttt_locked(NEW.org_unit, NEW.year, NEW.kind)
       AND NOT (TG_OP = 'INSERT' AND kttt_own_batch(who, NULL, 'push')) THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = format('kttt: kế hoạch của %s đã gửi lên hoặc được duyệt: số liệu %s %s %s bị khoá.',
                             NEW.org_unit, NEW.indicator, NEW.kind, NEW.year),
            DETAIL = format('kttt: the plan of %s is sent up or approved: figure %s %s %s is locked.',
                            NEW.org_unit, NEW.indicator, NEW.kind, NEW.year);
    END IF;
    RETURN NEW;
END $$;

-- At commit: every change of a figure (or comment) has its audit row from the same
-- transaction, naming the role.
CREATE FUNCTION kttt_value_audited() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    note BOOLEAN := kttt_note_only(TG_OP, CASE WHEN TG_OP = 'UPDATE' THEN OLD ELSE NEW END, NEW);
BEGIN
    IF NOT kttt_audited(current_user, NEW, note) THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = format('kttt: số liệu %s %s %s %s %s được ghi mà không có dòng nhật ký của %s.',
                             NEW.org_unit, NEW.indicator, NEW.kind, NEW.year, NEW.funding, current_user),
            DETAIL = format('kttt: figure %s %s %s %s %s was written without its audit row by %s.',
                            NEW.org_unit, NEW.indicator, NEW.kind, NEW.year, NEW.funding, current_user);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER kttt_value_guard BEFORE INSERT OR UPDATE ON value
    FOR EACH ROW EXECUTE FUNCTION kttt_value_guard();
CREATE CONSTRAINT TRIGGER kttt_value_audited AFTER INSERT OR UPDATE ON value
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NOT kttt_trusted()) EXECUTE FUNCTION kttt_value_audited();

-- A scenario keeps its maker and its unit.
CREATE FUNCTION kttt_scenario_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT kttt_trusted() AND (NEW.id, NEW.created_by, NEW.created_at, NEW.unit)
            IS DISTINCT FROM (OLD.id, OLD.created_by, OLD.created_at, OLD.unit) THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = 'kttt: người tạo và đơn vị của phương án không đổi được.',
            DETAIL = 'kttt: the maker and the unit of a scenario cannot change.';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER kttt_scenario_guard BEFORE UPDATE ON scenario
    FOR EACH ROW EXECUTE FUNCTION kttt_scenario_guard();

-- The units role `who` may see: every unit under one it holds a role on, and the units
-- those were formed from in a reform (their figures before it), with everything under them.
CREATE FUNCTION kttt_readable(who TEXT) RETURNS SETOF TEXT
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH RECURSIVE below (code) AS (
        SELECT g.org_unit FROM app_grant g JOIN app_user u ON u.name = g.user_name AND u.removed_at IS NULL
        WHERE g.user_name = who
        UNION
        SELECT e.part FROM (
            SELECT parent AS whole, code AS part FROM org_unit WHERE parent IS NOT NULL
            UNION ALL
            SELECT new_unit, old_unit FROM org_mapping) e
        JOIN below b ON e.whole = b.code)
    SELECT code FROM below
$$;

-- Whether role `who` may see every unit: the database has no users, or the role holds a role
-- on every top unit.
CREATE FUNCTION kttt_reads_all(who TEXT) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT NOT EXISTS (SELECT 1 FROM app_user WHERE removed_at IS NULL)
        OR NOT EXISTS (SELECT 1 FROM org_unit r WHERE r.parent IS NULL AND NOT kttt_may(who, 'read', r.code))
$$;

-- Every table an official's role writes: row-level security on. The tables of figures and
-- of what happens to them are read only for the units the role may see (the two functions
-- run once per statement, as sub-queries); the others by everyone. The tables only
-- administrators change (users, units and their mapping) are in the same loop.
DO $$
DECLARE
    t TEXT;
    seen CONSTANT TEXT := '(SELECT kttt_reads_all(current_user)) OR %s IN (SELECT kttt_readable(current_user))';
BEGIN
    FOREACH t IN ARRAY ARRAY['value', 'scenario', 'scenario_value', 'scenario_applied', 'plan_state', 'plan',
                             'app_user', 'app_grant', 'org_unit', 'org_mapping', 'push_received', 'batch', 'audit'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['value', 'scenario_value', 'scenario_applied', 'plan_state'] LOOP
        EXECUTE format('CREATE POLICY kttt_read ON %I FOR SELECT USING (' || seen || ')', t, 'org_unit');
    END LOOP;
    EXECUTE 'CREATE POLICY kttt_read ON audit FOR SELECT USING (org_unit IS NULL OR '
        || format(seen, 'org_unit') || ')';
    EXECUTE 'CREATE POLICY kttt_read ON scenario FOR SELECT USING (unit IS NULL OR created_by = current_user OR '
        || format(seen, 'unit') || ')';
    FOREACH t IN ARRAY ARRAY['plan', 'app_user', 'app_grant', 'org_unit', 'org_mapping', 'push_received', 'batch'] LOOP
        EXECUTE format('CREATE POLICY kttt_read ON %I FOR SELECT USING (true)', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['app_user', 'org_unit', 'org_mapping'] LOOP
        EXECUTE format('CREATE POLICY kttt_add ON %I FOR INSERT WITH CHECK (kttt_may(current_user, ''admin'', NULL))', t);
        EXECUTE format('CREATE POLICY kttt_change ON %I FOR UPDATE USING (kttt_may(current_user, ''admin'', NULL))
                        WITH CHECK (kttt_may(current_user, ''admin'', NULL))', t);
    END LOOP;
END $$;

CREATE POLICY kttt_add ON value FOR INSERT
    WITH CHECK (kttt_may(current_user, 'enter', org_unit) OR kttt_may(current_user, 'approve', org_unit));
CREATE POLICY kttt_change ON value FOR UPDATE
    USING (kttt_may(current_user, 'enter', org_unit) OR kttt_may(current_user, 'approve', org_unit))
    WITH CHECK (kttt_may(current_user, 'enter', org_unit) OR kttt_may(current_user, 'approve', org_unit));

CREATE POLICY kttt_add ON scenario FOR INSERT
    WITH CHECK (created_by = current_user AND unit IS NOT NULL AND status = 'open'
                AND kttt_may(current_user, 'read', unit) AND kttt_may(current_user, 'enter', NULL));
CREATE POLICY kttt_change ON scenario FOR UPDATE
    USING (kttt_may_manage(current_user, id)) WITH CHECK (kttt_may_manage(current_user, id));

-- May role `who` put a cell of `unit` into scenario `sid`: the scenario is open, the role
-- may see it (made it, or reads its unit), and the cell is within the scenario's unit. (A
-- definer function: the scenario must be looked at whether or not the role may see it.)
CREATE FUNCTION kttt_may_fill(who TEXT, sid BIGINT, cell_unit TEXT) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT coalesce((
        SELECT s.status = 'open'
            AND (s.created_by = who OR s.unit IS NULL OR kttt_may(who, 'read', s.unit))
            AND kttt_within(cell_unit, s.unit)
        FROM scenario s WHERE s.id = sid), false)
$$;
CREATE POLICY kttt_add ON scenario_value FOR INSERT
    WITH CHECK (kttt_may(current_user, 'enter', org_unit) AND kttt_own_batch(current_user, scenario, NULL)
                AND kttt_may_fill(current_user, scenario, org_unit));
CREATE POLICY kttt_change ON scenario_value FOR UPDATE
    USING (kttt_may(current_user, 'enter', org_unit))
    WITH CHECK (kttt_may(current_user, 'enter', org_unit) AND kttt_own_batch(current_user, scenario, NULL)
                AND kttt_may_fill(current_user, scenario, org_unit));
CREATE POLICY kttt_drop ON scenario_value FOR DELETE
    USING (kttt_may(current_user, 'enter', org_unit) AND kttt_own_batch(current_user, scenario, NULL));

CREATE POLICY kttt_add ON scenario_applied FOR INSERT
    WITH CHECK (kttt_may(current_user, 'enter', org_unit) AND kttt_own_batch(current_user, scenario, 'scenario.apply'));
CREATE POLICY kttt_drop ON scenario_applied FOR DELETE
    USING (kttt_may(current_user, 'enter', org_unit) AND kttt_own_batch(current_user, scenario, 'scenario.revert'));

-- May role `who` record a plan state, as `by_user`: submitting needs `enter`, approving and
-- returning `approve` above the unit; a push records its own units' approval as sent.
CREATE FUNCTION kttt_may_record(who TEXT, state TEXT, unit TEXT, by_user TEXT) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT (by_user = who AND CASE WHEN state = 'submitted' THEN kttt_may(who, 'enter', unit)
                                   ELSE kttt_may(who, 'approve', unit) END)
        OR (state = 'approved' AND kttt_may(who, 'enter', unit) AND kttt_own_batch(who, NULL, 'push'))
$$;
CREATE POLICY kttt_add ON plan_state FOR INSERT
    WITH CHECK (kttt_may_record(current_user, state, org_unit, by_user));
-- An approved plan is changed only from above (or by a push sending it approved again).
CREATE POLICY kttt_change ON plan_state FOR UPDATE USING (
    CASE WHEN state = 'approved'
         THEN kttt_may(current_user, 'approve', org_unit)
              OR (kttt_may(current_user, 'enter', org_unit) AND kttt_own_batch(current_user, NULL, 'push'))
         ELSE kttt_may(current_user, 'enter', org_unit) OR kttt_may(current_user, 'approve', org_unit) END)
    WITH CHECK (kttt_may_record(current_user, state, org_unit, by_user));

CREATE POLICY kttt_add ON plan FOR INSERT WITH CHECK (created_by = current_user
    AND (kttt_may(current_user, 'admin', NULL) OR kttt_own_batch(current_user, NULL, 'push')));

CREATE POLICY kttt_add ON app_grant FOR INSERT
    WITH CHECK (granted_by = current_user AND kttt_may(current_user, 'admin', org_unit));
CREATE POLICY kttt_drop ON app_grant FOR DELETE USING (kttt_may(current_user, 'admin', org_unit));

CREATE POLICY kttt_add ON push_received FOR INSERT WITH CHECK (kttt_own_batch(current_user, NULL, 'push'));

CREATE POLICY kttt_add ON batch FOR INSERT WITH CHECK (os_user = current_user AND txid = txid_current());

CREATE POLICY kttt_add ON audit FOR INSERT WITH CHECK (os_user = current_user
    AND EXISTS (SELECT 1 FROM batch b WHERE b.id = audit.batch AND b.txid = txid_current() AND b.os_user = current_user)
    AND (org_unit IS NULL OR kttt_may(current_user, 'read', org_unit)));

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO PUBLIC;
GRANT INSERT, UPDATE ON value, scenario, plan_state, app_user, org_unit, org_mapping TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON scenario_value TO PUBLIC;
GRANT INSERT, DELETE ON scenario_applied, app_grant TO PUBLIC;
GRANT INSERT ON batch, audit, plan, push_received TO PUBLIC;
"#;
