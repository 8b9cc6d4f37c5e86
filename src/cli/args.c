#include "args.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool cli_fail(cli_error *err, const char *flag, const char *fmt, ...) {
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    err->status = 2;
    if (flag)
        snprintf(err->msg, sizeof err->msg, "%s: %s", flag, msg);
    else
        snprintf(err->msg, sizeof err->msg, "%s", msg);
    return false;
}

void argp_init(argp *p, int argc, char **argv, int first, cli_error *err) {
    memset(p, 0, sizeof *p);
    p->argc = argc;
    p->argv = argv;
    p->i = first - 1;
    p->err = err;
}

bool argp_next(argp *p) {
    p->i++;
    p->flag = NULL;
    p->inline_value = NULL;
    if (p->i >= p->argc)
        return false;
    const char *w = p->argv[p->i];
    if (strncmp(w, "--", 2) != 0 || w[2] == '\0') {
        /* Not a flag: let the caller's argp_unknown say so. */
        snprintf(p->flagbuf, sizeof p->flagbuf, "%s", w);
        p->flag = p->flagbuf;
        return true;
    }
    const char *eq = strchr(w, '=');
    if (eq) {
        size_t n = (size_t)(eq - w);
        if (n >= sizeof p->flagbuf)
            n = sizeof p->flagbuf - 1;
        memcpy(p->flagbuf, w, n);
        p->flagbuf[n] = '\0';
        p->flag = p->flagbuf;
        p->inline_value = eq + 1;
    } else {
        snprintf(p->flagbuf, sizeof p->flagbuf, "%s", w);
        p->flag = p->flagbuf;
    }
    return true;
}

bool argp_is(const argp *p, const char *flag) {
    return p->flag && strcmp(p->flag, flag) == 0;
}

const char *argp_value(argp *p) {
    if (p->inline_value)
        return p->inline_value;
    if (p->i + 1 >= p->argc) {
        cli_fail(p->err, p->flag, "needs a value");
        return NULL;
    }
    return p->argv[++p->i];
}

bool argp_unknown(argp *p) {
    if (p->flag && strncmp(p->flag, "--", 2) != 0)
        return cli_fail(p->err, NULL, "unexpected argument '%s' (see --help)", p->flag);
    return cli_fail(p->err, p->flag, "unknown option (see --help)");
}

static void source_name_file(args_source *s) {
    snprintf(s->file_flag, sizeof s->file_flag, "%s-file", s->flag);
}

int args_source_parse(argp *p, args_source *s) {
    source_name_file(s);
    bool file = argp_is(p, s->file_flag);
    if (!file && !argp_is(p, s->flag))
        return 0;
    const char *v = argp_value(p);
    if (!v)
        return -1;
    if (!*v)
        return file ? cli_fail(p->err, p->flag, "needs a file name")
                    : cli_fail(p->err, p->flag, "needs %s", s->example),
               -1;
    *(file ? &s->path : &s->list) = v;
    return 1;
}

bool args_source_check(args_source *s, cli_error *err) {
    source_name_file(s);
    if (s->list && s->path)
        return cli_fail(err, s->file_flag, "give either %s or %s, not both", s->flag, s->file_flag);
    if (!s->list && !s->path)
        return cli_fail(err, s->flag, "required (%s; or %s PATH)", s->example, s->file_flag);
    return true;
}

const char *args_source_flag(const args_source *s) {
    return s->list ? s->flag : s->file_flag;
}

void cli_prefix(cli_error *err, const char *fmt, ...) {
    char msg[sizeof err->msg];
    memcpy(msg, err->msg, sizeof msg);
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n + 2 < sizeof err->msg) {
        memcpy(err->msg + n, ": ", 2);
        n += 2;
        memcpy(err->msg + n, msg, sizeof err->msg - (size_t)n - 1);
    }
    err->msg[sizeof err->msg - 1] = '\0';
}

void cli_common_default(cli_common *c) {
    memset(c, 0, sizeof *c);
    c->ticks = -1;
    c->seed = 1;
}

void cli_common_free(cli_common *c) {
    cJSON_Delete(c->files_read);
    c->files_read = NULL;
}

int args_common_words(int argc, char **argv, int i) {
    static const struct {
        const char *flag;
        int words;
    } common[] = {{"--headless", 1}, {"--summary", 1}, {"--ticks", 2}, {"--report", 2},
                  {"--save", 2},     {"--seed", 2},    {"--theme", 2}};
    const char *w = argv[i];
    for (size_t k = 0; k < sizeof common / sizeof *common; k++) {
        size_t len = strlen(common[k].flag);
        if (strncmp(w, common[k].flag, len) != 0)
            continue;
        if (w[len] == '=')
            return 1;
        if (w[len] == '\0')
            return common[k].words == 2 && i + 1 < argc ? 2 : 1;
    }
    return 0;
}

int cli_common_parse(argp *p, cli_common *c) {
    const char *v;
    if (argp_is(p, "--headless")) {
        c->headless = true;
    } else if (argp_is(p, "--summary")) {
        c->summary = true;
    } else if (argp_is(p, "--ticks")) {
        long long n;
        if (!(v = argp_value(p)) || !args_int(p->err, p->flag, v, 0, 2000000000LL, &n))
            return -1;
        c->ticks = n;
    } else if (argp_is(p, "--report")) {
        if (!(v = argp_value(p)))
            return -1;
        if (!*v)
            return cli_fail(p->err, p->flag, "needs a file name or -"), -1;
        c->report = v;
    } else if (argp_is(p, "--save")) {
        if (!(v = argp_value(p)))
            return -1;
        if (!*v || strcmp(v, "-") == 0)
            return cli_fail(p->err, p->flag, "needs a file name"), -1;
        c->save = v;
    } else if (argp_is(p, "--seed")) {
        uint64_t s;
        if (!(v = argp_value(p)) || !args_u64(p->err, p->flag, v, true, 0, UINT64_MAX, &s))
            return -1;
        c->seed = s;
    } else if (argp_is(p, "--theme")) {
        if (!(v = argp_value(p)))
            return -1;
        /* A built-in theme or a file assets/themes/NAME.theme: the TUI looks. */
        size_t n = strlen(v);
        if (n == 0 || n > 32 || strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789-_") != n)
            return cli_fail(p->err, p->flag,
                            "expected a theme name (default, high-contrast, mono, or a file in "
                            "assets/themes/), got '%s'",
                            v),
                   -1;
        c->theme = v;
    } else {
        return 0;
    }
    if (p->inline_value && (argp_is(p, "--headless") || argp_is(p, "--summary")))
        return cli_fail(p->err, p->flag, "takes no value"), -1;
    return 1;
}

static bool parse_u64(const char *text, bool hex, uint64_t *out) {
    const char *s = text;
    int base = 10;
    if (hex && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (!isxdigit((unsigned char)s[0]))
        return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, base);
    if (errno || *end != '\0')
        return false;
    *out = v;
    return true;
}

bool args_u64(cli_error *err, const char *flag, const char *text, bool hex, uint64_t lo,
              uint64_t hi, uint64_t *out) {
    uint64_t v;
    if (!parse_u64(text, hex, &v))
        return cli_fail(err, flag, "expected a%s number, got '%s'", hex ? "" : " whole", text);
    if (v < lo || v > hi)
        return cli_fail(err, flag, "%s is out of range (%llu to %llu)", text,
                        (unsigned long long)lo, (unsigned long long)hi);
    *out = v;
    return true;
}

bool args_int(cli_error *err, const char *flag, const char *text, long long lo, long long hi,
              long long *out) {
    const char *s = text;
    bool neg = false;
    if (*s == '-') {
        neg = true;
        s++;
    }
    uint64_t v;
    if (!isdigit((unsigned char)*s) || !parse_u64(s, false, &v) || v > (uint64_t)LLONG_MAX)
        return cli_fail(err, flag, "expected a whole number, got '%s'", text);
    long long x = neg ? -(long long)v : (long long)v;
    if (x < lo || x > hi)
        return cli_fail(err, flag, "%s is out of range (%lld to %lld)", text, lo, hi);
    *out = x;
    return true;
}

bool args_split(cli_error *err, const char *flag, const char *text, char sep, size_t max,
                char ***items, size_t *n) {
    *items = NULL;
    *n = 0;
    size_t count = 1;
    for (const char *c = text; *c; c++)
        count += *c == sep;
    if (count > max)
        return cli_fail(err, flag, "too many items (%zu; at most %zu)", count, max);
    size_t len = strlen(text);
    char **v = malloc(count * sizeof *v + len + 1);
    if (!v)
        return cli_fail(err, flag, "out of memory");
    char *copy = (char *)(v + count);
    memcpy(copy, text, len + 1);
    size_t k = 0;
    char *start = copy;
    for (char *c = copy;; c++) {
        if (*c != sep && *c != '\0')
            continue;
        bool end = *c == '\0';
        *c = '\0';
        if (*start == '\0') {
            free(v);
            return cli_fail(err, flag, "item %zu is empty in '%s'", k + 1, text);
        }
        v[k++] = start;
        start = c + 1;
        if (end)
            break;
    }
    *items = v;
    *n = k;
    return true;
}

bool args_int_list(cli_error *err, const char *flag, const char *text, long long lo, long long hi,
                   size_t max, long long **out, size_t *n) {
    char **items;
    size_t k;
    *out = NULL;
    *n = 0;
    if (!args_split(err, flag, text, ',', max, &items, &k))
        return false;
    long long *v = malloc(k * sizeof *v);
    if (!v) {
        free(items);
        return cli_fail(err, flag, "out of memory");
    }
    for (size_t i = 0; i < k; i++) {
        if (!args_int(err, flag, items[i], lo, hi, &v[i])) {
            free(items);
            free(v);
            return false;
        }
    }
    free(items);
    *out = v;
    *n = k;
    return true;
}
