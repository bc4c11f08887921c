/* practice.c: one practice session: code, answer, save, in that order. The
 * session record is built here, turn by turn, as the store will keep it. */
#include "app/practice.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/context.h"
#include "core/util.h"
#include "io/clock.h"
#include "io/recovery.h"
#include "store/store_recovered.h"

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
	if (!p->o.store || p->session.info.id)
		return 0;
	return store_begin_session(p->o.store, &p->session.info, &p->session.info.id, err);
}

/* The session's header, as the store and a recovery file will keep it. */
static void header_init(struct practice *p)
{
	const struct practice_opts *o = &p->o;
	const struct scenario *s = o->scenario;
	struct session_info *si = &p->session.info;
	char uid[SESSION_UID_LEN + 1], now[32];

	uid_make(uid);
	iso_now(now, sizeof now);
	si->uid = xstrdup(uid);
	si->user = xstrdup(o->user ? o->user : "");
	si->scenario_id = xstrdup(s->id);
	si->scenario_title = xstrdup(s->title ? s->title : "");
	si->pack_id = xstrdup(s->pack ? s->pack->id : "");
	session_set(&si->pack_title, s->pack ? s->pack->title : NULL);
	si->pack_version = xstrdup(s->pack && s->pack->version ? s->pack->version : "");
	si->coder_version = xstrdup(coder_version(o->coder));
	si->seed = o->seed;
	si->mode = xstrdup(o->exam ? "exam" : "coach");
	si->started = xstrdup(now);
	si->retry_of = o->retry_of;
	si->retry_turn = o->retry_turn;
	si->assignment_id = o->assignment_id;
	si->hints_recorded = true;
}

bool practice_hint(struct practice *p, struct error *err)
{
	struct error e = {0};

	if (p->o.exam)
		return false;
	p->session.info.hints++;
	/* Saved now, so a session cut off keeps its count, and again at the
	 * end (practice_finish) in case this write found the database busy. */
	if (p->o.store && p->session.info.id &&
	    store_set_hints(p->o.store, p->session.info.id, p->session.info.hints, &e) && err)
		*err = e;
	return true;
}

int practice_begin(struct practice *p, const struct practice_opts *o, struct error *err)
{
	struct error e = {0};

	if (o->scenario->header_only)
		BUG("practice_begin: scenario '%s' is only a header; read it whole first", o->scenario->id);
	memset(p, 0, sizeof *p);
	p->o = *o;
	header_init(p);
	dialogue_init(&p->d, o->scenario, o->seed);
	p->nopening = p->d.nsaid;
	memcpy(p->opening, p->d.said, sizeof p->opening);
	if (session_ensure(p, &e)) {
		if (err)
			*err = e;
		/* Nothing is answered yet; what the store refuses later is kept. */
		if (o->keep_unsaved && (e.status == EXIT_TEMPFAIL || e.status == EXIT_IOERR)) {
			p->store_busy = e.status == EXIT_TEMPFAIL;
			return 0;
		}
		practice_release(p);
		return -1;
	}
	return 0;
}

const char *practice_client_line(const struct practice *p)
{
	return dialogue_line(&p->d);
}

const char *practice_opening_thought(const struct practice *p)
{
	for (size_t i = p->nopening; i-- > 0;)
		if (p->opening[i].thought)
			return p->opening[i].thought;
	return NULL;
}

bool practice_at_limit(const struct practice *p)
{
	return !dialogue_ended(&p->d) &&
	       (p->session.nturns >= LIMIT_TURNS || p->text_bytes >= LIMIT_SESSION_TEXT);
}

bool practice_ended(const struct practice *p)
{
	return dialogue_ended(&p->d) || practice_at_limit(p);
}

/* What a turn adds to the session's text (LIMIT_SESSION_TEXT). */
static size_t turn_text_bytes(const struct session_turn *t)
{
	size_t n = strlen(t->client_line) + strlen(t->reply) + strlen(t->client_next) +
		   (t->thought ? strlen(t->thought) : 0);

	for (size_t i = 0; i < t->nopening; i++)
		n += strlen(t->opening[i].text) + (t->opening[i].thought ? strlen(t->opening[i].thought) : 0);
	for (size_t i = 0; i < t->nlines; i++)
		n += strlen(t->lines[i].text) + (t->lines[i].thought ? strlen(t->lines[i].thought) : 0);
	return n;
}

/* Save every turn not saved yet, oldest first; stop at the first failure,
 * so the saved ones are always the first nsaved. With quick, a database
 * found locked before is given BUSY_RETRY_MS. */
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
	while (!rc && p->nsaved < p->session.nturns) {
		rc = session_ensure(p, &e) ||
		     store_add_turn(p->o.store, p->session.info.id, &p->session.turns[p->nsaved], &e) ? -1 : 0;
		p->nsaved += !rc;
	}
	if (quick && p->store_busy)
		store_set_busy_timeout(p->o.store, full);
	p->store_busy = rc && e.status == EXIT_TEMPFAIL;
	if (rc && err)
		*err = e;
	return rc;
}

size_t practice_unsaved(const struct practice *p)
{
	return p->o.store ? p->session.nturns - p->nsaved : 0;
}

/* The store refused a turn: until it takes them, the answered turns are
 * also kept in a recovery file, written again after every turn, so that
 * not even a SIGKILL or a power cut loses them. err gains the file's name. */
static void keep_meanwhile(struct practice *p, struct error *err)
{
	struct error re = {0};
	size_t len;

	if (!p->o.store || !practice_unsaved(p) || practice_save_recovery(p, err ? err->msg : NULL, &re))
		return;
	if (!err)
		return;
	len = strlen(err->msg);
	snprintf(err->msg + len, sizeof err->msg - len, "; meanwhile every answered turn is kept in %s",
		 p->recovery_path);
}

/* The node or ending the client moved to, "" when neither. */
static const char *step_target(const struct scenario *s, const struct dialogue_step *st)
{
	if (st->ending >= 0)
		return s->endings[st->ending].id;
	return st->to_node >= 0 ? s->nodes[st->to_node].id : "";
}

/* The client's lines with their labels into the turn: the opening's, or
 * those after the reply. */
static void lines_record(struct session_turn *t, bool opening, const struct said_line *l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		session_turn_add_line(t, opening, l[i].text, l[i].talk, l[i].kind, l[i].thought);
}

int practice_reply(struct practice *p, const char *reply, const struct session_turn **out,
		   const struct dialogue_step **step, struct error *err)
{
	const struct scenario *s = p->o.scenario;
	struct session_turn *t;
	struct dialogue_step *st;
	struct turn_context tc;
	char now[32];

	t = session_turn_add(&p->session);
	ALLOC_GROW(p->steps, p->session.nturns, p->steps_alloc);
	st = &p->steps[p->session.nturns - 1];
	t->node_id = xstrdup(p->d.node >= 0 ? s->nodes[p->d.node].id : "");
	t->client_line = xstrdup(dialogue_line(&p->d));
	t->reply = xstrdup(reply);
	iso_now(now, sizeof now);
	t->at = xstrdup(now);

	if (p->session.nturns == 1)
		lines_record(t, true, p->opening, p->nopening);
	turn_context_dialogue(&tc, &p->d, p->session.nturns > 1 ? p->session.turns[p->session.nturns - 2].reply : NULL);
	coder_code(p->o.coder, &tc.ctx, reply, &t->coded);
	dialogue_feed(&p->d, &t->coded, reply, st);
	lines_record(t, false, st->lines, st->nlines);
	session_set(&t->thought, st->thought);
	for (size_t m = 0; m < s->nmeters; m++)
		session_turn_add_meter(t, s->meters[m].id, st->meters[m]);
	t->next_node = xstrdup(step_target(s, st));
	t->client_next = xstrdup(st->line ? st->line : "");
	p->session.info.turns = (int)p->session.nturns;
	p->text_bytes += turn_text_bytes(t);
	if (out)
		*out = t;
	if (step)
		*step = st;
	if (turns_flush(p, true, err) == 0)
		return 0;
	keep_meanwhile(p, err);
	return -1;
}

void practice_summary(const struct practice *p, struct summary *sum)
{
	session_summary(&p->session, sum);
}

int practice_finish(struct practice *p, const char *outcome, struct summary *sum,
		    struct error *err)
{
	const struct scenario *s = p->o.scenario;
	struct session_info *si = &p->session.info;
	char now[32];

	if (p->d.ending >= 0)
		outcome = s->endings[p->d.ending].kind == ENDING_SUCCESS ? "success"
			: s->endings[p->d.ending].kind == ENDING_FAILURE ? "failure" : "limit";
	else if (practice_at_limit(p))
		outcome = "limit";
	iso_now(now, sizeof now);
	session_set(&si->outcome, outcome);
	session_set(&si->ended, now);
	p->finished = true;
	practice_summary(p, sum);
	si->has_scores = true;
	session_scores_from_summary(&si->scores, sum);
	if (!p->o.store)
		return 0;
	struct error e = {0};
	if (turns_flush(p, false, &e) == 0 && session_ensure(p, &e) == 0 &&
	    store_end_session(p->o.store, si->id, outcome, sum, &e) == 0 &&
	    (!si->hints || store_set_hints(p->o.store, si->id, si->hints, &e) == 0)) {
		/* Everything is in the store now: the file kept meanwhile goes. */
		if (p->recovery_path) {
			/* Left behind (unlikely), it would import as nothing new. */
			(void)unlink(p->recovery_path);
			free(p->recovery_path);
			p->recovery_path = NULL;
		}
		return 0;
	}
	/* The store refused: nothing answered may be lost. */
	if (p->session.nturns) {
		struct error re = {0};
		struct strbuf sb = {0};
		size_t n = p->session.nturns;
		strbuf_adds(&sb, e.msg);
		if (practice_save_recovery(p, e.msg, &re) == 0) {
			char *def = recovery_dir_default();
			strbuf_addf(&sb, "; the session and its %zu answered %s saved in %s; "
				    "add it to the database later with: micoach recover %s",
				    n, n == 1 ? "turn is" : "turns are", p->recovery_path, p->recovery_path);
			if (!def || strncmp(p->recovery_path, def, strlen(def)))
				strbuf_adds(&sb, " (soon: it is in a temporary directory, which a reboot may empty; "
					    "'micoach recover' and 'micoach doctor' look there too)");
			free(def);
		}
		else
			strbuf_addf(&sb, "; and no recovery file could be written either (%s)", re.msg);
		snprintf(e.msg, sizeof e.msg, "%s", sb.buf);
		strbuf_release(&sb);
	}
	if (err)
		*err = e;
	return -1;
}

int practice_write_recovery(const struct practice *p, const char *reason, FILE *out, struct error *err)
{
	return recovery_write(out, &p->session, p->o.store ? store_path(p->o.store) : NULL, reason, NULL, err);
}

int practice_save_recovery(struct practice *p, const char *reason, struct error *err)
{
	const char *db = p->o.store ? store_path(p->o.store) : NULL;

	if (p->recovery_path && recovery_update(&p->session, db, reason, p->recovery_path, NULL) == 0)
		return 0;
	free(p->recovery_path);
	p->recovery_path = NULL;
	return recovery_save(&p->session, db, reason, p->o.recovery_dir, &p->recovery_path, err);
}

void practice_release(struct practice *p)
{
	session_release(&p->session);
	free(p->steps);
	free(p->recovery_path);
	dialogue_release(&p->d);
	memset(p, 0, sizeof *p);
}
