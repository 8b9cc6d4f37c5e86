/* The resources pane's resource-allocation graph in text: a row per process
 * that holds or waits, its assignment edges on the left ("[R] ==> P": R's
 * instances are assigned to P) and its request edges on the right
 * ("P --> [R]": P waits for R), xN for N instances; an edge on the last
 * detection's cycle is marked '*' and highlighted. Then the cycle as a chain
 * and the free instances (the resource nodes' spare units). */
#include <stdio.h>
#include <string.h>

#include "view_res_int.h"

#define ITEM_MAX (RM_NAME_MAX + 40) /* "[" name "]x" count "*" */

/* "[fork0]", "[A]x2", with '*' when on the cycle. */
static int item_text(const ressrc *s, int32_t j, int64_t count, bool cyc, char *buf, size_t n) {
    char name[RM_NAME_MAX + 8];
    ressrc_res_name(s, j, name, sizeof name);
    if (count > 1)
        return snprintf(buf, n, "[%s]x%lld%s", name, (long long)count, cyc ? "*" : "");
    return snprintf(buf, n, "[%s]%s", name, cyc ? "*" : "");
}

/* The width of a row's assignment items ("[A]x2 [C]"). */
static int left_width(const ressrc *s, int32_t i) {
    int w = 0;
    for (int32_t j = 0; j < s->nres; j++) {
        int64_t v = s->st->alloc[i][j];
        if (v <= 0)
            continue;
        char buf[ITEM_MAX];
        w += (w ? 1 : 0) + item_text(s, j, v, ressrc_in_cycle(s, i, j, false), buf, sizeof buf);
    }
    return w;
}

static bool has_edges(const ressrc *s, int32_t i) {
    return !dl_vec_zero(s->st->alloc[i], s->nres) || !dl_vec_zero(s->st->request[i], s->nres);
}

void res_cycle_text(const ressrc *s, bool with_res, char *buf, size_t n) {
    size_t used = 0;
    buf[0] = '\0';
    for (int32_t x = 0; x <= s->ncycle && s->ncycle > 0 && used < n; x++) {
        int32_t pid = s->cycle_pid[x % s->ncycle];
        used += (size_t)snprintf(buf + used, n - used, "%sP%d", x ? " -> " : "", (int)pid);
        if (with_res && x < s->ncycle && s->cycle_res[x] >= 0 && used < n) {
            char name[RM_NAME_MAX + 8];
            ressrc_res_name(s, s->cycle_res[x], name, sizeof name);
            used += (size_t)snprintf(buf + used, n - used, " -> [%s]", name);
        }
    }
}

/* The cycle as a chain "cycle  P1 -> [fork1] -> P2 -> ... -> P1", wrapped
 * at " -> " onto rows indented by 2. Returns the rows it takes (drawing
 * only rows < r->h when r has a window). */
static int draw_chain(const res_ctx *c, const vrect *r, int y) {
    const ressrc *s = c->s;
    if (s->ncycle == 0)
        return 0;
    attr_t wa = theme_attr(c->th, THEME_WARN);
    int row = 0, col = 0;
    vrect_field(r, y, &col, theme_attr(c->th, THEME_COLHEAD), "cycle");
    for (int32_t x = 0; x <= s->ncycle; x++) {
        char tok[2][ITEM_MAX];
        int ntok = 0;
        snprintf(tok[ntok++], ITEM_MAX, "P%d", (int)s->cycle_pid[x % s->ncycle]);
        if (x < s->ncycle && s->cycle_res[x] >= 0) {
            char name[RM_NAME_MAX + 8];
            ressrc_res_name(s, s->cycle_res[x], name, sizeof name);
            snprintf(tok[ntok++], ITEM_MAX, "[%s]", name);
        }
        for (int t = 0; t < ntok; t++) {
            const char *sep = x == 0 && t == 0 ? "  " : " -> ";
            if (vrect_field_sep(r, y + row, &col, sep, wa, "%s", tok[t]))
                continue;
            row++;
            col = 2;
            vrect_printf(r, y + row, col, wa, "-> %s", tok[t]);
            col += 3 + (int)strlen(tok[t]);
        }
    }
    return row + 1;
}

/* The free instances: "free  [A]x3 [B]x3 [C]x2". */
static int draw_free(const res_ctx *c, const vrect *r, int y) {
    const ressrc *s = c->s;
    bool any = false;
    for (int32_t j = 0; j < s->nres; j++)
        any |= s->st->available[j] > 0;
    if (!any)
        return 0;
    int col = 0;
    attr_t na = theme_attr(c->th, THEME_NORMAL);
    vrect_field(r, y, &col, theme_attr(c->th, THEME_COLHEAD), "free");
    for (int32_t j = 0; j < s->nres; j++) {
        int64_t v = s->st->available[j];
        char buf[ITEM_MAX];
        if (v <= 0)
            continue;
        item_text(s, j, v, false, buf, sizeof buf);
        if (!vrect_field_sep(r, y, &col, col == 4 ? "  " : " ", na, "%s", buf))
            break;
    }
    return 1;
}

static void draw_row(const res_ctx *c, const vrect *r, int y, int32_t i, int lw, int pw) {
    const ressrc *s = c->s;
    attr_t na = theme_attr(c->th, THEME_NORMAL), ca = theme_attr(c->th, THEME_WARN) | A_BOLD;
    attr_t pa = s->dead[i] ? theme_attr(c->th, THEME_WARN) : theme_attr(c->th, THEME_COLHEAD);
    int w = left_width(s, i);
    int col = lw > w ? lw - w : 0;
    bool held = false, cyc_in = false;
    for (int32_t j = 0; j < s->nres; j++) {
        int64_t v = s->st->alloc[i][j];
        if (v <= 0)
            continue;
        char buf[ITEM_MAX];
        bool cyc = ressrc_in_cycle(s, i, j, false);
        item_text(s, j, v, cyc, buf, sizeof buf);
        col = vrect_put(r, y, col + (held ? 1 : 0), cyc ? ca : na, buf);
        held = true;
        cyc_in |= cyc;
    }
    col = lw;
    vrect_put(r, y, col, cyc_in ? ca : na, held ? " ==> " : "     ");
    col = vrect_printf(r, y, col + 5, pa, "P%-*d", pw, (int)ressrc_pid(s, i));
    bool first = true;
    for (int32_t j = 0; j < s->nres; j++) {
        int64_t v = s->st->request[i][j];
        if (v <= 0)
            continue;
        char buf[ITEM_MAX];
        bool cyc = ressrc_in_cycle(s, i, j, true);
        item_text(s, j, v, cyc, buf, sizeof buf);
        if (first)
            col = vrect_put(r, y, col, cyc ? ca : na, " --> ");
        col = vrect_put(r, y, col + (first ? 0 : 1), cyc ? ca : na, buf);
        first = false;
    }
}

int res_sec_graph(const res_ctx *c, const vrect *r) {
    const ressrc *s = c->s;
    if (s->kind == RESSRC_NONE || s->nres == 0)
        return 0;
    int nrows = 0, lw = 0, pw = 1;
    for (int32_t i = 0; i < s->n; i++) {
        if (!has_edges(s, i))
            continue;
        nrows++;
        int w = left_width(s, i);
        lw = w > lw ? w : lw;
        int d = vrect_digits(ressrc_pid(s, i));
        pw = d > pw ? d : pw;
    }
    /* The assignment side takes at most half of what the row leaves. */
    int most = (r->wd - 5 - 1 - pw - 5) / 2;
    if (lw > most)
        lw = most > 0 ? most : 0;
    vrect probe = vrect_probe(r->wd);
    int chain = draw_chain(c, &probe, 0);
    int any_free = 0;
    for (int32_t j = 0; j < s->nres; j++)
        any_free |= s->st->available[j] > 0;
    int want = 1 + (nrows ? nrows : 1) + chain + any_free;
    if (!r->w || r->h <= 0)
        return want;

    if (r->h == 1 && chain > 0) {
        draw_chain(c, r, 0); /* a row: the cycle says most */
        return want;
    }
    int col = 0;
    attr_t ha = theme_attr(c->th, THEME_COLHEAD);
    vrect_field(r, 0, &col, ha, "Graph");
    vrect_field(r, 0, &col, ha, "[R] ==> P holds");
    vrect_field(r, 0, &col, ha, "P --> [R] waits for");
    if (s->ncycle)
        vrect_field(r, 0, &col, ha, "* on the cycle");
    /* Rows left after the header go to the cycle first, then the processes. */
    int left = r->h - 1;
    int chain_h = chain < left ? chain : left;
    left -= chain_h;
    int y = 1;
    if (nrows == 0 && left > 0) {
        vrect_put(r, y++, 2, theme_attr(c->th, THEME_DIM),
                  "no edges: nothing is held or asked for");
        left--;
    }
    for (int32_t i = 0; i < s->n && left > 0; i++) {
        if (!has_edges(s, i))
            continue;
        draw_row(c, r, y++, i, lw, pw);
        left--;
    }
    if (chain_h > 0) {
        vrect sub = vrect_sub(r, y, chain_h);
        draw_chain(c, &sub, 0);
        y += chain_h;
    }
    if (left > 0 && any_free)
        draw_free(c, r, y);
    return want;
}
