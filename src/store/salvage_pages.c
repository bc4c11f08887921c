/* store/salvage_pages.c: reading an SQLite database file page by page,
 * without SQLite (salvage_pages.h says what for). The file is opened
 * read-only; nothing here writes anything.
 *
 * The format, from SQLite's file format document: a 100-byte header on page
 * 1 (page size at 16, reserved bytes at 20, freelist at 32 and 36, the
 * auto-vacuum root at 52, text encoding at 56, user_version at 60); b-tree
 * pages with an 8-byte (leaf) or 12-byte (interior) header, type 2 / 5 / 10 /
 * 13 (index interior, table interior, index leaf, table leaf), a cell count
 * at 3 and an array of 2-byte cell offsets after the header; cells holding a
 * varint payload size (and a varint rowid in table leaves), the payload's
 * first bytes and, when it does not fit, a 4-byte overflow page number; the
 * record: a varint header size, varint serial types, then the values. The
 * file itself, its log and reading a page: salvage_file.c. */
#include "salvage_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* SQLite's own limit on a string or blob (SQLITE_MAX_LENGTH's default). */
#define MAX_PAYLOAD 1000000000u

/* A varint (1 to 9 bytes, big-endian, 7 bits a byte but all 8 in the
 * ninth) from p, not reading at or past end. Its length, or 0 when it runs
 * past end. */
static size_t varint(const unsigned char *p, const unsigned char *end, uint64_t *v)
{
	uint64_t x = 0;

	for (size_t i = 0; i < 9; i++) {
		if (p + i >= end)
			return 0;
		if (i == 8) {
			*v = x << 8 | p[i];
			return 9;
		}
		x = x << 7 | (p[i] & 0x7f);
		if (!(p[i] & 0x80)) {
			*v = x;
			return i + 1;
		}
	}
	return 0; /* not reached */
}

/* --- Pages --------------------------------------------------------------- */

/* A b-tree page's layout: where its header starts, its type, its cells. */
struct btree_page {
	unsigned hoff;                /* 100 on page 1 */
	unsigned type;                /* 2, 5, 10 or 13 */
	unsigned hsize;               /* 8 or 12 */
	unsigned ncells;
};

static bool index_type(unsigned t)
{
	return t == 2 || t == 10;
}

/* Read page pg's b-tree header; false when it is none. A cell count that
 * runs past the page is cut to what fits (the cells themselves are checked
 * one by one). */
static bool btree_parse(const struct dbfile *f, uint32_t pgno, const unsigned char *pg, struct btree_page *bp)
{
	unsigned room;

	bp->hoff = pgno == 1 ? 100 : 0;
	bp->type = pg[bp->hoff];
	if (!btree_type(bp->type))
		return false;
	bp->hsize = (bp->type == 2 || bp->type == 5) ? 12 : 8;
	if (bp->hoff + bp->hsize > f->usable)
		return false;
	bp->ncells = be16(pg + bp->hoff + 3);
	room = (f->usable - bp->hoff - bp->hsize) / 2;
	if (bp->ncells > room)
		bp->ncells = room;
	return true;
}

/* The offset of cell i, or 0 when it points outside the page's cell area. */
static unsigned cell_at(const struct dbfile *f, const unsigned char *pg, const struct btree_page *bp, unsigned i)
{
	unsigned c = be16(pg + bp->hoff + bp->hsize + 2 * i);

	return c >= bp->hoff + bp->hsize + 2 * bp->ncells && c < f->usable ? c : 0;
}

/* How much of a payload of p bytes stays on the page (the file format's
 * rule, with U the usable size): all of it up to X (U - 35 on table leaves,
 * (U - 12) * 64 / 255 - 23 on index pages); otherwise K = M + (p - M) %
 * (U - 4) if K <= X, else M, where M = (U - 12) * 32 / 255 - 23. */
static uint64_t payload_local(const struct dbfile *f, unsigned type, uint64_t p)
{
	uint64_t u = f->usable;
	uint64_t x = type == 13 ? u - 35 : (u - 12) * 64 / 255 - 23;
	uint64_t m = (u - 12) * 32 / 255 - 23, k;

	if (p <= x)
		return p;
	k = m + (p - m) % (u - 4);
	return k <= x ? k : m;
}

/* The payload of the cell at c (past its header of hlen bytes) into
 * f->payload, following its overflow chain; its length, or -1 when it
 * cannot be read whole. The chain's pages are marked as overflow pages. */
static int64_t payload_read(struct dbfile *f, const unsigned char *pg, unsigned c, size_t hlen, unsigned type,
			    uint64_t p)
{
	uint64_t local = payload_local(f, type, p), done;
	uint32_t next;
	const unsigned char *start = pg + c + hlen;

	if (p > MAX_PAYLOAD || p > (uint64_t)f->npages * f->usable)
		return -1;
	if (c + hlen + local + (local < p ? 4 : 0) > f->usable)
		return -1;
	if (f->payload_alloc < p + 1) {
		f->payload_alloc = (size_t)p + 1;
		f->payload = xrealloc(f->payload, f->payload_alloc);
	}
	memcpy(f->payload, start, (size_t)local);
	if (local == p)
		return (int64_t)p;
	next = be32(start + local);
	/* Each step takes up to U - 4 bytes, so the loop ends; a chain that
	 * loops back or leaves the file stops it. */
	for (done = local; done < p;) {
		uint64_t n = p - done < f->usable - 4 ? p - done : f->usable - 4;
		/* Not through a page that is something else (a damaged page, with
		 * no b-tree header, may well be an overflow page). */
		if (next < 2 || next > f->npages ||
		    (f->role[next] != ROLE_NONE && f->role[next] != ROLE_OVERFLOW && f->role[next] != ROLE_DAMAGED))
			return -1;
		f->role[next] = ROLE_OVERFLOW;
		dbfile_page(f, next, f->ovpage);
		memcpy(f->payload + done, f->ovpage + 4, (size_t)n);
		done += n;
		next = be32(f->ovpage);
	}
	return (int64_t)p;
}

/* --- Records ------------------------------------------------------------- */

/* Decode the record of len bytes at rec into f->vals; the column count, or
 * -1 when it is not a well-formed record. */
static int record_decode(struct dbfile *f, const unsigned char *rec, size_t len)
{
	const unsigned char *end = rec + len, *h, *body;
	uint64_t hsize, type;
	size_t n, ncols = 0;

	if (!(n = varint(rec, end, &hsize)) || hsize < n || hsize > len)
		return -1;
	h = rec + n;
	body = rec + hsize;
	while (h < rec + hsize) {
		struct dbfile_value *v = &f->vals[ncols];
		uint64_t size;
		if (ncols == DBFILE_MAX_COLUMNS || !(n = varint(h, rec + hsize, &type)))
			return -1;
		h += n;
		memset(v, 0, sizeof *v);
		switch (type) {
		case 0: v->type = DBV_NULL; size = 0; break;
		case 1: case 2: case 3: case 4: size = type; v->type = DBV_INT; break;
		case 5: size = 6; v->type = DBV_INT; break;
		case 6: case 7: size = 8; v->type = type == 6 ? DBV_INT : DBV_REAL; break;
		case 8: case 9: v->type = DBV_INT; v->i = type == 9; size = 0; break;
		case 10: case 11: return -1; /* reserved */
		default:
			size = (type - 12) / 2;
			v->type = type & 1 ? DBV_TEXT : DBV_BLOB;
		}
		if (size > (uint64_t)(end - body))
			return -1;
		if (v->type == DBV_INT && size) {
			uint64_t x = body[0] & 0x80 ? UINT64_MAX : 0;
			for (uint64_t i = 0; i < size; i++)
				x = x << 8 | body[i];
			v->i = (int64_t)x;
		} else if (v->type == DBV_REAL) {
			uint64_t x = 0;
			for (int i = 0; i < 8; i++)
				x = x << 8 | body[i];
			memcpy(&v->r, &x, sizeof v->r);
		} else if (v->type == DBV_TEXT || v->type == DBV_BLOB) {
			v->p = body;
			v->n = (size_t)size;
		}
		body += size;
		ncols++;
	}
	return (int)ncols;
}

/* Does the record fit table t: its column count, and each value's type
 * against its column's declared type and NOT NULL? Text must be UTF-8. */
/* A record may be narrower than its table: rows written before an ALTER
 * TABLE ADD COLUMN keep their old width, the missing trailing columns
 * reading NULL (micoach adds only nullable columns without a default). */
static bool record_fits(const struct dbfile_table *t, const struct dbfile_value *v, size_t n)
{
	if (n == 0 || n > t->ncols || t->ncols > DBFILE_MAX_COLUMNS)
		return false;
	for (size_t i = n; i < t->ncols; i++)
		if (t->cols[i].notnull || t->cols[i].rowid_alias)
			return false;
	for (size_t i = 0; i < n; i++) {
		const struct dbfile_column *c = &t->cols[i];
		if (c->rowid_alias) {
			if (v[i].type != DBV_NULL)
				return false;
			continue;
		}
		switch (v[i].type) {
		case DBV_NULL:
			if (c->notnull)
				return false;
			break;
		case DBV_INT:
			if (c->affinity == DBA_TEXT)
				return false;
			break;
		case DBV_REAL:
			if (c->affinity == DBA_INTEGER || c->affinity == DBA_TEXT)
				return false;
			break;
		case DBV_TEXT:
			if (c->affinity == DBA_INTEGER || c->affinity == DBA_REAL ||
			    !utf8_valid((const char *)v[i].p, v[i].n, NULL))
				return false;
			break;
		case DBV_BLOB:
			if (c->affinity != DBA_ANY)
				return false;
		}
	}
	return true;
}

/* Calls fn(ctx, rowid, ncols) for each record on a b-tree page, with the
 * values in f->vals; counts the cells it cannot read. Table interior pages
 * hold no records. fn returns 0 to go on. */
typedef int (*record_fn)(struct dbfile *f, void *ctx, int64_t rowid, size_t ncols);

static int page_records(struct dbfile *f, const unsigned char *pg, const struct btree_page *bp, record_fn fn,
			void *ctx)
{
	const unsigned char *end = pg + f->usable;

	if (bp->type == 5)
		return 0;
	for (unsigned i = 0; i < bp->ncells; i++) {
		unsigned c = cell_at(f, pg, bp, i);
		uint64_t p = 0, rowid = 0;
		size_t hlen = bp->type == 2 ? 4 : 0, n;
		int64_t len;
		int ncols, rc;

		if (!c || c + hlen >= f->usable || !(n = varint(pg + c + hlen, end, &p))) {
			f->stats->bad_cells++;
			continue;
		}
		hlen += n;
		if (bp->type == 13) {
			if (!(n = varint(pg + c + hlen, end, &rowid))) {
				f->stats->bad_cells++;
				continue;
			}
			hlen += n;
		}
		if ((len = payload_read(f, pg, c, hlen, bp->type, p)) < 0 ||
		    (ncols = record_decode(f, f->payload, (size_t)len)) < 0) {
			f->stats->bad_cells++;
			continue;
		}
		if ((rc = fn(f, ctx, (int64_t)rowid, (size_t)ncols)))
			return rc;
	}
	return 0;
}

/* --- Trees --------------------------------------------------------------- */

static void stack_push(struct dbfile *f, uint32_t pgno)
{
	if (f->stack_n == f->stack_alloc) {
		f->stack_alloc = f->stack_alloc ? 2 * f->stack_alloc : 64;
		f->stack = xrealloc(f->stack, f->stack_alloc * sizeof *f->stack);
	}
	f->stack[f->stack_n++] = pgno;
}

/* Claim a page for a tree walk: only one not yet claimed by anything. */
static void claim(struct dbfile *f, uint32_t pgno)
{
	if (pgno >= 1 && pgno <= f->npages && f->role[pgno] == ROLE_NONE) {
		f->role[pgno] = ROLE_QUEUED;
		stack_push(f, pgno);
	}
}

/* Walk the b-tree from root, giving each page reached the role (and owner).
 * A page of the wrong kind for the tree (a table page in an index tree) is
 * left for the shape pass; one that is no b-tree page at all is damaged. Each
 * page is claimed once, so the walk ends whatever the pointers say. */
static void tree_walk(struct dbfile *f, uint32_t root, enum role role, uint32_t owner, int want_index)
{
	claim(f, root);
	while (f->stack_n) {
		uint32_t pgno = f->stack[--f->stack_n];
		const unsigned char *pg = dbfile_page(f, pgno, f->page);
		struct btree_page bp;

		if (!btree_parse(f, pgno, pg, &bp)) {
			f->role[pgno] = ROLE_DAMAGED;
			f->stats->damaged_pages++;
			continue;
		}
		if (want_index >= 0 && index_type(bp.type) != (want_index == 1)) {
			f->role[pgno] = ROLE_NONE;
			continue;
		}
		f->role[pgno] = (unsigned char)role;
		f->owner[pgno] = owner;
		if (bp.type == 2 || bp.type == 5) {
			for (unsigned i = 0; i < bp.ncells; i++) {
				unsigned c = cell_at(f, pg, &bp, i);
				if (c && c + 4 <= f->usable)
					claim(f, be32(pg + c));
			}
			claim(f, be32(pg + bp.hoff + 8));
		}
	}
}

/* The roots the schema table names: name -> root page, and what it is. */
struct schema_entry {
	char *name;
	uint32_t root;
	bool is_index;
};
struct schema {
	struct schema_entry *e;
	size_t n, alloc;
};

static int schema_row(struct dbfile *f, void *ctx, int64_t rowid, size_t ncols)
{
	struct schema *s = ctx;
	const struct dbfile_value *v = f->vals;

	(void)rowid;
	/* type, name, tbl_name, rootpage, sql */
	if (ncols != 5 || v[0].type != DBV_TEXT || v[1].type != DBV_TEXT || v[3].type != DBV_INT ||
	    v[3].i < 1 || v[3].i > (int64_t)f->npages)
		return 0;
	if (s->n == s->alloc) {
		s->alloc = s->alloc ? 2 * s->alloc : 32;
		s->e = xrealloc(s->e, s->alloc * sizeof *s->e);
	}
	s->e[s->n].name = xstrndup((const char *)v[1].p, v[1].n);
	s->e[s->n].root = (uint32_t)v[3].i;
	s->e[s->n].is_index = v[0].n == 5 && !memcmp(v[0].p, "index", 5);
	s->n++;
	return 0;
}

/* Read the schema table: walk its tree from page 1, then read its rows. */
static void schema_read(struct dbfile *f, struct schema *s)
{
	tree_walk(f, 1, ROLE_SCHEMA, 0, 0);
	for (uint32_t p = 1; p <= f->npages; p++) {
		struct btree_page bp;
		if (f->role[p] != ROLE_SCHEMA || !btree_parse(f, p, dbfile_page(f, p, f->page), &bp))
			continue;
		page_records(f, f->page, &bp, schema_row, s);
	}
	f->stats->schema_ok = s->n > 0;
}

/* Pages that hold no rows of any b-tree: the lock-byte page, the pointer
 * maps of an auto-vacuum file, and the freelist (whose pages may still hold
 * old rows, deleted since: those are not salvaged). */
static void mark_special(struct dbfile *f)
{
	uint32_t lock = (uint32_t)(1073741824u / f->page_size) + 1, trunk, steps = 0;

	if (lock <= f->npages)
		f->role[lock] = ROLE_LOCK;
	if (!f->header_ok)
		return;
	if (be32(f->hdr + 52)) {
		uint32_t step = f->usable / 5 + 1;
		for (uint64_t p = 2; p <= f->npages; p += step)
			f->role[p] = ROLE_PTRMAP;
	}
	for (trunk = be32(f->hdr + 32); trunk >= 2 && trunk <= f->npages && f->role[trunk] == ROLE_NONE &&
	     steps++ < f->npages;) {
		const unsigned char *pg = dbfile_page(f, trunk, f->page);
		uint32_t n = be32(pg + 4), max = (f->usable - 8) / 4;
		f->role[trunk] = ROLE_FREE;
		f->stats->free_pages++;
		for (uint32_t i = 0; i < n && i < max; i++) {
			uint32_t leaf = be32(pg + 8 + 4 * i);
			if (leaf >= 2 && leaf <= f->npages && f->role[leaf] == ROLE_NONE) {
				f->role[leaf] = ROLE_FREE;
				f->stats->free_pages++;
			}
		}
		trunk = be32(pg);
	}
}

/* --- Rows ---------------------------------------------------------------- */

struct emit {
	const struct dbfile_table *tables;
	size_t ntables;
	dbfile_row_fn fn;
	void *ctx;
	size_t table;                 /* the page's table */
	uint32_t page;
	bool by_shape;
	bool page_index_tree;         /* the page is an index b-tree page */
	long long fits, misfits;
	unsigned *votes;              /* per table, when voting */
};

/* Hand a record that fits the page's table to the caller. */
static int emit_row(struct dbfile *f, void *vctx, int64_t rowid, size_t ncols)
{
	struct emit *e = vctx;
	const struct dbfile_table *t = &e->tables[e->table];
	struct dbfile_row row = {
		.table = e->table, .rowid = rowid, .ncols = ncols, .v = f->vals, .page = e->page,
		.by_shape = e->by_shape,
	};

	if (!record_fits(t, f->vals, ncols)) {
		e->misfits++;
		f->stats->bad_cells++;
		return 0;
	}
	e->fits++;
	if (t->is_index)
		return 0;
	for (size_t i = ncols; i < t->ncols; i++)
		memset(&f->vals[i], 0, sizeof f->vals[i]); /* DBV_NULL */
	row.ncols = t->ncols;
	f->stats->rows++;
	return e->fn(e->ctx, &row);
}

/* Count, for each table stored in the page's kind of b-tree, the records it fits. */
static int vote_row(struct dbfile *f, void *vctx, int64_t rowid, size_t ncols)
{
	struct emit *e = vctx;

	(void)rowid;
	/* A row as wide as a table is two votes, a narrower one (written before
	 * a column was added) one: a narrow row fits any wider table whose
	 * extra columns are nullable, so width decides between them. */
	for (size_t t = 0; t < e->ntables; t++)
		if (e->tables[t].index_tree == e->page_index_tree && record_fits(&e->tables[t], f->vals, ncols))
			e->votes[t] += ncols == e->tables[t].ncols ? 2 : 1;
	return 0;
}

/* The rows of the pages the tables' own b-trees reach. A page none of
 * whose rows fit its table (a damaged pointer led there) is left for the
 * shape pass, and its rows are not counted as unreadable. */
static int tree_pass(struct dbfile *f, struct emit *e)
{
	for (uint32_t p = 1; p <= f->npages; p++) {
		struct btree_page bp;
		long long bad;
		int rc;

		if (f->role[p] != ROLE_TABLE)
			continue;
		if (e->tables[f->owner[p]].is_index) {
			f->stats->index_pages++;
			continue;
		}
		if (!btree_parse(f, p, dbfile_page(f, p, f->page), &bp) || bp.type == 5)
			continue;
		e->table = f->owner[p];
		e->page = p;
		e->by_shape = false;
		e->fits = e->misfits = 0;
		bad = f->stats->bad_cells;
		if ((rc = page_records(f, f->page, &bp, emit_row, e)))
			return rc;
		if (!e->fits && e->misfits) {
			f->role[p] = ROLE_NONE;
			f->stats->bad_cells = bad;
		} else {
			f->stats->tree_pages++;
		}
	}
	return 0;
}

enum choice { CHOICE_NONE, CHOICE_INDEX, CHOICE_TABLE };

/* The table most of a page's rows fit: one table alone, or only indexes
 * (whose pages hold nothing to salvage), or none (no fit, or a tie between a
 * table and anything else). */
static enum choice shape_choose(const struct emit *e, size_t *best)
{
	unsigned top = 0;
	size_t ntop = 0, ntop_tables = 0;

	for (size_t t = 0; t < e->ntables; t++)
		if (e->votes[t] > top)
			top = e->votes[t];
	if (!top)
		return CHOICE_NONE;
	for (size_t t = 0; t < e->ntables; t++) {
		if (e->votes[t] != top)
			continue;
		ntop++;
		if (!e->tables[t].is_index) {
			ntop_tables++;
			*best = t;
		}
	}
	if (!ntop_tables)
		return CHOICE_INDEX;
	return ntop == 1 ? CHOICE_TABLE : CHOICE_NONE;
}

/* The b-tree pages no table's tree reaches (below a damaged root or
 * interior page): each goes to the table whose shape most of its rows fit
 * (shape_choose). */
static int shape_pass(struct dbfile *f, struct emit *e)
{
	e->votes = xcalloc(e->ntables ? e->ntables : 1, sizeof *e->votes);
	for (uint32_t p = 2; p <= f->npages; p++) {
		struct btree_page bp;
		size_t best = 0;
		int rc;

		if (f->role[p] != ROLE_NONE || !btree_parse(f, p, dbfile_page(f, p, f->page), &bp) || bp.type == 5)
			continue;
		memset(e->votes, 0, e->ntables * sizeof *e->votes);
		e->page_index_tree = index_type(bp.type);
		page_records(f, f->page, &bp, vote_row, e);
		switch (shape_choose(e, &best)) {
		case CHOICE_NONE:
			if (bp.ncells)
				f->stats->unplaced_pages++;
			continue;
		case CHOICE_INDEX:
			f->stats->index_pages++;
			continue;
		case CHOICE_TABLE:
			break;
		}
		e->table = best;
		e->page = p;
		e->by_shape = true;
		f->stats->shape_pages++;
		if ((rc = page_records(f, f->page, &bp, emit_row, e))) {
			free(e->votes);
			return rc;
		}
	}
	free(e->votes);
	e->votes = NULL;
	return 0;
}

/* --- Scanning ------------------------------------------------------------ */

static const struct schema_entry *schema_find(const struct schema *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->e[i].name, name))
			return &s->e[i];
	return NULL;
}

int dbfile_scan(struct dbfile *f, const struct dbfile_table *tables, size_t ntables, dbfile_row_fn fn,
		void *ctx, struct dbfile_stats *stats, struct error *err)
{
	struct schema schema = { 0 };
	struct emit e = { .tables = tables, .ntables = ntables, .fn = fn, .ctx = ctx };
	int rc;

	memset(stats, 0, sizeof *stats);
	f->stats = stats;
	memset(f->role, 0, (size_t)f->npages + 1);
	stats->page_size = f->page_size;
	stats->pages = f->npages;
	stats->header_ok = f->header_ok;
	stats->user_version = f->header_ok ? be32(f->hdr + 60) : 0;
	stats->wal_frames = f->wal_frames;
	if (f->header_ok && be32(f->hdr + 56) > 1)
		return error_set(err, EXIT_DATAERR, "the database stores its text as UTF-16, which micoach never "
				 "writes; it cannot be salvaged here");
	mark_special(f);
	schema_read(f, &schema);
	for (size_t t = 0; t < ntables; t++) {
		const struct schema_entry *se = schema_find(&schema, tables[t].name);
		if (se)
			tree_walk(f, se->root, ROLE_TABLE, (uint32_t)t, tables[t].index_tree ? 1 : 0);
	}
	for (size_t i = 0; i < schema.n; i++)
		tree_walk(f, schema.e[i].root, ROLE_OTHER, 0, schema.e[i].is_index ? 1 : -1);
	for (size_t i = 0; i < schema.n; i++)
		free(schema.e[i].name);
	free(schema.e);
	if (!(rc = tree_pass(f, &e)))
		rc = shape_pass(f, &e);
	if (f->io_errno)
		return error_set(err, EXIT_IOERR, "cannot read the database: %s", strerror(f->io_errno));
	return rc;
}
