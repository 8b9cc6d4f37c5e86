/* The memory pane's TLBs (a row per CPU, most recently used entry first) and
 * the page table of one process (a tree of valid entries under the directory
 * entries in use). */
#include <stdio.h>

#include "view_mem_int.h"

#define TLB_SHOWN 64  /* entries read per TLB: more than a row holds */
#define PT_MAX    256 /* PTEs read: more than a pane holds */

int mem_sec_tlbs(const mem_ctx *c, const mem_rect *r) {
    const memsrc *s = c->s;
    int want = s->tlbs;
    attr_t la = theme_attr(c->th, THEME_COLHEAD), da = theme_attr(c->th, THEME_DIM);
    int vw = mem_hex_digits(s->vpn_bits);
    for (int cpu = 0; cpu < s->tlbs && cpu < r->h; cpu++) {
        int col = s->kind == MEMSRC_VM ? mem_printf(r, cpu, 0, la, "CPU%-2d", cpu)
                                       : mem_put(r, cpu, 0, la, "TLB ");
        if (s->tlb_entries == 0) {
            mem_put(r, cpu, col + 1, da, "no TLB");
            continue;
        }
        memsrc_lookup l;
        memsrc_cpu_lookup(s, cpu, &l);
        if (!l.have || !l.tlb)
            col = mem_put(r, cpu, col + 1, da, "-   ");
        else if (l.tlb_hit)
            col = mem_put(r, cpu, col + 1, theme_attr(c->th, THEME_ST_RUNNING), "HIT ");
        else
            col = mem_put(r, cpu, col + 1, theme_attr(c->th, THEME_WARN), "MISS");
        vm_tlb_view e[TLB_SHOWN];
        uint32_t n = memsrc_tlb(s, cpu, e, TLB_SHOWN);
        if (n == 0)
            mem_put(r, cpu, col + 1, da, "(empty)");
        for (uint32_t i = 0; i < n; i++) {
            char buf[48];
            bool mark = l.have && l.tlb && !l.prot && e[i].pid == l.pid && e[i].vpn == l.vpn;
            if (s->kind == MEMSRC_VM)
                snprintf(buf, sizeof buf, "P%d:%0*x>F%u%s", e[i].pid, vw, e[i].vpn, e[i].frame,
                         mark ? "*" : "");
            else
                snprintf(buf, sizeof buf, "%0*x>F%u%s", vw, e[i].vpn, e[i].frame, mark ? "*" : "");
            /* Keep room for "+N" unless this is the last entry. */
            int need = (int)snprintf(NULL, 0, "%s", buf) + (i + 1 < n ? 5 : 0);
            if (col + 1 + need > r->wd) {
                mem_printf(r, cpu, col + 1, da, "+%u", n - i);
                break;
            }
            col =
                mem_put(r, cpu, col + 1, theme_pid(c->th, e[i].pid) | (mark ? A_REVERSE : 0), buf);
        }
    }
    return want;
}

/* The rows of the tree: a directory entry's row before its first PTE's. */
typedef struct pt_rows {
    const vm_pte_view *pte;
    uint32_t n;
    bool dirs;  /* two levels: directory rows */
    int items;  /* rows in all */
    int target; /* row of the current translation's PTE, -1 none */
} pt_rows;

static void pt_index(const mem_ctx *c, pt_rows *t) {
    const memsrc_lookup *l = &c->s->look;
    t->items = 0;
    t->target = -1;
    for (uint32_t i = 0; i < t->n; i++) {
        if (t->dirs && (i == 0 || t->pte[i].dir != t->pte[i - 1].dir)) {
            t->items++;
        }
        if (l->have && l->addr && l->pid == c->pid && t->pte[i].vpn == l->vpn)
            t->target = t->items;
        t->items++;
    }
}

static void pt_header(const mem_ctx *c, const mem_rect *r, const pt_rows *t, int first, int shown) {
    const memsrc *s = c->s;
    attr_t ha = theme_attr(c->th, THEME_COLHEAD);
    int col = 0;
    if (s->kind == MEMSRC_VM) {
        const proc *p = machine_proc_c(s->m, c->pid);
        col = mem_printf(r, 0, 0, ha, "Page table P%d (%s)", c->pid, p ? p->name : "?");
    } else {
        col = mem_put(r, 0, 0, ha, "Page table");
    }
    attr_t da = theme_attr(c->th, THEME_DIM);
    if (s->levels == 2) {
        uint32_t pages;
        if (s->kind == MEMSRC_VM) {
            vm_proc_view pv;
            vm_proc_get(s->m, c->pid, &pv);
            pages = pv.table_pages;
        } else {
            pages = mmu_table_pages(s->mm, (uint32_t)c->pid);
        }
        if (!mem_field(r, 0, &col, da, "%u table page%s", pages, pages == 1 ? "" : "s"))
            return;
    } else if (!mem_field(r, 0, &col, da, "linear")) {
        return;
    }
    if (!mem_field(r, 0, &col, da, "%u%s valid", t->n, t->n == PT_MAX ? "+" : ""))
        return;
    if (shown < t->items &&
        !mem_field(r, 0, &col, da, "rows %d-%d of %d", first + 1, first + shown, t->items))
        return;
    if (s->kind == MEMSRC_VM) {
        vm_proc_view pv;
        vm_proc_get(s->m, c->pid, &pv);
        if (mem_field(r, 0, &col, da, "resident %u", pv.resident) &&
            mem_field(r, 0, &col, da, "working set %u", pv.ws))
            mem_field(r, 0, &col, da, "faults %llu", (unsigned long long)pv.faults);
    }
}

static void pte_row(const mem_ctx *c, const mem_rect *r, int row, const pt_rows *t, uint32_t i,
                    bool mark) {
    const memsrc *s = c->s;
    const vm_pte_view *p = &t->pte[i];
    char where[16], bits[8];
    if (p->present)
        snprintf(where, sizeof where, "F%u", p->frame);
    else if (p->loading)
        snprintf(where, sizeof where, "F%u L", p->frame);
    else if (p->swapped)
        snprintf(where, sizeof where, "swap");
    else
        snprintf(where, sizeof where, "-");
    /* S (a copy in swap) only where there is swap: the full machine. */
    snprintf(bits, sizeof bits, "%c%c%c%c%s", p->present ? 'P' : '.', p->dirty ? 'D' : '.',
             p->referenced ? 'R' : '.', p->writable ? 'W' : '.',
             s->kind != MEMSRC_VM ? ""
             : p->swapped         ? "S"
                                  : ".");
    int vw = mem_hex_digits(s->vpn_bits);
    attr_t a = theme_attr(c->th, p->present ? THEME_NORMAL : THEME_DIM) | (mark ? A_REVERSE : 0);
    if (t->dirs) {
        bool last = i + 1 == t->n || t->pte[i + 1].dir != p->dir;
        int tw = mem_dec_digits((1u << s->mm->table_bits) - 1);
        mem_printf(r, row, 0, a, " %c- %*u  0x%0*x  %-6s %s%s", last ? '`' : '|', tw, p->table, vw,
                   p->vpn, where, bits, mark ? " *" : "");
    } else {
        mem_printf(r, row, 0, a, " 0x%0*x  %-6s %s%s", vw, p->vpn, where, bits, mark ? " *" : "");
    }
}

int mem_sec_page_table(const mem_ctx *c, const mem_rect *r) {
    const memsrc *s = c->s;
    if (s->levels == 0)
        return 0; /* paging: pages without page tables */
    if (c->pid < 0) {
        mem_put(r, 0, 0, theme_attr(c->th, THEME_DIM), "Page table: none yet");
        return 1;
    }
    vm_pte_view pte[PT_MAX];
    pt_rows t = {.pte = pte, .dirs = s->levels == 2};
    t.n = memsrc_ptes(s, c->pid, 0, pte, PT_MAX);
    pt_index(c, &t);
    int want = 1 + t.items;
    if (r->h <= 0)
        return want;
    /* Too many rows: show those around the current translation's PTE. */
    int rows = r->h - 1, first = 0;
    if (t.items > rows && t.target >= 0) {
        first = t.target - rows / 2;
        if (first > t.items - rows)
            first = t.items - rows;
        if (first < 0)
            first = 0;
    }
    int shown = t.items - first < rows ? t.items - first : rows;
    pt_header(c, r, &t, first, shown);
    const memsrc_lookup *l = &s->look;
    bool walk = l->have && l->addr && l->pid == c->pid;
    int item = 0;
    for (uint32_t i = 0; i < t.n && item < first + rows; i++) {
        if (t.dirs && (i == 0 || pte[i].dir != pte[i - 1].dir)) {
            if (item >= first) {
                bool mark = walk && l->dir == pte[i].dir;
                int dw = mem_hex_digits(s->mm->dir_bits);
                mem_printf(r, 1 + item - first, 0,
                           theme_attr(c->th, THEME_COLHEAD) | (mark ? A_REVERSE : 0),
                           "dir %u (0x%0*x)%s", pte[i].dir, dw, pte[i].dir, mark ? " *" : "");
            }
            item++;
        }
        if (item >= first + rows)
            break;
        if (item >= first)
            pte_row(c, r, 1 + item - first, &t, i, walk && pte[i].vpn == l->vpn);
        item++;
    }
    return want;
}
