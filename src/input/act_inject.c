/* The inject form (i): a name, a program (a template or one of the machine's
 * own), a priority and, when the machine has them, a memory behaviour with
 * its size and a resource to take, how many and for how long. Enter checks
 * every field (a message names the one that is wrong) and gives the machine
 * the command (inject.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "actions.h"
#include "ctl.h"
#include "inject.h"
#include "resmgr.h"
#include "submit.h"
#include "templates.h"
#include "vm.h"

/* A copy of the text in the form's store (the machine's own strings may
 * move while the form is open); "" when the store is full. */
static const char *keep(inject_form *in, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static const char *keep(inject_form *in, const char *fmt, ...) {
    if (in->ntext >= (int)(sizeof in->text / sizeof *in->text))
        return "";
    char *s = in->text[in->ntext++];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s, INJECT_FORM_TEXT, fmt, ap);
    va_end(ap);
    return s;
}

static int text_field(form *f, const char *label, const char *initial, int width,
                      const char *hint) {
    form_field *fd = form_add_text(f, label, initial, hint);
    if (!fd)
        return -1;
    fd->width = width;
    return f->nfields - 1;
}

/* The machine's own programs, each name once, after the templates. */
static void add_programs(inject_form *in, form_field *fd, const machine *m) {
    for (size_t i = 0; i < templates_count(); i++)
        form_choice(fd, templates_at(i)->name, templates_at(i)->about);
    in->ntemplates = fd->nchoices;
    for (uint32_t p = 0; p < m->nprogs && fd->nchoices < FORM_CHOICES; p++) {
        const program *pr = &m->progs[p];
        if (pr->injected || inject_find_program(m, pr->name) != (int)p)
            continue;
        uint64_t cpu = 0;
        bool forks = false;
        for (uint32_t k = 0; k < pr->nsteps; k++) {
            cpu += prog_step_ticks(&pr->steps[k]);
            forks |= pr->steps[k].kind == STEP_FORK;
        }
        form_choice(fd, keep(in, "%s", pr->name),
                    keep(in, "machine's: %u steps, %llu CPU ticks%s%s", pr->nsteps,
                         (unsigned long long)cpu, forks ? ", forks" : "",
                         vm_model_of(m, p) ? ", memory model" : ""));
    }
}

static void add_memory(inject_form *in, form *f) {
    form_field *fd = form_add_choice(f, "memory", false);
    if (!fd)
        return;
    in->mem = f->nfields - 1;
    form_choice(fd, "as the program", "its own, if it has one");
    for (size_t i = 0; i < inject_presets_count(); i++)
        form_choice(fd, inject_preset_at(i)->name, inject_preset_at(i)->about);
    in->pages = text_field(f, "pages", "", 6,
                           keep(in, "1 to %d (empty: the behaviour's)", INJECT_FORM_PAGES_MAX));
}

static void add_resources(inject_form *in, form *f, const resmgr *r) {
    form_field *fd = form_add_choice(f, "resource", false);
    if (!fd)
        return;
    in->res = f->nfields - 1;
    form_choice(fd, "none", "takes no resource");
    const char *claim = r->cfg.banker ? "; claimed first (Banker's)" : "";
    for (int32_t j = 0; j < r->ntypes && fd->nchoices < FORM_CHOICES; j++) {
        const rm_type *t = &r->types[j];
        const char *note = t->kind == RM_MUTEX  ? keep(in, "a mutex%s", claim)
                           : t->kind == RM_POOL ? keep(in, "a pool of %d%s", t->total, claim)
                                                : keep(in, "a semaphore, value %d now", t->avail);
        form_choice(fd, keep(in, "%s", t->name), note);
    }
    in->count = text_field(f, "count", "1", 6, "how many (a mutex: 1)");
    in->hold = text_field(f, "hold", "5", 6, "ticks of CPU it holds them");
}

unsigned act_inject(ctl *c) {
    if (!ctl_has_procs(c) || c->m->sub_ops) {
        ctl_say(c, true, "%s mode has no processes to add to", machine_mode_name(c->m->mode));
        return ACT_REDRAW;
    }
    const machine *m = c->m;
    inject_form *in = &c->inj;
    *in = (inject_form){.mem = -1, .pages = -1, .res = -1, .count = -1, .hold = -1};
    form *f = &c->vs.form;
    form_open(f, FORM_INJECT, "Inject a process");
    in->name = text_field(f, "name", "", 0, "empty: the program's");
    form_field *pf = form_add_choice(f, "program", false);
    in->prog = f->nfields - 1;
    add_programs(in, pf, m);
    in->prio = text_field(f, "priority", "0", 6, "0 to 7, higher runs first (prio)");
    if (m->vm)
        add_memory(in, f);
    if (m->res)
        add_resources(in, f, m->res);
    c->vs.dialog = DIALOG_FORM;
    return ACT_REDRAW;
}

/* The form's field for a part of the command, or -1. */
static int field_of(const inject_form *in, inject_field bad) {
    switch (bad) {
        case INJECT_F_PROGRAM: return in->prog;
        case INJECT_F_NAME: return in->name;
        case INJECT_F_PRIO: return in->prio;
        case INJECT_F_MEMORY: return in->mem;
        case INJECT_F_RESOURCE: return in->res;
        case INJECT_F_COUNT: return in->count;
        case INJECT_F_HOLD: return in->hold;
        default: return -1;
    }
}

static bool blank(const char *s) {
    return s[strspn(s, " ")] == '\0';
}

/* The memory fields into k; false with a message in the form. */
static bool read_memory(ctl *c, const inject_form *in, inject_cmd *k) {
    form *f = &c->vs.form;
    if (in->mem < 0)
        return true;
    int choice = f->field[in->mem].choice;
    bool sized = !blank(f->field[in->pages].text);
    if (choice == 0 && sized) {
        snprintf(f->error, sizeof f->error,
                 "pages: only with a memory behaviour (choose one under memory, or leave it "
                 "empty)");
        f->cur = in->pages;
        return false;
    }
    long long pages = 0;
    if (sized && !form_int(f, in->pages, 1, INJECT_FORM_PAGES_MAX, &pages))
        return false;
    if (choice > 0) {
        size_t i = (size_t)choice - 1;
        uint32_t p = pages ? (uint32_t)pages : inject_preset_at(i)->pages;
        inject_preset_model(i, p, inject_base(c->m, p), &k->mem);
    }
    return true;
}

/* The resource fields into k; false with a message in the form. */
static bool read_resource(form *f, const inject_form *in, inject_cmd *k) {
    if (in->res < 0 || f->field[in->res].choice == 0)
        return true;
    long long count, hold;
    if (!form_int(f, in->count, 1, INJECT_COUNT_MAX, &count) ||
        !form_int(f, in->hold, 1, INJECT_HOLD_MAX, &hold))
        return false;
    const form_field *rf = &f->field[in->res];
    snprintf(k->res, sizeof k->res, "%s", rf->choices[rf->choice]);
    k->count = (uint32_t)count;
    k->hold = (uint32_t)hold;
    return true;
}

unsigned submit_inject(ctl *c) {
    form *f = &c->vs.form;
    const inject_form *in = &c->inj;
    long long prio;
    if (!form_name(f, in->name, INJECT_NAME_MAX) ||
        !form_int(f, in->prio, 0, INJECT_PRIO_MAX, &prio))
        return ACT_REDRAW;
    machine_cmd cmd = {.kind = CMD_INJECT};
    inject_cmd *k = &cmd.inj;
    k->prio = (int32_t)prio;
    snprintf(k->name, sizeof k->name, "%s", f->field[in->name].text);
    const form_field *pf = &f->field[in->prog];
    if (pf->choice < in->ntemplates)
        k->tmpl = (uint32_t)pf->choice;
    else
        snprintf(k->prog, sizeof k->prog, "%s", pf->choices[pf->choice]);
    if (!read_memory(c, in, k) || !read_resource(f, in, k))
        return ACT_REDRAW;
    char why[160];
    inject_field bad = inject_check(c->m, k, why, sizeof why);
    if (bad != INJECT_OK) {
        int fi = field_of(in, bad);
        snprintf(f->error, sizeof f->error, "%s: %.110s", fi >= 0 ? f->field[fi].label : "inject",
                 why);
        if (fi >= 0)
            f->cur = fi;
        return ACT_REDRAW;
    }
    int64_t pid = ctl_command(c, &cmd);
    if (pid < 0) {
        snprintf(f->error, sizeof f->error, "the machine could not take a new process");
        return ACT_REDRAW;
    }
    c->vs.dialog = DIALOG_NONE;
    const proc *p = machine_proc_c(c->m, (int32_t)pid);
    c->vs.sel = p ? (uint32_t)(pid - c->m->pid_base) : c->vs.sel;
    char more[96] = "";
    size_t len = 0;
    if (k->mem.pages)
        len += (size_t)snprintf(more, sizeof more, ", %s over %u pages",
                                f->field[in->mem].choices[f->field[in->mem].choice], k->mem.pages);
    if (k->res[0] && len < sizeof more)
        snprintf(more + len, sizeof more - len, ", holds %u %s for %u ticks", k->count, k->res,
                 k->hold);
    ctl_say(c, false, "P%lld (%s) injected at tick %llu%s: it arrives now", (long long)pid,
            p ? p->name : "?", (unsigned long long)c->m->tick, more);
    return ACT_REDRAW | ACT_TICKED;
}
