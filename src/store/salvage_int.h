/* salvage_int.h: what the page reader's two files share: salvage_file.c
 * (opening a database file and its log, the page size, reading a page) and
 * salvage_pages.c (b-trees, cells, records, the scan). Private to them. */
#ifndef MICOACH_SALVAGE_INT_H
#define MICOACH_SALVAGE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "store/salvage_pages.h"

enum role {
	ROLE_NONE,      /* not reached from any root */
	ROLE_FREE,      /* on the freelist */
	ROLE_OVERFLOW,  /* part of an overflow chain */
	ROLE_PTRMAP,    /* an auto-vacuum pointer map */
	ROLE_LOCK,      /* the lock-byte page */
	ROLE_SCHEMA,    /* the schema table's b-tree */
	ROLE_OTHER,     /* a b-tree of something the caller did not name */
	ROLE_TABLE,     /* a b-tree of one of the caller's tables (owner[]) */
	ROLE_QUEUED,    /* claimed by a tree walk, not yet read */
	ROLE_DAMAGED,   /* reached from a root, but no b-tree page */
};

struct source {
	int fd;                       /* -1 for memory */
	const unsigned char *mem;
	uint64_t size;
};

struct dbfile {
	struct source db, wal;
	int io_errno;                 /* the first read error, 0 when none */
	uint32_t page_size, usable, npages;
	bool header_ok;
	unsigned char hdr[100];       /* page 1's header as the log leaves it */
	uint64_t *wal_at;             /* per page: its newest committed image in the -wal file, 0: the file's */
	uint32_t wal_frames;
	unsigned char *role;          /* per page, enum role */
	uint32_t *owner;              /* per page: the table, when ROLE_TABLE */
	unsigned char *page, *ovpage; /* a b-tree page and an overflow page being read */
	unsigned char *payload;
	size_t payload_alloc;
	uint32_t *stack;              /* tree walks */
	size_t stack_n, stack_alloc;
	struct dbfile_value vals[DBFILE_MAX_COLUMNS];
	struct dbfile_stats *stats;
};

static inline uint32_t be16(const unsigned char *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static inline uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline bool btree_type(unsigned t)
{
	return t == 2 || t == 5 || t == 10 || t == 13;
}

/* Page pgno (1-based) into buf, as the log leaves it; NULL when out of range. */
const unsigned char *dbfile_page(struct dbfile *f, uint32_t pgno, unsigned char *buf);

#endif
