/* practice.c: one practice session: code, answer, save, in that order. */
#include "app/practice.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "io/recovery.h"
#include "store/store_recovered.h"
#include "core/util.h"
#include "io/clock.h"

/* While the database stays locked, later writes in the session wait this
 * long (ms) instead of the full busy timeout, so replies stay responsive;
 * the finish waits the full time again. */
enum { BUSY_RETRY_MS = 250 };

/* A fresh session uid: 32 lowercase hex digits. */
static void uid_make(char out[33])
{
	unsigned char b[16];
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	bool ok = fd >= 0 && read(fd, b, sizeof b) == (ssize_t)sizeof b;

	if (fd >= 0)
		close(fd);
	if (!ok) {
		struct timespec ts;
		unsigned long long x;
		clock_gettime(CLOCK_REALTIME, &ts);
		x = (unsigned long long)ts.tv_nsec * 6364136223846793005ULL ^ (unsigned long long)ts.tv_sec ^
		    ((unsigned long long)getpid() << 32);
		for (size_t i = 0; i < sizeof b; i++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			b[i] = (unsigned char)(x >> 56);
		}
	}
	for (size_t i = 0; i < sizeof b; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
}

/* Record the session in the store unless it is there already. */
static int session_ensure(struct practice *p, struct error *err)
{
	const struct practice_opts *o = &p->o;
	const struct scenario *s = o->scenario;

	if (!o->store || p->session_id)
		return 0;
	struct session_start ss = {
		.user = o->user,
		.scenario_id = s->id,
		.scenario_title = s->title,
		.pack_id = s->pack ? s->pack->id : "",
		.pack_version = s->pack ? s->pack->version : "",
		.coder_version = coder_version(o->coder),
		.seed = o->seed,
		.mode = o->exam ? "exam" : "coach",
		.retry_of = o->retry_of,
		.retry_turn = o->retry_turn,
		.assignment_id = o->assignment_id,
		.started = p->started,
		.uid = p->uid,
	};
	return store_begin_session(o->store, &ss, &p->session_id, err);
}

int practice_begin(struct practice *p, const struct practice_opts *o, struct error *err)
{
	const struct scenario *s = o->scenario;
	struct error e = {0};

	memset(p, 0, sizeof *p);
	p->o = *o;
	uid_make(p->uid);
	iso_now(p->started, sizeof p->started);
	dialogue_init(&p->d, s, o->seed);
	if (session_ensure(p, &e)) {
		if (err)
			*err = e;
		/* Nothing is answered yet; what the store refuses later is kept. */
		if (o->keep_unsaved && (e.status == EXIT_TEMPFAIL || e.status == EXIT_IOERR)) {
			p->store_busy = e.status == EXIT_TEMPFAIL;
			return 0;
		}
		dialogue_release(&p->d);
		return -1;
	}
	return 0;
}

const char *practice_client_line(const struct practice *p)
{
	return dialogue_line(&p->d);
}

bool practice_ended(const struct practice *p)
{
	return dialogue_ended(&p->d);
}

static int turn_save(struct practice *p, struct practice_turn *t, struct error *err)
{
	const struct scenario *s = p->o.scenario;
	const char *ids[METERS_MAX];
	const char *next;

	if (!p->o.store || t->saved)
		return 0;
	for (size_t m = 0; m < s->nmeters; m++)
		ids[m] = s->meters[m].id;
	next = t->step.ending >= 0 ? s->endings[t->step.ending].id
	     : t->step.to_node >= 0 ? s->nodes[t->step.to_node].id : "";
	struct turn_record rec = {
		.index = t->index,
		.node_id = t->node_id,
		.client_line = t->client_line,
		.reply = t->reply,
		.coded = &t->coded,
		.meter_ids = ids,
		.meters = t->step.meters,
		.nmeters = s->nmeters,
		.next_node = next,
		.client_next = t->step.line ? t->step.line : "",
		.at = t->at,
	};
	if (session_ensure(p, err))
		return -1;
	if (store_add_turn(p->o.store, p->session_id, &rec, err))
		return -1;
	t->saved = true;
	return 0;
}

/* Save every turn not saved yet, oldest first; stop at the first failure.
 * With quick, a database found locked before is given BUSY_RETRY_MS. */
static int turns_flush(struct practice *p, bool quick, struct error *err)
{
	struct error e = {0};
	int full = 0, rc = 0;

	if (!p->o.store)
		return 0;
	if (quick && p->store_busy) {
		full = store_busy_timeout(p->o.store);
		store_set_busy_timeout(p->o.store, full < BUSY_RETRY_MS ? full : BUSY_RETRY_MS);
	}
	for (size_t i = 0; i < p->nturns && !rc; i++)
		rc = turn_save(p, &p->turns[i], &e);
	if (quick && p->store_busy)
		store_set_busy_timeout(p->o.store, full);
	p->store_busy = rc && e.status == EXIT_TEMPFAIL;
	if (rc && err)
		*err = e;
	return rc;
}

size_t practice_unsaved(const struct practice *p)
{
	size_t n = 0;

	for (size_t i = 0; p->o.store && i < p->nturns; i++)
		n += !p->turns[i].saved;
	return n;
}

int practice_reply(struct practice *p, const char *reply,
		   const struct practice_turn **out, struct error *err)
{
	const struct scenario *s = p->o.scenario;
	struct practice_turn *t;
	const char *themes[64];
	size_t nthemes = 0;

	if (p->nturns == p->alloc) {
		p->alloc = p->alloc ? p->alloc * 2 : 16;
		p->turns = xrealloc(p->turns, p->alloc * sizeof *p->turns);
	}
	t = &p->turns[p->nturns++];
	memset(t, 0, sizeof *t);
	t->index = (int)p->nturns;
	t->node_id = xstrdup(p->d.node >= 0 ? s->nodes[p->d.node].id : "");
	t->client_line = xstrdup(dialogue_line(&p->d));
	t->reply = xstrdup(reply);
	iso_now(t->at, sizeof t->at);

	for (size_t i = 0; i < s->nthemes && nthemes < ARRAY_SIZE(themes); i++)
		themes[nthemes++] = s->themes[i];
	if (p->d.node >= 0) {
		const struct node *n = &s->nodes[p->d.node];
		for (size_t i = 0; i < n->nthemes && nthemes < ARRAY_SIZE(themes); i++)
			themes[nthemes++] = n->themes[i];
	}
	struct coder_context ctx = {
		.client_last = t->client_line,
		.practitioner_last = p->nturns > 1 ? p->turns[p->nturns - 2].reply : NULL,
		.themes = themes,
		.nthemes = nthemes,
	};
	coder_code(p->o.coder, &ctx, reply, &t->coded);
	dialogue_feed(&p->d, &t->coded, reply, &t->step);
	*out = t;
	return turns_flush(p, true, err);
}

void practice_summary(const struct practice *p, struct summary *sum)
{
	struct coded_reply *cr = xcalloc(p->nturns + 1, sizeof *cr);

	for (size_t i = 0; i < p->nturns; i++)
		cr[i] = p->turns[i].coded;
	summary_compute(cr, p->nturns, sum);
	free(cr);
}

int practice_finish(struct practice *p, const char *outcome, struct summary *sum,
		    struct error *err)
{
	const struct scenario *s = p->o.scenario;

	if (p->d.ending >= 0)
		outcome = s->endings[p->d.ending].kind == ENDING_SUCCESS ? "success"
			: s->endings[p->d.ending].kind == ENDING_FAILURE ? "failure" : "limit";
	p->outcome = outcome;
	p->finished = true;
	practice_summary(p, sum);
	if (!p->o.store)
		return 0;
	struct error e = {0};
	if (turns_flush(p, false, &e) == 0 && session_ensure(p, &e) == 0 &&
	    store_end_session(p->o.store, p->session_id, outcome, sum, &e) == 0)
		return 0;
	/* The store refused: nothing answered may be lost. */
	if (p->nturns) {
		struct error re = {0};
		struct strbuf sb = {0};
		strbuf_adds(&sb, e.msg);
		if (practice_save_recovery(p, e.msg, &re) == 0)
			strbuf_addf(&sb, "; the session and its %zu answered %s saved in %s; "
				    "add it to the database later with: micoach recover %s",
				    p->nturns, p->nturns == 1 ? "turn is" : "turns are", p->recovery_path,
				    p->recovery_path);
		else
			strbuf_addf(&sb, "; and no recovery file could be written either (%s)", re.msg);
		snprintf(e.msg, sizeof e.msg, "%s", sb.buf);
		strbuf_release(&sb);
	}
	if (err)
		*err = e;
	return -1;
}

/* The session as a recovery file's stored_session; the strings point into p
 * and its scenario (only the arrays are the caller's: recovery_session_free). */
static void recovery_session(const struct practice *p, struct stored_session *ss, const char **ids,
			     char ended[32])
{
	const struct scenario *s = p->o.scenario;
	struct session_info *si = &ss->info;

	memset(ss, 0, sizeof *ss);
	si->uid = (char *)p->uid;
	si->user = (char *)(p->o.user ? p->o.user : "");
	si->scenario_id = (char *)s->id;
	si->scenario_title = (char *)(s->title ? s->title : "");
	si->pack_id = (char *)(s->pack ? s->pack->id : "");
	si->pack_version = (char *)(s->pack ? s->pack->version : "");
	si->coder_version = (char *)coder_version(p->o.coder);
	si->seed = p->o.seed;
	si->mode = (char *)(p->o.exam ? "exam" : "coach");
	si->started = (char *)p->started;
	if (p->finished) {
		iso_now(ended, 32);
		si->ended = ended;
		si->outcome = (char *)p->outcome;
	}
	si->retry_of = p->o.retry_of;
	si->retry_turn = p->o.retry_turn;
	si->assignment_id = p->o.assignment_id;
	for (size_t m = 0; m < s->nmeters; m++)
		ids[m] = s->meters[m].id;
	ss->turns = xcalloc(p->nturns + 1, sizeof *ss->turns);
	ss->nturns = p->nturns;
	for (size_t i = 0; i < p->nturns; i++) {
		const struct practice_turn *t = &p->turns[i];
		struct stored_turn *st = &ss->turns[i];
		st->index = t->index;
		st->node_id = t->node_id;
		st->client_line = t->client_line;
		st->reply = t->reply;
		st->coded = t->coded;
		st->meter_ids = (char **)ids;
		st->meters = (int *)t->step.meters;
		st->nmeters = s->nmeters;
		st->next_node = (char *)(t->step.ending >= 0 ? s->endings[t->step.ending].id
				       : t->step.to_node >= 0 ? s->nodes[t->step.to_node].id : "");
		st->client_next = (char *)(t->step.line ? t->step.line : "");
		st->at = (char *)t->at;
	}
}

int practice_write_recovery(const struct practice *p, const char *reason, FILE *out, struct error *err)
{
	const char *ids[METERS_MAX];
	char ended[32];
	struct recovery r = {
		.database = (char *)(p->o.store ? store_path(p->o.store) : NULL),
		.reason = (char *)reason,
	};
	int rc;

	recovery_session(p, &r.session, ids, ended);
	rc = recovery_write(out, &r, err);
	free(r.session.turns);
	return rc;
}

int practice_save_recovery(struct practice *p, const char *reason, struct error *err)
{
	const char *ids[METERS_MAX];
	char ended[32];
	struct recovery r = {
		.database = (char *)(p->o.store ? store_path(p->o.store) : NULL),
		.reason = (char *)reason,
	};
	int rc;

	recovery_session(p, &r.session, ids, ended);
	free(p->recovery_path);
	p->recovery_path = NULL;
	rc = recovery_save(&r, p->o.recovery_dir, &p->recovery_path, err);
	free(r.session.turns);
	return rc;
}

void practice_release(struct practice *p)
{
	for (size_t i = 0; i < p->nturns; i++) {
		free(p->turns[i].node_id);
		free(p->turns[i].client_line);
		free(p->turns[i].reply);
	}
	free(p->turns);
	free(p->recovery_path);
	dialogue_release(&p->d);
	memset(p, 0, sizeof *p);
}
