"""Shared fixtures for the end-to-end suite.

Everything here drives the real `tunas` binary the way a user or operator
would: the CLI in a subprocess, the server on 127.0.0.1 over HTTP. Nothing
imports or links the library. Only the Python 3.11 standard library is used.

- cli(): run `tunas --db DB ...` and capture its output.
- Server: `tunas serve` on a free port (--port 0 --port-file), stopped with
  SIGTERM; its stderr (the access log) goes to a file tests can read.
- Api: a small HTTP client; get/post/put/patch/delete return (status, json).
- mykad()/nik()/person_body(): valid, unique identity numbers and people.
- DemoServerCase: a test class with its own temporary directory, a database
  filled by `tunas demo` with a random password, and a server on it. Each
  demo account signs in at most once per server (Argon2id makes sign-in
  slow on purpose) and the token is reused.
"""

import atexit
import http.client
import itertools
import json
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

# Set by run.py from its argument.
BINARY = os.environ.get("TUNAS_BIN", "")

# Generous limits: AddressSanitizer builds are several times slower.
START_TIMEOUT = 90.0
STOP_TIMEOUT = 60.0
REQUEST_TIMEOUT = 60.0
CLI_TIMEOUT = 600.0

DEMO_ACCOUNTS = (
    "admin",
    "owner.jtm",
    "owner.kemnaker",
    "partner.huawei",
    "centre.ilpkl",
    "centre.bekasi",
    "instructor.ilpkl",
    "trainee.demo",
    "employer.demo",
    "judge.demo",
)

# Variables of the caller's environment that would change what the binary
# does; the suite sets what it needs explicitly.
_SCRUB = ("TUNAS_DB", "TUNAS_DEMO_PASSWORD", "TUNAS_PASSWORD", "TUNAS_ADMIN_PASSWORD")


def _env(extra=None):
    env = {k: v for k, v in os.environ.items() if k not in _SCRUB}
    env.update(extra or {})
    return env


# What sanitizer builds print when they find a bug.
SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:")


def sanitizer_report(text):
    """The sanitizer's report in text, or None."""
    for mark in SANITIZER_MARKS:
        at = text.find(mark)
        if at >= 0:
            return text[max(0, at - 200):at + 3000]
    return None


# The store the suite runs on: SQLite files by default; when TUNAS_TEST_PG
# holds a PostgreSQL URI prefix (a database name is appended, e.g.
# postgresql://postgres@127.0.0.1:55432/), a fresh database there instead.
PG_PREFIX = os.environ.get("TUNAS_TEST_PG", "")
_db_count = itertools.count(1)
_keys_of = {}  # database URI -> its issuer key directory


def new_db(workdir, name="t.db"):
    """A new, empty database for the binary's --db: a file in workdir, or
    a new PostgreSQL database whose issuer keys go to workdir/keys (where
    they would be beside an SQLite file)."""
    if not PG_PREFIX:
        return os.path.join(workdir, name)
    dbname = f"e_{os.getpid()}_{next(_db_count)}"
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", PG_PREFIX + "postgres",
                    "-c", f"CREATE DATABASE {dbname}"], check=True, capture_output=True)
    uri = PG_PREFIX + dbname
    _keys_of[uri] = os.path.join(workdir, "keys")
    return uri


def db_env(db, extra=None):
    """The environment for the binary on db."""
    env = dict(extra or {})
    if db in _keys_of:
        env.setdefault("TUNAS_KEYS", _keys_of[db])
    return _env(env)


_demo_template = {}  # on PostgreSQL: the demo loaded once, as a template


def demo_db(workdir):
    """A fresh database holding the demo, and the demo accounts' password.

    On SQLite each call runs `tunas demo` into a new file. On PostgreSQL,
    where loading it takes far longer (a round trip per statement), the
    first call loads it into a template database with its own issuer keys;
    each call then gets a copy of that database (CREATE DATABASE ...
    TEMPLATE) and of the keys: the same data a fresh load gives."""
    if not PG_PREFIX:
        db, password = new_db(workdir), new_password()
        load_demo(db, password)
        return db, password
    if not _demo_template:
        keep = tempfile.mkdtemp(prefix="tunas-e2e-demo-")
        atexit.register(shutil.rmtree, keep, True)
        template, password = new_db(keep), new_password()
        load_demo(template, password)
        _demo_template.update(name=template[len(PG_PREFIX):], password=password,
                              keys=os.path.join(keep, "keys"))
    dbname = f"e_{os.getpid()}_{next(_db_count)}"
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", PG_PREFIX + "postgres",
                    "-c", f"CREATE DATABASE {dbname} TEMPLATE {_demo_template['name']}"
                    " STRATEGY FILE_COPY"], check=True, capture_output=True)
    db = PG_PREFIX + dbname
    _keys_of[db] = os.path.join(workdir, "keys")
    shutil.copytree(_demo_template["keys"], _keys_of[db])
    return db, _demo_template["password"]


def sqlite_only(why):
    """Marks a test (or class) that is about SQLite's files themselves; run.py
    leaves it out of a PostgreSQL run instead of counting it as run."""
    def mark(obj):
        obj.sqlite_only = why
        return obj
    return mark


def postgres_only(why):
    """Marks a test (or class) that needs PostgreSQL (several servers on one
    database, a PostgreSQL restart); run.py runs it only in the PostgreSQL
    run (TUNAS_TEST_PG set), where the cluster is there."""
    def mark(obj):
        obj.postgres_only = why
        return obj
    return mark


def cli(db, *args, env=None, stdin=None, timeout=CLI_TIMEOUT):
    """Run `tunas --db DB ARGS...`; returns subprocess.CompletedProcess.
    A sanitizer report on stderr fails the calling test."""
    r = subprocess.run(
        [BINARY, "--db", db, *args],
        capture_output=True,
        text=True,
        env=db_env(db, env),
        input=stdin,
        timeout=timeout,
    )
    report = sanitizer_report(r.stderr)
    if report:
        raise AssertionError(f"tunas {' '.join(args)}: sanitizer report:\n{report}")
    return r


def new_password():
    # Long enough for TUNAS_PASSWORD_MIN; random so no test can depend on it.
    return "e2e-" + secrets.token_urlsafe(18)


def load_demo(db, password):
    r = cli(db, "demo", env={"TUNAS_DEMO_PASSWORD": password})
    if r.returncode != 0:
        raise RuntimeError(
            f"tunas demo failed with status {r.returncode}:\n{r.stdout}\n{r.stderr}"
        )
    return r


_running = set()


@atexit.register
def _kill_leftovers():
    # A class whose set-up failed half way never runs its tear-down.
    for server in list(_running):
        server.kill()


class Server:
    """`tunas serve` on 127.0.0.1 and a port the kernel picks."""

    _n = itertools.count(1)

    def __init__(self, db, workdir, rate=0, burst=None):
        self.db = db
        self.workdir = workdir
        self.rate = rate
        self.burst = burst
        self.proc = None
        self.port = None
        self.returncode = None
        n = next(self._n)
        self.port_file = os.path.join(workdir, f"port-{n}")
        self.stderr_path = os.path.join(workdir, f"serve-{n}.stderr")
        self.stdout_path = os.path.join(workdir, f"serve-{n}.stdout")

    def start(self):
        args = [
            BINARY, "--db", self.db, "serve", "--address", "127.0.0.1", "--port", "0",
            "--port-file", self.port_file, "--rate", str(self.rate),
        ]
        if self.burst is not None:
            args += ["--burst", str(self.burst)]
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen(args, stdout=out, stderr=err, env=db_env(self.db))
        _running.add(self)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            rc = self.proc.poll()
            if rc is not None:
                raise RuntimeError(
                    f"tunas serve exited with status {rc} before listening:\n"
                    + self.stderr_text()
                )
            try:
                with open(self.port_file, encoding="ascii") as f:
                    text = f.read()
            except FileNotFoundError:
                text = ""
            if text.endswith("\n"):
                self.port = int(text)
                break
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError("tunas serve did not write its port file in time")
            time.sleep(0.02)
        return self

    def stop(self):
        """SIGTERM, then wait; returns the exit status (None if it had to
        be killed)."""
        if self.proc is None:
            return self.returncode
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.returncode = self.proc.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.kill()
                self.returncode = None
        else:
            self.returncode = self.proc.returncode
        self.proc = None
        _running.discard(self)
        return self.returncode

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        _running.discard(self)

    @property
    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def wait_for_log(self, needle, timeout=15.0):
        """The server's stderr once it holds `needle` (the access log is
        flushed at least every half second), or as it is after timeout."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.stderr_text()
            if needle in text or time.monotonic() > deadline:
                return text
            time.sleep(0.1)

    def stderr_text(self):
        try:
            with open(self.stderr_path, encoding="utf-8", errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""


class Response:
    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = headers  # lower-case names
        self.raw = raw
        self.text = raw.decode("utf-8", errors="replace")
        self.json = None
        if raw and "json" in headers.get("content-type", ""):
            try:
                self.json = json.loads(self.text)
            except ValueError:
                self.json = None

    def header(self, name):
        return self.headers.get(name.lower())

    def __repr__(self):
        return f"<{self.status} {self.text[:300]}>"


_NO_BODY = object()


class Api:
    """A client of one server as one caller. get/post/put/patch/delete
    return (status, json); the full last response is in .last."""

    def __init__(self, port, token=None, cookie=None, headers=None):
        self.port = port
        self.token = token
        self.cookie = cookie
        self.headers = dict(headers or {})
        self.last = None

    def request(self, method, path, body=_NO_BODY, raw=None, content_type="application/json",
                headers=None):
        h = dict(self.headers)
        if self.token is not None:
            h["Authorization"] = "Bearer " + self.token
        if self.cookie is not None:
            h["Cookie"] = self.cookie
        data = None
        if raw is not None:
            data = raw if isinstance(raw, bytes) else raw.encode("utf-8")
        elif body is not _NO_BODY:
            data = json.dumps(body).encode("utf-8")
        if data is not None and content_type is not None:
            h["Content-Type"] = content_type
        h.update(headers or {})
        path = path if path.startswith("/") else "/api/v1/" + path
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            conn.request(method, path, body=data, headers=h)
            r = conn.getresponse()
            resp = Response(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
        finally:
            conn.close()
        self.last = resp
        return resp

    def _call(self, method, path, body=_NO_BODY, **kw):
        r = self.request(method, path, body, **kw)
        return r.status, r.json

    def get(self, path, **kw):
        return self._call("GET", path, **kw)

    def post(self, path, body=_NO_BODY, **kw):
        return self._call("POST", path, body, **kw)

    def put(self, path, body=_NO_BODY, **kw):
        return self._call("PUT", path, body, **kw)

    def patch(self, path, body=_NO_BODY, **kw):
        return self._call("PATCH", path, body, **kw)

    def delete(self, path, **kw):
        return self._call("DELETE", path, **kw)

    def all_items(self, path, limit=200):
        """Every item of a paged list (follows next_after)."""
        items, after = [], 0
        sep = "&" if "?" in path else "?"
        while True:
            status, body = self.get(f"{path}{sep}limit={limit}&after={after}")
            if status != 200:
                raise AssertionError(f"GET {path}: {status} {self.last.text[:300]}")
            items += body["items"]
            if body["next_after"] is None:
                return items
            after = body["next_after"]


def login(port, username, password):
    status, body = Api(port).post("auth/login", {"username": username, "password": password})
    if status != 200:
        raise AssertionError(f"sign-in of {username} failed: {status} {body}")
    return body["token"]


# Identity numbers. Place-of-birth code 16 (WP Putrajaya) and NIK province
# 31 (DKI Jakarta) are never used by the demo data, so these numbers cannot
# collide with a demo person; the counter keeps them unique in a run.

_serial = itertools.count(1)


def mykad(born="2000-03-14", sex="M", place="16"):
    """A valid MyKad number, digits only: YYMMDD PB ###G."""
    n = next(_serial)
    y, m, d = born.split("-")
    last = (n % 5) * 2 + (1 if sex == "M" else 0)
    return f"{y[2:]}{m}{d}{place}{n % 1000:03d}{last}"


def nik(born="1998-07-09", sex="M", region="317101"):
    """A valid NIK: region, DDMMYY (day + 40 for women), 4-digit serial."""
    n = next(_serial)
    y, m, d = born.split("-")
    day = int(d) + (40 if sex == "F" else 0)
    return f"{region}{day:02d}{m}{y[2:]}{n % 10000 or 1:04d}"


_GIVEN_M = ("Amirul", "Haziq", "Faris", "Irfan", "Danial", "Luqman")
_GIVEN_F = ("Aisyah", "Nabila", "Syazwani", "Balqis", "Liyana", "Husna")
_FATHER = ("Kamaruzzaman", "Zulkarnain", "Fadzilah", "Shamsuddin", "Baharudin")


def _tag(n):
    # A pronounceable, unique word so names can be found in logs and lists.
    letters = "bcdfghjklmnprstvz"
    vowels = "aeiou"
    out = ""
    while True:
        out += letters[n % len(letters)] + vowels[(n // len(letters)) % len(vowels)]
        n //= len(letters) * len(vowels)
        if n == 0:
            return out.capitalize()


def person_name(sex="M"):
    n = next(_serial)
    given = (_GIVEN_M if sex == "M" else _GIVEN_F)[n % 6]
    return f"{given} {_tag(n + 1000)} {'bin' if sex == 'M' else 'binti'} {_FATHER[n % 5]}"


def person_body(born="2000-03-14", sex="M", edu="SPM", employment="job_seeker", **extra):
    """A valid new Malaysian for POST /people."""
    body = {
        "full_name": person_name(sex),
        "id_type": "mykad",
        "id_number": mykad(born, sex),
        "edu_level": edu,
        "employment": employment,
    }
    body.update(extra)
    return body


class DemoServerCase(unittest.TestCase):
    """A fresh temporary directory, `tunas demo` with a random password and
    `tunas serve` on it, for the whole class."""

    RATE = 0
    maxDiff = 4000

    @classmethod
    def setUpClass(cls):
        cls.workdir = tempfile.mkdtemp(prefix="tunas-e2e-")
        cls.db = None
        cls.password = None
        cls._tokens = {}
        cls._ids = None
        cls.pii = set()  # names and ID numbers this class sent
        cls.server = None
        try:
            cls.db, cls.password = demo_db(cls.workdir)
            cls.server = Server(cls.db, cls.workdir, rate=cls.RATE).start()
            cls.prepare()
        except BaseException:
            if cls.server is not None:
                cls.server.kill()
            shutil.rmtree(cls.workdir, ignore_errors=True)
            raise

    @classmethod
    def prepare(cls):
        """More set-up for the class, once the server runs."""

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        log = cls.server.stderr_text()
        shutil.rmtree(cls.workdir, ignore_errors=True)
        report = sanitizer_report(log)
        if report:
            raise AssertionError("tunas serve: sanitizer report:\n" + report)
        if rc != 0:
            raise AssertionError(
                f"tunas serve exited with status {rc} on SIGTERM (want 0); stderr ends:\n"
                + log[-3000:]
            )

    @classmethod
    def token(cls, username):
        if username not in cls._tokens:
            cls._tokens[username] = login(cls.server.port, username, cls.password)
        return cls._tokens[username]

    @classmethod
    def api(cls, username=None):
        return Api(cls.server.port, cls.token(username) if username else None)

    @classmethod
    def ids(cls):
        """Ids of the demo objects, found through the API as the admin."""
        if cls._ids is None:
            admin = cls.api("admin")
            ids = {"org": {}, "programme": {}, "cohort": {}, "user": {}}
            for o in admin.all_items("organisations"):
                ids["org"][o["short_name"] or o["name"]] = o["id"]
            for p in admin.all_items("programmes"):
                ids["programme"][p["code"]] = p["id"]
            for c in admin.all_items("cohorts"):
                ids["cohort"][c["name"]] = c["id"]
            for u in admin.all_items("users"):
                ids["user"][u["username"]] = u["id"]
            status, me = cls.api("trainee.demo").get("me")
            assert status == 200, me
            ids["trainee_person"] = me["person_id"]
            cls._ids = ids
        return cls._ids

    # Helpers for tests.

    def create_person(self, as_user="centre.ilpkl", **kw):
        body = person_body(**kw)
        status, got = self.api(as_user).post("people", body)
        self.assertEqual(status, 201, got)
        self.pii.update((body["full_name"], got["id_number"]))
        return got

    def assertProblem(self, resp_or_api, status, field=None, detail_contains=None):
        """The last response is an RFC 9457 problem with this status, and
        names `field` when given."""
        r = resp_or_api.last if isinstance(resp_or_api, Api) else resp_or_api
        self.assertEqual(r.status, status, r.text[:500])
        ctype = r.header("content-type") or ""
        self.assertTrue(ctype.startswith("application/problem+json"), ctype)
        p = r.json
        self.assertIsInstance(p, dict, r.text[:300])
        self.assertEqual(p.get("status"), status)
        self.assertTrue(p.get("title"))
        self.assertTrue(p.get("detail"))
        if field is not None:
            self.assertEqual(p.get("field"), field, p)
            self.assertIn({"field": field, "reason": p["detail"]}, p.get("errors", []))
        if detail_contains is not None:
            self.assertIn(detail_contains, p["detail"])
        return p


# Programmes and cohorts as request bodies.

PROGRAMME_FIELDS = ("code", "name", "description", "owner_org_id", "partners",
                    "target_headcount", "funded", "starts_on", "ends_on", "delivery_modes",
                    "tracks", "phases")


def programme_put_body(p):
    """A PUT body that leaves programme `p` (as the admin reads it) as it is.
    Eligibility members of -1 mean "no rule" and are left out."""
    body = {k: p[k] for k in PROGRAMME_FIELDS}
    for k in ("sponsor_org_id", "partnership_id"):
        if p[k] is not None:
            body[k] = p[k]
    body["budget"] = p["budget"]
    body["eligibility"] = {k: v for k, v in p["eligibility"].items()
                           if not (isinstance(v, int) and v < 0)}
    return body


def new_programme_body(owner_org_id, code, **over):
    body = {
        "code": code,
        "name": f"End-to-end test programme {code}",
        "description": "Created by the end-to-end suite.",
        "owner_org_id": owner_org_id,
        "target_headcount": 50,
        "budget": {"amount": "125000.50", "currency": "MYR"},
        "funded": True,
        "starts_on": "2026-01-05",
        "ends_on": "2027-12-31",
        "delivery_modes": ["in_person", "online"],
        "tracks": ["5G", "AI"],
        "phases": [{"kind": "local", "name": "Local training", "location": "ILP Kuala Lumpur",
                    "country": "MY", "starts_on": "2026-01-05", "ends_on": "2027-06-30"}],
        "eligibility": {"min_age": 18, "max_age": 30, "min_isced": 3,
                        "employment": ["job_seeker", "student"]},
    }
    body.update(over)
    return body


def cohort_put_body(c):
    return {k: c[k] for k in ("programme_id", "centre_org_id", "name", "capacity", "starts_on",
                              "ends_on", "instructors")}
