#include "form.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void form_open(form *f, form_kind kind, const char *title) {
    memset(f, 0, sizeof *f);
    f->kind = kind;
    snprintf(f->title, sizeof f->title, "%s", title ? title : "");
}

bool form_is_confirm(form_kind k) {
    return k == FORM_KILL || k == FORM_OVERWRITE || k == FORM_QUIT;
}

static form_field *add(form *f, const char *label, field_type type) {
    if (f->nfields >= FORM_FIELDS)
        return NULL;
    form_field *fd = &f->field[f->nfields++];
    memset(fd, 0, sizeof *fd);
    fd->label = label;
    fd->type = type;
    return fd;
}

form_field *form_add_text(form *f, const char *label, const char *initial, const char *hint) {
    form_field *fd = add(f, label, FIELD_TEXT);
    if (fd) {
        snprintf(fd->text, sizeof fd->text, "%s", initial ? initial : "");
        fd->len = (int)strlen(fd->text);
        fd->hint = hint;
    }
    return fd;
}

form_field *form_add_choice(form *f, const char *label, bool list) {
    form_field *fd = add(f, label, FIELD_CHOICE);
    if (fd)
        fd->list = list;
    return fd;
}

void form_choice(form_field *fd, const char *name, const char *note) {
    if (fd->nchoices >= FORM_CHOICES)
        return;
    fd->choices[fd->nchoices] = name;
    fd->notes[fd->nchoices] = note;
    fd->nchoices++;
}

static form_field *current(form *f) {
    return f->cur >= 0 && f->cur < f->nfields ? &f->field[f->cur] : NULL;
}

bool form_type(form *f, int ch) {
    form_field *fd = current(f);
    if (!fd || fd->type != FIELD_TEXT || ch < 32 || ch > 126 || fd->len >= FORM_TEXT_MAX - 1)
        return false;
    fd->text[fd->len++] = (char)ch;
    fd->text[fd->len] = '\0';
    f->error[0] = '\0';
    return true;
}

void form_backspace(form *f) {
    form_field *fd = current(f);
    if (fd && fd->type == FIELD_TEXT && fd->len > 0)
        fd->text[--fd->len] = '\0';
    f->error[0] = '\0';
}

void form_move(form *f, int dir) {
    if (f->nfields > 0)
        f->cur = ((f->cur + (dir < 0 ? -1 : 1)) % f->nfields + f->nfields) % f->nfields;
}

bool form_choose(form *f, int dir) {
    form_field *fd = current(f);
    if (!fd || fd->type != FIELD_CHOICE || fd->nchoices == 0)
        return false;
    fd->choice = ((fd->choice + (dir < 0 ? -1 : 1)) % fd->nchoices + fd->nchoices) % fd->nchoices;
    f->error[0] = '\0';
    return true;
}

void form_updown(form *f, int dir) {
    form_field *fd = current(f);
    if (fd && fd->type == FIELD_CHOICE && fd->list)
        form_choose(f, dir);
    else
        form_move(f, dir);
}

bool form_int(form *f, int i, long long lo, long long hi, long long *out) {
    const form_field *fd = &f->field[i];
    const char *s = fd->text;
    while (*s == ' ')
        s++;
    if (!*s) {
        snprintf(f->error, sizeof f->error, "%s: empty; give a whole number from %lld to %lld",
                 fd->label, lo, hi);
        f->cur = i;
        return false;
    }
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    while (*end == ' ')
        end++;
    if (*end || errno == ERANGE || v < lo || v > hi || !isdigit((unsigned char)s[0])) {
        snprintf(f->error, sizeof f->error, "%s: '%s' is not a whole number from %lld to %lld",
                 fd->label, fd->text, lo, hi);
        f->cur = i;
        return false;
    }
    *out = v;
    return true;
}

bool form_name(form *f, int i, size_t max) {
    const form_field *fd = &f->field[i];
    size_t n = strlen(fd->text);
    if (n >= max) {
        snprintf(f->error, sizeof f->error, "%s: '%s' is longer than %zu characters", fd->label,
                 fd->text, max - 1);
        f->cur = i;
        return false;
    }
    for (size_t k = 0; k < n; k++) {
        char c = fd->text[k];
        if (!isalnum((unsigned char)c) && c != '-' && c != '_' && c != '.') {
            snprintf(f->error, sizeof f->error,
                     "%s: '%c' is not allowed; use letters, digits, '-', '_' and '.'", fd->label,
                     c);
            f->cur = i;
            return false;
        }
    }
    return true;
}
