#include "keymap.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "keys.h"

/* In the order the help screen lists them (by action, then key). */
static const keybind main_binds[] = {
    {' ', "pause"},          {'n', "step"},
    {KEY_RIGHT, "step"},     {'+', "faster"},
    {'=', "faster"},         {'-', "slower"},
    {'_', "slower"},         {KEY_UP, "procs-up"},
    {'k', "procs-up"},       {KEY_DOWN, "procs-down"},
    {'j', "procs-down"},     {KEY_PPAGE, "log-up"},
    {KEY_NPAGE, "log-down"}, {KEY_END, "log-end"},
    {'G', "log-end"},        {'?', "help"},
    {KEY_F(1), "help"},      {'q', "quit"},
};

static const keymap main_map = {
    .name = "main",
    .binds = main_binds,
    .n = sizeof main_binds / sizeof main_binds[0],
};

const keymap *keymap_main(void) {
    return &main_map;
}

const char *keymap_lookup(const keymap *km, int key) {
    for (size_t i = 0; i < km->n; i++)
        if (km->binds[i].key == key)
            return km->binds[i].action;
    return NULL;
}

int keymap_first_key(const keymap *km, const char *action) {
    for (size_t i = 0; i < km->n; i++)
        if (strcmp(km->binds[i].action, action) == 0)
            return km->binds[i].key;
    return -1;
}

int keymap_keys(const keymap *km, const char *action, const char *sep, char *buf, size_t n) {
    int count = 0;
    size_t len = 0;
    if (n)
        buf[0] = '\0';
    for (size_t i = 0; i < km->n; i++) {
        if (strcmp(km->binds[i].action, action) != 0)
            continue;
        char name[16];
        keys_name(km->binds[i].key, name, sizeof name);
        if (len < n) {
            int w = snprintf(buf + len, n - len, "%s%s", count ? sep : "", name);
            len += w > 0 ? (size_t)w : 0;
        }
        count++;
    }
    return count;
}
