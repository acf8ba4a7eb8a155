"""Trainers over HTTP: qualifications with expiry, courses that require one
of their trainers and courses (train-the-trainer) that award one, the refusal
of an unqualified, expired or unlinked instructor with its reason, and the
cascade of who trained whom with each master trainer's multiplier.

The world (one programme of JTM's, at ILP Kuala Lumpur):
  C5G   requires "E2E HCIA-5G" of its trainers
  TTT   awards "E2E certified trainer" (24 months) to those who complete it
  M (tr.m) teaches the TTT cohort that T1 and T2 complete;
  T1 (tr.1) then teaches a cohort that P1, P2 and P3 complete.
"""

import itertools

from harness import DemoServerCase, cli, cohort_put_body, new_programme_body, person_body

_n = itertools.count(1)


class TrainerTests(DemoServerCase):
    @classmethod
    def prepare(cls):
        ids = cls.ids()
        cls.jtm, cls.ilpkl = ids["org"]["JTM"], ids["org"]["ILP KL"]
        owner = cls.api("owner.jtm")
        status, prog = owner.post("programmes", new_programme_body(
            cls.jtm, "E2E-TRAINERS", eligibility={}, phases=[]))
        assert status == 201, prog
        cls.prog = prog["id"]
        cls.course = {}
        for code, title in (("E2E-C5G", "5G for trainers' tests"), ("E2E-TTT", "Train the trainer")):
            status, c = owner.post("courses", {"programme_id": cls.prog, "code": code,
                                               "title": title, "hours": 40})
            assert status == 201, c
            cls.course[code] = c["id"]
        status, r = owner.put(f"courses/{cls.course['E2E-C5G']}/trainer-rule",
                              {"requires": "E2E HCIA-5G"})
        assert status == 200 and r["requires"] == "E2E HCIA-5G", r
        status, r = owner.put(f"courses/{cls.course['E2E-TTT']}/trainer-rule",
                              {"awards": "E2E certified trainer", "award_valid_months": 24})
        assert status == 200, r
        admin, centre = cls.api("admin"), cls.api("centre.ilpkl")
        cls.person, cls.user = {}, {}
        for key in ("M", "T1", "T2", "X"):
            status, p = centre.post("people", person_body(born="1985-04-04"))
            assert status == 201, p
            cls.person[key] = p["id"]
            status, u = admin.post("users", {
                "username": f"tr.{key.lower()}", "display_name": f"Trainer {key}",
                "role": "instructor", "org_id": cls.ilpkl, "password": cls.password})
            assert status == 201, u
            cls.user[key] = u["id"]
            if key != "X":  # tr.x stays unlinked
                status, got = centre.put(f"users/{u['id']}/trainer-person", {"person_id": p["id"]})
                assert status == 200, got

    def cohort(self, instructors, starts="2026-02-02", ends="2026-05-29"):
        status, c = self.api("owner.jtm").post("cohorts", {
            "programme_id": self.prog, "centre_org_id": self.ilpkl,
            "name": f"E2E trainers {next(_n)}", "capacity": 20, "starts_on": starts,
            "ends_on": ends, "instructors": [self.user[k] for k in instructors]})
        self.assertEqual(status, 201, c)
        return c

    def session(self, cohort, course, instructor, day="2026-03-02", expect=201):
        api = self.api("centre.ilpkl")
        status, s = api.post(f"cohorts/{cohort}/sessions", {
            "kind": "lecture", "title": "Session", "course_id": self.course[course],
            "starts_at": f"{day}T09:00:00+08:00", "ends_at": f"{day}T12:00:00+08:00",
            "time_zone": "Asia/Kuala_Lumpur", "venue": "Room 1",
            "instructor_user_id": self.user[instructor]})
        self.assertEqual(status, expect, s)
        return s if expect == 201 else api

    def complete(self, person, cohort):
        centre = self.api("centre.ilpkl")
        status, e = centre.post("enrolments", {"person_id": person, "cohort_id": cohort})
        self.assertEqual(status, 201, e)
        for to in ("accepted", "enrolled", "completed"):
            status, e = centre.post(f"enrolments/{e['id']}/status", {"status": to})
            self.assertEqual(status, 200, e)
        return e

    def test_unqualified_expired_and_unlinked_trainers_are_refused(self):
        c = self.cohort(["T1"])
        api = self.session(c["id"], "E2E-C5G", "T1", expect=422)
        p = self.assertProblem(api, 422, "instructor_user_id")
        self.assertIn('needs trainers with "E2E HCIA-5G"', p["detail"])
        self.assertIn("does not hold it", p["detail"])
        admin = self.api("admin")
        status, q = admin.post(f"people/{self.person['T1']}/trainer-qualifications", {
            "name": "E2E HCIA-5G", "number": "H-1", "issuer": "Huawei",
            "issued_on": "2024-01-08", "expires_on": "2026-02-01"})
        self.assertEqual(status, 201, q)
        api = self.session(c["id"], "E2E-C5G", "T1", expect=422)
        p = self.assertProblem(api, 422, "instructor_user_id")
        self.assertIn("expired on 2026-02-01", p["detail"])
        status, q = admin.post(f"people/{self.person['T1']}/trainer-qualifications", {
            "name": "E2E HCIA-5G", "number": "H-2", "issuer": "Huawei",
            "issued_on": "2026-01-12", "expires_on": "2029-01-12"})
        self.assertEqual(status, 201, q)
        self.session(c["id"], "E2E-C5G", "T1")
        # The timetable now teaches C5G: adding an unlinked or unqualified
        # instructor to the cohort is refused, and the cohort is unchanged.
        owner = self.api("owner.jtm")
        for who, reason in (("X", "not linked to a person"), ("T2", "does not hold it")):
            body = cohort_put_body(c)
            body["instructors"] = [self.user["T1"], self.user[who]]
            owner.put(f"cohorts/{c['id']}", body)
            p = self.assertProblem(owner, 422, "instructors")
            self.assertIn(reason, p["detail"])
        status, now = owner.get(f"cohorts/{c['id']}")
        self.assertEqual(now["instructors"], [self.user["T1"]])
        # A qualification that ends before the cohort does is not enough.
        status, _ = admin.post(f"people/{self.person['T2']}/trainer-qualifications", {
            "name": "E2E HCIA-5G", "issued_on": "2025-01-06", "expires_on": "2026-04-30"})
        self.assertEqual(status, 201)
        owner.put(f"cohorts/{c['id']}", dict(body, instructors=[self.user["T2"]]))
        p = self.assertProblem(owner, 422, "instructors")
        self.assertIn("expired on 2026-04-30, before 2026-05-29", p["detail"])
        # Validation names the field.
        admin.post(f"people/{self.person['T2']}/trainer-qualifications", {
            "name": "X", "issued_on": "2026-05-01", "expires_on": "2026-04-01"})
        self.assertProblem(admin, 422, "expires_on")

    def test_train_the_trainer_awards_and_the_cascade(self):
        ttt = self.cohort(["M"], starts="2026-01-12", ends="2026-01-30")
        self.session(ttt["id"], "E2E-TTT", "M", day="2026-01-13")
        for key in ("T1", "T2"):
            self.complete(self.person[key], ttt["id"])
        status, quals = self.api("centre.ilpkl").get(
            f"people/{self.person['T2']}/trainer-qualifications")
        awarded = [q for q in quals["items"] if q["name"] == "E2E certified trainer"]
        self.assertEqual(len(awarded), 1, quals)
        self.assertTrue(awarded[0]["enrolment_id"])
        y, m, d = map(int, awarded[0]["issued_on"].split("-"))
        self.assertEqual(awarded[0]["expires_on"][:7], f"{y + 2:04d}-{m:02d}")
        # T1 teaches three people to completion.
        c = self.cohort(["T1"])
        trainees = []
        for _ in range(3):
            status, p = self.api("centre.ilpkl").post("people", person_body(born="2001-02-02"))
            self.assertEqual(status, 201, p)
            trainees.append(p["id"])
            self.complete(p["id"], c["id"])
        status, tree = self.api("owner.jtm").get(f"people/{self.person['M']}/cascade")
        self.assertEqual(status, 200, tree)
        self.assertEqual(tree["people_reached"], 5)
        got = [(t["person_id"], t["generation"], t["trained_by"], t["direct"], t["multiplier"])
               for t in tree["trainers"]]
        self.assertEqual(got, [(self.person["M"], 0, None, 2, 5),
                               (self.person["T1"], 1, self.person["M"], 3, 3)])
        status, report = self.api("admin").get(f"cascade?programme_id={self.prog}")
        self.assertEqual(status, 200, report)
        self.assertEqual([(r["person_id"], r["direct"], r["multiplier"])
                          for r in report["items"]], [(self.person["M"], 2, 5)])
        # Cascades are for staff who plan training.
        for user in ("trainee.demo", "employer.demo", "partner.huawei"):
            self.assertEqual(self.api(user).get(f"people/{self.person['M']}/cascade")[0], 403,
                             user)

    def test_rules_are_the_programme_owners(self):
        course = self.course["E2E-C5G"]
        status, _ = self.api("owner.kemnaker").put(f"courses/{course}/trainer-rule",
                                                   {"requires": "Nothing"})
        self.assertEqual(status, 403)
        owner = self.api("owner.jtm")
        owner.put(f"courses/{course}/trainer-rule", {"award_valid_months": 12})
        self.assertProblem(owner, 422, "award_valid_months")
        status, r = self.api("trainee.demo").get(f"courses/{course}/trainer-rule")
        self.assertEqual((status, r["requires"]), (200, "E2E HCIA-5G"))
        # Only system and centre admins record qualifications and links.
        status, _ = self.api("instructor.ilpkl").post(
            f"people/{self.person['T1']}/trainer-qualifications",
            {"name": "Self-awarded", "issued_on": "2026-01-01"})
        self.assertEqual(status, 403)
        status, _ = self.api("centre.bekasi").put(
            f"users/{self.user['X']}/trainer-person", {"person_id": self.person["X"]})
        self.assertIn(status, (403, 404))

    def test_the_demo_cascade(self):
        jtm = self.ids()["programme"]["JTM-HW-TVET-2025"]
        status, report = self.api("owner.jtm").get(f"cascade?programme_id={jtm}")
        self.assertEqual(status, 200, report)
        # The Huawei master trainer's 24 instructors, one of whom taught the
        # 400 graduates of 2025.
        top = report["items"][0]
        self.assertEqual((top["direct"], top["multiplier"]), (24, 424))
        status, tree = self.api("owner.jtm").get(f"people/{top['person_id']}/cascade")
        self.assertEqual(tree["people_reached"], 424)
        second = [t for t in tree["trainers"] if t["generation"] == 1]
        self.assertEqual([(t["direct"], t["multiplier"]) for t in second], [(400, 400)])
        # That trainer: certified by the train-the-trainer cohort, and
        # holding the HCIA certifications the track courses now require.
        status, quals = self.api("centre.ilpkl").get(
            f"people/{second[0]['person_id']}/trainer-qualifications")
        self.assertIn("JTM-Huawei certified trainer", [q["name"] for q in quals["items"]])
        self.assertIn("Huawei HCIA-AI", [q["name"] for q in quals["items"]])
        # The same report on the command line.
        r = cli(self.db, "cascade", "--programme", "JTM-HW-TVET-2025")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout.splitlines()[1], rf"^{top['person_id']}\s.*\s24\s+424$")
