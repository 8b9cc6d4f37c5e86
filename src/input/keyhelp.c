#include "keyhelp.h"

#include <stdio.h>
#include <string.h>

#include "actions.h"
#include "keymap.h"

/* Whether bind i of km is the first bind of its action (one line per action). */
static bool first_of_action(const keymap *km, size_t i) {
    for (size_t j = 0; j < i; j++)
        if (strcmp(km->binds[j].action, km->binds[i].action) == 0)
            return false;
    return true;
}

/* Walks the lines; fills out for line `want` and returns the count. */
static int walk(int want, keyhelp_line *out) {
    int n = 0;
    for (int id = 0; id < KEYMAP_COUNT; id++) {
        const keymap *km = keymap_get((keymap_id)id);
        if (n++ == want && out) {
            out->section = true;
            out->keys[0] = '\0';
            out->text = km->title;
        }
        for (size_t i = 0; i < km->n; i++) {
            if (!first_of_action(km, i))
                continue;
            if (n++ == want && out) {
                const action *a = actions_find(km->binds[i].action);
                out->section = false;
                keymap_keys(km, km->binds[i].action, ", ", out->keys, sizeof out->keys);
                out->text = a ? a->help : "?";
            }
        }
        if (km->other && n++ == want && out) {
            out->section = false;
            snprintf(out->keys, sizeof out->keys, "other keys");
            out->text = km->other;
        }
    }
    return n;
}

int keyhelp_count(void) {
    return walk(-1, NULL);
}

void keyhelp_get(int i, keyhelp_line *out) {
    memset(out, 0, sizeof *out);
    out->text = "";
    walk(i, out);
}

void keyhelp_widths(int *keys, int *text) {
    *keys = *text = 0;
    for (int i = 0, n = keyhelp_count(); i < n; i++) {
        keyhelp_line l;
        keyhelp_get(i, &l);
        int k = (int)strlen(l.keys), t = (int)strlen(l.text);
        if (!l.section && k > *keys)
            *keys = k;
        if (t > *text)
            *text = t;
    }
}
