/* app/pack_entries.h: installed packs on disk, for `micoach pack`
 * (cmd/pack.c): the entries ID@VERSION[.yaml] of a directory in version
 * order, versions compared part by part, files copied whole and synced,
 * and the digest that tells the same version again from a different pack
 * with the same version. */
#ifndef MICOACH_PACK_ENTRIES_H
#define MICOACH_PACK_ENTRIES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/sha256.h"

/* An installed entry "ID@VERSION" or "ID@VERSION.yaml" in a directory. */
struct pack_entry {
	char *id, *version, *path;
	bool single;
};

/* A version safe as part of a file name: [0-9A-Za-z.+-], not starting with a dot, 64 at most. */
bool pack_version_safe(const char *v);
/* Versions compared part by part ("1.10.0" > "1.9.2"); numbers as numbers. */
int pack_version_cmp(const char *a, const char *b);
/* Entries of dir (for pack id when not NULL), by id then version; *n of them. */
struct pack_entry *pack_entries_read(const char *dir, const char *id, size_t *n);
void pack_entries_free(struct pack_entry *e, size_t n);
/* Copy the file from into the open file out (named to, for messages) and sync it. */
int pack_copy_into(const char *from, int out, const char *to, struct error *err);
/* Copy from to a new file to (never over one). */
int pack_copy_file(const char *from, const char *to, struct error *err);
/* SHA-256 over files (names and contents in name order; a single-file pack: its content). */
void pack_files_digest(char **paths, size_t n, bool single, char hex[SHA256_HEX]);
/* The digest of an installed entry (a directory's visible files, or a file). */
void pack_entry_digest(const char *path, char hex[SHA256_HEX]);

#endif
