#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define SCHED_MAX_JOBS  100000
#define SCHED_MAX_RUN   1000000000LL
#define SCHED_MAX_TOTAL 1000000000LL /* total CPU of all jobs: bounds every run */

typedef struct sched_args {
    int policy;
    long long *lengths;
    size_t nlengths;
    long long (*jobs)[3];
    size_t njobs;
    long long iotime, quantum, queues, allotment, boost;
    long long *quanta, *allots, *prios, *tickets;
    size_t nquanta, nallots, nprios, ntickets;
    bool stay, iobump;
    const char *quantum_flag; /* which slice flag was given, for messages */
    long long cpus, balance;  /* several CPUs (mp.h); balance 0: never */
    bool percpu, steal, affinity;
} sched_args;

static void sched_args_free(sched_args *a) {
    free(a->lengths);
    free(a->jobs);
    free(a->quanta);
    free(a->allots);
    free(a->prios);
    free(a->tickets);
}

static bool parse_jobs(cli_error *err, const char *text, sched_args *a) {
    char **items;
    size_t n;
    if (!args_split(err, "--jobs", text, ':', SCHED_MAX_JOBS, &items, &n))
        return false;
    free(a->jobs); /* --jobs given again: the last one counts */
    a->jobs = malloc(n * sizeof *a->jobs);
    bool ok = a->jobs != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        long long *v;
        size_t k;
        static const long long lo[3] = {0, 1, 0};
        if (!args_int_list(err, "--jobs", items[i], 0, SCHED_MAX_RUN, 3, &v, &k)) {
            ok = false;
            break;
        }
        if (k != 3) {
            free(v);
            ok = cli_fail(err, "--jobs", "job %zu is '%s': expected start,run,iofreq", i, items[i]);
            break;
        }
        for (int j = 0; j < 3 && ok; j++)
            if (v[j] < lo[j])
                ok = cli_fail(err, "--jobs", "job %zu: run time must be at least 1", i);
        memcpy(a->jobs[i], v, sizeof a->jobs[i]);
        free(v);
    }
    free(items);
    a->njobs = ok ? n : 0;
    return ok;
}

static bool parse(int argc, char **argv, cli_common *c, sched_args *a, cli_error *err) {
    argp p;
    argp_init(&p, argc, argv, 0, err);
    const char *v;
    while (argp_next(&p)) {
        int r = cli_common_parse(&p, c);
        if (r < 0)
            return false;
        if (r)
            continue;
        if (argp_is(&p, "--policy")) {
            if (!(v = argp_value(&p)))
                return false;
            a->policy = sched_policy_parse(v);
            if (a->policy < 0)
                return cli_fail(err, "--policy",
                                "unknown policy '%s' (fifo, sjf, stcf, rr, mlfq, prio, lottery)",
                                v);
        } else if (argp_is(&p, "--lengths")) {
            free(a->lengths); /* given again: the last one counts */
            a->lengths = NULL;
            if (!(v = argp_value(&p)) || !args_int_list(err, p.flag, v, 1, SCHED_MAX_RUN,
                                                        SCHED_MAX_JOBS, &a->lengths, &a->nlengths))
                return false;
        } else if (argp_is(&p, "--jobs")) {
            if (!(v = argp_value(&p)) || !parse_jobs(err, v, a))
                return false;
        } else if (argp_is(&p, "--iotime")) {
            if (!(v = argp_value(&p)) || !args_int(err, p.flag, v, 0, 1000000, &a->iotime))
                return false;
        } else if (argp_is(&p, "--quantum")) {
            if (!(v = argp_value(&p)) || !args_int(err, p.flag, v, 1, SCHED_MAX_RUN, &a->quantum))
                return false;
        } else if (argp_is(&p, "--queues")) {
            if (!(v = argp_value(&p)) || !args_int(err, p.flag, v, 1, SCHED_MAX_LEVELS, &a->queues))
                return false;
        } else if (argp_is(&p, "--quanta")) {
            free(a->quanta); /* given again: the last one counts */
            a->quanta = NULL;
            if (!(v = argp_value(&p)) || !args_int_list(err, p.flag, v, 1, SCHED_MAX_RUN,
                                                        SCHED_MAX_LEVELS, &a->quanta, &a->nquanta))
                return false;
        } else if (argp_is(&p, "--allotment")) {
            if (!(v = argp_value(&p)) || !args_int(err, p.flag, v, 1, 1000000, &a->allotment))
                return false;
        } else if (argp_is(&p, "--allotments")) {
            free(a->allots); /* given again: the last one counts */
            a->allots = NULL;
            if (!(v = argp_value(&p)) || !args_int_list(err, p.flag, v, 1, 1000000,
                                                        SCHED_MAX_LEVELS, &a->allots, &a->nallots))
                return false;
        } else if (argp_is(&p, "--boost")) {
            if (!(v = argp_value(&p)) || !args_int(err, p.flag, v, 0, SCHED_MAX_RUN, &a->boost))
                return false;
        } else if (argp_is(&p, "--prios")) {
            free(a->prios); /* given again: the last one counts */
            a->prios = NULL;
            if (!(v = argp_value(&p)) ||
                !args_int_list(err, p.flag, v, 0, 7, SCHED_MAX_JOBS, &a->prios, &a->nprios))
                return false;
        } else if (argp_is(&p, "--tickets")) {
            free(a->tickets); /* given again: the last one counts */
            a->tickets = NULL;
            if (!(v = argp_value(&p)) || !args_int_list(err, p.flag, v, 1, 1000000, SCHED_MAX_JOBS,
                                                        &a->tickets, &a->ntickets))
                return false;
        } else if (argp_is(&p, "--stay")) {
            a->stay = true;
        } else if (argp_is(&p, "--iobump")) {
            a->iobump = true;
        } else if (argp_is(&p, "--cpus")) {
            if (!(v = argp_value(&p)) || !args_int(err, p.flag, v, 1, MACHINE_MAX_CPUS, &a->cpus))
                return false;
        } else if (argp_is(&p, "--percpu")) {
            a->percpu = true;
        } else if (argp_is(&p, "--steal")) {
            a->steal = true;
        } else if (argp_is(&p, "--affinity")) {
            a->affinity = true;
        } else if (argp_is(&p, "--balance")) {
            if (!(v = argp_value(&p)) || !args_int(err, p.flag, v, 1, SCHED_MAX_RUN, &a->balance))
                return false;
        } else {
            return argp_unknown(&p);
        }
    }
    return true;
}

/* Several CPUs: flags that mean nothing with one CPU or one global queue. */
static bool check_mp(const sched_args *a, cli_error *err) {
    if (a->percpu && a->cpus < 2)
        return cli_fail(err, "--percpu", "needs --cpus 2 or more");
    if (a->affinity && a->cpus < 2)
        return cli_fail(err, "--affinity", "needs --cpus 2 or more");
    if (a->steal && !a->percpu)
        return cli_fail(err, "--steal", "only with --percpu (per-CPU run queues)");
    if (a->balance && !a->percpu)
        return cli_fail(err, "--balance", "only with --percpu (per-CPU run queues)");
    int pol = a->policy;
    if (a->affinity && !a->percpu &&
        (pol == SCHED_SJF || pol == SCHED_STCF || pol == SCHED_LOTTERY))
        return cli_fail(err, "--affinity",
                        "with one global queue only for fifo, rr, mlfq and prio (use --percpu)");
    return true;
}

/* Flags that mean nothing for the chosen policy are refused, not ignored. */
static bool check(const sched_args *a, cli_error *err) {
    int pol = a->policy;
    if (pol < 0)
        return cli_fail(err, "--policy", "required (fifo, sjf, stcf, rr, mlfq, prio, lottery)");
    if (!a->nlengths && !a->njobs)
        return cli_fail(err, "--lengths", "give the jobs with --lengths or --jobs");
    if (a->nlengths && a->njobs)
        return cli_fail(err, "--jobs", "use either --lengths or --jobs, not both");
    bool mlfq = pol == SCHED_MLFQ;
    if (a->quantum && !(mlfq || pol == SCHED_RR || pol == SCHED_PRIO))
        return cli_fail(err, "--quantum", "only for rr, mlfq and prio");
    const char *mlfq_only[] = {"--queues",     "--quanta", "--allotment",
                               "--allotments", "--boost",  "--stay"};
    bool given[] = {a->queues, a->nquanta, a->allotment, a->nallots, a->boost, a->stay};
    for (size_t i = 0; i < sizeof given / sizeof *given; i++)
        if (given[i] && !mlfq)
            return cli_fail(err, mlfq_only[i], "only for mlfq");
    if (a->nprios && pol != SCHED_PRIO)
        return cli_fail(err, "--prios", "only for prio");
    if (a->ntickets && pol != SCHED_LOTTERY)
        return cli_fail(err, "--tickets", "only for lottery");
    if (a->quantum && a->nquanta)
        return cli_fail(err, "--quanta", "use either --quantum or --quanta, not both");
    if (a->allotment && a->nallots)
        return cli_fail(err, "--allotments", "use either --allotment or --allotments, not both");
    if (!check_mp(a, err))
        return false;
    size_t njobs = a->nlengths ? a->nlengths : a->njobs;
    if (a->nprios && a->nprios != njobs)
        return cli_fail(err, "--prios", "%zu values for %zu jobs", a->nprios, njobs);
    if (a->ntickets && a->ntickets != njobs)
        return cli_fail(err, "--tickets", "%zu values for %zu jobs", a->ntickets, njobs);
    long long levels = a->queues    ? a->queues
                       : a->nquanta ? (long long)a->nquanta
                       : a->nallots ? (long long)a->nallots
                                    : 3;
    if (a->nquanta && (long long)a->nquanta != levels)
        return cli_fail(err, "--quanta", "%zu values for %lld queues", a->nquanta, levels);
    if (a->nallots && (long long)a->nallots != levels)
        return cli_fail(err, "--allotments", "%zu values for %lld queues", a->nallots, levels);
    long long total = 0;
    for (size_t i = 0; i < njobs; i++) {
        total += a->nlengths ? a->lengths[i] : a->jobs[i][1];
        if (total > SCHED_MAX_TOTAL)
            return cli_fail(err, a->nlengths ? "--lengths" : "--jobs",
                            "the jobs need more than %lld ticks of CPU in all", SCHED_MAX_TOTAL);
    }
    return true;
}

static void build_config(const sched_args *a, sched_config *cfg) {
    sched_config_default(cfg, (sched_policy)a->policy);
    if (a->policy == SCHED_MLFQ) {
        cfg->levels = (int32_t)(a->queues    ? a->queues
                                : a->nquanta ? (long long)a->nquanta
                                : a->nallots ? (long long)a->nallots
                                             : 3);
        for (int lv = 0; lv < cfg->levels; lv++) {
            int hi = cfg->levels - 1 - lv; /* lists run from the top level down */
            cfg->quantum[lv] = (int32_t)(a->nquanta ? a->quanta[hi] : a->quantum ? a->quantum : 10);
            cfg->allot[lv] = (int32_t)(a->nallots     ? a->allots[hi]
                                       : a->allotment ? a->allotment
                                                      : 1);
        }
        cfg->boost = (uint64_t)a->boost;
        cfg->stay = a->stay;
    } else if (a->quantum) {
        for (int lv = 0; lv < SCHED_MAX_LEVELS; lv++)
            cfg->quantum[lv] = (int32_t)a->quantum;
    }
    cfg->iobump = a->iobump;
}

int cli_sched_build(int argc, char **argv, cli_common *c, machine **out, cli_error *err) {
    sched_args a = {.policy = -1, .iotime = 5};
    *out = NULL;
    if (!parse(argc, argv, c, &a, err) || !check(&a, err)) {
        sched_args_free(&a);
        return 2;
    }
    sched_config cfg;
    build_config(&a, &cfg);
    machine *m = machine_create(MODE_SCHED, &cfg, a.cpus ? (int)a.cpus : 1, c->seed);
    mp_config mc = {.percpu = a.percpu,
                    .steal = a.steal,
                    .affinity = a.affinity,
                    .balance = (uint64_t)a.balance};
    if (m && mp_configure(m, &mc) != 0) {
        machine_destroy(m);
        m = NULL;
    }
    size_t njobs = a.nlengths ? a.nlengths : a.njobs;
    for (size_t i = 0; m && i < njobs; i++) {
        int32_t pid = a.nlengths
                          ? machine_add_job(m, 0, (uint32_t)a.lengths[i], 0, 0)
                          : machine_add_job(m, (uint64_t)a.jobs[i][0], (uint32_t)a.jobs[i][1],
                                            (uint32_t)a.jobs[i][2], (uint32_t)a.iotime);
        if (pid < 0) {
            machine_destroy(m);
            m = NULL;
            break;
        }
        proc *p = machine_proc(m, pid);
        if (a.nprios)
            p->prio = (int32_t)a.prios[i];
        if (a.ntickets)
            p->tickets = (uint32_t)a.tickets[i];
    }
    sched_args_free(&a);
    if (!m) {
        err->status = 1;
        snprintf(err->msg, sizeof err->msg, "out of memory building the scenario");
        return 1;
    }
    *out = m;
    return 0;
}
