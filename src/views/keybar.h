/* keybar: which keys the key bar shows at a given width (no curses).
 *
 * The items are the labelled actions of a key table, in the order of the
 * action table. They are tried in full ("space run/pause  n step"), then with
 * short labels and single spaces, then dropping items from the end (never
 * help or quit) until they fit. */
#ifndef TICKOS_KEYBAR_H
#define TICKOS_KEYBAR_H

#include <stdbool.h>
#include <stddef.h>

#include "keymap.h"

#define KEYBAR_MAX 32

typedef struct keybar_item {
    char key[16];      /* "space", or the action's bar_key ("1-6") */
    const char *label; /* the label chosen */
    int x;             /* where the key starts */
} keybar_item;

/* Fills out (up to KEYBAR_MAX) for width columns; returns the count. procs:
 * the machine has processes (else actions on processes are left out). */
int keybar_fit(const keymap *km, int width, bool procs, keybar_item *out);
/* The bar as plain text ("space run/pause  n step ..."), for tests. */
void keybar_text(const keymap *km, int width, bool procs, char *buf, size_t n);

#endif
