"""Who may do what: every demo account against a representative set of
routes on objects of its own and of other organisations.

The table below is the specification. Each row is one request; each column
the outcome a demo account must get:

    OK     2xx (and, for a list, at least one item)
    EMPTY  200 with an empty list: nothing of it is visible to the caller
    SELF   200 with only the caller's own records (the trainee)
    403    refused: the caller may see the object but not do this
    404    not found: the object is outside the caller's reach
    409    refused by the object's state (here: not completed, so no certificate)
    422    refused as invalid: a person referenced in the body is not
           within the caller's reach

The objects, all from `tunas demo`:

    p_5g3     a trainee in training in 5G cohort 3 at ILP Kuala Lumpur (JTM),
              the cohort instructor.ilpkl teaches
    p_ai3     a trainee in AI cohort 3 at ILP KL (same programme, other cohort)
    p_self    trainee.demo's own person (also in 5G cohort 3)
    p_bekasi  a SmartGen trainee of BBPVP Bekasi (Kemnaker)
    e_*       their enrolments; c_* the cohorts; prog_* the programmes
    fresh_*   made anew for each cell, so that cells do not affect each other

Every refusal is also checked not to carry any of those people's names or
national ID numbers.
"""

import itertools

from harness import (DEMO_ACCOUNTS, DemoServerCase, cohort_put_body, new_password,
                     new_programme_body, person_body, programme_put_body)

OK, EMPTY, SELF = "OK", "EMPTY", "SELF"

# Columns, in DEMO_ACCOUNTS order:
#   admin  owner.jtm  owner.kemnaker  partner.huawei  centre.ilpkl  centre.bekasi
#   instructor.ilpkl  trainee.demo  employer.demo  judge.demo
MATRIX = (
    # method   path (body)                                  adm    jtm    kem    hw     ilp    bks    ins    trn    emp    jdg
    # People: read, search, look up by national ID (system and centre
    # admins only, who see full numbers anyway), change (the registering centre, the admin,
    # the trainee their own contact details), register.
    ("GET",   "people/{p_5g3}",                             OK,    OK,    404,   404,   OK,    404,   OK,    404,   404,   404),
    ("GET",   "people/{p_ai3}",                             OK,    OK,    404,   404,   OK,    404,   404,   404,   404,   404),
    ("GET",   "people/{p_self}",                            OK,    OK,    404,   404,   OK,    404,   OK,    OK,    404,   404),
    ("GET",   "people/{p_bekasi}",                          OK,    404,   OK,    404,   404,   OK,    404,   404,   404,   404),
    ("GET",   "people",                                     OK,    OK,    OK,    EMPTY, OK,    OK,    OK,    SELF,  EMPTY, EMPTY),
    ("POST",  "people/search (name of p_5g3)",              OK,    OK,    EMPTY, EMPTY, OK,    EMPTY, OK,    EMPTY, EMPTY, EMPTY),
    ("POST",  "people/lookup (MyKad of p_5g3)",             OK,    403,   403,   403,   OK,    404,   403,   403,   403,   403),
    ("PATCH", "people/{p_5g3} (email)",                     OK,    403,   404,   404,   OK,    404,   403,   404,   404,   404),
    ("PATCH", "people/{p_self} (email)",                    OK,    403,   404,   404,   OK,    404,   403,   OK,    404,   404),
    ("PATCH", "people/{p_bekasi} (email)",                  OK,    404,   403,   404,   404,   OK,    404,   404,   404,   404),
    ("POST",  "people (fresh valid MyKad)",                 OK,    403,   403,   403,   OK,    OK,    403,   403,   403,   403),
    ("GET",   "people/{p_5g3}/enrolments",                  OK,    OK,    EMPTY, EMPTY, OK,    EMPTY, OK,    EMPTY, EMPTY, EMPTY),
    ("GET",   "people/{p_bekasi}/enrolments",               OK,    EMPTY, OK,    EMPTY, EMPTY, OK,    EMPTY, EMPTY, EMPTY, EMPTY),
    # Enrolments: read, apply, decide.
    ("GET",   "enrolments/{e_5g3}",                         OK,    OK,    404,   404,   OK,    404,   OK,    404,   404,   404),
    ("GET",   "enrolments/{e_self}",                        OK,    OK,    404,   404,   OK,    404,   OK,    OK,    404,   404),
    ("GET",   "enrolments/{e_bekasi}",                      OK,    404,   OK,    404,   404,   OK,    404,   404,   404,   404),
    ("POST",  "enrolments (fresh ILP KL person by MyKad and name into 5G cohort 3)",
                                                            OK,    403,   403,   403,   OK,    403,   403,   403,   403,   403),
    ("POST",  "enrolments (fresh ILP KL person by id into a Bekasi cohort)",
                                                            OK,    403,   422,   403,   403,   422,   403,   403,   403,   403),
    ("POST",  "enrolments/{fresh_e_5g3}/status (rejected)", OK,    OK,    404,   404,   OK,    404,   403,   404,   404,   404),
    ("POST",  "enrolments/{fresh_e_bekasi}/status (rejected)",
                                                            OK,    404,   OK,    404,   404,   OK,    404,   404,   404,   404),
    # Cohorts: the catalogue is public to signed-in users; who is in them
    # and their figures are not.
    ("GET",   "cohorts/{c_5g3}",                            OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    ("GET",   "cohorts?programme_id={prog_jtm}",            OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    ("GET",   "cohorts/{c_5g3}/counts",                     OK,    OK,    403,   OK,    OK,    403,   OK,    403,   403,   403),
    ("GET",   "cohorts/{c_ai3}/counts",                     OK,    OK,    403,   OK,    OK,    403,   403,   403,   403,   403),
    ("GET",   "cohorts/{c_bekasi}/counts",                  OK,    403,   OK,    403,   403,   OK,    403,   403,   403,   403),
    ("GET",   "cohorts/{c_5g3}/enrolments",                 OK,    OK,    EMPTY, EMPTY, OK,    EMPTY, OK,    SELF,  EMPTY, EMPTY),
    ("GET",   "cohorts/{c_ai3}/enrolments",                 OK,    OK,    EMPTY, EMPTY, OK,    EMPTY, EMPTY, EMPTY, EMPTY, EMPTY),
    ("GET",   "cohorts/{c_bekasi}/enrolments",              OK,    EMPTY, OK,    EMPTY, EMPTY, OK,    EMPTY, EMPTY, EMPTY, EMPTY),
    ("PUT",   "cohorts/{c_5g3} (unchanged)",                OK,    OK,    403,   403,   OK,    403,   403,   403,   403,   403),
    ("PUT",   "cohorts/{c_bekasi} (unchanged)",             OK,    403,   OK,    403,   403,   OK,    403,   403,   403,   403),
    ("POST",  "cohorts (JTM programme at ILP KL)",          OK,    OK,    403,   403,   OK,    403,   403,   403,   403,   403),
    # Programmes and courses.
    ("GET",   "programmes/{prog_jtm}",                      OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    ("PUT",   "programmes/{prog_jtm} (unchanged)",          OK,    OK,    403,   403,   403,   403,   403,   403,   403,   403),
    ("PUT",   "programmes/{prog_smartgen} (unchanged)",     OK,    403,   OK,    403,   403,   403,   403,   403,   403,   403),
    ("GET",   "programmes/{prog_jtm}/progress",             OK,    OK,    403,   OK,    403,   403,   403,   403,   403,   403),
    ("GET",   "programmes/{prog_smartgen}/progress",        OK,    403,   OK,    403,   403,   403,   403,   403,   403,   403),
    ("POST",  "programmes (owned by JTM)",                  OK,    OK,    403,   403,   403,   403,   403,   403,   403,   403),
    ("POST",  "courses (JTM programme)",                    OK,    OK,    403,   403,   403,   403,   403,   403,   403,   403),
    # Organisations and partnerships.
    ("GET",   "organisations/{org_ilpkl}",                  OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    ("PATCH", "organisations/{org_ilpkl} (same region)",    OK,    403,   403,   403,   403,   403,   403,   403,   403,   403),
    ("POST",  "organisations",                              OK,    403,   403,   403,   403,   403,   403,   403,   403,   403),
    ("GET",   "partnerships/{pship_jtm}",                   OK,    OK,    404,   OK,    404,   404,   404,   404,   404,   404),
    ("GET",   "partnerships",                               OK,    OK,    OK,    OK,    EMPTY, EMPTY, EMPTY, EMPTY, EMPTY, OK),
    ("POST",  "partnerships (JTM and Huawei Malaysia)",     OK,    OK,    403,   403,   403,   403,   403,   403,   403,   403),
    # Delivery: timetables, attendance sheets, assessments and completion
    # are for the cohort's staff (centre, programme owner, instructors) and
    # each trainee's own records; certificates for the issuing centre and
    # owner and the holder; verification for anyone.
    ("GET",   "cohorts/{c_5g3}/sessions",                   OK,    OK,    403,   403,   OK,    403,   OK,    OK,    403,   403),
    ("GET",   "cohorts/{c_bekasi}/sessions",                OK,    403,   OK,    403,   403,   OK,    403,   403,   403,   403),
    ("GET",   "sessions/{s_5g3}",                           OK,    OK,    404,   404,   OK,    404,   OK,    OK,    404,   404),
    ("GET",   "sessions/{s_5g3}/attendance",                OK,    OK,    404,   404,   OK,    404,   OK,    SELF,  404,   404),
    ("POST",  "sessions/{s_5g3}/attendance (p_5g3 present)",
                                                            OK,    OK,    404,   404,   OK,    404,   OK,    403,   404,   404),
    ("POST",  "sessions/{s_5g3}/checkin-code",              OK,    OK,    404,   404,   OK,    404,   OK,    403,   404,   404),
    ("GET",   "cohorts/{c_5g3}/assessments",                OK,    OK,    403,   403,   OK,    403,   OK,    SELF,  403,   403),
    ("GET",   "assessments/{a_5g3}",                        OK,    OK,    404,   404,   OK,    404,   OK,    404,   404,   404),
    ("GET",   "cohorts/{c_5g3}/completion/{p_self}",        OK,    OK,    403,   403,   OK,    403,   OK,    OK,    403,   403),
    ("GET",   "people/{p_bekasi}/vendor-certs",             OK,    404,   OK,    404,   404,   OK,    404,   404,   404,   404),
    ("GET",   "certificates/{cert_5g1}",                    OK,    OK,    404,   404,   OK,    404,   404,   404,   404,   404),
    ("GET",   "certificates/{cert_5g1}/credential",         OK,    OK,    404,   404,   OK,    404,   404,   404,   404,   404),
    ("GET",   "certificates?cohort_id={c_5g1}",             OK,    OK,    EMPTY, EMPTY, OK,    EMPTY, EMPTY, EMPTY, EMPTY, EMPTY),
    ("POST",  "certificates (p_5g3 in 5G cohort 3, not completed)",
                                                            409,   409,   403,   403,   409,   403,   403,   403,   403,   403),
    ("GET",   "verify/{uuid_5g1}",                          OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    # Skills: a graduate's competencies, matches and consent; an employer's
    # candidates; reports; frameworks and what courses teach.
    ("GET",   "people/{p_bekasi}/competencies",             OK,    404,   OK,    404,   404,   OK,    404,   404,   404,   404),
    ("GET",   "people/{p_bekasi}/vacancies",                OK,    404,   OK,    404,   404,   OK,    404,   404,   404,   404),
    ("GET",   "people/{p_bekasi}/consent",                  OK,    404,   OK,    404,   404,   OK,    404,   404,   404,   404),
    ("PUT",   "people/{p_bekasi}/consent (findable, tracer)",
                                                            OK,    404,   403,   404,   404,   OK,    404,   404,   404,   404),
    ("POST",  "people/{p_bekasi}/placements (a technician)",
                                                            OK,    404,   OK,    404,   404,   OK,    404,   404,   403,   404),
    ("GET",   "vacancies/{v_sinar}/candidates",             OK,    403,   403,   403,   403,   403,   403,   403,   OK,    403),
    ("POST",  "vacancies (Sinar Telekom, 5G RAN engineer)", OK,    403,   403,   403,   403,   403,   403,   403,   OK,    403),
    ("GET",   "gaps",                                       OK,    OK,    OK,    OK,    OK,    OK,    403,   403,   403,   403),
    ("GET",   "placement-rates",                            OK,    OK,    OK,    403,   403,   403,   403,   403,   403,   403),
    ("GET",   "frameworks",                                 OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    ("PUT",   "courses/{course_5g}/competencies (unchanged)",
                                                            OK,    OK,    403,   403,   403,   403,   403,   403,   403,   403),
    # Trainers: a graduate's qualifications (none), the cascade report, and
    # what a track course requires of its trainers.
    ("GET",   "people/{p_bekasi}/trainer-qualifications",   EMPTY, 404,   EMPTY, 404,   404,   EMPTY, 404,   404,   404,   404),
    ("GET",   "cascade",                                    OK,    OK,    OK,    403,   OK,    OK,    403,   403,   403,   403),
    ("PUT",   "courses/{course_5g}/trainer-rule (unchanged)",
                                                            OK,    OK,    403,   403,   403,   403,   403,   403,   403,   403),
    # Accounts, tokens and the audit trail.
    ("GET",   "users",                                      OK,    403,   403,   403,   403,   403,   403,   403,   403,   403),
    ("GET",   "users/{user_owner_jtm}",                     OK,    OK,    404,   404,   404,   404,   404,   404,   404,   404),
    ("POST",  "users",                                      OK,    403,   403,   403,   403,   403,   403,   403,   403,   403),
    ("DELETE","tokens/{trainee_api_token}",                 OK,    404,   404,   404,   404,   404,   404,   OK,    404,   404),
    ("GET",   "audit",                                      OK,    403,   403,   403,   403,   403,   403,   403,   403,   403),
    ("GET",   "audit/verify",                               OK,    403,   403,   403,   403,   403,   403,   403,   403,   403),
)

_unique = itertools.count(1)


class AccessMatrixTests(DemoServerCase):
    @classmethod
    def prepare(cls):
        ids = cls.ids()
        admin = cls.api("admin")
        t = {}

        def enrolments(cohort):
            status, body = admin.get(f"cohorts/{cohort}/enrolments?limit=200")
            assert status == 200, body
            return body["items"]

        t["c_5g3"] = ids["cohort"]["5G cohort 3"]
        t["c_ai3"] = ids["cohort"]["AI cohort 3"]
        t["c_bekasi"] = ids["cohort"]["BBPVP Bekasi, BTS installation, batch 1"]
        t["p_self"] = ids["trainee_person"]
        e = next(e for e in enrolments(t["c_5g3"])
                 if e["status"] == "enrolled" and e["person_id"] != t["p_self"])
        t["p_5g3"], t["e_5g3"] = e["person_id"], e["id"]
        e = next(e for e in enrolments(t["c_5g3"]) if e["person_id"] == t["p_self"])
        t["e_self"] = e["id"]
        e = next(e for e in enrolments(t["c_ai3"]) if e["status"] == "enrolled")
        t["p_ai3"] = e["person_id"]
        e = next(e for e in enrolments(t["c_bekasi"]) if e["status"] == "completed")
        t["p_bekasi"], t["e_bekasi"] = e["person_id"], e["id"]
        t["prog_jtm"] = ids["programme"]["JTM-HW-TVET-2025"]
        t["prog_smartgen"] = ids["programme"]["KEMNAKER-HW-SMARTGEN-2019"]
        t["org_ilpkl"] = ids["org"]["ILP KL"]
        t["user_owner_jtm"] = ids["user"]["owner.jtm"]
        status, listed = admin.get("partnerships")
        t["pship_jtm"] = next(p["id"] for p in listed["items"]
                              if p["title"] == "JTM-Huawei Malaysia TVET MoU")
        status, tok = cls.api("trainee.demo").post("tokens", {"label": "victim"})
        assert status == 201, tok
        t["trainee_api_token"] = tok["id"]

        t["c_5g1"] = ids["cohort"]["5G cohort 1"]
        status, body = admin.get(f"cohorts/{t['c_5g3']}/sessions")
        assert status == 200 and body["items"], body
        t["s_5g3"] = body["items"][0]["id"]
        status, body = admin.get(f"cohorts/{t['c_5g3']}/assessments?limit=200")
        assert status == 200, body
        t["a_5g3"] = next(a["id"] for a in body["items"] if a["person_id"] != t["p_self"])
        status, body = admin.get(f"certificates?cohort_id={t['c_5g1']}&limit=1")
        assert status == 200 and body["items"], body
        t["cert_5g1"], t["uuid_5g1"] = body["items"][0]["id"], body["items"][0]["uuid"]

        t["sinar"] = ids["org"]["Sinar Telekom"]
        t["v_sinar"] = next(v["id"] for v in admin.all_items("vacancies")
                            if v["employer_org_id"] == t["sinar"])
        t["occ_5g"] = next(o["id"] for o in admin.all_items("occupations?q=5G%20RAN"))
        status, courses = admin.get(f"programmes/{t['prog_jtm']}/courses?limit=200")
        assert status == 200, courses
        t["course_5g"] = next(c["id"] for c in courses["items"] if c["code"] == "JTMHW-5G-HCIA")
        status, cls.course_5g_skills = admin.get(f"courses/{t['course_5g']}/competencies")
        assert status == 200 and cls.course_5g_skills["skills"], cls.course_5g_skills

        cls.people = {}
        for k in ("p_5g3", "p_ai3", "p_self", "p_bekasi"):
            status, p = admin.get(f"people/{t[k]}")
            assert status == 200, p
            cls.people[k] = p
        cls.private = [v for p in cls.people.values() for v in (p["full_name"], p["id_number"])]
        status, p = admin.get(f"programmes/{t['prog_jtm']}")
        cls.put_jtm = programme_put_body(p)
        status, p = admin.get(f"programmes/{t['prog_smartgen']}")
        cls.put_smartgen = programme_put_body(p)
        status, c = admin.get(f"cohorts/{t['c_5g3']}")
        cls.put_c_5g3 = cohort_put_body(c)
        status, c = admin.get(f"cohorts/{t['c_bekasi']}")
        cls.put_c_bekasi = cohort_put_body(c)
        status, o = admin.get(f"organisations/{t['org_ilpkl']}")
        cls.ilpkl_region = o["region"]
        cls.t = t

    # Objects made anew for each cell.

    @classmethod
    def fresh_ilpkl_person(cls):
        status, p = cls.api("centre.ilpkl").post("people", person_body(born="2000-05-05"))
        assert status == 201, p
        return p

    @classmethod
    def fresh_enrolment(cls, cohort, registrar):
        status, p = cls.api(registrar).post("people", person_body(born="2000-05-05"))
        assert status == 201, p
        status, e = cls.api("admin").post("enrolments", {"person_id": p["id"],
                                                         "cohort_id": cohort})
        assert status == 201 and e["status"] == "applied", e
        return e["id"]

    def resolve(self, path):
        """Fill the {placeholders} of a path; fresh_* are made now."""
        t = dict(self.t)
        if "{fresh_e_5g3}" in path:
            t["fresh_e_5g3"] = self.fresh_enrolment(self.t["c_5g3"], "centre.ilpkl")
        if "{fresh_e_bekasi}" in path:
            t["fresh_e_bekasi"] = self.fresh_enrolment(self.t["c_bekasi"], "centre.bekasi")
        return path.split(" (")[0].format(**t)

    def body_for(self, method, label):
        t, n = self.t, next(_unique)
        ids = self.ids()
        if label == "people/search (name of p_5g3)":
            return {"name_prefix": self.people["p_5g3"]["full_name"]}
        if label == "people/lookup (MyKad of p_5g3)":
            return {"id_type": "mykad", "id_number": self.people["p_5g3"]["id_number"]}
        if method == "PATCH" and label.startswith("people/"):
            return {"email": f"checked.{n}@example.my"}
        if label == "people (fresh valid MyKad)":
            return person_body(born="1997-12-01")
        if label.startswith("enrolments (fresh ILP KL person by MyKad"):
            p = self.fresh_ilpkl_person()
            return {"id_type": "mykad", "id_number": p["id_number"],
                    "full_name": p["full_name"], "cohort_id": t["c_5g3"]}
        if label.startswith("enrolments (fresh ILP KL person by id"):
            p = self.fresh_ilpkl_person()
            return {"person_id": p["id"], "cohort_id": t["c_bekasi"]}
        if label.endswith("/status (rejected)"):
            return {"status": "rejected", "reason": "Checked by the access matrix"}
        if label == "cohorts/{c_5g3} (unchanged)":
            return self.put_c_5g3
        if label == "cohorts/{c_bekasi} (unchanged)":
            return self.put_c_bekasi
        if label == "cohorts (JTM programme at ILP KL)":
            return {"programme_id": t["prog_jtm"], "centre_org_id": t["org_ilpkl"],
                    "name": f"Matrix cohort {n}", "capacity": 20, "starts_on": "2027-01-11",
                    "ends_on": "2027-03-26"}
        if label == "programmes/{prog_jtm} (unchanged)":
            return self.put_jtm
        if label == "programmes/{prog_smartgen} (unchanged)":
            return self.put_smartgen
        if label == "programmes (owned by JTM)":
            return new_programme_body(ids["org"]["JTM"], f"MATRIX-{n}")
        if label == "courses (JTM programme)":
            return {"programme_id": t["prog_jtm"], "code": f"MATRIX-{n}", "title": "Matrix",
                    "hours": 8}
        if label == "organisations/{org_ilpkl} (same region)":
            return {"region": self.ilpkl_region}
        if label == "organisations":
            return {"name": f"Matrix training centre {n}", "kind": "training_centre",
                    "country": "MY", "region": "Johor"}
        if label == "partnerships (JTM and Huawei Malaysia)":
            return {"title": f"Matrix MoU {n}", "signed_on": "2026-05-01",
                    "starts_on": "2026-05-01",
                    "parties": [ids["org"]["JTM"], ids["org"]["Huawei Malaysia"]]}
        if label == "sessions/{s_5g3}/attendance (p_5g3 present)":
            return {"marks": [{"person_id": t["p_5g3"], "status": "present"}]}
        if label == "sessions/{s_5g3}/checkin-code":
            return {"minutes": 5}
        if label.startswith("certificates (p_5g3"):
            return {"person_id": t["p_5g3"], "cohort_id": t["c_5g3"]}
        if label.endswith("/consent (findable, tracer)"):
            return {"findable": True, "tracer": True}
        if label.endswith("/placements (a technician)"):
            return {"employer_name": "Matrix Telekom", "role": "Technician",
                    "started_on": "2021-01-04"}
        if label.startswith("vacancies (Sinar Telekom"):
            return {"employer_org_id": t["sinar"], "title": f"Matrix vacancy {n}",
                    "occupation_id": t["occ_5g"], "region": "Selangor", "openings": 1}
        if label == "courses/{course_5g}/trainer-rule (unchanged)":
            return {"requires": "Huawei HCIA-5G"}
        if label == "courses/{course_5g}/competencies (unchanged)":
            return {"fee_minor": self.course_5g_skills["fee_minor"],
                    "skills": self.course_5g_skills["skills"]}
        if label == "users":
            return {"username": f"matrix.user{n}", "role": "instructor",
                    "org_id": t["org_ilpkl"], "password": new_password()}
        if method in ("POST", "PUT", "PATCH"):
            raise AssertionError(f"no body for {method} {label}")
        return None

    def check_cell(self, method, label, username, want):
        api = self.api(username)
        path = self.resolve(label)
        body = self.body_for(method, label)
        if body is None:
            resp = api.request(method, path)
        else:
            resp = api.request(method, path, body)
        got = resp.json
        where = f"{method} {path} as {username}: {resp.status} {resp.text[:300]}"
        if want in (OK, EMPTY, SELF):
            if want == OK:
                self.assertTrue(200 <= resp.status < 300, where)
            else:
                self.assertEqual(resp.status, 200, where)
            items = got.get("items") if isinstance(got, dict) else None
            if want == EMPTY:
                self.assertEqual(items, [], where)
            elif want == SELF:
                self.assertTrue(items, where)
                me = self.t["p_self"]
                for item in items:
                    owner = item["person_id"] if "person_id" in item else item["id"]
                    self.assertEqual(owner, me, where)
            elif items is not None:
                self.assertTrue(items, "a list the caller may read is not empty: " + where)
            return
        self.assertEqual(resp.status, want, where)
        self.assertTrue((resp.header("content-type") or "").startswith(
            "application/problem+json"), where)
        for value in self.private:
            self.assertNotIn(value, resp.text, where)

    # Who sees whom, by the contents of the lists (before the matrix rows
    # below add people and enrolments).

    def test_list_bekasi_sees_none_of_ilp_kl_people(self):
        people = self.api("centre.bekasi").all_items("people")
        self.assertTrue(people)
        ilpkl = self.t["org_ilpkl"]
        self.assertEqual([p["id"] for p in people if p["registered_by_org"] == ilpkl], [])
        self.assertEqual({p["id_type"] for p in people}, {"nik"})
        self.assertTrue(all(not p["id_masked"] for p in people))
        self.assertNotIn(self.t["p_5g3"], [p["id"] for p in people])

    def test_list_instructor_sees_exactly_the_people_of_own_cohort(self):
        seen = {p["id"]: p for p in self.api("instructor.ilpkl").all_items("people")}
        cohort = {e["person_id"] for e in
                  self.api("admin").all_items(f"cohorts/{self.t['c_5g3']}/enrolments")}
        self.assertEqual(set(seen), cohort)
        self.assertTrue(all(p["id_masked"] for p in seen.values()))

    def test_list_kemnaker_owner_sees_only_smartgen_applicants_masked(self):
        admin = self.api("admin")
        smartgen = self.t["prog_smartgen"]
        applicants = set()
        for c in admin.all_items(f"cohorts?programme_id={smartgen}"):
            applicants |= {e["person_id"] for e in admin.all_items(f"cohorts/{c['id']}/enrolments")}
        seen = self.api("owner.kemnaker").all_items("people")
        self.assertEqual({p["id"] for p in seen}, applicants)
        for p in seen:
            self.assertTrue(p["id_masked"])
            self.assertRegex(p["id_number"], r"^\*{12}[0-9]{4}$")


def _make_row_test(method, label, outcomes):
    def test(self):
        for username, want in zip(DEMO_ACCOUNTS, outcomes):
            with self.subTest(account=username, want=want):
                self.check_cell(method, label, username, want)
    test.__doc__ = f"{method} {label}"
    return test


def _slug(label):
    return "".join(c if c.isalnum() else "_" for c in label.split(" (")[0]).strip("_")


for _i, (_method, _label, *_outcomes) in enumerate(MATRIX):
    assert len(_outcomes) == len(DEMO_ACCOUNTS), _label
    setattr(AccessMatrixTests, f"test_route_{_i:02d}_{_method}_{_slug(_label)}",
            _make_row_test(_method, _label, _outcomes))
