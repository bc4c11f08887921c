/* scenario.h: the scenario model, a plain tree of structs with no I/O.
 *
 * A pack is a directory holding pack.yaml plus one file per scenario, or a
 * single file holding both (see docs/scenario-format.md). The loader
 * (scenario_load.c and scenario_build.c, over the tree of yamldoc.h) builds
 * these structs; the validator, the dialogue engine and the front ends only
 * read them.
 * Every struct below belongs to the catalog or pack that holds it:
 * catalog_free() / pack_free() free everything.
 *
 * Every element keeps the place it came from (struct src_mark) so that the
 * validator and the dialogue tests can report "file:line:col". */
#ifndef MICOACH_SCENARIO_H
#define MICOACH_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include "core/coder.h"
#include "core/diag.h"
#include "core/error.h"

struct src_mark {
	const char *file;  /* points into the pack's file name storage */
	int line, col;     /* 1-based */
};

enum { METERS_MAX = 8 };

/* meters:  resistance: {min: 0, max: 10, start: 7, label: "Resistance"} */
struct meter_def {
	char *id;
	char *label;       /* shown on gauges; defaults to the id */
	int min, max, start;
	bool higher_is_better; /* `good: high|low`; resistance: low, readiness: high */
	struct src_mark at;
};

enum cmp_op { CMP_LT, CMP_LE, CMP_EQ, CMP_NE, CMP_GE, CMP_GT };

/* One comparison "resistance >= 6". A meter expression is a conjunction of
 * them written "resistance >= 6 and rapport < 3". */
struct meter_cmp {
	int meter;         /* index into scenario.meters */
	enum cmp_op op;
	int value;
};
struct meter_expr {
	struct meter_cmp *cmps;
	size_t n;          /* 0: always true */
};

/* A variant of the client's line:
 *   say:
 *     - "Plain text, always eligible."
 *     - text: "Said only while resistance is high."
 *       when: "resistance >= 7"
 *       max_uses: 1            # how often it may be said in one session; 0 = unlimited
 */
struct line_variant {
	char *text;
	struct meter_expr when;
	int max_uses;
	struct src_mark at;
};

/* What a branch asks of a reply; every part that is set must hold (AND).
 *   when:
 *     codes: [CR, AF]           # the reply carries at least one of these codes
 *     primary: [OQ]             # its primary code is one of these
 *     not_codes: [CONF]         # it carries none of these
 *     nonadherent: true         # the coder marked it MI-non-adherent (or false)
 *     skills: {reflection: 3}   # each named skill rated at least this (0..4)
 *     about: [kids, daughter]   # the reply mentions one of these words (stemmed)
 *     meters: "rapport >= 4"    # a meter expression over the meters before the turn
 */
struct reply_match {
	unsigned codes;        /* bitmask of (1u << enum mi_code); 0 = any */
	unsigned primary;      /* bitmask; 0 = any */
	unsigned not_codes;    /* bitmask; 0 = none excluded */
	int nonadherent;       /* -1 any, 0 must be adherent, 1 must be non-adherent */
	int min_skill[SKILL_COUNT]; /* -1 = no requirement */
	char **about;          /* words, already lower-cased */
	size_t nabout;
	struct meter_expr meters;
};

/*   effects: {resistance: +2, rapport: -1}   (clamped to each meter's range) */
struct meter_effect {
	int meter;
	int delta;
};

/* responses:
 *   - when: {...}             # or `fallback: true` on the last one
 *     effects: {...}
 *     goto: node-or-ending-id
 *     say_first: "optional line said before the next node's line" */
struct branch {
	struct reply_match when;
	bool fallback;
	struct meter_effect *effects;
	size_t neffects;
	char *target;          /* node or ending id as written */
	int target_node;       /* resolved index into scenario.nodes, or -1 */
	int target_ending;     /* resolved index into scenario.endings, or -1 */
	char *say_first;       /* may be NULL */
	struct src_mark at;
};

enum exemplar_strength { EXEMPLAR_WEAK, EXEMPLAR_STRONG };

/* exemplars:
 *   - reply: "It's frustrating to be told..."
 *     strength: strong
 *     why: "Complex reflection: names the frustration under the words." */
struct exemplar {
	char *reply;
	enum exemplar_strength strength;
	char *why;
	struct src_mark at;
};

struct node {
	char *id;
	char *about;           /* optional: what the client is talking about here, for trainers */
	struct line_variant *say;
	size_t nsay;
	struct branch *responses;
	size_t nresponses;
	struct exemplar *exemplars;
	size_t nexemplars;
	char **themes;         /* words the coder may treat as this moment's topics */
	size_t nthemes;
	struct src_mark at;
};

enum ending_kind { ENDING_SUCCESS, ENDING_FAILURE, ENDING_LIMIT };

/* endings:
 *   names-a-step: {kind: success, say: "...", when: "readiness >= 8"}
 *   walks-out:    {kind: failure, say: "...", when: "resistance >= 10"}
 *   out-of-time:  {kind: limit, say: "..."}
 * An ending is reached by a branch's goto, or after any turn when its `when`
 * holds (failure endings are checked before success endings), or, for the
 * limit ending, when turn_limit replies have been given. */
struct ending {
	char *id;
	enum ending_kind kind;
	char *say;
	struct meter_expr when;  /* n == 0 with has_when false: only by goto */
	bool has_when;
	struct src_mark at;
};

/* tests:
 *   - name: "reflecting the worry leads to a step"
 *     replies: ["You're worried about...", "..."]
 *     expect: names-a-step      # a node id (where the client is after the last reply) or an ending id
 *     seed: 1                   # optional */
struct scenario_test {
	char *name;
	char **replies;
	size_t nreplies;
	char *expect;
	unsigned seed;
	struct src_mark at;
};

struct persona {
	char *name;
	int age;               /* 0 when not given */
	char *situation;
	char *wants;
	char *fears;
	char *voice;           /* how they talk */
};

enum stage_of_change {
	STAGE_PRECONTEMPLATION, STAGE_CONTEMPLATION, STAGE_PREPARATION,
	STAGE_ACTION, STAGE_MAINTENANCE,
};

struct scenario {
	struct pack *pack;     /* the pack that holds it */
	char *id;              /* unique within the catalog */
	char *title;
	char *summary;
	int difficulty;        /* 1..5 */
	char *setting;
	char **tags;
	size_t ntags;
	enum stage_of_change stage;
	unsigned skills;       /* bitmask of (1u << enum mi_skill) it trains */
	struct persona persona;
	char *trainer_notes;   /* never shown as client text */
	char **themes;         /* scenario-wide topic words for the coder */
	size_t nthemes;
	struct meter_def meters[METERS_MAX];
	size_t nmeters;
	char *start;           /* id of the first node */
	int start_node;        /* resolved */
	int turn_limit;        /* replies before the limit ending; 0 = none */
	struct node *nodes;
	size_t nnodes;
	struct ending *endings;
	size_t nendings;
	struct scenario_test *tests;
	size_t ntests;
	char *file;            /* the file it was loaded from */
	struct src_mark at;
};

struct pack {
	char *id;
	char *title;
	char *version;         /* "1.2.0" */
	char *author;
	char *description;
	char **audience;
	size_t naudience;
	unsigned skills;       /* bitmask of enum mi_skill */
	char *dir;             /* directory or single file it was loaded from */
	struct scenario **scenarios;
	size_t nscenarios;
	char **files;          /* file names that src_marks point into */
	size_t nfiles;
};

struct catalog {
	struct pack **packs;
	size_t npacks;
	/* When set, a pack whose id is already loaded is skipped quietly: the
	 * user's installed packs, loaded first, override the bundled ones. */
	bool shadow_same_pack;
};

/* Free a pack and everything it owns. */
void pack_free(struct pack *p);
/* Add a loaded pack to cat, which takes it over. A pack whose id or one of
 * whose scenario ids is taken already is reported in dl, freed and refused
 * (-1): the pack found first wins. */
int catalog_add_pack(struct catalog *cat, struct pack *p, struct diag_list *dl);
/* Find a scenario by id, or by "pack/id". NULL when there is none. */
const struct scenario *catalog_find(const struct catalog *cat, const char *id);
void catalog_release(struct catalog *cat);

/* Lookups over the model (pure). Return -1 when not found. */
int scenario_find_node(const struct scenario *s, const char *id);
int scenario_find_ending(const struct scenario *s, const char *id);
int scenario_find_meter(const struct scenario *s, const char *id);
bool meter_expr_eval(const struct meter_expr *e, const int *meters);

const char *stage_name(enum stage_of_change st);
const char *ending_kind_name(enum ending_kind k);

#endif
