#include "cmdlog.h"

#include <stdlib.h>
#include <string.h>

#include "machine_cmd.h"
#include "templates.h"

void cmdlog_init(cmdlog *l) {
    memset(l, 0, sizeof *l);
}

void cmdlog_free(cmdlog *l) {
    free(l->v);
    memset(l, 0, sizeof *l);
}

void cmdlog_clear(cmdlog *l) {
    l->n = l->next = 0;
}

int64_t cmd_apply(machine *m, const cmd *c) {
    switch (c->kind) {
        case CMD_KILL: return machine_kill(m, c->pid);
        case CMD_POLICY: return machine_set_sched(m, &c->cfg);
        case CMD_INJECT: return templates_inject(m, c->tmpl, c->name, c->prio);
    }
    return -1;
}

int64_t cmdlog_do(cmdlog *l, machine *m, const cmd *c) {
    l->n = l->next;
    if (l->n == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 16;
        cmd *nv = realloc(l->v, ncap * sizeof *nv);
        if (!nv)
            return -1;
        l->v = nv;
        l->cap = ncap;
    }
    int64_t r = cmd_apply(m, c);
    if (r < 0)
        return r;
    l->v[l->n] = *c;
    l->v[l->n].tick = m->tick;
    l->n++;
    l->next = l->n;
    return r;
}

void cmdlog_catch_up(cmdlog *l, machine *m) {
    while (l->next < l->n && l->v[l->next].tick <= m->tick) {
        if (l->v[l->next].tick == m->tick)
            cmd_apply(m, &l->v[l->next]);
        l->next++;
    }
}

void cmdlog_rewind(cmdlog *l) {
    l->next = 0;
}
