/* scenario_int.h: what the scenario loader's files share; private to
 * src/scenario_load.c (files, packs), src/scenario_build.c (tree nodes to
 * model structs), src/scenario_lines.c (the client's lines, their labels and
 * conditions, answers, moves, the format-2 gate) and src/scenario_field.c
 * (located errors, typed fields, names, meter expressions). The YAML tree comes from yamldoc.h; these files
 * never see yaml.h. The limits are documented in docs/scenario-format.md. */
#ifndef MICOACH_SCENARIO_INT_H
#define MICOACH_SCENARIO_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/limits.h"
#include "core/scenario.h"
#include "yaml/yamldoc.h"

enum {
	FILE_MAX = 4 * 1024 * 1024, /* bytes per file */
	DEPTH_MAX = 16,             /* nested mappings and lists */
	ITEMS_MAX = 4096,           /* entries in one mapping or list */
	FILES_MAX = 1000,           /* scenario files in one pack directory */
	VARIANTS_MAX = 64,          /* variants in one list of lines (say:, say_first:, a move...) */
	ANSWERS_MAX = 256,          /* answers: in one scenario */
	SEEDS_MAX = 16,             /* seeds: of one test */
	SEEDS_DEFAULT = 4,          /* a test without seed or seeds plays at seeds 1 to 4 */
	ID_MAX = LIMIT_ID,          /* characters in an id */
	METER_LIMIT = LIMIT_METER,  /* |min|, |max|, |value| in expressions */
	EFFECT_LIMIT = 1000,        /* |delta| */
	ERRORS_MAX = 100,           /* errors reported for one pack; the rest are counted only */
};

/* One pack being loaded. */
struct loader {
	struct diag_list *dl;
	const char *file;      /* the file being read, owned by the pack */
	int errors;
	struct scenario *s;    /* the scenario being built, for name resolution */
	struct {               /* keys suggested for misspelt ones, per mapping */
		const struct yamldoc_node *map;
		const char *key;
	} *suggested;          /* point into the current file's tree */
	size_t nsuggested;
	size_t bytes;          /* of the pack's files read so far (LIMIT_PACK_BYTES) */
	bool over;             /* past LIMIT_PACK_BYTES: said once, nothing more read */
	bool header;           /* read scenarios' headers only (the catalog's read) */
};

/* The keys of a scenario a header read does not build (scenario_build.c
 * reads the rest), NULL-terminated. */
extern const char *const scenario_body_keys[];

/* ---- scenario_field.c ---- */

/* A located error in L->file, counted; past ERRORS_MAX only counted. */
__attribute__((format(printf, 4, 5)))
void err_at(struct loader *L, int line, int col, const char *fmt, ...);
__attribute__((format(printf, 3, 4)))
void err_node(struct loader *L, const struct yamldoc_node *n, const char *fmt, ...);
/* " (did you mean 'x'?)" or "", in a static buffer for one message. */
const char *did_you_mean(const struct loader *L, const char *word, const char *const *cands, size_t n);
/* A located error when s (of node v, under key) is over max bytes: the
 * limits of core/limits.h, which sessions, recovery and result files share. */
void check_bytes(struct loader *L, const struct yamldoc_node *v, const char *s, size_t max, const char *key);
/* A scalar quoted for a message, shortened (one of four static buffers). */
const char *shorten(const char *s);
/* "a mapping", "a list", "nothing" or the quoted scalar, for messages. */
const char *ytype(const struct yamldoc_node *v);
const struct yamldoc_node *map_get(const struct yamldoc_node *m, const char *key);
/* Report keys of m not in keys[] (NULL-terminated), with a suggestion. */
void map_check_keys(struct loader *L, const struct yamldoc_node *m, const char *what, const char *const *keys);
/* Was key suggested for a misspelt key of m? */
bool misspelt_present(const struct loader *L, const struct yamldoc_node *m, const char *key);
bool want_map(struct loader *L, const struct yamldoc_node *v, const char *key);
char *want_str(struct loader *L, const struct yamldoc_node *v, const char *key);
char *field_str(struct loader *L, const struct yamldoc_node *m, const char *key, bool required,
		const char *what);
bool want_int(struct loader *L, const struct yamldoc_node *v, const char *key, long long lo, long long hi,
	      long long *out);
int field_int(struct loader *L, const struct yamldoc_node *m, const char *key, int lo, int hi, int dflt,
	      bool required, const char *what);
bool want_bool(struct loader *L, const struct yamldoc_node *v, const char *key, bool *out);
bool want_strlist(struct loader *L, const struct yamldoc_node *v, const char *key, char ***out, size_t *nout);
bool check_id(struct loader *L, const struct yamldoc_node *at, const char *s, const char *what);
char *field_id(struct loader *L, const struct yamldoc_node *m, const char *key, const char *what);
extern const char *const skill_names[SKILL_COUNT];
int name_index(const char *s, const char *const *names, size_t n, bool anycase);
bool want_codes(struct loader *L, const struct yamldoc_node *v, const char *key, unsigned *out);
bool want_skill_set(struct loader *L, const struct yamldoc_node *v, const char *key, unsigned *out);
int resolve_meter(struct loader *L, const struct yamldoc_node *at, int line, int col, const char *name,
		  const char *key);
/* "resistance >= 6 and rapport < 3" */
bool want_expr(struct loader *L, const struct yamldoc_node *v, const char *key, struct meter_expr *out);

/* ---- scenario_lines.c ---- */

/* Is the scenario being built in format 2? */
bool scenario_is_v2(const struct loader *L);
/* In a format-1 scenario, an error at each key of m that is one of keys[]
 * (NULL-terminated): they are format-2 keys. */
void check_format2_keys(struct loader *L, const struct yamldoc_node *m, const char *const *keys);
/* The reply parts of a `when` mapping (codes, primary, not_codes,
 * nonadherent, skills, about, asks, permission); true when any was given. */
bool build_reply_keys(struct loader *L, struct reply_match *rm, const struct yamldoc_node *v);
void build_line_cond(struct loader *L, const struct yamldoc_node *v, const char *key, struct line_cond *c);
enum { LINES_ENDING = 1, LINES_EMPTY_OK = 2 };
/* One text or a list of 1 to VARIANTS_MAX variants into *out (owned by the scenario). */
void build_variants(struct loader *L, const struct yamldoc_node *x, const char *key, struct line_variant **out,
		    size_t *nout, unsigned flags);
void build_answers(struct loader *L, struct scenario *s, const struct yamldoc_node *v);
void build_moves(struct loader *L, struct scenario *s, const struct yamldoc_node *v);

/* ---- scenario_build.c ---- */

/* A scenario mapping into a new scenario of p (added even when it has errors). */
struct scenario *build_scenario(struct loader *L, struct pack *p, const struct yamldoc_node *v);
/* The 'pack' mapping into p's id, title, version... */
void build_pack_meta(struct loader *L, struct pack *p, const struct yamldoc_node *v);

#endif
