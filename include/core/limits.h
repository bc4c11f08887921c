/* limits.h: the one table of micoach's limits. The scenario loader refuses
 * a scenario past them, practice ends a session at them, and the readers
 * of recovery files, result files and the store accept everything inside
 * them, so anything micoach writes it can read back (issue 14, item 1;
 * tests/faults/test_limits.sh plays a session at every extreme and carries
 * it through a recovery file and a result file). docs/scenario-format.md
 * and docs/reliability.md list them. */
#ifndef MICOACH_LIMITS_H
#define MICOACH_LIMITS_H

enum {
	LIMIT_METER = 1000000,      /* |min|, |max|, |start| and |value| of a meter, numbers in expressions */
	LIMIT_METERS = 8,           /* meters one scenario declares (each turn records them all) */
	LIMIT_LINE = 2000,          /* bytes of one line the client says, a thought, an ending's line */
	LIMIT_LINES = 12,           /* lines the client says in one turn */
	/* bytes of the client's whole answer in a turn: its lines joined by a space */
	LIMIT_CLIENT = LIMIT_LINES * (LIMIT_LINE + 1),
	LIMIT_SCENARIO_TEXT = 16000, /* bytes of any other text of a scenario or pack (notes, persona...) */
	LIMIT_PACK_BYTES = 16 * 1024 * 1024, /* bytes of all the files of one pack together */
	LIMIT_TITLE = 400,          /* bytes of a scenario's, a pack's or an assignment's title */
	LIMIT_ID = 64,              /* characters of a scenario, pack, node, ending or meter id */
	LIMIT_VERSION = 64,         /* bytes of a pack's version */
	LIMIT_PERSON = 200,         /* bytes of a user's (a trainee's, a trainer's) name */
	LIMIT_REPLY = 8192,         /* bytes of one typed reply (plain mode and the curses editor) */
	LIMIT_NOTE = 16000,         /* bytes of a trainer's note, and of a stored reply */
	LIMIT_TURNS = 1000,         /* turns in one session: turn_limit at most, and where practice stops */
	/* bytes of a session's text (replies, the client's lines and thoughts):
	 * practice ends a session that reaches it, with the outcome 'limit'.
	 * Written as JSON (a control character is six bytes) with each turn's
	 * fixed fields, it stays under LIMIT_SESSION_FILE. */
	LIMIT_SESSION_TEXT = 4 * 1024 * 1024,
	LIMIT_SESSION_FILE = 32 * 1024 * 1024, /* bytes of a recovery file (one session) */
};

#endif
