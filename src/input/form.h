/* form: the small dialogs that ask for something: a yes/no confirmation, a
 * one-line prompt (go to tick), a menu (policy) and a form of fields (inject).
 *
 * Plain data and editing only (no curses, no machine): the controller opens a
 * form, feeds it keys, and on Enter validates the fields with form_int and
 * form_name, leaving a message in error when one is wrong. */
#ifndef TICKOS_FORM_H
#define TICKOS_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum form_kind {
    FORM_NONE,
    FORM_KILL,      /* confirm: kill process pid? */
    FORM_GOTO,      /* prompt: a tick number */
    FORM_POLICY,    /* menu: a policy of one kind (scheduler, replacement, ...) */
    FORM_INJECT,    /* fields: name, program, priority, memory, pages, resource, count, hold */
    FORM_SAVE,      /* prompt: a file name to save to */
    FORM_OVERWRITE, /* confirm: replace an existing save? */
    FORM_LOAD,      /* menu: a save or exercise from saves/ */
    FORM_QUIT,      /* confirm: quit with unsaved changes? */
    FORM_QUESTION,  /* an exercise's question (body) and an answer field */
    FORM_ANSWERED,  /* the verdict and the explanation (body) */
    FORM_COMPARE,   /* menu: the other policy to compare with */
    FORM_KINDS,     /* menu: which kind of policy p changes (then FORM_POLICY) */
    FORM_CMP_KINDS, /* menu: which kind of policy c compares (then FORM_COMPARE) */
} form_kind;

typedef enum field_type {
    FIELD_TEXT,   /* typed text (also numbers: checked on Enter, with a message) */
    FIELD_CHOICE, /* one of choices: Left/Right, or Up/Down when it is a list */
} field_type;

#define FORM_TEXT_MAX 72
#define FORM_FIELDS   8 /* with 6 rows of frame: 14 rows, within the smallest screen (16) */
#define FORM_CHOICES  48
#define FORM_BODY_MAX 640

typedef struct form_field {
    const char *label;
    field_type type;
    bool list; /* a choice drawn as a vertical list (a menu) */
    char text[FORM_TEXT_MAX];
    int len;
    int choice, nchoices;
    const char *choices[FORM_CHOICES];
    const char *notes[FORM_CHOICES]; /* a line about each choice, may be NULL */
    const char *hint;                /* e.g. "0 to 7", shown after the field */
    int width;                       /* of a text field's box; 0: the default */
} form_field;

typedef struct form {
    form_kind kind;
    char title[64];
    form_field field[FORM_FIELDS];
    int nfields, cur;
    int32_t pid;              /* FORM_KILL: the process; FORM_QUESTION: the question */
    int32_t topic;            /* FORM_POLICY, FORM_COMPARE: the kind of policy (policy_kind) */
    char body[FORM_BODY_MAX]; /* text above the fields, wrapped (questions, verdicts) */
    char error[128];
} form;

/* A yes/no question drawn in the key bar row (y / n / Esc). */
bool form_is_confirm(form_kind k);

/* Empties f and sets kind and title. */
void form_open(form *f, form_kind kind, const char *title);
/* Adds a field; returns it (NULL when full). */
form_field *form_add_text(form *f, const char *label, const char *initial, const char *hint);
form_field *form_add_choice(form *f, const char *label, bool list);
/* Adds a choice to a choice field (ignored past FORM_CHOICES). The strings
 * are not copied: they must live as long as the form. */
void form_choice(form_field *fd, const char *name, const char *note);

/* Editing the current field. form_type takes a printable character into a
 * text field (false when it is not one, or the field is full). */
bool form_type(form *f, int ch);
void form_backspace(form *f);
/* Moves to the next (dir 1) or previous (-1) field, wrapping. */
void form_move(form *f, int dir);
/* Steps the current choice field by dir, wrapping; false when it is not one. */
bool form_choose(form *f, int dir);
/* The Up/Down keys: move within a list field, between fields otherwise. */
void form_updown(form *f, int dir);

/* Parses field i as a whole number in [lo, hi]. On failure makes i the current
 * field and writes
 * "<label>: '<text>' is not a whole number from lo to hi" (or "... is
 * empty") into f->error and returns false. */
bool form_int(form *f, int i, long long lo, long long hi, long long *out);
/* Checks field i as a process name: empty (use the default), or 1 to max-1
 * letters, digits, '-', '_' and '.'. Sets f->error and returns false if not. */
bool form_name(form *f, int i, size_t max);

#endif
