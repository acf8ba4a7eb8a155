"""Applications and enrolments: the state machine, capacity and the
waitlist, eligibility rules and the one-funded-programme-at-a-time rule."""

from harness import DemoServerCase, mykad, new_programme_body


class EnrolmentTests(DemoServerCase):
    @classmethod
    def prepare(cls):
        ids = cls.ids()
        jtm, ilpkl = ids["org"]["JTM"], ids["org"]["ILP KL"]
        owner = cls.api("owner.jtm")

        def programme(code, **over):
            status, p = owner.post("programmes", new_programme_body(jtm, code, **over))
            assert status == 201, p
            return p

        def cohort(p, name, capacity, starts_on, ends_on):
            status, c = owner.post("cohorts", {
                "programme_id": p["id"], "centre_org_id": ilpkl, "name": name,
                "capacity": capacity, "starts_on": starts_on, "ends_on": ends_on})
            assert status == 201, c
            return c["id"]

        # A: funded; 18 to 30 on 2026-01-05, SPM or above, job seekers and
        # students. B: funded, no rules. C: not publicly funded.
        cls.prog_a = programme("E2E-A")
        cls.prog_b = programme("E2E-B", eligibility={})
        cls.prog_c = programme("E2E-C", eligibility={}, funded=False)
        cls.a_small = cohort(cls.prog_a, "A small", 2, "2026-02-01", "2026-06-30")
        cls.a_flow = cohort(cls.prog_a, "A flow", 10, "2026-07-01", "2026-12-31")
        cls.a_overlap = cohort(cls.prog_a, "A overlap", 10, "2026-02-01", "2026-06-30")
        cls.b_overlapping = cohort(cls.prog_b, "B overlapping", 10, "2026-03-01", "2026-08-31")
        cls.b_later = cohort(cls.prog_b, "B later", 10, "2027-01-04", "2027-06-30")
        cls.c_overlapping = cohort(cls.prog_c, "C overlapping", 10, "2026-03-01", "2026-08-31")

    def person(self, **kw):
        return self.create_person("centre.ilpkl", **kw)["id"]

    def apply(self, person_id, cohort_id, as_user="centre.ilpkl"):
        status, e = self.api(as_user).post("enrolments",
                                           {"person_id": person_id, "cohort_id": cohort_id})
        self.assertEqual(status, 201, e)
        return e

    def move(self, enrolment_id, to, reason=None, as_user="centre.ilpkl", expect=200):
        body = {"status": to}
        if reason is not None:
            body["reason"] = reason
        api = self.api(as_user)
        status, e = api.post(f"enrolments/{enrolment_id}/status", body)
        self.assertEqual(status, expect, e)
        return e

    def status_of(self, enrolment_id):
        status, e = self.api("centre.ilpkl").get(f"enrolments/{enrolment_id}")
        self.assertEqual(status, 200, e)
        return e["status"], e["reason"]

    def counts(self, cohort_id):
        status, c = self.api("owner.jtm").get(f"cohorts/{cohort_id}/counts")
        self.assertEqual(status, 200, c)
        return c

    def test_apply_accept_enrol_complete(self):
        p = self.person()
        e = self.apply(p, self.a_flow)
        self.assertEqual((e["status"], e["reason"], e["person_id"], e["cohort_id"]),
                         ("applied", "", p, self.a_flow))
        self.assertEqual(self.move(e["id"], "accepted")["status"], "accepted")
        self.assertEqual(self.move(e["id"], "enrolled", as_user="owner.jtm")["status"],
                         "enrolled")
        done = self.move(e["id"], "completed", reason="Passed HCIA-5G")
        self.assertEqual((done["status"], done["reason"]), ("completed", "Passed HCIA-5G"))
        self.assertEqual(self.counts(self.a_flow)["completed"], 1)
        status, pr = self.api("owner.jtm").get(f"programmes/{self.prog_a['id']}/progress")
        self.assertEqual((status, pr["target"], pr["trained"], pr["percent_of_target"]),
                         (200, 50, 1, 2.0))
        status, mine = self.api("centre.ilpkl").get(f"people/{p}/enrolments")
        self.assertEqual([(x["id"], x["status"]) for x in mine["items"]],
                         [(e["id"], "completed")])

    def test_illegal_moves_are_conflicts(self):
        p = self.person()
        e = self.apply(p, self.a_flow)
        api = self.api("centre.ilpkl")
        api.post(f"enrolments/{e['id']}/status", {"status": "completed"})
        self.assertProblem(api, 409, "status", "cannot go from applied to completed")
        api.post(f"enrolments/{e['id']}/status", {"status": "graduated"})
        self.assertProblem(api, 422, "status")
        api.post(f"enrolments/{e['id']}/status", {})
        self.assertProblem(api, 422, "status", "is required")
        api.post("enrolments", {"person_id": p, "cohort_id": self.a_flow})
        self.assertProblem(api, 409, "person_id", "already applied")
        self.move(e["id"], "rejected", reason="Incomplete documents")
        api.post(f"enrolments/{e['id']}/status", {"status": "accepted"})
        self.assertProblem(api, 409, "status", "cannot go from rejected to accepted")
        self.assertEqual(self.status_of(e["id"]), ("rejected", "Incomplete documents"))
        # A rejected application does not block a new one.
        again = self.apply(p, self.a_flow)
        self.assertEqual(again["status"], "applied")
        self.move(again["id"], "withdrawn", reason="Changed mind")
        api.post(f"enrolments/{again['id']}/status", {"status": "withdrawn"})
        self.assertProblem(api, 409, "status", "cannot go from withdrawn to withdrawn")

    def test_full_cohort_waitlists_and_promotes_the_longest_waiting(self):
        w = [self.apply(self.person(), self.a_small)["id"] for _ in range(4)]
        self.assertEqual(self.move(w[0], "accepted")["status"], "accepted")
        self.assertEqual(self.move(w[1], "accepted")["status"], "accepted")
        third = self.move(w[2], "accepted")
        self.assertEqual((third["status"], third["reason"]),
                         ("waitlisted", "cohort is full (2 places)"))
        self.assertEqual(self.move(w[3], "accepted")["status"], "waitlisted")
        c = self.counts(self.a_small)
        self.assertEqual((c["accepted"], c["waitlisted"]), (2, 2))
        # Still full: a waitlisted applicant cannot be pushed in.
        api = self.api("centre.ilpkl")
        api.post(f"enrolments/{w[3]}/status", {"status": "accepted"})
        self.assertProblem(api, 409, "status", "cohort is full")

        self.move(w[0], "withdrawn", reason="Found employment")
        self.assertEqual(self.status_of(w[2]), ("accepted", "promoted from the waitlist"))
        self.assertEqual(self.status_of(w[3])[0], "waitlisted")
        c = self.counts(self.a_small)
        self.assertEqual((c["accepted"], c["waitlisted"], c["withdrawn"]), (2, 1, 1))

        self.move(w[1], "enrolled")
        self.move(w[1], "withdrawn", reason="Moved away")
        self.assertEqual(self.status_of(w[3]), ("accepted", "promoted from the waitlist"))
        c = self.counts(self.a_small)
        self.assertEqual((c["accepted"], c["waitlisted"], c["withdrawn"]), (2, 0, 2))

    def test_eligibility_rules_reject_with_a_reason(self):
        cases = [
            ({"born": "1990-03-14"}, "age 35 on 2026-01-05 is above the maximum of 30"),
            ({"born": "2009-03-14"}, "age 16 on 2026-01-05 is below the minimum of 18"),
            ({"employment": "employed", "employer_name": "Sinar Telekom Sdn Bhd"},
             "employment status employed is not eligible"),
            ({"edu": "PT3"}, "education PT3 (ISCED 2) is below the required ISCED 3"),
        ]
        for kw, why in cases:
            with self.subTest(why=why):
                e = self.apply(self.person(**kw), self.a_flow)
                self.assertEqual((e["status"], e["reason"]), ("rejected", why))
                api = self.api("centre.ilpkl")
                api.post(f"enrolments/{e['id']}/status", {"status": "accepted"})
                self.assertProblem(api, 409, "status")
        self.assertGreaterEqual(self.counts(self.a_flow)["rejected"], len(cases))

    def test_demo_applicants_refused_by_the_rules(self):
        ids = self.ids()
        status, listed = self.api("centre.ilpkl").get(
            f"cohorts/{ids['cohort']['5G cohort 3']}/enrolments?limit=200")
        self.assertEqual(status, 200)
        reasons = sorted(e["reason"] for e in listed["items"] if e["status"] == "rejected")
        self.assertEqual(len(reasons), 3, reasons)
        self.assertEqual(sum("above the maximum of 40" in r for r in reasons), 2, reasons)
        self.assertEqual(sum("education PT3 (ISCED 2)" in r for r in reasons), 1, reasons)
        # One DLE participant applied to ZTE-MMU while in DLE: refused.
        status, zte = self.api("admin").get(
            f"cohorts/{ids['cohort']['Future-Fit Public Services 2025']}/enrolments")
        refused = [e for e in zte["items"] if e["status"] == "rejected"]
        self.assertEqual(len(refused), 1)
        # Which programme it is belongs to another organisation: not said.
        self.assertEqual(refused[0]["reason"],
                         "already in another publicly funded programme at the same time")

    def test_one_funded_programme_at_a_time(self):
        p = self.person()
        e = self.apply(p, self.a_overlap)
        self.move(e["id"], "accepted")
        clash = self.apply(p, self.b_overlapping)
        self.assertEqual(clash["status"], "rejected")
        self.assertEqual(clash["reason"],
                         "already in another publicly funded programme at the same time")
        # Later dates, or a programme that is not publicly funded, are fine.
        self.assertEqual(self.apply(p, self.b_later)["status"], "applied")
        self.assertEqual(self.apply(p, self.c_overlapping)["status"], "applied")

        # Two applications pending at once: the second acceptance is refused.
        q = self.person()
        first = self.apply(q, self.a_overlap)
        second = self.apply(q, self.b_overlapping)
        self.assertEqual(second["status"], "applied")
        self.move(first["id"], "accepted")
        api = self.api("owner.jtm")
        api.post(f"enrolments/{second['id']}/status", {"status": "accepted"})
        self.assertProblem(api, 409, "status", "already in another publicly funded programme")
        self.assertEqual(self.status_of(second["id"])[0], "applied")
        # Once the first is withdrawn, the second may go ahead.
        self.move(first["id"], "withdrawn", reason="Chose the other programme")
        self.assertEqual(self.move(second["id"], "accepted")["status"], "accepted")

    def test_centre_enrols_someone_registered_elsewhere_by_identity_card(self):
        ids = self.ids()
        bekasi_cohort = ids["cohort"]["BBPVP Bekasi, BTS installation, batch 1"]
        p = self.create_person("centre.ilpkl", born="2000-06-01")
        bekasi = self.api("centre.bekasi")
        bekasi.get(f"people/{p['id']}")
        self.assertProblem(bekasi, 404)
        # By person id it is not found: the number on the card is the proof.
        bekasi.post("enrolments", {"person_id": p["id"], "cohort_id": bekasi_cohort})
        self.assertProblem(bekasi, 422, "person_id")
        # Neither is the number alone, nor the number with another name:
        # the card shows both, and a guessed number finds no one.
        bekasi.post("enrolments", {"id_type": "mykad", "id_number": p["id_number"],
                                   "cohort_id": bekasi_cohort})
        self.assertProblem(bekasi, 422, "full_name")
        bekasi.post("enrolments", {"id_type": "mykad", "id_number": p["id_number"],
                                   "full_name": "Someone Else", "cohort_id": bekasi_cohort})
        self.assertProblem(bekasi, 404, "id_number", "nobody with this ID number and name")
        status, e = bekasi.post("enrolments", {"id_type": "mykad", "id_number": p["id_number"],
                                               "full_name": p["full_name"].upper(),
                                               "cohort_id": bekasi_cohort})
        self.assertEqual(status, 201, e)
        self.assertEqual((e["person_id"], e["status"]), (p["id"], "applied"))
        status, seen = bekasi.get(f"people/{p['id']}")
        self.assertEqual((status, seen["id_number"]), (200, p["id_number"]))
        # ... but only that enrolment of theirs, not the rest of their record.
        status, theirs = bekasi.get(f"people/{p['id']}/enrolments")
        self.assertEqual([x["id"] for x in theirs["items"]], [e["id"]])

        bekasi.post("enrolments", {"id_type": "mykad", "id_number": mykad(),
                                   "full_name": p["full_name"], "cohort_id": bekasi_cohort})
        self.assertProblem(bekasi, 404, "id_number", "nobody with this ID number and name")
        bekasi.post("enrolments", {"cohort_id": bekasi_cohort})
        self.assertProblem(bekasi, 422, "person_id")
        bekasi.post("enrolments", {"person_id": p["id"], "id_type": "mykad",
                                   "id_number": p["id_number"], "cohort_id": bekasi_cohort})
        self.assertProblem(bekasi, 422, "person_id")
        bekasi.post("enrolments", {"person_id": p["id"], "cohort_id": 999999})
        self.assertProblem(bekasi, 422, "cohort_id")
        # Into ILP KL's own cohorts Bekasi admits nobody.
        bekasi.post("enrolments", {"id_type": "mykad", "id_number": p["id_number"],
                                   "full_name": p["full_name"],
                                   "cohort_id": ids["cohort"]["5G cohort 3"]})
        self.assertProblem(bekasi, 403)

    def test_centre_cannot_change_a_person_another_centre_registered(self):
        # Enrolling someone in one's own cohort makes them visible, but
        # their record stays the registering centre's (person.c: admins of
        # the registering centre, system admins and the person may change it).
        ids = self.ids()
        p = self.create_person("centre.ilpkl", born="2001-01-20")
        bekasi = self.api("centre.bekasi")
        status, e = bekasi.post("enrolments", {
            "id_type": "mykad", "id_number": p["id_number"], "full_name": p["full_name"],
            "cohort_id": ids["cohort"]["BBPVP Bekasi, Microwave installation, batch 1"]})
        self.assertEqual(status, 201, e)
        bekasi.patch(f"people/{p['id']}", {"employment": "employed",
                                           "employer_name": "PT Karya Menara Nusantara"})
        self.assertProblem(bekasi, 403)
        status, now = self.api("centre.ilpkl").get(f"people/{p['id']}")
        self.assertEqual(now["employment"], "job_seeker")

    def test_trainee_applies_and_withdraws_only_for_themself(self):
        ids = self.ids()
        me = ids["trainee_person"]
        trainee = self.api("trainee.demo")
        status, mine = trainee.get(f"people/{me}/enrolments")
        own = next(e for e in mine["items"] if e["status"] == "enrolled")
        status, cohort = self.api("admin").get(f"cohorts/{own['cohort_id']}/enrolments")
        other = next(e for e in cohort["items"] if e["person_id"] != me)

        trainee.post("enrolments", {"person_id": other["person_id"],
                                    "cohort_id": ids["cohort"]["Cloud cohort 3"]})
        self.assertProblem(trainee, 403)
        status, applied = trainee.post("enrolments", {"person_id": me,
                                                      "cohort_id": ids["cohort"]["Cloud cohort 3"]})
        self.assertEqual((status, applied.get("status")), (201, "applied"), applied)

        trainee.post(f"enrolments/{applied['id']}/status", {"status": "accepted"})
        self.assertProblem(trainee, 403)
        trainee.post(f"enrolments/{other['id']}/status", {"status": "withdrawn"})
        self.assertProblem(trainee, 404)
        self.assertEqual(self.status_of(other["id"])[0], "enrolled")
        status, done = trainee.post(f"enrolments/{own['id']}/status",
                                    {"status": "withdrawn", "reason": "Moving to Penang"})
        self.assertEqual((status, done["status"], done["reason"]),
                         (200, "withdrawn", "Moving to Penang"))

    def test_instructor_and_partner_do_not_decide_admissions(self):
        ids = self.ids()
        status, listed = self.api("admin").get(
            f"cohorts/{ids['cohort']['5G cohort 3']}/enrolments")
        enrolled = next(e for e in listed["items"]
                        if e["status"] == "enrolled" and e["person_id"] != ids["trainee_person"])
        instructor = self.api("instructor.ilpkl")
        status, seen = instructor.get(f"enrolments/{enrolled['id']}")
        self.assertEqual(status, 200)
        instructor.post(f"enrolments/{enrolled['id']}/status", {"status": "completed"})
        self.assertProblem(instructor, 403)
        partner = self.api("partner.huawei")
        partner.post(f"enrolments/{enrolled['id']}/status", {"status": "completed"})
        self.assertProblem(partner, 404)
        self.assertEqual(self.status_of(enrolled["id"])[0], "enrolled")

    def test_apply_by_id_number_does_not_reveal_who_is_registered(self):
        # Someone who never admits people (employer, judge, trainee, partner)
        # must get the same answer for a registered and an unregistered ID
        # number; otherwise any account can test whether a national ID is
        # in the registry.
        ids = self.ids()
        cohort = ids["cohort"]["5G cohort 3"]
        person = self.create_person("centre.ilpkl")
        registered, name = person["id_number"], person["full_name"]
        unknown = mykad()
        for username in ("employer.demo", "judge.demo", "trainee.demo", "partner.huawei",
                         "owner.jtm", "centre.bekasi"):
            with self.subTest(username=username):
                api = self.api(username)
                api.post("enrolments", {"id_type": "mykad", "id_number": registered,
                                        "full_name": name, "cohort_id": cohort})
                a = (api.last.status, api.last.json and api.last.json.get("detail"))
                api.post("enrolments", {"id_type": "mykad", "id_number": unknown,
                                        "full_name": name, "cohort_id": cohort})
                b = (api.last.status, api.last.json and api.last.json.get("detail"))
                self.assertEqual(a[0], 403, a)
                self.assertEqual(a, b)
