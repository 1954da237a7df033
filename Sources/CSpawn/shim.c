#define _GNU_SOURCE
#include <spawn.h>
#include "CSpawn.h"

int lucka_spawn_close_from(posix_spawn_file_actions_t *actions, posix_spawnattr_t *attributes, int lowest) {
#if defined(__APPLE__)
    (void)actions;
    (void)lowest;
    short flags = 0;
    int failed = posix_spawnattr_getflags(attributes, &flags);
    return failed ? failed : posix_spawnattr_setflags(attributes, flags | POSIX_SPAWN_CLOEXEC_DEFAULT);
#else
    (void)attributes;
    return posix_spawn_file_actions_addclosefrom_np(actions, lowest);
#endif
}

int lucka_spawn_chdir(posix_spawn_file_actions_t *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np(actions, path);
}
