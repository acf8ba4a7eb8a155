"""Several servers on one database, durability and backups.

- Two `tunas serve` processes on one PostgreSQL database (the national
  deployment): a session made on one works on the other and ends on both;
  interleaved writes keep one intact audit chain; concurrent enrolments
  cannot overfill a cohort or enrol a person twice; a revocation shows in
  both servers' status lists at once; request limits are counted together.
- A write acknowledged to a client survives a kill -9 of the server (and,
  on PostgreSQL, a crash-restart of PostgreSQL itself).
- Backup and restore as docs/DEPLOYMENT.md describes them: SQLite's online
  backup, PostgreSQL's pg_dump and pg_restore, taken while the server runs.
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import unittest

import harness
from harness import (Api, DemoServerCase, Server, cli, login, new_password, new_programme_body,
                     person_body, postgres_only)
from test_delivery import status_value

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def pg_bin(name):
    """A PostgreSQL program of the newest installed version."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                   key=lambda p: int(p.split("/")[4]))
    if not found:
        raise AssertionError(f"{name} not found: is the postgresql package installed?")
    return found[-1]


def psql(prefix, sql):
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", prefix + "postgres",
                    "-c", sql], check=True, capture_output=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def in_parallel(calls):
    """Run the calls at the same moment, one thread each; their results."""
    results = [None] * len(calls)
    start = threading.Barrier(len(calls))

    def run(i):
        start.wait()
        results[i] = calls[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@postgres_only("several servers on one PostgreSQL database")
class TwoServersOneDatabaseTests(DemoServerCase):
    @classmethod
    def prepare(cls):
        cls.other = Server(cls.db, cls.workdir).start()

    @classmethod
    def tearDownClass(cls):
        rc = cls.other.stop()
        log = cls.other.stderr_text()
        super().tearDownClass()
        if rc != 0:
            raise AssertionError(f"the second server exited with {rc}:\n{log[-2000:]}")

    def on(self, server, username):
        """username's session (signed in on the first server) used on `server`."""
        return Api(server.port, self.token(username))

    def test_a_session_made_on_one_server_works_on_the_other_and_ends_on_both(self):
        token = login(self.other.port, "partner.huawei", self.password)
        here, there = Api(self.server.port, token), Api(self.other.port, token)
        self.assertEqual(here.get("me")[0], 200)
        self.assertEqual(there.get("me")[0], 200)
        status, body = here.post("auth/logout")
        self.assertEqual(status, 200, body)
        # No grace period on the other server: nothing is cached there.
        there.get("me")
        self.assertProblem(there, 401)
        here.get("me")
        self.assertProblem(here, 401)

    def test_interleaved_writes_keep_one_audit_chain(self):
        a, b = self.on(self.server, "centre.ilpkl"), self.on(self.other, "centre.ilpkl")
        admin = self.on(self.other, "admin")
        status, before = admin.get("audit/verify")
        self.assertEqual((status, before["intact"]), (200, True), before)

        def writer(api, n):
            def run():
                made = []
                for _ in range(n):
                    status, p = api.post("people", person_body())
                    made.append((status, p.get("id") if isinstance(p, dict) else p))
                return made
            return run

        made = in_parallel([writer(a, 15), writer(b, 15)])
        writes = made[0] + made[1]
        self.assertEqual([s for s, _ in writes], [201] * 30, writes)
        self.assertEqual(len({i for _, i in writes}), 30)
        for server in (self.server, self.other):
            status, after = self.on(server, "admin").get("audit/verify")
            self.assertEqual(status, 200, after)
            self.assertTrue(after["intact"], after)
            # One entry per acknowledged write, none lost, none doubled.
            self.assertEqual(after["entries"], before["entries"] + 30)
        r = cli(self.db, "audit", "verify")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_concurrent_enrolments_cannot_overfill_a_cohort_or_enrol_twice(self):
        ids = self.ids()
        owner = self.api("owner.jtm")
        status, prog = owner.post("programmes", new_programme_body(
            ids["org"]["JTM"], "E2E-SHARED", eligibility={}, phases=[]))
        self.assertEqual(status, 201, prog)
        status, c = owner.post("cohorts", {
            "programme_id": prog["id"], "centre_org_id": ids["org"]["ILP KL"],
            "name": "Three seats", "capacity": 3, "starts_on": "2027-01-04",
            "ends_on": "2027-06-30"})
        self.assertEqual(status, 201, c)
        a, b = self.on(self.server, "centre.ilpkl"), self.on(self.other, "centre.ilpkl")
        # The same person applied for on both servers at once: one enrolment.
        p = self.create_person()
        body = {"person_id": p["id"], "cohort_id": c["id"]}
        results = in_parallel([lambda: a.post("enrolments", body),
                               lambda: b.post("enrolments", body)])
        self.assertEqual(sorted(s for s, _ in results), [201, 409], results)
        status, listed = a.get(f"cohorts/{c['id']}/enrolments")
        self.assertEqual([e["person_id"] for e in listed["items"]], [p["id"]])
        # Six accepted applicants for three seats, enrolled at once through
        # both servers: three get in, three are refused.
        enrolments = [e for e in listed["items"]]
        for _ in range(5):
            status, e = a.post("enrolments", {"person_id": self.create_person()["id"],
                                              "cohort_id": c["id"]})
            self.assertEqual(status, 201, e)
            enrolments.append(e)
        for e in enrolments:
            status, moved = a.post(f"enrolments/{e['id']}/status", {"status": "accepted"})
            self.assertEqual(status, 200, moved)
        calls = [(lambda api=api, e=e: api.post(f"enrolments/{e['id']}/status",
                                                {"status": "enrolled"}))
                 for api, e in zip([a, b] * 3, enrolments)]
        results = in_parallel(calls)
        self.assertEqual(sorted(s for s, _ in results), [200] * 3 + [409] * 3, results)
        status, counts = owner.get(f"cohorts/{c['id']}/counts")
        self.assertEqual(counts["enrolled"], 3, counts)

    def test_a_revocation_shows_in_both_servers_status_lists_at_once(self):
        admin = self.api("admin")
        status, certs = admin.get(f"certificates?cohort_id={self.ids()['cohort']['5G cohort 1']}"
                                  "&limit=50")
        self.assertEqual(status, 200, certs)
        cert = next(c for c in certs["items"] if c["status"] == "active")
        status, cred = admin.get(f"certificates/{cert['id']}/credential")
        self.assertEqual(status, 200, cred)
        index = int(cred["credentialStatus"]["statusListIndex"])
        list_path = "/" + cred["credentialStatus"]["statusListCredential"].split("/", 3)[3]
        lists = {}
        for server in (self.server, self.other):  # both make (and would cache) the list
            r = Api(server.port).request("GET", list_path)
            self.assertEqual(r.status, 200)
            lists[server.port] = r
            self.assertEqual(status_value(r.json, index), 0)
        status, s = self.on(self.other, "admin").post(
            f"certificates/{cert['id']}/status", {"status": "revoked", "reason": "shared test"})
        self.assertEqual(status, 200, s)
        for server in (self.server, self.other):
            r = Api(server.port).request("GET", list_path)
            self.assertEqual(status_value(r.json, index), 2, f"server on {server.port}")

    def test_request_limits_are_counted_together(self):
        # Two more servers with a small limit: 4 requests at once, then one
        # every 5 s. Apart they would let a client make 8 at once.
        servers = [Server(self.db, self.workdir, rate=0.2, burst=4).start() for _ in range(2)]
        try:
            started = time.monotonic()
            statuses = [Api(servers[i % 2].port).request("GET", "/api/v1/health").status
                        for i in range(12)]
            elapsed = time.monotonic() - started
        finally:
            for s in servers:
                self.assertEqual(s.stop(), 0)
        allowed = statuses.count(200)
        self.assertEqual(statuses.count(200) + statuses.count(429), 12, statuses)
        self.assertGreaterEqual(allowed, 4, statuses)
        self.assertLessEqual(allowed, 4 + int(0.2 * elapsed) + 1, (statuses, elapsed))
        # Both servers refused, counting what the other let through.
        self.assertIn(429, statuses[0::2])
        self.assertIn(429, statuses[1::2])


class DurabilityTests(unittest.TestCase):
    """Acknowledged writes survive a kill -9 of the server; on PostgreSQL
    also an immediate (crash) stop of PostgreSQL, on a cluster of its own
    with every durability setting at its default (fsync on)."""

    def setUp(self):
        self.workdir = tempfile.mkdtemp(prefix="tunas-e2e-durable-")
        self.pgdir = None
        if harness.PG_PREFIX:
            # Its own directory under /tmp: the cluster runs as the postgres
            # user, who cannot enter the (root-only) work directory.
            self.pgdir = tempfile.mkdtemp(prefix="tunas-e2e-pg-")
            out = subprocess.run([os.path.join(ROOT, "scripts", "pg-cluster"), "start",
                                  self.pgdir, str(free_port()), "durable"],
                                 check=True, capture_output=True, text=True)
            self.prefix = out.stdout.strip()
            psql(self.prefix, "CREATE DATABASE durable")
            self.db = self.prefix + "durable"
            harness._keys_of[self.db] = os.path.join(self.workdir, "keys")
        else:
            self.db = harness.new_db(self.workdir)

    def tearDown(self):
        if self.pgdir:
            subprocess.run([os.path.join(ROOT, "scripts", "pg-cluster"), "stop", self.pgdir],
                           capture_output=True)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def test_acknowledged_writes_survive_a_crash(self):
        password = new_password()
        r = cli(self.db, "init", env={"TUNAS_ADMIN_PASSWORD": password})
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        server = Server(self.db, self.workdir).start()
        api = Api(server.port, login(server.port, "admin", password))
        acknowledged = []
        for i in range(40):
            status, org = api.post("organisations", {"name": f"Durable employer {i}",
                                                     "kind": "employer", "country": "MY"})
            self.assertEqual(status, 201, org)
            acknowledged.append((org["id"], org["name"]))
        # A second server that lives through what follows.
        survivor = Server(self.db, self.workdir).start()
        token = login(survivor.port, "admin", password)
        # The moment after the last answer: no clean shutdown of anything.
        server.kill()  # SIGKILL
        if self.pgdir:
            subprocess.run([os.path.join(ROOT, "scripts", "pg-cluster"), "restart", self.pgdir],
                           check=True, capture_output=True)
            # The survivor's connection broke with PostgreSQL: it reconnects
            # on the next request (the first may fail, and changes nothing).
            statuses = [Api(survivor.port, token).get("me")[0] for _ in range(3)]
            self.assertEqual(statuses[-1], 200, statuses)
            self.assertLessEqual(statuses.count(500), 1, statuses)
        self.assertEqual(survivor.stop(), 0)
        server = Server(self.db, self.workdir).start()
        try:
            api = Api(server.port, login(server.port, "admin", password))
            for oid, name in acknowledged:
                status, org = api.get(f"organisations/{oid}")
                self.assertEqual((status, org.get("name")), (200, name))
            status, v = api.get("audit/verify")
            self.assertEqual((status, v["intact"]), (200, True), v)
        finally:
            self.assertEqual(server.stop(), 0)


class BackupRestoreTests(DemoServerCase):
    """docs/DEPLOYMENT.md's backup and restore, taken while the server runs."""

    def people_count(self, api):
        return len(api.all_items("people"))

    def test_a_backup_taken_while_serving_restores_everything(self):
        admin = self.api("admin")
        self.create_person()
        count = self.people_count(admin)
        status, audit = admin.get("audit/verify")
        self.assertTrue(audit["intact"], audit)
        if harness.PG_PREFIX:
            dump = os.path.join(self.workdir, "tunas.dump")
            subprocess.run([pg_bin("pg_dump"), "-Fc", "-d", self.db, "-f", dump],
                           check=True, capture_output=True)
            restored = harness.new_db(self.workdir, "restored")
            subprocess.run([pg_bin("pg_restore"), "--exit-on-error", "--no-owner", "-d",
                            restored, dump], check=True, capture_output=True)
        else:
            backup = os.path.join(self.workdir, "backup.db")
            subprocess.run(["sqlite3", self.db, f".backup '{backup}'"], check=True,
                           capture_output=True)
            restored = os.path.join(self.workdir, "restored.db")
            shutil.copyfile(backup, restored)
            os.chmod(restored, 0o600)
        # The issuer keys are backed up beside the database (DEPLOYMENT.md).
        harness._keys_of[restored] = os.path.join(self.workdir, "keys")
        r = cli(restored, "audit", "verify")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn(f"audit trail intact: {audit['entries']} entries", r.stdout)
        server = Server(restored, self.workdir).start()
        try:
            api = Api(server.port, login(server.port, "admin", self.password))
            self.assertEqual(self.people_count(api), count)
            # It takes new writes where the original left off.
            status, p = api.post("people", person_body())
            self.assertEqual(status, 201, p)
        finally:
            self.assertEqual(server.stop(), 0)
