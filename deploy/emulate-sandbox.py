#!/usr/bin/python3
"""Run a command under the system-call sandbox of a systemd unit, without systemd.

    /usr/bin/python3 deploy/emulate-sandbox.py deploy/lucka-relay.service -- lucka-relay serve ...

Reads the unit's SystemCallFilter=, SystemCallErrorNumber=, SystemCallArchitectures=native,
RestrictAddressFamilies=, MemoryDenyWriteExecute= and UMask= lines, builds the same
seccomp filters that systemd 252 installs for them (syscall groups are expanded with
`systemd-analyze syscall-filter`), and execs the command under them. Use it to check that
a new build of the relay still works inside the unit's sandbox on a machine (or a
container) where `systemd-run -p ...` is not available. Namespaces (ProtectSystem=,
PrivateTmp=, ...) and the service user are not emulated.

Needs libseccomp's Python binding (Debian: python3-seccomp). --kill makes a system call
outside the filter (or a write-and-execute mapping) kill the process instead of failing
with SystemCallErrorNumber=, to find out whether any is made at all (strace -f shows which).
"""

import errno
import os
import re
import socket
import subprocess
import sys

import seccomp

# systemd always allows these, whatever the filter says (src/shared/seccomp-util.c).
ALWAYS_ALLOWED = {"execve", "exit", "exit_group", "getrlimit", "rt_sigreturn", "sigreturn"}


def unit_settings(path):
    settings = {}
    section = None
    with open(path, encoding="utf-8") as unit:
        for raw in unit:
            line = raw.strip()
            if not line or line.startswith(("#", ";")):
                continue
            if line.startswith("["):
                section = line
                continue
            if section != "[Service]" or "=" not in line:
                continue
            key, value = (part.strip() for part in line.split("=", 1))
            settings.setdefault(key, []).append(value)
    return settings


_groups = {}


def expand(name):
    """The system calls a name stands for: a group (@...) is expanded recursively."""
    if not name.startswith("@"):
        return {name}
    if name not in _groups:
        listing = subprocess.run(["systemd-analyze", "syscall-filter", name], check=True, capture_output=True, text=True).stdout
        members = set()
        for line in listing.splitlines()[1:]:
            item = line.strip()
            if not item or item.startswith("#"):
                continue
            members |= expand(item)
        _groups[name] = members
    return _groups[name]


def allowed_syscalls(lines):
    """systemd's semantics: the first line decides allow- or deny-list; later lines add or remove."""
    allowed = None
    denied = set()
    for line in lines:
        if not line:
            allowed, denied = None, set()
            continue
        invert = line.startswith("~")
        names = set()
        for word in line.lstrip("~").split():
            names |= expand(word)
        if allowed is None and not denied:
            if invert:
                denied = names
            else:
                allowed = names
        elif allowed is not None:
            allowed = allowed - names if invert else allowed | names
        else:
            denied = denied | names if invert else denied - names
    return allowed, denied


def resolvable(names):
    known = set()
    for name in names:
        try:
            if seccomp.resolve_syscall(seccomp.Arch.NATIVE, name) >= 0:
                known.add(name)
        except (ValueError, RuntimeError):
            pass  # not a system call on this architecture (systemd skips these too)
    return known


def main():
    if len(sys.argv) < 4 or "--" not in sys.argv:
        sys.exit(__doc__)
    split = sys.argv.index("--")
    options, command = sys.argv[1:split], sys.argv[split + 1:]
    kill = "--kill" in options
    unit = [o for o in options if o != "--kill"][0]
    settings = unit_settings(unit)

    error_name = (settings.get("SystemCallErrorNumber") or ["EPERM"])[-1]
    refused = seccomp.KILL_PROCESS if kill else seccomp.ERRNO(getattr(errno, error_name))

    # 1. The system-call allow-list (SystemCallFilter=).
    syscalls = None
    if "SystemCallFilter" in settings:
        allowed, denied = allowed_syscalls(settings["SystemCallFilter"])
        if allowed is not None:
            syscalls = seccomp.SyscallFilter(defaction=refused)
            for name in sorted(resolvable((allowed | ALWAYS_ALLOWED))):
                syscalls.add_rule(seccomp.ALLOW, name)
        else:
            syscalls = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
            for name in sorted(resolvable(denied - ALWAYS_ALLOWED)):
                syscalls.add_rule(refused, name)

    # 2. Address families and write-xor-execute memory.
    extra = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    families = (settings.get("RestrictAddressFamilies") or [""])[-1].split()
    if families and not families[0].startswith("~") and families != ["none"]:
        keep = sorted(getattr(socket, name) for name in families)
        # Refused families fail with EAFNOSUPPORT, also with --kill: glibc probes netlink
        # (getaddrinfo) and falls back when it is refused, as under systemd.
        no_family = seccomp.ERRNO(errno.EAFNOSUPPORT)
        previous = -1
        for family in keep + [None]:
            if family is None:
                extra.add_rule(no_family, "socket", seccomp.Arg(0, seccomp.GT, previous))
                break
            for value in range(previous + 1, family):
                extra.add_rule(no_family, "socket", seccomp.Arg(0, seccomp.EQ, value))
            previous = family
    if (settings.get("MemoryDenyWriteExecute") or ["no"])[-1] in ("yes", "true", "1", "on"):
        prot_write, prot_exec, shm_exec = 0x2, 0x4, 0o100000
        deny = seccomp.KILL_PROCESS if kill else seccomp.ERRNO(errno.EPERM)
        extra.add_rule(deny, "mmap", seccomp.Arg(2, seccomp.MASKED_EQ, prot_write | prot_exec, prot_write | prot_exec))
        extra.add_rule(deny, "mprotect", seccomp.Arg(2, seccomp.MASKED_EQ, prot_exec, prot_exec))
        extra.add_rule(deny, "pkey_mprotect", seccomp.Arg(2, seccomp.MASKED_EQ, prot_exec, prot_exec))
        extra.add_rule(deny, "shmat", seccomp.Arg(2, seccomp.MASKED_EQ, shm_exec, shm_exec))
    # The address-family and memory filter first: loading a filter is itself a system call.
    extra.load()
    if syscalls is not None:
        syscalls.load()

    umask = (settings.get("UMask") or [None])[-1]
    if umask:
        os.umask(int(umask, 8))
    os.execvp(command[0], command)


if __name__ == "__main__":
    main()
