"""`tunas init` and `tunas user add`: accounts made on the command line can
sign in over HTTP, and passwords never need to be on the command line."""

import os
import re
import shutil
import tempfile
import unittest

from harness import PG_PREFIX, Server, cli, login, new_db, new_password


class CliAccountTests(unittest.TestCase):
    def setUp(self):
        self.workdir = tempfile.mkdtemp(prefix="tunas-e2e-cli-")
        self.db = new_db(self.workdir)
        self.server = None

    def tearDown(self):
        if self.server is not None:
            self.server.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def test_init_generates_a_password_once_and_it_signs_in(self):
        r = cli(self.db, "init")
        self.assertEqual(r.returncode, 0, r.stderr)
        m = re.search(r"Password: (\S+)", r.stdout)
        self.assertIsNotNone(m, r.stdout)
        password = m.group(1)
        self.assertGreaterEqual(len(password), 20)
        if not PG_PREFIX:  # a PostgreSQL database is the server's to guard
            self.assertEqual(os.stat(self.db).st_mode & 0o777, 0o600)
        # A second init keeps the accounts and shows no password.
        again = cli(self.db, "init")
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertNotIn("Password:", again.stdout)
        self.server = Server(self.db, self.workdir).start()
        self.assertTrue(login(self.server.port, "admin", password).startswith("tns_"))

    def test_user_add_reads_the_password_from_stdin(self):
        admin_pw = new_password()
        self.assertEqual(cli(self.db, "init", env={"TUNAS_ADMIN_PASSWORD": admin_pw}).returncode, 0)
        pw = new_password()
        r = cli(self.db, "user", "add", "auditor.one", "--role", "system_admin",
                "--name", "Auditor One", stdin=pw + "\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Created auditor.one (system_admin)", r.stdout)
        self.assertNotIn(pw, r.stdout + r.stderr)
        # Refusals name the field and reason, and create nothing.
        bad = cli(self.db, "user", "add", "centre.x", "--role", "centre_admin", stdin=pw + "\n")
        self.assertEqual(bad.returncode, 1)
        self.assertIn("org_id", bad.stderr)
        short = cli(self.db, "user", "add", "short.pw", "--role", "system_admin", stdin="abc\n")
        self.assertEqual(short.returncode, 1)
        self.assertIn("password", short.stderr)
        usage = cli(self.db, "user", "add", "x.y", "--role")
        self.assertEqual(usage.returncode, 2)
        self.server = Server(self.db, self.workdir).start()
        login(self.server.port, "auditor.one", pw)
        with self.assertRaises(AssertionError):
            login(self.server.port, "short.pw", "abc")

    def test_audit_verify_counts_the_changes(self):
        self.assertEqual(cli(self.db, "init", env={"TUNAS_ADMIN_PASSWORD": new_password()}).returncode, 0)
        r = cli(self.db, "audit", "verify")
        self.assertEqual(r.returncode, 0, r.stderr)
        # init made the issuer key and the admin account: two changes.
        self.assertIn("audit trail intact: 2 entries", r.stdout)
        listing = cli(self.db, "audit", "list")
        self.assertIn("issuer_key.create", listing.stdout)
        self.assertIn("user.create", listing.stdout)


if __name__ == "__main__":
    unittest.main()
