/* validate.h: the scenario lint (pure, over the model of scenario.h) and the
 * runner of a scenario's embedded tests (pure too: the coder and the dialogue
 * engine are pure). Both append to a diag_list the caller owns. */
#ifndef MICOACH_VALIDATE_H
#define MICOACH_VALIDATE_H

#include <stddef.h>
#include "core/coder.h"
#include "core/diag.h"
#include "core/scenario.h"

struct strbuf;

/* Lint one scenario: unreachable nodes, nodes with no way out, missing or
 * misplaced fallback branches, unused meters, missing exemplars, endings that
 * cannot be reached, missing success/failure/limit endings, line variants
 * that can never be said, no test for a success or a failure path. Mostly
 * warnings; a missing success, failure or limit ending is an error. */
void validate_scenario(const struct scenario *s, struct diag_list *dl);
/* validate_scenario() over every scenario of the pack. */
void validate_pack(const struct pack *p, struct diag_list *dl);

/* Run the scenario's embedded tests: each reply is coded by coder_code()
 * (context: the client's current line, the scenario's and node's themes) and
 * fed to dialogue_feed(); the node or ending reached must be the test's
 * `expect`. A failure is an error at the test, naming what was reached and
 * the codes each reply got; so is a test whose session ended before its
 * last reply. A test with several seeds (the default: docs/scenario-format.md)
 * is played at each, and the seeds that failed are named. Returns the
 * number of failed tests. */
size_t validate_run_tests(const struct scenario *s, const struct coder *c, struct diag_list *dl);
/* validate_run_tests(), and each play's path appended to trace: per reply
 * the codes, the response taken, the node or ending (and why an ending
 * that was not the goto), and the meters after it. */
size_t validate_trace_tests(const struct scenario *s, const struct coder *c, struct diag_list *dl,
			    struct strbuf *trace);

#endif
