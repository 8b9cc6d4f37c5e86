/* act_policy: the policy menus p and c share (act_policy.c). */
#ifndef TICKOS_ACT_POLICY_H
#define TICKOS_ACT_POLICY_H

#include <stdbool.h>

#include "machine_policy.h"
#include "polmenu.h"

struct ctl;

/* Opens the choices of kind k: all of them for p (FORM_POLICY), all but the
 * one in use for c (compare: FORM_COMPARE). Returns ACT_* flags. */
unsigned policy_menu_open(struct ctl *c, policy_kind k, bool compare);
/* The kinds menu (FORM_KINDS / FORM_CMP_KINDS), or the choices
 * straight away when the machine has one kind. */
unsigned policy_kinds_menu(struct ctl *c, bool compare);
/* The item chosen in the open FORM_POLICY / FORM_COMPARE; false: none. */
bool policy_menu_pick(struct ctl *c, bool compare, polmenu_item *out);

#endif
