/* Save and load in the TUI, with the code the command line uses
 * (scenario.h): s asks for a file name (and before replacing a file), l lists
 * saves/, q asks first when commands were given since the last save. */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "actions.h"
#include "ctl.h"
#include "file.h"
#include "submit.h"

#define SAVES_DIR "saves"

unsigned act_save(ctl *c) {
    if (!c->m->scenario) {
        ctl_say(c, true, "this machine has no scenario to save");
        return ACT_REDRAW;
    }
    char def[FORM_TEXT_MAX];
    if (c->save_path[0])
        snprintf(def, sizeof def, "%s", c->save_path);
    else
        snprintf(def, sizeof def, SAVES_DIR "/%s-t%llu.json", machine_mode_name(c->m->mode),
                 (unsigned long long)c->m->tick);
    form_open(&c->vs.form, FORM_SAVE, "Save the whole state");
    form_add_text(&c->vs.form, "file", def, NULL);
    c->vs.dialog = DIALOG_FORM;
    return ACT_REDRAW;
}

static unsigned do_save(ctl *c) {
    cli_error err = {0};
    c->vs.dialog = DIALOG_NONE;
    /* The default folder is made when missing (the first save of a session). */
    if (strncmp(c->save_path, SAVES_DIR "/", sizeof SAVES_DIR) == 0)
        mkdir(SAVES_DIR, 0777);
    if (save_write(c->m, c->save_path, &err) != 0) {
        ctl_say(c, true, "%s", err.msg);
        return ACT_REDRAW;
    }
    c->changes = 0;
    ctl_say(c, false, "saved tick %llu to %s", (unsigned long long)c->m->tick, c->save_path);
    return ACT_REDRAW;
}

unsigned submit_save(ctl *c) {
    form *f = &c->vs.form;
    const char *name = f->field[0].text;
    size_t len = strlen(name);
    if (len == 0) {
        snprintf(f->error, sizeof f->error, "file: needs a name");
        return ACT_REDRAW;
    }
    if (len < 6 || strcmp(name + len - 5, ".json") != 0) {
        snprintf(f->error, sizeof f->error, "file: '%.60s' should end in .json", name);
        return ACT_REDRAW;
    }
    snprintf(c->save_path, sizeof c->save_path, "%s", name);
    struct stat st;
    if (stat(name, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            snprintf(f->error, sizeof f->error, "file: %.60s is a folder", name);
            return ACT_REDRAW;
        }
        char title[FORM_TEXT_MAX + 32];
        snprintf(title, sizeof title, "%.60s exists: replace it?", name);
        form_open(f, FORM_OVERWRITE, title);
        return ACT_REDRAW;
    }
    return do_save(c);
}

unsigned submit_overwrite(ctl *c) {
    return do_save(c);
}

/* The title of a save for the menu: its exercise's, else its mode and tick. */
static void describe(const char *path, char *out, size_t n) {
    char why[200];
    size_t len;
    snprintf(out, n, "?");
    char *text = file_read_all(path, 64u << 20, &len, why, sizeof why);
    cJSON *j = text ? cJSON_Parse(text) : NULL;
    free(text);
    const cJSON *sc = cJSON_GetObjectItemCaseSensitive(j, "scenario");
    const cJSON *ex = cJSON_GetObjectItemCaseSensitive(sc, "exercise");
    const cJSON *title = cJSON_GetObjectItemCaseSensitive(ex, "title");
    const cJSON *tick = cJSON_GetObjectItemCaseSensitive(j, "tick");
    const cJSON *mode = cJSON_GetObjectItemCaseSensitive(j, "mode");
    if (cJSON_IsString(title))
        snprintf(out, n, "%s", title->valuestring);
    else if (cJSON_IsString(mode))
        snprintf(out, n, "a %s save at tick %.0f", mode->valuestring,
                 cJSON_IsNumber(tick) ? tick->valuedouble : 0.0);
    else if (!j)
        snprintf(out, n, "(not a readable save)");
    cJSON_Delete(j);
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

unsigned act_load(ctl *c) {
    DIR *d = opendir(SAVES_DIR);
    if (!d) {
        ctl_say(c, true, "no %s/ folder here to load from", SAVES_DIR);
        return ACT_REDRAW;
    }
    char *names[FORM_CHOICES];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < FORM_CHOICES) {
        size_t len = strlen(e->d_name);
        if (len > 5 && strcmp(e->d_name + len - 5, ".json") == 0 && len < FORM_TEXT_MAX - 7)
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    if (n == 0) {
        ctl_say(c, true, "no .json files in %s/", SAVES_DIR);
        return ACT_REDRAW;
    }
    qsort(names, (size_t)n, sizeof *names, by_name);
    form_open(&c->vs.form, FORM_LOAD, "Load a save or an exercise from " SAVES_DIR "/");
    form_field *fd = form_add_choice(&c->vs.form, "file", true);
    for (int i = 0; i < n; i++) {
        char path[FORM_TEXT_MAX + 8];
        snprintf(c->load_names[i], sizeof c->load_names[i], "%s", names[i]);
        snprintf(path, sizeof path, SAVES_DIR "/%s", names[i]);
        describe(path, c->load_notes[i], sizeof c->load_notes[i]);
        form_choice(fd, c->load_names[i], c->load_notes[i]);
        free(names[i]);
    }
    c->vs.dialog = DIALOG_FORM;
    return ACT_REDRAW;
}

unsigned submit_load(ctl *c) {
    const form_field *fd = &c->vs.form.field[0];
    char path[FORM_TEXT_MAX + 8];
    snprintf(path, sizeof path, SAVES_DIR "/%s", fd->choices[fd->choice]);
    cli_common cc;
    cli_error err = {0};
    machine *m2 = NULL;
    cli_common_default(&cc);
    /* A failed load leaves the machine as it was and says why. */
    if (save_load(path, &cc, &m2, &err) != 0) {
        snprintf(c->vs.form.error, sizeof c->vs.form.error, "%.120s", err.msg);
        cli_common_free(&cc);
        return ACT_REDRAW;
    }
    cli_common_free(&cc);
    c->vs.dialog = DIALOG_NONE;
    ctl_adopt(c, m2);
    snprintf(c->save_path, sizeof c->save_path, "%.*s", (int)sizeof c->save_path - 1, path);
    ctl_say(c, false, "loaded %s at tick %llu", path, (unsigned long long)c->m->tick);
    ctl_quiz_check(c);
    return ACT_REDRAW | ACT_TICKED | ACT_RELAYOUT;
}

unsigned act_quit(ctl *c) {
    if (c->changes == 0) {
        c->quit = true;
        return ACT_QUIT;
    }
    char title[64];
    snprintf(title, sizeof title, "%u unsaved command%s: quit anyway?", c->changes,
             c->changes == 1 ? "" : "s");
    form_open(&c->vs.form, FORM_QUIT, title);
    c->vs.dialog = DIALOG_FORM;
    return ACT_REDRAW;
}

unsigned submit_quit(ctl *c) {
    c->vs.dialog = DIALOG_NONE;
    c->quit = true;
    return ACT_QUIT;
}
