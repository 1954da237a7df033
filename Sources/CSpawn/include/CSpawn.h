// Two posix_spawn extensions Swift's Glibc module does not show (they need _GNU_SOURCE,
// which would change the system headers under Swift's feet, so they are wrapped in shim.c).
#ifndef LUCKA_CSPAWN_H
#define LUCKA_CSPAWN_H

#include <spawn.h>

/// The child closes every descriptor from `lowest` up, so no pipe of a concurrent spawn leaks into it.
int lucka_spawn_close_from(posix_spawn_file_actions_t *actions, posix_spawnattr_t *attributes, int lowest);

/// The child starts in `path`.
int lucka_spawn_chdir(posix_spawn_file_actions_t *actions, const char *path);

#endif
