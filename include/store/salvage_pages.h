/* salvage_pages.h: an SQLite database file read page by page, without
 * SQLite, for `micoach doctor --recover` (store/salvage.c), its tests and its
 * fuzz target. The file (and its -wal file, when one holds committed frames)
 * is only ever read. The layout followed is SQLite's file format document
 * (https://www.sqlite.org/fileformat2.html): the 100-byte header, b-tree
 * pages and their cells, overflow chains, the freelist, the record format and
 * the write-ahead log's frames and checksums.
 *
 * dbfile_scan() hands every row it can read to a callback, placed in one of
 * the caller's tables: by the b-tree that reaches its page from the table's
 * root page (named in the file's own schema), and where that tree is broken
 * (a damaged root or interior page) by the shape of the rows on the page
 * (their column count and types against each table's), as SQLite's recovery
 * extension does. Every length, offset, page number and loop is checked
 * against the file, so arbitrary bytes never crash, hang or read out of
 * bounds (tests/fuzz/fuzz_salvage.c). */
#ifndef MICOACH_SALVAGE_PAGES_H
#define MICOACH_SALVAGE_PAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* The most columns a record may have to be read (micoach's widest table has
 * 17); a record with more is counted as unreadable. */
#define DBFILE_MAX_COLUMNS 64

enum dbfile_type { DBV_NULL, DBV_INT, DBV_REAL, DBV_TEXT, DBV_BLOB };

/* One value of a record. Text and blobs point into the scanner's buffers and
 * are valid only during the callback. Text is UTF-8 (checked) without a NUL. */
struct dbfile_value {
	enum dbfile_type type;
	int64_t i;
	double r;
	const unsigned char *p;
	size_t n;
};

/* What a column holds, as its declared type and constraints say. */
enum dbfile_affinity { DBA_INTEGER, DBA_REAL, DBA_TEXT, DBA_ANY };
struct dbfile_column {
	enum dbfile_affinity affinity;
	bool notnull;
	bool rowid_alias;          /* INTEGER PRIMARY KEY: stored as NULL, the rowid holds it */
};

/* A table (or an index, whose rows are only recognised and set aside) as
 * its records lie in the file: for a rowid table its columns in order; for a
 * WITHOUT ROWID table or an index, the key's columns first, then the rest
 * (an index's last one being the rowid). The caller owns the arrays. */
struct dbfile_table {
	const char *name;          /* as in the file's schema (sqlite_master) */
	bool index_tree;           /* stored in an index b-tree (WITHOUT ROWID or an index) */
	bool is_index;             /* an index: its rows are recognised, not handed over */
	size_t ncols;
	const struct dbfile_column *cols;
};

/* One row found. */
struct dbfile_row {
	size_t table;              /* index into the tables given to dbfile_scan */
	int64_t rowid;             /* rowid tables only */
	size_t ncols;
	const struct dbfile_value *v;
	uint32_t page;             /* where it was found */
	bool by_shape;             /* placed by its shape, not by its table's b-tree */
};

/* A callback returns 0 to go on, anything else to stop the scan (which then
 * returns that value). */
typedef int (*dbfile_row_fn)(void *ctx, const struct dbfile_row *row);

struct dbfile_stats {
	uint32_t page_size;        /* as read or, when the header is damaged, as guessed */
	uint32_t pages;            /* in the file (as the write-ahead log leaves it) */
	bool header_ok;            /* the 100-byte header reads as SQLite's */
	bool schema_ok;            /* the schema table could be read */
	uint32_t user_version;     /* from the header (0 when it is damaged) */
	uint32_t wal_frames;       /* committed frames of the -wal file applied */
	uint32_t tree_pages;       /* data pages placed by their table's b-tree */
	uint32_t shape_pages;      /* data pages placed by the shape of their rows */
	uint32_t index_pages;      /* pages of indexes (rebuilt, nothing to salvage) */
	uint32_t unplaced_pages;   /* b-tree pages whose rows fit no table */
	uint32_t damaged_pages;    /* reached from a root but not readable as a b-tree page */
	uint32_t free_pages;       /* on the freelist (old data, not salvaged) */
	long long bad_cells;       /* cells or records that could not be read */
	long long rows;            /* rows handed to the callback */
};

struct dbfile;

/* Open path (and path-wal when present) read-only. -1 with err (EXIT_NOINPUT,
 * EXIT_IOERR) when it cannot be read, EXIT_DATAERR when it is too short or
 * too big to be a database. dbfile_close frees. */
int dbfile_open(const char *path, struct dbfile **out, struct error *err);
/* The same over bytes in memory (wal may be NULL), which the caller keeps
 * until dbfile_close. NULL when db is too short to hold a page. */
struct dbfile *dbfile_from_memory(const unsigned char *db, size_t dblen, const unsigned char *wal,
				  size_t wallen);
void dbfile_close(struct dbfile *f);

/* Read every page and hand each row that fits one of tables to fn. Returns
 * 0, fn's value when it stopped the scan, or -1 with err when the file
 * cannot be read (EXIT_IOERR) or stores text as UTF-16 (EXIT_DATAERR). */
int dbfile_scan(struct dbfile *f, const struct dbfile_table *tables, size_t ntables, dbfile_row_fn fn,
		void *ctx, struct dbfile_stats *stats, struct error *err);

#endif
