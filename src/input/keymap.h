/* keymap: tables from keys to named actions.
 *
 * One table per context drives what a key does there, the key bar and the
 * help screen, so they cannot drift apart. Bindings name their action by
 * string (as tmux does) and a test checks that every name is a real action.
 * A context may also say what its unbound keys do (typing into a form field,
 * closing the help). */
#ifndef TICKOS_KEYMAP_H
#define TICKOS_KEYMAP_H

#include <stddef.h>

typedef struct keybind {
    int key;            /* a character or a curses KEY_ code */
    const char *action; /* actions_find name */
} keybind;

typedef enum keymap_id {
    KEYMAP_MAIN,    /* the screens */
    KEYMAP_DETAILS, /* the process details dialog */
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
    const char *other; /* what unbound keys do, for the help; NULL: nothing */
} keymap;

const keymap *keymap_get(keymap_id id);
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
