/* coder.h: codes one practitioner reply after MITI 4.2.1 (questions split
 * open/closed), rates the four skills, and says why. Pure: no I/O. The model
 * (weights learned from AnnoMI, see docs/scoring.md) is loaded once by
 * coder_load() (io/model_file.c) and shared read-only. */
#ifndef MICOACH_CODER_H
#define MICOACH_CODER_H

#include <stdbool.h>
#include <stddef.h>
#include "core/error.h"

/* X-macro: code, short name, long name. Order is stored in the database by
 * short name, never by number. */
#define MI_CODES(X) \
	X(CODE_OQ, "OQ", "open question") \
	X(CODE_CQ, "CQ", "closed question") \
	X(CODE_SR, "SR", "simple reflection") \
	X(CODE_CR, "CR", "complex reflection") \
	X(CODE_AF, "AF", "affirm") \
	X(CODE_SEEK, "SEEK", "seeking collaboration") \
	X(CODE_AUTO, "AUTO", "emphasizing autonomy") \
	X(CODE_GI, "GI", "giving information") \
	X(CODE_PERS, "PERS", "persuade") \
	X(CODE_PWP, "PWP", "persuade with permission") \
	X(CODE_CONF, "CONF", "confront") \
	X(CODE_OTHER, "OTHER", "other")

#define MI_CODE_ENUM(e, s, l) e,
enum mi_code { MI_CODES(MI_CODE_ENUM) CODE_COUNT };
#undef MI_CODE_ENUM

#define CODE_BIT(c) (1u << (c))

/* X-macro: skill, name (in the database, JSON and pass rules), label (in
 * text for people). */
#define MI_SKILLS(X) \
	X(SKILL_EMPATHY, "empathy", "empathy") \
	X(SKILL_REFLECTION, "reflection", "reflection") \
	X(SKILL_DISCREPANCY, "discrepancy", "discrepancy") \
	X(SKILL_SELF_EFFICACY, "self_efficacy", "self-efficacy")

#define MI_SKILL_ENUM(e, s, l) e,
enum mi_skill { MI_SKILLS(MI_SKILL_ENUM) SKILL_COUNT };
#undef MI_SKILL_ENUM

const char *code_name(enum mi_code c);       /* "CR" */
const char *code_long_name(enum mi_code c);  /* "complex reflection" */
int code_parse(const char *name);            /* "cr" or "CR" -> CODE_CR; -1 if unknown */
const char *skill_name(enum mi_skill s);     /* "empathy", "reflection", "discrepancy", "self_efficacy" */
const char *skill_label(enum mi_skill s);    /* "self-efficacy": for text people read */
int skill_parse(const char *name);           /* -1 if unknown */

enum { CODER_MAX_CUES = 8, CODER_TIP_MAX = 200 };

/* The words of the reply that earned a code: a byte span of the reply. */
struct cue {
	enum mi_code code;
	size_t start, len;
};

struct coded_reply {
	unsigned codes;              /* bitmask of CODE_BIT() */
	enum mi_code primary;
	int skills[SKILL_COUNT];     /* 0..4 */
	bool nonadherent;            /* persuade, confront, warning, righting reflex */
	size_t ncues;
	struct cue cues[CODER_MAX_CUES];
	char tip[CODER_TIP_MAX];     /* one line, never empty */
};

/* What the coder may read besides the reply. All fields may be NULL / 0. */
struct coder_context {
	const char *client_last;       /* the client's last words before the reply */
	const char *practitioner_last; /* the practitioner's previous reply */
	const char *const *themes;     /* the scenario's / node's topic words */
	size_t nthemes;
	bool client_asked;             /* the client asked for information or advice (for PWP vs PERS) */
	bool client_asked_fact_only;   /* ...but only for a fact (client_asks_kind() ASK_FACT): advice after it is PERS */
	bool practice;                 /* typed in practice (a session, a scenario's test, rescore, code --practice):
					* never read as a demonstration transcript's line */
};

struct coder;  /* opaque, read-only once loaded */

/* Loaded from data/coder.model by coder_load() (io/model_file.h); freed by
 * coder_free. */
void coder_free(struct coder *c);
/* A version string for the database: model hash plus cue-rule version. */
const char *coder_version(const struct coder *c);

/* Code one reply. Never fails on any input (empty, huge, not UTF-8 is coded
 * OTHER); out is fully written. c may be NULL: the cue rules alone then
 * decide (less accurate; for tests and tools without the model). Not
 * reentrant: one reply at a time (micoach is single-threaded). */
void coder_code(const struct coder *c, const struct coder_context *ctx,
		const char *reply, struct coded_reply *out);

#endif
