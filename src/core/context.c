/* context.c: the coder's context for one reply (see context.h). */
#include "core/context.h"

#include <string.h>

#include "core/client_asks.h"

static void add_themes(struct turn_context *tc, char *const *themes, size_t n)
{
	for (size_t i = 0; i < n && tc->ctx.nthemes < TURN_THEMES_MAX; i++)
		tc->themes[tc->ctx.nthemes++] = themes[i];
}

void context_asked(struct coder_context *ctx, const char *client_line)
{
	enum client_ask ask = client_asks_kind(client_line);

	ctx->client_asked = ask != ASK_NONE;
	ctx->client_asked_fact_only = ask == ASK_FACT;
}

void turn_context(struct turn_context *tc, const struct scenario *s, int node, const char *client_line,
		  const char *practitioner_last)
{
	memset(tc, 0, sizeof *tc);
	tc->ctx.client_last = client_line;
	tc->ctx.practitioner_last = practitioner_last;
	context_asked(&tc->ctx, client_line);
	tc->ctx.themes = tc->themes;
	if (!s)
		return;
	add_themes(tc, s->themes, s->nthemes);
	if (node >= 0 && (size_t)node < s->nnodes)
		add_themes(tc, s->nodes[node].themes, s->nodes[node].nthemes);
}

void turn_context_dialogue(struct turn_context *tc, const struct dialogue *d, const char *practitioner_last)
{
	turn_context(tc, d->s, d->node, dialogue_line(d), practitioner_last);
	tc->ctx.practice = true;
	if (dialogue_client_asked(d)) {
		tc->ctx.client_asked = true;
		tc->ctx.client_asked_fact_only = false;
	}
}
