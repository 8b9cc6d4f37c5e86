/* view_cache_int: what the files of the caches pane share (view_caches.c,
 * view_cache_lines.c, view_cache_diagram.c); not for other views. */
#ifndef TICKOS_VIEW_CACHE_INT_H
#define TICKOS_VIEW_CACHE_INT_H

#include "coherence.h"
#include "theme.h"
#include "view_caches.h"
#include "vrect.h"
#include "vsel.h"

/* A cache that held the line and saw the bus transaction (EV_CACHE_SNOOP). */
typedef struct cache_snoop {
    int cpu, from, to, flags; /* flags: COH_F_* */
} cache_snoop;

/* One reference as its events tell it (EV_CACHE_ACCESS and the snoops and
 * eviction that follow it). */
typedef struct cache_access {
    uint64_t tick;
    int cpu;
    bool write, hit;
    int bus;      /* coh_bus */
    int from, to; /* the requester's state of the line */
    int miss;     /* coh_miss */
    int supplier; /* -1: memory or none */
    uint64_t line;
    int nsnoops;
    cache_snoop snoops[COH_MAX_CPUS];
    bool evicted, victim_wb;
    int victim_state;
    uint64_t victim;
} cache_access;

#define CACHE_LIST_SETS 256 /* sets listed per CPU: more rows than a terminal has */

typedef struct cache_ctx {
    const machine *m;
    const coh *c;
    const theme *th;
    const vsel *sel; /* the selected line (VSEL_LINE); NULL: none */
    bool have_last;
    cache_access last;
    int nbus; /* transactions in bus[], newest first */
    cache_access bus[VIEW_CACHE_BUS];
    /* The sets each CPU lists (cache_list_sets), the index of the last
     * access's set among them (-1 none), that of the selected line's set
     * (focused; -1 none), and the width of a line address in hex ("0x"
     * included). */
    int nsets[COH_MAX_CPUS];
    uint32_t sets[COH_MAX_CPUS][CACHE_LIST_SETS];
    int touched[COH_MAX_CPUS];
    int selected[COH_MAX_CPUS];
    int addr_w;
} cache_ctx;

/* Reads the newest bus transactions back from the log (VIEW_CACHE_SCAN
 * events), newest first, into out (at most max): those of line (a line
 * address) only, or all when line is UINT64_MAX; *last (may be NULL) gets
 * the newest access of any kind, *have_last whether there is one
 * (view_caches.c). Returns how many were written. */
int cache_scan(const machine *m, uint64_t line, cache_access *out, int max, cache_access *last,
               bool *have_last);

/* The attribute of a line state (each its own colour; I dim). */
attr_t cache_state_attr(const cache_ctx *x, int state);
/* Fills the sets each CPU lists and the address width (view_cache_lines.c);
 * after the last access is known. */
void cache_list_sets(cache_ctx *x);

/* What a snooper did, from COH_F_* flags: " flush", " supply",
 * " flush+supply", " inval" or "". */
const char *cache_snoop_effect(int flags);

/* Sections: each draws into r and returns the rows it would need. */
int cache_sec_lines(const cache_ctx *x, const vrect *r);   /* view_cache_lines.c */
int cache_sec_bus(const cache_ctx *x, const vrect *r);     /* view_cache_lines.c */
int cache_sec_diagram(const cache_ctx *x, const vrect *r); /* view_cache_diagram.c */

#endif
