/* assignment_file.h: reading a trainer's assignment file (YAML) into
 * struct assignment (core/assignment.h), with located errors. Implemented
 * in yaml/assignment_load.c over yamldoc.h's tree; writing one is the
 * core's assignment_format_yaml(). */
#ifndef MICOACH_ASSIGNMENT_FILE_H
#define MICOACH_ASSIGNMENT_FILE_H

#include <stddef.h>
#include "core/assignment.h"
#include "core/diag.h"

/* Read an assignment file's text into *a (assignment_release frees it even
 * on error). YAML it must not use (anchors, tags, duplicate keys, nesting
 * deeper than 8, more than 4096 values, over ASSIGNMENT_SIZE_MAX bytes, not
 * UTF-8), unknown keys (with a did-you-mean), wrong types and bad values are
 * located errors in dl; returns -1 when there was any. */
int assignment_parse(const char *buf, size_t len, const char *file, struct assignment *a,
		     struct diag_list *dl);
/* The same from a file on disk: a missing file is EXIT_NOINPUT (in err), a
 * bad one EXIT_DATAERR with the messages in dl. */
int assignment_load(const char *path, struct assignment *a, struct diag_list *dl, struct error *err);


#endif
