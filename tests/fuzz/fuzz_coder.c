/* libFuzzer target: the coder (cue rules, features, model, skills, tips) on
 * arbitrary replies and client lines. The input's first line is the client's
 * last words, the rest the reply. Checks the invariants of struct
 * coded_reply: the primary is one of the codes, cues lie inside the reply,
 * skills are 0..4, the tip is one non-empty line. Uses data/coder.model when
 * it is found (run from the source tree or set MICOACH_SRC), else the cue
 * rules alone. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/coder.h"
#include "core/util.h"
#include "io/model_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct coder *model;
static int loaded;

static void check(const char *reply, const struct coded_reply *r)
{
	size_t n = strlen(reply);
	if (!(r->codes & CODE_BIT(r->primary)) || r->ncues > CODER_MAX_CUES)
		abort();
	for (size_t i = 0; i < r->ncues; i++)
		if (r->cues[i].start + r->cues[i].len > n || !(r->codes & CODE_BIT(r->cues[i].code)))
			abort();
	for (int s = 0; s < SKILL_COUNT; s++)
		if (r->skills[s] < 0 || r->skills[s] > 4)
			abort();
	if (!r->tip[0] || strchr(r->tip, '\n') || strlen(r->tip) >= CODER_TIP_MAX)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf, *nl, *reply;
	struct coder_context ctx = {0};
	struct coded_reply r;
	const char *themes[] = { "drinking", "cut down" };

	if (!loaded) {
		const char *src = getenv("MICOACH_SRC");
		char *path = xasprintf("%s/data/coder.model", src && *src ? src : ".");
		struct error err;
		if (coder_load(path, &model, &err))
			model = NULL;
		free(path);
		loaded = 1;
	}
	buf = xstrndup((const char *)data, size); /* stops at a NUL byte, as C strings do */
	nl = strchr(buf, '\n');
	if (nl) {
		*nl = '\0';
		ctx.client_last = buf;
		ctx.practitioner_last = buf;
		ctx.client_asked = strchr(buf, '?') != NULL;
		reply = nl + 1;
	} else {
		reply = buf;
	}
	ctx.themes = themes;
	ctx.nthemes = 2;
	coder_code(model, &ctx, reply, &r);
	check(reply, &r);
	coder_code(NULL, NULL, reply, &r);
	check(reply, &r);
	free(buf);
	return 0;
}
