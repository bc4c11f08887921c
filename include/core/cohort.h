/* cohort.h: the cohort report's model. For one assignment: every trainee on
 * its roster (and anyone else whose sessions came in), where each stands
 * (not started, in progress, submitted, passed; late by how many days), their
 * honest scores (best and pass/fail only over sessions that reached an
 * ending on the assigned pack version), first / last / best side by side,
 * the MITI 4.2.1 summary against its thresholds, and the replies that most
 * need a trainer's eye. cohort_compute() builds it from plain inputs (the
 * assignment, the roster, each session with its coded replies); the
 * renderers (app/report.h) only read it. Pure: no I/O, the day is given.
 *
 * Ownership: the inputs (attempts, their replies and strings, the roster)
 * are the caller's and must outlive the cohort; cohort_release frees what
 * cohort_compute allocated (trainees, cells, indexes). */
#ifndef MICOACH_COHORT_H
#define MICOACH_COHORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/assignment.h"
#include "core/coder.h"
#include "core/summary.h"

enum { COHORT_WEAKEST = 3, COHORT_NONE = -1 };

/* Why an attempt counts, or why not (in this order of precedence). */
enum attempt_count {
	COUNT_YES,               /* ended success, failure or limit on the assigned version */
	COUNT_OTHER_SCENARIO,    /* its scenario is no longer in the assignment */
	COUNT_OTHER_VERSION,     /* practised on another version of the pack */
	COUNT_UNFINISHED,        /* never ended (killed, or still running) */
	COUNT_QUIT,              /* the trainee stopped it (/quit) */
	COUNT_INTERRUPTED,       /* cut off (a signal, the terminal gone) */
	COUNT_NO_REPLIES,        /* ended without a scored reply */
};

/* One reply, borrowed from the caller's session record. */
struct cohort_reply {
	int turn;                        /* 1-based, as `show` numbers them */
	const char *client_line;         /* what the client had said before it */
	const char *reply;
	const struct coded_reply *coded;
};

/* One session at the assignment. The caller fills the inputs; cohort_compute
 * fills the rest. */
struct cohort_attempt {
	/* Inputs. */
	int64_t session;                 /* its number in this database (`show N`) */
	const char *uid, *user, *scenario, *pack_version;
	const char *started, *ended;     /* ISO 8601 UTC; ended NULL: never ended */
	const char *outcome;             /* NULL: never ended */
	const struct cohort_reply *replies;
	size_t nreplies;
	int hints;                       /* /hint used; -1: not recorded */
	int change_talk, missed_change;  /* client change talk evoked and missed; -1: not known */
	/* Computed. */
	enum attempt_count count;
	struct summary sum;              /* of its replies (summary_compute) */
	int overall;                     /* the mean of the four skill scores, rounded */
	bool passed;                     /* counted, and meets every pass rule */
	char why[160];                   /* the first pass rule it failed ("" when passed or not counted) */
	int late_days;                   /* days after the due date it was practised; 0: on time */
	int number;                      /* 1, 2, ... among the trainee's attempts, oldest first */
};

enum trainee_status { STATUS_NOT_STARTED, STATUS_IN_PROGRESS, STATUS_SUBMITTED, STATUS_PASSED };

/* One trainee on one scenario of the assignment. */
struct cohort_cell {
	const char *scenario;
	int attempts, counted;
	int first, last, best;           /* attempt indexes into cohort.attempts; COHORT_NONE */
	bool passed;
	int late_days;                   /* of the attempt that decided it; 0: on time */
	const char *last_practised;      /* the latest start of any attempt; NULL: never */
	const char *why;                 /* why the best counted attempt failed; NULL when passed */
};

/* A reply picked for the trainer's eye. */
struct weak_reply {
	int attempt;                     /* index into cohort.attempts */
	size_t reply;                    /* index into that attempt's replies */
	bool nonadherent;
	int lowest;                      /* its lowest rating (0-4) among the skills rated over it */
	int lowest_skill;                /* which skill that was */
};

/* MITI 4.2.1 summary pooled over a trainee's counted sessions. */
struct miti_pool {
	int sessions;
	size_t replies, questions, reflections, complex, adherent, nonadherent;
	double rq_ratio;                 /* reflections / questions; -1: no question */
	double pct_complex;              /* complex / reflections * 100; -1: no reflection */
	double technical, relational;    /* the global estimates' mean; -1: no session */
	int change_talk, missed_change;  /* summed; -1: not known for any session */
	int hints;                       /* summed; -1: not recorded */
};

struct cohort_trainee {
	const char *name;
	bool on_roster;                  /* false: sent sessions but is not on the roster */
	enum trainee_status status;
	int late_days;                   /* the most of its scenarios' late days; 0: on time */
	int overdue_days;                /* not yet submitted and the due date is this many days past */
	const char *last_practised;      /* NULL: never */
	const char *last_received;       /* when their last result file came; NULL: none */
	size_t first_cell;               /* cells[first_cell .. + nscenarios) */
	size_t passed;                   /* scenarios passed */
	int *attempts;                   /* indexes into cohort.attempts, oldest first */
	size_t nattempts, ncounted;
	int first, last, best;           /* over counted attempts of every scenario; COHORT_NONE */
	int skill[SKILL_COUNT];          /* over every counted reply the skill is rated over; -1: none */
	size_t skill_rated[SKILL_COUNT]; /* how many replies that was */
	struct miti_pool miti;
	struct weak_reply weakest[COHORT_WEAKEST];
	size_t nweakest;
};

struct cohort_skill {
	int skill;
	double mean;                     /* of each trainee's score; -1 when nobody has one */
	int below, trainees, threshold;
};

struct cohort {
	const struct assignment *a;
	char today[11];                  /* "YYYY-MM-DD", the day the report was made */
	int due_in;                      /* days from today to the due date (negative: past); only with a due date */
	bool has_roster;                 /* the assignment names its trainees */
	struct cohort_attempt *attempts; /* the caller's, in any order */
	size_t nattempts;
	struct cohort_trainee *trainees; /* by name: the roster and anyone else who sent sessions */
	size_t ntrainees;
	struct cohort_cell *cells;       /* trainee by scenario */
	size_t ncells;
	size_t by_status[STATUS_PASSED + 1];
	size_t late;                     /* trainees with late work */
	struct cohort_skill skills[SKILL_COUNT]; /* weakest first */
};

/* A result file received from a trainee for the assignment. */
struct cohort_file {
	const char *trainee;
	const char *received;            /* ISO 8601 UTC */
};

/* What a cohort is computed from; the caller's, borrowed. */
struct cohort_input {
	const struct assignment *a;
	const char *const *roster;       /* the trainees the assignment names (none: those who sent sessions) */
	size_t nroster;
	struct cohort_attempt *attempts; /* every session at the assignment; their computed fields are filled */
	size_t nattempts;
	const struct cohort_file *files;
	size_t nfiles;
	const char *today;               /* "YYYY-MM-DD...": the day of the report */
};

/* Build the cohort: the trainees of the roster and those who sent sessions,
 * and every attempt. */
void cohort_compute(struct cohort *c, const struct cohort_input *in);
void cohort_release(struct cohort *c);

/* Words for people. */
const char *trainee_status_name(enum trainee_status s);  /* "not started", "in progress", ... */
const char *attempt_count_name(enum attempt_count c);    /* "counted", "quit", "other pack version" ... */
/* The days from date a to date b (each "YYYY-MM-DD..."); 0 when either is not a date. */
int iso_days_between(const char *a, const char *b);

/* The MITI 4.2.1 thresholds, for the renderers. */
enum miti_measure { MITI_RQ, MITI_PCT_COMPLEX, MITI_TECHNICAL, MITI_RELATIONAL, MITI_MEASURES };
struct miti_threshold {
	const char *name;                /* "reflections per question" */
	double fair, good;
};
extern const struct miti_threshold miti_thresholds[MITI_MEASURES];
/* "below fair", "fair", "good"; "" for v < 0 (not defined). */
const char *miti_band(enum miti_measure m, double v);
/* The band of a pooled measure; reflections without any question are good
 * (MITI's ratio is undefined then, but nothing asked is better than 2:1). */
const char *miti_pool_band(const struct miti_pool *p, enum miti_measure m);

#endif
