/* args: command-line parsing shared by every form of tickos.
 *
 * Every value is validated; on a problem the parser fills a cli_error with one
 * line naming the flag and what was wrong, and the caller exits 2. */
#ifndef TICKOS_ARGS_H
#define TICKOS_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cJSON;

typedef struct cli_error {
    int status; /* 2 usage, 1 other */
    char msg[512];
} cli_error;

/* Options every form accepts. */
typedef struct cli_common {
    bool headless;
    int64_t ticks; /* -1: not given */
    const char *report;
    bool summary;
    const char *save;
    uint64_t seed;
    const char *theme;
    const char *answers; /* exercise files: grade these answers into the report */
    /* Trace files: those a save embeds, by path (read instead of the disk
     * when loading), and those read while building, kept for a save (owned). */
    const struct cJSON *files_in;
    struct cJSON *files_read;
} cli_common;

/* A cursor over argv. Flags take their value as the next word or after '='. */
typedef struct argp {
    int argc;
    char **argv;
    int i;
    const char *flag; /* the current flag, without any "=value" */
    const char *inline_value;
    char flagbuf[64];
    cli_error *err;
} argp;

void argp_init(argp *p, int argc, char **argv, int first, cli_error *err);
/* Moves to the next word; false at the end. A word that is not a flag is an error. */
bool argp_next(argp *p);
bool argp_is(const argp *p, const char *flag);
/* The current flag's value; NULL after reporting "--flag: needs a value". */
const char *argp_value(argp *p);
/* Reports "--flag: unknown option" (with a hint for near misses). Returns false. */
bool argp_unknown(argp *p);

void cli_common_default(cli_common *c);
/* Frees what building left in c (files_read). */
void cli_common_free(cli_common *c);
/* If argv[i] is a common option, the words it takes (1 or 2, with its value),
 * else 0. For keeping the words of a scenario apart from how it is run. */
int args_common_words(int argc, char **argv, int i);
/* 1 if the current flag was a common option (consumed), 0 if not, -1 on error. */
int cli_common_parse(argp *p, cli_common *c);

/* A trace given inline (--refs LIST) or from a file (--refs-file PATH): the
 * pair every trace-driven mode takes. */
typedef struct args_source {
    const char *flag;    /* "--refs"; the file flag is flag + "-file" */
    const char *example; /* "page numbers like 1,2,3w", for messages */
    const char *list;    /* what was given, or NULL */
    const char *path;
    char file_flag[48]; /* "--refs-file", filled in by the functions below */
} args_source;

/* 1 if the current flag was the list or the file flag (consumed), 0 if not,
 * -1 on error (an empty value). */
int args_source_parse(argp *p, args_source *s);
/* After the loop: exactly one of the two was given. */
bool args_source_check(args_source *s, cli_error *err);
/* The flag that was given (after a successful check), for messages. */
const char *args_source_flag(const args_source *s);

/* Puts a prefix (printf) and ": " in front of err's message ("--answers: ..."),
 * keeping what fits. */
void cli_prefix(cli_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Formats an error: status 2, "FLAG: message". Returns false. */
bool cli_fail(cli_error *err, const char *flag, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Integers: decimal, or 0x hex when hex is true. Range-checked, inclusive. */
bool args_int(cli_error *err, const char *flag, const char *text, long long lo, long long hi,
              long long *out);
bool args_u64(cli_error *err, const char *flag, const char *text, bool hex, uint64_t lo,
              uint64_t hi, uint64_t *out);
/* Splits text at sep into at most max items (NULL-terminated pointers into a
 * copy the caller frees with free(*items_buf)). Empty items are an error. */
bool args_split(cli_error *err, const char *flag, const char *text, char sep, size_t max,
                char ***items, size_t *n);
/* A comma-separated list of integers in [lo, hi]; *out is malloc'd. */
bool args_int_list(cli_error *err, const char *flag, const char *text, long long lo, long long hi,
                   size_t max, long long **out, size_t *n);

#endif
