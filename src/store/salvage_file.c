/* store/salvage_file.c: opening a database file for the page reader
 * (salvage_pages.h), read-only: the file, its -wal file (a 32-byte header,
 * then frames of a 24-byte header and one page; a frame counts when its
 * salts match the header's and its running checksum is right, and only up to
 * the last commit frame), the page size (from the header or, when that is
 * damaged, guessed from the pages), and reading one page as the log leaves
 * it. */
#include "salvage_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"

#define WAL_HEADER 32
#define WAL_FRAME_HEADER 24

struct wal_frame {
	uint32_t page;
	uint64_t at;                  /* offset of its page image in the -wal file */
};

/* n bytes at off, zero-filled past the end of the source. */
static void source_read(struct dbfile *f, const struct source *s, uint64_t off, unsigned char *buf, size_t n)
{
	size_t got = 0;

	if (off < s->size) {
		uint64_t avail = s->size - off;
		size_t want = avail < n ? (size_t)avail : n;
		if (s->mem) {
			memcpy(buf, s->mem + off, want);
			got = want;
		} else {
			while (got < want) {
				ssize_t r = pread(s->fd, buf + got, want - got, (off_t)(off + got));
				if (r < 0 && errno == EINTR)
					continue;
				if (r <= 0) {
					if (r < 0 && !f->io_errno)
						f->io_errno = errno;
					break;
				}
				got += (size_t)r;
			}
		}
	}
	memset(buf + got, 0, n - got);
}

const unsigned char *dbfile_page(struct dbfile *f, uint32_t pgno, unsigned char *buf)
{
	if (pgno < 1 || pgno > f->npages)
		return NULL;
	if (f->wal_at && f->wal_at[pgno])
		source_read(f, &f->wal, f->wal_at[pgno], buf, f->page_size);
	else
		source_read(f, &f->db, (uint64_t)(pgno - 1) * f->page_size, buf, f->page_size);
	return buf;
}

static bool page_size_valid(uint32_t ps)
{
	return ps >= 512 && ps <= 65536 && (ps & (ps - 1)) == 0;
}

/* --- Opening ------------------------------------------------------------- */

static uint32_t wal_word(const unsigned char *p, bool big)
{
	return big ? be32(p) : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* The log's running checksum over n bytes (a multiple of 8). */
static void wal_checksum(const unsigned char *p, size_t n, bool big, uint32_t s[2])
{
	for (size_t i = 0; i + 8 <= n; i += 8) {
		s[0] += wal_word(p + i, big) + s[1];
		s[1] += wal_word(p + i + 4, big) + s[0];
	}
}

/* The committed frames of the -wal file replace the file's pages; the last
 * commit says how many pages the database has. */
static void wal_read(struct dbfile *f)
{
	unsigned char h[WAL_HEADER], fh[WAL_FRAME_HEADER], *img;
	uint32_t s[2] = { 0, 0 }, ps, magic, last = 0;
	struct wal_frame *frames = NULL;
	size_t n = 0, alloc = 0, committed = 0;
	bool big;

	if (f->wal.size < WAL_HEADER)
		return;
	source_read(f, &f->wal, 0, h, WAL_HEADER);
	magic = be32(h);
	big = magic & 1;
	ps = be32(h + 8);
	if ((magic & ~1u) != 0x377f0682u || be32(h + 4) != 3007000 || !page_size_valid(ps) ||
	    (f->page_size && ps != f->page_size))
		return;
	wal_checksum(h, 24, big, s);
	if (s[0] != be32(h + 24) || s[1] != be32(h + 28))
		return;
	img = xmalloc(ps);
	for (uint64_t off = WAL_HEADER; f->wal.size - off >= (uint64_t)WAL_FRAME_HEADER + ps;
	     off += WAL_FRAME_HEADER + ps) {
		source_read(f, &f->wal, off, fh, WAL_FRAME_HEADER);
		source_read(f, &f->wal, off + WAL_FRAME_HEADER, img, ps);
		if (!be32(fh) || memcmp(fh + 8, h + 16, 8))
			break;
		wal_checksum(fh, 8, big, s);
		wal_checksum(img, ps, big, s);
		if (s[0] != be32(fh + 16) || s[1] != be32(fh + 20))
			break;
		if (n == alloc) {
			alloc = alloc ? 2 * alloc : 64;
			frames = xrealloc(frames, alloc * sizeof *frames);
		}
		frames[n].page = be32(fh);
		frames[n++].at = off + WAL_FRAME_HEADER;
		if (be32(fh + 4)) {
			committed = n;
			last = be32(fh + 4);
		}
	}
	free(img);
	if (committed) {
		uint64_t file_pages = (f->db.size + ps - 1) / ps;
		f->page_size = ps;
		f->npages = (uint32_t)(last < file_pages + committed ? last : file_pages + committed);
		f->wal_at = xcalloc((size_t)f->npages + 1, sizeof *f->wal_at);
		for (size_t i = 0; i < committed; i++)
			if (frames[i].page <= f->npages)
				f->wal_at[frames[i].page] = frames[i].at;
		f->wal_frames = (uint32_t)committed;
	}
	free(frames);
}

/* A damaged header no longer says the page size: take the smallest size at
 * which (nearly) as many blocks read as b-tree pages as at any size (a size
 * too small splits pages, one too large still starts on page boundaries). */
static uint32_t page_size_guess(struct dbfile *f)
{
	double frac[8], best = 0;
	unsigned char *buf = xmalloc(65536);
	uint32_t guess = 4096;

	for (int k = 0; k < 8; k++) {
		uint32_t ps = 512u << k, hits = 0, sample;
		uint64_t pages = f->db.size / ps;
		frac[k] = 0;
		if (pages < 2)
			continue;
		sample = pages - 1 < 200 ? (uint32_t)(pages - 1) : 200;
		for (uint32_t p = 2; p < 2 + sample; p++) {
			unsigned t, hs, n;
			source_read(f, &f->db, (uint64_t)(p - 1) * ps, buf, ps);
			t = buf[0];
			if (!btree_type(t))
				continue;
			hs = (t == 2 || t == 5) ? 12 : 8;
			n = be16(buf + 3);
			if (hs + 2 * n > ps || (n && (be16(buf + hs) < hs + 2 * n || be16(buf + hs) >= ps)))
				continue;
			hits++;
		}
		frac[k] = (double)hits / sample;
		if (frac[k] > best)
			best = frac[k];
	}
	for (int k = 0; k < 8 && best > 0; k++) {
		if (frac[k] >= 0.8 * best) {
			guess = 512u << k;
			break;
		}
	}
	free(buf);
	return guess;
}

/* The page size, the log, the page count and page 1's header. */
static void dbfile_setup(struct dbfile *f)
{
	unsigned char h[100];
	uint32_t ps = 0;
	uint64_t pages;

	source_read(f, &f->db, 0, h, sizeof h);
	if (!memcmp(h, "SQLite format 3", 16)) {
		ps = be16(h + 16) == 1 ? 65536 : be16(h + 16);
		if (!page_size_valid(ps) || ps - h[20] < 480)
			ps = 0;
	}
	f->page_size = ps;
	wal_read(f);
	if (!f->page_size)
		f->page_size = page_size_guess(f);
	if (!f->npages) {
		pages = (f->db.size + f->page_size - 1) / f->page_size;
		f->npages = pages > 0x7ffffffe ? 0x7ffffffe : (uint32_t)pages;
	}
	f->usable = f->page_size;
	f->role = xcalloc((size_t)f->npages + 1, 1);
	f->owner = xcalloc((size_t)f->npages + 1, sizeof *f->owner);
	f->page = xmalloc(f->page_size);
	f->ovpage = xmalloc(f->page_size);
	memset(f->hdr, 0, sizeof f->hdr);
	if (f->npages)
		memcpy(f->hdr, dbfile_page(f, 1, f->page), sizeof f->hdr);
	ps = be16(f->hdr + 16) == 1 ? 65536 : be16(f->hdr + 16);
	f->header_ok = !memcmp(f->hdr, "SQLite format 3", 16) && ps == f->page_size && ps - f->hdr[20] >= 480;
	if (f->header_ok)
		f->usable = f->page_size - f->hdr[20];
}

struct dbfile *dbfile_from_memory(const unsigned char *db, size_t dblen, const unsigned char *wal, size_t wallen)
{
	struct dbfile *f = xcalloc(1, sizeof *f);

	f->db = (struct source){ .fd = -1, .mem = db, .size = dblen };
	f->wal = (struct source){ .fd = -1, .mem = wal, .size = wal ? wallen : 0 };
	dbfile_setup(f);
	return f;
}

/* Open a regular file read-only; -1 when it is missing (ENOENT left in errno). */
static int open_regular(const char *path, uint64_t *size)
{
	struct stat sb;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	*size = (uint64_t)sb.st_size;
	return fd;
}

int dbfile_open(const char *path, struct dbfile **out, struct error *err)
{
	struct dbfile *f;
	uint64_t size = 0, wsize = 0;
	char *walpath;
	int fd = open_regular(path, &size), wfd;

	*out = NULL;
	if (fd < 0)
		return error_set(err, errno == ENOENT ? EXIT_NOINPUT : EXIT_IOERR, "%s: cannot read the database: %s",
				 path, errno == EINVAL ? "not a regular file" : strerror(errno));
	walpath = xasprintf("%s-wal", path);
	wfd = open_regular(walpath, &wsize);
	free(walpath);
	f = xcalloc(1, sizeof *f);
	f->db = (struct source){ .fd = fd, .size = size };
	f->wal = (struct source){ .fd = wfd, .size = wfd >= 0 ? wsize : 0 };
	dbfile_setup(f);
	if (f->io_errno) {
		error_set(err, EXIT_IOERR, "%s: cannot read the database: %s", path, strerror(f->io_errno));
		dbfile_close(f);
		return -1;
	}
	*out = f;
	return 0;
}

void dbfile_close(struct dbfile *f)
{
	if (!f)
		return;
	if (f->db.fd >= 0)
		close(f->db.fd);
	if (f->wal.fd >= 0)
		close(f->wal.fd);
	free(f->wal_at);
	free(f->role);
	free(f->owner);
	free(f->page);
	free(f->ovpage);
	free(f->payload);
	free(f->stack);
	free(f);
}
