/* submit: what Enter (or y) does in each kind of form; called by act_form_ok.
 * Each checks the fields, leaves a message in the form on a bad one (the form
 * stays open), or carries the form out and closes it. Returns ACT_* flags. */
#ifndef TICKOS_SUBMIT_H
#define TICKOS_SUBMIT_H

struct ctl;

unsigned submit_goto(struct ctl *c);
unsigned submit_kill(struct ctl *c);
unsigned submit_policy(struct ctl *c);
unsigned submit_inject(struct ctl *c);
unsigned submit_save(struct ctl *c);
unsigned submit_overwrite(struct ctl *c);
unsigned submit_load(struct ctl *c);
unsigned submit_quit(struct ctl *c);
unsigned submit_question(struct ctl *c);
unsigned skip_question(struct ctl *c);
unsigned submit_answered(struct ctl *c);
unsigned submit_compare(struct ctl *c);
unsigned submit_policy_kind(struct ctl *c);
unsigned submit_compare_kind(struct ctl *c);

#endif
