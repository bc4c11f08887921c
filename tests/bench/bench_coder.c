/* bench_coder.c: the coder's speed. Generates a large transcript (100,000
 * client/practitioner exchanges, mixed reply kinds and lengths, from a fixed
 * seed), reads it with the transcript reader, codes every practitioner
 * utterance with its context like `micoach code` does, and times it; loads
 * data/coder.model several times and takes the median. Prints
 * `figure<TAB>measured<TAB>target<TAB>ok|MISSED` lines.
 * The model is <MICOACH_SRC or .>/data/coder.model;
 * BENCH_CODER_REPLIES=N changes the size. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/coder.h"
#include "core/diag.h"
#include "core/text.h"
#include "core/transcript.h"
#include "core/util.h"
#include "io/print.h"
#include "io/model_file.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* CPU time of this process: the coder's cost on one core, not disturbed by
 * other processes sharing the machine. */
static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static unsigned long long rng = 0x9e3779b97f4a7c15ull;

static size_t pick(size_t n)
{
	rng = rng * 6364136223846793005ull + 1442695040888963407ull;
	return (size_t)((rng >> 33) % n);
}

static const char *const clients[] = {
	"I only drink at weekends, like everyone else.",
	"My wife says I drink too much and it's getting to me.",
	"I've tried to quit smoking twice and it never lasts.",
	"I know I should exercise but I'm always exhausted after work.",
	"The tablets make me feel sick so I stopped taking them.",
	"Honestly I don't see what the fuss is about.",
	"I want to be around for my kids, I just don't know where to start.",
	"What do you think I should do?",
};
static const char *const openers[] = { "", "So ", "Okay, ", "Mm, ", "Right. ", "Well, " };
static const char *const bodies[] = {
	"what worries you most about your %s?",
	"do you %s every day?",
	"it sounds like your %s has been weighing on you.",
	"part of you wants to change your %s, and part of you isn't sure it's worth it.",
	"you've already cut down on your %s, which took real determination.",
	"you should stop the %s before it's too late.",
	"it's up to you what you do about the %s.",
	"would it be OK if I shared some information about %s?",
	"research shows that %s raises your blood pressure over time.",
	"you're in denial about your %s.",
	"tell me more about how %s fits into your week.",
	("you don't think the %s is a problem, and at the same time your family is worried, and you're "
	 "wondering whether it is time to look at it more closely before your next check-up."),
};
static const char *const topics[] = { "drinking", "smoking", "diet", "weekend", "work", "sleep", "medication" };

int main(void)
{
	const char *src = getenv("MICOACH_SRC");
	const char *env_n = getenv("BENCH_CODER_REPLIES");
	size_t replies = env_n ? (size_t)strtoul(env_n, NULL, 10) : 100000;
	char *path = xasprintf("%s/data/coder.model", src && *src ? src : ".");
	struct strbuf sb = {0};
	struct transcript t;
	struct diag_list dl = {0};
	struct coder *c = NULL;
	struct error err = {0};
	double loads[21], t0, t1, w0, w1, parse_ms, rate, wall_rate, load_ms;
	size_t coded = 0, bytes;
	unsigned sink = 0;

	if (replies < 100)
		replies = 100;
	for (size_t i = 0; i < ARRAY_SIZE(loads); i++) {
		t0 = now_ms();
		if (coder_load(path, &c, &err)) {
			fprintf(stderr, "bench_coder: %s\n", err.msg);
			return 1;
		}
		loads[i] = now_ms() - t0;
		if (i + 1 < ARRAY_SIZE(loads))
			coder_free(c);
	}
	qsort(loads, ARRAY_SIZE(loads), sizeof loads[0], cmp_double);
	load_ms = loads[ARRAY_SIZE(loads) / 2];

	for (size_t i = 0; i < replies; i++) {
		strbuf_addf(&sb, "C: %s\nP: %s", clients[pick(ARRAY_SIZE(clients))], openers[pick(ARRAY_SIZE(openers))]);
		{
			const char *body = bodies[pick(ARRAY_SIZE(bodies))], *hole = strstr(body, "%s");
			strbuf_add(&sb, body, (size_t)(hole - body));
			strbuf_adds(&sb, topics[pick(ARRAY_SIZE(topics))]);
			strbuf_adds(&sb, hole + 2);
		}
		strbuf_adds(&sb, "\n");
	}
	bytes = sb.len;
	t0 = now_ms();
	if (transcript_parse(sb.buf, sb.len, "bench", &t, &dl)) {
		diag_print(&dl, stderr, 0);
		return 1;
	}
	parse_ms = now_ms() - t0;

	t0 = cpu_ms();
	w0 = now_ms();
	for (size_t i = 0; i < t.n; i++) {
		struct coder_context ctx = {0};
		struct coded_reply r;
		if (t.items[i].who != SPEAKER_PRACTITIONER)
			continue;
		ctx.client_last = transcript_client_before(&t, i);
		ctx.practitioner_last = i >= 2 ? t.items[i - 2].text : NULL;
		coder_code(c, &ctx, t.items[i].text, &r);
		sink += r.codes;
		coded++;
	}
	t1 = cpu_ms();
	w1 = now_ms();
	rate = (double)coded / ((t1 - t0) / 1e3);
	wall_rate = (double)coded / ((w1 - w0) / 1e3);

	printf("coder replies per CPU second (%zu replies, one core)\t%.0f\t>= 50000\t%s\n", coded, rate,
	       rate >= 50000 ? "ok" : "MISSED");
	printf("coder replies per wall-clock second (shares the machine)\t%.0f\t>= 50000\t%s\n", wall_rate,
	       wall_rate >= 50000 ? "ok" : "MISSED");
	printf("coder model load (median of %zu)\t%.2f ms\t< 5 ms\t%s\n", ARRAY_SIZE(loads), load_ms,
	       load_ms < 5.0 ? "ok" : "MISSED");
	printf("transcript reading (%.1f MB)\t%.0f MB/s\t>= 20 MB/s\t%s\n", (double)bytes / 1e6,
	       (double)bytes / 1e6 / (parse_ms / 1e3), (double)bytes / 1e6 / (parse_ms / 1e3) >= 20 ? "ok" : "MISSED");
	fprintf(stderr, "bench_coder: checksum %u\n", sink);
	transcript_release(&t);
	diag_list_release(&dl);
	strbuf_release(&sb);
	coder_free(c);
	free(path);
	text_cleanup();
	return 0;
}
