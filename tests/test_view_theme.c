/* Theme files: the three shipped in assets/themes say exactly what the
 * built-in themes say; bad files are refused with the line and the reason; a
 * file overrides a built-in of the same name. */
// clang-format off
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "theme.h"

static void same_def(const theme_def *a, const theme_def *b) {
    assert_string_equal(a->name, b->name);
    assert_int_equal(a->colour, b->colour);
    for (int r = 0; r < THEME_ROLE_COUNT; r++) {
        assert_int_equal(a->role[r].fg, b->role[r].fg);
        assert_int_equal(a->role[r].bg, b->role[r].bg);
        assert_int_equal(a->role[r].attr, b->role[r].attr);
    }
    for (int i = 0; i < THEME_PIDS; i++) {
        assert_int_equal(a->pid[i].fg, b->pid[i].fg);
        assert_int_equal(a->pid[i].bg, b->pid[i].bg);
        assert_int_equal(a->pid[i].attr, b->pid[i].attr);
    }
}

static void test_shipped_files_match_builtins(void **state) {
    (void)state;
    static const char *const names[] = {"default", "high-contrast", "mono"};
    for (int k = 0; k < 3; k++) {
        char path[512], err[400], name[40];
        size_t len;
        snprintf(path, sizeof path, TICKOS_SOURCE_DIR "/assets/themes/%s.theme", names[k]);
        char *text = file_read_all(path, 65536, &len, err, sizeof err);
        assert_non_null(text);
        theme_def d;
        if (theme_parse(text, path, &d, name, sizeof name, err, sizeof err) != 0)
            fail_msg("%s", err);
        same_def(&d, theme_find(names[k]));
        free(text);
    }
}

static const char *parse_err(const char *text) {
    static char err[400];
    char name[40];
    theme_def d;
    return theme_parse(text, "t.theme", &d, name, sizeof name, err, sizeof err) == 0 ? "" : err;
}

static void test_bad_files(void **state) {
    (void)state;
    assert_string_equal(parse_err("name x\ncolour yes\nsparkle red blue bold\n"),
                        "t.theme:3: 'sparkle' is not a role (normal, header, ..., pid0-pid5)");
    assert_non_null(strstr(parse_err("name x\ncolour yes\nnormal pink default normal\n"),
                           "t.theme:3: expected ROLE FOREGROUND BACKGROUND ATTRIBUTES"));
    assert_non_null(
        strstr(parse_err("name x\ncolour yes\nnormal red default shiny\n"), "t.theme:3: expected"));
    assert_non_null(
        strstr(parse_err("name x\ncolour yes\nnormal red default\n"), "t.theme:3: expected"));
    assert_string_equal(parse_err("colour yes\n"),
                        "t.theme: needs a 'name' and a 'colour yes|no' line");
    assert_string_equal(parse_err("name x\ncolour maybe\n"),
                        "t.theme:2: colour: expected yes or no");
    assert_string_equal(parse_err("name x\ncolour yes\nnormal red default bold\n"),
                        "t.theme: no line for the role 'dim'");
}

/* A copy of default.theme with a red header, under a temporary assets
 * folder, replaces the built-in default; an unknown name is refused. */
static void test_resolve(void **state) {
    (void)state;
    char dir[] = "/tmp/tickos-theme-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char sub[600], path[700], err[400], name[40];
    snprintf(sub, sizeof sub, "%s/themes", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    size_t len;
    char *text = file_read_all(TICKOS_SOURCE_DIR "/assets/themes/default.theme", 65536, &len, err,
                               sizeof err);
    assert_non_null(text);
    char *hdr = strstr(text, "header         white    blue");
    assert_non_null(hdr);
    memcpy(hdr + strlen("header         white    "), "red ", 4);
    snprintf(path, sizeof path, "%s/default.theme", sub);
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    free(text);
    theme_def buf;
    const theme_def *d = theme_resolve(NULL, NULL, dir, &buf, name, sizeof name, err, sizeof err);
    assert_ptr_equal(d, &buf);
    assert_int_equal(d->role[THEME_HEADER].bg, COLOR_RED);
    /* Without the folder: the built-in. NO_COLOR: mono. Unknown: refused. */
    d = theme_resolve(NULL, NULL, "/nonexistent", &buf, name, sizeof name, err, sizeof err);
    assert_ptr_equal(d, theme_find("default"));
    d = theme_resolve(NULL, "1", "/nonexistent", &buf, name, sizeof name, err, sizeof err);
    assert_ptr_equal(d, theme_find("mono"));
    d = theme_resolve("solar", NULL, dir, &buf, name, sizeof name, err, sizeof err);
    assert_null(d);
    assert_non_null(strstr(err, "no theme 'solar' (default, high-contrast, mono, or a file "));
    unlink(path);
    rmdir(sub);
    rmdir(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_files_match_builtins),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_resolve),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
