#!/usr/bin/env python3
"""Generate benchmark CSV files: N people with valid, unique MyKad numbers,
cohorts of 100 places for them, and one enrolment per person.

    gen.py people OUTDIR N
    gen.py cohorts OUTDIR N PROGRAMME_ID CENTRE_ID
    gen.py enrolments OUTDIR N FIRST_COHORT_ID

People are 20 to 35 years old on 2025-02-01 with SPM or above, so that they
pass the JTM-Huawei programme's eligibility rules in the demo data.
"""
import os
import random
import sys

# The second set of state place-of-birth codes (21-58), which the demo
# data does not use, so the generated people never collide with it.
STATES = ["21", "25", "28", "30", "31", "32", "34", "36", "40", "41", "45", "47", "50", "54"]
REGIONS = {"21": "Johor", "25": "Kedah", "28": "Kelantan", "30": "Melaka",
           "31": "Negeri Sembilan", "32": "Pahang", "34": "Pulau Pinang", "36": "Perak",
           "40": "Perlis", "41": "Selangor", "45": "Terengganu", "47": "Sabah",
           "50": "Sarawak", "54": "WP Kuala Lumpur"}
GIVEN_M = ["Ahmad", "Muhammad", "Hafiz", "Wei Jie", "Kumar", "Arif", "Faizal", "Jun Hao"]
GIVEN_F = ["Nur Aisyah", "Siti", "Mei Ling", "Priya", "Farah", "Hui Min", "Aminah", "Kavitha"]
FAMILY = ["Ismail", "Abdullah", "Tan", "Lim", "Subramaniam", "Rahman", "Wong", "Hassan"]
EDU = ["SPM", "STPM", "SKM2", "SKM3", "DIPLOMA", "DEGREE"]


def people_ids(n):
    """The n MyKad numbers, sexes and states, always the same for a given n."""
    rnd = random.Random(20251123)
    i = 0
    for year in range(1990, 2005):
        for month in range(1, 13):
            for day in range(1, 29):
                for st in STATES:
                    for serial in range(1000):
                        if i == n:
                            return
                        male = rnd.random() < 0.5
                        last = rnd.choice("13579" if male else "02468")
                        yield "%02d%02d%02d%s%03d%s" % (year % 100, month, day, st, serial, last), male, st
                        i += 1


def people_rows(n):
    """(number, name, education, region) of the n people, always the same."""
    rnd = random.Random(7)  # names; the numbers have their own stream
    for num, male, st in people_ids(n):
        given = rnd.choice(GIVEN_M if male else GIVEN_F)
        yield num, "%s %s" % (given, rnd.choice(FAMILY)), rnd.choice(EDU), REGIONS[st]


def main():
    what, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    os.makedirs(out, exist_ok=True)
    if what == "people":
        with open(os.path.join(out, "people.csv"), "w", encoding="utf-8") as f:
            f.write("full_name,id_type,id_number,edu_level,employment,region,email\n")
            for k, (num, name, edu, region) in enumerate(people_rows(n)):
                f.write("%s,mykad,%s,%s,job_seeker,%s,p%d@example.my\n" % (
                    name, num, edu, region, k))
    elif what == "cohorts":
        programme, centre = sys.argv[4], sys.argv[5]
        with open(os.path.join(out, "cohorts.csv"), "w", encoding="utf-8") as f:
            f.write("programme_id,centre_org_id,name,capacity,starts_on,ends_on\n")
            for c in range((n + 99) // 100):
                f.write("%s,%s,Bench cohort %d,100,2025-03-01,2025-06-30\n" % (programme, centre, c + 1))
    elif what == "enrolments":
        first = int(sys.argv[4])
        with open(os.path.join(out, "enrolments.csv"), "w", encoding="utf-8") as f:
            # Number and name together, as on the identity card.
            f.write("id_type,id_number,full_name,cohort_id,status\n")
            for k, (num, name, _, _) in enumerate(people_rows(n)):
                f.write("mykad,%s,%s,%d,enrolled\n" % (num, name, first + k // 100))
    else:
        sys.exit("usage: gen.py people|cohorts|enrolments OUTDIR N [...]")


if __name__ == "__main__":
    main()
