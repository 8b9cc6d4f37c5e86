/* Theme files (assets/themes/NAME.theme): the colours of a theme as text a
 * teacher can edit, or a new theme to add, without rebuilding tickos. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "theme.h"

static const char *const role_names[THEME_ROLE_COUNT] = {
    [THEME_NORMAL] = "normal",
    [THEME_DIM] = "dim",
    [THEME_HEADER] = "header",
    [THEME_BRAND] = "brand",
    [THEME_RUNNING] = "running",
    [THEME_PAUSED] = "paused",
    [THEME_DONE] = "done",
    [THEME_TITLE] = "title",
    [THEME_COLHEAD] = "colhead",
    [THEME_KEY] = "key",
    [THEME_KEYBAR] = "keybar",
    [THEME_HELP] = "help",
    [THEME_WARN] = "warn",
    [THEME_TICK] = "tick",
    [THEME_IDLE] = "idle",
    [THEME_ST_NEW] = "state-new",
    [THEME_ST_READY] = "state-ready",
    [THEME_ST_RUNNING] = "state-running",
    [THEME_ST_BLOCKED] = "state-blocked",
    [THEME_ST_ZOMBIE] = "state-zombie",
    [THEME_ST_END] = "state-end",
    [THEME_SELECT] = "select",
    [THEME_FOCUS] = "focus",
};

static const struct {
    const char *name;
    short c;
} colours[] = {{"default", -1},
               {"black", COLOR_BLACK},
               {"red", COLOR_RED},
               {"green", COLOR_GREEN},
               {"yellow", COLOR_YELLOW},
               {"blue", COLOR_BLUE},
               {"magenta", COLOR_MAGENTA},
               {"cyan", COLOR_CYAN},
               {"white", COLOR_WHITE}};

static const struct {
    const char *name;
    attr_t a;
} attrs[] = {{"normal", A_NORMAL},   {"bold", A_BOLD},           {"dim", A_DIM},
             {"reverse", A_REVERSE}, {"underline", A_UNDERLINE}, {"standout", A_STANDOUT}};

static bool colour_of(const char *w, short *out) {
    for (size_t i = 0; i < sizeof colours / sizeof *colours; i++)
        if (strcmp(w, colours[i].name) == 0)
            return (*out = colours[i].c), true;
    return false;
}

/* "bold+reverse" */
static bool attr_of(const char *w, attr_t *out) {
    *out = A_NORMAL;
    char buf[64];
    snprintf(buf, sizeof buf, "%s", w);
    for (char *save = NULL, *t = strtok_r(buf, "+", &save); t; t = strtok_r(NULL, "+", &save)) {
        bool found = false;
        for (size_t i = 0; i < sizeof attrs / sizeof *attrs && !found; i++)
            if (strcmp(t, attrs[i].name) == 0) {
                *out |= attrs[i].a;
                found = true;
            }
        if (!found)
            return false;
    }
    return true;
}

int theme_parse(const char *text, const char *where, theme_def *out, char *name_buf,
                size_t name_len, char *err, size_t errlen) {
    memset(out, 0, sizeof *out);
    bool seen_role[THEME_ROLE_COUNT] = {0}, seen_pid[THEME_PIDS] = {0}, seen_colour = false;
    name_buf[0] = '\0';
    int lineno = 0;
    for (const char *line = text; *line;) {
        size_t len = strcspn(line, "\n");
        char buf[160];
        lineno++;
        if (len >= sizeof buf) {
            snprintf(err, errlen, "%s:%d: line too long", where, lineno);
            return -1;
        }
        memcpy(buf, line, len);
        buf[len] = '\0';
        line += len + (line[len] == '\n');
        char *hash = strchr(buf, '#');
        if (hash)
            *hash = '\0';
        char w[4][40];
        int n = sscanf(buf, "%39s %39s %39s %39s", w[0], w[1], w[2], w[3]);
        if (n <= 0)
            continue;
        if (strcmp(w[0], "name") == 0 && n == 2) {
            snprintf(name_buf, name_len, "%s", w[1]);
            continue;
        }
        if (strcmp(w[0], "colour") == 0 && n == 2 &&
            (!strcmp(w[1], "yes") || !strcmp(w[1], "no"))) {
            out->colour = !strcmp(w[1], "yes");
            seen_colour = true;
            continue;
        }
        if (strcmp(w[0], "name") == 0 || strcmp(w[0], "colour") == 0) {
            snprintf(err, errlen, "%s:%d: %s: expected %s", where, lineno, w[0],
                     w[0][0] == 'n' ? "one word" : "yes or no");
            return -1;
        }
        theme_style *st = NULL;
        for (int r = 0; r < THEME_ROLE_COUNT && !st; r++)
            if (strcmp(w[0], role_names[r]) == 0) {
                st = &out->role[r];
                seen_role[r] = true;
            }
        if (!st && strncmp(w[0], "pid", 3) == 0 && w[0][3] >= '0' && w[0][3] < '0' + THEME_PIDS &&
            w[0][4] == '\0') {
            st = &out->pid[w[0][3] - '0'];
            seen_pid[w[0][3] - '0'] = true;
        }
        if (!st) {
            snprintf(err, errlen, "%s:%d: '%s' is not a role (normal, header, ..., pid0-pid%d)",
                     where, lineno, w[0], THEME_PIDS - 1);
            return -1;
        }
        if (n != 4 || !colour_of(w[1], &st->fg) || !colour_of(w[2], &st->bg) ||
            !attr_of(w[3], &st->attr)) {
            snprintf(err, errlen,
                     "%s:%d: expected ROLE FOREGROUND BACKGROUND ATTRIBUTES (colours: default, "
                     "black, red, green, yellow, blue, magenta, cyan, white; attributes: normal, "
                     "bold, dim, reverse, underline, joined by +)",
                     where, lineno);
            return -1;
        }
    }
    if (!name_buf[0] || !seen_colour) {
        snprintf(err, errlen, "%s: needs a 'name' and a 'colour yes|no' line", where);
        return -1;
    }
    for (int r = 0; r < THEME_ROLE_COUNT; r++)
        if (!seen_role[r]) {
            snprintf(err, errlen, "%s: no line for the role '%s'", where, role_names[r]);
            return -1;
        }
    for (int i = 0; i < THEME_PIDS; i++)
        if (!seen_pid[i]) {
            snprintf(err, errlen, "%s: no line for pid%d", where, i);
            return -1;
        }
    out->name = name_buf;
    return 0;
}

const theme_def *theme_resolve(const char *name, const char *no_color, const char *assets_dir,
                               theme_def *buf, char *name_buf, size_t name_len, char *err,
                               size_t errlen) {
    const theme_def *builtin = theme_choose(name, no_color);
    const char *want = name ? name : builtin ? builtin->name : "default";
    char path[512], why[300];
    snprintf(path, sizeof path, "%s/themes/%s.theme", assets_dir ? assets_dir : ".", want);
    size_t len;
    char *text = assets_dir ? file_read_all(path, 65536, &len, why, sizeof why) : NULL;
    if (!text) {
        if (!builtin)
            snprintf(err, errlen, "no theme '%s' (%s, or a file %s)", want, theme_list(), path);
        return builtin;
    }
    int rc = theme_parse(text, path, buf, name_buf, name_len, err, errlen);
    free(text);
    return rc == 0 ? buf : NULL;
}
