"""Bulk CSV import and export with the CLI: every bad row reported as
FILE:LINE: field: reason, all or nothing by default, --valid-only, and an
export that imports back into an empty database."""

import csv
import io
import os
import shutil
import tempfile
import unittest

from harness import (Api, DemoServerCase, Server, cli, load_demo, login, mykad, new_db, new_password,
                     nik, person_body, person_name, sanitizer_report)

PEOPLE_HEADER = ["full_name", "id_type", "id_number", "id_country", "birth_date", "sex",
                 "email", "edu_level", "employment", "region"]


def write_csv(path, rows):
    """rows: lists of fields, or a str for a physical line as is."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        for row in rows:
            if isinstance(row, str):
                f.write(row + "\n")
            else:
                w.writerow(row)


def exported(db, kind):
    r = cli(db, "export", kind)
    if r.returncode != 0:
        raise AssertionError(f"tunas export {kind} failed: {r.returncode} {r.stderr}")
    return list(csv.DictReader(io.StringIO(r.stdout)))


class CsvTests(unittest.TestCase):
    """The operator's CLI on a demo database (no server running)."""

    maxDiff = 4000

    @classmethod
    def setUpClass(cls):
        cls.workdir = tempfile.mkdtemp(prefix="tunas-e2e-csv-")
        cls.db = new_db(cls.workdir)
        cls.password = new_password()
        try:
            load_demo(cls.db, cls.password)
            # Cohort ids as a user finds them: through the API.
            server = Server(cls.db, cls.workdir).start()
            try:
                admin = Api(server.port, login(server.port, "admin", cls.password))
                cls.cohorts = {c["name"]: c["id"] for c in admin.all_items("cohorts")}
            finally:
                rc = server.stop()
            assert rc == 0, f"tunas serve exited {rc}"
            assert sanitizer_report(server.stderr_text()) is None, server.stderr_text()
        except BaseException:
            shutil.rmtree(cls.workdir, ignore_errors=True)
            raise

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.workdir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.workdir, name)

    def people_ids(self, db=None):
        return [p["id_number"] for p in exported(db or self.db, "people")]

    def good_row(self, born="2000-03-14", sex="M", **over):
        row = {"full_name": person_name(sex), "id_type": "mykad", "id_number": mykad(born, sex),
               "id_country": "", "birth_date": "", "sex": "", "email": "", "edu_level": "SPM",
               "employment": "job_seeker", "region": "Selangor"}
        row.update(over)
        return row

    def bad_people_file(self, name):
        """A people file with three good rows and six bad ones; returns the
        path, the good rows and the expected problem lines."""
        a = self.good_row()
        b = self.good_row(born="1995-12-31", sex="F", email="b@example.my", edu_level="DIPLOMA",
                          full_name='Tan "Mei" Ling, Jr')
        c = self.good_row(id_type="nik", id_number=nik("1998-07-09", "F"), edu_level="SMK",
                          region="DKI Jakarta")
        bad_mykad = self.good_row(id_number="000101-00-1231")
        bad_date = self.good_row(id_type="passport", id_number="A12345678", id_country="GB",
                                 birth_date="1999-02-30", sex="M", edu_level="ISCED3")
        duplicate = self.good_row(id_number=a["id_number"])
        unknown_level = self.good_row(edu_level="BOGUS")
        rows = [PEOPLE_HEADER]
        for r in (a, bad_mykad, b):
            rows.append([r[k] for k in PEOPLE_HEADER])
        short = [self.good_row()[k] for k in PEOPLE_HEADER][:-1]
        rows.append(short)
        rows.append([bad_date[k] for k in PEOPLE_HEADER])
        rows.append([duplicate[k] for k in PEOPLE_HEADER])
        rows.append([c[k] for k in PEOPLE_HEADER])
        rows.append([unknown_level[k] for k in PEOPLE_HEADER])
        rows.append([self.good_row()[k] for k in PEOPLE_HEADER] + ["extra"])
        path = self.path(name)
        write_csv(path, rows)
        problems = [
            f"{path}:3: id_number: place-of-birth code 00 does not exist",
            f"{path}:5: row: has 9 fields; the header has 10",
            f"{path}:6: birth_date: must be a real date written YYYY-MM-DD",
            f"{path}:7: id_number: a person with this ID number is registered already",
            f"{path}:9: edu_level: ",
            f"{path}:10: row: has 11 fields; the header has 10",
        ]
        bad_ids = [bad_mykad["id_number"], bad_date["id_number"], unknown_level["id_number"]]
        return path, [a, b, c], problems, bad_ids

    def assert_problems(self, stderr, problems):
        lines = [l for l in stderr.splitlines() if l.strip()]
        for want in problems:
            self.assertTrue(any(l.startswith(want) for l in lines),
                            f"missing {want!r} in:\n{stderr}")
        reported = [l for l in lines if l.startswith(problems[0].split(":")[0] + ":")]
        self.assertEqual(len(reported), len(problems), stderr)

    def test_bad_rows_are_all_reported_and_nothing_is_imported(self):
        before = self.people_ids()
        path, good, problems, _ = self.bad_people_file("bad-people.csv")
        r = cli(self.db, "import", "people", path)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assert_problems(r.stderr, problems)
        self.assertIn("9 rows read, 0 imported, 6 bad", r.stdout)
        self.assertIn("nothing was imported", r.stdout)
        self.assertEqual(self.people_ids(), before)
        # The good rows were not kept either.
        self.assertNotIn(good[0]["id_number"], self.people_ids())

    def test_valid_only_imports_exactly_the_good_rows(self):
        before = self.people_ids()
        path, good, problems, bad_ids = self.bad_people_file("some-good.csv")
        r = cli(self.db, "import", "people", path, "--valid-only")
        self.assert_problems(r.stderr, problems)
        self.assertIn("9 rows read, 3 imported, 6 bad", r.stdout)
        self.assertEqual(r.returncode, 1, "status 1 when any row was bad (docs/CSV.md)")
        after = exported(self.db, "people")
        self.assertEqual(len(after), len(before) + 3)
        new = {p["id_number"]: p for p in after if p["id_number"] not in before}
        want = {g["id_number"].replace("-", ""): g for g in good}
        self.assertEqual(set(new), set(want))
        for number, g in want.items():
            got = new[number]
            self.assertEqual((got["full_name"], got["edu_level"], got["region"]),
                             (g["full_name"], g["edu_level"], g["region"]))
        self.assertEqual(new[good[1]["id_number"]]["birth_date"], "1995-12-31")
        self.assertEqual(new[good[2]["id_number"]]["sex"], "F")
        for number in bad_ids:
            self.assertNotIn(number.replace("-", ""), new)

    def test_a_bad_header_refuses_the_file(self):
        before = self.people_ids()
        path = self.path("bad-header.csv")
        row = self.good_row()
        write_csv(path, [PEOPLE_HEADER + ["favourite_colour"],
                         [row[k] for k in PEOPLE_HEADER] + ["blue"]])
        for extra in ([], ["--valid-only"]):
            with self.subTest(args=extra):
                r = cli(self.db, "import", "people", path, *extra)
                self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
                self.assertIn("header", r.stderr)
                self.assertIn("unknown column 'favourite_colour'", r.stderr)
        write_csv(path, [[k for k in PEOPLE_HEADER if k != "id_number"], ["x"] * 9])
        r = cli(self.db, "import", "people", path)
        self.assertEqual(r.returncode, 1)
        self.assertIn("required column 'id_number' is missing", r.stderr)
        write_csv(path, [PEOPLE_HEADER + ["region"], ["x"] * 11])
        r = cli(self.db, "import", "people", path)
        self.assertEqual(r.returncode, 1)
        self.assertIn("column 'region' appears twice", r.stderr)
        self.assertEqual(self.people_ids(), before)
        r = cli(self.db, "import", "pets", path)
        self.assertEqual(r.returncode, 2)
        self.assertIn("usage", r.stderr)

    def test_export_imports_back_into_an_empty_database(self):
        # employer_org_id names an organisation of the source database, so
        # only people without one can move into a database that has no
        # organisations (docs/CSV.md); they must arrive unchanged.
        source = exported(self.db, "people")
        self.assertGreaterEqual(len(source), 872)
        portable = [p for p in source if not p["employer_org_id"]]
        self.assertGreater(len(portable), 500)
        dump = self.path("people-export.csv")
        r = cli(self.db, "export", "people", dump)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(dump, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        col = rows[0].index("employer_org_id")
        subset = self.path("people-portable.csv")
        write_csv(subset, [rows[0]] + [row for row in rows[1:] if not row[col]])
        fresh = new_db(self.workdir, "fresh.db")
        r = cli(fresh, "import", "people", subset)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr[:2000])
        self.assertIn(f"{len(portable)} rows read, {len(portable)} imported, 0 bad", r.stdout)
        self.assertEqual(exported(fresh, "people"), portable)
        # A row naming an organisation the new database lacks is refused
        # with the reason, not imported with a dangling reference.
        tied = [row for row in rows[1:] if row[col]][:1]
        bad = self.path("people-tied.csv")
        write_csv(bad, [rows[0]] + tied)
        r = cli(new_db(self.workdir, "fresh2.db"), "import", "people", bad)
        self.assertEqual(r.returncode, 1)
        self.assertIn("employer_org_id: organisation", r.stderr)

    def test_export_defuses_spreadsheet_formulas(self):
        row = self.good_row(region="=HYPERLINK(\"http://x.example/\",\"open\")")
        header = PEOPLE_HEADER + ["employer_name", "phone"]
        path = self.path("formula.csv")
        write_csv(path, [header,
                         [row[k] for k in PEOPLE_HEADER] + ["@SUM(A1:A9)", "+60 12-3456789"]])
        r = cli(self.db, "import", "people", path)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        out = cli(self.db, "export", "people").stdout
        mine = next(p for p in csv.DictReader(io.StringIO(out))
                    if p["id_number"] == row["id_number"])
        self.assertEqual(mine["region"], "'" + row["region"])
        self.assertEqual(mine["employer_name"], "'@SUM(A1:A9)")
        # A phone number is a number, not a formula.
        self.assertEqual(mine["phone"], "+60 12-3456789")

    def test_import_enrolments_by_identity_number(self):
        ai3 = self.cohorts["AI cohort 3"]
        people = [self.good_row(born="2001-04-04") for _ in range(3)]
        too_old = self.good_row(born="1975-01-01")
        path = self.path("enrol-people.csv")
        write_csv(path, [PEOPLE_HEADER] + [[p[k] for k in PEOPLE_HEADER]
                                           for p in people + [too_old]])
        r = cli(self.db, "import", "people", path)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        x, y, w = (p["id_number"] for p in people)
        xn, yn, wn = (p["full_name"] for p in people)
        path = self.path("enrolments.csv")
        write_csv(path, [
            ["id_type", "id_number", "full_name", "cohort_id", "status"],
            ["mykad", x, xn, ai3, "enrolled"],
            ["mykad", y, yn, ai3, "applied"],
            ["mykad", mykad(), xn, ai3, "enrolled"],
            ["mykad", x, xn, ai3, "graduated"],
            ["mykad", too_old["id_number"], too_old["full_name"], ai3, "applied"],
            ["mykad", y, yn, "abc", "applied"],
            ["mykad", w, wn, ai3, "completed"],
            ["mykad", w, "Not The Name", ai3, "applied"],
        ])
        problems = [
            f"{path}:4: id_number: nobody with this ID number and name is registered",
            f"{path}:5: status: ",
            f"{path}:6: id_number: not eligible: age",
            f"{path}:7: cohort_id: must be a cohort id",
            # AI cohort 3 has sessions behind it and the programme asks 80%.
            f"{path}:8: status: not complete: attendance 0%, below 80%",
            f"{path}:9: id_number: nobody with this ID number and name is registered",
        ]

        def in_ai3():
            return {e["id_number"]: e["status"] for e in exported(self.db, "enrolments")
                    if e["cohort_id"] == str(ai3)}

        before = in_ai3()
        r = cli(self.db, "import", "enrolments", path)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assert_problems(r.stderr, problems)
        self.assertIn("8 rows read, 0 imported, 6 bad", r.stdout)
        self.assertEqual(in_ai3(), before)

        r = cli(self.db, "import", "enrolments", path, "--valid-only")
        self.assert_problems(r.stderr, problems)
        self.assertIn("8 rows read, 2 imported, 6 bad", r.stdout)
        after = in_ai3()
        self.assertEqual({k: v for k, v in after.items() if k not in before},
                         {x: "enrolled", y: "applied"})
        self.assertNotIn(too_old["id_number"], after)



class LiveDatabaseTests(DemoServerCase):
    """The CLI on the database a server is serving, as an operator imports
    a file into, or backs up, a live training centre."""

    def test_cli_and_server_see_each_others_changes(self):
        admin = self.api("admin")
        # Requests on fresh connections reach every worker thread.
        for username in ("centre.ilpkl", "owner.jtm", "judge.demo"):
            self.token(username)
        for _ in range(20):
            self.assertEqual(admin.get("me")[0], 200)
        status, before = admin.get("audit/verify")

        def import_one(name):
            row = person_body(born="1999-09-09", sex="F", region="Johor")
            path = os.path.join(self.workdir, name)
            with open(path, "w", encoding="utf-8") as f:
                f.write("full_name,id_type,id_number,edu_level,employment,region\n")
                f.write(f"{row['full_name']},mykad,{row['id_number']},SPM,job_seeker,Johor\n")
            r = cli(self.db, "import", "people", path)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertIn("1 rows read, 1 imported, 0 bad", r.stdout)
            self.pii.update((row["full_name"], row["id_number"]))
            return row

        first = import_one("first.csv")
        status, by_api = self.api("centre.ilpkl").post("people", person_body())
        self.assertEqual(status, 201, by_api)
        second = import_one("second.csv")
        for row in (first, second):
            with self.subTest(imported=row["full_name"]):
                status, p = admin.post("people/lookup", {"id_type": "mykad",
                                                         "id_number": row["id_number"]})
                self.assertEqual(status, 200, p)
                self.assertEqual((p["full_name"], p["birth_date"], p["region"]),
                                 (row["full_name"], "1999-09-09", "Johor"))
        # The CLI sees what the server wrote.
        numbers = {p["id_number"] for p in exported(self.db, "people")}
        wanted = {first["id_number"], second["id_number"], by_api["id_number"]}
        self.assertEqual(wanted - numbers, set(), "people missing from `tunas export people`")
        # And both agree on one audit trail: two imports (2 entries each)
        # and one registration over the API.
        status, after = admin.get("audit/verify")
        self.assertEqual(after, {"intact": True, "entries": before["entries"] + 5})
        r = cli(self.db, "audit", "verify")
        self.assertEqual((r.returncode, r.stdout.strip()),
                         (0, f"audit trail intact: {after['entries']} entries"))
        status, page = admin.get(f"audit?after={before['entries']}")
        self.assertEqual([(x["action"], x["actor_name"]) for x in page["items"]],
                         [("person.create", "operator"), ("import.csv", "operator"),
                          ("person.create", "centre.ilpkl"),
                          ("person.create", "operator"), ("import.csv", "operator")])
