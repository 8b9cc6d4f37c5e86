/* Menus and forms drawn as a dialog (policy, inject). Confirmations and
 * one-line prompts are drawn in the key bar row by view_keybar. */
#include <stdio.h>
#include <string.h>

#include "view.h"
#include "widgets.h"

#define FORM_W     72
#define LABEL_W    10
#define TEXT_BOX_W 24

bool view_form_inline(const form *f) {
    return f->kind == FORM_KILL || f->kind == FORM_GOTO;
}

/* Rows of the body: a list field takes a row per choice. */
static int body_rows(const form *f) {
    int n = 0;
    for (int i = 0; i < f->nfields; i++)
        n += f->field[i].type == FIELD_CHOICE && f->field[i].list ? f->field[i].nchoices : 1;
    return n;
}

void view_form_size(const view_state *vs, int *h, int *w) {
    *h = body_rows(&vs->form) + 6; /* border, blank, body, blank, error, footer, border */
    *w = FORM_W;
}

static const char *footer(const form *f) {
    if (f->kind == FORM_POLICY)
        return "Up/Down choose; Enter: from the next tick; Esc cancels";
    return "Tab next field; Left/Right choose; Enter injects; Esc cancels";
}

void view_form(WINDOW *w, const view_state *vs, const theme *th) {
    const form *f = &vs->form;
    attr_t base = theme_attr(th, THEME_HELP), sa = theme_attr(th, THEME_SELECT) | A_BOLD;
    wbkgdset(w, ' ' | base);
    werase(w);
    int y = 2;
    for (int i = 0; i < f->nfields; i++) {
        const form_field *fd = &f->field[i];
        bool cur = i == f->cur;
        if (fd->type == FIELD_CHOICE && fd->list) {
            for (int k = 0; k < fd->nchoices; k++, y++) {
                bool on = k == fd->choice;
                widget_printf(w, y, 2, on ? sa : base, "%s %-10s", on ? ">" : " ", fd->choices[k]);
                if (fd->notes[k])
                    widget_put(w, y, 16, base, fd->notes[k]);
            }
            continue;
        }
        widget_put(w, y, 2, base | (cur ? A_BOLD : 0), cur ? ">" : " ");
        widget_put(w, y, 4, base | A_BOLD, fd->label);
        int x = 4 + LABEL_W;
        if (fd->type == FIELD_TEXT) {
            char box[TEXT_BOX_W + 1];
            snprintf(box, sizeof box, "%s%s", fd->text, cur ? "_" : "");
            x = widget_printf(w, y, x, cur ? sa : base | A_UNDERLINE, "%-*s", TEXT_BOX_W, box);
            if (fd->hint)
                widget_put(w, y, x + 2, base, fd->hint);
        } else {
            x = widget_printf(w, y, x, cur ? sa : base, "< %s >",
                              fd->nchoices ? fd->choices[fd->choice] : "-");
            if (fd->nchoices && fd->notes[fd->choice])
                widget_put(w, y, x + 2, base, fd->notes[fd->choice]);
        }
        y++;
    }
    int h = getmaxy(w);
    if (f->error[0])
        widget_put(w, h - 3, 2, theme_attr(th, THEME_WARN) | A_BOLD, f->error);
    widget_put(w, h - 2, 2, base, footer(f));
    wattrset(w, base);
    box(w, 0, 0);
    widget_printf(w, 0, 2, base | A_BOLD, " %s ", f->title);
    wbkgdset(w, ' ');
}
