/*
 * demo.c — the demonstration data set (see docs/DEMO.md).
 *
 * Builds the four seed programmes of the product brief through the public
 * API only, exactly as an operator would with the CLI or the HTTP API: the
 * organisations and partnerships behind them, their courses and cohorts,
 * generated people with valid MyKad and NIK numbers, enrolments walked
 * through the legal states, and one account per role (two instructors).
 * The cohorts are then run: timetables, attendance sheets, assessments
 * signed off by a second person, vendor certifications, the logbook and
 * supervisors' evaluations of the ZTE-MMU attachment, completion under
 * each programme's rules, and the signed certificates that follow. Every
 * figure that comes from a seed article (targets of 1,000; 400 trained; 20
 * officers from 14 ministries; SmartGen's 1,000 certifications ...) is
 * reproduced exactly; everything else (names, birth dates, budgets, marks)
 * is generated or illustrative.
 *
 * The loader acts as the people who would do each thing: the centre admin
 * plans the timetable and certifies, the instructor takes attendance and
 * assesses, the centre admin verifies, the trainee disputes. It switches
 * the context's principal to do so and gives the caller's back at the end.
 * The whole load is one transaction (the library's own, nested around the
 * calls): it is all there or none of it is, and it is fast.
 *
 * The data are deterministic for a seed: all randomness comes from two
 * splitmix64 streams consumed in a fixed order, one for people and
 * enrolments and one for delivery. Rules are the library's: when a call
 * fails, its code is returned and the message is on ctx.
 */
#include "tunas/demo.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "demo_funding.h"
#include "demo_compete.h"
#include "demo_skills.h"
#include "valid.h"
#include "tunas/assess.h"
#include "tunas/auth.h"
#include "tunas/cert.h"
#include "tunas/delivery.h"
#include "tunas/enrol.h"
#include "tunas/ident.h"
#include "tunas/org.h"
#include "tunas/person.h"
#include "tunas/trainers.h"
#include "tunas/programme.h"
#include "tunas/tunas.h"
#include "util/mem.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---------------------------------------------------------------------------
 * Accounts
 */

static const tunas_demo_account demo_accounts[] = {
	{"admin", "system_admin", "System administrator"},
	{"owner.jtm", "programme_owner", "JTM programme owner (JTM-Huawei TVET)"},
	{"owner.kemnaker", "programme_owner", "Kemnaker programme owner (SmartGen)"},
	{"partner.huawei", "partner", "Huawei Malaysia industry partner"},
	{"centre.ilpkl", "centre_admin", "ILP Kuala Lumpur training-centre administrator"},
	{"centre.bekasi", "centre_admin", "BBPVP Bekasi training-centre administrator"},
	{"instructor.ilpkl", "instructor", "ILP Kuala Lumpur instructor (5G cohort 3)"},
	{"trainer.ilpkl", "instructor",
	 "ILP Kuala Lumpur master trainer (the 2025 JTM-Huawei cohorts)"},
	{"master.huawei", "instructor",
	 "Huawei master trainer at ILP KL (taught the JTM train-the-trainer cohort)"},
	{"trainee.demo", "trainee", "JTM-Huawei trainee in 5G cohort 3"},
	{"employer.demo", "employer", "Sinar Telekom (fictional Malaysian telco) recruiter"},
	{"judge.demo", "judge", "INTAN officer on ICT competition judging panels"},
	{"judge.jpa", "judge", "JPA officer on the ICT Competition's panel"},
	{"judge.huawei", "judge", "Huawei engineer on the ICT Competition's panel"},
	{NULL, NULL, NULL},
};

const tunas_demo_account *tunas_demo_accounts(void)
{
	return demo_accounts;
}

/* ---------------------------------------------------------------------------
 * Deterministic randomness: splitmix64.
 */

typedef struct {
	uint64_t state;
} demo_rng;

static uint64_t rng_next(demo_rng *r)
{
	uint64_t z = (r->state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi]; lo <= hi. The modulo bias is irrelevant here. */
static int64_t rng_between(demo_rng *r, int64_t lo, int64_t hi)
{
	uint64_t span = (uint64_t)(hi - lo) + 1;

	return lo + (int64_t)(rng_next(r) % span);
}

static bool rng_percent(demo_rng *r, int percent)
{
	return rng_between(r, 0, 99) < percent;
}

static const char *rng_pick(demo_rng *r, const char *const *list, size_t n)
{
	return list[rng_between(r, 0, (int64_t)n - 1)];
}

/* A string with a relative weight, for weighted choices. */
typedef struct {
	const char *value;
	int weight;
} demo_choice;

static const char *rng_choose(demo_rng *r, const demo_choice *c, size_t n)
{
	int64_t total = 0;
	int64_t x;
	size_t i;

	for (i = 0; i < n; i++)
		total += c[i].weight;
	x = rng_between(r, 0, total - 1);
	for (i = 0; i < n; i++) {
		if (x < c[i].weight)
			return c[i].value;
		x -= c[i].weight;
	}
	return c[n - 1].value;
}

/* ---------------------------------------------------------------------------
 * Small helpers: strings and dates.
 */

/* Copy src into dst of capacity cap, truncating; always terminated. */
static void set_str(char *dst, size_t cap, const char *src)
{
	size_t len = strlen(src);

	if (len >= cap)
		len = cap - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

#define SET(dst, src) set_str((dst), sizeof(dst), (src))

/* The lower-case letters and digits of s, for e-mail addresses. */
static void email_part(char *out, size_t cap, const char *s)
{
	size_t n = 0;

	for (; *s != '\0' && n + 1 < cap; s++) {
		char c = *s;

		if (c >= 'A' && c <= 'Z')
			out[n++] = (char)(c - 'A' + 'a');
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			out[n++] = c;
	}
	out[n] = '\0';
}

/* ---------------------------------------------------------------------------
 * Names. Generated people get names of the communities the centres serve.
 */

static const char *const malay_male[] = {
	"Ahmad Faizal", "Muhammad Amirul", "Mohd Hafiz",    "Muhammad Danial", "Khairul Anuar",
	"Mohd Azlan",	"Syafiq",	   "Haziq",	    "Aiman",	       "Irfan",
	"Amirul Hakim", "Nazrul",	   "Shahrul Nizam", "Faris",	       "Zulhilmi",
	"Hafizuddin",	"Ikmal",	   "Luqman",	    "Firdaus",	       "Azri",
	"Ridhwan",	"Fakhrul",	   "Hakimi",	    "Izzat",
};
static const char *const malay_female[] = {
	"Nur Aisyah", "Siti Aminah", "Nurul Huda",    "Nur Syafiqah", "Farah Nadia",
	"Aina",	      "Izzati",	     "Nabila",	      "Syazwani",     "Aqilah",
	"Hidayah",    "Nur Atiqah",  "Siti Khadijah", "Amira",	      "Balqis",
	"Farhana",    "Liyana",	     "Najwa",	      "Adibah",	      "Husna",
};
static const char *const malay_father[] = {
	"Abdullah",  "Ahmad",  "Ismail",       "Hassan",      "Hussin",	 "Ibrahim",
	"Yusof",     "Osman",  "Abdul Rahman", "Abdul Razak", "Salleh",	 "Zainal",
	"Kamarudin", "Mansor", "Rosli",	       "Ramli",	      "Hamzah",	 "Jaafar",
	"Sulaiman",  "Mahmud", "Aziz",	       "Mokhtar",     "Zakaria", "Harun",
};
static const char *const chinese_surname[] = {
	"Tan", "Lim", "Lee",  "Ng",   "Wong", "Chan", "Ong",   "Teh", "Goh", "Chong",
	"Yap", "Low", "Chin", "Liew", "Lau",  "Khoo", "Cheah", "Foo", "Tay", "Ooi",
};
static const char *const chinese_male[] = {
	"Wei Ming",   "Jun Hao", "Kah Wai",   "Chee Seng", "Zhi Hao",  "Kok Leong",
	"Yong Sheng", "Wei Jie", "Kar Weng",  "Boon Hock", "Chun Kit", "Zi Yang",
	"Hong Wei",   "Jun Wei", "Kian Seng", "Jia Le",
};
static const char *const chinese_female[] = {
	"Mei Ling", "Hui Min",	"Xin Yi",  "Pei Shan", "Siew Lan", "Li Ting", "Jia Yi",
	"Shu Fen",  "Wan Ting", "Yi Xuan", "Hui Wen",  "Kar Mun",  "Ee Lin",  "Suet Yee",
};
static const char *const indian_male[] = {
	"Arun",	     "Vijay",	"Ganesh", "Prakash", "Ravi",   "Dinesh", "Karthik",
	"Saravanan", "Thinesh", "Kavin",  "Naveen",  "Harish", "Suresh", "Mugilan",
};
static const char *const indian_female[] = {
	"Priya",   "Kavitha",	"Sangeetha", "Revathi", "Nisha",  "Thilaga", "Anitha",
	"Shalini", "Kalaivani", "Yamuna",    "Deepa",	"Malini", "Divya",   "Keerthana",
};
static const char *const indian_father[] = {
	"Subramaniam", "Krishnan", "Muniandy", "Ramasamy", "Raju",   "Arumugam",  "Govindasamy",
	"Nadarajan",   "Selvaraj", "Perumal",  "Chandran", "Maniam", "Rajendran", "Sivalingam",
};

/* Indonesian communities: given names and family or second names. */
enum { ETH_JAVANESE, ETH_SUNDANESE, ETH_BATAK, ETH_BUGIS, ETH_COUNT };

static const char *const javanese_male[] = {
	"Agus", "Budi",	 "Eko",	 "Dwi",	  "Joko", "Teguh", "Wahyu", "Adi",
	"Bayu", "Galih", "Yoga", "Anton", "Heru", "Sigit", "Rizky", "Yusuf",
};
static const char *const javanese_male_last[] = {
	"Santoso", "Setiawan",	"Prasetyo", "Susilo",	"Wibowo",
	"Nugroho", "Purnomo",	"Hartanto", "Saputro",	"Kurniawan",
	"Utomo",   "Wicaksono", "Pratama",  "Sulistyo", "Cahyono",
};
static const char *const javanese_female[] = {
	"Sri", "Dewi", "Rina", "Tri", "Wulan", "Ayu", "Indah", "Fitri", "Endah", "Retno",
};
static const char *const javanese_female_last[] = {
	"Wahyuni", "Lestari",	"Rahayu",	"Handayani",  "Purwanti", "Susanti",
	"Astuti",  "Wulandari", "Setyaningsih", "Kusumawati", "Pertiwi",  "Maharani",
};
static const char *const sundanese_male[] = {
	"Asep", "Dede", "Ujang", "Cecep", "Yayan", "Dadang", "Ade", "Iwan", "Aep", "Encep",
};
static const char *const sundanese_male_last[] = {
	"Saepudin", "Hidayat", "Kurniawan", "Sunarya", "Permana", "Suryana",
	"Sopandi",  "Ruhiyat", "Gunawan",   "Nugraha", "Mulyana", "Rukmana",
};
static const char *const sundanese_female[] = {
	"Euis", "Neng", "Imas", "Yuyun", "Tati", "Ai", "Rina", "Lilis", "Cucu", "Nining",
};
static const char *const sundanese_female_last[] = {
	"Komalasari", "Nurhasanah",  "Rahmawati", "Sukmawati",
	"Kurniasih",  "Permatasari", "Marlina",	  "Suryani",
};
static const char *const batak_male[] = {
	"Hotman", "Lamhot", "Parlindungan", "Togar",	"Martua",  "Binsar",
	"Sahat",  "Roy",    "Daniel",	    "Jonathan", "Andreas", "Tigor",
};
static const char *const batak_female[] = {
	"Maria",   "Rosmawati", "Friska", "Yohana", "Natalia",
	"Sondang", "Rotua",	"Debora", "Ruth",   "Lestiana",
};
static const char *const batak_marga[] = {
	"Simanjuntak", "Siregar",   "Nainggolan", "Sitompul", "Hutapea", "Panjaitan",
	"Simatupang",  "Sihombing", "Manurung",	  "Sinaga",   "Pardede", "Situmorang",
	"Tambunan",    "Harahap",   "Lubis",	  "Nasution",
};
static const char *const bugis_male[] = {
	"Muhammad Arfah", "Syamsul", "Ilham", "Akbar",	   "Rahmat",	"Syahrir",
	"Baso",		  "Fadli",   "Irwan", "Nasrullah", "Amiruddin", "Rusdi",
};
static const char *const bugis_male_last[] = {
	"Saputra",     "Hamzah", "Rasyid", "Latif",  "Mustafa", "Arifin",
	"Syarifuddin", "Halim",	 "Ramli",  "Gaffar", "Rahman",
};
static const char *const bugis_female[] = {
	"Nurul", "Sitti", "Hasnah", "Nurhayati", "Fatmawati", "Ayu", "Rosdiana", "Hasmiah",
};
static const char *const bugis_female_last[] = {
	"Amalia", "Hikmah", "Rahim", "Sari", "Syam", "Hamid", "Nur",
};

/* ---------------------------------------------------------------------------
 * Places.
 */

/* MyKad place-of-birth codes of the states (01-14), weighted roughly by
 * where trainees in the Klang Valley were born. */
static const demo_choice mykad_birth_state[] = {
	{"01", 9}, {"02", 6}, {"03", 7},  {"04", 4}, {"05", 5}, {"06", 5}, {"07", 5},
	{"08", 8}, {"09", 1}, {"10", 20}, {"11", 5}, {"12", 3}, {"13", 3}, {"14", 19},
};

static const demo_choice klang_valley_home[] = {
	{"WP Kuala Lumpur", 45}, {"Selangor", 40}, {"Negeri Sembilan", 5}, {"Perak", 5},
	{"Pahang", 5},
};

static const demo_choice civil_servant_home[] = {
	{"WP Putrajaya", 50},
	{"Selangor", 30},
	{"WP Kuala Lumpur", 20},
};

/* The BBPVP centres of the SmartGen programme: their province (NIK code)
 * and some regencies around them, with how many districts each has. */
typedef struct {
	int code;
	int districts;
} demo_regency;

typedef struct {
	const char *name;
	const char *short_name;
	const char *province;
	const char *zone; /* the centre's time zone */
	int province_code;
	demo_regency regencies[4];
	int n_regencies;
	int ethnic_weight[ETH_COUNT]; /* Javanese, Sundanese, Batak, Bugis */
} demo_bbpvp;

static const demo_bbpvp bbpvp_centres[] = {
	{"Balai Besar Pelatihan Vokasi dan Produktivitas Bekasi",
	 "BBPVP Bekasi",
	 "Jawa Barat",
	 "Asia/Jakarta",
	 32,
	 {{75, 12}, {16, 23}, {1, 40}, {76, 11}},
	 4,
	 {45, 40, 10, 5}},
	{"Balai Besar Pelatihan Vokasi dan Produktivitas Bandung",
	 "BBPVP Bandung",
	 "Jawa Barat",
	 "Asia/Jakarta",
	 32,
	 {{73, 30}, {4, 31}, {17, 16}, {77, 3}},
	 4,
	 {15, 80, 5, 0}},
	{"Balai Besar Pelatihan Vokasi dan Produktivitas Semarang",
	 "BBPVP Semarang",
	 "Jawa Tengah",
	 "Asia/Jakarta",
	 33,
	 {{74, 16}, {22, 19}, {21, 14}, {24, 20}},
	 4,
	 {95, 5, 0, 0}},
	{"Balai Besar Pelatihan Vokasi dan Produktivitas Medan",
	 "BBPVP Medan",
	 "Sumatera Utara",
	 "Asia/Jakarta",
	 12,
	 {{71, 21}, {7, 22}, {75, 5}, {0, 0}},
	 3,
	 {35, 0, 65, 0}},
	{"Balai Besar Pelatihan Vokasi dan Produktivitas Makassar",
	 "BBPVP Makassar",
	 "Sulawesi Selatan",
	 "Asia/Makassar",
	 73,
	 {{71, 15}, {6, 18}, {9, 14}, {0, 0}},
	 3,
	 {10, 0, 0, 90}},
};

#define N_BBPVP ((int)COUNT(bbpvp_centres))

/* The 14 federal ministries the ZTE-MMU officers come from. The Ministry
 * of Human Resources is also JTM's parent. */
typedef struct {
	const char *name;
	const char *short_name;
	const char *region;
} demo_ministry;

static const demo_ministry ministries[] = {
	{"Ministry of Digital", "KD", "WP Putrajaya"},
	{"Ministry of Finance", "MOF", "WP Putrajaya"},
	{"Ministry of Health", "KKM", "WP Putrajaya"},
	{"Ministry of Education", "KPM", "WP Putrajaya"},
	{"Ministry of Works", "KKR", "WP Kuala Lumpur"},
	{"Ministry of Transport", "MOT", "WP Putrajaya"},
	{"Ministry of Home Affairs", "KDN", "WP Putrajaya"},
	{"Ministry of Human Resources", "KESUMA", "WP Putrajaya"},
	{"Ministry of Economy", "", "WP Putrajaya"},
	{"Ministry of Communications", "", "WP Putrajaya"},
	{"Ministry of Science, Technology and Innovation", "MOSTI", "WP Putrajaya"},
	{"Ministry of Higher Education", "KPT", "WP Putrajaya"},
	{"Ministry of Rural and Regional Development", "KKDW", "WP Putrajaya"},
	{"Ministry of Youth and Sports", "KBS", "WP Putrajaya"},
};

#define N_MINISTRIES ((int)COUNT(ministries))
#define MINISTRY_HR 7

/* ---------------------------------------------------------------------------
 * The load's state.
 */

/* The people enrolled in a cohort, as its timetable and assessors see
 * them: who they are, their enrolment, and how often each has been absent
 * so far (so that nobody falls below the attendance rule by chance). */
#define CLASS_MAX 64

typedef struct {
	int64_t cohort;
	int n;
	int64_t person[CLASS_MAX];
	int64_t enrolment[CLASS_MAX];
	int absent[CLASS_MAX];
} demo_class;

#define JTM_TRACKS 4
#define JTM_UNITS 4
#define SMARTGEN_RUNS 4
#define SMARTGEN_COHORTS (N_BBPVP * SMARTGEN_RUNS)
#define SMARTGEN_CERTS 1000 /* seed 003: "sertifikasi 1000" */

typedef struct {
	tunas_ctx *ctx;
	demo_rng rng;  /* people and enrolments */
	demo_rng drng; /* delivery: a stream of its own, so people stay who they were */
	tunas_demo_summary sum;
	int n_people; /* numbering for e-mail addresses */
	int n_mykad;  /* MyKad serials */
	int n_nik;    /* NIK serials */
	int n_vendor; /* vendor certification numbers */

	/* organisations */
	int64_t ministry[N_MINISTRIES];
	int64_t jtm, ilpkl, huawei, huawei_my, huawei_id, jpa, intan, intan_campus;
	int64_t zte, zte_my, mmu, mmu_campus, kemnaker, bbpvp[N_BBPVP];
	int64_t employer_my, employer_id;

	/* partnerships */
	int64_t pship_jtm, pship_intan, pship_zte, pship_kemnaker;

	/* users made before the data they appear in */
	int64_t instructor_user, trainer_user, employer_user;
	int64_t trainee_person;

	/* who the loader acts as */
	tunas_principal op; /* the caller: the local operator */
	tunas_principal centre_ilpkl, centre_bekasi, instructor, trainer, trainee;

	/* JTM-Huawei: the track courses and their units, the cohorts still in
	 * training (run at the end, when trainee.demo exists), and the
	 * certificates that get suspended and revoked */
	int64_t jtm_course[JTM_TRACKS];
	int64_t jtm_unit[JTM_TRACKS][JTM_UNITS];
	demo_class jtm_5g3, jtm_ai3;
	int64_t cert_to_revoke, cert_to_suspend;

	/* SmartGen cohorts, for counting their certificates */
	int64_t smartgen_cohort[SMARTGEN_COHORTS];
	int n_smartgen_cohorts;
} demo_state;

/* ---------------------------------------------------------------------------
 * Organisations and partnerships.
 */

static int add_org(demo_state *st, int64_t *out_id, const char *name, const char *short_name,
		   tunas_org_kind kind, const char *country, const char *region, int64_t parent)
{
	tunas_org o;
	int rc;

	memset(&o, 0, sizeof o);
	SET(o.name, name);
	SET(o.short_name, short_name);
	o.kind = kind;
	SET(o.country, country);
	SET(o.region, region);
	o.parent_id = parent;
	rc = tunas_org_create(st->ctx, out_id, &o);
	if (rc == 0)
		st->sum.organisations++;
	return rc;
}

static int load_orgs(demo_state *st)
{
	int rc = 0;
	int i;

	/* Malaysian federal ministries (seed 002: officers from 14 ministries). */
	for (i = 0; i < N_MINISTRIES; i++) {
		rc = add_org(st, &st->ministry[i], ministries[i].name, ministries[i].short_name,
			     TUNAS_ORG_GOVERNMENT, "MY", ministries[i].region, 0);
		if (rc != 0)
			goto out;
	}

	/* JTM and ILP Kuala Lumpur (seed 000). */
	rc = add_org(st, &st->jtm, "Jabatan Tenaga Manusia (Department of Manpower)", "JTM",
		     TUNAS_ORG_GOVERNMENT, "MY", "WP Putrajaya", st->ministry[MINISTRY_HR]);
	if (rc != 0)
		goto out;
	rc = add_org(st, &st->ilpkl, "Institut Latihan Perindustrian Kuala Lumpur", "ILP KL",
		     TUNAS_ORG_TRAINING_CENTRE, "MY", "WP Kuala Lumpur", st->jtm);
	if (rc != 0)
		goto out;

	/* Huawei (seeds 000, 001, 003). */
	rc = add_org(st, &st->huawei, "Huawei Technologies Co., Ltd.", "Huawei", TUNAS_ORG_INDUSTRY,
		     "CN", "Guangdong", 0);
	if (rc != 0)
		goto out;
	rc = add_org(st, &st->huawei_my, "Huawei Technologies (Malaysia) Sdn Bhd",
		     "Huawei Malaysia", TUNAS_ORG_INDUSTRY, "MY", "WP Kuala Lumpur", st->huawei);
	if (rc != 0)
		goto out;
	rc = add_org(st, &st->huawei_id, "PT Huawei Tech Investment", "Huawei Indonesia",
		     TUNAS_ORG_INDUSTRY, "ID", "DKI Jakarta", st->huawei);
	if (rc != 0)
		goto out;

	/* JPA and INTAN, its training arm (seeds 001, 002). */
	rc = add_org(st, &st->jpa, "Jabatan Perkhidmatan Awam (Public Service Department)", "JPA",
		     TUNAS_ORG_GOVERNMENT, "MY", "WP Putrajaya", 0);
	if (rc != 0)
		goto out;
	rc = add_org(st, &st->intan,
		     "Institut Tadbiran Awam Negara (National Institute of Public Administration)",
		     "INTAN", TUNAS_ORG_GOVERNMENT, "MY", "WP Kuala Lumpur", st->jpa);
	if (rc != 0)
		goto out;
	rc = add_org(st, &st->intan_campus, "INTAN Bukit Kiara campus", "INTAN Bukit Kiara",
		     TUNAS_ORG_TRAINING_CENTRE, "MY", "WP Kuala Lumpur", st->intan);
	if (rc != 0)
		goto out;

	/* ZTE and Multimedia University (seed 002). */
	rc = add_org(st, &st->zte, "ZTE Corporation", "ZTE", TUNAS_ORG_INDUSTRY, "CN", "Guangdong",
		     0);
	if (rc != 0)
		goto out;
	rc = add_org(st, &st->zte_my, "ZTE Malaysia", "ZTE Malaysia", TUNAS_ORG_INDUSTRY, "MY",
		     "WP Kuala Lumpur", st->zte);
	if (rc != 0)
		goto out;
	rc = add_org(st, &st->mmu, "Multimedia University", "MMU", TUNAS_ORG_ACADEMIC, "MY",
		     "Selangor", 0);
	if (rc != 0)
		goto out;
	rc = add_org(st, &st->mmu_campus, "Multimedia University Cyberjaya campus", "MMU Cyberjaya",
		     TUNAS_ORG_TRAINING_CENTRE, "MY", "Selangor", st->mmu);
	if (rc != 0)
		goto out;

	/* Kemnaker and its vocational training centres (seed 003). */
	rc = add_org(st, &st->kemnaker,
		     "Kementerian Ketenagakerjaan Republik Indonesia (Ministry of Manpower)",
		     "Kemnaker", TUNAS_ORG_GOVERNMENT, "ID", "DKI Jakarta", 0);
	if (rc != 0)
		goto out;
	for (i = 0; i < N_BBPVP; i++) {
		rc = add_org(st, &st->bbpvp[i], bbpvp_centres[i].name, bbpvp_centres[i].short_name,
			     TUNAS_ORG_TRAINING_CENTRE, "ID", bbpvp_centres[i].province,
			     st->kemnaker);
		if (rc != 0)
			goto out;
	}

	/* Two fictional employers for vacancies and matching. */
	rc = add_org(st, &st->employer_my, "Sinar Telekom Sdn Bhd", "Sinar Telekom",
		     TUNAS_ORG_EMPLOYER, "MY", "Selangor", 0);
	if (rc != 0)
		goto out;
	rc = add_org(st, &st->employer_id, "PT Karya Menara Nusantara", "Karya Menara",
		     TUNAS_ORG_EMPLOYER, "ID", "Jawa Barat", 0);
	if (rc != 0)
		goto out;
out:
	return rc;
}

static int add_partnership(demo_state *st, int64_t *out_id, const char *title, const char *purpose,
			   const char *signed_on, const char *starts_on, const char *ends_on,
			   int64_t a, int64_t b, int64_t c)
{
	tunas_partnership p;
	int rc;

	memset(&p, 0, sizeof p);
	SET(p.title, title);
	SET(p.purpose, purpose);
	SET(p.signed_on, signed_on);
	SET(p.starts_on, starts_on);
	SET(p.ends_on, ends_on);
	p.parties[p.n_parties++] = a;
	p.parties[p.n_parties++] = b;
	if (c != 0)
		p.parties[p.n_parties++] = c;
	rc = tunas_partnership_create(st->ctx, out_id, &p);
	if (rc == 0)
		st->sum.partnerships++;
	return rc;
}

static int load_partnerships(demo_state *st)
{
	int rc;

	rc = add_partnership(
		st, &st->pship_jtm, "JTM-Huawei Malaysia TVET MoU",
		"Integrate 5G, AI, cloud computing and IoT into Malaysia's government TVET "
		"system: establish the JTM-Huawei TVET Centre at Institut Latihan Perindustrian "
		"(ILP) Kuala Lumpur with Huawei-certified courses and hands-on training on "
		"Huawei equipment, and train TVET instructors to teach these technologies.",
		"2024-12-17", "2024-12-17", "", st->jtm, st->huawei_my, 0);
	if (rc != 0)
		goto out;
	rc = add_partnership(
		st, &st->pship_intan, "INTAN-Huawei Malaysia MoU on digital leadership",
		"Strengthen digital leadership and equip civil servants with critical ICT "
		"skills for citizen-centric services through the Digital Leadership Excellence "
		"(DLE) Programme, Seeds for the Future and the Huawei ICT Academy. Huawei "
		"contributes technical expertise, talent development and innovation resources; "
		"INTAN provides policy guidance, training infrastructure and government "
		"outreach. Civil servants also serve on judging panels for Seeds for the Future "
		"and the Huawei ICT Competition.",
		"2025-05-14", "2025-05-14", "", st->intan, st->huawei_my, 0);
	if (rc != 0)
		goto out;
	rc = add_partnership(
		st, &st->pship_zte, "ZTE-Multimedia University public-sector upskilling",
		"Equip Malaysian public-sector leaders with skills in artificial intelligence "
		"and cybersecurity: a month of local intensive training at Multimedia "
		"University, then an industry attachment in China organised by ZTE with MMU's "
		"academic support. Fully sponsored by the Public Service Department (JPA).",
		"2025-05-05", "2025-05-05", "2025-11-28", st->zte, st->mmu, st->zte_my);
	if (rc != 0)
		goto out;
	rc = add_partnership(
		st, &st->pship_kemnaker, "Kemnaker-Huawei Indonesia SmartGen cooperation",
		"Smart Generation (SmartGen): develop skilled human resources by training job "
		"seekers at Kemnaker's vocational training centres (BBLK) to install BTS and "
		"microwave equipment, with 1,000 certifications, bridging job seekers' "
		"competencies and industry needs. Follows up the MoU of July 2018.",
		"2019-07-18", "2019-07-18", "", st->kemnaker, st->huawei_id, 0);
out:
	return rc;
}

/* ---------------------------------------------------------------------------
 * Accounts.
 */

static int add_user(demo_state *st, int64_t *out_id, const char *username, const char *display_name,
		    tunas_role role, int64_t org, int64_t person, const char *password)
{
	tunas_user u;
	int64_t id = 0;
	int rc;

	memset(&u, 0, sizeof u);
	SET(u.username, username);
	SET(u.display_name, display_name);
	u.role = role;
	u.org_id = org;
	u.person_id = person;
	rc = tunas_user_create(st->ctx, &id, &u, password);
	if (rc != 0)
		goto out;
	st->sum.users++;
	if (out_id != NULL)
		*out_id = id;
out:
	return rc;
}

static void principal_init(tunas_principal *p, int64_t user, tunas_role role, int64_t org,
			   int64_t person, const char *username)
{
	memset(p, 0, sizeof *p);
	p->user_id = user;
	p->role = role;
	p->org_id = org;
	p->person_id = person;
	SET(p->username, username);
}

/* Act as `who` from now on. */
static void act_as(demo_state *st, const tunas_principal *who)
{
	tunas_set_principal(st->ctx, who);
}

/* Everyone but the trainee, whose person comes with the JTM data. */
static int load_users(demo_state *st, const char *password)
{
	int64_t id = 0;
	int rc;

	rc = add_user(st, NULL, "admin", "Demo system administrator", TUNAS_ROLE_SYSADMIN, 0, 0,
		      password);
	if (rc != 0)
		goto out;
	rc = add_user(st, NULL, "owner.jtm", "JTM programme owner (demo)",
		      TUNAS_ROLE_PROGRAMME_OWNER, st->jtm, 0, password);
	if (rc != 0)
		goto out;
	rc = add_user(st, NULL, "owner.kemnaker", "Kemnaker programme owner (demo)",
		      TUNAS_ROLE_PROGRAMME_OWNER, st->kemnaker, 0, password);
	if (rc != 0)
		goto out;
	rc = add_user(st, NULL, "partner.huawei", "Huawei Malaysia partner (demo)",
		      TUNAS_ROLE_PARTNER, st->huawei_my, 0, password);
	if (rc != 0)
		goto out;
	rc = add_user(st, &id, "centre.ilpkl", "ILP Kuala Lumpur centre admin (demo)",
		      TUNAS_ROLE_CENTRE_ADMIN, st->ilpkl, 0, password);
	if (rc != 0)
		goto out;
	principal_init(&st->centre_ilpkl, id, TUNAS_ROLE_CENTRE_ADMIN, st->ilpkl, 0,
		       "centre.ilpkl");
	rc = add_user(st, &id, "centre.bekasi", "BBPVP Bekasi centre admin (demo)",
		      TUNAS_ROLE_CENTRE_ADMIN, st->bbpvp[0], 0, password);
	if (rc != 0)
		goto out;
	principal_init(&st->centre_bekasi, id, TUNAS_ROLE_CENTRE_ADMIN, st->bbpvp[0], 0,
		       "centre.bekasi");
	rc = add_user(st, &st->instructor_user, "instructor.ilpkl",
		      "ILP Kuala Lumpur instructor (demo)", TUNAS_ROLE_INSTRUCTOR, st->ilpkl, 0,
		      password);
	if (rc != 0)
		goto out;
	principal_init(&st->instructor, st->instructor_user, TUNAS_ROLE_INSTRUCTOR, st->ilpkl, 0,
		       "instructor.ilpkl");
	rc = add_user(st, &st->trainer_user, "trainer.ilpkl",
		      "ILP Kuala Lumpur master trainer (demo)", TUNAS_ROLE_INSTRUCTOR, st->ilpkl, 0,
		      password);
	if (rc != 0)
		goto out;
	principal_init(&st->trainer, st->trainer_user, TUNAS_ROLE_INSTRUCTOR, st->ilpkl, 0,
		       "trainer.ilpkl");
	rc = add_user(st, &st->employer_user, "employer.demo", "Sinar Telekom recruiter (demo)",
		      TUNAS_ROLE_EMPLOYER, st->employer_my, 0, password);
	if (rc != 0)
		goto out;
	rc = add_user(st, NULL, "judge.demo", "INTAN judging-panel member (demo)", TUNAS_ROLE_JUDGE,
		      st->intan, 0, password);
out:
	return rc;
}

/* ---------------------------------------------------------------------------
 * Programmes, courses, cohorts.
 */

static void programme_init(tunas_programme *p, const char *code, const char *name,
			   const char *description, int64_t owner, int64_t sponsor,
			   int64_t partnership)
{
	memset(p, 0, sizeof *p);
	SET(p->code, code);
	SET(p->name, name);
	SET(p->description, description);
	p->owner_org_id = owner;
	p->sponsor_org_id = sponsor;
	p->partnership_id = partnership;
	p->rules.min_isced = -1;
	p->rules.max_isced = -1;
}

static void add_track(tunas_programme *p, const char *track)
{
	SET(p->tracks[p->n_tracks], track);
	p->n_tracks++;
}

static void add_phase(tunas_programme *p, tunas_phase_kind kind, const char *name,
		      const char *location, const char *country, const char *from, const char *to)
{
	tunas_phase *ph = &p->phases[p->n_phases++];

	ph->kind = kind;
	SET(ph->name, name);
	SET(ph->location, location);
	SET(ph->country, country);
	SET(ph->starts_on, from);
	SET(ph->ends_on, to);
}

static int add_programme(demo_state *st, int64_t *out_id, const tunas_programme *p)
{
	int rc = tunas_programme_create(st->ctx, out_id, p);

	if (rc == 0)
		st->sum.programmes++;
	return rc;
}

static int add_course(demo_state *st, int64_t *out_id, int64_t programme, const char *code,
		      const char *title, int hours, const char *vendor_cert)
{
	tunas_course c;
	int64_t id = 0;
	int rc;

	memset(&c, 0, sizeof c);
	c.programme_id = programme;
	SET(c.code, code);
	SET(c.title, title);
	c.hours = hours;
	SET(c.vendor_cert, vendor_cert);
	rc = tunas_course_create(st->ctx, &id, &c);
	if (rc == 0) {
		st->sum.courses++;
		if (out_id != NULL)
			*out_id = id;
	}
	return rc;
}

static int add_cohort(demo_state *st, int64_t *out_id, int64_t programme, int64_t centre,
		      const char *name, int capacity, const char *from, const char *to,
		      int64_t instructor)
{
	tunas_cohort c;
	int rc;

	memset(&c, 0, sizeof c);
	c.programme_id = programme;
	c.centre_org_id = centre;
	SET(c.name, name);
	c.capacity = capacity;
	SET(c.starts_on, from);
	SET(c.ends_on, to);
	if (instructor != 0)
		c.instructors[c.n_instructors++] = instructor;
	rc = tunas_cohort_create(st->ctx, out_id, &c);
	if (rc == 0)
		st->sum.cohorts++;
	return rc;
}

/* ---------------------------------------------------------------------------
 * People.
 */

/* Fill the identity part of a Malaysian: name, MyKad, birth date, sex,
 * e-mail, home region. Born uniformly between the two days. */
static void gen_malaysian(demo_state *st, tunas_person *p, int64_t born_lo, int64_t born_hi,
			  int male_percent)
{
	char first[64], last[64], buf[TUNAS_NAME_MAX + 1];
	const char *given, *family;
	bool male = rng_percent(&st->rng, male_percent);
	int64_t ethnic = rng_between(&st->rng, 0, 99);
	int y, m, d, gender_digit;
	const char *state;

	memset(p, 0, sizeof *p);
	if (ethnic < 65) {
		given = male ? rng_pick(&st->rng, malay_male, COUNT(malay_male))
			     : rng_pick(&st->rng, malay_female, COUNT(malay_female));
		family = rng_pick(&st->rng, malay_father, COUNT(malay_father));
		snprintf(p->full_name, sizeof p->full_name, "%s %s %s", given,
			 male ? "bin" : "binti", family);
	} else if (ethnic < 88) {
		family = rng_pick(&st->rng, chinese_surname, COUNT(chinese_surname));
		given = male ? rng_pick(&st->rng, chinese_male, COUNT(chinese_male))
			     : rng_pick(&st->rng, chinese_female, COUNT(chinese_female));
		snprintf(p->full_name, sizeof p->full_name, "%s %s", family, given);
	} else {
		given = male ? rng_pick(&st->rng, indian_male, COUNT(indian_male))
			     : rng_pick(&st->rng, indian_female, COUNT(indian_female));
		family = rng_pick(&st->rng, indian_father, COUNT(indian_father));
		snprintf(p->full_name, sizeof p->full_name, "%s %s %s", given, male ? "a/l" : "a/p",
			 family);
	}

	tunas_civil_from_days(rng_between(&st->rng, born_lo, born_hi), &y, &m, &d);
	state = rng_choose(&st->rng, mykad_birth_state, COUNT(mykad_birth_state));
	/* The serial makes every number unique; the last digit is odd for
	 * men and even for women. */
	st->n_mykad++;
	gender_digit = (int)rng_between(&st->rng, 0, 4) * 2 + (male ? 1 : 0);
	snprintf(buf, sizeof buf, "%02d%02d%02d-%s-%03d%d", y % 100, m, d, state,
		 st->n_mykad % 1000, gender_digit);
	p->id_type = TUNAS_ID_MYKAD;
	SET(p->id_number, buf);
	SET(p->id_country, "MY");
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
	SET(p->birth_date, buf);
	p->sex = male ? 'M' : 'F';

	st->n_people++;
	email_part(first, sizeof first, given);
	email_part(last, sizeof last, family);
	snprintf(buf, sizeof buf, "%s.%s.%d@example.my", first, last, st->n_people);
	SET(p->email, buf);
	SET(p->edu_country, "MY");
	SET(p->region, rng_choose(&st->rng, klang_valley_home, COUNT(klang_valley_home)));
}

/* Fill the identity part of an Indonesian registered at BBPVP centre `c`:
 * name of the region's communities, NIK of the centre's province. */
static void gen_indonesian(demo_state *st, tunas_person *p, int c, int64_t born_lo, int64_t born_hi,
			   int male_percent)
{
	const demo_bbpvp *centre = &bbpvp_centres[c];
	const demo_regency *reg;
	char first[64], last[64], buf[TUNAS_NAME_MAX + 1];
	const char *given = "", *family = "";
	bool male = rng_percent(&st->rng, male_percent);
	int64_t x, total = 0;
	int eth = 0, y, m, d, i, district;

	memset(p, 0, sizeof *p);
	for (i = 0; i < ETH_COUNT; i++)
		total += centre->ethnic_weight[i];
	x = rng_between(&st->rng, 0, total - 1);
	for (eth = 0; eth < ETH_COUNT - 1; eth++) {
		if (x < centre->ethnic_weight[eth])
			break;
		x -= centre->ethnic_weight[eth];
	}

	switch (eth) {
	case ETH_JAVANESE:
		given = male ? rng_pick(&st->rng, javanese_male, COUNT(javanese_male))
			     : rng_pick(&st->rng, javanese_female, COUNT(javanese_female));
		family = male ? rng_pick(&st->rng, javanese_male_last, COUNT(javanese_male_last))
			      : rng_pick(&st->rng, javanese_female_last,
					 COUNT(javanese_female_last));
		break;
	case ETH_SUNDANESE:
		given = male ? rng_pick(&st->rng, sundanese_male, COUNT(sundanese_male))
			     : rng_pick(&st->rng, sundanese_female, COUNT(sundanese_female));
		family = male ? rng_pick(&st->rng, sundanese_male_last, COUNT(sundanese_male_last))
			      : rng_pick(&st->rng, sundanese_female_last,
					 COUNT(sundanese_female_last));
		break;
	case ETH_BATAK:
		given = male ? rng_pick(&st->rng, batak_male, COUNT(batak_male))
			     : rng_pick(&st->rng, batak_female, COUNT(batak_female));
		family = rng_pick(&st->rng, batak_marga, COUNT(batak_marga));
		break;
	default:
		given = male ? rng_pick(&st->rng, bugis_male, COUNT(bugis_male))
			     : rng_pick(&st->rng, bugis_female, COUNT(bugis_female));
		family = male ? rng_pick(&st->rng, bugis_male_last, COUNT(bugis_male_last))
			      : rng_pick(&st->rng, bugis_female_last, COUNT(bugis_female_last));
		break;
	}
	/* "Andi" is the Bugis nobility title carried as part of the name. */
	if (eth == ETH_BUGIS && rng_percent(&st->rng, 15))
		snprintf(p->full_name, sizeof p->full_name, "Andi %s %s", given, family);
	else
		snprintf(p->full_name, sizeof p->full_name, "%s %s", given, family);

	tunas_civil_from_days(rng_between(&st->rng, born_lo, born_hi), &y, &m, &d);
	reg = &centre->regencies[rng_between(&st->rng, 0, centre->n_regencies - 1)];
	district = (int)rng_between(&st->rng, 1, reg->districts);
	/* Province, regency, district; day of birth (+40 for women), month,
	 * year; a serial that makes the number unique. */
	st->n_nik++;
	snprintf(buf, sizeof buf, "%02d%02d%02d%02d%02d%02d%04d", centre->province_code, reg->code,
		 district, male ? d : d + 40, m, y % 100, st->n_nik % 10000);
	p->id_type = TUNAS_ID_NIK;
	SET(p->id_number, buf);
	SET(p->id_country, "ID");
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
	SET(p->birth_date, buf);
	p->sex = male ? 'M' : 'F';

	st->n_people++;
	/* first word of the given name, last word of the family name */
	snprintf(buf, sizeof buf, "%s", given);
	buf[strcspn(buf, " ")] = '\0';
	email_part(first, sizeof first, buf);
	email_part(last, sizeof last, strrchr(family, ' ') ? strrchr(family, ' ') + 1 : family);
	snprintf(buf, sizeof buf, "%s.%s.%d@example.id", first, last, st->n_people);
	SET(p->email, buf);
	SET(p->edu_country, "ID");
	SET(p->region, centre->province);
}

static int add_person(demo_state *st, int64_t *out_id, const tunas_person *p)
{
	int rc = tunas_person_create(st->ctx, out_id, p);

	if (rc == 0)
		st->sum.people++;
	return rc;
}

/* ---------------------------------------------------------------------------
 * Enrolments.
 */

static int move(demo_state *st, tunas_enrolment *e, tunas_enrol_status to, const char *reason)
{
	tunas_enrolment next;
	int rc = tunas_enrol_move(st->ctx, &next, e->id, to, reason);

	if (rc == 0)
		*e = next;
	return rc;
}

/*
 * Apply person to cohort and walk the enrolment towards `goal` through the
 * legal states: applied -> accepted -> enrolled -> completed / withdrawn.
 * A goal of TUNAS_ENROL_REJECTED means "apply only, the rules are expected
 * to refuse". When accepting finds the cohort full the enrolment is left
 * waitlisted; if a rule refused an application that was meant to go
 * further, the next move fails and the library says why. The enrolment as
 * it ends up is written to *out (may be NULL).
 */
static int enrol(demo_state *st, tunas_enrolment *out, int64_t person, int64_t cohort,
		 tunas_enrol_status goal, const char *reason)
{
	tunas_enrolment e;
	int rc;

	rc = tunas_enrol_apply(st->ctx, &e, person, cohort);
	if (rc != 0)
		goto out;
	st->sum.enrolments++;
	if (goal == TUNAS_ENROL_APPLIED || goal == TUNAS_ENROL_REJECTED)
		goto done;
	rc = move(st, &e, TUNAS_ENROL_ACCEPTED, NULL);
	if (rc != 0 || goal == TUNAS_ENROL_ACCEPTED || goal == TUNAS_ENROL_WAITLISTED)
		goto done;
	rc = move(st, &e, TUNAS_ENROL_ENROLLED, NULL);
	if (rc != 0 || goal == TUNAS_ENROL_ENROLLED)
		goto done;
	rc = move(st, &e, goal, reason);
done:
	if (rc == 0 && out != NULL)
		*out = e;
out:
	return rc;
}

static const char *const withdrawal_reasons[] = {
	"Found employment before the end of the course",
	"Family reasons",
	"Moved away from the centre",
	"Health reasons",
};

/* Enrol person in the class's cohort and seat them in the class. */
static int enrol_into(demo_state *st, demo_class *c, int64_t person)
{
	tunas_enrolment e;
	int rc;

	if (c->n >= CLASS_MAX)
		return tunas_ctx_fail(st->ctx, TUNAS_ELIMIT, NULL, "a demo class holds at most %d",
				      CLASS_MAX);
	rc = enrol(st, &e, person, c->cohort, TUNAS_ENROL_ENROLLED, NULL);
	if (rc == 0) {
		c->person[c->n] = person;
		c->enrolment[c->n] = e.id;
		c->absent[c->n] = 0;
		c->n++;
	}
	return rc;
}

/* Move everyone in the class to completed. The library checks the
 * programme's completion rules and, if it certifies automatically, issues
 * the certificates. */
static int complete_class(demo_state *st, const demo_class *c)
{
	tunas_enrolment e;
	int i, rc = 0;

	for (i = 0; i < c->n && rc == 0; i++)
		rc = tunas_enrol_move(st->ctx, &e, c->enrolment[i], TUNAS_ENROL_COMPLETED, NULL);
	return rc;
}

/* ---------------------------------------------------------------------------
 * Delivery: timetables, attendance, assessment, vendor certifications.
 */

/* "YYYY-MM-DD" of a day number. */
static void date_of(char out[TUNAS_DATE_LEN + 1], int64_t day)
{
	char buf[32];
	int y, m, d;

	tunas_civil_from_days(day, &y, &m, &d);
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
	set_str(out, TUNAS_DATE_LEN + 1, buf);
}

/* The instant of wall-clock time hh:mm on `day` in `zone`, written as an
 * RFC 3339 timestamp with the zone's offset and parsed, as a client of the
 * API would send it. The zones used here are all east of UTC. */
static int64_t local_time(int64_t day, int hh, int mm, const char *zone)
{
	char buf[64];
	int64_t t = 0;
	int y, m, d, offset = 0;

	tunas_civil_from_days(day, &y, &m, &d);
	(void)tunas_tz_offset(&offset, zone);
	snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:00+%02d:%02d", y, m, d, hh, mm,
		 offset / 3600, offset % 3600 / 60);
	(void)tunas_time_parse(&t, buf);
	return t;
}

/* Where and for what a cohort meets: its phase (1-based, 0 for none),
 * course, time zone, venue and instructor (0 for none). */
typedef struct {
	int64_t cohort;
	int phase;
	int64_t course;
	const char *zone;
	const char *venue;
	int64_t instructor;
} demo_venue;

/* One timetabled meeting from day `from` at from_hm (e.g. 930 for 09:30)
 * to day `to` at to_hm, local time; as whoever acts now. */
static int add_session(demo_state *st, int64_t *out_id, const demo_venue *v,
		       tunas_session_kind kind, const char *title, int64_t from, int from_hm,
		       int64_t to, int to_hm)
{
	tunas_session s;

	memset(&s, 0, sizeof s);
	s.cohort_id = v->cohort;
	s.phase = v->phase;
	s.course_id = v->course;
	s.kind = kind;
	SET(s.title, title);
	s.starts_at = local_time(from, from_hm / 100, from_hm % 100, v->zone);
	s.ends_at = local_time(to, to_hm / 100, to_hm % 100, v->zone);
	SET(s.time_zone, v->zone);
	SET(s.venue, v->venue);
	s.instructor_user_id = v->instructor;
	return tunas_session_create(st->ctx, out_id, &s);
}

/* How an attendance sheet usually looks, in marks per thousand, and the
 * most absences anyone may have in the cohort (so that everybody who
 * completes stays above the programme's attendance rule). */
typedef struct {
	int late, excused, absent;
	int max_absent;
	const char *const *excuses; /* notes for excused absences */
	size_t n_excuses;
} demo_odds;

static const char *const late_notes[] = {
	"Arrived 25 minutes late: traffic",
	"Arrived after the first break",
	"Late: public transport delay",
	"Arrived 15 minutes late",
};

static const char *const trainee_excuses[] = {
	"Medical certificate",
	"Family emergency",
	"Attending a job interview",
	"Death in the family",
};

static const char *const officer_excuses[] = {
	"Recalled for official duty",
	"Attending a ministry meeting",
	"Medical certificate",
};

/* Take the sheet of one session for the whole class. */
static int take_attendance(demo_state *st, int64_t session, demo_class *c, const demo_odds *o)
{
	tunas_attendance_mark marks[CLASS_MAX];
	int i, changed = 0;
	int64_t r;

	for (i = 0; i < c->n; i++) {
		r = rng_between(&st->drng, 0, 999);
		marks[i].person_id = c->person[i];
		marks[i].status = TUNAS_ATT_PRESENT;
		marks[i].note = NULL;
		if (r < o->late) {
			marks[i].status = TUNAS_ATT_LATE;
			marks[i].note = rng_pick(&st->drng, late_notes, COUNT(late_notes));
		} else if (r < o->late + o->excused) {
			marks[i].status = TUNAS_ATT_EXCUSED;
			marks[i].note = rng_pick(&st->drng, o->excuses, o->n_excuses);
		} else if (r < o->late + o->excused + o->absent && c->absent[i] < o->max_absent) {
			marks[i].status = TUNAS_ATT_ABSENT;
			c->absent[i]++;
		}
	}
	return c->n > 0 ? tunas_attendance_record(st->ctx, &changed, session, marks, (size_t)c->n)
			: 0;
}

static const char *const competency_rubric =
	"Competent: every critical step of the practical task done correctly and safely without "
	"help, and the oral questions answered. Not yet competent: a critical step missed or "
	"unsafe. Score: practical task 70%, written questions 30%.";

static const char *const competent_evidence[] = {
	"Practical task observed in the lab; checklist complete; oral questions answered well.",
	"Practical task completed unaided within the time; configuration checked and saved.",
	"Observed in the lab; all critical steps done; short written test passed.",
	"Practical task and portfolio of lab reports checked; oral questions answered.",
};

static const char *const nyc_evidence[] = {
	/* One entry, split for its length (parentheses: not a missing comma). */
	("Critical step missed in the practical task: results not verified before sign-off. "
	 "Feedback given; re-assessment booked."),
	"Practical task not finished in the time allowed. Feedback given; re-assessment booked.",
	"Unsafe step observed (equipment handled while powered). Stopped; re-assessment booked.",
};

/* Record an attempt as `assessor` and, when verifier is not NULL, have a
 * second person sign it off. The attempt's id goes to *out_id (may be
 * NULL). */
static int assess(demo_state *st, int64_t *out_id, int64_t cohort, int64_t person, int64_t unit,
		  bool competent, int64_t day, const tunas_principal *assessor,
		  const tunas_principal *verifier)
{
	tunas_assessment a, got;
	int rc;

	memset(&a, 0, sizeof a);
	a.person_id = person;
	a.cohort_id = cohort;
	a.unit_id = unit;
	a.result = competent ? TUNAS_RESULT_COMPETENT : TUNAS_RESULT_NOT_YET_COMPETENT;
	a.score = competent ? (int)rng_between(&st->drng, 62, 97)
			    : (int)rng_between(&st->drng, 35, 58);
	SET(a.rubric, competency_rubric);
	SET(a.evidence, competent
				? rng_pick(&st->drng, competent_evidence, COUNT(competent_evidence))
				: rng_pick(&st->drng, nyc_evidence, COUNT(nyc_evidence)));
	date_of(a.assessed_on, day);
	act_as(st, assessor);
	rc = tunas_assessment_record(st->ctx, &got, &a);
	if (rc == 0 && verifier != NULL) {
		act_as(st, verifier);
		rc = tunas_assessment_verify(st->ctx, &got, got.id);
	}
	if (rc == 0 && out_id != NULL)
		*out_id = got.id;
	return rc;
}

/* A vendor certification passed on `day`, valid for three years: Huawei's
 * associate certifications expire after three years. The number is
 * illustrative: prefix, two-digit year, serial. */
static int add_vendor_cert(demo_state *st, int64_t person, const char *name, const char *prefix,
			   int64_t day)
{
	tunas_vendor_cert v;
	char buf[TUNAS_CERT_NUMBER_MAX + 1];
	int y, m, d;

	memset(&v, 0, sizeof v);
	v.person_id = person;
	SET(v.name, name);
	tunas_civil_from_days(day, &y, &m, &d);
	st->n_vendor++;
	snprintf(buf, sizeof buf, "%s-%02d-%05d", prefix, y % 100, st->n_vendor);
	SET(v.number, buf);
	SET(v.issuer, "Huawei Technologies Co., Ltd.");
	date_of(v.issued_on, day);
	date_of(v.expires_on, tunas_days_from_civil(y + 3, m, d == 29 && m == 2 ? 28 : d));
	return tunas_vendor_cert_add(st->ctx, &v, &v);
}

/* A course's completion rule; set by the operator. */
static int set_course_rule(demo_state *st, int64_t course, bool all_units, bool vendor_exam)
{
	tunas_course_rule r;

	memset(&r, 0, sizeof r);
	r.course_id = course;
	r.all_units = all_units;
	r.vendor_exam = vendor_exam;
	return tunas_course_rule_set(st->ctx, &r);
}

/* The completion rule of a programme; set by the operator. */
static int set_programme_rule(demo_state *st, int64_t programme, int min_attendance,
			      bool all_phases, bool auto_certify, int cert_valid_months)
{
	tunas_programme_rule r;

	memset(&r, 0, sizeof r);
	r.programme_id = programme;
	r.min_attendance = min_attendance;
	r.all_phases = all_phases;
	r.auto_certify = auto_certify;
	r.cert_valid_months = cert_valid_months;
	return tunas_programme_rule_set(st->ctx, &r);
}

/* ---------------------------------------------------------------------------
 * Seed 000: JTM-Huawei TVET Centre at ILP Kuala Lumpur.
 */

static const demo_choice jtm_education[] = {
	{"SPM", 40}, {"SKM3", 15}, {"STPM", 8}, {"DIPLOMA", 25}, {"DEGREE", 12},
};

static const char *const jtm_employers[] = {
	"Bintang Fibre Works Sdn Bhd",
	"Maju Jaringan Enterprise",
	"Kota Network Services",
};

/* A JTM applicant: 18-38 on the programme's start, mostly men. */
static void gen_jtm_person(demo_state *st, tunas_person *p)
{
	int64_t r;

	gen_malaysian(st, p, tunas_days_from_civil(1986, 3, 1), tunas_days_from_civil(2006, 12, 31),
		      72);
	SET(p->edu_level, rng_choose(&st->rng, jtm_education, COUNT(jtm_education)));
	r = rng_between(&st->rng, 0, 99);
	if (r < 45) {
		p->employment = TUNAS_EMP_JOB_SEEKER;
	} else if (r < 80) {
		p->employment = TUNAS_EMP_EMPLOYED;
		if (rng_percent(&st->rng, 30)) {
			p->employer_org_id = st->employer_my;
			SET(p->employer_name, "Sinar Telekom Sdn Bhd");
		} else {
			SET(p->employer_name,
			    rng_pick(&st->rng, jtm_employers, COUNT(jtm_employers)));
		}
	} else {
		p->employment = TUNAS_EMP_STUDENT;
	}
	p->registered_by_org = st->ilpkl;
}

/* Register n + withdrawn new JTM applicants: n are taken towards `goal` in
 * cohort (or, when cls is not NULL, enrolled and seated in cls), the
 * others withdraw after enrolling. The first one's person id goes to
 * *first_person (may be NULL). */
static int jtm_batch(demo_state *st, int64_t cohort, int n, tunas_enrol_status goal, int withdrawn,
		     int64_t *first_person, demo_class *cls)
{
	tunas_person p;
	int64_t person;
	int i, rc = 0;

	if (cls != NULL)
		cls->cohort = cohort;
	for (i = 0; i < n + withdrawn; i++) {
		gen_jtm_person(st, &p);
		rc = add_person(st, &person, &p);
		if (rc != 0)
			goto out;
		if (i == 0 && first_person != NULL)
			*first_person = person;
		if (i < n && cls != NULL)
			rc = enrol_into(st, cls, person);
		else if (i < n)
			rc = enrol(st, NULL, person, cohort, goal, NULL);
		else
			rc = enrol(
				st, NULL, person, cohort, TUNAS_ENROL_WITHDRAWN,
				rng_pick(&st->rng, withdrawal_reasons, COUNT(withdrawal_reasons)));
		if (rc != 0)
			goto out;
	}
out:
	return rc;
}

/* The four tracks of seed 000: a course each with its Huawei certification,
 * four competency units and a timetable of ten sessions, all illustrative.
 * Each track meets on its own weekday, so one trainer can take all four
 * cohorts of a term. */
#define JTM_SESSIONS 10

typedef struct {
	tunas_session_kind kind;
	const char *title;
} demo_slot;

typedef struct {
	const char *code, *title;
} demo_unit;

static const struct jtm_track {
	const char *track; /* programme track, and the start of cohort names */
	const char *course_code, *course_title;
	const char *cert, *cert_prefix; /* vendor certification; its numbers */
	const char *lab;
	int weekday; /* days after Monday */
	demo_unit units[JTM_UNITS];
	demo_slot plan[JTM_SESSIONS];
} jtm_tracks[JTM_TRACKS] = {
	{"5G",
	 "JTMHW-5G-HCIA",
	 "5G network technology and deployment",
	 "Huawei HCIA-5G",
	 "HCIA5G",
	 "ILP Kuala Lumpur, JTM-Huawei TVET Centre, 5G lab",
	 0,
	 {{"5G-U01", "Describe 5G network architecture and the NR air interface"},
	  {"5G-U02", "Install and commission 5G RAN equipment"},
	  {"5G-U03", "Configure 5G core network services"},
	  {"5G-U04", "Measure and optimise 5G network performance"}},
	 {{TUNAS_SESSION_LECTURE, "5G network architecture and the NR air interface"},
	  {TUNAS_SESSION_LAB, "Lab: 5G RAN hardware, BBU and AAU installation"},
	  {TUNAS_SESSION_LAB, "Lab: commissioning a gNodeB"},
	  {TUNAS_SESSION_LECTURE, "The 5G core: service-based architecture"},
	  {TUNAS_SESSION_LAB, "Lab: 5G core services and network slices"},
	  {TUNAS_SESSION_SIMULATION, "Simulation: radio planning and coverage prediction"},
	  {TUNAS_SESSION_LAB, "Lab: drive test and KPI measurement"},
	  {TUNAS_SESSION_WORKSHOP, "Workshop: troubleshooting a 5G site"},
	  {TUNAS_SESSION_SIMULATION, "Simulation: HCIA-5G practice examination"},
	  {TUNAS_SESSION_WORKSHOP, "Assessment week: practical assessments and re-assessments"}}},
	{"AI",
	 "JTMHW-AI-HCIA",
	 "Artificial intelligence fundamentals",
	 "Huawei HCIA-AI",
	 "HCIAAI",
	 "ILP Kuala Lumpur, JTM-Huawei TVET Centre, AI lab",
	 1,
	 {{"AI-U01", "Prepare data for machine learning"},
	  {"AI-U02", "Build and train machine learning models"},
	  {"AI-U03", "Develop deep learning models with MindSpore"},
	  {"AI-U04", "Deploy and evaluate AI models"}},
	 {{TUNAS_SESSION_LECTURE, "AI overview: machine learning and deep learning"},
	  {TUNAS_SESSION_LAB, "Lab: Python and data preparation"},
	  {TUNAS_SESSION_LAB, "Lab: training classical machine learning models"},
	  {TUNAS_SESSION_LECTURE, "Neural networks and deep learning"},
	  {TUNAS_SESSION_LAB, "Lab: image classification with MindSpore"},
	  {TUNAS_SESSION_LAB, "Lab: speech and language processing"},
	  {TUNAS_SESSION_LAB, "Lab: training and deploying models on ModelArts"},
	  {TUNAS_SESSION_WORKSHOP, "Workshop: an AI use case from industry"},
	  {TUNAS_SESSION_SIMULATION, "Simulation: HCIA-AI practice examination"},
	  {TUNAS_SESSION_WORKSHOP, "Assessment week: practical assessments and re-assessments"}}},
	{"Cloud",
	 "JTMHW-CLOUD-HCIA",
	 "Cloud computing",
	 "Huawei HCIA-Cloud Computing",
	 "HCIACC",
	 "ILP Kuala Lumpur, JTM-Huawei TVET Centre, cloud lab",
	 2,
	 {{"CLD-U01", "Explain cloud computing and virtualisation"},
	  {"CLD-U02", "Deploy and manage virtual machines"},
	  {"CLD-U03", "Configure cloud storage and networking"},
	  {"CLD-U04", "Operate and monitor a cloud platform"}},
	 {{TUNAS_SESSION_LECTURE, "Cloud computing concepts and virtualisation"},
	  {TUNAS_SESSION_LAB, "Lab: installing a virtualisation platform"},
	  {TUNAS_SESSION_LAB, "Lab: creating and managing virtual machines"},
	  {TUNAS_SESSION_LECTURE, "Cloud storage and networking"},
	  {TUNAS_SESSION_LAB, "Lab: storage pools and virtual networks"},
	  {TUNAS_SESSION_LAB, "Lab: high availability and live migration"},
	  {TUNAS_SESSION_LAB, "Lab: operating and monitoring a cloud platform"},
	  {TUNAS_SESSION_WORKSHOP, "Workshop: planning a private cloud for an agency"},
	  {TUNAS_SESSION_SIMULATION, "Simulation: HCIA-Cloud Computing practice examination"},
	  {TUNAS_SESSION_WORKSHOP, "Assessment week: practical assessments and re-assessments"}}},
	{"IoT",
	 "JTMHW-IOT-HCIA",
	 "Internet of Things",
	 "Huawei HCIA-IoT",
	 "HCIAIOT",
	 "ILP Kuala Lumpur, JTM-Huawei TVET Centre, IoT lab",
	 3,
	 {{"IOT-U01", "Describe IoT architecture and protocols"},
	  {"IOT-U02", "Connect devices over NB-IoT and LoRa"},
	  {"IOT-U03", "Integrate devices with an IoT platform"},
	  {"IOT-U04", "Secure IoT devices and their data"}},
	 {{TUNAS_SESSION_LECTURE, "IoT architecture, protocols and applications"},
	  {TUNAS_SESSION_LAB, "Lab: sensors and microcontrollers"},
	  {TUNAS_SESSION_LAB, "Lab: NB-IoT and LoRa connectivity"},
	  {TUNAS_SESSION_LECTURE, "IoT platforms and device management"},
	  {TUNAS_SESSION_LAB, "Lab: connecting devices to an IoT platform"},
	  {TUNAS_SESSION_LAB, "Lab: collecting data and building dashboards"},
	  {TUNAS_SESSION_LAB, "Lab: securing IoT devices and data"},
	  {TUNAS_SESSION_WORKSHOP, "Workshop: a smart building prototype"},
	  {TUNAS_SESSION_SIMULATION, "Simulation: HCIA-IoT practice examination"},
	  {TUNAS_SESSION_WORKSHOP, "Assessment week: practical assessments and re-assessments"}}},
};

/* The week of the cohort each session of a plan falls in (week 6 is a
 * break; in the first batch it is Hari Raya Aidilfitri, 31 March 2025),
 * the week each unit is assessed in, and the week of re-assessments. */
static const int jtm_week[JTM_SESSIONS] = {0, 1, 2, 3, 4, 5, 7, 8, 10, 12};
static const int jtm_unit_week[JTM_UNITS] = {2, 5, 8, 10};
#define JTM_REASSESS_WEEK 12

/* The 2025 sheets: mostly present, some late or excused, at most two
 * absences of ten (80%, the programme's rule). */
static const demo_odds jtm_odds = {40, 20, 30, 2, trainee_excuses, COUNT(trainee_excuses)};

/* Plan a track's ten sessions for a cohort starting on Monday `monday`,
 * as whoever acts now; their ids go to out. */
static int jtm_timetable(demo_state *st, int64_t out[JTM_SESSIONS], int t, int64_t cohort,
			 int64_t monday, int64_t instructor)
{
	const struct jtm_track *tr = &jtm_tracks[t];
	demo_venue v = {cohort, 1, st->jtm_course[t], "Asia/Kuala_Lumpur", tr->lab, instructor};
	int64_t day;
	int i, end, rc = 0;

	for (i = 0; i < JTM_SESSIONS && rc == 0; i++) {
		day = monday + 7 * jtm_week[i] + tr->weekday;
		switch (tr->plan[i].kind) {
		case TUNAS_SESSION_LECTURE:
			end = 1230;
			break;
		case TUNAS_SESSION_SIMULATION:
			end = 1200;
			break;
		case TUNAS_SESSION_WORKSHOP:
			end = 1630;
			break;
		default:
			end = 1700;
			break;
		}
		v.venue = tr->plan[i].kind == TUNAS_SESSION_LECTURE
				  ? "ILP Kuala Lumpur, JTM-Huawei TVET Centre, lecture room"
				  : tr->lab;
		rc = add_session(st, &out[i], &v, tr->plan[i].kind, tr->plan[i].title, day, 900,
				 day, end);
	}
	return rc;
}

/* A 2025 cohort from timetable to certificate: the master trainer
 * (trainer.ilpkl) takes every sheet and assesses every unit; the centre
 * admin signs off, records the HCIA certifications of those who passed
 * Huawei's exam, completes the cohort under the programme's rules and
 * issues the certificates. */
static int jtm_run_completed(demo_state *st, demo_class *c, int t, int batch)
{
	const struct jtm_track *tr = &jtm_tracks[t];
	int64_t monday =
		batch == 0 ? tunas_days_from_civil(2025, 2, 17) : tunas_days_from_civil(2025, 6, 9);
	int64_t ends =
		batch == 0 ? tunas_days_from_civil(2025, 5, 16) : tunas_days_from_civil(2025, 9, 5);
	int64_t sessions[JTM_SESSIONS], day;
	tunas_certificate cert;
	int i, u, rc;

	act_as(st, &st->centre_ilpkl);
	rc = jtm_timetable(st, sessions, t, c->cohort, monday, st->trainer_user);
	act_as(st, &st->trainer);
	for (i = 0; i < JTM_SESSIONS && rc == 0; i++)
		rc = take_attendance(st, sessions[i], c, &jtm_odds);
	/* Every unit competent, a few at the second attempt. */
	for (i = 0; i < c->n && rc == 0; i++) {
		for (u = 0; u < JTM_UNITS && rc == 0; u++) {
			day = monday + 7 * jtm_unit_week[u] + tr->weekday;
			if (rng_percent(&st->drng, 4)) {
				rc = assess(st, NULL, c->cohort, c->person[i], st->jtm_unit[t][u],
					    false, day, &st->trainer, &st->centre_ilpkl);
				day = monday + 7 * JTM_REASSESS_WEEK + tr->weekday;
			}
			if (rc == 0)
				rc = assess(st, NULL, c->cohort, c->person[i], st->jtm_unit[t][u],
					    true, day, &st->trainer, &st->centre_ilpkl);
		}
	}
	/* About 40% sit Huawei's exam within weeks of the end and pass. */
	act_as(st, &st->centre_ilpkl);
	for (i = 0; i < c->n && rc == 0; i++)
		if (rng_percent(&st->drng, 40))
			rc = add_vendor_cert(st, c->person[i], tr->cert, tr->cert_prefix,
					     ends + rng_between(&st->drng, 14, 45));
	if (rc == 0)
		rc = complete_class(st, c);
	for (i = 0; i < c->n && rc == 0; i++) {
		rc = tunas_cert_issue(st->ctx, &cert, c->person[i], c->cohort);
		if (rc == 0 && t == 3 && batch == 1 && i == 6)
			st->cert_to_revoke = cert.id;
		if (rc == 0 && t == 2 && batch == 0 && i == 11)
			st->cert_to_suspend = cert.id;
	}
	return rc;
}

/* The cohorts in training, as of mid-November 2026: the sheets of the
 * sessions so far (weeks 0 to 10), the first units assessed, nobody
 * certified. 5G cohort 3 is instructor.ilpkl's, with trainee.demo, who
 * disputes a result; AI cohort 3 has no instructor account, so the centre
 * admin keeps its sheets and its first assessments await a second
 * person's sign-off. Runs once trainee.demo exists. */
#define JTM_WEEKS_DONE 11

static int jtm_run_in_training(demo_state *st)
{
	demo_class *c = &st->jtm_5g3;
	int64_t monday = tunas_days_from_civil(2026, 9, 7), sessions[JTM_SESSIONS], day,
		disputed = 0;
	int i, u, rc;

	/* 5G cohort 3. */
	act_as(st, &st->centre_ilpkl);
	rc = jtm_timetable(st, sessions, 0, c->cohort, monday, st->instructor_user);
	act_as(st, &st->instructor);
	for (i = 0; i < JTM_SESSIONS && jtm_week[i] < JTM_WEEKS_DONE && rc == 0; i++)
		rc = take_attendance(st, sessions[i], c, &jtm_odds);
	for (i = 0; i < c->n && rc == 0; i++) {
		bool self = c->person[i] == st->trainee_person;

		for (u = 0; u < 3 && rc == 0; u++) {
			day = monday + 7 * jtm_unit_week[u];
			if (self && u == 1) {
				/* trainee.demo's attempt at 5G-U02 failed; disputed below */
				rc = assess(st, &disputed, c->cohort, c->person[i],
					    st->jtm_unit[0][u], false, day, &st->instructor,
					    &st->centre_ilpkl);
			} else if (u < 2 && !self && rng_percent(&st->drng, 6)) {
				/* a second attempt three weeks later */
				rc = assess(st, NULL, c->cohort, c->person[i], st->jtm_unit[0][u],
					    false, day, &st->instructor, &st->centre_ilpkl);
				if (rc == 0)
					rc = assess(st, NULL, c->cohort, c->person[i],
						    st->jtm_unit[0][u], true, day + 21,
						    &st->instructor, &st->centre_ilpkl);
			} else {
				/* 5G-U03 (2 November) is still being signed off */
				rc = assess(st, NULL, c->cohort, c->person[i], st->jtm_unit[0][u],
					    true, day, &st->instructor,
					    u < 2 || i % 2 == 0 ? &st->centre_ilpkl : NULL);
			}
		}
	}
	if (rc == 0 && disputed != 0) {
		tunas_assessment_note note;

		act_as(st, &st->trainee);
		rc = tunas_assessment_annotate(
			st->ctx, &note, disputed, TUNAS_NOTE_DISPUTE,
			"The AAU on my bench lost power halfway through the practical, so I could "
			"not finish the commissioning checks. I ask that this attempt not count.");
		if (rc == 0) {
			act_as(st, &st->instructor);
			rc = tunas_assessment_annotate(st->ctx, &note, disputed,
						       TUNAS_NOTE_RESPONSE,
						       "Bench 3 tripped its breaker at 10:20 for "
						       "about ten minutes. Before "
						       "that the candidate had already skipped the "
						       "alarm check, which is a "
						       "critical step.");
		}
		if (rc == 0) {
			act_as(st, &st->centre_ilpkl);
			rc = tunas_assessment_annotate(
				st->ctx, &note, disputed, TUNAS_NOTE_RESOLUTION,
				"Reviewed with the trainee and the instructor: the skipped alarm "
				"check "
				"stands, so the result stays not yet competent. The power failure "
				"is "
				"noted; a re-assessment on a working bench is booked for the "
				"assessment week, 30 November 2026.");
		}
	}

	/* AI cohort 3. */
	c = &st->jtm_ai3;
	if (rc == 0) {
		act_as(st, &st->centre_ilpkl);
		rc = jtm_timetable(st, sessions, 1, c->cohort, monday, 0);
	}
	for (i = 0; i < JTM_SESSIONS && jtm_week[i] < JTM_WEEKS_DONE && rc == 0; i++)
		rc = take_attendance(st, sessions[i], c, &jtm_odds);
	day = monday + 7 * jtm_unit_week[0] + jtm_tracks[1].weekday;
	for (i = 0; i < c->n && rc == 0; i++)
		rc = assess(st, NULL, c->cohort, c->person[i], st->jtm_unit[1][0], true, day,
			    &st->centre_ilpkl, NULL);
	return rc;
}

static int load_jtm(demo_state *st)
{
	static const char *const rejected_edu[] = {"SPM", "SPM", "PT3"};
	tunas_programme p;
	tunas_person q;
	tunas_unit unit;
	demo_class *done = NULL;
	tunas_certificate cert;
	int64_t prog = 0, cohort = 0, person = 0;
	char name[TUNAS_NAME_MAX + 1];
	int rc, i, u, batch;

	done = tunas_calloc(1, sizeof *done);
	if (done == NULL) {
		rc = TUNAS_ENOMEM;
		goto out;
	}
	programme_init(
		&p, "JTM-HW-TVET-2025", "JTM-Huawei TVET Centre, ILP Kuala Lumpur: first batch",
		"Vocational training in 5G, artificial intelligence, cloud computing and the "
		"Internet of Things at the JTM-Huawei TVET Centre, launched in February 2025 at "
		"Institut Latihan Perindustrian (ILP) Kuala Lumpur. Trainees follow "
		"Huawei-certified courses with hands-on labs on the equipment that runs "
		"today's networks; TVET instructors are trained to teach the same technologies, "
		"multiplying the effect across the system. First batch: 1,000 trainees. "
		"Supported by the RM7.5 billion allocated to TVET in Budget 2025.",
		st->jtm, st->ministry[MINISTRY_HR], st->pship_jtm);
	p.partners[p.n_partners++] = st->huawei_my;
	p.target_headcount = 1000;
	p.budget_minor = INT64_C(800000000); /* RM 8,000,000.00, illustrative */
	SET(p.currency, "MYR");
	p.funded = true;
	SET(p.starts_on, "2025-02-10");
	SET(p.ends_on, "2027-03-31");
	p.modes = TUNAS_MODE_IN_PERSON | TUNAS_MODE_BLENDED;
	for (i = 0; i < JTM_TRACKS; i++)
		add_track(&p, jtm_tracks[i].track);
	add_phase(&p, TUNAS_PHASE_LOCAL,
		  "Training and certification at the JTM-Huawei TVET "
		  "Centre",
		  "ILP Kuala Lumpur", "MY", "2025-02-10", "2027-03-31");
	p.rules.min_age = 18;
	p.rules.max_age = 40;
	p.rules.min_isced = 3; /* SPM */
	p.rules.statuses[p.rules.n_statuses++] = TUNAS_EMP_JOB_SEEKER;
	p.rules.statuses[p.rules.n_statuses++] = TUNAS_EMP_EMPLOYED;
	p.rules.statuses[p.rules.n_statuses++] = TUNAS_EMP_STUDENT;
	rc = add_programme(st, &prog, &p);
	if (rc != 0)
		goto out;

	/* The track courses and their units, then train-the-trainer. */
	for (i = 0; i < JTM_TRACKS && rc == 0; i++) {
		rc = add_course(st, &st->jtm_course[i], prog, jtm_tracks[i].course_code,
				jtm_tracks[i].course_title, 120, jtm_tracks[i].cert);
		for (u = 0; u < JTM_UNITS && rc == 0; u++) {
			memset(&unit, 0, sizeof unit);
			unit.course_id = st->jtm_course[i];
			SET(unit.code, jtm_tracks[i].units[u].code);
			SET(unit.title, jtm_tracks[i].units[u].title);
			rc = tunas_unit_create(st->ctx, &unit, &unit);
			st->jtm_unit[i][u] = unit.id;
		}
		/* Every unit of the track's course verified competent. */
		if (rc == 0)
			rc = set_course_rule(st, st->jtm_course[i], true, false);
	}
	if (rc == 0)
		rc = add_course(st, NULL, prog, "JTMHW-TTT",
				"Train-the-trainer: teaching 5G, AI, cloud and IoT in TVET", 80,
				"");
	/* Completion: 80% attendance; certificates valid for three years. */
	if (rc == 0)
		rc = set_programme_rule(st, prog, 80, false, false, 36);
	if (rc != 0)
		goto out;

	/* Cohorts 1 and 2 of each track, 2025: 8 x 50 = 400 trained (seed
	 * 000: "more than 400 individuals ... first batch of 1,000"), plus a
	 * few who withdrew. trainer.ilpkl teaches them all. */
	for (batch = 0; batch < 2; batch++) {
		for (i = 0; i < JTM_TRACKS; i++) {
			snprintf(name, sizeof name, "%s cohort %d", jtm_tracks[i].track, batch + 1);
			rc = add_cohort(st, &cohort, prog, st->ilpkl, name, 55,
					batch == 0 ? "2025-02-17" : "2025-06-09",
					batch == 0 ? "2025-05-16" : "2025-09-05", st->trainer_user);
			if (rc != 0)
				goto out;
			memset(done, 0, sizeof *done);
			rc = jtm_batch(st, cohort, 50, TUNAS_ENROL_ENROLLED,
				       (int)rng_between(&st->rng, 0, 3), NULL, done);
			if (rc == 0)
				rc = jtm_run_completed(st, done, i, batch);
			act_as(st, &st->op);
			if (rc != 0)
				goto out;
		}
	}
	/* Verification shows both other states: one certificate suspended,
	 * one revoked. */
	act_as(st, &st->centre_ilpkl);
	rc = tunas_cert_set_status(st->ctx, &cert, st->cert_to_suspend, TUNAS_CERT_SUSPENDED,
				   "Suspended while the centre reviews a complaint about the "
				   "trainee's attendance records");
	if (rc == 0)
		rc = tunas_cert_set_status(st->ctx, &cert, st->cert_to_revoke, TUNAS_CERT_REVOKED,
					   "Issued in error: wrong cohort");
	act_as(st, &st->op);
	if (rc != 0)
		goto out;

	/* In training now: 5G cohort 3 (taught by instructor.ilpkl, with the
	 * demo trainee) and AI cohort 3; their sessions and marks come at the
	 * end of the load. */
	rc = add_cohort(st, &cohort, prog, st->ilpkl, "5G cohort 3", 40, "2026-09-07", "2026-12-04",
			st->instructor_user);
	if (rc != 0)
		goto out;
	rc = jtm_batch(st, cohort, 38, TUNAS_ENROL_ENROLLED, 0, &st->trainee_person, &st->jtm_5g3);
	if (rc != 0)
		goto out;
	/* Applicants the rules refuse: two over 40, one with PT3 only. */
	for (i = 0; i < (int)COUNT(rejected_edu); i++) {
		if (i < 2)
			gen_malaysian(st, &q, tunas_days_from_civil(1972, 1, 1),
				      tunas_days_from_civil(1982, 12, 31), 72);
		else
			gen_malaysian(st, &q, tunas_days_from_civil(1990, 1, 1),
				      tunas_days_from_civil(2004, 12, 31), 72);
		SET(q.edu_level, rejected_edu[i]);
		q.employment = TUNAS_EMP_JOB_SEEKER;
		q.registered_by_org = st->ilpkl;
		rc = add_person(st, &person, &q);
		if (rc == 0)
			rc = enrol(st, NULL, person, cohort, TUNAS_ENROL_REJECTED, NULL);
		if (rc != 0)
			goto out;
	}

	rc = add_cohort(st, &cohort, prog, st->ilpkl, "AI cohort 3", 40, "2026-09-07", "2026-12-04",
			0);
	if (rc == 0)
		rc = jtm_batch(st, cohort, 36, TUNAS_ENROL_ENROLLED, 2, NULL, &st->jtm_ai3);
	if (rc != 0)
		goto out;

	/* Next intake, deliberately full: 36 accepted into 30 places leaves
	 * 6 on the waitlist; 4 more applications await a decision. */
	rc = add_cohort(st, &cohort, prog, st->ilpkl, "Cloud cohort 3", 30, "2027-01-11",
			"2027-03-26", 0);
	if (rc == 0)
		rc = jtm_batch(st, cohort, 36, TUNAS_ENROL_ACCEPTED, 0, NULL, NULL);
	if (rc == 0)
		rc = jtm_batch(st, cohort, 4, TUNAS_ENROL_APPLIED, 0, NULL, NULL);
out:
	tunas_free(done);
	return rc;
}

/* ---------------------------------------------------------------------------
 * Seeds 001 and 002: civil servants.
 */

static const demo_choice senior_education[] = {
	{"DEGREE", 45},
	{"MASTER", 45},
	{"PHD", 10},
};

/* A civil servant of ministry `m` (index), or of JPA when m < 0. */
static void gen_civil_servant(demo_state *st, tunas_person *p, int m, int64_t born_lo,
			      int64_t born_hi, int64_t registered_by)
{
	gen_malaysian(st, p, born_lo, born_hi, 55);
	SET(p->edu_level, rng_choose(&st->rng, senior_education, COUNT(senior_education)));
	p->employment = TUNAS_EMP_CIVIL_SERVANT;
	if (m >= 0) {
		p->employer_org_id = st->ministry[m];
		SET(p->employer_name, ministries[m].name);
	} else {
		p->employer_org_id = st->jpa;
		SET(p->employer_name, "Jabatan Perkhidmatan Awam (Public Service Department)");
	}
	SET(p->region, rng_choose(&st->rng, civil_servant_home, COUNT(civil_servant_home)));
	p->registered_by_org = registered_by;
}

#define DLE_SIZE 30
#define ZTE_SIZE 20

/* A session of a programme without instructor accounts, planned by the
 * operator: day, times, the index of its course, kind, title, venue. */
typedef struct {
	int phase;
	int course;
	tunas_session_kind kind;
	const char *from;
	int from_hm;
	const char *to;
	int to_hm;
	const char *title;
	const char *venue;
} demo_meeting;

static int64_t day_of_str(const char *s)
{
	return tunas_days_from_civil(atoi(s), atoi(s + 5), atoi(s + 8));
}

/* Plan the meetings and take a sheet at each, as whoever acts now. */
static int run_meetings(demo_state *st, demo_class *c, const int64_t *courses,
			const demo_meeting *mt, size_t n, const char *const *zones,
			const demo_odds *odds)
{
	demo_venue v;
	int64_t session = 0;
	size_t i;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		v.cohort = c->cohort;
		v.phase = mt[i].phase;
		v.course = courses[mt[i].course];
		v.zone = zones[mt[i].phase > 0 ? mt[i].phase - 1 : 0];
		v.venue = mt[i].venue;
		v.instructor = 0;
		rc = add_session(st, &session, &v, mt[i].kind, mt[i].title, day_of_str(mt[i].from),
				 mt[i].from_hm, day_of_str(mt[i].to), mt[i].to_hm);
		if (rc == 0)
			rc = take_attendance(st, session, c, odds);
	}
	return rc;
}

/* Issue the certificates of a completed class, as whoever acts now. */
static int certify_class(demo_state *st, const demo_class *c)
{
	tunas_certificate cert;
	int i, rc = 0;

	for (i = 0; i < c->n && rc == 0; i++)
		rc = tunas_cert_issue(st->ctx, &cert, c->person[i], c->cohort);
	return rc;
}

/* DLE cohort 2: six module days at INTAN, everyone completes with at most
 * one day missed (the rule asks 80%) and gets INTAN's certificate. */
static const demo_meeting dle_meetings[] = {
	{1, 0, TUNAS_SESSION_LECTURE, "2025-05-12", 900, "2025-05-12", 1630,
	 "Opening: leading digital transformation in the public sector", "INTAN Bukit Kiara"},
	{1, 0, TUNAS_SESSION_WORKSHOP, "2025-06-10", 900, "2025-06-10", 1630,
	 "Workshop: a digital strategy for a ministry", "INTAN Bukit Kiara"},
	{1, 1, TUNAS_SESSION_LECTURE, "2025-07-08", 900, "2025-07-08", 1630,
	 "Data-driven, people-first decisions", "INTAN Bukit Kiara"},
	{1, 1, TUNAS_SESSION_WORKSHOP, "2025-08-12", 900, "2025-08-12", 1630,
	 "Workshop: designing citizen-centric services with data", "INTAN Bukit Kiara"},
	{1, 2, TUNAS_SESSION_LECTURE, "2025-09-09", 900, "2025-09-09", 1630,
	 "5G, cloud and AI in public services", "INTAN Bukit Kiara"},
	{1, 2, TUNAS_SESSION_WORKSHOP, "2025-10-28", 900, "2025-10-28", 1630,
	 "Capstone presentations to the panel", "INTAN Bukit Kiara"},
};

static int dle_run(demo_state *st, demo_class *c, int64_t prog, const int64_t *courses)
{
	static const char *const zones[] = {"Asia/Kuala_Lumpur"};
	static const demo_odds odds = {30, 40, 20, 1, officer_excuses, COUNT(officer_excuses)};
	int rc;

	rc = set_programme_rule(st, prog, 80, false, false, 0);
	if (rc == 0)
		rc = run_meetings(st, c, courses, dle_meetings, COUNT(dle_meetings), zones, &odds);
	if (rc == 0)
		rc = complete_class(st, c);
	if (rc == 0)
		rc = certify_class(st, c);
	return rc;
}

/* ZTE-MMU: the local month at MMU Cyberjaya, then the attachment in China
 * (times in Asia/Shanghai), with a logbook and the host supervisors'
 * evaluations of both phases; the rule asks for 80% attendance and a
 * satisfactory evaluation of every phase. The hubs named are
 * illustrative. */
static const demo_meeting zte_meetings[] = {
	{1, 0, TUNAS_SESSION_LECTURE, "2025-06-16", 900, "2025-06-16", 1630,
	 "Opening; fundamentals of AI and cybersecurity", "Multimedia University, Cyberjaya"},
	{1, 0, TUNAS_SESSION_LAB, "2025-06-19", 900, "2025-06-19", 1700,
	 "Lab: threat detection and incident response", "Multimedia University, Cyberjaya"},
	{1, 1, TUNAS_SESSION_LECTURE, "2025-06-24", 900, "2025-06-24", 1230,
	 "Generative AI: capabilities, limits and risks", "Multimedia University, Cyberjaya"},
	{1, 1, TUNAS_SESSION_WORKSHOP, "2025-06-27", 900, "2025-06-27", 1630,
	 "Workshop: AI-powered governance systems", "Multimedia University, Cyberjaya"},
	{1, 1, TUNAS_SESSION_LAB, "2025-07-01", 900, "2025-07-01", 1700,
	 "Lab: a generative AI assistant for a public service", "Multimedia University, Cyberjaya"},
	{1, 2, TUNAS_SESSION_SIMULATION, "2025-07-04", 900, "2025-07-04", 1700,
	 "Simulation: a national cyber incident, tabletop exercise",
	 "Multimedia University, Cyberjaya"},
	{1, 2, TUNAS_SESSION_LAB, "2025-07-09", 900, "2025-07-09", 1700,
	 "Lab: public-sector digital innovation sprint", "Multimedia University, Cyberjaya"},
	{1, 2, TUNAS_SESSION_WORKSHOP, "2025-07-15", 900, "2025-07-15", 1630,
	 "Phase one review and briefing for the attachment", "Multimedia University, Cyberjaya"},
	{2, 3, TUNAS_SESSION_LECTURE, "2025-07-22", 930, "2025-07-22", 1700,
	 "Welcome and briefing: ZTE and China's digital economy",
	 "ZTE Corporation headquarters, Shenzhen"},
	{2, 3, TUNAS_SESSION_FIELD_VISIT, "2025-07-28", 900, "2025-08-01", 1700,
	 "Field visit: 5G smart city infrastructure", "Shenzhen"},
	{2, 3, TUNAS_SESSION_CASE_STUDY, "2025-08-19", 900, "2025-08-19", 1700,
	 "Case study: digital governance platforms",
	 "ZTE research and development centre, Nanjing"},
	{2, 3, TUNAS_SESSION_FIELD_VISIT, "2025-09-15", 900, "2025-09-19", 1700,
	 "Field visit: data centres and security operations centres", "Nanjing and Shanghai"},
	{2, 3, TUNAS_SESSION_WORKSHOP, "2025-10-21", 900, "2025-10-21", 1700,
	 "Workshop: cybersecurity frameworks for the public sector",
	 "ZTE research and development centre, Nanjing"},
	{2, 3, TUNAS_SESSION_WORKSHOP, "2025-11-25", 900, "2025-11-25", 1700,
	 "Attachment review: presentations to ZTE and MMU",
	 "ZTE Corporation headquarters, Shenzhen"},
};

static const struct {
	const char *day;
	const char *activities;
} zte_logbook[] = {
	{"2025-07-29", "Smart city operations centre: how city services share 5G and IoT data; "
		       "notes on what my ministry's online services could reuse."},
	{"2025-08-19", "Case study of a provincial e-government platform: service design, rules "
		       "for sharing data between agencies, lessons for Malaysia."},
	{"2025-09-16", "Security operations centre: incident triage, sharing threat intelligence, "
		       "how the centre is staffed around the clock."},
	{"2025-10-21", "Cybersecurity frameworks workshop: mapped my agency's controls against "
		       "the framework and drafted an action list for the return."},
};

static const char *const zte_comments[] = {
	"Engaged fully in every activity; clear, practical proposals for the ministry.",
	"Strong contributions to group work; good grasp of the governance questions.",
	"Asked sharp questions on the field visits; the final presentation was well argued.",
	"Steady participation; should share the notes with the ministry's IT division.",
};

static int zte_run(demo_state *st, demo_class *c, int64_t prog, const int64_t *courses)
{
	static const char *const zones[] = {"Asia/Kuala_Lumpur", "Asia/Shanghai"};
	static const demo_odds odds = {20, 40, 0, 0, officer_excuses, COUNT(officer_excuses)};
	static const int ratings[] = {3, 4, 4, 4, 4, 4, 4, 5, 5, 5}; /* 1 poor .. 5 excellent */
	tunas_logbook_entry e;
	tunas_phase_evaluation ev;
	int rc, i, ph;
	size_t k;

	rc = set_programme_rule(st, prog, 80, true, false, 0);
	if (rc == 0)
		rc = run_meetings(st, c, courses, zte_meetings, COUNT(zte_meetings), zones, &odds);
	for (i = 0; i < c->n && rc == 0; i++) {
		for (k = 0; k < COUNT(zte_logbook) && rc == 0; k++) {
			memset(&e, 0, sizeof e);
			e.cohort_id = c->cohort;
			e.person_id = c->person[i];
			e.phase = 2;
			SET(e.day, zte_logbook[k].day);
			SET(e.activities, zte_logbook[k].activities);
			e.minutes = (int)rng_between(&st->drng, 10, 16) * 30;
			rc = tunas_logbook_add(st->ctx, &e, &e);
		}
		for (ph = 1; ph <= 2 && rc == 0; ph++) {
			memset(&ev, 0, sizeof ev);
			ev.cohort_id = c->cohort;
			ev.person_id = c->person[i];
			ev.phase = ph;
			SET(ev.supervisor_name, ph == 1 ? "Programme coordinator, phase one"
							: "Host supervisor, industry attachment");
			SET(ev.supervisor_org,
			    ph == 1 ? "Multimedia University" : "ZTE Corporation");
			ev.rating = ratings[rng_between(&st->drng, 0, (int64_t)COUNT(ratings) - 1)];
			ev.satisfactory = true;
			SET(ev.comments, rng_pick(&st->drng, zte_comments, COUNT(zte_comments)));
			SET(ev.evaluated_on, ph == 1 ? "2025-07-15" : "2025-11-28");
			rc = tunas_phase_evaluate(st->ctx, &ev, &ev);
		}
	}
	if (rc == 0)
		rc = complete_class(st, c);
	if (rc == 0)
		rc = certify_class(st, c);
	return rc;
}

static int load_civil_service(demo_state *st)
{
	tunas_programme p;
	tunas_person q;
	demo_class *dle = NULL, *zte = NULL;
	int64_t dle_prog = 0, zte_prog = 0, person = 0;
	int64_t first_dle_person = 0, dle_course[3] = {0}, zte_course[4] = {0};
	int rc, i, m;

	dle = tunas_calloc(1, sizeof *dle);
	zte = tunas_calloc(1, sizeof *zte);
	if (dle == NULL || zte == NULL) {
		rc = TUNAS_ENOMEM;
		goto out;
	}

	/* Seed 001: INTAN-Huawei Digital Leadership Excellence. */
	programme_init(
		&p, "INTAN-HW-DLE-2025", "Digital Leadership Excellence (DLE) Programme at INTAN",
		"Digital leadership for Malaysia's civil service under the INTAN-Huawei MoU: "
		"digital transformation, critical ICT skills and data-driven, people-first "
		"decisions for citizen-centric services. The same MoU covers Huawei's Seeds for "
		"the Future and the Huawei ICT Academy, and brings civil servants onto judging "
		"panels of Seeds for the Future and the Huawei ICT Competition.",
		st->intan, 0, st->pship_intan);
	p.partners[p.n_partners++] = st->huawei_my;
	p.target_headcount = DLE_SIZE;
	p.budget_minor = INT64_C(18000000); /* RM 180,000.00, illustrative */
	SET(p.currency, "MYR");
	p.funded = true;
	SET(p.starts_on, "2025-05-12");
	SET(p.ends_on, "2025-10-31");
	p.modes = TUNAS_MODE_IN_PERSON | TUNAS_MODE_BLENDED;
	add_track(&p, "Digital leadership");
	add_track(&p, "AI");
	add_track(&p, "Cloud");
	add_track(&p, "5G");
	add_phase(&p, TUNAS_PHASE_LOCAL, "DLE modules and capstone",
		  "INTAN Bukit Kiara, "
		  "Kuala Lumpur",
		  "MY", "2025-05-12", "2025-10-31");
	p.rules.min_isced = 6; /* a degree */
	p.rules.statuses[p.rules.n_statuses++] = TUNAS_EMP_CIVIL_SERVANT;
	rc = add_programme(st, &dle_prog, &p);
	if (rc == 0)
		rc = add_course(st, &dle_course[0], dle_prog, "DLE-01",
				"Leading digital transformation in the "
				"public sector",
				24, "");
	if (rc == 0)
		rc = add_course(st, &dle_course[1], dle_prog, "DLE-02",
				"Data-driven, people-first decision "
				"making",
				16, "");
	if (rc == 0)
		rc = add_course(st, &dle_course[2], dle_prog, "DLE-03",
				"Emerging technologies for public "
				"services: 5G, cloud and AI",
				24, "");
	if (rc == 0)
		rc = add_cohort(st, &dle->cohort, dle_prog, st->intan_campus,
				"DLE cohort 2 (INTAN)", DLE_SIZE, "2025-05-12", "2025-10-31", 0);
	if (rc != 0)
		goto out;
	/* The 30 participants are taken to "enrolled" now and completed at
	 * the end, so that one of them is still in training when applying
	 * to the overlapping ZTE-MMU programme below. */
	for (i = 0; i < DLE_SIZE; i++) {
		m = (int)rng_between(&st->rng, -1, N_MINISTRIES - 1);
		if (i == 0)
			m = 0; /* a ministry, so only the overlap rule can refuse */
		gen_civil_servant(st, &q, m, tunas_days_from_civil(1972, 1, 1),
				  tunas_days_from_civil(1992, 12, 31), st->intan_campus);
		rc = add_person(st, &person, &q);
		if (rc == 0)
			rc = enrol_into(st, dle, person);
		if (rc != 0)
			goto out;
		if (i == 0)
			first_dle_person = person;
	}

	/* Seed 002: ZTE-MMU, sponsored by JPA. */
	programme_init(
		&p, "JPA-ZTE-MMU-2025",
		"Shaping the Future-Fit Public Services with Cybersecurity in the AI Landscape",
		"Upskilling of senior government officers in artificial intelligence and "
		"cybersecurity by ZTE Corporation and Multimedia University, fully sponsored by "
		"the Public Service Department (JPA). Phase one: a month of intensive training "
		"at Multimedia University (lectures, hands-on labs and simulations on AI, "
		"GenAI, AI-powered governance, cybersecurity and public-sector digital "
		"innovation). Phase two: an industry attachment in China organised by ZTE with "
		"MMU's academic support (field visits, case studies and workshops on smart city "
		"infrastructure, digital governance models and cybersecurity frameworks).",
		st->jpa, st->jpa, st->pship_zte);
	p.partners[p.n_partners++] = st->zte;
	p.partners[p.n_partners++] = st->zte_my;
	p.partners[p.n_partners++] = st->mmu;
	p.target_headcount = ZTE_SIZE;
	p.budget_minor = INT64_C(300000000); /* RM 3,000,000.00, illustrative */
	SET(p.currency, "MYR");
	p.funded = true;
	SET(p.starts_on, "2025-05-05");
	SET(p.ends_on, "2025-11-28");
	p.modes = TUNAS_MODE_IN_PERSON;
	add_track(&p, "AI");
	add_track(&p, "Cybersecurity");
	add_phase(&p, TUNAS_PHASE_LOCAL,
		  "Local intensive training: lectures, hands-on labs "
		  "and simulations",
		  "Multimedia University, Cyberjaya", "MY", "2025-06-16", "2025-07-15");
	add_phase(&p, TUNAS_PHASE_OVERSEAS,
		  "Industry attachment: field visits, case studies "
		  "and workshops",
		  "ZTE technology hubs, China", "CN", "2025-07-21", "2025-11-28");
	p.rules.min_isced = 6;
	p.rules.statuses[p.rules.n_statuses++] = TUNAS_EMP_CIVIL_SERVANT;
	for (i = 0; i < N_MINISTRIES; i++)
		p.rules.agencies[p.rules.n_agencies++] = st->ministry[i];
	rc = add_programme(st, &zte_prog, &p);
	if (rc == 0)
		rc = add_course(st, &zte_course[0], zte_prog, "ZTEMMU-L1",
				"Fundamentals of AI and cybersecurity", 60, "");
	if (rc == 0)
		rc = add_course(st, &zte_course[1], zte_prog, "ZTEMMU-L2",
				"Generative AI and AI-powered "
				"governance systems",
				50, "");
	if (rc == 0)
		rc = add_course(st, &zte_course[2], zte_prog, "ZTEMMU-L3",
				"Public-sector digital innovation: "
				"labs and simulations",
				50, "");
	if (rc == 0)
		rc = add_course(st, &zte_course[3], zte_prog, "ZTEMMU-O1",
				"Industry attachment in China: smart "
				"city infrastructure, digital governance, cybersecurity "
				"frameworks",
				480, "");
	if (rc == 0)
		rc = add_cohort(st, &zte->cohort, zte_prog, st->mmu_campus,
				"Future-Fit Public Services 2025", ZTE_SIZE, "2025-05-05",
				"2025-11-28", 0);
	if (rc != 0)
		goto out;
	/* 20 senior officers: one from each of the 14 ministries, the other
	 * six from ministries drawn at random. */
	for (i = 0; i < ZTE_SIZE; i++) {
		m = i < N_MINISTRIES ? i : (int)rng_between(&st->rng, 0, N_MINISTRIES - 1);
		gen_civil_servant(st, &q, m, tunas_days_from_civil(1968, 1, 1),
				  tunas_days_from_civil(1985, 12, 31), st->mmu_campus);
		rc = add_person(st, &person, &q);
		if (rc == 0)
			rc = enrol_into(st, zte, person);
		if (rc != 0)
			goto out;
	}
	/* A DLE participant still in training applies too: both programmes
	 * are publicly funded and their dates overlap, so this is refused. */
	rc = enrol(st, NULL, first_dle_person, zte->cohort, TUNAS_ENROL_REJECTED, NULL);
	if (rc != 0)
		goto out;

	/* Both run to the end; the operator keeps their records, since
	 * neither has accounts of its own in the demo. */
	rc = zte_run(st, zte, zte_prog, zte_course);
	if (rc == 0)
		rc = dle_run(st, dle, dle_prog, dle_course);
out:
	tunas_free(dle);
	tunas_free(zte);
	return rc;
}

/* ---------------------------------------------------------------------------
 * Seed 003: Kemnaker-Huawei SmartGen.
 */

static const demo_choice smartgen_education[] = {
	{"SD", 8}, {"SMP", 12}, {"SMA", 20}, {"SMK", 45}, {"D3", 8}, {"S1", 7},
};

/* The runs at every centre: BTS and microwave, two batches each; the
 * second BTS batch overlaps the first microwave one in another workshop.
 * About 58 applicants a run (two classes), so that the programme reaches
 * its 1,000 certifications. */
static const struct {
	const char *name, *from, *to;
	int course; /* 0 BTS, 1 microwave */
} smartgen_runs[SMARTGEN_RUNS] = {
	{"BTS installation, batch 1", "2019-08-19", "2019-10-11", 0},
	{"Microwave installation, batch 1", "2019-10-28", "2019-12-13", 1},
	{"BTS installation, batch 2", "2019-11-04", "2019-12-20", 0},
	{"Microwave installation, batch 2", "2020-01-06", "2020-02-21", 1},
};

static const struct {
	const char *cert, *prefix, *lab;
} smartgen_courses[2] = {
	{"Huawei SmartGen certification: BTS installation", "SGBTS",
	 "Lab: BTS cabinet, antenna and feeder installation"},
	{"Huawei SmartGen certification: microwave installation", "SGMW",
	 "Lab: microwave ODU, IDU and antenna installation"},
};

/* A run from timetable to certificate, by the centre's admin where the
 * demo has one (Bekasi) and by the operator elsewhere: four sessions with
 * their sheets (at most one missed: the rule asks 75%), the Huawei exam on
 * the last day, recorded with its number and three-year expiry, and
 * completion, which issues the certificates since the programme certifies
 * automatically. */
static int smartgen_run(demo_state *st, demo_class *c, int centre, int run, int64_t course)
{
	static const demo_odds odds = {30, 20, 30, 1, trainee_excuses, COUNT(trainee_excuses)};
	const demo_bbpvp *b = &bbpvp_centres[centre];
	int64_t from = day_of_str(smartgen_runs[run].from), to = day_of_str(smartgen_runs[run].to);
	int k = smartgen_runs[run].course;
	char venue[TUNAS_NAME_MAX + 1], sites[TUNAS_NAME_MAX + 1];
	demo_venue v;
	int64_t session[4];
	int i, rc;

	snprintf(venue, sizeof venue, "%s, telecommunications workshop", b->short_name);
	snprintf(sites, sizeof sites, "Tower sites around %s", b->short_name + strlen("BBPVP "));
	v.cohort = c->cohort;
	v.phase = 0;
	v.course = course;
	v.zone = b->zone;
	v.venue = venue;
	v.instructor = 0;
	act_as(st, centre == 0 ? &st->centre_bekasi : &st->op);
	rc = add_session(st, &session[0], &v, TUNAS_SESSION_LECTURE,
			 "Occupational safety, working at height and tower climbing", from, 800,
			 from, 1600);
	if (rc == 0)
		rc = add_session(st, &session[1], &v, TUNAS_SESSION_LAB, smartgen_courses[k].lab,
				 from + 14, 800, from + 14, 1600);
	v.venue = sites;
	if (rc == 0)
		rc = add_session(st, &session[2], &v, TUNAS_SESSION_FIELD_VISIT,
				 "Field practice: installation on a live tower site", from + 28,
				 800, from + 30, 1600);
	v.venue = venue;
	if (rc == 0)
		rc = add_session(st, &session[3], &v, TUNAS_SESSION_LAB,
				 "Practical examination for the Huawei SmartGen certification", to,
				 800, to, 1200);
	for (i = 0; i < 4 && rc == 0; i++)
		rc = take_attendance(st, session[i], c, &odds);
	for (i = 0; i < c->n && rc == 0; i++)
		rc = add_vendor_cert(st, c->person[i], smartgen_courses[k].cert,
				     smartgen_courses[k].prefix, to);
	if (rc == 0)
		rc = complete_class(st, c);
	act_as(st, &st->op);
	return rc;
}

/* Fail loudly if the data fall short of the seed's 1,000 certifications. */
static int smartgen_check(demo_state *st)
{
	tunas_certificate *certs = NULL;
	tunas_page page = {0, TUNAS_PAGE_MAX};
	size_t n = 0, total = 0;
	int i, rc = 0;

	for (i = 0; i < st->n_smartgen_cohorts && rc == 0; i++) {
		rc = tunas_cert_list(st->ctx, &certs, &n, 0, st->smartgen_cohort[i], &page);
		total += n;
		free(certs);
		certs = NULL;
	}
	if (rc == 0 && total < SMARTGEN_CERTS)
		rc = tunas_ctx_fail(st->ctx, TUNAS_ERROR, NULL,
				    "SmartGen has %zu certificates; seed 003 says %d", total,
				    SMARTGEN_CERTS);
	return rc;
}

static int load_smartgen(demo_state *st)
{
	tunas_programme p;
	tunas_person q;
	demo_class *cls = NULL;
	int64_t prog = 0, person = 0, course[2] = {0};
	char name[TUNAS_NAME_MAX + 1];
	int rc, c, r, i, n;

	cls = tunas_calloc(1, sizeof *cls);
	if (cls == NULL) {
		rc = TUNAS_ENOMEM;
		goto out;
	}

	programme_init(
		&p, "KEMNAKER-HW-SMARTGEN-2019",
		"SmartGen: BTS and microwave installation training for job seekers",
		"Smart Generation (SmartGen), Kemnaker and Huawei Indonesia: job seekers under "
		"the guidance of Kemnaker's vocational training centres (BBLK, now BBPVP), with "
		"schooling from primary school (SD) and vocational school (SMK) to bachelor's "
		"degree (S1), are trained to install Base Transceiver Station (BTS) and "
		"microwave equipment, with 1,000 certifications, bridging their competencies "
		"and what industry needs. Continues the Kemnaker-Huawei MoU of 2018.",
		st->kemnaker, 0, st->pship_kemnaker);
	p.partners[p.n_partners++] = st->huawei_id;
	p.target_headcount = 1000;
	p.budget_minor = INT64_C(6000000000); /* Rp 6,000,000,000, illustrative */
	SET(p.currency, "IDR");
	p.funded = true;
	SET(p.starts_on, "2019-08-05");
	SET(p.ends_on, "2020-02-28");
	p.modes = TUNAS_MODE_IN_PERSON;
	add_track(&p, "BTS");
	add_track(&p, "Microwave");
	p.rules.min_age = 18;
	p.rules.max_age = 35;
	p.rules.statuses[p.rules.n_statuses++] = TUNAS_EMP_JOB_SEEKER;
	rc = add_programme(st, &prog, &p);
	if (rc == 0)
		rc = add_course(st, &course[0], prog, "SMARTGEN-BTS",
				"Base Transceiver Station (BTS) installation", 160,
				smartgen_courses[0].cert);
	if (rc == 0)
		rc = add_course(st, &course[1], prog, "SMARTGEN-MW",
				"Microwave equipment installation", 160, smartgen_courses[1].cert);
	/* Completion: 75% attendance and the course's Huawei certification
	 * (valid when the cohort ended); the certificate is issued on
	 * completion and does not expire (the Huawei certifications do, after
	 * three years). */
	if (rc == 0)
		rc = set_course_rule(st, course[0], false, true);
	if (rc == 0)
		rc = set_course_rule(st, course[1], false, true);
	if (rc == 0)
		rc = set_programme_rule(st, prog, 75, false, true, 0);
	if (rc != 0)
		goto out;

	for (c = 0; c < N_BBPVP; c++) {
		for (r = 0; r < SMARTGEN_RUNS; r++) {
			snprintf(name, sizeof name, "%s, %s", bbpvp_centres[c].short_name,
				 smartgen_runs[r].name);
			memset(cls, 0, sizeof *cls);
			rc = add_cohort(st, &cls->cohort, prog, st->bbpvp[c], name, 60,
					smartgen_runs[r].from, smartgen_runs[r].to, 0);
			if (rc != 0)
				goto out;
			st->smartgen_cohort[st->n_smartgen_cohorts++] = cls->cohort;
			n = (int)rng_between(&st->rng, 56, 60);
			for (i = 0; i < n; i++) {
				gen_indonesian(st, &q, c, tunas_days_from_civil(1985, 9, 1),
					       tunas_days_from_civil(2001, 7, 31), 88);
				SET(q.edu_level, rng_choose(&st->rng, smartgen_education,
							    COUNT(smartgen_education)));
				q.employment = TUNAS_EMP_JOB_SEEKER;
				q.registered_by_org = st->bbpvp[c];
				rc = add_person(st, &person, &q);
				if (rc != 0)
					goto out;
				if (rng_percent(&st->rng, 7))
					rc = enrol(st, NULL, person, cls->cohort,
						   TUNAS_ENROL_WITHDRAWN,
						   rng_pick(&st->rng, withdrawal_reasons,
							    COUNT(withdrawal_reasons)));
				else
					rc = enrol_into(st, cls, person);
				if (rc != 0)
					goto out;
			}
			/* One applicant per centre already has a job: the
			 * programme is for job seekers, so it is refused. */
			if (r == 0) {
				gen_indonesian(st, &q, c, tunas_days_from_civil(1985, 9, 1),
					       tunas_days_from_civil(2001, 7, 31), 88);
				SET(q.edu_level, "SMK");
				q.employment = TUNAS_EMP_EMPLOYED;
				q.employer_org_id = st->employer_id;
				SET(q.employer_name, "PT Karya Menara Nusantara");
				q.registered_by_org = st->bbpvp[c];
				rc = add_person(st, &person, &q);
				if (rc == 0)
					rc = enrol(st, NULL, person, cls->cohort,
						   TUNAS_ENROL_REJECTED, NULL);
				if (rc != 0)
					goto out;
			}
			rc = smartgen_run(st, cls, c, r, course[smartgen_runs[r].course]);
			if (rc != 0)
				goto out;
		}
	}
	rc = smartgen_check(st);
out:
	tunas_free(cls);
	return rc;
}

/* ---------------------------------------------------------------------------
 * Trainers: JTM-Huawei's cascade (seed 000: TVET instructors trained to
 * teach the same technologies; 24 to HCIA). A Huawei master trainer takes
 * the train-the-trainer cohort of 24 JTM instructors, trainer.ilpkl and
 * instructor.ilpkl among them; trainer.ilpkl then taught the 400 of 2025.
 */

#define JTM_TTT_INSTRUCTORS 24

static const struct {
	const char *course, *requires;
} jtm_trainer_rules[] = {
	{"JTMHW-5G-HCIA", "Huawei HCIA-5G"},
	{"JTMHW-AI-HCIA", "Huawei HCIA-AI"},
	{"JTMHW-CLOUD-HCIA", "Huawei HCIA-Cloud"},
	{"JTMHW-IOT-HCIA", "Huawei HCIA-IoT"},
};

/* An instructor's person, registered by ILP KL, linked to their account. */
static int trainer_person(demo_state *st, int64_t *out, int64_t user)
{
	tunas_person p;
	int rc;

	gen_malaysian(st, &p, tunas_days_from_civil(1985, 1, 1),
		      tunas_days_from_civil(1996, 12, 31), 75);
	SET(p.edu_level, "DEGREE");
	p.employment = TUNAS_EMP_EMPLOYED;
	p.employer_org_id = st->ilpkl;
	SET(p.employer_name, "ILP Kuala Lumpur");
	p.registered_by_org = st->ilpkl;
	rc = add_person(st, out, &p);
	if (rc == 0 && user != 0)
		rc = tunas_trainer_link(st->ctx, user, *out);
	return rc;
}

static int add_qual(demo_state *st, int64_t person, const char *name, const char *prefix,
		    const char *issued, const char *expires)
{
	tunas_trainer_qual q;

	memset(&q, 0, sizeof q);
	q.person_id = person;
	SET(q.name, name);
	snprintf(q.number, sizeof q.number, "%s-%06lld", prefix, (long long)person);
	SET(q.issuer, "Huawei Technologies");
	SET(q.issued_on, issued);
	SET(q.expires_on, expires);
	return tunas_trainer_qual_add(st->ctx, &q, &q);
}

static int load_trainers(demo_state *st, const char *password)
{
	static const demo_odds all_present = {0, 0, 0, 0, NULL, 0};
	tunas_trainer_rule rule;
	demo_class *cls = NULL;
	demo_venue v;
	int64_t prog, ttt, course, master_user = 0, master, trainer, instructor, person, session;
	int rc, i, day;

	act_as(st, &st->op);
	if ((rc = demo_find_programme(st->ctx, &prog, "JTM-HW-TVET-2025")) != 0 ||
	    (rc = demo_find_course(st->ctx, &ttt, prog, "JTMHW-TTT")) != 0)
		return rc;
	if ((cls = tunas_calloc(1, sizeof *cls)) == NULL)
		return TUNAS_ENOMEM;
	/* The master trainer, seconded by Huawei to ILP KL, and the two
	 * demo instructors as people. */
	rc = add_user(st, &master_user, "master.huawei", "Huawei master trainer (demo)",
		      TUNAS_ROLE_INSTRUCTOR, st->ilpkl, 0, password);
	if (rc == 0)
		rc = trainer_person(st, &master, master_user);
	if (rc == 0)
		rc = trainer_person(st, &trainer, st->trainer_user);
	if (rc == 0)
		rc = trainer_person(st, &instructor, st->instructor_user);
	if (rc == 0)
		rc = add_qual(st, master, "Huawei HCIP-5G instructor", "HCIP", "2023-03-06",
			      "2026-12-31");
	/* Completing the train-the-trainer course makes a certified trainer. */
	memset(&rule, 0, sizeof rule);
	rule.course_id = ttt;
	SET(rule.awards, "JTM-Huawei certified trainer");
	rule.award_valid_months = 36;
	if (rc == 0)
		rc = tunas_trainer_rule_set(st->ctx, &rule);
	if (rc == 0)
		rc = add_cohort(st, &cls->cohort, prog, st->ilpkl, "Train-the-trainer cohort 1",
				JTM_TTT_INSTRUCTORS, "2025-02-10", "2025-02-14", master_user);
	v = (demo_venue){cls->cohort,
			 0,
			 ttt,
			 "Asia/Kuala_Lumpur",
			 "ILP Kuala Lumpur, JTM-Huawei TVET Centre",
			 master_user};
	for (i = 0; i < JTM_TTT_INSTRUCTORS && rc == 0; i++) {
		person = i == 0 ? trainer : i == 1 ? instructor : 0;
		if (person == 0)
			rc = trainer_person(st, &person, 0);
		if (rc == 0)
			rc = enrol_into(st, cls, person);
	}
	for (day = 0; day < 5 && rc == 0; day++) {
		rc = add_session(st, &session, &v, TUNAS_SESSION_WORKSHOP,
				 "Train-the-trainer: teaching 5G, AI, cloud and IoT",
				 tunas_days_from_civil(2025, 2, 10) + day, 900,
				 tunas_days_from_civil(2025, 2, 10) + day, 1700);
		if (rc == 0)
			rc = take_attendance(st, session, cls, &all_present);
	}
	if (rc == 0)
		rc = complete_class(st, cls);
	/* Their HCIA certifications, and what the track courses require. */
	if (rc == 0)
		rc = add_qual(st, trainer, "Huawei HCIA-5G", "HCIA5G", "2024-06-03", "2027-06-03");
	if (rc == 0)
		rc = add_qual(st, trainer, "Huawei HCIA-AI", "HCIAAI", "2024-06-03", "2027-06-03");
	if (rc == 0)
		rc = add_qual(st, trainer, "Huawei HCIA-Cloud", "HCIACLD", "2024-06-03",
			      "2027-06-03");
	if (rc == 0)
		rc = add_qual(st, trainer, "Huawei HCIA-IoT", "HCIAIOT", "2024-06-03",
			      "2027-06-03");
	if (rc == 0)
		rc = add_qual(st, instructor, "Huawei HCIA-5G", "HCIA5G", "2025-03-03",
			      "2028-03-03");
	for (i = 0; i < (int)COUNT(jtm_trainer_rules) && rc == 0; i++) {
		memset(&rule, 0, sizeof rule);
		if ((rc = demo_find_course(st->ctx, &course, prog, jtm_trainer_rules[i].course)) !=
		    0)
			break;
		rule.course_id = course;
		SET(rule.requires, jtm_trainer_rules[i].requires);
		rc = tunas_trainer_rule_set(st->ctx, &rule);
	}
	tunas_free(cls);
	return rc;
}

/* ---------------------------------------------------------------------------
 * Entry point.
 */

int tunas_demo_load(tunas_ctx *ctx, tunas_demo_summary *out, const char *password, uint64_t seed)
{
	tunas_programme *existing = NULL;
	demo_state *st = NULL;
	tunas_page page = {0, 1};
	size_t n = 0;
	tunas_person trainee;
	int64_t id = 0;
	bool created = false, in_tx = false;
	int rc;

	if (ctx == NULL || password == NULL) {
		rc = TUNAS_EINVAL;
		goto out;
	}
	rc = tunas_programme_list(ctx, &existing, &n, &page);
	if (rc != 0)
		goto out;
	if (n > 0) {
		rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, NULL,
				    "the database already holds programmes; load the demo "
				    "into an empty database");
		goto out;
	}
	st = tunas_calloc(1, sizeof *st);
	if (st == NULL) {
		rc = TUNAS_ENOMEM;
		goto out;
	}
	st->ctx = ctx;
	st->rng.state = seed;
	st->drng.state = seed ^ UINT64_C(0x6a09e667f3bcc908);
	st->op = *tunas_principal_get(ctx);

	/* Certificates need the installation's issuer key, as after `tunas
	 * init`; only the operator (a system admin) may make it. It is made
	 * outside the load's transaction, as init would. */
	rc = tunas_issuer_key_ensure(ctx, &created);
	if (rc != 0)
		goto out;
	rc = tunas_tx_begin(ctx);
	if (rc != 0)
		goto out;
	in_tx = true;

	rc = load_orgs(st);
	if (rc == 0)
		rc = load_users(st, password);
	if (rc == 0)
		rc = load_partnerships(st);
	if (rc == 0)
		rc = load_jtm(st);
	if (rc == 0)
		rc = load_civil_service(st);
	if (rc == 0)
		rc = load_smartgen(st);
	if (rc != 0)
		goto out;

	/* The trainee account: the first trainee of 5G cohort 3, whose cohort
	 * (and AI cohort 3) are now run up to mid-November 2026. */
	rc = tunas_person_get(ctx, &trainee, st->trainee_person);
	if (rc != 0)
		goto out;
	rc = add_user(st, &id, "trainee.demo", trainee.full_name, TUNAS_ROLE_TRAINEE, st->ilpkl,
		      st->trainee_person, password);
	if (rc != 0)
		goto out;
	principal_init(&st->trainee, id, TUNAS_ROLE_TRAINEE, st->ilpkl, st->trainee_person,
		       "trainee.demo");
	rc = jtm_run_in_training(st);
	act_as(st, &st->op);
	if (rc == 0) {
		demo_skills_refs refs = {st->employer_my, st->employer_id, st->ilpkl,
					 st->employer_user};
		demo_skills_summary skills;

		rc = demo_skills_load(ctx, &skills, &refs, seed);
		st->sum.vacancies = skills.vacancies;
		st->sum.placements = skills.placements;
		st->sum.organisations += skills.organisations;
		st->sum.cohorts += skills.cohorts;
	}
	if (rc == 0) {
		demo_compete_refs crefs = {st->huawei_my, st->intan, st->jpa, st->ilpkl,
					   st->trainee_person};

		demo_compete_summary compete;

		rc = demo_compete_load(ctx, &compete, &crefs, password, seed);
		if (rc == 0)
			st->sum.users += compete.accounts;
	}
	if (rc == 0)
		rc = load_trainers(st, password);
	if (rc == 0)
		rc = demo_funding_load(ctx, NULL);
out:
	if (in_tx)
		rc = tunas_tx_finish(ctx, rc);
	if (st != NULL)
		tunas_set_principal(ctx, &st->op);
	if (rc == 0 && out != NULL)
		*out = st->sum;
	free(existing);
	tunas_free(st);
	return rc;
}
