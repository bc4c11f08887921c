/* libFuzzer target: the page reader of `micoach doctor --recover`
 * (store/salvage_pages.c) on arbitrary bytes as a database file and its
 * -wal file. It must never crash, hang, leak or read out of bounds; every
 * byte of every value it hands over is touched, so AddressSanitizer sees a
 * value that reaches past its buffer.
 *
 * Input: a 4-byte little-endian number n, then the database file's first
 * n % (rest + 1) bytes, then the -wal file. Seeds (tests/fuzz/corpus/
 * fuzz_salvage/) are small SQLite files with 512-byte pages and the tables
 * below, whole, damaged, and with their rows in the log: see
 * tests/fuzz/make_salvage_seeds.py. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "store/salvage_pages.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct dbfile_column user_cols[] = {
	{ .affinity = DBA_INTEGER, .rowid_alias = true },
	{ .affinity = DBA_TEXT, .notnull = true },
	{ .affinity = DBA_TEXT, .notnull = true },
};
static const struct dbfile_column turn_cols[] = {
	{ .affinity = DBA_INTEGER, .rowid_alias = true },
	{ .affinity = DBA_INTEGER, .notnull = true },
	{ .affinity = DBA_TEXT, .notnull = true },
	{ .affinity = DBA_REAL },
	{ .affinity = DBA_ANY },
};
static const struct dbfile_column code_cols[] = {
	{ .affinity = DBA_INTEGER, .notnull = true },
	{ .affinity = DBA_TEXT, .notnull = true },
};
static const struct dbfile_column index_cols[] = {
	{ .affinity = DBA_TEXT, .notnull = true },
	{ .affinity = DBA_INTEGER, .notnull = true },
};
static const struct dbfile_table tables[] = {
	{ .name = "users", .ncols = 3, .cols = user_cols },
	{ .name = "turns", .ncols = 5, .cols = turn_cols },
	{ .name = "turn_codes", .index_tree = true, .ncols = 2, .cols = code_cols },
	{ .name = "users_by_name", .index_tree = true, .is_index = true, .ncols = 2, .cols = index_cols },
};

static volatile unsigned sink;

static int touch(void *ctx, const struct dbfile_row *row)
{
	(void)ctx;
	if (row->table >= sizeof tables / sizeof tables[0] || row->ncols != tables[row->table].ncols)
		__builtin_trap();
	for (size_t i = 0; i < row->ncols; i++)
		for (size_t j = 0; (row->v[i].type == DBV_TEXT || row->v[i].type == DBV_BLOB) && j < row->v[i].n; j++)
			sink += row->v[i].p[j];
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dbfile_stats st;
	struct error err = { 0 };
	struct dbfile *f;
	size_t dblen;
	uint32_t n;

	if (size < 4)
		return 0;
	memcpy(&n, data, 4);
	data += 4;
	size -= 4;
	dblen = n % (size + 1);
	f = dbfile_from_memory(data, dblen, data + dblen, size - dblen);
	dbfile_scan(f, tables, sizeof tables / sizeof tables[0], touch, NULL, &st, &err);
	/* A second scan of the same file must give the same rows. */
	{
		struct dbfile_stats again;
		dbfile_scan(f, tables, sizeof tables / sizeof tables[0], touch, NULL, &again, &err);
		if (again.rows != st.rows)
			__builtin_trap();
	}
	dbfile_close(f);
	return 0;
}
