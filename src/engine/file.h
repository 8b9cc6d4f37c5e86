/* file: the engine's only file I/O helpers. */
#ifndef TICKOS_FILE_H
#define TICKOS_FILE_H

#include <stddef.h>

/* Writes data to path through a temporary file in the same folder, fsync and
 * rename, so a crash never leaves a half-written file. Returns 0, or -1 with a
 * message in err. */
int file_write_atomic(const char *path, const char *data, size_t len, char *err, size_t errlen);

/* Reads a whole file of at most max bytes, NUL-terminated; *len gets the size.
 * Returns a malloc'd buffer, or NULL with a message in err. */
char *file_read_all(const char *path, size_t max, size_t *len, char *err, size_t errlen);

#endif
