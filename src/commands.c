/* commands.c: the table of subcommands, and their usage messages. */
#include <stdio.h>
#include <string.h>

#include "app.h"

static const struct command commands[] = {
	/* Keep sorted by name. One entry a command: name, function, synopsis, summary, help. */
	{ "list", cmd_list, "list", "list the scenarios: id, pack, title, difficulty (tab-separated)", NULL },
	{ "practice", cmd_practice, "practice [SCENARIO] [--plain] [--seed N] [--no-feedback]",
	  "practise a scenario with a simulated client",
	  "  --plain          line mode (automatic when not on a terminal)\n"
	  "  --seed N         make the client's choice among line variants reproducible\n"
	  "  --no-feedback    hold all feedback to the end (exam mode; also --exam)\n"
	  "In the session: /help, /hint, /quit; end of input ends the session.\n" },
};

const struct command *command_find(const char *name)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

const struct command *command_at(size_t i)
{
	return i < sizeof commands / sizeof commands[0] ? &commands[i] : NULL;
}

int command_usage(const char *name)
{
	const struct command *c = command_find(name);

	if (c)
		fprintf(stderr, "usage: micoach %s\nTry 'micoach help %s' for more.\n", c->synopsis, name);
	else
		fprintf(stderr, "usage: micoach [--db PATH] [--scenarios DIR] [--user NAME] COMMAND [ARGS]\n"
			"Try 'micoach --help'.\n");
	return EXIT_USAGE;
}
