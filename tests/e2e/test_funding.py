"""Funding over HTTP: sources and allocations (currencies never mixed,
sources and budgets never exceeded), claims whose counts Tunas recomputes
from its own records at submission and approval (and refuses, naming the
field, when they do not add up), the claim states and who may move them,
commitments and spending, costs per trainee, totals per currency, and the
demo's funding (ZTE-MMU fully funded by JPA; SmartGen's centres' claims).

The world made here: programme E2E-FUND of JTM (MYR, budget RM125,000.50)
with a cohort at ILP KL of three enrolled trainees and no sessions, a
JTM source of RM200,000, and allocations from it with claim rates
RM1,000 per trainee and RM500 per trainee attending 80% of sessions.
"""

from harness import DemoServerCase, cli, new_programme_body


class FundingTests(DemoServerCase):
    @classmethod
    def prepare(cls):
        ids = cls.ids()
        cls.jtm, cls.ilpkl = ids["org"]["JTM"], ids["org"]["ILP KL"]
        owner = cls.api("owner.jtm")
        status, prog = owner.post("programmes", new_programme_body(
            cls.jtm, "E2E-FUND", eligibility={}, phases=[]))
        assert status == 201, prog
        cls.prog = prog["id"]
        status, src = owner.post("funding/sources", {
            "code": "E2E-JTM-TVET", "name": "JTM TVET line for E2E", "kind": "national_allocation",
            "currency": "MYR", "amount_minor": 20000000, "year": 2026})
        assert status == 201, src
        cls.source = src["id"]

    def enrol_three(self):
        """A new cohort of the programme at ILP KL with three trainees
        enrolled (self.cohort)."""
        centre = self.api("centre.ilpkl")
        status, co = self.api("owner.jtm").post("cohorts", {
            "programme_id": self.prog, "centre_org_id": self.ilpkl,
            "name": f"E2E funding batch {self._testMethodName}", "capacity": 10,
            "starts_on": "2026-01-05", "ends_on": "2026-06-30"})
        self.assertEqual(status, 201, co)
        self.cohort = co["id"]
        for _ in range(3):
            p = self.create_person("centre.ilpkl")
            status, e = centre.post("enrolments", {"person_id": p["id"],
                                                   "cohort_id": self.cohort})
            self.assertEqual(status, 201, e)
            for to in ("accepted", "enrolled"):
                status, e = centre.post(f"enrolments/{e['id']}/status", {"status": to})
                self.assertEqual(status, 200, e)

    def allocate(self, amount, **rates):
        body = {"source_id": self.source, "programme_id": self.prog, "amount_minor": amount,
                "rate_trainee_minor": 100000, "rate_attended_minor": 50000,
                "attendance_percent": 80}
        body.update(rates)
        status, a = self.api("owner.jtm").post("funding/allocations", body)
        self.assertEqual(status, 201, a)
        return a

    # ------------------------------------------------------------------

    def test_a_claim_whose_evidence_does_not_add_up_is_refused(self):
        self.enrol_three()
        alloc = self.allocate(1000000)
        centre, owner = self.api("centre.ilpkl"), self.api("owner.jtm")

        status, ev = centre.get(f"funding/evidence?allocation_id={alloc['id']}"
                                f"&cohort_id={self.cohort}")
        self.assertEqual(status, 200, ev)
        self.assertEqual((ev["trainees"], ev["attended"], ev["completed"], ev["certified"]),
                         (3, 0, 0, 0))
        self.assertEqual((ev["amount_minor"], ev["currency"]), (300000, "MYR"))

        # The amount must be the stated counts at the allocation's rates.
        body = {"allocation_id": alloc["id"], "cohort_id": self.cohort, "trainees": 4,
                "attended": 0, "completed": 0, "certified": 0, "amount_minor": 350000}
        centre.post("claims", body)
        self.assertProblem(centre, 422, "amount_minor", "does not add up")
        # Four trainees stated, three in the records: saved as a draft,
        # refused at submission, naming the field.
        body["amount_minor"] = 400000
        status, claim = centre.post("claims", body)
        self.assertEqual(status, 201, claim)
        self.assertEqual((claim["status"], claim["currency"]), ("draft", "MYR"))
        centre.post(f"claims/{claim['id']}/submit")
        p = self.assertProblem(centre, 422, "trainees", "does not add up")
        self.assertIn("3", p["detail"])
        # Nobody attended 80% of sessions: none have run.
        status, claim = centre.patch(f"claims/{claim['id']}", {
            "trainees": 3, "attended": 2, "amount_minor": 400000})
        self.assertEqual(status, 200, claim)
        centre.post(f"claims/{claim['id']}/submit")
        self.assertProblem(centre, 422, "attended", "does not add up")
        status, claim = centre.patch(f"claims/{claim['id']}", {
            "attended": 0, "amount_minor": 300000, "note": "Batch fees, first month"})
        self.assertEqual(status, 200, claim)
        status, claim = centre.post(f"claims/{claim['id']}/submit")
        self.assertEqual(status, 200, claim)
        self.assertEqual(claim["status"], "submitted")
        self.assertIsNotNone(claim["submitted_at"])
        # A submitted claim is no longer changed.
        centre.patch(f"claims/{claim['id']}", {"note": "later"})
        self.assertProblem(centre, 409, "status")
        # One live claim per cohort and allocation.
        centre.post("claims", dict(body, trainees=3, amount_minor=300000))
        self.assertProblem(centre, 409, "cohort_id")

        # The centre cannot decide; people out of reach do not see it.
        centre.post(f"claims/{claim['id']}/approve")
        self.assertProblem(centre, 403)
        bekasi, employer = self.api("centre.bekasi"), self.api("employer.demo")
        bekasi.get(f"claims/{claim['id']}")
        self.assertProblem(bekasi, 404)
        employer.post(f"claims/{claim['id']}/approve")
        self.assertProblem(employer, 404)

        status, claim = owner.post(f"claims/{claim['id']}/approve")
        self.assertEqual(status, 200, claim)
        self.assertEqual(claim["status"], "approved")
        status, a = owner.get(f"funding/allocations/{alloc['id']}")
        self.assertEqual((a["committed_minor"], a["spent_minor"], a["remaining_minor"]),
                         (300000, 0, 700000))
        owner.post(f"claims/{claim['id']}/pay", {})
        self.assertProblem(owner, 422, "payment_ref")
        status, claim = owner.post(f"claims/{claim['id']}/pay",
                                   {"payment_ref": "EFT-2026-000123"})
        self.assertEqual(status, 200, claim)
        self.assertEqual((claim["status"], claim["payment_ref"]), ("paid", "EFT-2026-000123"))
        status, a = owner.get(f"funding/allocations/{alloc['id']}")
        self.assertEqual((a["committed_minor"], a["spent_minor"], a["remaining_minor"]),
                         (0, 300000, 700000))
        owner.post(f"claims/{claim['id']}/pay", {"payment_ref": "again"})
        self.assertProblem(owner, 409, "status")

        status, s = owner.get(f"programmes/{self.prog}/funding")
        self.assertEqual(status, 200, s)
        self.assertEqual(s["currency"], "MYR")
        self.assertEqual(s["budget_minor"], 12500050)
        self.assertEqual(s["spent_minor"], 300000)
        self.assertGreaterEqual(s["trainees"], 3)
        self.assertEqual(s["cost_per_trainee_minor"],
                         (300000 + s["trainees"] // 2) // s["trainees"])
        self.assertIsNone(s["cost_per_completion_minor"])
        self.assertIsNone(s["cost_per_certification_minor"])

        # Every step is on the audit trail.
        actions = set()
        after = 0
        while True:
            status, page = self.api("admin").get(f"audit?limit=200&after={after}")
            self.assertEqual(status, 200, page)
            actions.update((x["action"], x["object_id"]) for x in page["items"])
            if page["next_after"] is None:
                break
            after = page["next_after"]
        for act in ("create", "update", "submit", "approve", "pay"):
            self.assertIn((f"funding.claim.{act}", claim["id"]), actions)

    def test_rejection_needs_a_reason_and_is_final(self):
        self.enrol_three()
        alloc = self.allocate(500000, rate_attended_minor=0, attendance_percent=0)
        centre, owner = self.api("centre.ilpkl"), self.api("owner.jtm")
        status, claim = centre.post("claims", {
            "allocation_id": alloc["id"], "cohort_id": self.cohort, "trainees": 3,
            "attended": 0, "completed": 0, "certified": 0, "amount_minor": 300000})
        self.assertEqual(status, 201, claim)
        # Only a submitted claim is decided.
        owner.post(f"claims/{claim['id']}/approve")
        self.assertProblem(owner, 409, "status")
        status, claim = centre.post(f"claims/{claim['id']}/submit", {})
        self.assertEqual(status, 200, claim)
        owner.post(f"claims/{claim['id']}/reject", {})
        self.assertProblem(owner, 422, "reason")
        status, claim = owner.post(f"claims/{claim['id']}/reject",
                                   {"reason": "Sign-in sheets missing for week 2"})
        self.assertEqual(status, 200, claim)
        self.assertEqual((claim["status"], claim["reason"]),
                         ("rejected", "Sign-in sheets missing for week 2"))
        owner.post(f"claims/{claim['id']}/pay", {"payment_ref": "X1"})
        self.assertProblem(owner, 409, "status")
        # Rejected claims commit nothing, and the cohort may claim again.
        status, a = owner.get(f"funding/allocations/{alloc['id']}")
        self.assertEqual(a["committed_minor"], 0)
        status, again = centre.post("claims", {
            "allocation_id": alloc["id"], "cohort_id": self.cohort, "trainees": 3,
            "attended": 0, "completed": 0, "certified": 0, "amount_minor": 300000})
        self.assertEqual(status, 201, again)

    def test_an_allocation_cannot_be_exceeded(self):
        self.enrol_three()
        alloc = self.allocate(250000)
        centre = self.api("centre.ilpkl")
        status, claim = centre.post("claims", {
            "allocation_id": alloc["id"], "cohort_id": self.cohort, "trainees": 3,
            "attended": 0, "completed": 0, "certified": 0, "amount_minor": 300000})
        self.assertEqual(status, 201, claim)
        centre.post(f"claims/{claim['id']}/submit")
        self.assertProblem(centre, 409, "amount_minor", "exceeds what remains")

    def test_sources_allocations_and_currencies(self):
        owner, admin = self.api("owner.jtm"), self.api("admin")
        # An allocation beyond the source, or the programme's budget.
        owner.post("funding/allocations", {
            "source_id": self.source, "programme_id": self.prog, "amount_minor": 20000001})
        self.assertProblem(owner, 422, "amount_minor")
        status, big = admin.post("funding/sources", {
            "code": "E2E-BIG", "name": "Big", "kind": "other", "org_id": self.jtm,
            "currency": "MYR", "amount_minor": 900000000})
        self.assertEqual(status, 201, big)
        admin.post("funding/allocations", {
            "source_id": big["id"], "programme_id": self.prog, "amount_minor": 12500051})
        self.assertProblem(admin, 422, "amount_minor", "budget")
        # IDR money never goes to a MYR programme.
        kem = self.api("owner.kemnaker")
        status, idr = kem.post("funding/sources", {
            "code": "E2E-IDR", "name": "Rupiah line", "kind": "national_allocation",
            "currency": "IDR", "amount_minor": 1000000000})
        self.assertEqual(status, 201, idr)
        self.assertEqual(idr["currency"], "IDR")
        admin.post("funding/allocations", {
            "source_id": idr["id"], "programme_id": self.prog, "amount_minor": 1000})
        self.assertProblem(admin, 422, "programme_id", "never mixed")
        admin.post("funding/allocations", {
            "source_id": idr["id"], "programme_id": self.prog, "amount_minor": 1000,
            "currency": "MYR"})
        self.assertProblem(admin, 422, "currency")
        # Someone else's money, or a programme the funder has no part in.
        kem.post("funding/allocations", {"source_id": self.source, "programme_id": self.prog,
                                         "amount_minor": 1000})
        self.assertProblem(kem, 422, "source_id")
        kem.post("funding/sources", {"code": "E2E-X", "name": "Not ours", "kind": "other",
                                     "org_id": self.jtm, "currency": "IDR",
                                     "amount_minor": 5})
        self.assertProblem(kem, 403, "org_id")
        # Bad input names the field.
        owner.post("funding/sources", {"code": "E2E-Y", "name": "Y", "kind": "lottery",
                                       "currency": "MYR", "amount_minor": 5})
        self.assertProblem(owner, 422)
        owner.post("funding/sources", {"code": "E2E-Y", "name": "Yen", "kind": "other",
                                       "currency": "JPY", "amount_minor": 5})
        self.assertProblem(owner, 422, "currency")
        owner.post("funding/sources", {"code": "E2E-Y", "name": "Yy", "kind": "other",
                                       "currency": "MYR", "amount_minor": 5, "colour": "red"})
        self.assertProblem(owner, 422)

        # Totals are per currency, never summed together.
        status, totals = admin.get("funding/totals")
        self.assertEqual(status, 200, totals)
        cur = {t["currency"]: t for t in totals["items"]}
        self.assertEqual(sorted(cur), ["IDR", "MYR"])
        self.assertGreaterEqual(cur["MYR"]["amount_minor"], 750000000000)
        status, mine = kem.get("funding/totals")
        self.assertEqual([t["currency"] for t in mine["items"]], ["IDR"])
        # Sources: each organisation its own.
        status, listed = owner.get("funding/sources")
        self.assertEqual(status, 200)
        self.assertTrue(listed["items"])
        self.assertTrue(all(s["org_id"] == self.jtm for s in listed["items"]))
        kem.get(f"funding/sources/{self.source}")
        self.assertProblem(kem, 404)

    def test_who_reads_funding(self):
        ids = self.ids()
        zte = ids["programme"]["JPA-ZTE-MMU-2025"]
        jtmhw = ids["programme"]["JTM-HW-TVET-2025"]
        for user in ("trainee.demo", "employer.demo", "judge.demo", "instructor.ilpkl"):
            api = self.api(user)
            api.get("funding/sources")
            self.assertProblem(api, 403)
            api.get(f"programmes/{zte}/funding")
            self.assertProblem(api, 403)
        # A partner of JTM-Huawei reads its funding; not JPA's programme.
        partner = self.api("partner.huawei")
        status, s = partner.get(f"programmes/{jtmhw}/funding")
        self.assertEqual(status, 200, s)
        self.assertEqual(s["allocated_minor"], s["budget_minor"])
        partner.get(f"programmes/{zte}/funding")
        self.assertProblem(partner, 403)
        # A centre that runs a cohort reads the rates, not the amounts.
        self.allocate(100000)
        status, rows = self.api("centre.ilpkl").get(f"programmes/{self.prog}/allocations")
        self.assertEqual(status, 200, rows)
        self.assertTrue(rows["items"])
        for a in rows["items"]:
            self.assertIsNone(a["amount_minor"])
            self.assertEqual(a["rate_trainee_minor"], 100000)
        bekasi, admin, owner = self.api("centre.bekasi"), self.api("admin"), self.api("owner.jtm")
        bekasi.get(f"programmes/{self.prog}/allocations")
        self.assertProblem(bekasi, 403)
        # Unknown ids; a programme owner names the programme.
        admin.get("claims/999999")
        self.assertProblem(admin, 404)
        owner.get("claims")
        self.assertProblem(owner, 422, "programme_id")

    def test_demo_zte_mmu_fully_funded_by_jpa(self):
        ids = self.ids()
        zte = ids["programme"]["JPA-ZTE-MMU-2025"]
        admin = self.api("admin")
        status, s = admin.get(f"programmes/{zte}/funding")
        self.assertEqual(status, 200, s)
        self.assertEqual(s["currency"], "MYR")
        self.assertEqual(s["allocated_minor"], s["budget_minor"])
        self.assertEqual(s["spent_minor"], s["budget_minor"])
        self.assertEqual((s["committed_minor"], s["remaining_minor"]), (0, 0))
        self.assertEqual(s["trainees"], 20)
        self.assertEqual(s["cost_per_trainee_minor"], s["spent_minor"] // 20)
        status, allocs = admin.get(f"programmes/{zte}/allocations")
        self.assertEqual(len(allocs["items"]), 1)
        status, src = admin.get(f"funding/sources/{allocs['items'][0]['source_id']}")
        self.assertEqual((src["kind"], src["org_id"]), ("government_sponsor", ids["org"]["JPA"]))

    def test_demo_smartgen_claims(self):
        ids = self.ids()
        sg = ids["programme"]["KEMNAKER-HW-SMARTGEN-2019"]
        kem = self.api("owner.kemnaker")
        claims = kem.all_items(f"claims?programme_id={sg}")
        self.assertEqual({c["status"] for c in claims},
                         {"draft", "submitted", "approved", "rejected", "paid"})
        self.assertTrue(all(c["currency"] == "IDR" for c in claims))
        status, s = kem.get(f"programmes/{sg}/funding")
        self.assertEqual(status, 200, s)
        self.assertEqual(s["currency"], "IDR")
        self.assertEqual(s["allocated_minor"], 6000000000)
        paid = sum(c["amount_minor"] for c in claims if c["status"] == "paid")
        approved = sum(c["amount_minor"] for c in claims if c["status"] == "approved")
        self.assertEqual((s["spent_minor"], s["committed_minor"]), (paid, approved))
        self.assertGreater(s["cost_per_certification_minor"], 0)
        # The paid claims' evidence still adds up against the records.
        bekasi = self.api("centre.bekasi")
        mine = bekasi.all_items("claims")
        self.assertTrue(mine)
        self.assertTrue(all(c["centre_org_id"] == ids["org"]["BBPVP Bekasi"] for c in mine))
        c = mine[0]
        status, ev = bekasi.get(f"funding/evidence?allocation_id={c['allocation_id']}"
                                f"&cohort_id={c['cohort_id']}")
        self.assertEqual(status, 200, ev)
        self.assertEqual((ev["trainees"], ev["completed"], ev["certified"], ev["amount_minor"]),
                         (c["trainees"], c["completed"], c["certified"], c["amount_minor"]))

    def test_cli_report_and_totals(self):
        r = cli(self.db, "funding", "report", "JPA-ZTE-MMU-2025")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("allocated  3000000.00 MYR", r.stdout)
        self.assertIn("spent      3000000.00 MYR", r.stdout)
        self.assertIn("per trainee        150000.00 MYR (20 trainees)", r.stdout)
        r = cli(self.db, "funding", "totals")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = [x.split()[0] for x in r.stdout.splitlines()[1:]]
        self.assertEqual(lines, ["IDR", "MYR"])
        r = cli(self.db, "funding", "report", "NO-SUCH-PROGRAMME")
        self.assertEqual(r.returncode, 1)
        self.assertIn("no programme NO-SUCH-PROGRAMME", r.stderr)
