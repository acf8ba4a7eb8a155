"""The tamper-evident audit trail: every change is recorded with personal
data masked, the chain verifies over HTTP and with `tunas audit verify`, and
an attacker with write access to the database file is caught."""

import os
import re
import sqlite3

from harness import (Api, DemoServerCase, Server, cli, login, person_body, sanitizer_report,
                     sqlite_only)


def copy_db(src, dst):
    """A consistent copy of an SQLite database (WAL included)."""
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    a.close()
    b.close()


class AuditTests(DemoServerCase):
    def verify(self):
        status, v = self.api("admin").get("audit/verify")
        self.assertEqual(status, 200, v)
        return v

    def test_a_changes_are_recorded_and_the_chain_is_intact(self):
        for username in ("admin", "centre.ilpkl", "employer.demo"):
            self.token(username)  # sign-ins are recorded too; have them first
        self.ids()
        before = self.verify()
        self.assertEqual(before["intact"], True)
        self.assertNotIn("first_bad_seq", before)
        # The demo load alone records well over a thousand changes.
        self.assertGreater(before["entries"], 1700)

        body = person_body()
        status, p = self.api("centre.ilpkl").post("people", body)
        self.assertEqual(status, 201, p)
        status, e = self.api("centre.ilpkl").post(
            "enrolments", {"person_id": p["id"], "cohort_id": self.ids()["cohort"]["5G cohort 3"]})
        self.assertEqual(status, 201, e)
        # A refused request changes nothing and records nothing.
        self.api("employer.demo").post("people", person_body())
        after = self.verify()
        self.assertEqual(after, {"intact": True, "entries": before["entries"] + 2})

        status, page = self.api("admin").get(f"audit?after={before['entries']}")
        self.assertEqual(status, 200)
        entries = page["items"]
        self.assertEqual([(x["seq"], x["action"], x["actor_name"], x["object_id"])
                          for x in entries],
                         [(before["entries"] + 1, "person.create", "centre.ilpkl", p["id"]),
                          (before["entries"] + 2, "enrolment.apply", "centre.ilpkl", e["id"])])
        created = entries[0]
        self.assertEqual(created["actor_id"], self.ids()["user"]["centre.ilpkl"])
        self.assertRegex(created["hash"], r"^[0-9a-f]{64}$")
        # The trail holds no personal data: the ID is masked, no name.
        self.assertEqual(created["detail"]["id_number"], "*" * 8 + p["id_number"][-4:])
        text = self.api("admin").request("GET", f"/api/v1/audit?after={before['entries']}").text
        self.assertNotIn(p["id_number"], text)
        self.assertNotIn(body["full_name"], text)
        self.__class__.tamper_seq = before["entries"] + 1

    def test_b_sign_in_is_recorded_as_the_users_own_act(self):
        self.token("judge.demo")
        entries = self.verify()["entries"]
        status, page = self.api("admin").get(f"audit?after={entries - 1}")
        self.assertEqual(status, 200)
        last = page["items"][-1]
        self.assertEqual((last["action"], last["actor_name"], last["object_type"]),
                         ("auth.login", "judge.demo", "user"))
        self.assertEqual(last["actor_id"], last["object_id"])
        self.assertEqual(last["object_id"], self.ids()["user"]["judge.demo"])

    @sqlite_only("edits a copy of the SQLite file")
    def test_z_tampering_with_the_file_is_detected(self):
        # Named to run last: it stops the class's server.
        seq = getattr(self, "tamper_seq", 1800)
        self.assertEqual(self.server.stop(), 0, "tunas serve exits 0 on SIGTERM")

        r = cli(self.db, "audit", "verify")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertRegex(r.stdout, r"^audit trail intact: \d+ entries$")

        # An attacker with the file drops the append-only trigger and edits
        # an entry (here: hides that centre.ilpkl registered someone).
        edited = os.path.join(self.workdir, "edited.db")
        copy_db(self.db, edited)
        with sqlite3.connect(edited) as db:
            db.execute("DROP TRIGGER audit_log_no_update")
            n = db.execute("UPDATE audit_log SET actor_name = 'admin', actor_id = 1 WHERE seq = ?",
                           (seq,)).rowcount
        db.close()
        self.assertEqual(n, 1)
        r = cli(edited, "audit", "verify")
        self.assertNotEqual(r.returncode, 0, r.stdout)
        out = r.stdout + r.stderr
        self.assertRegex(out, rf"\b(entry|seq) {seq}\b")
        self.assertIn("BROKEN", out)

        # Deleting an entry is caught at the gap.
        deleted = os.path.join(self.workdir, "deleted.db")
        copy_db(self.db, deleted)
        with sqlite3.connect(deleted) as db:
            db.execute("DROP TRIGGER audit_log_no_delete")
            db.execute("DELETE FROM audit_log WHERE seq = ?", (seq - 10,))
        db.close()
        r = cli(deleted, "audit", "verify")
        self.assertNotEqual(r.returncode, 0, r.stdout)
        self.assertRegex(r.stdout + r.stderr, rf"\b(entry|seq) {seq - 10}\b")

        # The original is untouched and still verifies.
        self.assertEqual(cli(self.db, "audit", "verify").returncode, 0)

        # Served again, the edited database says where the chain breaks.
        server = Server(edited, self.workdir).start()
        try:
            admin = Api(server.port, login(server.port, "admin", self.password))
            status, v = admin.get("audit/verify")
            self.assertEqual(status, 200, v)
            self.assertEqual((v["intact"], v["first_bad_seq"]), (False, seq))
            self.assertEqual(v["entries"], seq - 1)
        finally:
            self.assertEqual(server.stop(), 0)
            self.assertIsNone(sanitizer_report(server.stderr_text()))

    @sqlite_only("opens a copy of the SQLite file")
    def test_the_trail_cannot_be_changed_through_sql_while_triggers_stand(self):
        # The append-only triggers refuse UPDATE and DELETE from any client.
        probe = os.path.join(self.workdir, "probe.db")
        copy_db(self.db, probe)
        with sqlite3.connect(probe) as db:
            for sql in ("UPDATE audit_log SET detail = '{}' WHERE seq = 5",
                        "DELETE FROM audit_log WHERE seq = 5",
                        "INSERT OR REPLACE INTO audit_log SELECT * FROM audit_log WHERE seq = 5"):
                with self.subTest(sql=sql):
                    with self.assertRaises(sqlite3.DatabaseError) as caught:
                        db.execute(sql)
                    self.assertTrue(re.search(r"append-only|must increase", str(caught.exception)),
                                    str(caught.exception))
        db.close()
        self.assertEqual(cli(probe, "audit", "verify").returncode, 0)
