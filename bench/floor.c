/* floor: the least a trace-driven run can do, for the benchmark ratios.
 *
 *   floor mem FILE    lines "N", "Nw" or "Nr" (decimal or 0x hex): the format of
 *                     tickos paging --refs-file and translate --addrs-file
 *   floor mesi FILE   lines "CPU:OP:ADDR": the format of tickos mesi --refs-file
 *
 * It reads the file line by line with stdio as tickos does, skips blank and #
 * lines, parses every field into numbers and folds them into a checksum that it
 * prints, so the compiler cannot drop the work. It stores nothing and checks
 * nothing beyond what parsing needs: it is the floor, not a competitor. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* An unsigned number at *s, decimal or (when hex) 0x hex; advances *s. */
static uint64_t num(const char **s, int hex) {
    const char *p = *s;
    uint64_t v = 0;
    if (hex && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        /* Branch-free digit values: letters and digits come at random. */
        for (p += 2;; p++) {
            unsigned c = (unsigned char)*p;
            if (c - '0' > 9 && (c | 0x20) - 'a' > 5)
                break;
            v = v << 4 | ((c & 0xf) + 9 * (c >> 6));
        }
    } else {
        for (; *p >= '0' && *p <= '9'; p++)
            v = v * 10 + (uint64_t)(*p - '0');
    }
    *s = p;
    return v;
}

int main(int argc, char **argv) {
    if (argc != 3 || (strcmp(argv[1], "mem") && strcmp(argv[1], "mesi"))) {
        fprintf(stderr, "usage: floor mem|mesi FILE\n");
        return 2;
    }
    int mesi = strcmp(argv[1], "mesi") == 0;
    FILE *f = fopen(argv[2], "r");
    if (!f) {
        perror(argv[2]);
        return 1;
    }
    char buf[256];
    uint64_t sum = 0, n = 0;
    while (fgets(buf, sizeof buf, f)) {
        const char *s = buf;
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s == '\n' || *s == '\r' || *s == '\0' || *s == '#')
            continue;
        uint64_t v;
        if (mesi) {
            uint64_t cpu = num(&s, 0);
            int write = s[0] == ':' && (s[1] == 'w' || s[1] == 'W');
            s += 3; /* ":r:" */
            v = num(&s, 1) * 31 + cpu * 7 + (uint64_t)write;
        } else {
            v = num(&s, 1) * 2 + (*s == 'w' || *s == 'W');
        }
        sum = sum * 1000003 + v;
        n++;
    }
    fclose(f);
    printf("%llu references, checksum %016llx\n", (unsigned long long)n, (unsigned long long)sum);
    return 0;
}
