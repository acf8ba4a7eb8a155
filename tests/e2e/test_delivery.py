"""Delivery, assessment and certificates over HTTP, as each role would use
them: a timetable, an attendance sheet and a trainee's check-in code,
assessment with a second person's sign-off and a dispute, completion rules,
and a certificate verified publicly (page, API, status list and the offline
CLI), tampered with, suspended and revoked."""

import base64
import contextlib
import gzip
import json
import os
import subprocess
import time

import harness
from harness import DemoServerCase, Api, cli, new_programme_body

HERE = os.path.dirname(os.path.abspath(__file__))
OB_SCHEMA = os.path.join(HERE, "..", "data", "ob", "ob_v3p0_achievementcredential_schema.json")
# Debian's python3-jsonschema is installed for the system Python (scripts/deps).
SCHEMA_CHECK = (
    "import json, sys, jsonschema\n"
    "schema = json.load(open(sys.argv[1]))\n"
    "jsonschema.validate(json.load(sys.stdin), schema,"
    " cls=jsonschema.validators.validator_for(schema))\n"
)


def status_value(status_list, index):
    """The two-bit status at `index` of a BitstringStatusListCredential."""
    encoded = status_list["credentialSubject"]["encodedList"]
    assert encoded.startswith("u"), encoded[:10]
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    bit = index * 2
    hi = (raw[bit // 8] >> (7 - bit % 8)) & 1
    lo = (raw[(bit + 1) // 8] >> (7 - (bit + 1) % 8)) & 1
    return hi * 2 + lo


@contextlib.contextmanager
def server_without_interface(db, workdir):
    """A second `tunas serve` on the same database, without the browser
    interface (--web ""): /verify/{uuid} is then the server-rendered page.
    Yields its Api (no account)."""
    port_file = os.path.join(workdir, "port-noweb")
    if os.path.exists(port_file):
        os.unlink(port_file)
    proc = subprocess.Popen(
        [harness.BINARY, "--db", db, "serve", "--address", "127.0.0.1", "--port", "0",
         "--port-file", port_file, "--rate", "0", "--quiet", "--web", ""],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=harness.db_env(db))
    try:
        deadline = time.monotonic() + harness.START_TIMEOUT
        text = ""
        while not text.endswith("\n"):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("tunas serve --web '' did not start")
            time.sleep(0.05)
            with contextlib.suppress(FileNotFoundError), open(port_file, encoding="ascii") as f:
                text = f.read()
        yield Api(int(text))
    finally:
        proc.terminate()
        proc.wait(timeout=30)


class DeliveryTests(DemoServerCase):
    @classmethod
    def prepare(cls):
        ids = cls.ids()
        cls.jtm, cls.ilpkl = ids["org"]["JTM"], ids["org"]["ILP KL"]
        cls.instructor = ids["user"]["instructor.ilpkl"]
        owner = cls.api("owner.jtm")
        status, cls.prog = owner.post("programmes", new_programme_body(
            cls.jtm, "E2E-DELIVERY", eligibility={}, phases=[]))
        assert status == 201, cls.prog
        status, cls.course = owner.post("courses", {
            "programme_id": cls.prog["id"], "code": "E2E-5G", "title": "5G fundamentals", "hours": 40,
            "vendor_cert": "Huawei HCIA-5G"})
        assert status == 201, cls.course
        status, c = owner.post("cohorts", {
            "programme_id": cls.prog["id"], "centre_org_id": cls.ilpkl, "name": "E2E delivery",
            "capacity": 10, "starts_on": "2026-01-05", "ends_on": "2026-06-30",
            "instructors": [cls.instructor]})
        assert status == 201, c
        cls.cohort = c["id"]

    def enrolled_person(self, **kw):
        p = self.create_person("centre.ilpkl", **kw)
        centre = self.api("centre.ilpkl")
        status, e = centre.post("enrolments", {"person_id": p["id"], "cohort_id": self.cohort})
        self.assertEqual(status, 201, e)
        for to in ("accepted", "enrolled"):
            status, e = centre.post(f"enrolments/{e['id']}/status", {"status": to})
            self.assertEqual(status, 200, e)
        return p, e

    def session(self, starts="2026-01-12T09:00:00+08:00", ends="2026-01-12T12:00:00+08:00"):
        status, s = self.api("instructor.ilpkl").post(f"cohorts/{self.cohort}/sessions", {
            "kind": "lab", "title": "gNodeB commissioning", "starts_at": starts,
            "ends_at": ends, "time_zone": "Asia/Kuala_Lumpur", "venue": "Lab 2",
            "instructor_user_id": self.instructor})
        self.assertEqual(status, 201, s)
        return s

    def test_session_times_and_validation(self):
        s = self.session()
        self.assertEqual(s["starts_at"], "2026-01-12T09:00:00+08:00")
        self.assertEqual(s["kind"], "lab")
        api = self.api("instructor.ilpkl")
        api.post(f"cohorts/{self.cohort}/sessions", {
            "kind": "lab", "title": "x", "starts_at": "2026-01-12 09:00",
            "ends_at": "2026-01-12T12:00:00+08:00", "time_zone": "Asia/Kuala_Lumpur"})
        self.assertProblem(api, 422, "starts_at")
        api.post(f"cohorts/{self.cohort}/sessions", {
            "kind": "party", "title": "x", "starts_at": "2026-01-12T09:00:00+08:00",
            "ends_at": "2026-01-12T12:00:00+08:00", "time_zone": "Asia/Kuala_Lumpur"})
        self.assertProblem(api, 422, "kind")
        other = self.api("centre.bekasi")
        other.get(f"sessions/{s['id']}")
        self.assertProblem(other, 404)
        status, page = api.get(f"cohorts/{self.cohort}/sessions")
        self.assertEqual(status, 200, page)
        self.assertIn(s["id"], [x["id"] for x in page["items"]])

    def test_attendance_sheet_history_and_checkin(self):
        p1, _ = self.enrolled_person()
        p2, _ = self.enrolled_person(sex="F")
        s = self.session("2026-01-13T09:00:00+08:00", "2026-01-13T12:00:00+08:00")
        api = self.api("instructor.ilpkl")
        status, r = api.post(f"sessions/{s['id']}/attendance", {"marks": [
            {"person_id": p1["id"], "status": "present"},
            {"person_id": p2["id"], "status": "absent"}]})
        self.assertEqual(status, 200, r)
        self.assertEqual(r["changed"], 2)
        status, r = api.post(f"sessions/{s['id']}/attendance", {"marks": [
            {"person_id": p2["id"], "status": "excused", "note": "medical certificate"}]})
        self.assertEqual((status, r["changed"]), (200, 1))
        status, cur = api.get(f"sessions/{s['id']}/attendance")
        self.assertEqual({(a["person_id"], a["status"]) for a in cur["items"]},
                         {(p1["id"], "present"), (p2["id"], "excused")})
        status, hist = api.get(f"sessions/{s['id']}/attendance?history=true")
        self.assertEqual(len(hist["items"]), 3)
        # A bad mark names its place in the sheet, and nothing is kept.
        api.post(f"sessions/{s['id']}/attendance", {"marks": [
            {"person_id": p1["id"], "status": "late"}, {"person_id": p2["id"], "status": "gone"}]})
        self.assertProblem(api, 422, "marks[1].status")
        status, hist = api.get(f"sessions/{s['id']}/attendance?history=true")
        self.assertEqual(len(hist["items"]), 3)
        status, rate = api.get(f"cohorts/{self.cohort}/attendance-rate?person_id={p2['id']}")
        self.assertEqual(status, 200, rate)
        self.assertEqual(rate["excused"], 1)
        # A partner has no business with the sheet.
        partner = self.api("partner.huawei")
        partner.post(f"sessions/{s['id']}/attendance",
                     {"marks": [{"person_id": p1["id"], "status": "present"}]})
        self.assertEqual(partner.last.status, 404)
        # The code is for trainees; the demo trainee is not in this cohort.
        status, code = api.post(f"sessions/{s['id']}/checkin-code", {"minutes": 5})
        self.assertEqual(status, 201, code)
        self.assertEqual(len(code["code"]), 6)
        trainee = self.api("trainee.demo")
        trainee.post(f"sessions/{s['id']}/checkin", {"code": code["code"]})
        self.assertEqual(trainee.last.status, 404)

    def test_trainee_checks_in_with_the_code(self):
        me_status, me = self.api("trainee.demo").get("me")
        self.assertEqual(me_status, 200)
        # The demo trainee's own cohort: the one their enrolment names.
        status, enr = self.api("trainee.demo").get(f"people/{me['person_id']}/enrolments")
        self.assertEqual(status, 200, enr)
        live = [e for e in enr["items"] if e["status"] == "enrolled"]
        self.assertTrue(live, enr)
        cohort = live[0]["cohort_id"]
        staff = self.api("centre.ilpkl")
        status, s = staff.post(f"cohorts/{cohort}/sessions", {
            "kind": "lecture", "title": "Check-in test", "starts_at": "2025-09-01T09:00:00+08:00",
            "ends_at": "2025-09-01T10:00:00+08:00", "time_zone": "Asia/Kuala_Lumpur"})
        self.assertEqual(status, 201, s)
        status, code = staff.post(f"sessions/{s['id']}/checkin-code", {"minutes": 10})
        self.assertEqual(status, 201, code)
        trainee = self.api("trainee.demo")
        trainee.post(f"sessions/{s['id']}/checkin", {"code": "AAAAAA"})
        self.assertProblem(trainee, 422, "code")
        status, a = trainee.post(f"sessions/{s['id']}/checkin", {"code": code["code"]})
        self.assertEqual(status, 201, a)
        self.assertTrue(a["by_code"])
        self.assertEqual(a["person_id"], me["person_id"])
        self.assertEqual(a["status"], "late")  # long after the session's start

    def test_assessment_sign_off_and_dispute(self):
        p, _ = self.enrolled_person()
        owner = self.api("owner.jtm")
        status, unit = owner.post(f"courses/{self.course['id']}/units",
                                  {"code": "U-A1", "title": "Radio planning"})
        self.assertEqual(status, 201, unit)
        inst = self.api("instructor.ilpkl")
        status, a = inst.post(f"cohorts/{self.cohort}/assessments", {
            "person_id": p["id"], "unit_id": unit["id"], "result": "not_yet_competent",
            "score": 45, "evidence": "Link budget off by 6 dB", "assessed_on": "2026-02-02"})
        self.assertEqual(status, 201, a)
        self.assertEqual(a["attempt"], 1)
        inst.post(f"assessments/{a['id']}/verify")
        self.assertProblem(inst, 403)
        status, v = self.api("centre.ilpkl").post(f"assessments/{a['id']}/verify")
        self.assertEqual(status, 200, v)
        self.assertIsNotNone(v["verified_by"])
        status, n = inst.post(f"assessments/{a['id']}/notes",
                              {"kind": "response", "text": "Re-assess next week"})
        self.assertEqual(status, 201, n)
        status, a2 = inst.post(f"cohorts/{self.cohort}/assessments", {
            "person_id": p["id"], "unit_id": unit["id"], "result": "competent",
            "evidence": "Link budget within 1 dB", "assessed_on": "2026-02-09"})
        self.assertEqual((status, a2["attempt"]), (201, 2))
        inst.post(f"cohorts/{self.cohort}/assessments", {
            "person_id": p["id"], "unit_id": unit["id"], "result": "maybe",
            "evidence": "x", "assessed_on": "2026-02-09"})
        self.assertProblem(inst, 422, "result")
        status, notes = inst.get(f"assessments/{a['id']}/notes")
        self.assertEqual([x["kind"] for x in notes["items"]], ["response"])
        # The employer sees none of it.
        emp = self.api("employer.demo")
        emp.get(f"assessments/{a['id']}")
        self.assertEqual(emp.last.status, 404)

    def test_certificate_lifecycle_and_public_verification(self):
        p, enrolment = self.enrolled_person(full_name="Nurul <b>Aina</b> binti Azman")
        centre = self.api("centre.ilpkl")
        # Completion rules: the vendor exam of the course must be passed.
        status, rule = self.api("owner.jtm").put(f"courses/{self.course['id']}/rule", {
            "min_attendance": 0, "all_units": False, "vendor_exam": True})
        self.assertEqual(status, 200, rule)
        status, c = centre.get(f"cohorts/{self.cohort}/completion/{p['id']}")
        self.assertEqual(status, 200, c)
        self.assertFalse(c["complete"])
        self.assertIn("Huawei HCIA-5G", c["reasons"][0])
        centre.post(f"enrolments/{enrolment['id']}/status", {"status": "completed"})
        self.assertProblem(centre, 409, "status")
        status, v = centre.post(f"people/{p['id']}/vendor-certs", {
            "name": "Huawei HCIA-5G", "number": f"HCIA-{p['id']}", "issuer": "Huawei",
            "issued_on": "2026-03-01", "expires_on": "2029-03-01"})
        self.assertEqual(status, 201, v)
        status, e = centre.post(f"enrolments/{enrolment['id']}/status", {"status": "completed"})
        self.assertEqual(status, 200, e)
        status, cert = centre.post("certificates", {"person_id": p["id"],
                                                    "cohort_id": self.cohort})
        self.assertEqual(status, 201, cert)
        self.assertEqual(cert["status"], "active")
        # The signed credential and its PDF.
        r = centre.request("GET", f"certificates/{cert['id']}/credential")
        self.assertEqual(r.status, 200)
        cred = json.loads(r.raw)
        self.assertEqual(cred["proof"][0]["cryptosuite"], "eddsa-jcs-2022")
        self.assertEqual(cred["id"], "urn:uuid:" + cert["uuid"])
        # The achievement's id resolves, without an account, to its definition.
        ach = cred["credentialSubject"]["achievement"]
        page = Api(self.server.port).request("GET", "/" + ach["id"].split("/", 3)[3])
        self.assertEqual(page.status, 200, page.text[:300])
        self.assertEqual((page.json["id"], page.json["name"]), (ach["id"], ach["name"]))
        self.assertEqual(page.json["type"], ["Achievement"])
        missing = Api(self.server.port).request("GET", "/achievements/NO-SUCH-PROGRAMME")
        self.assertEqual(missing.status, 404)
        # What Tunas issues is a valid Open Badges 3.0 AchievementCredential.
        check = subprocess.run(["/usr/bin/python3", "-c", SCHEMA_CHECK, OB_SCHEMA],
                               input=r.raw, capture_output=True, timeout=60)
        self.assertEqual(check.returncode, 0, check.stderr.decode()[-2000:])
        r = centre.request("GET", f"certificates/{cert['id']}/pdf")
        self.assertEqual(r.status, 200)
        self.assertTrue(r.raw.startswith(b"%PDF-"))
        self.assertEqual(r.header("content-type"), "application/pdf")
        # Another centre does not see it.
        other = self.api("centre.bekasi")
        other.get(f"certificates/{cert['id']}")
        self.assertEqual(other.last.status, 404)
        # Anyone verifies it, without an account.
        public = Api(self.server.port)
        status, verdict = public.get(f"verify/{cert['uuid']}")
        self.assertEqual(status, 200, verdict)
        self.assertTrue(verdict["valid"], verdict)
        self.assertEqual(verdict["holder_name"], "Nurul <b>Aina</b> binti Azman")
        # The page the QR code opens is the browser interface, whose verify
        # screen asks the API above in three languages (what it shows is
        # tested in tests/browser); without the interface, it is the
        # server-rendered English page.
        page = public.request("GET", f"/verify/{cert['uuid']}")
        self.assertEqual(page.status, 200)
        self.assertIn('<script type="module" src="/app/main.js">', page.raw.decode())
        self.assertIn("default-src 'self'", page.header("content-security-policy"))
        legacy = contextlib.ExitStack()
        self.addCleanup(legacy.close)
        plain = legacy.enter_context(server_without_interface(self.db, self.workdir))
        page = plain.request("GET", f"/verify/{cert['uuid']}")
        self.assertEqual(page.status, 200)
        html = page.raw.decode()
        self.assertIn("VALID", html)
        self.assertIn("Nurul &lt;b&gt;Aina&lt;/b&gt; binti Azman", html)
        self.assertNotIn("<b>Aina", html)
        # A changed byte is caught.
        forged = dict(cred)
        forged["name"] = cred["name"] + " (Distinction)"
        status, verdict = public.post("verify", forged)
        self.assertEqual(status, 200, verdict)
        self.assertFalse(verdict["valid"])
        self.assertFalse(verdict["signature_ok"])
        # The credential as issued, sent with its own media type, is valid.
        r2 = public.request("POST", "verify", cred, content_type="application/vc+ld+json")
        self.assertEqual(r2.status, 200, r2.text[:300])
        self.assertTrue(r2.json["valid"], r2.json)
        # Offline, with the CLI and the published status list.
        path = os.path.join(self.workdir, f"cert-{cert['id']}.json")
        with open(path, "wb") as f:
            f.write(json.dumps(cred).encode())
        index = int(cred["credentialStatus"]["statusListIndex"])
        list_url = cred["credentialStatus"]["statusListCredential"]
        list_path = "/" + list_url.split("/", 3)[3]
        sl = public.request("GET", list_path)
        self.assertEqual(sl.status, 200)
        self.assertEqual(status_value(json.loads(sl.raw), index), 0)
        out = cli(self.db, "cert", "verify", path)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertIn("VALID", out.stdout)
        # Suspend, lift, revoke: the page, the API and the list follow.
        status, s = centre.post(f"certificates/{cert['id']}/status",
                                {"status": "suspended", "reason": "under review"})
        self.assertEqual((status, s["status"]), (200, "suspended"))
        status, verdict = public.get(f"verify/{cert['uuid']}")
        self.assertEqual((verdict["valid"], verdict["status"]), (False, "suspended"))
        sl = public.request("GET", list_path)
        self.assertEqual(status_value(json.loads(sl.raw), index), 1)
        status, s = centre.post(f"certificates/{cert['id']}/status",
                                {"status": "active", "reason": "review closed"})
        self.assertEqual(status, 200, s)
        status, s = centre.post(f"certificates/{cert['id']}/status",
                                {"status": "revoked", "reason": "issued in error"})
        self.assertEqual(status, 200, s)
        centre.post(f"certificates/{cert['id']}/status", {"status": "active", "reason": "undo"})
        self.assertProblem(centre, 409, "status")
        status, verdict = public.get(f"verify/{cert['uuid']}")
        self.assertEqual((verdict["valid"], verdict["status"], verdict["status_reason"]),
                         (False, "revoked", "issued in error"))
        page = plain.request("GET", f"/verify/{cert['uuid']}")
        self.assertIn("NOT VALID", page.raw.decode())
        self.assertIn("revoked: issued in error", page.raw.decode())
        sl = public.request("GET", list_path)
        self.assertEqual(status_value(json.loads(sl.raw), index), 2)
        sl_path = os.path.join(self.workdir, "status.json")
        with open(sl_path, "wb") as f:
            f.write(sl.raw)
        out = cli(self.db, "cert", "verify", path, "--status-list", sl_path)
        self.assertEqual(out.returncode, 1, out.stdout + out.stderr)
        self.assertIn("revoked", out.stdout)
        # Unknown numbers are not found, on the page and the API.
        missing = plain.request("GET", "/verify/00000000-0000-4000-8000-000000000000")
        self.assertEqual(missing.status, 404)
        self.assertIn("NOT FOUND", missing.raw.decode())
        public.get("verify/00000000-0000-4000-8000-000000000000")
        self.assertEqual(public.last.status, 404)
        public.get("verify/not-a-uuid")
        self.assertEqual(public.last.status, 404)

    def test_checkin_guesses_are_limited_per_account_not_per_address(self):
        # A trainee account of its own, so that no other test shares its limit.
        p, _ = self.enrolled_person()
        name = "guessing." + str(p["id"])
        status, u = self.api("admin").post("users", {
            "username": name, "display_name": "Guessing trainee", "role": "trainee",
            "org_id": self.ilpkl, "person_id": p["id"], "password": self.password})
        self.assertEqual(status, 201, u)
        s = self.session("2026-01-20T09:00:00+08:00", "2026-01-20T10:00:00+08:00")
        status, _ = self.api("instructor.ilpkl").post(f"sessions/{s['id']}/checkin-code",
                                                       {"minutes": 10})
        self.assertEqual(status, 201)
        guesser = self.api(name)
        answers = []
        for _ in range(12):
            guesser.post(f"sessions/{s['id']}/checkin", {"code": "AAAAAA"})
            answers.append(guesser.last.status)
        self.assertEqual(answers[:10], [422] * 10, answers)
        self.assertEqual(answers[10:], [429, 429], answers)
        # Sign-in from the same address is not affected, nor other trainees.
        status, _ = Api(self.server.port).post(
            "auth/login", {"username": "owner.kemnaker", "password": self.password})
        self.assertEqual(status, 200)

    def test_public_verification_refuses_huge_documents(self):
        public = Api(self.server.port)
        public.post("verify", {"pad": "x" * (70 * 1024)})
        self.assertProblem(public, 413, "body")

    def test_issuer_keys_are_public_and_rotation_is_for_admins(self):
        public = Api(self.server.port)
        status, keys = public.get("issuer-keys")
        self.assertEqual(status, 200, keys)
        self.assertTrue(keys["items"][0]["did"].startswith("did:key:z6Mk"))
        centre = self.api("centre.ilpkl")
        centre.post("issuer-keys")
        self.assertProblem(centre, 403)
