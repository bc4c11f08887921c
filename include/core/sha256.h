/* sha256.h: SHA-256 (FIPS 180-4), for the checksums of result files and for
 * telling installed pack files apart. Pure; no allocation. */
#ifndef MICOACH_SHA256_H
#define MICOACH_SHA256_H

#include <stddef.h>
#include <stdint.h>

enum { SHA256_DIGEST = 32, SHA256_HEX = 65 /* 64 hex digits and a NUL */ };

struct sha256 {
	uint32_t h[8];
	uint64_t bytes;      /* message length so far */
	unsigned char block[64];
	size_t fill;         /* bytes waiting in block */
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *data, size_t n);
void sha256_final(struct sha256 *c, unsigned char digest[SHA256_DIGEST]);
/* The digest of n bytes as 64 lower-case hex digits into hex. */
void sha256_hex(const void *data, size_t n, char hex[SHA256_HEX]);

#endif
