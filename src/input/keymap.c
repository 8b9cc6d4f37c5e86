#include "keymap.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "keys.h"

/* In the order the key bar and the help list them (by action, then key). */
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

static const keybind details_binds[] = {
    {27, "close"},       {'\r', "close"},    {'\n', "close"},        {KEY_ENTER, "close"},
    {KEY_UP, "up"},      {KEY_DOWN, "down"}, {KEY_PPAGE, "page-up"}, {KEY_NPAGE, "page-down"},
    {KEY_HOME, "home"},  {KEY_END, "end"},   {' ', "pause"},         {'n', "step"},
    {KEY_RIGHT, "step"}, {'b', "back"},      {KEY_LEFT, "back"},     {'k', "kill"},
    {'?', "help"},       {KEY_F(1), "help"},
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

#define MAP(id, nm, ttl, b, oth) [id] = {nm, ttl, b, sizeof b / sizeof b[0], oth}
static const keymap maps[KEYMAP_COUNT] = {
    MAP(KEYMAP_MAIN, "main", "On the screens", main_binds, NULL),
    MAP(KEYMAP_DETAILS, "details", "In the process details", details_binds,
        "close the details first"),
    MAP(KEYMAP_FORM, "form", "In a prompt, menu or form", form_binds,
        "type into the field (text and numbers)"),
    MAP(KEYMAP_CONFIRM, "confirm", "When asked yes or no", confirm_binds, "keep the question open"),
    MAP(KEYMAP_HELP, "help", "In this help", help_binds, "close this help"),
};

const keymap *keymap_get(keymap_id id) {
    return (unsigned)id < KEYMAP_COUNT ? &maps[id] : &maps[KEYMAP_MAIN];
}

const keymap *keymap_main(void) {
    return &maps[KEYMAP_MAIN];
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
    char last[16] = "";
    if (n)
        buf[0] = '\0';
    for (size_t i = 0; i < km->n; i++) {
        if (strcmp(km->binds[i].action, action) != 0)
            continue;
        char name[16];
        keys_name(km->binds[i].key, name, sizeof name);
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
