#include "keymap.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "keys.h"

/* In the order the key bar and the help list them (by action, then key), one
 * binding a line. */
// clang-format off
static const keybind main_binds[] = {
    {' ', "pause"},
    {'n', "step"},
    {KEY_RIGHT, "step"},
    {'b', "back"},
    {KEY_LEFT, "back"},
    {'g', "goto"},
    {'+', "faster"},
    {'=', "faster"},
    {'-', "slower"},
    {'_', "slower"},
    {'\t', "focus-next"},
    {KEY_BTAB, "focus-prev"},
    {'1', "screen-1"},
    {'2', "screen-2"},
    {'3', "screen-3"},
    {'4', "screen-4"},
    {'5', "screen-5"},
    {'6', "screen-6"},
    {'\r', "details"},
    {'\n', "details"},
    {KEY_ENTER, "details"},
    {'k', "kill"},
    {'p', "policy"},
    {'i', "inject"},
    {'r', "restart"},
    {'s', "save"},
    {'l', "load"},
    {'c', "compare"},
    {KEY_UP, "up"},
    {KEY_DOWN, "down"},
    {KEY_PPAGE, "page-up"},
    {KEY_NPAGE, "page-down"},
    {KEY_HOME, "home"},
    {KEY_END, "end"},
    {KEY_MOUSE, "mouse"},
    {'?', "help"},
    {KEY_F(1), "help"},
    {'q', "quit"},
};

/* The memory pane focused: Left and Right move in the frames grid (Up and
 * Down move by a row there, as "up" and "down" do in every pane). */
static const keybind frames_binds[] = {
    {KEY_LEFT, "left"},
    {KEY_RIGHT, "right"},
};

static const keybind details_binds[] = {
    {27, "close"},       {'\r', "close"},    {'\n', "close"},        {KEY_ENTER, "close"},
    {KEY_UP, "up"},      {KEY_DOWN, "down"}, {KEY_PPAGE, "page-up"}, {KEY_NPAGE, "page-down"},
    {KEY_HOME, "home"},  {KEY_END, "end"},   {' ', "pause"},         {'n', "step"},
    {KEY_RIGHT, "step"}, {'b', "back"},      {KEY_LEFT, "back"},     {'k', "kill"},
    {'?', "help"},       {KEY_F(1), "help"},
};

static const keybind item_binds[] = {
    {27, "close"},       {'\r', "close"},    {'\n', "close"},        {KEY_ENTER, "close"},
    {KEY_UP, "up"},      {KEY_DOWN, "down"}, {KEY_PPAGE, "page-up"}, {KEY_NPAGE, "page-down"},
    {KEY_HOME, "home"},  {KEY_END, "end"},   {' ', "pause"},         {'n', "step"},
    {KEY_RIGHT, "step"}, {'b', "back"},      {KEY_LEFT, "back"},     {'?', "help"},
    {KEY_F(1), "help"},
};

static const keybind form_binds[] = {
    {'\r', "form-ok"},
    {'\n', "form-ok"},
    {KEY_ENTER, "form-ok"},
    {27, "form-cancel"},
    {'\t', "form-next"},
    {KEY_BTAB, "form-prev"},
    {KEY_UP, "form-up"},
    {KEY_DOWN, "form-down"},
    {KEY_LEFT, "form-left"},
    {KEY_RIGHT, "form-right"},
    {KEY_BACKSPACE, "form-bs"},
    {127, "form-bs"},
    {8, "form-bs"},
};

static const keybind confirm_binds[] = {
    {'y', "yes"},
    {'n', "no"},
    {27, "no"},
};

static const keybind help_binds[] = {
    {KEY_UP, "up"},     {KEY_DOWN, "down"}, {KEY_PPAGE, "page-up"}, {KEY_NPAGE, "page-down"},
    {KEY_HOME, "home"}, {KEY_END, "end"},   {27, "close"},          {'q', "close"},
    {'?', "close"},
};

#define MAP(id, nm, ttl, b, oth, base) [id] = {nm, ttl, b, sizeof b / sizeof b[0], oth, base}
// clang-format on

static const keymap maps[KEYMAP_COUNT] = {
    MAP(KEYMAP_MAIN, "main", "On the screens", main_binds, NULL, NULL),
    MAP(KEYMAP_FRAMES, "frames", "With the memory pane focused", frames_binds, "as on the screens",
        &maps[KEYMAP_MAIN]),
    MAP(KEYMAP_DETAILS, "details", "In the process details", details_binds,
        "close the details first", NULL),
    MAP(KEYMAP_ITEM, "item", "In the details of a frame, cache line or resource", item_binds,
        "close the details first", NULL),
    MAP(KEYMAP_FORM, "form", "In a prompt, menu or form", form_binds,
        "type into the field (text and numbers)", NULL),
    MAP(KEYMAP_CONFIRM, "confirm", "When asked yes or no", confirm_binds, "keep the question open",
        NULL),
    MAP(KEYMAP_HELP, "help", "In this help", help_binds, "close this help", NULL),
};

const keymap *keymap_get(keymap_id id) {
    return (unsigned)id < KEYMAP_COUNT ? &maps[id] : &maps[KEYMAP_MAIN];
}

const keymap *keymap_main(void) {
    return &maps[KEYMAP_MAIN];
}

/* The action km itself binds key to, or NULL. */
static const char *own(const keymap *km, int key) {
    for (size_t i = 0; i < km->n; i++)
        if (km->binds[i].key == key)
            return km->binds[i].action;
    return NULL;
}

const char *keymap_lookup(const keymap *km, int key) {
    for (; km; km = km->base) {
        const char *a = own(km, key);
        if (a)
            return a;
    }
    return NULL;
}

/* The i-th key (from 0) bound to action in km, its own keys first, then
 * its base's that km does not bind; -1 when there are not that many. */
static int nth_key(const keymap *km, const char *action, int i) {
    for (size_t k = 0; k < km->n; k++)
        if (strcmp(km->binds[k].action, action) == 0 && i-- == 0)
            return km->binds[k].key;
    for (const keymap *b = km->base; b; b = b->base)
        for (size_t k = 0; k < b->n; k++)
            if (strcmp(b->binds[k].action, action) == 0 &&
                strcmp(keymap_lookup(km, b->binds[k].key), action) == 0 && i-- == 0)
                return b->binds[k].key;
    return -1;
}

int keymap_first_key(const keymap *km, const char *action) {
    return nth_key(km, action, 0);
}

int keymap_keys(const keymap *km, const char *action, const char *sep, char *buf, size_t n) {
    int count = 0;
    size_t len = 0;
    char last[16] = "";
    if (n)
        buf[0] = '\0';
    for (int i = 0, key; (key = nth_key(km, action, i)) >= 0; i++) {
        char name[16];
        keys_name(key, name, sizeof name);
        if (strcmp(name, last) == 0)
            continue; /* Enter as \r, \n and KEY_ENTER is one key to a person */
        snprintf(last, sizeof last, "%s", name);
        if (len < n) {
            int w = snprintf(buf + len, n - len, "%s%s", count ? sep : "", name);
            len += w > 0 ? (size_t)w : 0;
        }
        count++;
    }
    return count;
}
