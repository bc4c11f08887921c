/* cmd/practice.c: `micoach practice` and the plain (line) mode: the client's
 * lines on stdout, one reply a line on stdin, feedback after each reply. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "store/store.h"
#include "io/print.h"
#include "io/signals.h"
#include "core/feedback.h"
#include "app/practice.h"
#include "ui/ui.h"
#include "core/limits.h"
#include "core/util.h"

enum { REPLY_MAX = LIMIT_REPLY };

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

/* Every signal that would end the process ends the session instead, saved
 * (io/signals.h); a signal interrupts the read so the loop can save and stop. */
static void signals_catch(void)
{
	signals_ending_catch(on_signal);
	signal(SIGPIPE, SIG_IGN);
}

enum { LINE_OK = 1, LINE_LONG, LINE_NUL };

/* Read one line into *line (without its newline), never holding more than
 * REPLY_MAX + 1 bytes of it: LINE_OK, LINE_LONG (longer: the rest of the
 * line is read and dropped), LINE_NUL (it holds a NUL byte, which would
 * cut it short), 0: end of input, -1: interrupted by a signal. */
static int line_read(char **line, size_t *cap)
{
	size_t n = 0;
	bool any = false, too_long = false, nul = false;
	int c = 0;

	if (*cap < REPLY_MAX + 2) {
		*line = xrealloc(*line, REPLY_MAX + 2);
		*cap = REPLY_MAX + 2;
	}
	errno = 0;
	while (!got_signal && (c = getc(stdin)) != EOF && c != '\n') {
		any = true;
		nul |= c == '\0';
		if (n < REPLY_MAX + 1)
			(*line)[n++] = (char)c;
		else
			too_long = true;
	}
	(*line)[n] = '\0';
	if (got_signal || (c == EOF && ferror(stdin) && errno == EINTR))
		return -1;
	if (c == EOF && !any)
		return 0;
	while (n > 0 && (*line)[n - 1] == '\r')
		(*line)[--n] = '\0';
	return too_long ? LINE_LONG : nul ? LINE_NUL : LINE_OK;
}

static const char *client_name(const struct scenario *s)
{
	return s->persona.name && *s->persona.name ? s->persona.name : "Client";
}

static void print_client(const struct scenario *s, const char *line)
{
	print_inert(stdout, client_name(s));
	fputs(": ", stdout);
	print_inert(stdout, line);
	fputc('\n', stdout);
}

/* Coach mode, after the client's lines: what they think (a thought bubble,
 * as Kognito shows it), and, while a reply is still to come, a mark on
 * change talk so it is not missed. */
static void print_after_client(const struct scenario *s, const char *thought, const struct said_line *l, size_t n,
			       bool ended)
{
	struct strbuf sb = {0};

	if (thought) {
		fputs("  ", stdout);
		print_inert(stdout, client_name(s));
		fputs(" thinks: ", stdout);
		print_inert(stdout, thought);
		fputc('\n', stdout);
	}
	if (!ended && feedback_talk_mark(&sb, l, n))
		printf("  * %s\n", sb.buf);
	strbuf_release(&sb);
}

static void print_intro(const struct scenario *s, bool feedback)
{
	fputs("Scenario: ", stdout);
	print_inert(stdout, s->title);
	print_inertf(stdout, " (%s/%s, difficulty %d)\n", s->pack ? s->pack->id : "", s->id, s->difficulty);
	print_inert(stdout, client_name(s));
	if (s->persona.age)
		printf(", %d", s->persona.age);
	if (s->persona.situation) {
		fputs(": ", stdout);
		print_inert(stdout, s->persona.situation);
	}
	fputc('\n', stdout);
	if (s->setting) {
		fputs("Setting: ", stdout);
		print_inert(stdout, s->setting);
		fputc('\n', stdout);
	}
	printf("Type your reply and press Enter; /help for commands, /quit to stop.%s\n\n",
	       feedback ? "" : " Feedback is held to the end.");
}

static void print_meters(const struct scenario *s, const struct dialogue_step *st)
{
	fputs("  Client:", stdout);
	for (size_t m = 0; m < s->nmeters; m++) {
		fputs(m ? ", " : " ", stdout);
		print_inert(stdout, s->meters[m].label ? s->meters[m].label : s->meters[m].id);
		printf(" %d", st->meters[m]);
		if (st->delta[m])
			printf(" (%+d)", st->delta[m]);
	}
	fputc('\n', stdout);
}

static void print_help(void)
{
	puts("  /help   this help\n"
	     "  /quit   end the session now (every answered turn is already saved)\n"
	     "  /hint   the scenario's strong example reply for this moment (coach mode;\n"
	     "          counted, and shown to your trainer)\n"
	     "  Anything else is your reply to the client.");
}

static void print_hint(const struct practice *p)
{
	const struct scenario *s = p->o.scenario;
	const struct node *n = p->d.node >= 0 ? &s->nodes[p->d.node] : NULL;

	for (size_t i = 0; n && i < n->nexemplars; i++) {
		if (n->exemplars[i].strength != EXEMPLAR_STRONG)
			continue;
		fputs("  For example: \"", stdout);
		print_inert(stdout, n->exemplars[i].reply);
		fputs("\"\n  ", stdout);
		print_inert(stdout, n->exemplars[i].why);
		fputc('\n', stdout);
		return;
	}
	puts("  No example reply for this moment.");
}

static void print_turn_feedback(const struct session_turn *t)
{
	struct strbuf sb = {0};

	feedback_format_reply(&sb, t->reply, &t->coded);
	fputs(sb.buf, stdout);
	strbuf_release(&sb);
}

/* The replies a retry replays before the practitioner answers anew. */
struct replay {
	char **replies;
	size_t n;
};

/* Run one session in plain mode. Returns an exit status. */
static int practice_plain(struct app *app, const struct scenario *s, const struct practice_opts *base,
			  const struct replay *rp)
{
	struct practice p;
	struct practice_opts o = *base;
	struct error err = {0};
	struct summary sum;
	char *line = NULL;
	size_t cap = 0;
	const char *outcome = "quit";
	int rc = 0, r;
	bool tty = isatty(STDIN_FILENO);

	(void)app;
	/* A locked, read-only or full database does not stop the practice: the
	 * turns are kept and saved later, or to a recovery file at the end. */
	o.keep_unsaved = true;
	if (practice_begin(&p, &o, &err))
		return app_fail(&err);
	if (o.store && !p.session.info.id) {
		fputs("micoach: ", stderr);
		print_inert(stderr, err.msg);
		fputs("\nmicoach: practising anyway: your answers are kept, and saved as soon as the database "
		      "takes them, or to a recovery file at the end\n", stderr);
	}
	signals_catch();
	print_intro(s, !o.exam);
	if (rp && rp->n)
		printf("Retrying session %lld from turn %d: replaying %zu %s.\n\n", (long long)o.retry_of,
		       o.retry_turn, rp->n, rp->n == 1 ? "turn" : "turns");
	print_client(s, practice_client_line(&p));
	if (!o.exam)
		print_after_client(s, practice_opening_thought(&p), p.opening, p.nopening, practice_ended(&p));
	for (size_t i = 0; rp && i < rp->n && !practice_ended(&p); i++) {
		const struct dialogue_step *step;
		if (practice_reply(&p, rp->replies[i], NULL, &step, &err)) {
			rc = app_fail(&err);
			goto out;
		}
		fputs("you> ", stdout);
		print_inert(stdout, rp->replies[i]);
		fputc('\n', stdout);
		print_client(s, step->line);
		if (!o.exam)
			print_after_client(s, step->thought, step->lines, step->nlines, step->ended);
	}
	if (rp && rp->n)
		printf("\nNow answer turn %d differently.\n", o.retry_turn);
	while (!practice_ended(&p)) {
		if (tty) {
			fputs("you> ", stdout);
			fflush(stdout);
		}
		fflush(stdout);
		r = line_read(&line, &cap);
		if (r < 0) {
			outcome = "interrupted";
			break;
		}
		if (r == 0)
			break;
		if (r == LINE_LONG) {
			printf("  That reply is longer than %d bytes; please say it in fewer words.\n", REPLY_MAX);
			continue;
		}
		if (r == LINE_NUL) {
			puts("  That reply holds a NUL byte, which is not text; please type it again.");
			continue;
		}
		if (!line[0])
			continue;
		if (line[0] == '/') {
			if (!strcmp(line, "/quit") || !strcmp(line, "/q"))
				break;
			if (!strcmp(line, "/help") || !strcmp(line, "/?"))
				print_help();
			else if (!strcmp(line, "/hint")) {
				if (practice_hint(&p, NULL))
					print_hint(&p);
				else
					puts("  No hints in an exam: the assignment asks for your own replies. "
					     "(Coach-mode practice has them.)");
			}
			else {
				fputs("  Unknown command '", stdout);
				print_inert(stdout, line);
				puts("'; /help lists them. (Replies do not start with '/'.)");
			}
			continue;
		}
		if (!utf8_valid(line, strlen(line), NULL)) {
			puts("  That reply is not valid UTF-8 text; please type it again.");
			continue;
		}
		if (strlen(line) > REPLY_MAX) {
			printf("  That reply is longer than %d bytes; please say it in fewer words.\n", REPLY_MAX);
			continue;
		}
		const struct session_turn *t;
		const struct dialogue_step *step;
		if (practice_reply(&p, line, &t, &step, &err)) {
			/* The turn stays in memory and is saved again next time. */
			fprintf(stderr, "micoach: ");
			print_inert(stderr, err.msg);
			fputs(" (the turn is kept and will be saved with the next one)\n", stderr);
		}
		if (!o.exam) {
			print_turn_feedback(t);
			print_meters(s, step);
		}
		if (step->say_first)
			print_client(s, step->say_first);
		print_client(s, step->line);
		if (!o.exam)
			print_after_client(s, step->thought, step->lines, step->nlines, step->ended);
	}
	if (got_signal)
		outcome = "interrupted";
	else if (practice_at_limit(&p))
		printf("\nThe session ends here: it has reached micoach's limit of %d turns or %d MiB of text.\n",
		       LIMIT_TURNS, LIMIT_SESSION_TEXT / (1024 * 1024));
	if (practice_finish(&p, outcome, &sum, &err)) {
		rc = app_fail(&err);
		if (p.session.nturns && !p.recovery_path) {
			/* Last resort: the session on stderr, to be saved by hand. */
			fputs("micoach: here is the session as a recovery file; save it and run "
			      "'micoach recover FILE' later:\n", stderr);
			practice_write_recovery(&p, err.msg, stderr, NULL);
		}
	}
	if (o.exam && p.session.nturns) {
		puts("\nFeedback, turn by turn:");
		for (size_t i = 0; i < p.session.nturns; i++) {
			printf("%zu. You: ", i + 1);
			print_inert(stdout, p.session.turns[i].reply);
			fputc('\n', stdout);
			print_turn_feedback(&p.session.turns[i]);
		}
	}
	printf("\nSession summary: %s after %zu %s.\n", p.session.info.outcome, p.session.nturns,
	       p.session.nturns == 1 ? "reply" : "replies");
	struct strbuf sb = {0};
	feedback_format_summary(&sb, &sum);
	if (session_has_talk(&p.session)) {
		struct talk_summary ts;
		session_talk_stored(&p.session, &ts);
		feedback_format_talk(&sb, &ts);
		talk_summary_release(&ts);
	}
	fputs(sb.buf, stdout);
	strbuf_release(&sb);
	if (p.session.info.id && !rc)
		printf("Saved as session %lld.\n", (long long)p.session.info.id);
	else if (p.recovery_path)
		print_inertf(stdout, "Not saved in the database yet: see %s (micoach recover imports it).\n", p.recovery_path);
	if (p.session.info.id && o.retry_of)
		printf("Compare it with the original: micoach show %lld --compare %lld\n",
		       (long long)p.session.info.id, (long long)o.retry_of);
out:
	free(line);
	practice_release(&p);
	if (fflush(stdout) && !rc)
		rc = EXIT_IOERR;
	return rc ? rc : got_signal ? 128 + got_signal : 0;
}

static const struct scenario *scenario_pick_plain(const struct catalog *cat)
{
	const struct scenario *list[512];
	size_t n = 0;
	char *line = NULL;
	size_t cap = 0;
	const struct scenario *chosen = NULL;

	for (size_t i = 0; i < cat->npacks; i++)
		for (size_t j = 0; j < cat->packs[i]->nscenarios && n < ARRAY_SIZE(list); j++)
			list[n++] = cat->packs[i]->scenarios[j];
	if (!n) {
		fputs("micoach: no scenarios found; see 'micoach help list'\n", stderr);
		return NULL;
	}
	puts("Choose a scenario to practise:");
	for (size_t i = 0; i < n; i++) {
		printf("%3zu. ", i + 1);
		print_inert(stdout, list[i]->title);
		print_inertf(stdout, " (%s, difficulty %d)\n", list[i]->id, list[i]->difficulty);
	}
	while (!chosen) {
		fputs("Number or id (empty to quit): ", stdout);
		fflush(stdout);
		if (line_read(&line, &cap) <= 0 || !line[0])
			break;
		char *end;
		long k = strtol(line, &end, 10);
		if (!*end && k >= 1 && (size_t)k <= n)
			chosen = list[k - 1];
		else if (!(chosen = catalog_find(cat, line)))
			puts("No such scenario.");
	}
	free(line);
	return chosen;
}

static unsigned seed_default(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (unsigned)(ts.tv_nsec ^ ts.tv_sec ^ (getpid() << 16));
}

/* Shared by `practice` and `micoach` with no command in plain mode. */
static int practice_start(struct app *app, const char *id, struct practice_opts *o,
			  const struct replay *rp)
{
	const struct catalog *cat;
	const struct scenario *s;
	int rc;

	if ((rc = app_catalog(app, &cat)))
		return rc;
	if (!id) {
		if (!(s = scenario_pick_plain(cat)))
			return cat->npacks ? 0 : EXIT_NOINPUT;
	} else if (!(s = catalog_find(cat, id))) {
		fprintf(stderr, "micoach: no scenario '");
		print_inert(stderr, id);
		fprintf(stderr, "'; 'micoach list' shows the scenarios\n");
		return EXIT_NOINPUT;
	}
	/* The catalog holds headers: read this one whole, with its located
	 * errors, before anything else; then open the database, so a bad --db
	 * stops us now. */
	if ((rc = app_scenario_whole(app, s, &s, NULL)) || (rc = app_store(app, &o->store)) ||
	    (rc = app_coder(app, &o->coder)))
		return rc;
	o->scenario = s;
	o->user = app->user;
	return practice_plain(app, s, o, rp);
}

/* --retry SESSION:TURN: the same scenario and seed, turns before TURN replayed
 * with the stored replies, then the practitioner answers TURN anew. */
static int practice_retry(struct app *app, const char *spec, const char *id, struct practice_opts *o)
{
	struct session ss;
	struct error err = {0};
	struct replay rp = {0};
	const char *colon = strchr(spec, ':');
	char *sid = colon ? xstrndup(spec, (size_t)(colon - spec)) : xstrdup(spec);
	int64_t session = session_id_parse(sid);
	char *end;
	long turn = colon ? strtol(colon + 1, &end, 10) : 0;
	int rc;

	free(sid);
	if (session <= 0 || !colon || *end || turn < 1 || turn > 100000) {
		fprintf(stderr, "micoach: --retry takes SESSION:TURN, e.g. --retry 12:3\n");
		return command_usage("practice");
	}
	if ((rc = app_store(app, &o->store)))
		return rc;
	if (store_load_session(o->store, session, &ss, &err))
		return app_fail(&err);
	if ((size_t)turn > ss.nturns + 1) {
		fprintf(stderr, "micoach: session %lld has %zu turns; retry from turn 1 to %zu\n",
			(long long)session, ss.nturns, ss.nturns + 1);
		session_release(&ss);
		return EXIT_USAGE;
	}
	if (id && strcmp(id, ss.info.scenario_id)) {
		fprintf(stderr, "micoach: session %lld practised '", (long long)session);
		print_inert(stderr, ss.info.scenario_id);
		fputs("', not '", stderr);
		print_inert(stderr, id);
		fputs("'\n", stderr);
		session_release(&ss);
		return EXIT_USAGE;
	}
	rp.n = (size_t)turn - 1;
	rp.replies = xcalloc(rp.n + 1, sizeof *rp.replies);
	for (size_t i = 0; i < rp.n; i++)
		rp.replies[i] = xstrdup(ss.turns[i].reply);
	o->seed = ss.info.seed;
	o->retry_of = session;
	o->retry_turn = (int)turn;
	o->exam = ss.info.mode && !strcmp(ss.info.mode, "exam") ? true : o->exam;
	char *scenario_id = xstrdup(ss.info.scenario_id);
	session_release(&ss);
	rc = practice_start(app, scenario_id, o, &rp);
	free(scenario_id);
	for (size_t i = 0; i < rp.n; i++)
		free(rp.replies[i]);
	free(rp.replies);
	return rc;
}

COMMAND(practice)
{
	static const struct option opts[] = {
		{ "plain", no_argument, NULL, 'p' },
		{ "seed", required_argument, NULL, 's' },
		{ "no-feedback", no_argument, NULL, 'n' },
		{ "exam", no_argument, NULL, 'n' },
		{ "retry", required_argument, NULL, 'r' },
		{ "assignment", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	struct practice_opts o = { .seed = seed_default() };
	bool plain = false, seeded = false;
	const char *retry = NULL, *assignment = NULL;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			plain = true;
			break;
		case 'n':
			o.exam = true;
			break;
		case 'r':
			retry = optarg;
			break;
		case 'a':
			assignment = optarg;
			break;
		case 's': {
			char *end;
			errno = 0;
			unsigned long v = strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || v > 0xffffffffUL || optarg[0] == '-') {
				fprintf(stderr, "micoach: --seed takes a whole number from 0 to 4294967295\n");
				return command_usage("practice");
			}
			o.seed = (unsigned)v;
			seeded = true;
			break;
		}
		default:
			print_inertf(stderr, "micoach: practice: unknown option '%s'\n", argv[optind - 1]);
			return command_usage("practice");
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "micoach: practice takes one scenario\n");
		return command_usage("practice");
	}
	/* An assignment links the session and sets its mode (cmd/trainee_assignments.c). */
	if (assignment) {
		int rc = app_assignment(app, assignment, optind < argc ? argv[optind] : NULL, &o.assignment_id, &o.exam);
		if (rc)
			return rc;
	}
	if (!plain && !retry && ui_available())
	{
		struct ui_options uo = {
			.scenario = optind < argc ? argv[optind] : NULL,
			.exam = o.exam,
			.seeded = seeded,
			.seed = o.seed,
			.assignment_id = o.assignment_id,
		};
		int rc = ui_run_with(app, &uo);
		if (rc != UI_NO_TERMINAL)  /* else TERM is unknown here: plain mode */
			return rc;
	}
	if (retry)
		return practice_retry(app, retry, optind < argc ? argv[optind] : NULL, &o);
	return practice_start(app, optind < argc ? argv[optind] : NULL, &o, NULL);
}

COMMAND(home)
{
	struct practice_opts o = { .seed = seed_default() };

	(void)argc;
	(void)argv;
	if (ui_available()) {
		int rc = ui_run(app, NULL);
		if (rc != UI_NO_TERMINAL)  /* else TERM is unknown here: plain mode */
			return rc;
	}
	return practice_start(app, NULL, &o, NULL);
}
