#include "theme.h"

#include <string.h>

/* Styles are {fg, bg, attributes}. */
#define DEF -1

static const theme_def theme_default = {
    .name = "default",
    .colour = true,
    .role =
        {
            [THEME_NORMAL] = {DEF, DEF, A_NORMAL},
            [THEME_DIM] = {DEF, DEF, A_DIM},
            [THEME_HEADER] = {COLOR_WHITE, COLOR_BLUE, A_NORMAL},
            [THEME_BRAND] = {COLOR_YELLOW, COLOR_BLUE, A_BOLD},
            [THEME_RUNNING] = {COLOR_GREEN, COLOR_BLUE, A_BOLD},
            [THEME_PAUSED] = {COLOR_YELLOW, COLOR_BLUE, A_BOLD},
            [THEME_DONE] = {COLOR_CYAN, COLOR_BLUE, A_BOLD},
            [THEME_TITLE] = {COLOR_BLACK, COLOR_CYAN, A_NORMAL},
            [THEME_COLHEAD] = {COLOR_CYAN, DEF, A_BOLD},
            [THEME_KEY] = {COLOR_BLACK, COLOR_CYAN, A_NORMAL},
            [THEME_KEYBAR] = {DEF, DEF, A_NORMAL},
            [THEME_HELP] = {COLOR_WHITE, COLOR_BLUE, A_NORMAL},
            [THEME_WARN] = {COLOR_YELLOW, DEF, A_BOLD},
            [THEME_TICK] = {COLOR_CYAN, DEF, A_NORMAL},
            [THEME_IDLE] = {DEF, DEF, A_DIM},
            [THEME_ST_NEW] = {COLOR_BLUE, DEF, A_NORMAL},
            [THEME_ST_READY] = {COLOR_YELLOW, DEF, A_NORMAL},
            [THEME_ST_RUNNING] = {COLOR_GREEN, DEF, A_BOLD},
            [THEME_ST_BLOCKED] = {COLOR_RED, DEF, A_NORMAL},
            [THEME_ST_ZOMBIE] = {COLOR_MAGENTA, DEF, A_NORMAL},
            [THEME_ST_END] = {DEF, DEF, A_DIM},
            [THEME_SELECT] = {DEF, DEF, A_REVERSE},
            [THEME_FOCUS] = {COLOR_BLACK, COLOR_YELLOW, A_BOLD},
        },
    .pid =
        {
            {COLOR_BLACK, COLOR_GREEN, A_NORMAL},
            {COLOR_BLACK, COLOR_CYAN, A_NORMAL},
            {COLOR_BLACK, COLOR_YELLOW, A_NORMAL},
            {COLOR_WHITE, COLOR_MAGENTA, A_NORMAL},
            {COLOR_WHITE, COLOR_BLUE, A_NORMAL},
            {COLOR_WHITE, COLOR_RED, A_NORMAL},
        },
};

static const theme_def theme_high_contrast = {
    .name = "high-contrast",
    .colour = true,
    .role =
        {
            [THEME_NORMAL] = {COLOR_WHITE, COLOR_BLACK, A_NORMAL},
            [THEME_DIM] = {COLOR_WHITE, COLOR_BLACK, A_NORMAL},
            [THEME_HEADER] = {COLOR_BLACK, COLOR_WHITE, A_BOLD},
            [THEME_BRAND] = {COLOR_BLACK, COLOR_WHITE, A_BOLD},
            [THEME_RUNNING] = {COLOR_BLACK, COLOR_GREEN, A_BOLD},
            [THEME_PAUSED] = {COLOR_BLACK, COLOR_YELLOW, A_BOLD},
            [THEME_DONE] = {COLOR_BLACK, COLOR_CYAN, A_BOLD},
            [THEME_TITLE] = {COLOR_BLACK, COLOR_WHITE, A_BOLD},
            [THEME_COLHEAD] = {COLOR_WHITE, COLOR_BLACK, A_BOLD | A_UNDERLINE},
            [THEME_KEY] = {COLOR_BLACK, COLOR_YELLOW, A_BOLD},
            [THEME_KEYBAR] = {COLOR_WHITE, COLOR_BLACK, A_BOLD},
            [THEME_HELP] = {COLOR_WHITE, COLOR_BLACK, A_BOLD},
            [THEME_WARN] = {COLOR_YELLOW, COLOR_BLACK, A_BOLD},
            [THEME_TICK] = {COLOR_CYAN, COLOR_BLACK, A_BOLD},
            [THEME_IDLE] = {COLOR_WHITE, COLOR_BLACK, A_NORMAL},
            [THEME_ST_NEW] = {COLOR_CYAN, COLOR_BLACK, A_BOLD},
            [THEME_ST_READY] = {COLOR_YELLOW, COLOR_BLACK, A_BOLD},
            [THEME_ST_RUNNING] = {COLOR_GREEN, COLOR_BLACK, A_BOLD},
            [THEME_ST_BLOCKED] = {COLOR_RED, COLOR_BLACK, A_BOLD},
            [THEME_ST_ZOMBIE] = {COLOR_MAGENTA, COLOR_BLACK, A_BOLD},
            [THEME_ST_END] = {COLOR_WHITE, COLOR_BLACK, A_NORMAL},
            [THEME_SELECT] = {COLOR_BLACK, COLOR_WHITE, A_BOLD},
            [THEME_FOCUS] = {COLOR_BLACK, COLOR_YELLOW, A_BOLD},
        },
    .pid =
        {
            {COLOR_BLACK, COLOR_GREEN, A_BOLD},
            {COLOR_BLACK, COLOR_CYAN, A_BOLD},
            {COLOR_BLACK, COLOR_YELLOW, A_BOLD},
            {COLOR_BLACK, COLOR_MAGENTA, A_BOLD},
            {COLOR_BLACK, COLOR_WHITE, A_BOLD},
            {COLOR_BLACK, COLOR_RED, A_BOLD},
        },
};

static const theme_def theme_mono = {
    .name = "mono",
    .colour = false,
    .role =
        {
            [THEME_NORMAL] = {DEF, DEF, A_NORMAL},
            [THEME_DIM] = {DEF, DEF, A_NORMAL},
            [THEME_HEADER] = {DEF, DEF, A_REVERSE},
            [THEME_BRAND] = {DEF, DEF, A_REVERSE | A_BOLD},
            [THEME_RUNNING] = {DEF, DEF, A_REVERSE | A_BOLD},
            [THEME_PAUSED] = {DEF, DEF, A_REVERSE | A_BOLD},
            [THEME_DONE] = {DEF, DEF, A_REVERSE | A_BOLD},
            [THEME_TITLE] = {DEF, DEF, A_REVERSE},
            [THEME_COLHEAD] = {DEF, DEF, A_BOLD},
            [THEME_KEY] = {DEF, DEF, A_REVERSE},
            [THEME_KEYBAR] = {DEF, DEF, A_NORMAL},
            [THEME_HELP] = {DEF, DEF, A_NORMAL},
            [THEME_WARN] = {DEF, DEF, A_BOLD},
            [THEME_TICK] = {DEF, DEF, A_NORMAL},
            [THEME_IDLE] = {DEF, DEF, A_NORMAL},
            [THEME_ST_NEW] = {DEF, DEF, A_NORMAL},
            [THEME_ST_READY] = {DEF, DEF, A_NORMAL},
            [THEME_ST_RUNNING] = {DEF, DEF, A_BOLD},
            [THEME_ST_BLOCKED] = {DEF, DEF, A_UNDERLINE},
            [THEME_ST_ZOMBIE] = {DEF, DEF, A_NORMAL},
            [THEME_ST_END] = {DEF, DEF, A_NORMAL},
            [THEME_SELECT] = {DEF, DEF, A_REVERSE},
            [THEME_FOCUS] = {DEF, DEF, A_REVERSE | A_BOLD},
        },
    .pid =
        {
            {DEF, DEF, A_BOLD},
            {DEF, DEF, A_BOLD},
            {DEF, DEF, A_BOLD},
            {DEF, DEF, A_BOLD},
            {DEF, DEF, A_BOLD},
            {DEF, DEF, A_BOLD},
        },
};

static const theme_def *const themes[] = {&theme_default, &theme_high_contrast, &theme_mono};
#define NTHEMES (sizeof themes / sizeof themes[0])
#define MONO    (&theme_mono)

const theme_def *theme_find(const char *name) {
    for (size_t i = 0; i < NTHEMES; i++)
        if (strcmp(themes[i]->name, name) == 0)
            return themes[i];
    return NULL;
}

const theme_def *theme_choose(const char *name, const char *no_color) {
    if (name)
        return theme_find(name);
    if (no_color && no_color[0])
        return MONO;
    return &theme_default;
}

const char *theme_list(void) {
    return "default, high-contrast, mono";
}

void theme_setup(theme *t, const theme_def *d, bool colour) {
    if (!d->colour)
        colour = false;
    if (!colour)
        d = MONO;
    t->def = d;
    t->colour = colour;
    short pair = 1;
    for (int r = 0; r < THEME_ROLE_COUNT; r++, pair++) {
        const theme_style *s = &d->role[r];
        t->role[r] = s->attr;
        if (colour && init_pair(pair, s->fg, s->bg) == OK)
            t->role[r] |= COLOR_PAIR(pair);
    }
    for (int i = 0; i < THEME_PIDS; i++, pair++) {
        const theme_style *s = &d->pid[i];
        t->pid[i] = s->attr;
        if (colour && init_pair(pair, s->fg, s->bg) == OK)
            t->pid[i] |= COLOR_PAIR(pair);
    }
}

attr_t theme_attr(const theme *t, theme_role r) {
    return (unsigned)r < THEME_ROLE_COUNT ? t->role[r] : A_NORMAL;
}

attr_t theme_pid(const theme *t, int32_t pid) {
    int i = pid < 0 ? 0 : pid % THEME_PIDS;
    return t->pid[i];
}

attr_t theme_state(const theme *t, proc_state s) {
    static const theme_role roles[PROC_STATE_COUNT] = {
        [PROC_NEW] = THEME_ST_NEW,         [PROC_READY] = THEME_ST_READY,
        [PROC_RUNNING] = THEME_ST_RUNNING, [PROC_BLOCKED] = THEME_ST_BLOCKED,
        [PROC_ZOMBIE] = THEME_ST_ZOMBIE,   [PROC_TERMINATED] = THEME_ST_END,
    };
    return (unsigned)s < PROC_STATE_COUNT ? t->role[roles[s]] : t->role[THEME_NORMAL];
}
