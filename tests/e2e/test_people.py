"""People: registration with MyKad and NIK checks, duplicates, and who sees
which part of a national ID number."""

from urllib.parse import quote

from harness import DemoServerCase, mykad, nik, person_body, person_name


class PeopleTests(DemoServerCase):
    def register(self, body, as_user="centre.ilpkl"):
        api = self.api(as_user)
        self.pii.update(v for k, v in body.items() if k in ("full_name", "id_number"))
        status, got = api.post("people", body)
        return api, status, got

    def test_centre_admin_registers_a_malaysian(self):
        number = mykad("1999-05-03", "F")
        body = person_body(born="1999-05-03", sex="F", edu="DIPLOMA", employment="employed",
                           email="nabila@example.my", phone="+60 12-345 6789",
                           employer_name="Sinar Telekom Sdn Bhd", region="Selangor")
        dashed = f"{number[:6]}-{number[6:8]}-{number[8:]}"
        body["id_number"] = dashed
        api, status, p = self.register(body)
        self.assertEqual(status, 201, p)
        self.assertEqual(p["id_number"], number)  # canonical: digits only
        self.assertFalse(p["id_masked"])
        self.assertEqual((p["id_type"], p["id_country"]), ("mykad", "MY"))
        # Birth date and sex come from the number when not stated.
        self.assertEqual((p["birth_date"], p["sex"]), ("1999-05-03", "F"))
        self.assertEqual((p["edu_country"], p["edu_level"], p["isced"]), ("MY", "DIPLOMA", 5))
        self.assertEqual(p["employment"], "employed")
        self.assertEqual(p["registered_by_org"], self.ids()["org"]["ILP KL"])
        status, again = api.get(f"people/{p['id']}")
        self.assertEqual((status, again), (200, p))

    def test_mykad_of_the_last_century_and_this_one(self):
        _, status, old = self.register(person_body(born="1988-11-30", sex="M"))
        self.assertEqual((status, old["birth_date"], old["sex"]), (201, "1988-11-30", "M"))
        _, status, young = self.register(person_body(born="2006-02-28", sex="F"))
        self.assertEqual((status, young["birth_date"], young["sex"]), (201, "2006-02-28", "F"))

    def test_invalid_mykad_is_refused_naming_the_field(self):
        cases = [
            ("000101-00-1231", "place-of-birth code 00 does not exist"),
            ("00010114123", "MyKad number must have 12 digits; it has fewer"),
            ("0001011412311", "MyKad number must have 12 digits; it has more"),
            ("001301-14-1231", "birth month must be 01 to 12"),
            ("010230-14-1231", "30 February does not exist"),
            ("99O101-14-1231", "may contain only digits"),
        ]
        for number, why in cases:
            with self.subTest(number=number):
                body = person_body()
                body["id_number"] = number
                api, status, _ = self.register(body)
                self.assertProblem(api, 422, "id_number", why)

    def test_stated_birth_date_and_sex_must_match_the_number(self):
        body = person_body(born="1999-05-03", sex="M")
        body["birth_date"] = "1999-05-04"
        api, status, _ = self.register(body)
        self.assertProblem(api, 422, "birth_date", "1999-05-03")
        body = person_body(born="1999-05-03", sex="M")
        body["sex"] = "F"
        api, status, _ = self.register(body)
        self.assertProblem(api, 422, "sex", "man")
        body = person_body(born="1999-05-03", sex="M", birth_date="1999-05-03")
        body["sex"] = "X"
        api, status, _ = self.register(body)
        self.assertProblem(api, 422, "sex")

    def test_nik_adds_40_to_the_day_for_women(self):
        woman = nik("1998-07-09", "F")
        self.assertEqual(woman[6:8], "49")
        body = {"full_name": person_name("F"), "id_type": "nik", "id_number": woman,
                "edu_level": "SMK", "employment": "job_seeker", "region": "DKI Jakarta"}
        api, status, p = self.register(body, as_user="centre.bekasi")
        self.assertEqual(status, 201, p)
        self.assertEqual((p["birth_date"], p["sex"]), ("1998-07-09", "F"))
        self.assertEqual((p["id_country"], p["edu_country"], p["isced"]), ("ID", "ID", 3))
        self.assertEqual(p["registered_by_org"], self.ids()["org"]["BBPVP Bekasi"])

        man = nik("1998-07-09", "M")
        api, status, p = self.register(dict(body, full_name=person_name("M"), id_number=man),
                                       as_user="centre.bekasi")
        self.assertEqual((status, p["birth_date"], p["sex"]), (201, "1998-07-09", "M"))

        api, _, _ = self.register(dict(body, id_number=nik("1998-07-09", "F"), sex="M"),
                                  as_user="centre.bekasi")
        self.assertProblem(api, 422, "sex", "woman")
        api, _, _ = self.register(dict(body, id_number=nik("1998-07-09", "F"),
                                       birth_date="1998-07-10"), as_user="centre.bekasi")
        self.assertProblem(api, 422, "birth_date", "1998-07-09")
        api, _, _ = self.register(dict(body, id_number="0071014907980001"),
                                  as_user="centre.bekasi")
        self.assertProblem(api, 422, "id_number", "province code 00 does not exist")
        api, _, _ = self.register(dict(body, id_number="3171017207980001"),
                                  as_user="centre.bekasi")
        self.assertProblem(api, 422, "id_number", "birth day")
        # A NIK is issued by Indonesia; the education scheme follows it.
        api, _, _ = self.register(dict(body, id_number=nik(), id_country="MY"),
                                  as_user="centre.bekasi")
        self.assertProblem(api, 422, "id_country")
        api, _, _ = self.register(dict(body, id_number=nik(), edu_level="SPM"),
                                  as_user="centre.bekasi")
        self.assertProblem(api, 422, "edu_level")

    def test_other_registration_rules(self):
        api, _, _ = self.register(person_body(employment="civil_servant"))
        self.assertProblem(api, 422, "employer_org_id")
        api, _, _ = self.register(person_body(employment="retired"))
        self.assertProblem(api, 422, "employment")
        api, _, _ = self.register(person_body(email="not an address"))
        self.assertProblem(api, 422, "email")
        body = person_body()
        del body["edu_level"]
        api, _, _ = self.register(body)
        self.assertProblem(api, 422, "edu_level", "is required")
        api, _, _ = self.register(person_body(id_type="driving_licence"))
        self.assertProblem(api, 422, "id_type")
        status, p = self.register({"full_name": person_name("M"), "id_type": "passport",
                                   "id_number": " k1234567 ", "id_country": "GB",
                                   "birth_date": "1990-04-01", "sex": "M",
                                   "edu_country": "MY", "edu_level": "ISCED6",
                                   "employment": "employed"})[1:]
        self.assertEqual(status, 201, p)
        self.assertEqual((p["id_number"], p["id_country"], p["isced"]), ("K1234567", "GB", 6))

    def test_the_same_id_number_registers_once(self):
        first = person_body()
        api, status, p = self.register(first)
        self.assertEqual(status, 201, p)
        number = p["id_number"]
        again = person_body(full_name=person_name("M"))
        again["id_number"] = number
        api, status, _ = self.register(again)
        problem = self.assertProblem(api, 409, "id_number", "registered already")
        # The answer does not say who holds the number.
        self.assertNotIn(first["full_name"], api.last.text)
        # Written differently, or by another centre: still the same person.
        again["id_number"] = f"{number[:6]} {number[6:8]} {number[8:]}"
        api, status, _ = self.register(again, as_user="centre.bekasi")
        self.assertEqual(self.assertProblem(api, 409, "id_number"), problem)
        status, found = self.api("admin").post("people/search",
                                               {"name_prefix": again["full_name"]})
        self.assertEqual((status, found["items"]), (200, []))

    def test_only_system_and_centre_admins_register_people(self):
        for username in ("owner.jtm", "partner.huawei", "instructor.ilpkl", "trainee.demo",
                         "employer.demo", "judge.demo"):
            with self.subTest(username=username):
                api, status, _ = self.register(person_body(), as_user=username)
                self.assertProblem(api, 403)
        api, status, p = self.register(person_body(), as_user="admin")
        self.assertEqual(status, 201, p)

    def test_national_id_is_masked_for_roles_that_need_not_see_it(self):
        ids = self.ids()
        body = person_body(born="2001-08-17", sex="M")
        _, status, p = self.register(body)
        self.assertEqual(status, 201, p)
        full = p["id_number"]
        status, e = self.api("centre.ilpkl").post(
            "enrolments", {"person_id": p["id"], "cohort_id": ids["cohort"]["5G cohort 3"]})
        self.assertEqual(status, 201, e)

        for username in ("admin", "centre.ilpkl"):
            with self.subTest(username=username):
                status, seen = self.api(username).get(f"people/{p['id']}")
                self.assertEqual(status, 200, seen)
                self.assertEqual((seen["id_number"], seen["id_masked"]), (full, False))
        # The programme owner sees its applicants, the instructor the people
        # of their cohort: both with the number masked to its last 4 digits.
        for username in ("owner.jtm", "instructor.ilpkl"):
            with self.subTest(username=username):
                api = self.api(username)
                status, seen = api.get(f"people/{p['id']}")
                self.assertEqual(status, 200, seen)
                self.assertTrue(seen["id_masked"])
                self.assertEqual(seen["id_number"], "*" * 8 + full[-4:])
                self.assertNotIn(full, api.last.text)
                self.assertNotIn(full[:8], api.last.text)
                # The birth date is most of a MyKad: with the last 4 digits
                # it would give the number back, so only the year is shown.
                self.assertIsNone(seen["birth_date"])
                self.assertEqual(seen["birth_year"], 1900 + int(full[:2]) if int(full[:2]) > 30
                                 else 2000 + int(full[:2]))
                self.assertNotIn(f'{seen["birth_year"]}-{full[2:4]}-{full[4:6]}', api.last.text)
                self.assertEqual(seen["full_name"], body["full_name"])
                status, listed = api.post("people/search", {"name_prefix": body["full_name"]})
                self.assertEqual(status, 200)
                self.assertEqual([(x["id"], x["id_number"], x["id_masked"])
                                  for x in listed["items"]],
                                 [(p["id"], "*" * 8 + full[-4:], True)])
        status, page = self.api("owner.jtm").get("people?limit=200")
        self.assertEqual(status, 200)
        self.assertTrue(page["items"])
        for x in page["items"]:
            self.assertTrue(x["id_masked"], x["id"])
            self.assertRegex(x["id_number"], r"^\*+[0-9]{4}$")

    def test_trainee_sees_own_full_id_and_nobody_else(self):
        ids = self.ids()
        me = ids["trainee_person"]
        status, full = self.api("admin").get(f"people/{me}")
        self.assertEqual(status, 200)
        trainee = self.api("trainee.demo")
        status, mine = trainee.get(f"people/{me}")
        self.assertEqual(status, 200, mine)
        self.assertEqual((mine["id_number"], mine["id_masked"]), (full["id_number"], False))
        self.assertRegex(mine["id_number"], r"^[0-9]{12}$")
        status, listed = trainee.get("people")
        self.assertEqual([x["id"] for x in listed["items"]], [me])
        status, listed = trainee.post("people/search", {"name_prefix": ""})
        self.assertEqual([x["id"] for x in listed["items"]], [me])
        # Another trainee of the same cohort is invisible.
        status, others = self.api("admin").get(
            f"cohorts/{ids['cohort']['5G cohort 3']}/enrolments")
        other = next(e["person_id"] for e in others["items"] if e["person_id"] != me)
        trainee.get(f"people/{other}")
        self.assertProblem(trainee, 404)

    def test_trainee_changes_only_own_contact_details(self):
        me = self.ids()["trainee_person"]
        trainee = self.api("trainee.demo")
        status, before = trainee.get(f"people/{me}")
        self.assertEqual(status, 200)
        status, after = trainee.patch(f"people/{me}", {"email": "me.updated@example.my",
                                                       "phone": "012-3456789",
                                                       "region": "Selangor"})
        self.assertEqual(status, 200, after)
        self.assertEqual((after["email"], after["phone"], after["region"]),
                         ("me.updated@example.my", "012-3456789", "Selangor"))
        # What eligibility depends on is for the centre to change, after
        # checking documents: asking to change it is refused, not ignored.
        for change in ({"employment": "civil_servant", "employer_org_id": 1},
                       {"edu_level": "DEGREE"}, {"full_name": "Someone Else"}):
            with self.subTest(change=change):
                trainee.patch(f"people/{me}", change)
                self.assertIn(trainee.last.status, (403, 422), trainee.last.text[:300])
                status, now = trainee.get(f"people/{me}")
                for k in ("employment", "employer_org_id", "edu_level", "full_name"):
                    self.assertEqual(now[k], before[k], k)

    def test_lookup_by_national_id_only_within_reach(self):
        _, status, p = self.register(person_body())
        self.assertEqual(status, 201)
        ask = {"id_type": "mykad", "id_number": p["id_number"]}
        status, found = self.api("centre.ilpkl").post("people/lookup", ask)
        self.assertEqual((status, found["id"]), (200, p["id"]))
        unknown = {"id_type": "mykad", "id_number": mykad()}
        for username in ("centre.bekasi",):
            with self.subTest(username=username):
                # Out of reach reads exactly like not registered at all.
                api = self.api(username)
                api.post("people/lookup", ask)
                out_of_reach = self.assertProblem(api, 404)
                self.assertNotIn(p["full_name"], api.last.text)
                api.post("people/lookup", unknown)
                self.assertEqual(self.assertProblem(api, 404), out_of_reach)
        # Only roles that see full numbers look people up by one: for a
        # masked role a hit would confirm a guessed number.
        for username in ("employer.demo", "judge.demo", "partner.huawei", "trainee.demo",
                         "owner.jtm", "instructor.ilpkl"):
            with self.subTest(username=username):
                api = self.api(username)
                api.post("people/lookup", ask)
                refused = self.assertProblem(api, 403)
                api.post("people/lookup", unknown)
                self.assertEqual(self.assertProblem(api, 403), refused)
        api = self.api("centre.ilpkl")
        api.post("people/lookup", {"id_type": "mykad", "id_number": "000101-00-1231"})
        self.assertProblem(api, 422, "id_number")

    def test_changing_a_person_keeps_the_identity(self):
        _, status, p = self.register(person_body(region="Selangor"))
        api = self.api("centre.ilpkl")
        status, changed = api.patch(f"people/{p['id']}", {"region": "WP Kuala Lumpur",
                                                         "edu_level": "STPM"})
        self.assertEqual(status, 200, changed)
        self.assertEqual((changed["region"], changed["edu_level"], changed["isced"]),
                         ("WP Kuala Lumpur", "STPM", 3))
        self.assertEqual(changed["id_number"], p["id_number"])
        api.patch(f"people/{p['id']}", {"id_number": mykad()})
        self.assertProblem(api, 422, "id_number", "cannot change")
        api.patch(f"people/{p['id']}", {"birth_date": "1990-01-01"})
        self.assertProblem(api, 422)
        api.patch(f"people/{p['id']}", {"edu_level": "BOGUS"})
        self.assertProblem(api, 422, "edu_level")
        status, now = api.get(f"people/{p['id']}")
        self.assertEqual(now["edu_level"], "STPM")

    def test_zz_access_log_holds_no_personal_data(self):
        # Named to run last in the class, after the others sent their data.
        admin = self.api("admin")
        _, status, p = self.register(person_body())
        admin.post("people/lookup", {"id_type": "mykad", "id_number": p["id_number"]})
        admin.post("people/search", {"name_prefix": p["full_name"]})
        # Even a client that puts personal data in the URL does not get it
        # logged: the query string is never written.
        admin.get(f"people?limit=5&id_number={p['id_number']}&name={quote(p['full_name'])}")
        self.assertEqual(admin.last.status, 200)
        admin.get("organisations/1")  # the last request, to know the log is complete
        log = self.server.wait_for_log("GET /api/v1/organisations/1 200")
        self.assertIn("POST /api/v1/people/lookup 200", log)
        self.assertIn("GET /api/v1/people 200", log)
        self.assertGreater(len(self.pii), 10)
        for secret in sorted(self.pii) + [self.password]:
            with self.subTest(value=secret):
                self.assertNotIn(secret, log)
        self.assertNotIn("tns_", log)
        self.assertNotIn("?", log)
