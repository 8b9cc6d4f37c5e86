/* theme: the colours and attributes of the TUI, by role.
 *
 * A theme definition is plain data (default, high-contrast, mono); theme_setup
 * turns one into curses attributes for the views. Colour is never the only
 * carrier of meaning: states are also written as letters (RUN, BLK, ...) and
 * Gantt cells carry the pid's last digit, so the mono theme loses nothing.
 * Mono is used when the terminal has no colours, or NO_COLOR is set and no
 * --theme was given (no-color.org: an explicit option wins). */
#ifndef TICKOS_THEME_H
#define TICKOS_THEME_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proc.h"

typedef enum theme_role {
    THEME_NORMAL,
    THEME_DIM,
    THEME_HEADER, /* the header bar */
    THEME_BRAND,  /* "tickos" in the header */
    THEME_RUNNING,
    THEME_PAUSED,
    THEME_DONE,
    THEME_TITLE,   /* pane title bars */
    THEME_COLHEAD, /* column headings */
    THEME_KEY,     /* a key in the key bar and help */
    THEME_KEYBAR,
    THEME_HELP,
    THEME_WARN,
    THEME_TICK, /* tick numbers in the log and ruler */
    THEME_IDLE, /* idle Gantt cells */
    THEME_ST_NEW,
    THEME_ST_READY,
    THEME_ST_RUNNING,
    THEME_ST_BLOCKED,
    THEME_ST_ZOMBIE,
    THEME_ST_END,
    THEME_SELECT, /* the selected row (also marked with '>') */
    THEME_FOCUS,  /* the focused pane's title (also in brackets) */
    THEME_ROLE_COUNT
} theme_role;

#define THEME_PIDS 6 /* Gantt colours, cycled by pid */

typedef struct theme_style {
    short fg, bg; /* curses colours, -1 the terminal's default */
    attr_t attr;
} theme_style;

typedef struct theme_def {
    const char *name;
    bool colour;
    theme_style role[THEME_ROLE_COUNT];
    theme_style pid[THEME_PIDS];
} theme_def;

/* A definition resolved to attributes; what views are given. */
typedef struct theme {
    const theme_def *def;
    bool colour;
    attr_t role[THEME_ROLE_COUNT];
    attr_t pid[THEME_PIDS];
} theme;

/* By name; NULL when unknown. */
const theme_def *theme_find(const char *name);
/* The theme to use: name if given (NULL when unknown), else mono when no_color
 * (the NO_COLOR variable, may be NULL) is non-empty, else default. */
const theme_def *theme_choose(const char *name, const char *no_color);
/* "default, high-contrast, mono", for messages. */
const char *theme_list(void);

/* Parses a theme file's text (where names it in messages: "file.theme").
 * out->name points to name_buf. Returns 0, or -1 with "where:LINE: ..." in
 * err. Every role and pid0..pid5 must be given. */
int theme_parse(const char *text, const char *where, theme_def *out, char *name_buf,
                size_t name_len, char *err, size_t errlen);
/* The theme called name: assets_dir/themes/NAME.theme when that file exists
 * (a teacher's edit or a new theme), else the built-in one; NULL with err set
 * when neither exists or the file is wrong. no_color, name NULL: as
 * theme_choose. buf and name_buf hold a theme read from a file. */
const theme_def *theme_resolve(const char *name, const char *no_color, const char *assets_dir,
                               theme_def *buf, char *name_buf, size_t name_len, char *err,
                               size_t errlen);

/* Resolves d to attributes, making colour pairs when colour is true (after
 * start_color); without colour the mono definition is used whatever d is. */
void theme_setup(theme *t, const theme_def *d, bool colour);

attr_t theme_attr(const theme *t, theme_role r);
attr_t theme_pid(const theme *t, int32_t pid);
attr_t theme_state(const theme *t, proc_state s);

#endif
