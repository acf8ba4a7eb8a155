"""`tunas init` and `tunas user add`: accounts made on the command line can
sign in over HTTP, and passwords never need to be on the command line."""

import os
import re
import shutil
import subprocess
import tempfile
import unittest

import harness

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
        if PG_PREFIX:
            # A password in the database URI is never printed (the test
            # cluster trusts 127.0.0.1, so any password opens it).
            uri = self.db.replace("postgres@", "postgres:s3cret-in-uri@", 1)
            self.assertNotEqual(uri, self.db)
            harness._keys_of[uri] = harness._keys_of[self.db]
            shown = cli(uri, "init")
            self.assertEqual(shown.returncode, 0, shown.stderr)
            self.assertIn("postgres:***@", shown.stdout)
            self.assertNotIn("s3cret", shown.stdout + shown.stderr)
        self.server = Server(self.db, self.workdir).start()
        self.assertTrue(login(self.server.port, "admin", password).startswith("tns_"))

    def test_a_configuration_file_names_the_database(self):
        conf = os.path.join(self.workdir, "tunas.conf")
        keys = os.path.join(self.workdir, "conf-keys")

        def run(*args, env=None):
            e = {k: v for k, v in harness.db_env(self.db, env).items()
                 if k not in ("TUNAS_KEYS", "TUNAS_CONFIG")}
            return subprocess.run([harness.BINARY, *args], capture_output=True, text=True,
                                  env=e, timeout=120)

        with open(conf, "w", encoding="utf-8") as f:
            f.write(f"# written by the test\ndb = {self.db}\nkeys = {keys}\n")
        os.chmod(conf, 0o600)
        r = run("--config", conf, "init", env={"TUNAS_ADMIN_PASSWORD": new_password()})
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        # The database and the key directory are the file's.
        self.assertTrue(os.path.isdir(keys), os.listdir(self.workdir))
        r = cli(self.db, "audit", "verify")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        r = run("audit", "verify", env={"TUNAS_CONFIG": conf})
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        # A file others may write is refused: it says which database to trust.
        os.chmod(conf, 0o666)
        r = run("--config", conf, "audit", "verify")
        self.assertEqual(r.returncode, 2, r.stdout)
        self.assertIn("writable by others", r.stderr)
        os.chmod(conf, 0o600)
        with open(conf, "a", encoding="utf-8") as f:
            f.write("colour = blue\n")
        r = run("--config", conf, "audit", "verify")
        self.assertEqual(r.returncode, 2, r.stdout)
        self.assertIn("line 4: unknown key 'colour'", r.stderr)

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
