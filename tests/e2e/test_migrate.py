"""`tunas migrate`: a centre's SQLite database moved into PostgreSQL and
served from there with the same people, progress and certificates, an
intact audit trail, and moved back into SQLite with the same export; a
target that already holds data is refused and left as it was."""

import os
import re
import shutil
import tempfile
import unittest

from harness import (Api, Server, cli, demo_db, login, new_db, new_password, postgres_only,
                     sanitizer_report)


def audit_entries(db):
    r = cli(db, "audit", "verify")
    if r.returncode != 0:
        raise AssertionError(f"tunas audit verify: {r.returncode} {r.stdout} {r.stderr}")
    m = re.search(r"audit trail intact: (\d+) entries", r.stdout)
    if m is None:
        raise AssertionError(f"tunas audit verify said: {r.stdout}")
    return int(m.group(1))


@postgres_only("migrates into a PostgreSQL database")
class MigrateTests(unittest.TestCase):
    """The demo in an SQLite file, migrated once into PostgreSQL."""

    maxDiff = 4000

    @classmethod
    def setUpClass(cls):
        cls.workdir = tempfile.mkdtemp(prefix="tunas-e2e-migrate-")
        try:
            # One key directory for every copy: the certificates were
            # signed with its keys and verify against them.
            cls.keys = os.path.join(cls.workdir, "keys")
            cls.env = {"TUNAS_KEYS": cls.keys}
            cls.sqlite = os.path.join(cls.workdir, "centre.db")
            cls.password = new_password()
            r = cli(cls.sqlite, "demo", env={"TUNAS_DEMO_PASSWORD": cls.password, **cls.env})
            assert r.returncode == 0, r.stdout + r.stderr
            cls.entries = audit_entries(cls.sqlite)
            cls.pg = new_db(cls.workdir)  # an empty PostgreSQL database
            cls.migrated = cli(cls.sqlite, "migrate", cls.pg, env=cls.env)
            # Before any test signs in (a sign-in is an audit entry too).
            cls.after = {"sqlite": audit_entries(cls.sqlite)}
            if cls.migrated.returncode == 0:
                cls.after["pg"] = audit_entries(cls.pg)
        except BaseException:
            shutil.rmtree(cls.workdir, ignore_errors=True)
            raise

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.workdir, ignore_errors=True)

    def serve(self, db):
        server = Server(db, self.workdir).start()
        self.addCleanup(self.stop, server)
        return server, Api(server.port, login(server.port, "admin", self.password))

    def stop(self, server):
        rc = server.stop()
        self.assertEqual(rc, 0, f"tunas serve exited {rc}")
        self.assertIsNone(sanitizer_report(server.stderr_text()), server.stderr_text())

    def test_migration_reports_every_table_and_the_chain(self):
        r = self.migrated
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("migrated sqlite -> postgresql", r.stdout)
        self.assertRegex(r.stdout, r"\n  person +1754\n")
        self.assertRegex(r.stdout, rf"\n  audit_log +{self.entries}\n")
        m = re.search(r"verified: (\d+) tables, (\d+) rows, audit chain intact at seq (\d+)",
                      r.stdout)
        self.assertIsNotNone(m, r.stdout)
        self.assertEqual(int(m.group(3)), self.entries)
        self.assertIn(f"as entry {self.entries + 1}", r.stdout)
        for skipped in ("schema_migrations", "skills_generation", "rate_bucket"):
            self.assertIn(f"not copied: {skipped}", r.stdout)
        # The password-free URI is never echoed; the source is untouched.
        self.assertNotIn(self.pg, r.stdout + r.stderr)
        self.assertEqual(self.after["sqlite"], self.entries)

    def test_copy_audit_trail_verifies(self):
        self.assertEqual(self.migrated.returncode, 0, self.migrated.stderr)
        # The migration itself is the one entry more.
        self.assertEqual(self.after["pg"], self.entries + 1)

    def test_copy_serves_the_same_things(self):
        self.assertEqual(self.migrated.returncode, 0, self.migrated.stderr)
        _, before = self.serve(self.sqlite)
        pg_server, after = self.serve(self.pg)
        people = after.all_items("people")
        self.assertEqual(len(people), 1754)
        self.assertEqual(people, before.all_items("people"))
        programmes = after.all_items("programmes")
        self.assertEqual(len(programmes), 4)
        for p in programmes:
            status, progress = after.get(f"programmes/{p['id']}/progress")
            self.assertEqual(status, 200, progress)
            self.assertEqual(progress, before.get(f"programmes/{p['id']}/progress")[1])
        status, certs = after.get("certificates?limit=5")
        self.assertEqual(status, 200, certs)
        self.assertEqual(len(certs["items"]), 5)
        public = Api(pg_server.port)
        for cert in certs["items"]:
            status, verdict = public.get(f"verify/{cert['uuid']}")
            self.assertEqual(status, 200, verdict)
            self.assertTrue(verdict["valid"], verdict)
        # New rows take new ids: the identity sequences were moved on.
        status, org = after.post("organisations", {"name": "Pusat Latihan Baharu",
                                                   "kind": "training_centre", "country": "MY"})
        self.assertEqual(status, 201, org)
        self.assertEqual(org["id"], 38)

    def test_back_into_sqlite_exports_the_same_people(self):
        self.assertEqual(self.migrated.returncode, 0, self.migrated.stderr)
        back = os.path.join(self.workdir, "back.db")
        r = cli(self.pg, "migrate", back, env=self.env)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("migrated postgresql -> sqlite", r.stdout)
        original = cli(self.sqlite, "export", "people", env=self.env)
        copied = cli(back, "export", "people", env=self.env)
        self.assertEqual(original.returncode, 0, original.stderr)
        self.assertEqual(copied.returncode, 0, copied.stderr)
        self.assertGreater(original.stdout.count("\n"), 1754)
        self.assertEqual(copied.stdout, original.stdout)
        self.assertEqual(audit_entries(back), audit_entries(self.pg) + 1)

    def test_target_with_data_is_refused_and_unchanged(self):
        self.assertEqual(self.migrated.returncode, 0, self.migrated.stderr)
        entries = audit_entries(self.pg)
        r = cli(self.sqlite, "migrate", self.pg, env=self.env)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("is not empty", r.stderr)
        self.assertEqual(r.stdout, "")
        self.assertEqual(audit_entries(self.pg), entries)
        # Usage errors exit 2.
        self.assertEqual(cli(self.sqlite, "migrate").returncode, 2)


class MigrateRoundTripTests(unittest.TestCase):
    """On either store: the demo out into a new SQLite file and back into a
    new database of the run's kind (SQLite, or PostgreSQL with
    TUNAS_TEST_PG), with the same export and an intact audit trail."""

    @classmethod
    def setUpClass(cls):
        cls.workdir = tempfile.mkdtemp(prefix="tunas-e2e-migrate-rt-")
        try:
            cls.db, cls.password = demo_db(cls.workdir)
        except BaseException:
            shutil.rmtree(cls.workdir, ignore_errors=True)
            raise

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.workdir, ignore_errors=True)

    def test_out_and_back(self):
        entries = audit_entries(self.db)
        out = os.path.join(self.workdir, "out.db")
        r = cli(self.db, "migrate", out)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn(f"audit chain intact at seq {entries}", r.stdout)
        back = new_db(self.workdir, "back.db")
        r = cli(out, "migrate", back)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(audit_entries(back), entries + 2)
        for kind in ("people", "cohorts", "enrolments"):
            original, copied = cli(self.db, "export", kind), cli(back, "export", kind)
            self.assertEqual(copied.returncode, 0, copied.stderr)
            self.assertEqual(copied.stdout, original.stdout, kind)
        # Either way, a database with data is not a target.
        r = cli(back, "migrate", out)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("is not empty", r.stderr)
        self.assertEqual(audit_entries(out), entries + 1)


if __name__ == "__main__":
    unittest.main()
