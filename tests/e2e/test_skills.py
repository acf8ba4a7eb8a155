"""Skills intelligence over HTTP, on a small world whose answers are worked
out by hand: a framework with four competencies, two occupations, courses
that teach them (named by vendor certifications, so that recording one is
evidence), people holding different sets with and without consent, two
vacancies, and the matches, explanations, gap report, pathways, placements
and tracer answers that follow. The demo's own skills data is checked too.

The world (competency levels: courses teach A and B at level 3):
  K1 "E2E-K1" teaches A, B (40 h, fee 1000), named by "E2E Cert AB"
  K2 "E2E-K2" teaches A    (20 h, fee 5000)
  K3 "E2E-K3" teaches C    (10 h, fee 300),  named by "E2E Cert C"
  P1: AB + C, findable      P2: AB, findable        P3: C, findable
  P4: AB, not findable      P5: only declares A     P6: AB, in training for C
  V1 (occupation X): A (level 2) and C essential, B optional; 5 openings
  V2 (occupation Y): A (level 4) and B essential; 3 openings
"""

import csv
import io

from harness import DemoServerCase, new_programme_body

REGION = "E2E Skills Region"


class SkillsTests(DemoServerCase):
    @classmethod
    def prepare(cls):
        admin = cls.api("admin")
        ids = cls.ids()
        cls.jtm, cls.ilpkl = ids["org"]["JTM"], ids["org"]["ILP KL"]

        status, fw = admin.post("frameworks", {
            "code": "E2E-SK", "name": "E2E skills", "kind": "national", "levels": 5})
        assert status == 201, fw
        cls.fw = fw["id"]
        status, dom = admin.post(f"frameworks/{cls.fw}/competencies", {
            "kind": "domain", "code": "DOM", "title": "E2E domain"})
        assert status == 201, dom
        cls.c = {}
        for code in "ABCD":
            status, c = admin.post(f"frameworks/{cls.fw}/competencies", {
                "kind": "unit", "code": code, "title": f"Competency {code}",
                "parent_id": dom["id"], "level": 3})
            assert status == 201, c
            cls.c[code] = c["id"]
        c = cls.c
        status, x = admin.post(f"frameworks/{cls.fw}/occupations", {
            "code": "OX", "title": "Occupation X", "isco": "7422",
            "skills": [{"competency_id": c["A"]}, {"competency_id": c["C"]},
                       {"competency_id": c["B"], "essential": False}]})
        assert status == 201, x
        cls.occ_x = x["id"]
        status, y = admin.post(f"frameworks/{cls.fw}/occupations", {
            "code": "OY", "title": "Occupation Y", "skills": [
                {"competency_id": c["A"]}, {"competency_id": c["B"]}]})
        assert status == 201, y
        cls.occ_y = y["id"]

        owner = cls.api("owner.jtm")
        status, prog = owner.post("programmes", new_programme_body(
            cls.jtm, "E2E-SKILLS", eligibility={}, phases=[]))
        assert status == 201, prog
        cls.prog = prog["id"]
        cls.k = {}
        for code, hours, cert, teaches, fee in (
                ("E2E-K1", 40, "E2E Cert AB", "AB", 1000),
                ("E2E-K2", 20, "", "A", 5000),
                ("E2E-K3", 10, "E2E Cert C", "C", 300)):
            status, k = owner.post("courses", {
                "programme_id": cls.prog, "code": code, "title": code + " course",
                "hours": hours, "vendor_cert": cert})
            assert status == 201, k
            cls.k[code] = k["id"]
            status, got = owner.put(f"courses/{k['id']}/competencies", {
                "fee_minor": fee,
                "skills": [{"competency_id": c[t], "level": 3} for t in teaches]})
            assert status == 200, got
        # A cohort running now (P6 is in it) and one starting next year.
        cls.cohort = {}
        for name, starts, ends in (("E2E skills now", "2026-01-05", "2026-06-30"),
                                   ("E2E skills next", "2027-02-01", "2027-03-31")):
            status, co = owner.post("cohorts", {
                "programme_id": cls.prog, "centre_org_id": cls.ilpkl, "name": name,
                "capacity": 10, "starts_on": starts, "ends_on": ends})
            assert status == 201, co
            cls.cohort[name] = co["id"]

        status, emp = admin.post("organisations", {
            "name": "E2E Employer Sdn Bhd", "short_name": "E2E Employer", "kind": "employer",
            "country": "MY", "region": REGION})
        assert status == 201, emp
        cls.employer = emp["id"]
        status, u = admin.post("users", {
            "username": "employer.e2e", "display_name": "E2E recruiter", "role": "employer",
            "org_id": cls.employer, "password": cls.password})
        assert status == 201, u

    # The people, made once per test that needs them (ids differ per test).

    def world(self):
        centre = self.api("centre.ilpkl")
        people = {}
        certs = {"P1": ["E2E Cert AB", "E2E Cert C"], "P2": ["E2E Cert AB"],
                 "P3": ["E2E Cert C"], "P4": ["E2E Cert AB"], "P5": [], "P6": ["E2E Cert AB"]}
        for name in ("P1", "P2", "P3", "P4", "P5", "P6"):
            p = self.create_person("centre.ilpkl", region=REGION)
            people[name] = p["id"]
            for i, cert in enumerate(certs[name]):
                status, v = centre.post(f"people/{p['id']}/vendor-certs", {
                    "name": cert, "number": f"N{p['id']}-{i}", "issuer": "E2E",
                    "issued_on": "2026-02-01"})
                self.assertEqual(status, 201, v)
            status, got = centre.put(f"people/{p['id']}/consent", {
                "findable": name != "P4", "tracer": True})
            self.assertEqual(status, 200, got)
        status, _ = centre.post(f"people/{people['P5']}/competencies",
                                {"competency_id": self.c["A"], "level": 5})
        self.assertEqual(status, 200)
        status, e = centre.post("enrolments", {"person_id": people["P6"],
                                               "cohort_id": self.cohort["E2E skills now"]})
        self.assertEqual(status, 201, e)
        for to in ("accepted", "enrolled"):
            status, e = centre.post(f"enrolments/{e['id']}/status", {"status": to})
            self.assertEqual(status, 200, e)
        return people

    def vacancies(self):
        emp = self.api("employer.e2e")
        c = self.c
        status, v1 = emp.post("vacancies", {
            "title": "Technician X", "occupation_id": self.occ_x, "region": REGION,
            "sector": "J", "openings": 5, "closes_on": "2099-12-31", "requirements": [
                {"competency_id": c["A"], "level": 2}, {"competency_id": c["C"]},
                {"competency_id": c["B"], "essential": False}]})
        self.assertEqual(status, 201, v1)
        status, v2 = emp.post("vacancies", {
            "title": "Engineer Y", "occupation_id": self.occ_y, "region": REGION,
            "openings": 3, "requirements": [
                {"competency_id": c["A"], "level": 4}, {"competency_id": c["B"]}]})
        self.assertEqual(status, 201, v2)
        return v1["id"], v2["id"]

    def candidates(self, vacancy, **q):
        query = "&".join(f"{k}={v}" for k, v in q.items())
        status, body = self.api("employer.e2e").get(f"vacancies/{vacancy}/candidates?{query}")
        self.assertEqual(status, 200, body)
        return body["items"]

    # Tests.

    def test_competencies_come_from_evidence_and_declarations_stay_apart(self):
        people = self.world()
        status, got = self.api("centre.ilpkl").get(f"people/{people['P1']}/competencies")
        self.assertEqual(status, 200, got)
        verified = {(k["competency_id"], k["level"], k["source"]) for k in got["items"]
                    if k["verified"]}
        c = self.c
        self.assertEqual(verified, {(c["A"], 3, "vendor_cert"), (c["B"], 3, "vendor_cert"),
                                    (c["C"], 3, "vendor_cert")})
        status, got = self.api("centre.ilpkl").get(f"people/{people['P5']}/competencies")
        self.assertEqual([(k["competency_id"], k["verified"], k["source"], k["level"])
                          for k in got["items"]], [(c["A"], False, "self", 5)])
        # Someone else's people are out of an employer's reach.
        self.api("employer.e2e").get(f"people/{people['P1']}/competencies")
        self.assertEqual(self.api("employer.e2e").get(
            f"people/{people['P1']}/competencies")[0], 404)

    def test_candidates_ranked_and_explained(self):
        people = self.world()
        v1, v2 = self.vacancies()
        got = self.candidates(v1)
        ours = [g for g in got if g["person_id"] in people.values()]
        c = self.c
        self.assertEqual([(g["person_id"], g["essential_met"], g["essential_total"],
                           g["optional_met"], g["optional_total"]) for g in ours], [
            (people["P1"], 2, 2, 1, 1),
            (people["P2"], 1, 2, 1, 1),
            (people["P6"], 1, 2, 1, 1),  # C is only in training: not counted
            (people["P3"], 1, 2, 0, 1),
        ])
        self.assertEqual(sorted(ours[0]["met"]), sorted([c["A"], c["C"], c["B"]]))
        self.assertEqual(ours[0]["missing"], [])
        self.assertEqual(ours[1]["missing"], [c["C"]])
        self.assertEqual(ours[3]["missing"], [c["A"]])
        self.assertEqual(ours[3]["met"], [c["C"]])
        # P4 did not consent, P5 only declared: neither appears.
        ids = {g["person_id"] for g in got}
        self.assertNotIn(people["P4"], ids)
        self.assertNotIn(people["P5"], ids)
        # Levels: V2 asks A at level 4, which the courses teach at 3.
        got = [g for g in self.candidates(v2) if g["person_id"] in people.values()]
        self.assertEqual([(g["person_id"], g["essential_met"], g["missing"]) for g in got], [
            (people["P1"], 1, [c["A"]]), (people["P2"], 1, [c["A"]]),
            (people["P6"], 1, [c["A"]])])
        # A region filter, and a limit.
        self.assertEqual(self.candidates(v1, region="Nowhere"), [])
        self.assertEqual(len(self.candidates(v1, limit=1)), 1)

    def test_consent_is_enforced(self):
        people = self.world()
        v1, _ = self.vacancies()
        self.assertIn(people["P2"], {g["person_id"] for g in self.candidates(v1)})
        status, got = self.api("centre.ilpkl").put(f"people/{people['P2']}/consent", {
            "findable": False, "tracer": False})
        self.assertEqual(status, 200, got)
        self.assertFalse(got["findable"])
        self.assertNotIn(people["P2"], {g["person_id"] for g in self.candidates(v1)})
        # Only the vacancy's employer sees its candidates.
        for user in ("employer.demo", "trainee.demo", "centre.ilpkl"):
            status, _ = self.api(user).get(f"vacancies/{v1}/candidates")
            self.assertEqual(status, 403, user)
        # Nobody but the person (or their registering centre) sets consent.
        status, _ = self.api("employer.e2e").put(f"people/{people['P1']}/consent",
                                                 {"findable": True, "tracer": True})
        self.assertIn(status, (403, 404))
        # The change is audited, without the person's name.
        status, v = self.api("admin").get("audit/verify")
        status, page = self.api("admin").get(f"audit?after={v['entries'] - 40}")
        consent = [e for e in page["items"] if e["action"] == "consent.set"
                   and e["object_id"] == people["P2"]]
        self.assertEqual([e["detail"] for e in consent], [
            {"findable": True, "tracer": True}, {"findable": False, "tracer": False}])

    def test_vacancies_for_a_person(self):
        people = self.world()
        v1, v2 = self.vacancies()
        status, got = self.api("centre.ilpkl").get(f"people/{people['P3']}/vacancies")
        self.assertEqual(status, 200, got)
        ours = [(g["vacancy_id"], g["essential_met"], g["essential_total"])
                for g in got["items"] if g["vacancy_id"] in (v1, v2)]
        self.assertEqual(ours, [(v1, 1, 2)])  # V2: nothing of it met
        status, got = self.api("centre.ilpkl").get(f"people/{people['P2']}/vacancies")
        ours = [(g["vacancy_id"], g["essential_met"], g["essential_total"])
                for g in got["items"] if g["vacancy_id"] in (v1, v2)]
        # Both 1 of 2 essentials; V1 has its optional met too.
        self.assertEqual(ours, [(v1, 1, 2), (v2, 1, 2)])
        # A closed vacancy drops out.
        status, _ = self.api("employer.e2e").patch(f"vacancies/{v1}", {"status": "closed"})
        self.assertEqual(status, 200)
        status, got = self.api("centre.ilpkl").get(f"people/{people['P2']}/vacancies")
        self.assertNotIn(v1, [g["vacancy_id"] for g in got["items"]])

    def test_gap_report_and_csv(self):
        people = self.world()
        self.vacancies()
        status, got = self.api("admin").get(f"gaps?region={REGION.replace(' ', '%20')}")
        self.assertEqual(status, 200, got)
        rows = {r["id"]: r for r in got["items"]}
        # Every test adds its own world to the region: count ours at least.
        x = rows[self.occ_x]
        self.assertEqual(x["region"], REGION)
        self.assertGreaterEqual(x["supply"], 1)  # P1 (and P1s of other tests)
        self.assertGreaterEqual(x["pipeline"], 1)  # P6: C in training
        self.assertEqual(x["gap"], x["openings"] - x["supply"])
        self.assertEqual(x["supply"], x["pipeline"])  # one P1 and one P6 per world
        y = rows[self.occ_y]
        self.assertEqual(y["supply"], 0)  # nobody holds A at level 4
        r = self.api("admin").request(
            "GET", f"/api/v1/gaps?format=csv&region={REGION.replace(' ', '%20')}")
        self.assertEqual(r.status, 200)
        self.assertTrue(r.header("content-type").startswith("text/csv"))
        table = list(csv.DictReader(io.StringIO(r.text)))
        # (Other tests may add occupations to the region.)
        self.assertLessEqual({self.occ_x, self.occ_y}, {int(t["occupation_id"]) for t in table})
        self.assertEqual(len(table), len(rows))
        by_id = {int(t["occupation_id"]): t for t in table}
        self.assertEqual(int(by_id[self.occ_x]["supply"]), x["supply"])
        # By competency: C is held by P1 and P3 (verified), by P6 in training.
        status, got = self.api("admin").get(
            f"gaps?by=competency&region={REGION.replace(' ', '%20')}")
        rows = {r["id"]: r for r in got["items"]}
        # (and by people other tests add)
        self.assertEqual(rows[self.c["C"]]["pipeline"], x["pipeline"])
        self.assertGreaterEqual(rows[self.c["C"]]["supply"], 2 * rows[self.c["C"]]["pipeline"])
        # Employers and trainees do not read gap reports.
        for user in ("employer.e2e", "trainee.demo"):
            self.assertEqual(self.api(user).get("gaps")[0], 403, user)
        admin = self.api("admin")
        admin.get("gaps?by=nonsense")
        self.assertProblem(admin, 400, "by")

    def test_pathways_are_minimal(self):
        people = self.world()
        v1, _ = self.vacancies()
        centre = self.api("centre.ilpkl")
        # P3 misses A: K1 (40 h) or K2 (20 h) teach it; the fewer hours win.
        status, p = centre.get(f"people/{people['P3']}/pathway?vacancy_id={v1}")
        self.assertEqual(status, 200, p)
        self.assertEqual(p["missing"], [self.c["A"]])
        self.assertEqual([s["course_id"] for s in p["steps"]], [self.k["E2E-K2"]])
        self.assertEqual(p["steps"][0]["cohort_id"], self.cohort["E2E skills next"])
        self.assertEqual((p["total_hours"], p["total_fee_minor"]), (20, 5000))
        # P5 (nothing verified) misses A and C: two courses, K2 + K3.
        status, p = centre.get(f"people/{people['P5']}/pathway?vacancy_id={v1}")
        self.assertEqual(sorted(p["missing"]), sorted([self.c["A"], self.c["C"]]))
        self.assertEqual(sorted(s["course_id"] for s in p["steps"]),
                         sorted([self.k["E2E-K2"], self.k["E2E-K3"]]))
        self.assertEqual((p["total_hours"], p["total_fee_minor"], p["uncovered"]),
                         (30, 5300, []))
        # P1 misses nothing for occupation X.
        status, p = centre.get(f"people/{people['P1']}/pathway?occupation_id={self.occ_x}")
        self.assertEqual((p["missing"], p["steps"]), ([], []))
        # D is taught by no course: uncovered.
        status, occ = self.api("admin").post(f"frameworks/{self.fw}/occupations", {
            "code": f"OD{people['P1']}", "title": "Needs D",
            "skills": [{"competency_id": self.c["D"]}, {"competency_id": self.c["C"]}]})
        self.assertEqual(status, 201, occ)
        status, p = centre.get(f"people/{people['P5']}/pathway?occupation_id={occ['id']}")
        self.assertEqual(p["uncovered"], [self.c["D"]])
        self.assertEqual([s["course_id"] for s in p["steps"]], [self.k["E2E-K3"]])
        centre.get(f"people/{people['P5']}/pathway")
        self.assertProblem(centre, 422, "occupation_id")

    def test_vacancy_validation(self):
        emp = self.api("employer.e2e")
        emp.post("vacancies", {"title": "T", "occupation_id": self.occ_x, "region": REGION,
                               "openings": 0})
        self.assertProblem(emp, 422, "openings")
        emp.post("vacancies", {"title": "T", "occupation_id": self.occ_x, "region": REGION,
                               "openings": 2, "requirements": [{"competency_id": 99999999}]})
        self.assertProblem(emp, 422, "requirements[0].competency_id")
        emp.post("vacancies", {"title": "T", "occupation_id": self.occ_x, "region": REGION,
                               "openings": 2, "salary": 1})
        self.assertProblem(emp, 422, "salary")
        # Without requirements, the occupation's essentials are required.
        status, v = emp.post("vacancies", {"title": "T", "occupation_id": self.occ_x,
                                           "region": REGION, "openings": 2})
        self.assertEqual(status, 201, v)
        self.assertEqual([(r["competency_id"], r["essential"]) for r in v["requirements"]],
                         sorted([(self.c["A"], True), (self.c["C"], True)]))
        # Trainees do not post vacancies; employers only for themselves.
        status, _ = self.api("trainee.demo").post("vacancies", {
            "title": "T", "occupation_id": self.occ_x, "region": REGION, "openings": 1})
        self.assertEqual(status, 403)
        status, v = emp.post("vacancies", {
            "title": "T", "occupation_id": self.occ_x, "region": REGION, "openings": 1,
            "employer_org_id": self.ids()["org"]["Sinar Telekom"]})
        self.assertEqual((status, v["employer_org_id"]), (201, self.employer))
        status, _ = self.api("employer.demo").patch(f"vacancies/{v['id']}", {"openings": 9})
        self.assertEqual(status, 403)

    def test_demo_matches_gaps_and_placement_rates(self):
        admin = self.api("admin")
        status, got = admin.get("gaps")
        self.assertEqual(status, 200, got)
        demo = [r for r in got["items"] if r["region"] != REGION]
        by = {(r["region"], r["name"]): r for r in demo}
        # Where no programme trains, supply is nil and the gap is the openings.
        self.assertEqual((by[("Kalimantan Timur", "BTS installation technician")]["supply"],
                          by[("Kalimantan Timur", "BTS installation technician")]["gap"]),
                         (0, 35))
        self.assertEqual(by[("WP Kuala Lumpur", "Cloud engineer")]["supply"], 0)
        self.assertGreater(by[("Jawa Barat", "BTS installation technician")]["supply"], 100)
        self.assertGreater(by[("Selangor", "5G RAN engineer")]["pipeline"], 0)
        # The demo employer sees ranked candidates for its 5G vacancy.
        emp = self.api("employer.demo")
        mine = [v for v in emp.all_items("vacancies")
                if v["employer_org_id"] == self.ids()["org"]["Sinar Telekom"]]
        self.assertEqual(len(mine), 2)
        status, cands = emp.get(f"vacancies/{mine[0]['id']}/candidates?limit=50")
        self.assertEqual(status, 200, cands)
        self.assertGreater(len(cands["items"]), 10)
        self.assertEqual(cands["items"][0]["essential_met"], 3)
        # Placement rates per programme are placed over completed.
        status, rates = admin.get("placement-rates?by=programme")
        self.assertEqual(status, 200, rates)
        for r in rates["items"]:
            self.assertLessEqual(r["placed"], r["completed"])
            self.assertAlmostEqual(r["rate"], r["placed"] / r["completed"], places=6)
        smartgen = [r for r in rates["items"] if r["key"].startswith("SmartGen")]
        self.assertEqual(len(smartgen), 1)
        self.assertGreater(smartgen[0]["placed"], 0)
        self.assertEqual(self.api("employer.demo").get("placement-rates")[0], 403)

    def test_tracer_needs_consent_and_a_completed_enrolment(self):
        people = self.world()
        centre = self.api("centre.ilpkl")
        # P6's enrolment is not completed.
        status, es = centre.get(f"people/{people['P6']}/enrolments")
        self.assertEqual(status, 200, es)
        centre.post(f"enrolments/{es['items'][0]['id']}/tracer", {
            "wave": 2, "status": "employed", "answered_on": "2026-09-01"})
        self.assertProblem(centre, 422, "enrolment_id")
        centre.post(f"enrolments/{es['items'][0]['id']}/tracer", {
            "wave": 3, "status": "employed", "answered_on": "2026-09-01"})
        self.assertProblem(centre, 422, "wave")
        # Placements: recorded by the centre, listed for the person.
        status, p = centre.post(f"people/{people['P1']}/placements", {
            "employer_org_id": self.employer, "role": "Technician", "started_on": "2026-08-01"})
        self.assertEqual(status, 201, p)
        self.assertEqual(p["employer_name"], "E2E Employer Sdn Bhd")
        status, got = centre.get(f"people/{people['P1']}/placements")
        self.assertEqual([x["id"] for x in got["items"]], [p["id"]])
        centre.post(f"people/{people['P1']}/placements", {"role": "X", "started_on": "2026-13-01"})
        self.assertProblem(centre, 422, "started_on")

    def test_tracer_answers_on_the_demo_graduates(self):
        admin = self.api("admin")
        cohorts = [c for c in admin.all_items("cohorts") if c["name"].startswith("BBPVP Medan")]
        self.assertTrue(cohorts)
        status, es = admin.get(f"cohorts/{cohorts[0]['id']}/enrolments?limit=200")
        self.assertEqual(status, 200, es)
        done = [e for e in es["items"] if e["status"] == "completed"]
        with_consent, without = [], []
        for e in done:
            status, c = admin.get(f"people/{e['person_id']}/consent")
            (with_consent if c["tracer"] else without).append(e)
        self.assertTrue(with_consent and without)
        # Answered already by the demo: one answer per wave.
        e = with_consent[0]
        status, answers = admin.get(f"people/{e['person_id']}/tracer")
        self.assertEqual([a["wave"] for a in answers["items"]], [2, 6, 12])
        admin.post(f"enrolments/{e['id']}/tracer", {
            "wave": 2, "status": "employed", "answered_on": "2026-01-05"})
        self.assertProblem(admin, 409, "wave")
        # No consent, no answer; with it, the answer is kept.
        e = without[0]
        admin.post(f"enrolments/{e['id']}/tracer", {
            "wave": 6, "status": "self_employed", "answered_on": "2021-01-05"})
        self.assertProblem(admin, 403, "consent")
        status, _ = admin.put(f"people/{e['person_id']}/consent",
                              {"findable": False, "tracer": True})
        self.assertEqual(status, 200)
        status, t = admin.post(f"enrolments/{e['id']}/tracer", {
            "wave": 6, "status": "self_employed", "answered_on": "2021-01-05",
            "monthly_income_minor": 450000000, "related": True})
        self.assertEqual(status, 201, t)
        self.assertEqual((t["person_id"], t["status"], t["wave"]),
                         (e["person_id"], "self_employed", 6))
        status, answers = admin.get(f"people/{e['person_id']}/tracer")
        self.assertEqual([a["id"] for a in answers["items"]], [t["id"]])
        # Before the cohort ended is refused.
        admin.post(f"enrolments/{e['id']}/tracer", {
            "wave": 2, "status": "employed", "answered_on": "2019-01-05"})
        self.assertProblem(admin, 422, "answered_on")

    def test_course_mapping_employer_hires_and_closed_vacancies(self):
        people = self.world()
        v1, v2 = self.vacancies()
        c, admin, owner = self.c, self.api("admin"), self.api("owner.jtm")
        centre, emp = self.api("centre.ilpkl"), self.api("employer.e2e")
        # Changing what K3 teaches changes what its certificate holders
        # hold, at once: C goes, D comes.
        k3 = self.k["E2E-K3"]
        status, _ = owner.put(f"courses/{k3}/competencies", {
            "fee_minor": 300, "skills": [{"competency_id": c["D"], "level": 3}]})
        self.assertEqual(status, 200)
        status, got = centre.get(f"people/{people['P3']}/competencies")
        self.assertEqual([(k["competency_id"], k["verified"]) for k in got["items"]],
                         [(c["D"], True)])
        status, _ = owner.put(f"courses/{k3}/competencies", {
            "fee_minor": 300, "skills": [{"competency_id": c["C"], "level": 3}]})
        self.assertEqual(status, 200)
        status, got = centre.get(f"people/{people['P3']}/competencies")
        self.assertEqual([k["competency_id"] for k in got["items"]], [c["C"]])
        # A course teaching A at level 3 does not cover A at level 4.
        status, p = centre.get(f"people/{people['P2']}/pathway?vacancy_id={v2}")
        self.assertEqual((p["missing"], p["uncovered"], p["steps"]), ([c["A"]], [c["A"]], []))
        # An employer records a hire through its vacancy, of someone who
        # consented; anyone else looks like no one.
        status, p = emp.post(f"people/{people['P1']}/placements", {
            "vacancy_id": v1, "role": "Technician", "started_on": "2026-10-01"})
        self.assertEqual(status, 201, p)
        self.assertEqual(p["employer_name"], "E2E Employer Sdn Bhd")
        emp.post(f"people/{people['P4']}/placements", {
            "vacancy_id": v1, "role": "Technician", "started_on": "2026-10-01"})
        self.assertProblem(emp, 404)
        emp.post("people/999999999/placements", {
            "vacancy_id": v1, "role": "Technician", "started_on": "2026-10-01"})
        self.assertProblem(emp, 404)
        # A closed vacancy is its employer's (and system admins') only.
        status, _ = emp.patch(f"vacancies/{v2}", {"status": "filled"})
        self.assertEqual(status, 200)
        self.assertEqual(self.api("employer.demo").get(f"vacancies/{v2}")[0], 404)
        self.assertEqual(emp.get(f"vacancies/{v2}")[0], 200)
        self.assertIn(v2, [v["id"] for v in admin.all_items(f"vacancies?employer_org_id={self.employer}")])
        self.assertNotIn(v2, [v["id"] for v in self.api("employer.demo").all_items(
            f"vacancies?employer_org_id={self.employer}")])

    def test_competencies_last_as_long_as_their_evidence(self):
        centre = self.api("centre.ilpkl")
        p = self.create_person("centre.ilpkl", region=REGION)
        for number, issued, expires in (("X1", "2020-01-06", "2023-01-06"),
                                        ("X2", "2025-01-06", "2099-01-06")):
            status, v = centre.post(f"people/{p['id']}/vendor-certs", {
                "name": "E2E Cert C", "number": f"{number}-{p['id']}", "issuer": "E2E",
                "issued_on": issued, "expires_on": expires})
            self.assertEqual(status, 201, v)
        status, got = centre.get(f"people/{p['id']}/competencies")
        # The expired certification gives nothing; the valid one gives C
        # until it expires.
        self.assertEqual([(k["competency_id"], k["verified"], k["valid_until"], k["acquired_on"])
                          for k in got["items"]],
                         [(self.c["C"], True, "2099-01-06", "2025-01-06")])

    def test_exact_crosswalks_count_as_the_same_competency(self):
        admin, centre = self.api("admin"), self.api("centre.ilpkl")
        # Another framework with E, exactly D of ours; a vacancy needs E.
        status, fw = admin.post("frameworks", {
            "code": "E2E-XW", "name": "E2E crosswalked", "kind": "taxonomy"})
        self.assertEqual(status, 201, fw)
        status, e = admin.post(f"frameworks/{fw['id']}/competencies", {
            "kind": "unit", "code": "E", "title": "Competency E"})
        self.assertEqual(status, 201, e)
        status, occ = admin.post(f"frameworks/{fw['id']}/occupations", {
            "code": "OE", "title": "Needs E", "skills": [{"competency_id": e["id"]}]})
        self.assertEqual(status, 201, occ)
        status, v = self.api("employer.e2e").post("vacancies", {
            "title": "E job", "occupation_id": occ["id"], "region": REGION, "openings": 4})
        self.assertEqual(status, 201, v)
        # K3 (which teaches C) is changed to teach D as well; P holds D by it.
        p = self.create_person("centre.ilpkl", region=REGION)
        k3 = self.k["E2E-K3"]
        status, _ = self.api("owner.jtm").put(f"courses/{k3}/competencies", {
            "fee_minor": 300, "skills": [{"competency_id": self.c["C"], "level": 3},
                                         {"competency_id": self.c["D"], "level": 3}]})
        self.assertEqual(status, 200)
        status, _ = centre.post(f"people/{p['id']}/vendor-certs", {
            "name": "E2E Cert C", "number": f"XW-{p['id']}", "issued_on": "2026-02-01"})
        self.assertEqual(status, 201)
        status, _ = centre.put(f"people/{p['id']}/consent", {"findable": True, "tracer": False})
        self.assertEqual(status, 200)
        ids = lambda: [g["person_id"] for g in self.candidates(v["id"])]
        self.assertNotIn(p["id"], ids())
        status, pw = centre.get(f"people/{p['id']}/pathway?vacancy_id={v['id']}")
        self.assertEqual((pw["missing"], pw["uncovered"]), ([e["id"]], [e["id"]]))
        # Crosswalk D = E exactly: P now meets E, and K3 would teach it.
        status, x = admin.post("crosswalks", {"from_id": self.c["D"], "to_id": e["id"],
                                              "relation": "exact"})
        self.assertEqual(status, 201, x)
        got = [g for g in self.candidates(v["id"]) if g["person_id"] == p["id"]]
        self.assertEqual([(g["essential_met"], g["met"]) for g in got], [(1, [e["id"]])])
        status, pw = centre.get(f"people/{p['id']}/pathway?vacancy_id={v['id']}")
        self.assertEqual(pw["missing"], [])
        q = self.create_person("centre.ilpkl", region=REGION)
        status, pw = centre.get(f"people/{q['id']}/pathway?vacancy_id={v['id']}")
        self.assertEqual([s["course_id"] for s in pw["steps"]], [k3])
        self.assertEqual(pw["steps"][0]["covers"], [e["id"]])
        # Put K3 back as the other tests expect it.
        status, _ = self.api("owner.jtm").put(f"courses/{k3}/competencies", {
            "fee_minor": 300, "skills": [{"competency_id": self.c["C"], "level": 3}]})
        self.assertEqual(status, 200)
