/* libFuzzer target: the scenario loader on arbitrary bytes (a single-file
 * pack or a lone scenario held in memory), then the lint over whatever
 * loads, then a short conversation with each scenario that loads (a fixed
 * round of coded replies), so that format 2's answers, moves and line
 * conditions run over whatever a hostile file can build. It must never
 * crash, leak, hang or read out of bounds; refusals are the expected outcome
 * for most inputs. Seeds: tests/fuzz/corpus/fuzz_scenario/. */
#include <stddef.h>
#include <stdint.h>
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list dl = {0};
	struct pack *p = NULL;

	if (pack_load_buffer("fuzz.yaml", (const char *)data, size, &p, &dl) == 0) {
		validate_pack(p, &dl);
		for (size_t i = 0; i < p->nscenarios; i++)
			play(p->scenarios[i]);
		pack_free(p);
	}
	diag_list_release(&dl);
	return 0;
}
