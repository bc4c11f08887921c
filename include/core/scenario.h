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
#include "core/limits.h"

struct src_mark {
	const char *file;  /* points into the pack's file name storage */
	int line, col;     /* 1-based */
};

enum { METERS_MAX = LIMIT_METERS };

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

/* What the client says, as the author labels it (MISC 2.5): change talk,
 * sustain talk, or neither; unlabelled only in format 1 (and a lint warning
 * in format 2). */
enum client_talk { TALK_UNLABELLED, TALK_CHANGE, TALK_SUSTAIN, TALK_NEUTRAL };
/* The kind of change or sustain talk: DARN (desire, ability, reason, need),
 * then CAT (commitment, activation, taking steps). */
enum talk_kind {
	KIND_NONE, KIND_DESIRE, KIND_ABILITY, KIND_REASON, KIND_NEED,
	KIND_COMMITMENT, KIND_ACTIVATION, KIND_TAKING_STEPS, KIND_COUNT
};
const char *talk_name(enum client_talk t);     /* "change", "sustain", "neutral"; "" unlabelled */
int talk_parse(const char *name);              /* -1 when unknown */
const char *talk_kind_name(enum talk_kind k);  /* "desire" ... "taking_steps"; "" none */
int talk_kind_parse(const char *name);         /* -1 when unknown */

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
	/* format 2 */
	int asks;              /* -1 any, 1 the reply asks a question (OQ or CQ), 0 it does not */
	int permission;        /* -1 any, 1 it asks leave to tell, share or ask (client_moves.h), 0 not */
};

/* When a client line may be said (format 2; format 1 has `meters` only):
 *   when: "rapport >= 4"                      # a meter expression, or a mapping:
 *   when:
 *     codes: [CR], about: [dad], asks: true   # the reply just given (as a response's `when`)
 *     meters: "rapport >= 4"                  # the meters after the reply's effects
 *     raised: [bella, dog]                    # a word said by either side so far
 *     min_turns: 4                            # replies given so far, at least / at most
 *     max_turns: 10
 * Every part given must hold. */
struct line_cond {
	struct reply_match reply;  /* its `meters` part is unused: see `meters` below */
	bool on_reply;             /* some part of `reply` is set: the line answers a kind of reply */
	struct meter_expr meters;
	char **raised;             /* lower-cased words or phrases */
	size_t nraised;
	int min_turns, max_turns;  /* -1: no bound */
};

enum line_visit { VISIT_ANY, VISIT_FIRST, VISIT_AGAIN };
/* How a variant relates to the line chosen among the others: one of the
 * alternatives (ADDS_NONE), or said before or after it. */
enum line_adds { ADDS_NONE, ADDS_BEFORE, ADDS_AFTER };

/* A variant of a client line (a node's `say`, a response's `say_first`, an
 * answer, a move, an ending):
 *   say:
 *     - "Plain text, always eligible."
 *     - text: "Said only while resistance is high."
 *       when: "resistance >= 7"
 *       max_uses: 1            # how often it may be said in one session; 0 = unlimited
 *       talk: sustain          # format 2: change | sustain | neutral
 *       kind: reason           # with change or sustain talk
 *       thought: "They all think the same."   # what the client thinks but does not say
 *       visit: first           # first | again: only on the first visit, only on coming back
 *       adds: after            # before | after: said with the chosen line, not instead of it
 *       asks_info: true        # the client asks for information or advice
 */
struct line_variant {
	char *text;
	struct line_cond when;
	int max_uses;
	enum line_visit visit;
	enum line_adds adds;
	enum client_talk talk;
	enum talk_kind kind;
	char *thought;         /* NULL when none */
	bool asks_info;
	struct src_mark at;
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
 *     say_first: "optional line said before the next node's line"  # format 2: variants too
 *     thought: "optional: what the client thinks of this reply"     # format 2 */
struct branch {
	struct reply_match when;
	bool fallback;
	struct meter_effect *effects;
	size_t neffects;
	char *target;          /* node or ending id as written */
	int target_node;       /* resolved index into scenario.nodes, or -1 */
	int target_ending;     /* resolved index into scenario.endings, or -1 */
	struct line_variant *say_first; /* 0, 1 (format 1) or more variants */
	size_t nsay_first;
	char *thought;         /* NULL when none */
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
	struct line_variant *lines;  /* `say`: one text, or variants in format 2 */
	size_t nlines;
	const char *say;         /* lines[0].text, for readers that show one line */
	struct meter_expr when;  /* n == 0 with has_when false: only by goto */
	bool has_when;
	struct src_mark at;
};

/* answers: (format 2) what the client knows and says when asked about it.
 *   - about: [dad, father]          # a question that mentions one of these
 *     when: "rapport < 4"           # optional: a line condition on the answer
 *     say: "I'd rather not talk about him."   # one text or variants
 * The first answer whose `about` and `when` hold, and which has a line not
 * yet said, answers the question; its line comes before the node's. */
struct answer {
	char **about;          /* lower-cased words or phrases */
	size_t nabout;
	struct line_cond when;
	struct line_variant *say;
	size_t nsay;
	struct src_mark at;
};

/* Conversational moves every client makes (format 2; client_moves.h says
 * when each is made). A scenario may give its own lines for a move or turn
 * it off (`permission: false`); otherwise the defaults apply. */
enum client_move {
	MOVE_PERMISSION,       /* agrees to hear what the practitioner asked leave to say */
	MOVE_REFUSE,           /* refuses it */
	MOVE_HEARD,            /* acknowledges information they agreed to hear or asked for */
	MOVE_REPEAT,           /* notices the practitioner repeating themselves */
	MOVE_OVERSHOOT,        /* pushes back on a reflection that overshoots */
	MOVE_MISHEARD,         /* corrects a reflection that gets them wrong */
	MOVE_COUNT
};
const char *move_name(enum client_move m);  /* "permission", "refuse", ... */

struct move_lines {
	struct line_variant *say;  /* the scenario's lines, or the defaults */
	size_t nsay;
	bool off;              /* `false` in the scenario: the client never makes this move */
	bool given;            /* the scenario gave its own lines */
	struct src_mark at;
};

/* tests:
 *   - name: "reflecting the worry leads to a step"
 *     replies: ["You're worried about...", "..."]
 *     expect: names-a-step      # a node id (where the client is after the last reply) or an ending id
 *     seed: 1                   # optional; format 2: or seeds: [1, 2, 3]
 *     says: ["Go on"]           # format 2: words some client line must hold, in every seed
 *     never_says: ["Bella"]     # format 2: words no client line may hold */
struct scenario_test {
	char *name;
	char **replies;
	size_t nreplies;
	char *expect;
	unsigned seed;         /* seeds[0] */
	unsigned *seeds;       /* at least one */
	size_t nseeds;
	char **says;
	size_t nsays;
	char **never_says;
	size_t nnever_says;
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
	/* Only the header was read (the catalog's way, docs/ARCHITECTURE.md):
	 * everything above but start_node, nodes, endings, tests; no answers or
	 * moves. catalog_whole() gives the whole scenario, read from file. */
	bool header_only;
	/* format 2 (docs/scenario-format.md, "Format 2") */
	int format;            /* 1 (the default) or 2: the listening client */
	struct answer *answers;
	size_t nanswers;
	struct move_lines moves[MOVE_COUNT];
};

enum { SCENARIO_FORMAT_MAX = 2 };

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
	/* When set, packs added from a directory (catalog_add_dir) hold only
	 * their scenarios' headers, and whole() reads a scenario whole when a
	 * command needs more: it returns a scenario the edge that set it owns,
	 * or NULL after reporting why it could not (a file that broke or
	 * changed since). */
	bool headers_only;
	const struct scenario *(*whole)(void *ctx, const struct scenario *head);
	void *whole_ctx;
};

/* Free a pack and everything it owns. */
void pack_free(struct pack *p);
/* Add a loaded pack to cat, which takes it over. A pack whose id or one of
 * whose scenario ids is taken already is reported in dl, freed and refused
 * (-1): the pack found first wins. */
int catalog_add_pack(struct catalog *cat, struct pack *p, struct diag_list *dl);
/* Find a scenario by id, or by "pack/id". NULL when there is none. */
const struct scenario *catalog_find(const struct catalog *cat, const char *id);
/* s itself when it is whole, else its whole read through cat->whole (NULL
 * when there is none or it failed; it has said why). */
const struct scenario *catalog_whole(const struct catalog *cat, const struct scenario *s);
void catalog_release(struct catalog *cat);

/* Lookups over the model (pure). Return -1 when not found. */
int scenario_find_node(const struct scenario *s, const char *id);
int scenario_find_ending(const struct scenario *s, const char *id);
int scenario_find_meter(const struct scenario *s, const char *id);
bool meter_expr_eval(const struct meter_expr *e, const int *meters);
/* An empty reply match (any reply) and line condition (always). */
void reply_match_init(struct reply_match *m);
void line_cond_init(struct line_cond *c);

const char *stage_name(enum stage_of_change st);
const char *ending_kind_name(enum ending_kind k);
struct strbuf;
/* Append e as written: "resistance >= 10 and rapport < 3". */
void meter_expr_describe(struct strbuf *sb, const struct scenario *s, const struct meter_expr *e);

#endif
