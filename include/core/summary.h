/* summary.h: MITI 4.2.1 session summary scores from a session's coded replies.
 * Pure. Used by plain mode, the curses front end, the store and the reports. */
#ifndef MICOACH_SUMMARY_H
#define MICOACH_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include "core/coder.h"

enum rating_band { BAND_BELOW, BAND_FAIR, BAND_GOOD };

struct summary {
	size_t replies;
	size_t count[CODE_COUNT];        /* replies carrying each code */
	size_t questions, reflections;   /* OQ+CQ, SR+CR */
	double rq_ratio;                 /* reflections / questions; -1 when no question */
	double pct_complex;              /* CR / (SR + CR) * 100; -1 when no reflection */
	size_t adherent, nonadherent;    /* SEEK+AF+AUTO, PERS+CONF */
	double global_cultivating, global_softening, global_partnership, global_empathy; /* 1..5 */
	double technical, relational;    /* averages of the two pairs */
	int skill_score[SKILL_COUNT];    /* 0..100: the mean over the replies each applies to, x25 */
	enum rating_band rq_band, complex_band, technical_band, relational_band;
};

/* Codes are counted once per reply that carries them (a reflection then a
 * question counts toward both); each skill's score is its mean over the
 * replies it applies to (skill_applies), times 25, 0 when none does. */
void summary_compute(const struct coded_reply *replies, size_t n, struct summary *out);
/* Is skill s rated over reply r in a session's score? */
bool skill_applies(const struct coded_reply *r, enum mi_skill s);
const char *band_name(enum rating_band b);  /* "below fair", "fair", "good" */

#endif
