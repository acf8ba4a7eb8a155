"""How the API refuses bad requests: problem details (RFC 9457) naming the
field, size and depth limits, content types, unknown routes and methods,
the access log, and the per-client rate limit."""

import http.client
import json
import os
import shutil
import tempfile
import time

from harness import (Api, DemoServerCase, Server, cli, new_db, new_password, new_programme_body,
                     person_body)

BODY_MAX = 1024 * 1024
DEPTH_MAX = 16


class ErrorTests(DemoServerCase):
    def test_unknown_field_is_refused_by_name(self):
        api = self.api("centre.ilpkl")
        body = person_body(favourite_colour="blue")
        self.pii.update((body["full_name"], body["id_number"]))
        api.post("people", body)
        self.assertProblem(api, 422, "favourite_colour", "is not a known field")
        status, found = self.api("admin").post("people/search", {"name_prefix": body["full_name"]})
        self.assertEqual(found["items"], [], "nothing was registered")
        owner = self.api("owner.jtm")
        jtm = self.ids()["org"]["JTM"]
        owner.post("programmes", new_programme_body(
            jtm, "E2E-UNKNOWN", eligibility={"min_age": 18, "shoe_size": 42}))
        self.assertProblem(owner, 422, "eligibility.shoe_size", "is not a known field")
        owner.post("programmes", new_programme_body(
            jtm, "E2E-UNKNOWN", budget={"amount": "1.00", "currency": "MYR", "vat": "0"}))
        self.assertProblem(owner, 422, "budget.vat")
        phase = dict(new_programme_body(jtm, "x")["phases"][0], colour="red")
        owner.post("programmes", new_programme_body(jtm, "E2E-UNKNOWN", phases=[phase]))
        self.assertProblem(owner, 422, "phases[0].colour")

    def test_wrong_type_is_refused_by_name(self):
        ids = self.ids()
        centre = self.api("centre.ilpkl")
        cases = [
            ("people", dict(person_body(), full_name=42), "full_name", "must be a string"),
            ("people", dict(person_body(), employer_org_id="33"), "employer_org_id",
             "must be a whole number"),
            ("cohorts", {"programme_id": ids["programme"]["JTM-HW-TVET-2025"],
                         "centre_org_id": ids["org"]["ILP KL"], "name": "Typed", "capacity": 1.5,
                         "starts_on": "2026-09-07", "ends_on": "2026-12-04"},
             "capacity", "must be a whole number"),
            ("cohorts", {"programme_id": ids["programme"]["JTM-HW-TVET-2025"],
                         "centre_org_id": ids["org"]["ILP KL"], "name": "Typed", "capacity": 5,
                         "starts_on": "2026-09-07", "ends_on": "2026-12-04",
                         "instructors": "7"}, "instructors", "must be an array of ids"),
            ("enrolments", {"person_id": "12", "cohort_id": 9}, "person_id",
             "must be a whole number"),
        ]
        for path, body, field, why in cases:
            with self.subTest(path=path, field=field):
                centre.post(path, body)
                self.assertProblem(centre, 422, field, why)
        owner = self.api("owner.jtm")
        jtm = ids["org"]["JTM"]
        owner.post("programmes", new_programme_body(jtm, "E2E-TYPED", funded="yes"))
        self.assertProblem(owner, 422, "funded", "must be true or false")
        owner.post("programmes", new_programme_body(jtm, "E2E-TYPED", budget=125000))
        self.assertProblem(owner, 422, "budget")

    def test_wrong_type_inside_an_object_names_the_full_path(self):
        # Unknown members are named with their path ("eligibility.shoe_size");
        # a member of the wrong type must be named the same way, or the
        # client cannot tell eligibility.min_age from a top-level min_age.
        owner = self.api("owner.jtm")
        jtm = self.ids()["org"]["JTM"]
        owner.post("programmes", new_programme_body(
            jtm, "E2E-NESTED", eligibility={"min_age": "eighteen"}))
        self.assertProblem(owner, 422, "eligibility.min_age")
        owner.post("programmes", new_programme_body(
            jtm, "E2E-NESTED", budget={"amount": 100, "currency": "MYR"}))
        self.assertProblem(owner, 422, "budget.amount")
        phase = dict(new_programme_body(jtm, "x")["phases"][0], name=7)
        owner.post("programmes", new_programme_body(jtm, "E2E-NESTED", phases=[phase]))
        self.assertProblem(owner, 422, "phases[0].name")

    def test_body_larger_than_1_mib_is_refused(self):
        api = self.api("centre.ilpkl")
        big = b'{"full_name": "' + b"x" * BODY_MAX + b'"}'
        api.request("POST", "/api/v1/people", raw=big)
        self.assertProblem(api, 413, "body", str(BODY_MAX))
        # Exactly at the limit the body is read, and judged on its content.
        filler = BODY_MAX - len(b'{"full_name": ""}')
        exact = b'{"full_name": "' + b"x" * filler + b'"}'
        self.assertEqual(len(exact), BODY_MAX)
        api.request("POST", "/api/v1/people", raw=exact)
        self.assertProblem(api, 422, "full_name", "must be at most")
        # The server is still there for the next request.
        self.assertEqual(api.get("me")[0], 200)

    def test_body_larger_than_1_mib_without_content_length(self):
        # Chunked: the size is known only while reading.
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=60)
        try:
            conn.putrequest("POST", "/api/v1/people")
            conn.putheader("Authorization", "Bearer " + self.token("centre.ilpkl"))
            conn.putheader("Content-Type", "application/json")
            conn.putheader("Transfer-Encoding", "chunked")
            conn.endheaders()
            chunk = b"x" * 65536
            conn.send(b"%x\r\n" % 1 + b"[" + b"\r\n")
            for _ in range(BODY_MAX // len(chunk) + 1):
                conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            conn.send(b"0\r\n\r\n")
            r = conn.getresponse()
            status, text = r.status, r.read()
        finally:
            conn.close()
        self.assertEqual(status, 413, text[:300])
        self.assertEqual(json.loads(text)["field"], "body")

    def test_invalid_json_is_a_bad_request(self):
        api = self.api("centre.ilpkl")
        for raw in ('{"full_name": ', "{full_name: 1}", '{"a": 1} trailing', "\xff\xfe"):
            with self.subTest(raw=raw):
                api.request("POST", "/api/v1/people", raw=raw.encode("latin-1"))
                self.assertProblem(api, 400, "body", "not valid JSON")
        api.request("POST", "/api/v1/auth/login",
                    raw=b'{"username": "admin", "username": "owner.jtm", "password": "x"}')
        self.assertProblem(api, 400, "body")
        api.request("POST", "/api/v1/people", raw=b"[1, 2, 3]")
        self.assertProblem(api, 400, "body", "a JSON object is required")

    def test_deep_nesting_is_refused(self):
        api = self.api("centre.ilpkl")
        too_deep = "[" * (DEPTH_MAX + 1) + "]" * (DEPTH_MAX + 1)
        api.request("POST", "/api/v1/people", raw=too_deep)
        self.assertProblem(api, 400, "body", "nested deeper than 16")
        nested = '{"a": ' * (DEPTH_MAX + 1) + "1" + "}" * (DEPTH_MAX + 1)
        api.request("POST", "/api/v1/people", raw=nested)
        self.assertProblem(api, 400, "body", "nested deeper than 16")
        # Brackets inside strings do not count.
        api.request("POST", "/api/v1/people", raw=json.dumps({"full_name": "[" * 100}))
        self.assertProblem(api, 422)
        # 16 levels are allowed (and then judged on content).
        ok_depth = '{"x": ' * (DEPTH_MAX - 1) + "{}" + "}" * (DEPTH_MAX - 1)
        api.request("POST", "/api/v1/people", raw=ok_depth)
        self.assertProblem(api, 422, "x", "is not a known field")

    def test_wrong_content_type_is_unsupported(self):
        api = self.api("centre.ilpkl")
        body = json.dumps(person_body())
        for ctype in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                      None):
            with self.subTest(content_type=ctype):
                api.request("POST", "/api/v1/people", raw=body, content_type=ctype)
                self.assertProblem(api, 415, "Content-Type")
        status, _ = api.post("people", json.loads(body),
                             headers={"Content-Type": "application/json; charset=utf-8"})
        self.assertEqual(status, 201, api.last.text)
        self.pii.update(json.loads(body)[k] for k in ("full_name", "id_number"))

    def test_unknown_route_and_wrong_method(self):
        api = self.api("admin")
        for path in ("/api/v1/nothing", "/api/v1/people/0", "/api/v1/people/abc",
                     "/api/v1/people/1/2", "/api/v2/people", "/api/v1/people/99999999999999999999"):
            with self.subTest(path=path):
                api.request("GET", path)
                self.assertProblem(api, 404, detail_contains="no such resource")
        api.request("GET", "/api/v1/people/999999")
        self.assertProblem(api, 404)
        for method, path in (("DELETE", "/api/v1/programmes"), ("PUT", "/api/v1/people"),
                             ("GET", "/api/v1/auth/login"), ("PATCH", "/api/v1/cohorts/1"),
                             ("POST", "/api/v1/me")):
            with self.subTest(method=method, path=path):
                if method in ("GET", "DELETE"):
                    api.request(method, path)
                else:
                    api.request(method, path, {})
                self.assertProblem(api, 405, detail_contains=f"{method} is not allowed")
        # A trailing slash is the same resource.
        self.assertEqual(api.request("GET", "/api/v1/me/").status, 200)
        # Unknown routes answer 404 whether or not the caller signed in.
        anon = Api(self.server.port)
        anon.request("GET", "/api/v1/nothing")
        self.assertProblem(anon, 404)

    def test_405_names_the_allowed_methods(self):
        # RFC 9110 15.5.6: a 405 response MUST carry an Allow header.
        api = self.api("admin")
        for method, path, allowed in (("DELETE", "/api/v1/programmes", {"GET", "POST"}),
                                      ("POST", "/api/v1/me", {"GET"}),
                                      ("PUT", "/api/v1/people/1", {"GET", "PATCH"})):
            with self.subTest(method=method, path=path):
                r = api.request(method, path, {}) if method != "DELETE" else \
                    api.request(method, path)
                self.assertEqual(r.status, 405, r.text)
                allow = {m.strip() for m in (r.header("allow") or "").split(",") if m.strip()}
                self.assertEqual(allow, allowed, r.headers)

    def test_bad_paging_parameters(self):
        api = self.api("admin")
        for query, field in (("limit=0", "limit"), ("limit=201", "limit"), ("limit=x", "limit"),
                             ("after=-1", "after")):
            with self.subTest(query=query):
                api.request("GET", f"/api/v1/organisations?{query}")
                self.assertProblem(api, 400, field)
        api.request("GET", "/api/v1/cohorts?programme_id=abc")
        self.assertProblem(api, 400, "programme_id")

    def test_responses_carry_security_headers(self):
        api = self.api("admin")
        api.get("me")
        r = api.last
        self.assertEqual(r.header("x-content-type-options"), "nosniff")
        self.assertEqual(r.header("cache-control"), "no-store")
        self.assertEqual(r.header("x-frame-options"), "DENY")
        self.assertIn("default-src 'none'", r.header("content-security-policy"))
        self.assertTrue(r.header("content-type").startswith("application/json"))
        r = Api(self.server.port).request("GET", "/")
        self.assertEqual(r.status, 200)
        self.assertTrue(r.header("content-type").startswith("text/html"))
        self.assertIn("frame-ancestors 'none'", r.header("content-security-policy"))

    def test_zz_access_log_holds_no_personal_data(self):
        # Named to run last: every request of this class is in the log now.
        self.api("admin").get("organisations/2")
        log = self.server.wait_for_log("GET /api/v1/organisations/2 200")
        self.assertRegex(log, r"POST /api/v1/people 4\d\d [0-9.]+ms user=\d+")
        self.assertIn("POST /api/v1/people 413", log)
        self.assertTrue(self.pii)
        for value in sorted(self.pii) + [self.password]:
            with self.subTest(value=value):
                self.assertNotIn(value, log)
        self.assertNotIn("tns_", log)
        self.assertNotIn("xxxxxxxxxx", log)


class RateLimitTests(DemoServerCase):
    """A server with the default limiter, tightened to 5 requests per second
    with a burst of 5 so that a test can reach it."""

    @classmethod
    def setUpClass(cls):
        cls.workdir = tempfile.mkdtemp(prefix="tunas-e2e-")
        cls.db = new_db(cls.workdir)
        cls.password = new_password()
        cls._tokens, cls._ids, cls.pii = {}, None, set()
        try:
            r = cli(cls.db, "init", env={"TUNAS_ADMIN_PASSWORD": cls.password})
            assert r.returncode == 0, r.stderr
            cls.server = Server(cls.db, cls.workdir, rate=5, burst=5).start()
        except BaseException:
            shutil.rmtree(cls.workdir, ignore_errors=True)
            raise

    def test_a_burst_gets_429_with_retry_after(self):
        api = Api(self.server.port)
        statuses, limited = [], None
        for _ in range(40):
            r = api.request("GET", "/api/v1/health")
            statuses.append(r.status)
            if r.status == 429:
                limited = r
                break
        self.assertIsNotNone(limited, f"no 429 after {len(statuses)} requests: {statuses}")
        self.assertEqual(statuses[:5], [200] * 5, statuses)
        self.assertLessEqual(len(statuses), 12, statuses)
        self.assertEqual(limited.header("retry-after"), "1")
        self.assertProblem(limited, 429, detail_contains="too many requests")
        # The limit applies before anything else is looked at: signing in
        # is refused too, without checking the password.
        started = time.monotonic()
        for _ in range(10):
            r = api.request("POST", "/api/v1/auth/login",
                            {"username": "admin", "password": self.password})
            if r.status == 429:
                break
        self.assertEqual(r.status, 429)
        # After a pause the client is served again.
        time.sleep(1.5)
        r = api.request("GET", "/api/v1/health")
        self.assertEqual(r.status, 200, r.text)
        self.assertLess(time.monotonic() - started, 60)
