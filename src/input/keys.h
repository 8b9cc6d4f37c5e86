/* keys: names of key codes for the key bar and the help screen. */
#ifndef TICKOS_KEYS_H
#define TICKOS_KEYS_H

#include <stddef.h>

/* "space", "Right", "PgUp", "F1", "Esc", "^L", "q". Writes into buf (at least
 * 8 bytes) and returns it. */
const char *keys_name(int key, char *buf, size_t n);

#endif
