#include "keys.h"

#include <curses.h>
#include <stdio.h>

static const struct {
    int key;
    const char *name;
} named[] = {
    {' ', "space"},      {'\t', "Tab"},        {'\n', "Enter"},
    {'\r', "Enter"},     {27, "Esc"},          {KEY_UP, "Up"},
    {KEY_DOWN, "Down"},  {KEY_LEFT, "Left"},   {KEY_RIGHT, "Right"},
    {KEY_PPAGE, "PgUp"}, {KEY_NPAGE, "PgDn"},  {KEY_HOME, "Home"},
    {KEY_END, "End"},    {KEY_ENTER, "Enter"}, {KEY_BACKSPACE, "BkSp"},
    {KEY_DC, "Del"},     {KEY_IC, "Ins"},      {KEY_RESIZE, "resize"},
    {KEY_BTAB, "S-Tab"}, {KEY_MOUSE, "mouse"}, {127, "BkSp"},
    {8, "BkSp"},
};

const char *keys_name(int key, char *buf, size_t n) {
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        if (named[i].key == key) {
            snprintf(buf, n, "%s", named[i].name);
            return buf;
        }
    }
    if (key >= KEY_F(1) && key <= KEY_F(24))
        snprintf(buf, n, "F%d", key - KEY_F(0));
    else if (key > 0 && key < 32)
        snprintf(buf, n, "^%c", key + '@');
    else if (key > 32 && key < 127)
        snprintf(buf, n, "%c", key);
    else
        snprintf(buf, n, "#%d", key);
    return buf;
}
