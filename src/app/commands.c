/* commands.c: the table of subcommands, and their usage messages. */
#include <stdio.h>
#include <string.h>

#include "app/app.h"

static const struct command commands[] = {
	/* Keep sorted by name. One entry a command: name, function, synopsis, summary, help. */
	{ "assign", cmd_assign, "assign PACK [--scenarios a,b] [--due DATE] [--mode exam|coach] [--pass RULES] [--id ID] [--title T] "
	  "[--trainee NAME]... [--trainees FILE] [--cohort C] [-o FILE] | assign --edit ID [--trainee NAME]... [--trainees FILE] "
	  "[--remove-trainee NAME]...",
	  "write an assignment file for trainees (docs/assignment-format.md), or change its roster",
	  "  --scenarios a,b  which scenarios of the pack (default: all); the global\n"
	  "                   --scenarios DIR goes before 'assign'\n  --due DATE       YYYY-MM-DD\n"
	  "  --mode M         exam (feedback held to the end) or coach (default)\n"
	  "  --pass RULES     e.g. rq_ratio=1,pct_complex=40,no_codes=CONF,outcome=success,min_skill.reflection=60\n"
	  "  --id ID          the assignment's id (default PACK-DUE); --title T its title\n"
	  "  --trainee NAME   a trainee on the roster (their --user; repeat it); the report lists every one\n"
	  "  --trainees FILE  the roster from FILE, one name a line (# comments)\n"
	  "  --edit ID        change the roster of assignment ID: add with --trainee or --trainees,\n"
	  "                   take off with --remove-trainee NAME\n"
	  "  --cohort C       on an organisation's store, the cohort it is for (default: the\n"
	  "                   one you train); its trainees see it at once\n"
	  "  -o FILE          write FILE (default: standard output); it is also kept in your database\n",
	  "--scenarios" },
	{ "assignment", cmd_assignment, "assignment add FILE | assignment remove ID",
	  "add a trainer's assignment file to your database, or remove one", NULL },
	{ "assignments", cmd_assignments, "assignments [--json]", "what is assigned to you: due dates, and pass or fail so far", NULL },
	{ "code", cmd_code, "code [--json] [--practice] [FILE]", "code a transcript's practitioner replies (MITI 4.2.1 codes, skills, tips)",
	  "  --json           one JSON object per practitioner utterance, one a line\n"
	  "  --practice       code each reply as typed in practice, as a session does\n"
	  "                   (never read as a line of a demonstration transcript)\n"
	  "FILE (or standard input): 'C: text' client and 'P: text' practitioner lines.\n" },
	{ "db", cmd_db, "db init [URI] | db add-user NAME --role trainee|trainer [--cohort C] [--password] | db users",
	  "set up an organisation's PostgreSQL store: schema, users, cohorts (docs/organisation.md)",
	  "  init [URI]       create or upgrade the schema, roles and row-level security\n"
	  "                   (safe to run twice; refuses a newer schema)\n"
	  "  add-user NAME    create (or adopt) the login role NAME as a micoach user\n"
	  "    --role R       trainee (practises) or trainer (reads its cohorts, assigns, notes)\n"
	  "    --cohort C     put it in cohort C (created when new)\n"
	  "    --password     set its password, read from standard input\n"
	  "  users            the users you may see: name, role, cohorts, since, login\n"
	  "The database: URI, else --db, else $MICOACH_DB (postgresql://... or postgres://...);\n"
	  "libpq's ~/.pgpass, PGSERVICE and PG* variables fill in the rest. Never put a\n"
	  "password in the URI: others can see it.\n" },
	{ "doctor", cmd_doctor, "doctor [--recover [-o NEW]]", "check the database and explain how to recover it when something is wrong",
	  "Checks that the database (--db) opens, is from this micoach, and passes SQLite's\n"
	  "integrity and foreign-key checks; says what it holds. Exits 0 when healthy, else\n"
	  "the problem's status (65 damaged or newer, 74 unreadable, 75 locked).\n"
	  "  --recover        copy what can be read into a new database (DB.recovered),\n"
	  "                   leaving the damaged one untouched\n"
	  "  -o NEW           where --recover writes\n" },
	{ "export", cmd_export, "export [--format json|csv] [--table turns|sessions] [--scenario S] [--pack P] [--since DATE] [--limit N] [--all-users] [-o FILE]",
	  "export sessions and turns as JSON or CSV (fields: docs/export-format.md)",
	  "  --format F       json (default: sessions with their turns) or csv\n"
	  "  --table T        for csv: turns (default, one row a turn) or sessions\n"
	  "  --scenario S, --pack P, --since DATE, --limit N, --offset N, --all-users: as for history\n"
	  "  --assignment ID [--trainee NAME], --notes: a result or notes file for trainers\n"
	  "                   (docs/assignment-format.md)\n"
	  "  -o FILE          write FILE (whole or not at all, mode 0600) instead of standard output\n" },
	{ "graph", cmd_graph, "graph SCENARIO", "print a scenario as a Graphviz DOT graph (micoach graph ID | dot -Tsvg)",
	  "SCENARIO: a scenario id (or PACK/ID) from the catalog, or a scenario file.\n" },
	{ "history", cmd_history, "history [--scenario S] [--pack P] [--since DATE] [--assignment ID] [--limit N] [--offset N] [--all-users] [--json|--csv]",
	  "list your sessions, newest first, with outcome and skill scores",
	  "  --scenario S     only sessions of scenario S\n"
	  "  --pack P         only sessions of scenarios in pack P\n"
	  "  --since DATE     only sessions started on or after DATE (YYYY-MM-DD, UTC)\n"
	  "  --limit N        at most N sessions (table default 50; 0 for all)\n"
	  "  --offset N       skip the N newest first (to page)\n"
	  "  --all-users      every user's sessions, not only --user's\n"
	  "  --assignment ID  the sessions of assignment ID, every trainee's\n"
	  "  --json, --csv    machine-readable (fields: docs/export-format.md)\n" },
	{ "import", cmd_import, "import FILE...", "merge trainees' result files (or a trainer's notes file) into this database",
	  "Importing a file twice changes nothing; a damaged or edited file is refused (exit 65), and so is one\n"
	  "whose sessions micoach could not have written or that names you as its trainee. FILE '-' is standard\n"
	  "input.\n" },
	{ "list", cmd_list, "list", "list the scenarios: id, pack, title, difficulty (tab-separated)", NULL },
	{ "note", cmd_note, "note SESSION[:TURN] TEXT...",
	  "attach trainer feedback to a session, or to one turn of it (carried back with export --notes)", NULL },
	{ "pack", cmd_pack, "pack install PATH [--force] [--strict] | pack list | pack remove PACK[@VERSION] | "
	  "pack build --for-trainees PACK -o DIR",
	  "install, list and remove scenario packs in $XDG_DATA_HOME/micoach; build the copy to send trainees",
	  "  install PATH     validate a pack (directory or single file) and install it; an older\n"
	  "                   version is kept aside, sessions on it stay readable\n"
	  "  list             id, version, state (installed, kept, bundled), scenarios, title\n"
	  "  remove P[@V]     remove a pack, or one version of it\n"
	  "  build --for-trainees PACK -o DIR\n"
	  "                   the pack (a directory or file) without trainer_notes and tests, in the\n"
	  "                   new DIR: checked to play the same; trainees' results import against PACK\n" },
	{ "practice", cmd_practice, "practice [SCENARIO] [--plain] [--seed N] [--no-feedback] [--retry SESSION:TURN] [--assignment ID]",
	  "practise a scenario with a simulated client",
	  "  --plain          line mode (automatic when not on a terminal)\n"
	  "  --seed N         make the client's choice among line variants reproducible\n"
	  "  --no-feedback    hold all feedback to the end (exam mode; also --exam)\n"
	  "  --retry S:T      replay session S up to turn T, then answer turn T anew\n"
	  "  --assignment ID  practise for a trainer's assignment: linked to it, in its mode\n"
	  "In the session: /help, /hint, /quit; end of input ends the session.\n" },
	{ "progress", cmd_progress, "progress [--last N] [--json]",
	  "your skill trends, best score per scenario, and what to practise next",
	  "  --last N         the trend over the last N scored sessions (default 30; 0 for all)\n"
	  "  --json           the same as numbers\n" },
	{ "report", cmd_report, "report --assignment ID [--csv|--json|--html] [-o FILE]",
	  "the cohort for an assignment: the roster and where each trainee stands, honest scores, MITI summary, replies to look at",
	  "  --assignment ID  the assignment (its id, as in the assignment file)\n"
	  "  --csv            one row a trainee and scenario, for spreadsheets\n"
	  "  --json           everything, for scripts\n"
	  "  --html           one self-contained HTML file to print or send (with -o FILE)\n"
	  "  -o FILE          write the report to FILE (private, 0600) instead of standard output\n" },
	{ "push", cmd_push, "push [--from PATH] [--from-user NAME]",
	  "upload your own practice history into an organisation's store (--db postgresql://...), once",
	  "  --from PATH      the SQLite database to read (default $XDG_DATA_HOME/micoach/micoach.db)\n"
	  "  --from-user NAME whose sessions in it (default: --user, or the login name)\n"
	  "Each session goes in once, by its uid: pushing again adds only what is new.\n" },
	{ "recover", cmd_recover, "recover [--keep] [FILE...]", "import practice sessions saved to recovery files when the database refused them",
	  "  FILE...          recovery files (default: the pending ones for this --db in $XDG_DATA_HOME/micoach/recovery)\n"
	  "  --keep           leave each imported file in place (default: renamed FILE.imported)\n" },
	{ "rescore", cmd_rescore, "rescore [--dry-run] [--all-users] [SESSION...]",
	  "recode stored replies with the current coder and say what changed",
	  "  SESSION...       the sessions to recode (default: all of yours)\n"
	  "  --dry-run        say what would change, save nothing\n"
	  "  --all-users      with no SESSION, every user's sessions\n" },
	{ "show", cmd_show, "show SESSION [--json] [--compare OTHER]",
	  "replay a stored session turn by turn: replies, codes, skills, cues, tips, meters, summary",
	  "  --json           the session, its turns and summary as one JSON object\n"
	  "  --compare OTHER  two sessions side by side, turn by turn (a retry beside its original)\n" },
	{ "validate", cmd_validate, "validate [--strict] [--no-tests] [--trace] [PATH...]",
	  "check scenario packs: located errors, lint warnings, the scenarios' own tests",
	  "  --strict         treat warnings as errors\n"
	  "  --no-tests       check the format and lint only; do not play the embedded tests\n"
	  "  --trace          print each embedded test's path: per reply the codes, the response,\n"
	  "                   the meters and the node\n"
	  "PATH: pack directories, scenario files, or directories of packs (default: the scenario dirs).\n"
	  "Exit 0 when valid, 65 when not, 66 when a PATH does not exist.\n" },
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
	const struct command *c = name ? command_find(name) : NULL;

	if (c)
		fprintf(stderr, "usage: micoach %s\nTry 'micoach help %s' for more.\n", c->synopsis, name);
	else
		fprintf(stderr, "usage: micoach [--db PATH] [--scenarios DIR] [--user NAME] COMMAND [ARGS]\n"
			"Try 'micoach --help'.\n");
	return EXIT_USAGE;
}
