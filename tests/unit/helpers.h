/* helpers.h: fixtures the unit tests share. Include after <cmocka.h>. Each
 * test binary includes it once, so the helpers are static. */
#ifndef MICOACH_TEST_HELPERS_H
#define MICOACH_TEST_HELPERS_H

#include <stdio.h>
#include <string.h>

#include "core/scenario.h"
#include "core/util.h"
#include "io/print.h"
#include "yaml/pack_load.h"

/* s with the first from replaced by to, in a new string (the caller frees);
 * the test fails when from is not in s. */
static inline char *text_replace(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	struct strbuf sb = {0};

	if (!at)
		fail_msg("'%s' not in the text", from);
	strbuf_add(&sb, s, (size_t)(at - s));
	strbuf_adds(&sb, to);
	strbuf_adds(&sb, at + strlen(from));
	return strbuf_detach(&sb);
}

/* A pack loaded from text named name (pack_free frees it); the test fails,
 * printing the diagnostics, when it does not load. */
static inline struct pack *pack_from_text(const char *name, const char *text)
{
	struct diag_list dl = {0};
	struct pack *p = NULL;

	if (pack_load_buffer(name, text, strlen(text), &p, &dl)) {
		diag_print(&dl, stderr, 0);
		fail_msg("%s does not load", name);
	}
	diag_list_release(&dl);
	return p;
}

#endif
