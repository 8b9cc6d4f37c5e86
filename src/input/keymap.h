/* keymap: tables from keys to named actions.
 *
 * One table per context drives what a key does there, the key bar and the
 * help screen, so they cannot drift apart. Bindings name their action by
 * string (as tmux does) and a test checks that every name is a real action.
 * A context may also say what its unbound keys do (typing into a form field,
 * closing the help), or take every key it does not bind from a base table
 * (the frames grid: the screens' keys, but Left and Right move the
 * selection). */
#ifndef TICKOS_KEYMAP_H
#define TICKOS_KEYMAP_H

#include <stddef.h>

typedef struct keybind {
    int key;            /* a character or a curses KEY_ code */
    const char *action; /* actions_find name */
} keybind;

typedef enum keymap_id {
    KEYMAP_MAIN,    /* the screens */
    KEYMAP_FRAMES,  /* the screens with the memory pane focused (base: main) */
    KEYMAP_DETAILS, /* the process details dialog */
    KEYMAP_ITEM,    /* the details of a frame, cache line or resource */
    KEYMAP_FORM,    /* a prompt, menu or form */
    KEYMAP_CONFIRM, /* a yes/no question */
    KEYMAP_HELP,    /* the help screen */
    KEYMAP_COUNT
} keymap_id;

typedef struct keymap {
    const char *name;  /* "main" */
    const char *title; /* for the help: "Screens" */
    const keybind *binds;
    size_t n;
    const char *other;         /* what unbound keys do, for the help; NULL: nothing */
    const struct keymap *base; /* where keys it does not bind are looked up; NULL none */
} keymap;

const keymap *keymap_get(keymap_id id);
/* The main screen's table. */
const keymap *keymap_main(void);

/* The action bound to key (in km, else in its base), or NULL. */
const char *keymap_lookup(const keymap *km, int key);
/* The first key bound to action (km's own first, then its base's keys that
 * km does not bind), or -1. */
int keymap_first_key(const keymap *km, const char *action);
/* The names of all keys bound to action, in that order, joined by sep ("n,
 * Right"). Returns the number of keys. */
int keymap_keys(const keymap *km, const char *action, const char *sep, char *buf, size_t n);

#endif
