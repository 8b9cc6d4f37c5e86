/* inject_form: what the inject form (i, act_inject.c) keeps while it is open:
 * which field is which (fields that do not apply to the machine are left
 * out), and the choices it read from the machine, copied, since a replay
 * while the form is open may move the machine's own strings. */
#ifndef TICKOS_INJECT_FORM_H
#define TICKOS_INJECT_FORM_H

#include "form.h"

#define INJECT_FORM_TEXT      56
#define INJECT_FORM_PAGES_MAX 4096 /* the pages field's limit */

typedef struct inject_form {
    /* Field indices, -1 when not shown (no memory, no resources). */
    int name, prog, prio, mem, pages, res, count, hold;
    int ntemplates; /* program choices before the machine's own */
    /* Choice names and notes read from the machine. */
    char text[4 * FORM_CHOICES][INJECT_FORM_TEXT];
    int ntext;
} inject_form;

#endif
