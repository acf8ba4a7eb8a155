"""Signing in and out, API tokens, the session cookie and its CSRF guard."""

import re

from harness import DEMO_ACCOUNTS, Api, DemoServerCase, login

TOKEN_RE = re.compile(r"^tns_[A-Za-z0-9_-]{43}$")

# Role and organisation (short name) of each demo account, as docs/DEMO.md
# lists them.
ACCOUNT_ROLES = {
    "admin": ("system_admin", None),
    "owner.jtm": ("programme_owner", "JTM"),
    "owner.kemnaker": ("programme_owner", "Kemnaker"),
    "partner.huawei": ("partner", "Huawei Malaysia"),
    "centre.ilpkl": ("centre_admin", "ILP KL"),
    "centre.bekasi": ("centre_admin", "BBPVP Bekasi"),
    "instructor.ilpkl": ("instructor", "ILP KL"),
    "trainee.demo": ("trainee", "ILP KL"),
    "employer.demo": ("employer", "Sinar Telekom"),
    "judge.demo": ("judge", "INTAN"),
}


class AuthTests(DemoServerCase):
    def anon(self):
        return Api(self.server.port)

    def test_login_returns_bearer_token_and_session_cookie(self):
        api = self.anon()
        status, body = api.post("auth/login", {"username": "owner.jtm", "password": self.password})
        self.assertEqual(status, 200, body)
        self.assertRegex(body["token"], TOKEN_RE)
        self.assertEqual(body["token_type"], "Bearer")
        self.assertIsInstance(body["expires_at"], int)
        cookie = api.last.header("set-cookie")
        self.assertIsNotNone(cookie)
        self.assertTrue(cookie.startswith("tunas_session=" + body["token"] + ";"), cookie)
        self.assertIn("HttpOnly", cookie)
        self.assertIn("SameSite=Strict", cookie)
        # The password never comes back.
        self.assertNotIn(self.password, api.last.text)

    def test_wrong_password_and_unknown_user_get_the_same_401(self):
        api = self.anon()
        api.post("auth/login", {"username": "owner.jtm", "password": self.password + "x"})
        wrong = self.assertProblem(api, 401)
        self.assertEqual(api.last.header("www-authenticate"), 'Bearer realm="tunas"')
        api.post("auth/login", {"username": "no.such.user", "password": self.password})
        unknown = self.assertProblem(api, 401)
        self.assertEqual(wrong, unknown)
        self.assertEqual(wrong["detail"], "wrong username or password")
        self.assertIsNone(api.last.header("set-cookie"))

    def test_login_validates_its_body(self):
        api = self.anon()
        api.post("auth/login", {"username": "owner.jtm"})
        self.assertProblem(api, 422, "password", "is required")
        api.post("auth/login", {"username": "owner.jtm", "password": self.password, "otp": "1"})
        self.assertProblem(api, 422, "otp", "is not a known field")
        api.post("auth/login", {"username": 7, "password": self.password})
        self.assertProblem(api, 422, "username", "must be a string")

    def test_me_for_every_demo_account(self):
        orgs = self.ids()["org"]
        users = self.ids()["user"]
        for username in DEMO_ACCOUNTS:
            with self.subTest(username=username):
                status, me = self.api(username).get("me")
                self.assertEqual(status, 200, me)
                role, org = ACCOUNT_ROLES[username]
                self.assertEqual(me["username"], username)
                self.assertEqual(me["role"], role)
                self.assertEqual(me["user_id"], users[username])
                self.assertEqual(me["org_id"], orgs[org] if org else None)
                if username == "trainee.demo":
                    self.assertIsInstance(me["person_id"], int)
                else:
                    self.assertIsNone(me["person_id"])

    def test_trainee_is_the_first_trainee_of_5g_cohort_3(self):
        ids = self.ids()
        status, mine = self.api("trainee.demo").get(
            f"people/{ids['trainee_person']}/enrolments")
        self.assertEqual(status, 200, mine)
        self.assertEqual([(e["cohort_id"], e["status"]) for e in mine["items"]],
                         [(ids["cohort"]["5G cohort 3"], "enrolled")])

    def test_no_token_and_bad_token_get_401(self):
        api = self.anon()
        api.get("me")
        self.assertProblem(api, 401, detail_contains="sign in or send a bearer token")
        self.assertEqual(api.last.header("www-authenticate"), 'Bearer realm="tunas"')
        for bad in ("tns_" + "A" * 43, "not-a-token", ""):
            with self.subTest(token=bad):
                api = Api(self.server.port, token=bad)
                api.get("me")
                self.assertProblem(api, 401, detail_contains="invalid, expired or revoked")
        api = Api(self.server.port, headers={"Authorization": "Basic YWRtaW46YWRtaW4="})
        api.get("me")
        self.assertProblem(api, 401)
        # The public routes need no sign-in.
        status, health = self.anon().get("health")
        self.assertEqual(status, 200)
        self.assertEqual(health["status"], "ok")

    def test_logout_revokes_the_session(self):
        token = login(self.server.port, "partner.huawei", self.password)
        api = Api(self.server.port, token)
        self.assertEqual(api.get("me")[0], 200)
        status, body = api.post("auth/logout")
        self.assertEqual(status, 200, body)
        self.assertEqual(body, {"signed_out": True})
        self.assertIn("Max-Age=0", api.last.header("set-cookie") or "")
        api.get("me")
        self.assertProblem(api, 401, detail_contains="revoked")
        # Signing out twice is not possible either: the token is dead.
        api.post("auth/logout")
        self.assertProblem(api, 401)
        # Other sessions of the same user are unaffected.
        self.assertEqual(self.api("partner.huawei").get("me")[0], 200)

    def test_api_token_create_list_use_revoke(self):
        owner = self.api("owner.kemnaker")
        status, created = owner.post("tokens", {"label": "reporting script", "ttl_seconds": 3600})
        self.assertEqual(status, 201, created)
        self.assertRegex(created["token"], TOKEN_RE)
        self.assertEqual(created["kind"], "api")
        self.assertEqual(created["label"], "reporting script")
        self.assertEqual(created["expires_at"] - created["created_at"], 3600)
        self.assertIsNone(created["revoked_at"])

        script = Api(self.server.port, created["token"])
        status, me = script.get("me")
        self.assertEqual((status, me["username"]), (200, "owner.kemnaker"))

        status, listed = owner.get("tokens")
        self.assertEqual(status, 200)
        mine = {t["id"]: t for t in listed["items"]}
        self.assertIn(created["id"], mine)
        self.assertEqual(mine[created["id"]]["label"], "reporting script")
        # The secret is shown once, at creation, and never listed.
        self.assertNotIn(created["token"], owner.last.text)
        self.assertTrue(all("token" not in t for t in listed["items"]))

        status, body = owner.delete(f"tokens/{created['id']}")
        self.assertEqual((status, body), (200, {"id": created["id"], "revoked": True}))
        script.get("me")
        self.assertProblem(script, 401, detail_contains="revoked")
        status, listed = owner.get("tokens")
        revoked = [t for t in listed["items"] if t["id"] == created["id"]]
        self.assertEqual(len(revoked), 1)
        self.assertIsInstance(revoked[0]["revoked_at"], int)

    def test_token_requests_are_validated(self):
        api = self.api("owner.kemnaker")
        api.post("tokens", {"ttl_seconds": 3600})
        self.assertProblem(api, 422, "label", "is required")
        api.post("tokens", {"label": "x", "ttl_seconds": 10})
        self.assertProblem(api, 422, "ttl_seconds")
        api.post("tokens", {"label": "x", "ttl_seconds": 400 * 86400})
        self.assertProblem(api, 422, "ttl_seconds")
        api.post("tokens", {"label": "x", "scope": "all"})
        self.assertProblem(api, 422, "scope", "is not a known field")

    def test_token_list_shows_only_own_tokens(self):
        status, theirs = self.api("judge.demo").post("tokens", {"label": "judge's token"})
        self.assertEqual(status, 201, theirs)
        for username in ("employer.demo", "centre.bekasi"):
            with self.subTest(username=username):
                status, listed = self.api(username).get("tokens")
                self.assertEqual(status, 200)
                self.assertNotIn(theirs["id"], [t["id"] for t in listed["items"]])
                self.assertTrue(listed["items"], "their own session token is listed")
        # Someone else's token cannot be revoked, and it keeps working.
        api = self.api("employer.demo")
        api.delete(f"tokens/{theirs['id']}")
        self.assertProblem(api, 404)
        self.assertEqual(Api(self.server.port, theirs["token"]).get("me")[0], 200)

    def test_session_cookie_reads_but_writes_need_x_requested_with(self):
        token = login(self.server.port, "centre.bekasi", self.password)
        browser = Api(self.server.port, cookie=f"tunas_session={token}")
        status, me = browser.get("me")
        self.assertEqual((status, me["username"]), (200, "centre.bekasi"))

        # A cross-site form can send the cookie but not a custom header.
        browser.post("tokens", {"label": "from a form"})
        self.assertProblem(browser, 403, "X-Requested-With")
        status, listed = self.api("centre.bekasi").get("tokens")
        self.assertNotIn("from a form", [t["label"] for t in listed["items"]])

        status, created = browser.post("tokens", {"label": "from the web UI"},
                                       headers={"X-Requested-With": "XMLHttpRequest"})
        self.assertEqual(status, 201, created)
        # A bearer token needs no such header: it is never sent by a browser
        # on its own.
        status, _ = self.api("centre.bekasi").post("tokens", {"label": "bearer"})
        self.assertEqual(status, 201)

        # Signing out through the cookie needs the header too.
        browser.post("auth/logout")
        self.assertProblem(browser, 403, "X-Requested-With")
        status, _ = browser.post("auth/logout", headers={"X-Requested-With": "XMLHttpRequest"})
        self.assertEqual(status, 200)
        browser.get("me")
        self.assertProblem(browser, 401)
