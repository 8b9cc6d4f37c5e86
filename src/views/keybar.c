#include "keybar.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "actions.h"
#include "keys.h"

static bool pinned(const char *name) {
    return strcmp(name, "help") == 0 || strcmp(name, "quit") == 0;
}

/* Places the items with gap blanks between; returns the width used. */
static int place(keybar_item *it, int n, int gap) {
    int x = 0;
    for (int i = 0; i < n; i++) {
        if (i)
            x += gap;
        it[i].x = x;
        x += (int)strlen(it[i].key) + 1 + (int)strlen(it[i].label);
    }
    return x;
}

int keybar_fit(const keymap *km, int width, bool procs, keybar_item *out) {
    keybar_item all[KEYBAR_MAX];
    const action *acts[KEYBAR_MAX];
    int n = 0;
    for (size_t i = 0; i < actions_count() && n < KEYBAR_MAX; i++) {
        const action *a = actions_at(i);
        int key = keymap_first_key(km, a->name);
        if (!a->label[0] || key < 0 || (a->procs && !procs))
            continue;
        if (a->bar_key)
            snprintf(all[n].key, sizeof all[n].key, "%s", a->bar_key);
        else
            keys_name(key, all[n].key, sizeof all[n].key);
        all[n].label = a->label;
        acts[n++] = a;
    }
    memcpy(out, all, (size_t)n * sizeof *out);
    if (place(out, n, 2) <= width)
        return n;
    for (int i = 0; i < n; i++)
        all[i].label = acts[i]->shorter ? acts[i]->shorter : acts[i]->label;
    /* Drop from the end, keeping help and quit, until the rest fits. */
    bool dropped[KEYBAR_MAX] = {false};
    int next = n - 1;
    for (;;) {
        int m = 0;
        for (int j = 0; j < n; j++)
            if (!dropped[j])
                out[m++] = all[j];
        if (place(out, m, 1) <= width)
            return m;
        while (next >= 0 && pinned(acts[next]->name))
            next--;
        if (next < 0) { /* even help and quit do not fit: as many as do */
            while (m > 0 && place(out, m, 1) > width)
                m--;
            return m;
        }
        dropped[next--] = true;
    }
}

void keybar_text(const keymap *km, int width, bool procs, char *buf, size_t n) {
    keybar_item it[KEYBAR_MAX];
    int k = keybar_fit(km, width, procs, it);
    size_t len = 0;
    if (n)
        buf[0] = '\0';
    for (int i = 0; i < k && len < n; i++) {
        while ((int)len < it[i].x && len + 1 < n)
            buf[len++] = ' ';
        int w = snprintf(buf + len, n - len, "%s %s", it[i].key, it[i].label);
        len += w > 0 ? (size_t)w : 0;
    }
    if (len >= n && n)
        buf[n - 1] = '\0';
}
