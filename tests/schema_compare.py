#!/usr/bin/env python3
"""schema_compare.py — check that the PostgreSQL schema (src/lib/store/schema_pg.c)
matches the SQLite one (the `*schema_vN[]` arrays in src/lib/store/*.c).

    python3 tests/schema_compare.py PG_CONNINFO [--root DIR] [--keep] [--no-behaviour]

Both sets of migrations are read from the C sources (the string literals of
the arrays; every other array named `...schema_vN` in src/lib/store/ is
taken to be SQLite's, `pg_schema_vN` PostgreSQL's). They are applied in
order, one transaction per migration: SQLite in memory (Python's sqlite3,
foreign keys on), PostgreSQL in a fresh schema of PG_CONNINFO (through
psql, which must be on PATH) that is dropped afterwards unless --keep.
Some rows are inserted between migrations, so that the backfills and
ALTERs run over existing data.

Compared: the tables; for each, its columns (name and order, type class,
NOT NULL, default, identity, collation "C" for text), primary key, unique
constraints, foreign keys (columns, target, ON DELETE), the number of CHECK
constraints; named indexes (table, unique, keys, partial or not); triggers
(table, timing, event, UPDATE OF columns, WHEN or not). Then the same
statements are run against both (behaviour): the errors must agree — the
very message for a trigger's refusal, the kind of constraint otherwise —
and so must every table's rows afterwards.

Exit status 0 when everything agrees, 1 otherwise.
"""

import argparse
import glob
import os
import re
import sqlite3
import subprocess
import sys

# ---------------------------------------------------------------------------
# Reading the migrations out of the C sources

ARRAY_RE = re.compile(
    r"(?:static\s+)?const\s+char\s*\*\s*const\s+(\w*schema_v(\d+))\s*\[\s*\]\s*=\s*\{")

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "?": "?",
           "a": "\a", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def c_arrays(path):
    """{name: (version, [string, ...])} for every schema array in a C file."""
    src = open(path, encoding="utf-8").read()
    out = {}
    for m in ARRAY_RE.finditer(src):
        name, version = m.group(1), int(m.group(2))
        i, items, cur, n = m.end(), [], None, len(src)
        while i < n:
            c = src[i]
            if src.startswith("/*", i):
                i = src.index("*/", i) + 2
            elif src.startswith("//", i) or (c == "#" and (i == 0 or src[i - 1] == "\n")):
                i = src.index("\n", i)
            elif c.isspace():
                i += 1
            elif c == '"':
                i += 1
                s = []
                while src[i] != '"':
                    if src[i] == "\\":
                        e = src[i + 1]
                        if e == "x":
                            j = i + 2
                            while j < n and src[j] in "0123456789abcdefABCDEF":
                                j += 1
                            s.append(chr(int(src[i + 2:j], 16)))
                            i = j
                            continue
                        if e in "01234567":
                            j = i + 1
                            while j < i + 4 and src[j] in "01234567":
                                j += 1
                            s.append(chr(int(src[i + 1:j], 8)))
                            i = j
                            continue
                        s.append(ESCAPES[e])
                        i += 2
                    else:
                        s.append(src[i])
                        i += 1
                i += 1
                cur = (cur or "") + "".join(s)
            elif c == ",":
                if cur is not None:
                    items.append(cur)
                cur = None
                i += 1
            elif src.startswith("NULL", i):
                i += 4
            elif c == "}":
                if cur is not None:
                    items.append(cur)
                break
            else:
                raise SystemExit(f"{path}: {name}: cannot read {src[i:i + 40]!r}")
        out[name] = (version, items)
    return out


def migrations(root):
    """(sqlite, pg): each {version: [statement strings]}."""
    store = os.path.join(root, "src", "lib", "store")
    lite, pg = {}, {}
    for path in sorted(glob.glob(os.path.join(store, "*.c"))):
        for name, (version, items) in c_arrays(path).items():
            side = pg if name.startswith("pg_") else lite
            if version in side:
                raise SystemExit(f"two arrays for migration {version}: {name} in {path}")
            side[version] = items
    for side, what in ((lite, "SQLite"), (pg, "PostgreSQL")):
        if not side or sorted(side) != list(range(1, max(side) + 1)):
            raise SystemExit(f"{what} migrations not numbered 1..n: {sorted(side)}")
    if sorted(lite) != sorted(pg):
        raise SystemExit(f"SQLite has migrations {sorted(lite)}, PostgreSQL {sorted(pg)}")
    return lite, pg


# ---------------------------------------------------------------------------
# The two databases

class Lite:
    name = "sqlite"

    def __init__(self):
        self.db = sqlite3.connect(":memory:", isolation_level=None)
        self.db.execute("PRAGMA foreign_keys = ON")

    def migrate(self, stmts):
        self.db.executescript("BEGIN;\n" + "\n".join(s.rstrip().rstrip(";") + ";" for s in stmts)
                              + "\nCOMMIT;")

    def run(self, sql):
        """None, or the error message."""
        try:
            self.db.execute(sql)
            return None
        except sqlite3.Error as e:
            return str(e)

    def rows(self, sql):
        return self.db.execute(sql).fetchall()


class Pg:
    name = "postgresql"

    def __init__(self, conninfo, schema):
        self.conninfo, self.schema = conninfo, schema

    def psql(self, script, check=True):
        cmd = ["psql", "-X", "-q", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1",
               "-d", self.conninfo, "-f", "-"]
        env = dict(os.environ, PGOPTIONS="--client-min-messages=warning")
        p = subprocess.run(cmd, input=f"SET search_path = {self.schema};\n{script}",
                           capture_output=True, text=True, env=env)
        if check and p.returncode != 0:
            raise SystemExit(f"psql failed:\n{p.stderr}")
        return p

    def create(self):
        self.psql(f"RESET search_path; CREATE SCHEMA {self.schema};")

    def drop(self):
        self.psql(f"RESET search_path; DROP SCHEMA IF EXISTS {self.schema} CASCADE;")

    def migrate(self, stmts):
        p = self.psql("BEGIN;\n" + "\n".join(s.rstrip().rstrip(";") + ";" for s in stmts)
                      + "\nCOMMIT;\n", check=False)
        if p.returncode != 0:
            raise SystemExit(f"PostgreSQL migration failed:\n{p.stderr}")

    def run(self, sql):
        p = self.psql(sql + ";\n", check=False)
        if p.returncode == 0:
            return None
        m = re.search(r"ERROR:\s+(.*)", p.stderr)
        return m.group(1).strip() if m else p.stderr.strip()

    def rows(self, sql):
        out = self.psql(sql + ";\n").stdout
        return [tuple(line.split("\t")) for line in out.splitlines() if line]


# ---------------------------------------------------------------------------
# Describing a schema the same way on both sides

TYPES = {"INTEGER": "bigint", "TEXT": "text", "BLOB": "bytea", "REAL": "double precision"}


def norm_default(d):
    if d is None or d == "":
        return None
    d = re.sub(r"::[a-z ]+", "", d.strip())
    while d.startswith("(") and d.endswith(")"):
        d = d[1:-1]
    if re.fullmatch(r"'-?\d+'", d):
        d = d[1:-1]
    return d


def norm_keys(s):
    return re.sub(r"\s+", "", s).lower()


def describe_lite(lite):
    d = {"tables": {}, "indexes": {}, "triggers": {}}
    for (t, sql) in lite.rows("SELECT name, sql FROM sqlite_schema WHERE type = 'table'"
                              " AND name NOT LIKE 'sqlite_%' ORDER BY name"):
        without_rowid = bool(re.search(r"WITHOUT\s+ROWID\s*$", sql, re.I))
        cols = lite.rows(f"SELECT cid, name, type, \"notnull\", dflt_value, pk"
                         f" FROM pragma_table_info('{t}') ORDER BY cid")
        fks = {}
        for (fid, seq, ref, frm, to, _upd, ondel, _m) in lite.rows(
                f"SELECT * FROM pragma_foreign_key_list('{t}') ORDER BY id, seq"):
            fks.setdefault(fid, [ref, [], [], ondel])
            fks[fid][1].append(frm)
            fks[fid][2].append(to)
        fk_cols = {c for f in fks.values() for c in f[1] if len(f[1]) == 1}
        pk = [c[1] for c in sorted((c for c in cols if c[5]), key=lambda c: c[5])]
        rowid_alias = (not without_rowid and len(pk) == 1
                       and [c[2] for c in cols if c[1] == pk[0]] == ["INTEGER"])
        columns = []
        for (_cid, name, typ, notnull, dflt, _pk) in cols:
            identity = rowid_alias and name == pk[0] and name not in fk_cols
            columns.append((name, TYPES.get(typ.upper(), typ), bool(notnull or name in pk),
                            norm_default(dflt), identity,
                            "C" if typ.upper() == "TEXT" else None))
        uniques = set()
        for (_seq, iname, unique, origin, partial) in lite.rows(
                f"SELECT * FROM pragma_index_list('{t}')"):
            if origin == "u":
                keys = [r[0] for r in lite.rows(
                    f"SELECT name FROM pragma_index_info('{iname}') ORDER BY seqno")]
                uniques.add(",".join(keys))
            elif origin == "c":
                isql = lite.rows(f"SELECT sql FROM sqlite_schema WHERE name = '{iname}'")[0][0]
                m = re.search(r"\bON\s+\w+\s*\((.*?)\)\s*(WHERE\s+.*)?;?$", isql, re.I | re.S)
                d["indexes"][iname] = (t, bool(unique), norm_keys(m.group(1)), bool(partial))
        checks = len(re.findall(r"\bCHECK\s*\(", sql, re.I))
        d["tables"][t] = {
            "columns": columns, "pk": ",".join(pk), "unique": sorted(uniques),
            "fk": sorted((",".join(f[1]), f[0], ",".join(f[2]), f[3]) for f in fks.values()),
            "checks": checks}
    for (name, tbl, sql) in lite.rows("SELECT name, tbl_name, sql FROM sqlite_schema"
                                      " WHERE type = 'trigger' ORDER BY name"):
        m = re.search(r"CREATE\s+TRIGGER\s+\w+\s+(BEFORE|AFTER)\s+(INSERT|UPDATE|DELETE)"
                      r"(?:\s+OF\s+(.*?))?\s+ON\s+\w+(.*?)\bBEGIN\b", sql, re.I | re.S)
        cols = ",".join(sorted(c.strip() for c in m.group(3).split(","))) if m.group(3) else ""
        when = bool(re.search(r"\bWHEN\b", m.group(4), re.I))
        d["triggers"][name] = (tbl, m.group(1).upper(), m.group(2).upper(), cols, when)
    return d


PG_COLUMNS = """
SELECT table_name, ordinal_position, column_name, data_type, is_nullable,
 coalesce(column_default, ''), is_identity, coalesce(collation_name, '')
FROM information_schema.columns WHERE table_schema = current_schema()
ORDER BY table_name, ordinal_position"""

PG_CONSTRAINTS = """
SELECT c.relname, con.contype, con.conname,
 coalesce((SELECT string_agg(a.attname, ',' ORDER BY k.ord)
  FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
  JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum), ''),
 coalesce(fc.relname, ''),
 coalesce((SELECT string_agg(a.attname, ',' ORDER BY k.ord)
  FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
  JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum), ''),
 con.confdeltype
FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
LEFT JOIN pg_class fc ON fc.oid = con.confrelid
WHERE c.relnamespace = current_schema()::regnamespace ORDER BY 1, 3"""

PG_INDEXES = """
SELECT t.relname, i.relname, ix.indisunique, pg_get_indexdef(ix.indexrelid),
 ix.indpred IS NOT NULL
FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
WHERE t.relnamespace = current_schema()::regnamespace
 AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid)
ORDER BY 2"""

PG_TRIGGERS = """
SELECT c.relname, t.tgname, t.tgtype,
 coalesce((SELECT string_agg(a.attname, ',' ORDER BY a.attname) FROM pg_attribute a
  WHERE a.attrelid = t.tgrelid AND a.attnum = ANY (t.tgattr)), ''),
 p.proname, t.tgqual IS NOT NULL, p.prosrc ~ '\mIF\M'
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace ORDER BY 2"""

ONDELETE = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL",
            "d": "SET DEFAULT"}


def describe_pg(pg):
    d = {"tables": {}, "indexes": {}, "triggers": {}, "truncate": {}, "functions": {}}
    for (t, _pos, name, typ, nullable, dflt, ident, coll) in pg.rows(PG_COLUMNS):
        tab = d["tables"].setdefault(t, {"columns": [], "pk": "", "unique": [], "fk": [],
                                         "checks": 0})
        tab["columns"].append((name, typ, nullable == "NO", norm_default(dflt), ident == "YES",
                               coll or None))
    for (t, kind, _name, cols, ref, refcols, ondel) in pg.rows(PG_CONSTRAINTS):
        tab = d["tables"][t]
        if kind == "p":
            tab["pk"] = cols
        elif kind == "u":
            tab["unique"].append(cols)
        elif kind == "f":
            tab["fk"].append((cols, ref, refcols, ONDELETE[ondel]))
        elif kind == "c":
            tab["checks"] += 1
    for tab in d["tables"].values():
        tab["unique"].sort()
        tab["fk"].sort()
    for (t, name, unique, idef, partial) in pg.rows(PG_INDEXES):
        m = re.search(r"USING \w+ \((.*?)\)(?: WHERE .*)?$", idef)
        d["indexes"][name] = (t, unique == "t", norm_keys(m.group(1)), partial == "t")
    for (t, name, tgtype, cols, fn, when, body_if) in pg.rows(PG_TRIGGERS):
        tgtype = int(tgtype)
        timing = "BEFORE" if tgtype & 2 else "AFTER"
        events = [e for bit, e in ((4, "INSERT"), (8, "DELETE"), (16, "UPDATE"),
                                   (32, "TRUNCATE")) if tgtype & bit]
        d["functions"][name] = fn
        if events == ["TRUNCATE"]:
            d["truncate"][name] = (t, fn)
            continue
        # A trigger's WHEN cannot hold a subquery: then the function
        # tests it (IF ... END IF) instead.
        d["triggers"][name] = (t, timing, "/".join(events), cols, when == "t" or body_if == "t")
    return d


def compare_schemas(dl, dp, report):
    lt, pt = set(dl["tables"]), set(dp["tables"])
    for t in sorted(lt - pt):
        report(f"table {t}: only in SQLite")
    for t in sorted(pt - lt):
        report(f"table {t}: only in PostgreSQL")
    for t in sorted(lt & pt):
        a, b = dl["tables"][t], dp["tables"][t]
        if [c[0] for c in a["columns"]] != [c[0] for c in b["columns"]]:
            report(f"table {t}: columns differ:\n  sqlite {[c[0] for c in a['columns']]}\n"
                   f"  pg     {[c[0] for c in b['columns']]}")
            continue
        for ca, cb in zip(a["columns"], b["columns"]):
            for i, what in ((1, "type"), (2, "NOT NULL"), (3, "default"), (4, "identity"),
                            (5, "collation")):
                if ca[i] != cb[i]:
                    report(f"{t}.{ca[0]}: {what} sqlite {ca[i]!r} pg {cb[i]!r}")
        for key in ("pk", "unique", "fk", "checks"):
            if a[key] != b[key]:
                report(f"table {t}: {key} sqlite {a[key]!r} pg {b[key]!r}")
    # PostgreSQL's fill_id triggers give a row inserted with a NULL id the
    # next identity value, as SQLite does for a rowid alias: one per table
    # with an identity id, on purpose only in PostgreSQL.
    fill_id = {n for n, fn in dp["functions"].items()
               if fn == "fill_id" and n.endswith("_fill_id") and n not in dl["triggers"]}
    for kind in ("indexes", "triggers"):
        la, pa = dl[kind], dp[kind]
        for n in sorted(set(la) | set(pa)):
            if kind == "triggers" and n in fill_id:
                continue
            if la.get(n) != pa.get(n):
                report(f"{kind[:-1] if kind == 'triggers' else 'index'} {n}:"
                       f" sqlite {la.get(n)!r} pg {pa.get(n)!r}")
    for n, fn in sorted(dp["functions"].items()):
        if n in fill_id:
            continue
        if n in dp["truncate"]:
            # TRUNCATE (which SQLite lacks) is refused by the table's
            # delete trigger's function.
            t = dp["truncate"][n][0]
            dels = [k for k, v in dp["triggers"].items() if v[0] == t and v[2] == "DELETE"]
            if fn not in dels:
                report(f"trigger {n}: TRUNCATE runs {fn}, not the table's delete trigger")
        elif fn != n:
            report(f"trigger {n}: function named {fn}")
    for t in sorted(dl["tables"]):
        dels = [k for k, v in dl["triggers"].items() if v[0] == t and v[2] == "DELETE"]
        if dels and not any(v[0] == t for v in dp["truncate"].values()):
            report(f"table {t}: refuses DELETE but not TRUNCATE in PostgreSQL")


# ---------------------------------------------------------------------------
# Behaviour: the same statements against both

H32, H31 = "ab" * 32, "ab" * 31


def blob(hexs, side):
    return f"X'{hexs}'" if side == "sqlite" else f"'\\x{hexs}'::bytea"


# Rows inserted after a migration, before the next: what the backfills and
# ALTERs of later migrations must carry over.
SEED = {
    1: [
        "INSERT INTO org (id, name, kind, created_at) VALUES"
        " (1, 'Ministry', 1, 0), (2, 'Agency', 2, 0), (3, 'Centre A', 3, 0),"
        " (4, 'Centre B', 3, 0), (5, 'Centre C', 3, 0), (6, 'Owner X', 1, 0)",
        "INSERT INTO programme (id, code, name, owner_org_id, created_at) VALUES"
        " (1, 'P1', 'One', 1, 0), (2, 'P2', 'Two', 2, 0)",
        "INSERT INTO cohort (id, programme_id, centre_org_id, name, created_at) VALUES"
        " (1, 1, 3, 'c1', 0), (2, 2, 4, 'c2', 0), (3, 1, 4, 'c3', 0)",
        "INSERT INTO person (id, full_name, id_type, id_number, registered_by_org,"
        " created_at, updated_at) VALUES (1, 'Ana', 1, 'n1', 3, 0, 0),"
        " (2, 'Ben', 1, 'n2', NULL, 0, 0), (3, 'Cy', 1, 'n3', 5, 0, 0)",
        "INSERT INTO enrolment (id, person_id, cohort_id, status, applied_at, updated_at)"
        " VALUES (1, 1, 1, 1, 0, 0), (2, 2, 1, 1, 0, 0), (3, 2, 2, 1, 0, 0)",
        "INSERT INTO course (id, programme_id, code, title, created_at) VALUES"
        " (1, 1, 'C1', 'Course', 0)",
        "INSERT INTO app_user (id, username, role, created_at) VALUES (1, 'judge', 8, 0),"
        " (2, 'judge2', 8, 0)",
    ],
    3: [
        "INSERT INTO competency_unit (id, course_id, code, title, created_at) VALUES"
        " (1, 1, 'U1', 'Unit', 0)",
    ],
}

# (statement, or a function of the side giving it). Each runs on its own
# (autocommit); "=table" compares a table's rows now.
STEPS = [
    "=person_reach",
    # person_reach: registering, applying, moving cohorts, changing owners.
    "INSERT INTO person (id, full_name, id_type, id_number, registered_by_org, created_at,"
    " updated_at) VALUES (4, 'Dee', 1, 'n4', 4, 0, 0)",
    "INSERT INTO person (id, full_name, id_type, id_number, created_at, updated_at)"
    " VALUES (5, 'Eve', 2, 'n5', 0, 0)",
    "INSERT INTO enrolment (id, person_id, cohort_id, status, applied_at, updated_at)"
    " VALUES (4, 3, 3, 1, 0, 0)",
    "INSERT INTO enrolment (id, person_id, cohort_id, status, applied_at, updated_at)"
    " VALUES (5, 5, 3, 1, 0, 0), (6, 5, 2, 1, 0, 0)",
    "=person_reach",
    "UPDATE cohort SET centre_org_id = 5 WHERE id = 1",
    "=person_reach",
    "UPDATE cohort SET programme_id = 2 WHERE id = 3",
    "=person_reach",
    "UPDATE programme SET owner_org_id = 6 WHERE id = 1",
    "=person_reach",
    "UPDATE programme SET owner_org_id = 2 WHERE id = 2",
    "UPDATE programme SET name = 'Two!' WHERE id = 2",
    "UPDATE cohort SET name = 'renamed' WHERE id = 2",
    "UPDATE cohort SET centre_org_id = centre_org_id",
    "=person_reach",
    "UPDATE cohort SET centre_org_id = 4 WHERE id IN (1, 3)",
    "=person_reach",
    "UPDATE cohort SET centre_org_id = CASE id WHEN 1 THEN 3 WHEN 2 THEN 5 ELSE 3 END",
    "=person_reach",
    "UPDATE programme SET owner_org_id = CASE id WHEN 1 THEN 2 ELSE 6 END",
    "=person_reach",
    # enrolment_active: one live enrolment per person and cohort.
    "INSERT INTO enrolment (id, person_id, cohort_id, status, applied_at, updated_at)"
    " VALUES (7, 1, 1, 1, 0, 0)",
    "UPDATE enrolment SET status = 7 WHERE id = 1",
    "INSERT INTO enrolment (id, person_id, cohort_id, status, applied_at, updated_at)"
    " VALUES (7, 1, 1, 2, 0, 0)",
    "INSERT INTO enrolment (id, person_id, cohort_id, status, applied_at, updated_at)"
    " VALUES (8, 1, 1, 4, 0, 0)",
    "=person_reach",
    # Constraints.
    "INSERT INTO org (id, name, kind, created_at) VALUES (9, 'Bad', 6, 0)",
    "INSERT INTO org (id, name, kind, created_at) VALUES (9, 'Bad', 1, 0)",
    "INSERT INTO org (id, name, kind, parent_id, created_at) VALUES (10, 'Orphan', 1, 99, 0)",
    "INSERT INTO org (id, name, kind, created_at) VALUES (9, 'Dup', 1, 0)",
    "INSERT INTO org (id, kind, created_at) VALUES (11, 1, 0)",
    "INSERT INTO person (id, full_name, id_type, id_number, sex, created_at, updated_at)"
    " VALUES (20, 'X', 1, 'n1', 'M', 0, 0)",
    "INSERT INTO person (id, full_name, id_type, id_number, sex, created_at, updated_at)"
    " VALUES (20, 'X', 1, 'n20', 'Q', 0, 0)",
    "DELETE FROM programme WHERE id = 2",
    # audit_log: append-only, seq increasing.
    lambda s: "INSERT INTO audit_log VALUES (1, 0, 1, 'a', 'x', 'org', 1, 'd', "
              f"{blob(H32, s)}, {blob(H32, s)})",
    lambda s: "INSERT INTO audit_log VALUES (2, 0, 1, 'a', 'x', 'org', 1, 'd', "
              f"{blob(H32, s)}, {blob(H31, s)})",
    lambda s: "INSERT INTO audit_log VALUES (1, 0, 1, 'a', 'x', 'org', 1, 'd', "
              f"{blob(H32, s)}, {blob(H32, s)})",
    lambda s: "INSERT INTO audit_log VALUES (5, 0, 1, 'a', 'x', 'org', 1, 'd', "
              f"{blob(H32, s)}, {blob(H32, s)})",
    lambda s: "INSERT INTO audit_log VALUES (3, 0, 1, 'a', 'x', 'org', 1, 'd', "
              f"{blob(H32, s)}, {blob(H32, s)})",
    "UPDATE audit_log SET detail = 'e' WHERE seq = 1",
    "DELETE FROM audit_log WHERE seq = 5",
    "DELETE FROM audit_log",
    "UPDATE audit_log SET seq = seq WHERE seq = 99",
    # token: the hash is 32 bytes.
    lambda s: "INSERT INTO token (id, user_id, kind, created_at, expires_at, hash)"
              f" VALUES (1, 1, 1, 0, 1, {blob(H31, s)})",
    lambda s: "INSERT INTO token (id, user_id, kind, created_at, expires_at, hash)"
              f" VALUES (1, 1, 1, 0, 1, {blob(H32, s)})",
    # Delivery.
    "INSERT INTO session (id, cohort_id, kind, title, starts_at, ends_at, time_zone, created_at)"
    " VALUES (1, 1, 1, 'S', 10, 5, 'UTC', 0)",
    "INSERT INTO session (id, cohort_id, kind, title, starts_at, ends_at, time_zone, created_at)"
    " VALUES (1, 1, 1, 'S', 10, 20, 'UTC', 0)",
    "INSERT INTO attendance (id, session_id, person_id, status, recorded_by, recorded_at)"
    " VALUES (1, 1, 1, 1, 1, 0)",
    "UPDATE attendance SET status = 2 WHERE id = 1",
    "DELETE FROM attendance WHERE id = 1",
    "INSERT INTO assessment (id, person_id, cohort_id, unit_id, attempt, result, assessed_on,"
    " assessor_user_id, created_at) VALUES (1, 1, 1, 1, 1, 1, '2024-01-01', 1, 0)",
    "UPDATE assessment SET score = 50 WHERE id = 1",
    "UPDATE assessment SET created_at = 5 WHERE id = 1",
    "UPDATE assessment SET verified_by = 1, verified_at = 9 WHERE id = 1",
    "UPDATE assessment SET verified_at = 10 WHERE id = 1",
    "DELETE FROM assessment WHERE id = 1",
    "INSERT INTO assessment_note (id, assessment_id, kind, text, author_user_id, created_at)"
    " VALUES (1, 1, 1, 'n', 1, 0)",
    "UPDATE assessment_note SET text = 'm'",
    "DELETE FROM assessment_note",
    "INSERT INTO issuer_key (id, did, created_at) VALUES (1, 'did:x', 0)",
    "INSERT INTO certificate (id, uuid, person_id, cohort_id, programme_id, key_id,"
    " status_index, status, issued_at, issued_by, holder_name, achievement, credential)"
    " VALUES (1, 'u1', 1, 1, 1, 1, 0, 1, 0, 1, 'Ana', 'A', '{}')",
    "UPDATE certificate SET credential = '{ }' WHERE id = 1",
    "UPDATE certificate SET status = 2, reason = 'held' WHERE id = 1",
    "UPDATE certificate SET status = 3 WHERE id = 1",
    "UPDATE certificate SET reason = 'x' WHERE id = 1",
    "DELETE FROM certificate WHERE id = 1",
    # Skills: verified is (source <> 4); the generation is one row.
    "INSERT INTO framework (id, code, name, kind, created_at) VALUES (1, 'F', 'F', 1, 0)",
    "INSERT INTO competency (id, framework_id, kind, code, title) VALUES (1, 1, 1, 'k', 'K')",
    "INSERT INTO person_competency (person_id, competency_id, source, verified)"
    " VALUES (1, 1, 4, 0)",
    "INSERT INTO person_competency (person_id, competency_id, source, verified)"
    " VALUES (1, 1, 4, 1)",
    "INSERT INTO person_competency (person_id, competency_id, source, source_id, verified)"
    " VALUES (1, 1, 1, 1, 1)",
    "INSERT INTO person_competency (person_id, competency_id, source, source_id, verified)"
    " VALUES (1, 1, 2, 1, 0)",
    "INSERT INTO skills_generation VALUES (2, 0)",
    # Trainers.
    "INSERT INTO trainer_qualification (id, person_id, name, issued_on, expires_on,"
    " recorded_by, created_at) VALUES (1, 1, 'q', '2024-02-01', '2024-01-01', 1, 0)",
    "INSERT INTO trainer_qualification (id, person_id, name, issued_on, expires_on,"
    " recorded_by, created_at) VALUES (1, 1, 'q', '2024-01-01', '2024-02-01', 1, 0)",
    # Competitions.
    "INSERT INTO competition (id, code, title, organiser_org_id, created_at)"
    " VALUES (1, 'K', 'K', 1, 0)",
    "INSERT INTO comp_round (id, competition_id, seq, name, status, created_at)"
    " VALUES (1, 1, 1, 'R', 1, 0)",
    "INSERT INTO comp_entry (id, competition_id, kind, name, created_by, created_at)"
    " VALUES (1, 1, 1, 'E', 1, 0)",
    "INSERT INTO comp_criterion (id, round_id, position, name, weight, max_score)"
    " VALUES (1, 1, 1, 'c', 1, 10)",
    "INSERT INTO comp_assignment VALUES (1, 1, 1)",
    "INSERT INTO comp_round_entry VALUES (1, 1)",
    "INSERT INTO comp_panel VALUES (1, 1)",
    "INSERT INTO comp_assignment VALUES (1, 1, 1)",
    "INSERT INTO comp_score VALUES (1, 1, 2, 1, 5, 0)",
    "INSERT INTO comp_score VALUES (1, 1, 1, 1, 5, 0)",
    "INSERT INTO comp_member VALUES (1, 1, 1, 1)",
    "INSERT INTO comp_entry (id, competition_id, kind, name, created_by, created_at)"
    " VALUES (2, 1, 1, 'F', 1, 0)",
    "INSERT INTO comp_member VALUES (2, 1, 1, 1)",
    "INSERT INTO comp_result VALUES (1, 1, 1, 1, 9.5, 9.25, 0.125, 1, 0, 1, 'E', '')",
    "UPDATE comp_result SET rank = 2",
    "DELETE FROM comp_result",
    "INSERT INTO comp_appeal (id, round_id, entry_id, result_version, filed_by, grounds,"
    " status, created_at) VALUES (1, 1, 1, 1, 1, 'g', 1, 0)",
    "UPDATE comp_appeal SET response = 'r', status = 2 WHERE id = 1",
    "UPDATE comp_appeal SET response = 's' WHERE id = 1",
    "DELETE FROM comp_appeal",
    # Funding.
    "INSERT INTO fund_source (id, code, name, kind, org_id, currency, amount_minor,"
    " created_by, created_at) VALUES (1, 'S', 'S', 1, 1, 'EURO', 100, 1, 0)",
    "INSERT INTO fund_source (id, code, name, kind, org_id, currency, amount_minor,"
    " created_by, created_at) VALUES (1, 'S', 'S', 1, 1, 'EUR', 100, 1, 0)",
    "UPDATE fund_source SET name = 'T' WHERE id = 1",
    "DELETE FROM fund_source WHERE id = 1",
    "INSERT INTO allocation VALUES (1, 1, 1, 'EUR', 50, 1, 1, 80, 1, 1, 1, 0)",
    "UPDATE allocation SET amount_minor = 60",
    "DELETE FROM allocation",
    "INSERT INTO claim (id, allocation_id, programme_id, cohort_id, centre_org_id, currency,"
    " status, trainees, attended, completed, certified, amount_minor, created_by, created_at)"
    " VALUES (1, 1, 1, 1, 3, 'EUR', 1, 0, 0, 0, 0, 0, 1, 0)",
    "INSERT INTO claim (id, allocation_id, programme_id, cohort_id, centre_org_id, currency,"
    " status, trainees, attended, completed, certified, amount_minor, created_by, created_at)"
    " VALUES (2, 1, 1, 1, 3, 'EUR', 1, 0, 0, 0, 0, 0, 1, 0)",
    "UPDATE claim SET status = 4, reason = 'no' WHERE id = 1",
    "INSERT INTO claim (id, allocation_id, programme_id, cohort_id, centre_org_id, currency,"
    " status, trainees, attended, completed, certified, amount_minor, created_by, created_at)"
    " VALUES (2, 1, 1, 1, 3, 'EUR', 1, 0, 0, 0, 0, 0, 1, 0)",
    "UPDATE claim SET note = 'again' WHERE id = 1",
    "UPDATE claim SET status = 5 WHERE id = 2",
    "UPDATE claim SET note = 'late' WHERE id = 2",
    "DELETE FROM claim WHERE id = 2",
]

KINDS = [("UNIQUE", ("UNIQUE constraint failed", "duplicate key value")),
         ("FOREIGN KEY", ("FOREIGN KEY constraint failed", "violates foreign key constraint")),
         ("CHECK", ("CHECK constraint failed", "violates check constraint")),
         ("NOT NULL", ("NOT NULL constraint failed", "violates not-null constraint"))]


def error_kind(msg):
    if msg is None:
        return "ok"
    for kind, pats in KINDS:
        if any(p in msg for p in pats):
            return kind
    return "error: " + msg  # a trigger's own message: compared verbatim


def table_rows(db, t, cols):
    if db.name == "sqlite":
        out = []
        for r in db.rows(f"SELECT {', '.join(n for n, *_ in cols)} FROM {t}"):
            out.append(tuple(v.hex() if isinstance(v, bytes) else v for v in r))
        return sorted(out, key=repr)
    sel = []
    for (n, typ, *_rest) in cols:
        sel.append(f"coalesce(encode({n}, 'hex'), '\\N')" if typ == "bytea"
                   else f"coalesce({n}::text, '\\N')")
    out = []
    for r in db.rows(f"SELECT {', '.join(sel)} FROM {t}"):
        row = []
        for v, (n, typ, *_rest) in zip(r, cols):
            if v == "\\N":
                row.append(None)
            elif typ == "bigint":
                row.append(int(v))
            elif typ == "double precision":
                row.append(float(v))
            else:
                row.append(v)
        out.append(tuple(row))
    return sorted(out, key=repr)


def behaviour(lite, pg, tables, report, verbose):
    n = 0
    for step in STEPS:
        if isinstance(step, str) and step.startswith("="):
            t = step[1:]
            a, b = table_rows(lite, t, tables[t]), table_rows(pg, t, tables[t])
            if a != b:
                report(f"step {n}: {t} rows differ:\n  sqlite {a}\n  pg     {b}")
            continue
        n += 1
        sa = step("sqlite") if callable(step) else step
        sb = step("pg") if callable(step) else step
        ea, eb = lite.run(sa), pg.run(sb)
        ka, kb = error_kind(ea), error_kind(eb)
        if verbose:
            print(f"{n:3} {ka:60.60} | {sa[:70]}\n    sqlite: {ea}\n    pg:     {eb}")
        if ka != kb:
            report(f"step {n}: {sa}\n  sqlite: {ka}\n  pg:     {kb}")
    for t in sorted(tables):
        if t == "skills_generation":
            continue  # random
        a, b = table_rows(lite, t, tables[t]), table_rows(pg, t, tables[t])
        if a != b:
            report(f"end: {t} rows differ:\n  sqlite {a}\n  pg     {b}")
    return n


# ---------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("conninfo", nargs="?",
                    help="libpq connection string or URI (default: the test run's"
                    " server, $TUNAS_TEST_PG + 'postgres')")
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))), help="the Tunas checkout (default: this one)")
    ap.add_argument("--keep", action="store_true", help="keep the PostgreSQL schema")
    ap.add_argument("--no-behaviour", action="store_true", help="compare the schemas only")
    ap.add_argument("-v", "--verbose", action="store_true", help="show each statement's outcome")
    args = ap.parse_args()
    if args.conninfo is None:
        prefix = os.environ.get("TUNAS_TEST_PG", "")
        if not prefix:
            ap.error("no conninfo and no TUNAS_TEST_PG")
        args.conninfo = prefix + "postgres"

    lite_m, pg_m = migrations(args.root)
    lite = Lite()
    pg = Pg(args.conninfo, f"schema_compare_{os.getpid()}")
    problems = []
    pg.create()
    try:
        for v in sorted(lite_m):
            lite.migrate(lite_m[v])
            pg.migrate(pg_m[v])
            if not args.no_behaviour:
                for sql in SEED.get(v, []):
                    ea, eb = lite.run(sql), pg.run(sql)
                    if ea or eb:
                        raise SystemExit(f"seed after v{v} failed: {sql}\n"
                                         f"  sqlite: {ea}\n  pg: {eb}")
        print(f"applied migrations 1..{max(lite_m)}: SQLite"
              f" {sum(len(s) for s in lite_m.values())} strings, PostgreSQL"
              f" {sum(len(s) for s in pg_m.values())} statements")
        dl, dp = describe_lite(lite), describe_pg(pg)
        compare_schemas(dl, dp, problems.append)
        print(f"compared {len(dl['tables'])} tables,"
              f" {sum(len(t['columns']) for t in dl['tables'].values())} columns,"
              f" {len(dl['indexes'])} indexes, {len(dl['triggers'])} triggers"
              f" (+{len(dp['truncate'])} TRUNCATE guards in PostgreSQL)")
        if not args.no_behaviour:
            tables = {t: v["columns"] for t, v in dp["tables"].items()}
            n = behaviour(lite, pg, tables, problems.append, args.verbose)
            print(f"ran {n} statements against both, compared all tables' rows")
    finally:
        if args.keep:
            print(f"kept schema {pg.schema}")
        else:
            pg.drop()
    for p in problems:
        print("MISMATCH", p)
    print("OK" if not problems else f"{len(problems)} mismatches")
    print(f"schema-compare: {0 if problems else 1} passed, {1 if problems else 0} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
