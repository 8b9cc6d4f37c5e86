/* Actions inside a form: accept, cancel, move between fields and choices. */
#include "actions.h"
#include "ctl.h"
#include "submit.h"

unsigned act_form_ok(ctl *c) {
    switch (c->vs.form.kind) {
        case FORM_KILL: return submit_kill(c);
        case FORM_GOTO: return submit_goto(c);
        case FORM_POLICY: return submit_policy(c);
        case FORM_INJECT: return submit_inject(c);
        case FORM_SAVE: return submit_save(c);
        case FORM_OVERWRITE: return submit_overwrite(c);
        case FORM_LOAD: return submit_load(c);
        case FORM_QUIT: return submit_quit(c);
        case FORM_QUESTION: return submit_question(c);
        case FORM_ANSWERED: return submit_answered(c);
        case FORM_COMPARE: return submit_compare(c);
        case FORM_KINDS: return submit_policy_kind(c);
        case FORM_CMP_KINDS: return submit_compare_kind(c);
        default: c->vs.dialog = DIALOG_NONE; return ACT_REDRAW;
    }
}

unsigned act_form_cancel(ctl *c) {
    if (c->vs.form.kind == FORM_QUESTION)
        return skip_question(c);
    if (c->vs.form.kind == FORM_ANSWERED)
        return submit_answered(c);
    c->vs.dialog = DIALOG_NONE;
    c->vs.form.kind = FORM_NONE;
    return ACT_REDRAW;
}

unsigned act_form_next(ctl *c) {
    form_move(&c->vs.form, 1);
    return ACT_REDRAW;
}

unsigned act_form_prev(ctl *c) {
    form_move(&c->vs.form, -1);
    return ACT_REDRAW;
}

unsigned act_form_up(ctl *c) {
    form_updown(&c->vs.form, -1);
    return ACT_REDRAW;
}

unsigned act_form_down(ctl *c) {
    form_updown(&c->vs.form, 1);
    return ACT_REDRAW;
}

unsigned act_form_left(ctl *c) {
    return form_choose(&c->vs.form, -1) ? ACT_REDRAW : ACT_NONE;
}

unsigned act_form_right(ctl *c) {
    return form_choose(&c->vs.form, 1) ? ACT_REDRAW : ACT_NONE;
}

unsigned act_form_bs(ctl *c) {
    form_backspace(&c->vs.form);
    return ACT_REDRAW;
}
