/* report_load.c: the cohort report's data from the store (see report.h):
 * the assignment, every session linked to it with its turns, into the
 * core's cohort model, computed as of today. */
#include "app/report.h"

#include <stdlib.h>
#include <string.h>

#include "core/session_talk.h"
#include "core/util.h"
#include "io/clock.h"
#include "store/store_trainer.h"

static int sessions_load(struct store *st, int64_t row, struct report *r, struct error *err)
{
	struct session_filter f = { .assignment = row, .oldest_first = true };

	return store_load_sessions(st, &f, &r->sessions, &r->nsessions, err);
}

/* The scenario of session s at the pack version it was practised on, when
 * the catalog has that version loaded. */
static const struct scenario *scenario_of(const struct catalog *cat, const struct session_info *si)
{
	const struct scenario *sc = cat ? catalog_find(cat, si->scenario_id) : NULL;

	if (!sc || !sc->pack || !si->pack_id || !si->pack_version || strcmp(sc->pack->id, si->pack_id) ||
	    !sc->pack->version || strcmp(sc->pack->version, si->pack_version))
		return NULL;
	return catalog_whole(cat, sc);
}

/* Change talk evoked and missed: from the labels the session keeps, or when
 * the scenario labels its lines and the session replays on it as it was
 * stored. */
static void attempt_talk(const struct catalog *cat, const struct session *s, struct cohort_attempt *at)
{
	const struct scenario *sc = scenario_of(cat, &s->info);
	struct talk_summary ts;

	at->change_talk = at->missed_change = -1;
	if (session_talk(sc, s, &ts) != SESSION_TALK_OK)
		return;
	at->change_talk = (int)ts.change;
	at->missed_change = (int)ts.missed;
	talk_summary_release(&ts);
}

/* The cohort's view of each session: borrowed pointers into r->sessions. */
static void attempts_build(struct report *r, const struct catalog *cat)
{
	size_t nreplies = 0, k = 0;

	for (size_t i = 0; i < r->nsessions; i++)
		nreplies += r->sessions[i].nturns;
	r->replies = xcalloc(nreplies + 1, sizeof *r->replies);
	r->attempts = xcalloc(r->nsessions + 1, sizeof *r->attempts);
	for (size_t i = 0; i < r->nsessions; i++) {
		const struct session *ss = &r->sessions[i];
		const struct session_info *si = &ss->info;
		struct cohort_attempt *at = &r->attempts[i];

		at->session = si->id;
		at->uid = si->uid;
		at->user = si->user;
		at->scenario = si->scenario_id;
		at->pack_version = si->pack_version;
		at->started = si->started;
		at->ended = si->ended;
		at->outcome = si->outcome;
		at->hints = si->hints_recorded ? si->hints : -1;
		attempt_talk(cat, ss, at);
		at->replies = &r->replies[k];
		for (size_t t = 0; t < ss->nturns; t++) {
			const struct session_turn *st = &ss->turns[t];
			r->replies[k++] = (struct cohort_reply){
				.turn = st->index,
				.client_line = st->client_line,
				.reply = st->reply,
				.coded = &st->coded,
			};
		}
		at->nreplies = ss->nturns;
	}
}

int report_load(struct store *st, const struct catalog *cat, const char *id, struct report *r,
		struct error *err)
{
	int64_t row;

	memset(r, 0, sizeof *r);
	if (store_assignment_get(st, id, &r->a, &row, err))
		return -1;
	if (store_roster_get(st, row, &r->roster, &r->nroster, err) ||
	    store_assignment_files(st, row, &r->files_in, &r->nfiles, err) || sessions_load(st, row, r, err)) {
		report_release(r);
		return -1;
	}
	attempts_build(r, cat);
	r->files = xcalloc(r->nfiles + 1, sizeof *r->files);
	for (size_t i = 0; i < r->nfiles; i++)
		r->files[i] = (struct cohort_file){ r->files_in[i].trainee, r->files_in[i].imported };
	iso_now(r->generated, sizeof r->generated);
	struct cohort_input in = {
		.a = &r->a, .roster = (const char *const *)r->roster, .nroster = r->nroster,
		.attempts = r->attempts, .nattempts = r->nsessions, .files = r->files, .nfiles = r->nfiles,
		.today = r->generated,
	};
	cohort_compute(&r->cohort, &in);
	return 0;
}

void report_release(struct report *r)
{
	cohort_release(&r->cohort);
	for (size_t i = 0; i < r->nsessions; i++) {
		session_release(&r->sessions[i]);
	}
	free(r->sessions);
	store_assignment_files_free(r->files_in, r->nfiles);
	free(r->files);
	free(r->replies);
	free(r->attempts);
	store_names_free(r->roster, r->nroster);
	assignment_release(&r->a);
	memset(r, 0, sizeof *r);
}
