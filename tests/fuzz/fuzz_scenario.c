/* libFuzzer target: the scenario loader on arbitrary bytes (a single-file
 * pack or a lone scenario held in memory), then the lint over whatever
 * loads, then a short conversation with each scenario that loads (a fixed
 * round of coded replies), so that format 2's answers, moves and line
 * conditions run over whatever a hostile file can build. It must never
 * crash, leak, hang or read out of bounds; refusals are the expected outcome
 * for most inputs. The catalog's header read of the same bytes must agree
 * with the whole read (issue 14, item 19): when the whole read loads, so
 * does the header read, with every header field the same; when the header
 * read refuses, so does the whole read. A disagreement aborts.
 * Seeds: tests/fuzz/corpus/fuzz_scenario/. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/dialogue.h"
#include "core/scenario.h"
#include "core/validate.h"
#include "yaml/pack_load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void play(const struct scenario *s)
{
	static const struct {
		unsigned codes;
		enum mi_code primary;
		bool nonadherent;
		const char *text;
	} round[] = {
		{ CODE_BIT(CODE_OQ), CODE_OQ, false, "What brings you here today?" },
		{ CODE_BIT(CODE_SEEK), CODE_SEEK, false, "ok if i share what other people have tried" },
		{ CODE_BIT(CODE_PERS), CODE_PERS, true, "Some people find it helps to cut down." },
		{ CODE_BIT(CODE_CR), CODE_CR, false, "So there is no problem at all, never ever." },
		{ CODE_BIT(CODE_CR), CODE_CR, false, "You're worried about the mortgage payments and holidays." },
		{ CODE_BIT(CODE_OQ), CODE_OQ, false, "What brings you here today?" },
		{ CODE_BIT(CODE_CONF), CODE_CONF, true, "You're in denial." },
		{ CODE_BIT(CODE_AF), CODE_AF, false, "You kept going through all of that." },
	};
	struct dialogue d;

	dialogue_init(&d, s, 1);
	for (size_t i = 0; i < sizeof round / sizeof round[0] && !dialogue_ended(&d); i++) {
		struct coded_reply cr;
		struct dialogue_step st;

		memset(&cr, 0, sizeof cr);
		cr.codes = round[i].codes;
		cr.primary = round[i].primary;
		cr.nonadherent = round[i].nonadherent;
		dialogue_feed(&d, &cr, round[i].text, &st);
	}
	dialogue_release(&d);
}

static bool same_str(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

static bool same_strv(char *const *a, size_t na, char *const *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!same_str(a[i], b[i]))
			return false;
	return true;
}

static void agree(bool ok, const char *what)
{
	if (!ok)
		__builtin_trap();
	(void)what;
}

/* The header read h of the same bytes as the whole read w. */
static void headers_agree(const struct pack *h, const struct pack *w)
{
	agree(same_str(h->id, w->id) && same_str(h->title, w->title) && same_str(h->version, w->version) &&
	      same_str(h->description, w->description) && h->nscenarios == w->nscenarios, "pack");
	for (size_t i = 0; i < h->nscenarios; i++) {
		const struct scenario *a = h->scenarios[i], *b = w->scenarios[i];
		agree(a->header_only && !b->header_only && !a->nnodes && !a->nendings && !a->ntests, "header only");
		agree(same_str(a->id, b->id) && same_str(a->title, b->title) && same_str(a->summary, b->summary) &&
		      a->difficulty == b->difficulty && same_str(a->setting, b->setting) &&
		      same_strv(a->tags, a->ntags, b->tags, b->ntags) && a->stage == b->stage &&
		      a->skills == b->skills && same_str(a->persona.name, b->persona.name) &&
		      a->persona.age == b->persona.age && same_str(a->trainer_notes, b->trainer_notes) &&
		      same_strv(a->themes, a->nthemes, b->themes, b->nthemes) && a->nmeters == b->nmeters &&
		      same_str(a->start, b->start) && a->turn_limit == b->turn_limit && a->format == b->format &&
		      a->at.line == b->at.line && a->at.col == b->at.col, "fields");
		for (size_t m = 0; m < a->nmeters; m++)
			agree(same_str(a->meters[m].id, b->meters[m].id) && a->meters[m].min == b->meters[m].min &&
			      a->meters[m].max == b->meters[m].max && a->meters[m].start == b->meters[m].start, "meters");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list dl = {0}, hdl = {0};
	struct pack *p = NULL, *h = NULL;
	int whole = pack_load_buffer("fuzz.yaml", (const char *)data, size, &p, &dl);
	int head = pack_load_buffer_headers("fuzz.yaml", (const char *)data, size, &h, &hdl);

	/* What the whole read takes, the header read takes; what the header
	 * read refuses, the whole read refuses. */
	agree(whole != 0 || head == 0, "whole loads, header refused");
	if (whole == 0 && head == 0)
		headers_agree(h, p);
	pack_free(h);
	diag_list_release(&hdl);
	if (whole == 0) {
		validate_pack(p, &dl);
		for (size_t i = 0; i < p->nscenarios; i++)
			play(p->scenarios[i]);
		pack_free(p);
	}
	diag_list_release(&dl);
	return 0;
}
