/* keyhelp: the lines of the help screen, generated from the key tables and
 * the actions, so every key of every context is listed and none can drift.
 *
 * Per context (keymap): a section line with its title, then a line per action
 * in the order of the table, with all its keys; then what other keys do. */
#ifndef TICKOS_KEYHELP_H
#define TICKOS_KEYHELP_H

#include <stdbool.h>

typedef struct keyhelp_line {
    bool section;     /* a title line: text only */
    char keys[48];    /* "n, Right" */
    const char *text; /* the action's help, or the section's title */
} keyhelp_line;

int keyhelp_count(void);
/* Line i (0 <= i < keyhelp_count()). */
void keyhelp_get(int i, keyhelp_line *out);
/* The widest keys column and the widest text. */
void keyhelp_widths(int *keys, int *text);

#endif
