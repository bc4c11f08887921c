/* review.h: what the review commands (history, show, progress, export,
 * rescore, compare) share: the session filter options, the documents of
 * `show --json` and `export` (built on the session record's one writer,
 * io/session_write.h), sessions and turns as CSV with the stable field names
 * of docs/export-format.md, and printing stored text inert in aligned
 * columns. */
#ifndef MICOACH_REVIEW_H
#define MICOACH_REVIEW_H

#include <stdbool.h>
#include <stdio.h>

#include "core/session.h"
#include "core/summary.h"
#include "core/util.h"
#include "io/emit.h"
#include "store/store.h"

/* The filter options shared by history and export. */
struct review_filter_opts {
	struct session_filter f;
	bool all_users;
};
/* Options: --scenario S, --pack P, --since DATE, --limit N, --offset N,
 * --all-users. review_filter_option handles one getopt_long result (opt,
 * optarg); returns 1 when it was a filter option, 0 when not, -1 (with a
 * message on stderr) when its value is bad. */
enum {
	REVIEW_OPT_SCENARIO = 1000, REVIEW_OPT_PACK, REVIEW_OPT_SINCE, REVIEW_OPT_LIMIT,
	REVIEW_OPT_OFFSET, REVIEW_OPT_ALL_USERS,
};
#define REVIEW_FILTER_LONGOPTS \
	{ "scenario", required_argument, NULL, REVIEW_OPT_SCENARIO }, \
	{ "pack", required_argument, NULL, REVIEW_OPT_PACK }, \
	{ "since", required_argument, NULL, REVIEW_OPT_SINCE }, \
	{ "limit", required_argument, NULL, REVIEW_OPT_LIMIT }, \
	{ "offset", required_argument, NULL, REVIEW_OPT_OFFSET }, \
	{ "all-users", no_argument, NULL, REVIEW_OPT_ALL_USERS }
int review_filter_option(struct review_filter_opts *o, int opt, const char *arg, const char *cmd);

/* Append s with control characters and escapes made inert (NULL: ""). */
void review_inert(struct strbuf *sb, const char *s);
/* Display columns of UTF-8 text (wcwidth; invalid bytes count one). */
size_t review_width(const char *s);
/* Append s inert, padded with spaces to width columns. */
void review_pad(struct strbuf *sb, const char *s, size_t width);
/* "2026-11-25T19:30:00Z" -> "2026-11-25 19:30" into buf. */
void review_date(char *buf, size_t n, const char *iso);
/* A sparkline (▁▂▃▄▅▆▇█) of values 0..100 appended to sb. */
void review_sparkline(struct strbuf *sb, const int *v, size_t n);

/* `show --json` of one session: {"session": HEADER, "turns": [...],
 * "summary": ..., "retried_in": [...], "notes": [...]}. */
void review_show_json(struct json *j, const struct session *s);
/* One element of `export`'s "sessions": the header with its turns. */
void review_export_session_json(struct json *j, const struct session *s);
/* CSV: the session columns' header and a row of them. */
void review_session_csv_header(struct csv *c);
void review_session_csv(struct csv *c, const struct session_info *si);
/* CSV: the turn columns' header (the session's key fields first) and a row. */
void review_turn_csv_header(struct csv *c);
void review_turn_csv(struct csv *c, const struct session_info *si, const struct session_turn *t);
/* A computed summary (summary.h) as a JSON object. */
void review_summary_json(struct json *j, const struct summary *sum);
/* Wrap s (made inert) into lines of at most width display columns, breaking
 * at spaces where it can; *lines is the caller's (free each, then it). */
size_t review_wrap(const char *s, size_t width, char ***lines);
/* The terminal's width ($COLUMNS, else the tty's, else 100). */
size_t review_term_width(void);
/* "CR+OQ" (primary first) into buf. */
void review_codes(char *buf, size_t n, const struct coded_reply *cr);

#endif
