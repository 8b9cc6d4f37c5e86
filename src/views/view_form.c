/* Menus and forms drawn as a dialog (policy, inject). Confirmations and
 * one-line prompts are drawn in the key bar row by view_keybar. */
#include <stdio.h>
#include <string.h>

#include "view.h"
#include "widgets.h"

#define FORM_W     80
#define LABEL_W    10
#define TEXT_BOX_W 30
#define WRAP_W     (FORM_W - 4)

bool view_form_inline(const form *f) {
    return form_is_confirm(f->kind) || f->kind == FORM_GOTO;
}

/* Wraps text at spaces to width: calls put(line, len, arg) per line (may be
 * NULL) and returns the number of lines. Newlines break lines too. */
static int wrap(const char *text, int width, void (*put)(const char *, int, void *), void *arg) {
    int lines = 0;
    const char *s = text;
    while (*s) {
        int len = (int)strcspn(s, "\n");
        int cut = len;
        if (len > width) {
            cut = width;
            while (cut > 0 && s[cut] != ' ')
                cut--;
            if (cut == 0)
                cut = width;
        }
        if (put)
            put(s, cut, arg);
        lines++;
        s += cut;
        while (*s == ' ')
            s++;
        if (*s == '\n')
            s++;
    }
    return lines;
}

/* Rows of the body: the wrapped text (and a blank row), then the fields; a
 * list field takes a row per choice. */
static int body_rows(const form *f) {
    int n = f->body[0] ? wrap(f->body, WRAP_W, NULL, NULL) + 1 : 0;
    for (int i = 0; i < f->nfields; i++)
        n += f->field[i].type == FIELD_CHOICE && f->field[i].list ? f->field[i].nchoices : 1;
    return n;
}

void view_form_size(const view_state *vs, int *h, int *w) {
    *h = body_rows(&vs->form) + 6; /* border, blank, body, blank, error, footer, border */
    *w = FORM_W;
}

static const char *footer(const form *f) {
    switch (f->kind) {
        case FORM_POLICY: return "Up/Down choose; Enter: from the next tick; Esc cancels";
        case FORM_SAVE: return "Enter saves (a .json file); Esc cancels";
        case FORM_LOAD: return "Up/Down choose; Enter loads; Esc cancels";
        case FORM_COMPARE: return "Up/Down choose; Enter forks the machine; Esc cancels";
        case FORM_KINDS:
        case FORM_CMP_KINDS: return "Up/Down choose; Enter: its choices; Esc cancels";
        case FORM_QUESTION: return "Type your answer; Enter checks it; Esc skips the question";
        case FORM_ANSWERED: return "Enter or Esc: back to the simulation";
        default: return "Tab field, Left/Right choose, Enter injects, Esc cancels";
    }
}

typedef struct wrap_at {
    WINDOW *w;
    int y;
    attr_t a;
} wrap_at;

static void put_line(const char *s, int len, void *arg) {
    wrap_at *at = arg;
    mvwaddnstr(at->w, at->y, 2, s, len);
    at->y++;
}

void view_form(WINDOW *w, const view_state *vs, const theme *th) {
    const form *f = &vs->form;
    attr_t base = theme_attr(th, THEME_HELP), sa = theme_attr(th, THEME_SELECT) | A_BOLD;
    wbkgdset(w, ' ' | base);
    werase(w);
    int y = 2, h = getmaxy(w);
    if (f->body[0]) {
        wattrset(w, base);
        wrap_at at = {w, y, base};
        wrap(f->body, WRAP_W, put_line, &at);
        y = at.y + 1;
    }
    for (int i = 0; i < f->nfields; i++) {
        const form_field *fd = &f->field[i];
        bool cur = i == f->cur;
        if (fd->type == FIELD_CHOICE && fd->list) {
            /* The rows that fit above the error and footer lines, scrolled so
             * that the current choice shows. */
            int room = h - 3 - y, first = 0;
            if (room < 1)
                room = 1;
            if (fd->choice >= room)
                first = fd->choice - room + 1;
            for (int k = first; k < fd->nchoices && k < first + room; k++, y++) {
                bool on = k == fd->choice;
                widget_printf(w, y, 2, on ? sa : base, "%s %-22s", on ? ">" : " ", fd->choices[k]);
                if (fd->notes[k])
                    widget_put(w, y, 28, base, fd->notes[k]);
            }
            continue;
        }
        if (y >= h - 3)
            break; /* a screen too short for every field: the error line stays */
        widget_put(w, y, 2, base | (cur ? A_BOLD : 0), cur ? ">" : " ");
        widget_put(w, y, 4, base | A_BOLD, fd->label);
        int x = 4 + LABEL_W;
        if (fd->type == FIELD_TEXT) {
            /* The end of a text longer than its box, where the typing is. */
            int bw = fd->width > 0 && fd->width < TEXT_BOX_W ? fd->width : TEXT_BOX_W;
            int half = (getmaxx(w) - x) / 2; /* narrow: room for the hint too */
            if (bw > half && half >= 8)
                bw = half;
            size_t room = (size_t)bw - (cur ? 1 : 0), len = strlen(fd->text);
            char box[TEXT_BOX_W + 1];
            snprintf(box, sizeof box, "%s%s", fd->text + (len > room ? len - room : 0),
                     cur ? "_" : "");
            x = widget_printf(w, y, x, cur ? sa : base | A_UNDERLINE, "%-*s", bw, box);
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
    if (f->error[0])
        widget_put(w, h - 3, 2, theme_attr(th, THEME_WARN) | A_BOLD, f->error);
    widget_put(w, h - 2, 2, base, footer(f));
    wattrset(w, base);
    box(w, 0, 0);
    widget_printf(w, 0, 2, base | A_BOLD, " %s ", f->title);
    wbkgdset(w, ' ');
}
