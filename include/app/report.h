/* report.h: the cohort report of one assignment (`micoach report`): loading
 * what it needs from the store into the core's cohort model (core/cohort.h),
 * and its four renderers: text for a terminal (inert), CSV and JSON for
 * spreadsheets and scripts, and one self-contained HTML file to print or
 * send. report_load.c loads; report_text.c writes text, CSV and JSON;
 * report_html.c writes HTML with inline SVG charts.
 * A struct report owns everything in it: report_release frees it. */
#ifndef MICOACH_REPORT_H
#define MICOACH_REPORT_H

#include <stdio.h>

#include "core/assignment.h"
#include "core/cohort.h"
#include "core/isotime.h"
#include "core/scenario.h"
#include "core/session.h"
#include "store/store.h"
#include "store/store_trainer.h"

struct report {
	struct assignment a;
	char **roster;                   /* the assignment's trainees, if it names them */
	size_t nroster;
	struct session *sessions;        /* every session linked to the assignment */
	size_t nsessions;
	struct cohort_reply *replies;    /* every session's replies, one array */
	struct cohort_attempt *attempts; /* one a session */
	struct assignment_file_entry *files_in; /* the result files imported for it */
	struct cohort_file *files;       /* the same, as the cohort reads them */
	size_t nfiles;
	struct cohort cohort;
	char generated[ISO_TIME_SIZE];   /* when the report was made */
};

/* Load assignment `id` and its sessions and compute the cohort as of now.
 * With cat (may be NULL), sessions of a scenario whose lines carry talk
 * labels (format 2), at the version loaded there, get their change talk.
 * EXIT_NOINPUT when there is no such assignment. */
int report_load(struct store *st, const struct catalog *cat, const char *id, struct report *r,
		struct error *err);
void report_release(struct report *r);

/* The renderers. Each writes the whole report to out; trainee text is made
 * inert (text), quoted (CSV, JSON) or HTML-escaped (HTML). */
void report_render_text(const struct report *r, FILE *out);
void report_render_csv(const struct report *r, FILE *out);
void report_render_json(const struct report *r, FILE *out);
void report_render_html(const struct report *r, FILE *out);

#endif
