/* assignment.h: what a trainer asks of trainees: a pack and version, some of
 * its scenarios, a due date, a mode (coach or exam) and pass rules; and the
 * evaluation of one practised session against those rules. assignment.c is
 * pure (no I/O); reading an assignment file is assignment_load.c's job (the
 * YAML format is in docs/assignment-format.md, the tree comes from
 * yamldoc.h); writing one is assignment_format_yaml().
 * An assignment owns its strings: assignment_release frees them. */
#ifndef MICOACH_ASSIGNMENT_H
#define MICOACH_ASSIGNMENT_H

#include <stdbool.h>
#include <stddef.h>
#include "core/coder.h"
#include "core/diag.h"
#include "core/error.h"
#include "core/limits.h"
#include "core/util.h"

enum { ASSIGNMENT_MAX_SCENARIOS = 64, ASSIGNMENT_ID_MAX = 64, ASSIGNMENT_SIZE_MAX = 256 * 1024 };

/* The pass rules; every rule that is set must hold for a session to pass.
 * In YAML:   pass: {rq_ratio: 1.0, pct_complex: 40, no_codes: [CONF],
 *                   outcome: success, min_skill: {reflection: 60}, min_overall: 50}
 * On the command line (--pass) and in the database, the same rules as
 *   rq_ratio=1,pct_complex=40,no_codes=CONF+PERS,outcome=success,min_skill.reflection=60,min_overall=50 */
struct pass_rules {
	double rq_ratio;             /* reflections per question at least this; < 0: no rule */
	double pct_complex;          /* complex reflections at least this percent; < 0: no rule */
	unsigned no_codes;           /* CODE_BIT()s no reply may carry; 0: no rule */
	char outcome[16];            /* "success" etc.; "": no rule */
	int min_skill[SKILL_COUNT];  /* 0..100; -1: no rule */
	int min_overall;             /* 0..100; -1: no rule */
};

struct assignment {
	char *id;                    /* [a-z0-9._-], chosen by the trainer: "week3-alcohol" */
	char *title;                 /* may be NULL */
	char *pack_id;
	char *pack_version;
	char **scenarios;            /* scenario ids, at least one */
	size_t nscenarios;
	char *due;                   /* "YYYY-MM-DD" or NULL */
	bool exam;                   /* mode: exam (feedback held to the end) or coach */
	char *trainer;               /* may be NULL */
	struct pass_rules pass;
};

void pass_rules_init(struct pass_rules *r);      /* no rules */
bool pass_rules_empty(const struct pass_rules *r);
/* Parse the one-line form; on error -1 with a message naming the bad rule. */
int pass_rules_parse(const char *s, struct pass_rules *r, struct error *err);
/* The one-line form of r, appended to sb ("" when there are no rules). */
void pass_rules_format(const struct pass_rules *r, struct strbuf *sb);
/* The rules in words, for people: "reflections per question >= 1.00; ...". */
void pass_rules_describe(const struct pass_rules *r, struct strbuf *sb);

/* What the rules look at in one session. */
struct attempt {
	const char *outcome;         /* NULL when the session never ended */
	bool scored;                 /* has a summary */
	double rq_ratio;             /* -1 when no question was asked */
	double pct_complex;          /* -1 when no reflection was given */
	int skill[SKILL_COUNT];
	int overall;
	unsigned codes;              /* every code any of its replies carried */
	int replies;
};
/* true when a passes r. With why, the first rule that failed is appended
 * ("reflections per question 0.50 < 1.00"). An unfinished or unscored
 * session never passes. */
bool attempt_passes(const struct pass_rules *r, const struct attempt *a, struct strbuf *why);

/* Checks on the parts, shared by the YAML reader and `micoach assign`. */
bool assignment_id_valid(const char *id);
bool assignment_has_scenario(const struct assignment *a, const char *scenario_id);
/* The whole assignment as a YAML document that assignment_parse reads back. */
void assignment_format_yaml(const struct assignment *a, struct strbuf *sb);
/* Split "a,b,c" into the scenario list (replacing any); -1 on an empty or bad id. */
int assignment_set_scenarios(struct assignment *a, const char *list, struct error *err);
/* Semantic checks after reading: an id, a pack and version, scenarios, a
 * valid due date. -1 with the first problem. */
int assignment_check(const struct assignment *a, struct error *err);
void assignment_release(struct assignment *a);

#endif
