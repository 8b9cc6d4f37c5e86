/* keymap: tables from keys to named actions.
 *
 * One table drives what a key does, the key bar and the help screen, so they
 * cannot drift apart. Bindings name their action by string (as tmux does) and a
 * test checks that every name is a real action. Tables are per view; for now
 * the main screen has one, and later panes add their own. */
#ifndef TICKOS_KEYMAP_H
#define TICKOS_KEYMAP_H

#include <stddef.h>

typedef struct keybind {
    int key;            /* a character or a curses KEY_ code */
    const char *action; /* actions_find name */
} keybind;

typedef struct keymap {
    const char *name;
    const keybind *binds;
    size_t n;
} keymap;

/* The main screen's table. */
const keymap *keymap_main(void);

/* The action bound to key, or NULL. */
const char *keymap_lookup(const keymap *km, int key);
/* The first key bound to action, or -1. */
int keymap_first_key(const keymap *km, const char *action);
/* The names of all keys bound to action, joined by sep ("n, Right"). Returns
 * the number of keys. */
int keymap_keys(const keymap *km, const char *action, const char *sep, char *buf, size_t n);

#endif
