"""Competitions over HTTP: a small competition run by Huawei Malaysia's
partner account, judged by the demo's judges (judge.demo of INTAN and
judge.jpa of JPA are civil servants, judge.huawei is not), with entries of
people registered for the test. Every rule of competition.h is exercised:
rubric weights, round order and states, who registers entries, panels
needing civil servants, conflicts of interest that bar a judge, scores
within range and only while judging, lock needing complete scores, the
z-score normalisation and tie rule (recomputed here from the documented
formula), published results that are public and never rewritten, advancing
the top N, and appeals that alone let results change. The demo's own ICT
Competition is checked too.
"""

import math

from harness import Api, DemoServerCase

# Rubric of the lifecycle round: weights 60 and 40, max 10 and 100.
RUBRIC = [{"name": "Solution", "weight": 60, "max_score": 10},
          {"name": "Lab exam", "weight": 40, "max_score": 100}]


def ranking_by_formula(rubric, scores):
    """The documented ranking: scores is {(judge, entry): [s per criterion]}.
    Returns {entry: (final, raw_mean, top_share)} and the order."""
    totals = {k: sum(c["weight"] * s / c["max_score"] for c, s in zip(rubric, v))
              for k, v in scores.items()}
    vals = list(totals.values())
    big_m = sum(vals) / len(vals)
    big_s = math.sqrt(sum((t - big_m) ** 2 for t in vals) / len(vals))
    per_judge = {}
    for (j, e), t in totals.items():
        per_judge.setdefault(j, []).append(t)
    stats = {}
    for j, ts in per_judge.items():
        m = sum(ts) / len(ts)
        stats[j] = (m, math.sqrt(sum((t - m) ** 2 for t in ts) / len(ts)), len(ts))
    top = max(range(len(rubric)), key=lambda i: (rubric[i]["weight"], -i))
    out = {}
    for (j, e), t in totals.items():
        m, s, n = stats[j]
        norm = big_m + big_s * (t - m) / s if n >= 2 and s > 0 else t
        share = scores[(j, e)][top] / rubric[top]["max_score"]
        out.setdefault(e, []).append((norm, t, share))
    res = {e: (sum(x[0] for x in v) / len(v), sum(x[1] for x in v) / len(v),
               sum(x[2] for x in v) / len(v)) for e, v in out.items()}
    order = sorted(res, key=lambda e: (-round(res[e][0], 6), -round(res[e][1], 6),
                                       -round(res[e][2], 6), e))
    return res, order


class CompetitionTests(DemoServerCase):
    @classmethod
    def prepare(cls):
        ids = cls.ids()
        cls.huawei_my = ids["org"]["Huawei Malaysia"]
        cls.judge = {u: ids["user"][u] for u in ("judge.demo", "judge.jpa", "judge.huawei")}
        cls.org = cls.api("partner.huawei")
        cls.people = [cls.create_person_cls() for _ in range(7)]
        cls.trainee_person = ids["trainee_person"]

    @classmethod
    def create_person_cls(cls):
        from harness import person_body
        body = person_body()
        status, got = cls.api("centre.ilpkl").post("people", body)
        assert status == 201, got
        cls.pii.update((body["full_name"], got["id_number"]))
        return got["id"]

    # Helpers.

    def competition(self, code, rounds=(("Round 1", 2, 0),), rubric=RUBRIC):
        status, c = self.org.post("competitions", {"code": code, "title": f"Test {code}"})
        self.assertEqual(status, 201, c)
        self.assertEqual(c["organiser_org_id"], self.huawei_my)
        out = []
        for name, advance, min_cs in rounds:
            status, r = self.org.post(f"competitions/{c['id']}/rounds", {
                "name": name, "advance": advance, "min_civil_servants": min_cs,
                "criteria": rubric})
            self.assertEqual(status, 201, r)
            self.assertEqual(r["status"], "draft")
            out.append(r)
        return c, out

    def team(self, comp, name, members):
        status, e = self.org.post(f"competitions/{comp}/entries", {
            "kind": "team", "name": name, "title": name + " project", "members": members})
        self.assertEqual(status, 201, e)
        return e["id"]

    def status(self, rnd, to, expect=200, field=None):
        status, body = self.org.post(f"rounds/{rnd}/status", {"status": to})
        if expect != 200:
            self.assertProblem(self.org, expect, field)
        else:
            self.assertEqual(status, 200, body)
            self.assertEqual(body["status"], to)
        return body

    def score(self, who, rnd, entry, values, crit_ids, expect=200):
        status, body = self.api(who).put(f"rounds/{rnd}/entries/{entry}/scores", {
            "scores": [{"criterion_id": c, "score": v} for c, v in zip(crit_ids, values)]})
        self.assertEqual(status, expect, body)
        return body

    # Rubrics and rounds.

    def test_rubric_weights_must_sum_to_100(self):
        status, c = self.org.post("competitions", {"code": "E2E-RUB", "title": "Rubric"})
        self.assertEqual(status, 201, c)
        self.org.post(f"competitions/{c['id']}/rounds", {"name": "R", "criteria": [
            {"name": "A", "weight": 60, "max_score": 10},
            {"name": "B", "weight": 30, "max_score": 10}]})
        self.assertProblem(self.org, 422, "criteria", "sum to 90")
        self.org.post(f"competitions/{c['id']}/rounds", {"name": "R", "criteria": [
            {"name": "A", "weight": 100, "max_score": 0}]})
        self.assertProblem(self.org, 422, "criteria[0].max_score")
        self.org.post(f"competitions/{c['id']}/rounds", {"name": "R", "criteria": [
            {"name": "A", "weight": 100, "max_score": 5, "bonus": 1}]})
        self.assertProblem(self.org, 422, "criteria[0].bonus")
        # A draft round without a rubric cannot open; with one it can.
        status, r = self.org.post(f"competitions/{c['id']}/rounds", {"name": "R"})
        self.assertEqual(status, 201, r)
        self.status(r["id"], "open", 409, "criteria")
        status, r = self.org.put(f"rounds/{r['id']}/rubric", {"criteria": RUBRIC})
        self.assertEqual(status, 200, r)
        self.assertEqual([x["weight"] for x in r["criteria"]], [60, 40])
        self.status(r["id"], "open")
        # The rubric is fixed once open.
        self.org.put(f"rounds/{r['id']}/rubric", {"criteria": RUBRIC})
        self.assertProblem(self.org, 409, "status")

    def test_only_organisers_manage(self):
        c, (r,) = self.competition("E2E-ORG")
        for who in ("owner.jtm", "judge.demo", "trainee.demo"):
            api = self.api(who)
            api.post(f"competitions/{c['id']}/rounds", {"name": "X", "criteria": RUBRIC})
            self.assertProblem(api, 403)
            api.post(f"rounds/{r['id']}/status", {"status": "open"})
            self.assertProblem(api, 403)
        # Nor create a competition for another organisation.
        owner = self.api("owner.jtm")
        owner.post("competitions", {
            "code": "E2E-X", "title": "X", "organiser_org_id": self.huawei_my})
        self.assertProblem(owner, 403)
        self.org.post("competitions", {"code": "E2E-ORG", "title": "again"})
        self.assertProblem(self.org, 409, "code")
        # Anyone signed in reads the directory; nobody unsigned.
        status, got = self.api("employer.demo").get(f"competitions/{c['id']}")
        self.assertEqual(status, 200, got)
        self.assertEqual(Api(self.server.port).get(f"competitions/{c['id']}")[0], 401)

    def test_later_round_opens_after_previous_published(self):
        c, (r1, r2) = self.competition("E2E-ORD", rounds=(("R1", 1, 0), ("R2", 0, 0)))
        self.assertEqual((r1["seq"], r2["seq"]), (1, 2))
        self.status(r2["id"], "open", 409, "status")
        self.org.post(f"rounds/{r2['id']}/advance")
        self.assertProblem(self.org, 409, "status")
        self.status(r1["id"], "locked", 409, "status")  # draft -> locked is no move

    # Entries.

    def test_entries_individual_and_team_rules(self):
        c, (r,) = self.competition("E2E-ENT")
        p = self.people
        self.org.post(f"competitions/{c['id']}/entries", {
            "kind": "team", "name": "Solo", "members": [p[0]]})
        self.assertProblem(self.org, 422, "members")
        self.org.post(f"competitions/{c['id']}/entries", {
            "kind": "individual", "name": "Two", "members": [p[0], p[1]]})
        self.assertProblem(self.org, 422, "members")
        self.org.post(f"competitions/{c['id']}/entries", {
            "kind": "pair", "name": "X", "members": [p[0]]})
        self.assertProblem(self.org, 422, "kind")
        self.team(c["id"], "Alpha", [p[0], p[1]])
        # A person is in one entry of a competition.
        self.org.post(f"competitions/{c['id']}/entries", {
            "kind": "team", "name": "Beta", "members": [p[1], p[2]]})
        self.assertProblem(self.org, 409, "members")
        # A trainee registers their own individual entry, nothing else.
        me = self.api("trainee.demo")
        me.post(f"competitions/{c['id']}/entries", {
            "kind": "individual", "name": "Someone", "members": [p[3]]})
        self.assertProblem(me, 403)
        me.post(f"competitions/{c['id']}/entries", {
            "kind": "team", "name": "Mine", "members": [self.trainee_person, p[3]]})
        self.assertProblem(me, 403)
        status, mine = me.post(f"competitions/{c['id']}/entries", {
            "kind": "individual", "name": "Me", "members": [self.trainee_person]})
        self.assertEqual(status, 201, mine)
        # The entrant sees their own entry only.
        status, got = me.get(f"competitions/{c['id']}/entries")
        self.assertEqual([e["id"] for e in got["items"]], [mine["id"]])
        status, got = self.org.get(f"competitions/{c['id']}/entries")
        self.assertEqual(len(got["items"]), 2)
        alpha = got["items"][0]["id"]
        me.get(f"entries/{alpha}")
        self.assertProblem(me, 404)
        # Entries close when round 1 starts judging.
        self.status(r["id"], "open")
        self.status(r["id"], "judging")
        self.org.post(f"competitions/{c['id']}/entries", {
            "kind": "team", "name": "Late", "members": [p[4], p[5]]})
        self.assertProblem(self.org, 409, "competition_id")

    # Panels and conflicts.

    def test_panel_needs_civil_servants_and_judges(self):
        c, (r,) = self.competition("E2E-PAN", rounds=(("R", 1, 2),))
        self.team(c["id"], "Gamma", [self.people[0], self.people[1]])
        self.status(r["id"], "open")
        self.org.post(f"rounds/{r['id']}/panel", {"user_id": self.ids()["user"]["owner.jtm"]})
        self.assertProblem(self.org, 422, "user_id", "judge role")
        for u in ("judge.demo", "judge.huawei"):
            status, panel = self.org.post(f"rounds/{r['id']}/panel", {"user_id": self.judge[u]})
            self.assertEqual(status, 200, panel)
        flags = {j["username"]: j["civil_servant"] for j in panel["items"]}
        self.assertEqual(flags, {"judge.demo": True, "judge.huawei": False})
        self.status(r["id"], "judging", 409, "min_civil_servants")
        self.org.post(f"rounds/{r['id']}/panel", {"user_id": self.judge["judge.jpa"]})
        self.status(r["id"], "judging")
        # A judge on the panel reads it; a judge off it does not.
        status, got = self.api("judge.demo").get(f"rounds/{r['id']}/panel")
        self.assertEqual(status, 200, got)

    def test_conflicted_judge_is_barred(self):
        c, (r,) = self.competition("E2E-COI")
        rid = r["id"]
        crit = [x["id"] for x in r["criteria"]]
        e1 = self.team(c["id"], "Delta", [self.people[0], self.people[1]])
        e2 = self.team(c["id"], "Epsilon", [self.people[2], self.people[3]])
        self.status(rid, "open")
        hw = self.judge["judge.huawei"]
        self.org.post(f"rounds/{rid}/panel", {"user_id": hw})
        for e in (e1, e2):
            status, a = self.org.post(f"rounds/{rid}/assignments",
                                      {"entry_id": e, "judge_user_id": hw})
            self.assertEqual(status, 201, a)
        judge = self.api("judge.huawei")
        status, got = judge.get(f"entries/{e2}")
        self.assertEqual(status, 200, got)
        # A judge may not declare for someone else, nor without a reason.
        judge.post(f"entries/{e2}/conflicts", {"judge_user_id": self.judge["judge.jpa"],
                                               "reason": "x"})
        self.assertProblem(judge, 403)
        judge.post(f"entries/{e2}/conflicts", {"reason": ""})
        self.assertProblem(judge, 422, "reason")
        status, k = judge.post(f"entries/{e2}/conflicts",
                               {"reason": "My cousin is in the team."})
        self.assertEqual(status, 201, k)
        self.assertEqual((k["judge_user_id"], k["entry_id"]), (hw, e2))
        judge.post(f"entries/{e2}/conflicts", {"reason": "again"})
        self.assertProblem(judge, 404)  # no longer assigned: not seen
        # The assignment went with it; assigning again is refused.
        status, got = self.org.get(f"rounds/{rid}/assignments")
        self.assertEqual([(a["entry_id"], a["judge_user_id"]) for a in got["items"]],
                         [(e1, hw)])
        self.org.post(f"rounds/{rid}/assignments", {"entry_id": e2, "judge_user_id": hw})
        self.assertProblem(self.org, 409, "judge_user_id", "conflict of interest")
        # The judge now sees only e1, cannot read or score e2.
        status, got = judge.get(f"competitions/{c['id']}/entries")
        self.assertEqual([e["id"] for e in got["items"]], [e1])
        judge.get(f"entries/{e2}")
        self.assertProblem(judge, 404)
        self.status(rid, "judging")
        self.score("judge.huawei", rid, e2, [5, 50], crit, expect=404)
        self.score("judge.huawei", rid, e1, [5, 50], crit)
        # Conflicts: organisers see all, the judge their own, others none.
        status, got = self.org.get(f"competitions/{c['id']}/conflicts")
        self.assertEqual([x["entry_id"] for x in got["items"]], [e2])
        status, got = self.api("judge.demo").get(f"competitions/{c['id']}/conflicts")
        self.assertEqual(got["items"], [])
        me = self.api("trainee.demo")
        me.get(f"competitions/{c['id']}/conflicts")
        self.assertProblem(me, 403)
        # An organiser declares for a judge: it removes their scores too.
        status, k = self.org.post(f"entries/{e1}/conflicts", {
            "judge_user_id": hw, "reason": "Declared to the organiser by e-mail."})
        self.assertEqual(status, 201, k)
        status, got = self.org.get(f"rounds/{rid}/scores")
        self.assertEqual(got["items"], [])

    # The whole life of a round.

    def test_round_lifecycle_ranking_results_appeals(self):
        c, (r1, r2) = self.competition("E2E-LIFE", rounds=(("Prelim", 2, 2), ("Final", 0, 0)))
        rid = r1["id"]
        crit = [x["id"] for x in r1["criteria"]]
        p = self.people
        me = self.api("trainee.demo")
        status, mine = me.post(f"competitions/{c['id']}/entries", {
            "kind": "individual", "name": "Demo Trainee", "members": [self.trainee_person]})
        self.assertEqual(status, 201, mine)
        e = [mine["id"], self.team(c["id"], "T2", [p[0], p[1]]),
             self.team(c["id"], "T3", [p[2], p[3]]), self.team(c["id"], "T4", [p[4], p[5]])]
        self.status(rid, "open")
        j1, j2, j3 = (self.judge[u] for u in ("judge.demo", "judge.jpa", "judge.huawei"))
        for j in (j1, j2, j3):
            self.org.post(f"rounds/{rid}/panel", {"user_id": j})
        for x in e:
            for j in (j1, j2):
                status, _ = self.org.post(f"rounds/{rid}/assignments",
                                          {"entry_id": x, "judge_user_id": j})
                self.assertEqual(status, 201)
        self.org.post(f"rounds/{rid}/assignments", {"entry_id": e[2], "judge_user_id": j3})
        # Scores only while judging.
        self.score("judge.demo", rid, e[0], [10, 100], crit, expect=409)
        self.status(rid, "judging")
        # A judge sees only the entries assigned to them.
        status, got = self.api("judge.huawei").get(f"rounds/{rid}/entries")
        self.assertEqual([x["id"] for x in got["items"]], [e[2]])
        jh = self.api("judge.huawei")
        jh.get(f"entries/{e[0]}")
        self.assertProblem(jh, 404)
        self.score("judge.huawei", rid, e[0], [1, 1], crit, expect=404)
        # Range and rubric checks name the field.
        jd = self.api("judge.demo")
        jd.put(f"rounds/{rid}/entries/{e[0]}/scores",
               {"scores": [{"criterion_id": crit[0], "score": 11}]})
        self.assertProblem(jd, 422, "scores[0].score")
        jd.put(f"rounds/{rid}/entries/{e[0]}/scores",
               {"scores": [{"criterion_id": r2["criteria"][0]["id"], "score": 1}]})
        self.assertProblem(jd, 422, "scores[0].criterion_id")
        self.org.put(f"rounds/{rid}/entries/{e[0]}/scores",
                     {"scores": [{"criterion_id": crit[0], "score": 1}]})
        self.assertProblem(self.org, 403)
        scores = {
            (j1, e[0]): [10, 100], (j1, e[1]): [8, 50], (j1, e[2]): [9, 75], (j1, e[3]): [8, 50],
            (j2, e[0]): [5, 50], (j2, e[1]): [3, 0], (j2, e[2]): [4, 25], (j2, e[3]): [3, 0],
            (j3, e[2]): [7, 70],
        }
        names = {j1: "judge.demo", j2: "judge.jpa", j3: "judge.huawei"}
        # Incomplete scores block the lock.
        self.score("judge.demo", rid, e[0], [10], crit[:1])
        self.status(rid, "locked", 409, "assignments")
        for (j, x), v in scores.items():
            self.score(names[j], rid, x, v, crit)
        # A judge reads their own scores only.
        status, got = self.api("judge.huawei").get(f"rounds/{rid}/scores")
        self.assertEqual({s["judge_user_id"] for s in got["items"]}, {j3})
        # The live ranking follows the documented formula and tie rule.
        status, ranking = self.org.get(f"rounds/{rid}/ranking")
        self.assertEqual(status, 200, ranking)
        want, order = ranking_by_formula(RUBRIC, scores)
        self.assertEqual([x["entry_id"] for x in ranking["items"]], order)
        for x in ranking["items"]:
            f, raw, top = want[x["entry_id"]]
            self.assertAlmostEqual(x["final_score"], f, places=5)
            self.assertAlmostEqual(x["raw_mean"], raw, places=5)
            self.assertAlmostEqual(x["top_criterion"], top, places=5)
        # e[1] and e[3] are equal in everything: the earlier entry wins.
        by = {x["entry_id"]: x for x in ranking["items"]}
        self.assertEqual(by[e[3]]["rank"], by[e[1]]["rank"] + 1)
        self.assertEqual(by[e[3]]["decided_by"], "entry_id")
        self.assertEqual(by[e[2]]["judges"], 3)
        jd.get(f"rounds/{rid}/ranking")
        self.assertProblem(jd, 403)
        # No results before publication; lock then no more scores.
        self.assertEqual(Api(self.server.port).get(f"rounds/{rid}/results")[0], 404)
        self.status(rid, "locked")
        self.score("judge.demo", rid, e[0], [9, 90], crit, expect=409)
        self.status(rid, "published")
        status, v1 = Api(self.server.port).get(f"rounds/{rid}/results")
        self.assertEqual(status, 200, v1)
        self.assertEqual(v1["version"], 1)
        self.assertEqual([x["entry_id"] for x in v1["items"]], order)
        self.assertEqual([x["advanced"] for x in v1["items"]], [True, True, False, False])
        # The top two advance to the final.
        status, got = self.org.post(f"rounds/{r2['id']}/advance")
        self.assertEqual(got["added"], 2, got)
        status, got = self.org.get(f"rounds/{r2['id']}/entries")
        self.assertEqual(sorted(x["id"] for x in got["items"]), sorted(order[:2]))
        # Results reopen only after an upheld appeal.
        self.status(rid, "judging", 409, "status")
        jd.post(f"rounds/{rid}/appeals", {"entry_id": e[0], "grounds": "x"})
        self.assertProblem(jd, 403)
        me.post(f"rounds/{rid}/appeals", {"entry_id": e[1], "grounds": "Not mine"})
        self.assertProblem(me, 404)
        status, ap = me.post(f"rounds/{rid}/appeals", {
            "entry_id": e[0], "grounds": "The second judge's lab score was entered as 50."})
        self.assertEqual(status, 201, ap)
        self.assertEqual((ap["status"], ap["result_version"]), ("open", 1))
        status, got = me.get(f"rounds/{rid}/appeals")
        self.assertEqual([x["id"] for x in got["items"]], [ap["id"]])
        me.post(f"appeals/{ap['id']}/decision", {"decision": "upheld", "response": "ok"})
        self.assertProblem(me, 403)
        self.org.post(f"appeals/{ap['id']}/decision", {"decision": "maybe", "response": "x"})
        self.assertProblem(self.org, 422, "decision")
        status, got = self.org.post(f"appeals/{ap['id']}/decision", {
            "decision": "upheld", "response": "The lab score was mistyped; re-score."})
        self.assertEqual((status, got["status"]), (200, "upheld"), got)
        self.org.post(f"appeals/{ap['id']}/decision", {"decision": "dismissed",
                                                       "response": "x"})
        self.assertProblem(self.org, 409, "status")
        self.status(rid, "judging")
        self.score("judge.jpa", rid, e[3], [10, 100], crit)
        self.status(rid, "locked")
        # Still version 1 until published again.
        self.assertEqual(Api(self.server.port).get(f"rounds/{rid}/results")[1]["version"], 1)
        self.status(rid, "published")
        status, v2 = Api(self.server.port).get(f"rounds/{rid}/results")
        self.assertEqual(v2["version"], 2)
        self.assertNotEqual([x["entry_id"] for x in v2["items"]], order)
        status, old = Api(self.server.port).get(f"rounds/{rid}/results?version=1")
        self.assertEqual(old, v1)
        self.assertEqual(Api(self.server.port).get(f"rounds/{rid}/results?version=3")[0], 404)

    def test_demo_ict_competition(self):
        admin = self.api("admin")
        comps = {c["code"]: c for c in admin.all_items("competitions")}
        self.assertIn("HW-SFTF-MY-2025", comps)
        ict = comps["HW-ICT-MY-2025"]
        self.assertEqual(ict["entries"], 8)
        status, rounds = admin.get(f"competitions/{ict['id']}/rounds")
        self.assertEqual([r["status"] for r in rounds["items"]], ["published", "published"])
        prelim, final = rounds["items"]
        status, res = Api(self.server.port).get(f"rounds/{prelim['id']}/results")
        self.assertEqual(status, 200, res)
        self.assertEqual(sorted(x["rank"] for x in res["items"]), list(range(1, 9)))
        self.assertEqual(sum(x["advanced"] for x in res["items"]), 4)
        status, panel = admin.get(f"rounds/{prelim['id']}/panel")
        self.assertEqual(sum(j["civil_servant"] for j in panel["items"]), 2)
        status, conflicts = admin.get(f"competitions/{ict['id']}/conflicts")
        self.assertEqual(len(conflicts["items"]), 1)
        barred = conflicts["items"][0]
        status, assigned = admin.get(f"rounds/{prelim['id']}/assignments")
        self.assertNotIn((barred["entry_id"], barred["judge_user_id"]),
                         [(a["entry_id"], a["judge_user_id"]) for a in assigned["items"]])
        status, appeals = admin.get(f"rounds/{prelim['id']}/appeals")
        self.assertEqual([a["status"] for a in appeals["items"]], ["dismissed"])
        # trainee.demo's team and the judge's view.
        status, mine = self.api("trainee.demo").get(f"competitions/{ict['id']}/entries")
        self.assertEqual(len(mine["items"]), 1)
        status, seen = self.api("judge.demo").get(f"rounds/{prelim['id']}/entries")
        mine_ids = {a["entry_id"] for a in assigned["items"]
                    if a["judge_user_id"] == self.judge["judge.demo"]}
        self.assertEqual({x["id"] for x in seen["items"]}, mine_ids)
        self.assertLess(len(mine_ids), 8)
