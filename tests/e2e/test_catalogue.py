"""Organisations, partnerships, programmes, progress, courses and cohorts."""

from harness import DemoServerCase, cohort_put_body, new_programme_body

# Short names of the 34 organisations `tunas demo` registers (docs/DEMO.md).
DEMO_ORGS = {
    "KD", "MOF", "KKM", "KPM", "KKR", "MOT", "KDN", "KESUMA", "", "MOSTI", "KPT", "KKDW", "KBS",
    "JTM", "ILP KL", "Huawei", "Huawei Malaysia", "Huawei Indonesia", "JPA", "INTAN",
    "INTAN Bukit Kiara", "ZTE", "ZTE Malaysia", "MMU", "MMU Cyberjaya", "Kemnaker",
    "BBPVP Bekasi", "BBPVP Bandung", "BBPVP Semarang", "BBPVP Medan", "BBPVP Makassar",
    "Sinar Telekom", "Karya Menara",
}


class CatalogueTests(DemoServerCase):
    # Organisations.

    def test_organisations_are_a_public_directory(self):
        ids = self.ids()
        status, orgs = self.api("employer.demo").get("organisations?limit=200")
        self.assertEqual(status, 200)
        self.assertIsNone(orgs["next_after"])
        names = {o["short_name"] for o in orgs["items"]}
        self.assertLessEqual(DEMO_ORGS, names)
        status, page = self.api("judge.demo").get("organisations?limit=20")
        self.assertEqual((status, len(page["items"])), (200, 20))
        self.assertEqual(page["next_after"], page["items"][-1]["id"])
        status, rest = self.api("judge.demo").get(
            f"organisations?limit=200&after={page['next_after']}")
        self.assertEqual([o["id"] for o in page["items"] + rest["items"]],
                         [o["id"] for o in orgs["items"]])
        status, ilpkl = self.api("trainee.demo").get(f"organisations/{ids['org']['ILP KL']}")
        self.assertEqual(status, 200)
        self.assertEqual(ilpkl["name"], "Institut Latihan Perindustrian Kuala Lumpur")
        self.assertEqual(ilpkl["kind"], "training_centre")
        self.assertEqual(ilpkl["country"], "MY")
        self.assertEqual(ilpkl["parent_id"], ids["org"]["JTM"])

    def test_admin_registers_and_renames_an_organisation(self):
        admin = self.api("admin")
        status, org = admin.post("organisations", {
            "name": "BBPVP Serang", "short_name": "BBPVP Serang", "kind": "training_centre",
            "country": "ID", "region": "Banten", "parent_id": self.ids()["org"]["Kemnaker"]})
        self.assertEqual(status, 201, org)
        self.assertEqual((org["kind"], org["country"], org["region"]),
                         ("training_centre", "ID", "Banten"))
        status, org2 = admin.patch(f"organisations/{org['id']}", {"region": "Banten (Serang)"})
        self.assertEqual(status, 200, org2)
        self.assertEqual(org2["region"], "Banten (Serang)")
        self.assertEqual(org2["name"], "BBPVP Serang")
        admin.patch(f"organisations/{org['id']}", {"kind": "employer"})
        self.assertProblem(admin, 422, "kind", "cannot change")
        admin.post("organisations", {"name": "Some charity", "kind": "charity", "country": "MY"})
        self.assertProblem(admin, 422, "kind")
        admin.post("organisations", {"name": "Some agency", "kind": "government",
                                     "country": "Malaysia"})
        self.assertProblem(admin, 422, "country")
        status, _ = self.api("owner.jtm").get(f"organisations/{org['id']}")
        self.assertEqual(status, 200)

    # Partnerships.

    def test_partnership_is_seen_by_its_parties_only(self):
        ids = self.ids()["org"]
        owner = self.api("owner.jtm")
        status, listed = owner.get("partnerships")
        self.assertEqual(status, 200)
        self.assertEqual([p["title"] for p in listed["items"]], ["JTM-Huawei Malaysia TVET MoU"])
        mou = listed["items"][0]
        self.assertEqual(sorted(mou["parties"]), sorted([ids["JTM"], ids["Huawei Malaysia"]]))
        self.assertEqual((mou["signed_on"], mou["starts_on"], mou["ends_on"]),
                         ("2024-12-17", "2024-12-17", None))
        status, got = owner.get(f"partnerships/{mou['id']}")
        self.assertEqual((status, got), (200, mou))

        status, listed = self.api("partner.huawei").get("partnerships")
        self.assertEqual(sorted(p["title"] for p in listed["items"]),
                         ["INTAN-Huawei Malaysia MoU on digital leadership",
                          "JTM-Huawei Malaysia TVET MoU"])

        other = self.api("owner.kemnaker")
        other.get(f"partnerships/{mou['id']}")
        self.assertProblem(other, 404)
        self.assertNotIn("JTM", other.last.text)
        status, listed = other.get("partnerships")
        self.assertEqual([p["title"] for p in listed["items"]],
                         ["Kemnaker-Huawei Indonesia SmartGen cooperation"])

    def test_programme_owner_records_partnerships_of_own_organisation(self):
        ids = self.ids()["org"]
        owner = self.api("owner.jtm")
        status, p = owner.post("partnerships", {
            "title": "JTM-MMU instructor exchange", "signed_on": "2026-03-02",
            "starts_on": "2026-04-01", "ends_on": "2027-03-31",
            "parties": [ids["JTM"], ids["MMU"]]})
        self.assertEqual(status, 201, p)
        self.assertEqual(p["ends_on"], "2027-03-31")
        status, _ = self.api("partner.huawei").get(f"partnerships/{p['id']}")
        self.assertEqual(status, 404)
        owner.post("partnerships", {"title": "Not ours", "signed_on": "2026-03-02",
                                    "starts_on": "2026-03-02",
                                    "parties": [ids["Kemnaker"], ids["Huawei Indonesia"]]})
        self.assertProblem(owner, 403)
        owner.post("partnerships", {"title": "Alone", "signed_on": "2026-03-02",
                                    "starts_on": "2026-03-02", "parties": [ids["JTM"]]})
        self.assertProblem(owner, 422, "parties")
        owner.post("partnerships", {"title": "Backwards", "signed_on": "2026-03-02",
                                    "starts_on": "2026-03-02", "ends_on": "2026-01-01",
                                    "parties": [ids["JTM"], ids["MMU"]]})
        self.assertProblem(owner, 422, "ends_on")

    # Programmes.

    def test_owner_creates_and_changes_programmes_of_own_organisation_only(self):
        ids = self.ids()["org"]
        owner = self.api("owner.jtm")
        body = new_programme_body(ids["JTM"], "E2E-JTM-NEXT")
        status, p = owner.post("programmes", body)
        self.assertEqual(status, 201, p)
        for k in ("code", "owner_org_id", "target_headcount", "funded", "starts_on", "ends_on",
                  "delivery_modes", "tracks", "phases"):
            self.assertEqual(p[k], body[k], k)
        self.assertEqual(p["budget"], {"amount": "125000.50", "currency": "MYR"})
        self.assertEqual(p["eligibility"]["employment"], ["job_seeker", "student"])

        owner.post("programmes", new_programme_body(ids["JTM"], "E2E-JTM-NEXT"))
        self.assertProblem(owner, 409, "code")

        other = self.api("owner.kemnaker")
        other.post("programmes", new_programme_body(ids["JTM"], "E2E-KEMNAKER-FOR-JTM"))
        self.assertProblem(other, 403)
        changed = dict(body, target_headcount=5)
        other.put(f"programmes/{p['id']}", changed)
        self.assertProblem(other, 403)
        # ... and cannot take the programme over either.
        other.put(f"programmes/{p['id']}", dict(body, owner_org_id=ids["Kemnaker"]))
        self.assertProblem(other, 403)
        status, now = owner.get(f"programmes/{p['id']}")
        self.assertEqual((now["target_headcount"], now["owner_org_id"]), (50, ids["JTM"]))

        status, now = owner.put(f"programmes/{p['id']}", changed)
        self.assertEqual(status, 200, now)
        self.assertEqual(now["target_headcount"], 5)
        # The owner cannot hand it to another organisation.
        owner.put(f"programmes/{p['id']}", dict(body, owner_org_id=ids["Kemnaker"]))
        self.assertProblem(owner, 403)

        # Another owner creates programmes for their own organisation
        # (here in IDR, which has no minor unit in use).
        status, idr = other.post("programmes", new_programme_body(
            ids["Kemnaker"], "E2E-KEMNAKER", budget={"amount": "6000000000", "currency": "IDR"}))
        self.assertEqual(status, 201, idr)
        self.assertEqual(idr["budget"], {"amount": "6000000000", "currency": "IDR"})
        other.post("programmes", new_programme_body(
            ids["Kemnaker"], "E2E-KEMNAKER-2", budget={"amount": "10.50", "currency": "IDR"}))
        self.assertProblem(other, 422, "budget.amount")

    def test_programme_validation_names_the_field(self):
        owner = self.api("owner.jtm")
        jtm = self.ids()["org"]["JTM"]
        cases = [
            ({"ends_on": "2025-12-31"}, "ends_on"),
            ({"delivery_modes": ["carrier_pigeon"]}, "delivery_modes"),
            ({"target_headcount": 0}, "target_headcount"),
            ({"budget": {"amount": "12", "currency": "XYZ"}}, "currency"),
            ({"eligibility": {"min_age": 30, "max_age": 18}}, "eligibility.max_age"),
            ({"eligibility": {"employment": ["astronaut"]}}, "eligibility.employment"),
            ({"phases": [{"kind": "local", "name": "Too early", "country": "MY",
                          "starts_on": "2025-01-01", "ends_on": "2026-02-01"}]},
             "phases[0].starts_on"),
            ({"code": "has spaces"}, "code"),
        ]
        for i, (change, field) in enumerate(cases):
            with self.subTest(field=field):
                owner.post("programmes", dict(new_programme_body(jtm, f"E2E-BAD-{i}"), **change))
                self.assertProblem(owner, 422, field)

    def test_programme_as_read_can_be_written_back(self):
        # A client edits a programme by reading it, changing a member and
        # sending it back; what the server sends must be what it accepts.
        admin = self.api("admin")
        pid = self.ids()["programme"]["JTM-HW-TVET-2025"]
        status, p = admin.get(f"programmes/{pid}")
        self.assertEqual(status, 200)
        body = {k: v for k, v in p.items() if k not in ("id", "created_at")}
        body["description"] = p["description"] + " (reviewed)"
        status, got = admin.put(f"programmes/{pid}", body)
        self.assertEqual(status, 200, got)
        self.assertEqual(got["description"], body["description"])
        self.assertEqual(got["eligibility"], p["eligibility"])

    def test_budget_is_shown_to_owner_sponsor_and_partners_only(self):
        pid = self.ids()["programme"]["JTM-HW-TVET-2025"]
        budget = {"amount": "8000000.00", "currency": "MYR"}
        for username in ("admin", "owner.jtm", "partner.huawei"):
            with self.subTest(username=username):
                status, p = self.api(username).get(f"programmes/{pid}")
                self.assertEqual(status, 200)
                self.assertEqual(p["budget"], budget)
        for username in ("trainee.demo", "employer.demo", "judge.demo", "centre.ilpkl",
                         "owner.kemnaker", "instructor.ilpkl"):
            with self.subTest(username=username):
                api = self.api(username)
                status, p = api.get(f"programmes/{pid}")
                self.assertEqual(status, 200)
                self.assertEqual(p["code"], "JTM-HW-TVET-2025")
                self.assertNotIn("budget", p)
                self.assertNotIn("8000000", api.last.text)
        # The catalogue list hides it the same way.
        status, listed = self.api("partner.huawei").get("programmes")
        by_code = {p["code"]: p for p in listed["items"]}
        self.assertEqual(by_code["JTM-HW-TVET-2025"]["budget"], budget)
        self.assertNotIn("budget", by_code["KEMNAKER-HW-SMARTGEN-2019"])
        status, listed = self.api("trainee.demo").get("programmes")
        self.assertEqual(len(listed["items"]), 4)
        self.assertTrue(all("budget" not in p for p in listed["items"]))

    def test_progress_of_the_jtm_programme(self):
        pid = self.ids()["programme"]["JTM-HW-TVET-2025"]
        for username in ("owner.jtm", "partner.huawei", "admin"):
            with self.subTest(username=username):
                status, pr = self.api(username).get(f"programmes/{pid}/progress")
                self.assertEqual(status, 200, pr)
                self.assertEqual(pr["programme_id"], pid)
                self.assertEqual(pr["target"], 1000)
                # 400 trainees of 2025 and the 24 instructors of the
                # train-the-trainer cohort (seed 000).
                self.assertEqual(pr["trained"], 424)
                self.assertEqual(pr["in_training"], 74)
                self.assertEqual(pr["percent_of_target"], 42.4)
                self.assertEqual(pr["enrolments"]["completed"], 424)
                self.assertEqual(pr["enrolments"]["enrolled"], 74)
                self.assertEqual(pr["enrolments"]["waitlisted"], 6)
        for username in ("employer.demo", "owner.kemnaker", "trainee.demo"):
            with self.subTest(username=username):
                api = self.api(username)
                api.get(f"programmes/{pid}/progress")
                self.assertProblem(api, 403)
                self.assertNotIn("424", api.last.text)

    def test_breakdowns_of_the_jtm_programme_add_up_to_its_progress(self):
        pid = self.ids()["programme"]["JTM-HW-TVET-2025"]
        owner = self.api("owner.jtm")
        for by in ("region", "gender", "edu_level", "partner"):
            with self.subTest(by=by):
                status, b = owner.get(f"programmes/{pid}/breakdown?by={by}")
                self.assertEqual(status, 200, b)
                self.assertEqual((b["programme_id"], b["by"]), (pid, by))
                keys = [row["key"] for row in b["rows"]]
                self.assertEqual(keys, sorted(keys))
                self.assertEqual(len(keys), len(set(keys)))
                # Every enrolment in training or completed is in one group.
                self.assertEqual(sum(r["enrolled"] for r in b["rows"]), 74)
                self.assertEqual(sum(r["completed"] for r in b["rows"]), 424)
                for row in b["rows"]:
                    self.assertLessEqual(row["certified"], row["completed"], row)
                    self.assertLessEqual(row["placed"], row["completed"], row)
        status, g = owner.get(f"programmes/{pid}/breakdown?by=gender")
        self.assertLessEqual({r["key"] for r in g["rows"]}, {"F", "M", ""})
        # JTM's trainees are trained at ILP Kuala Lumpur (docs/DEMO.md).
        status, p = owner.get(f"programmes/{pid}/breakdown?by=partner")
        self.assertIn("Institut Latihan Perindustrian Kuala Lumpur", {r["key"] for r in p["rows"]}, p)
        self.assertGreater(sum(r["certified"] for r in p["rows"]), 0)
        owner.get(f"programmes/{pid}/breakdown?by=religion")
        self.assertProblem(owner, 400, "by")
        owner.get(f"programmes/{pid}/breakdown")
        self.assertProblem(owner, 400, "by")
        trainee = self.api("trainee.demo")
        trainee.get(f"programmes/{pid}/breakdown?by=region")
        self.assertProblem(trainee, 403)

    def test_progress_of_the_other_seed_programmes(self):
        ids = self.ids()["programme"]
        status, zte = self.api("admin").get(f"programmes/{ids['JPA-ZTE-MMU-2025']}/progress")
        self.assertEqual(status, 200)
        self.assertEqual((zte["target"], zte["trained"]), (20, 20))
        self.assertEqual(zte["enrolments"]["rejected"], 1)
        status, sg = self.api("owner.kemnaker").get(
            f"programmes/{ids['KEMNAKER-HW-SMARTGEN-2019']}/progress")
        self.assertEqual(status, 200)
        self.assertEqual(sg["target"], 1000)
        self.assertEqual(sg["enrolments"]["rejected"], 5)
        self.assertEqual(sg["percent_of_target"], sg["trained"] / 10)
        # The judge works for INTAN, which owns the DLE programme.
        status, dle = self.api("judge.demo").get(
            f"programmes/{ids['INTAN-HW-DLE-2025']}/progress")
        self.assertEqual((status, dle["target"], dle["trained"]), (200, 30, 30))

    # Courses.

    def test_courses_of_the_jtm_programme(self):
        pid = self.ids()["programme"]["JTM-HW-TVET-2025"]
        status, courses = self.api("trainee.demo").get(f"programmes/{pid}/courses")
        self.assertEqual(status, 200)
        by_code = {c["code"]: c for c in courses["items"]}
        self.assertEqual(sorted(by_code), ["JTMHW-5G-HCIA", "JTMHW-AI-HCIA", "JTMHW-CLOUD-HCIA",
                                           "JTMHW-IOT-HCIA", "JTMHW-TTT"])
        self.assertEqual((by_code["JTMHW-5G-HCIA"]["hours"],
                          by_code["JTMHW-5G-HCIA"]["vendor_cert"]), (120, "Huawei HCIA-5G"))
        self.assertEqual((by_code["JTMHW-TTT"]["hours"], by_code["JTMHW-TTT"]["vendor_cert"]),
                         (80, ""))
        status, one = self.api("employer.demo").get(f"courses/{by_code['JTMHW-AI-HCIA']['id']}")
        self.assertEqual((status, one), (200, by_code["JTMHW-AI-HCIA"]))

        owner = self.api("owner.jtm")
        status, c = owner.post("courses", {"programme_id": pid, "code": "JTMHW-DATACOM-HCIA",
                                           "title": "Datacom", "hours": 100,
                                           "vendor_cert": "Huawei HCIA-Datacom"})
        self.assertEqual(status, 201, c)
        self.assertEqual(c["programme_id"], pid)
        owner.post("courses", {"programme_id": pid, "code": "JTMHW-DATACOM-HCIA",
                               "title": "Datacom again", "hours": 100})
        self.assertProblem(owner, 409, "code")
        owner.post("courses", {"programme_id": pid, "code": "JTMHW-ZERO", "title": "Nothing",
                               "hours": 0})
        self.assertProblem(owner, 422, "hours")
        centre = self.api("centre.ilpkl")
        centre.post("courses", {"programme_id": pid, "code": "JTMHW-CENTRE", "title": "Ours",
                                "hours": 10})
        self.assertProblem(centre, 403)

    # Cohorts.

    def test_cohorts_of_the_jtm_programme(self):
        ids = self.ids()
        pid = ids["programme"]["JTM-HW-TVET-2025"]
        status, listed = self.api("owner.jtm").get(f"cohorts?programme_id={pid}")
        self.assertEqual(status, 200)
        by_name = {c["name"]: c for c in listed["items"]}
        self.assertLessEqual({f"{t} cohort {n}" for t in ("5G", "AI", "Cloud", "IoT")
                              for n in (1, 2)} | {"5G cohort 3", "AI cohort 3", "Cloud cohort 3"},
                             set(by_name))
        self.assertTrue(all(c["programme_id"] == pid for c in listed["items"]))
        c3 = by_name["5G cohort 3"]
        self.assertEqual((c3["capacity"], c3["starts_on"], c3["ends_on"], c3["centre_org_id"]),
                         (40, "2026-09-07", "2026-12-04", ids["org"]["ILP KL"]))
        self.assertEqual(c3["instructors"], [ids["user"]["instructor.ilpkl"]])
        status, counts = self.api("centre.ilpkl").get(f"cohorts/{c3['id']}/counts")
        self.assertEqual(status, 200)
        self.assertEqual((counts["enrolled"], counts["rejected"]), (38, 3))
        status, counts = self.api("centre.ilpkl").get(
            f"cohorts/{by_name['Cloud cohort 3']['id']}/counts")
        self.assertEqual((counts["accepted"], counts["waitlisted"], counts["applied"]), (30, 6, 4))

    def test_centre_admin_runs_cohorts_at_own_centre(self):
        ids = self.ids()
        pid = ids["programme"]["JTM-HW-TVET-2025"]
        body = {"programme_id": pid, "centre_org_id": ids["org"]["ILP KL"],
                "name": "IoT cohort 3", "capacity": 25, "starts_on": "2027-01-11",
                "ends_on": "2027-03-26", "instructors": [ids["user"]["instructor.ilpkl"]]}
        centre = self.api("centre.ilpkl")
        status, c = centre.post("cohorts", body)
        self.assertEqual(status, 201, c)
        self.assertEqual(cohort_put_body(c), body)
        status, c2 = centre.put(f"cohorts/{c['id']}", dict(body, capacity=30))
        self.assertEqual((status, c2["capacity"]), (200, 30))

        centre.post("cohorts", dict(body, ends_on="2027-06-30"))
        self.assertProblem(centre, 422, "starts_on", "within the programme's dates")
        centre.post("cohorts", dict(body, centre_org_id=ids["org"]["BBPVP Bekasi"]))
        self.assertProblem(centre, 403)
        centre.post("cohorts", dict(body, instructors=[ids["user"]["owner.jtm"]]))
        self.assertProblem(centre, 422, "instructors")
        centre.post("cohorts", dict(body, capacity="twenty"))
        self.assertProblem(centre, 422, "capacity", "must be a whole number")
        owner = self.api("owner.jtm")
        owner.post("cohorts", dict(body, centre_org_id=ids["org"]["Huawei Malaysia"]))
        self.assertProblem(owner, 422, "centre_org_id")
        bekasi = self.api("centre.bekasi")
        bekasi.post("cohorts", body)
        self.assertProblem(bekasi, 403)
        # 38 people are in training in 5G cohort 3: it cannot shrink below.
        status, c3 = owner.get(f"cohorts/{ids['cohort']['5G cohort 3']}")
        owner.put(f"cohorts/{c3['id']}", dict(cohort_put_body(c3), capacity=10))
        self.assertProblem(owner, 422, "capacity", "38 places are taken")
