"""Drives `lucka-staff shell` on a pseudo-terminal, as a person would (ShellTerminalTests).

usage: shell_pty.py LUCKA_STAFF HOME PASSPHRASE
"""
import os
import pty
import re
import select
import sys
import time

binary, home, passphrase = sys.argv[1:4]
env = dict(os.environ, LUCKA_LANG="sv", LUCKA_IDLE_SECONDS="4", TERM="dumb")
pid, fd = pty.fork()
if pid == 0:
    os.execve(binary, [binary, "shell", "--home", home], env)

buffer = b""


def expect(pattern, timeout=60):
    """Waits for `pattern` (a regular expression) and returns everything up to it."""
    global buffer
    end = time.time() + timeout
    while True:
        match = re.search(pattern.encode(), buffer)
        if match:
            seen, buffer = buffer[: match.end()], buffer[match.end():]
            return seen.decode(errors="replace")
        if time.time() > end:
            sys.exit(f"timed out waiting for {pattern!r}; the terminal shows {buffer.decode(errors='replace')!r}")
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                data = os.read(fd, 4096)
            except OSError:
                data = b""
            if not data:
                sys.exit(f"the shell ended while waiting for {pattern!r}: {buffer.decode(errors='replace')!r}")
            buffer += data


def send(text):
    os.write(fd, text.encode())


def check(condition, what, shown):
    if not condition:
        sys.exit(f"{what}: {shown!r}")


# Wrong passphrase, then the right one.
expect("Lösenfras: ")
send("inte min lösenfras\n")
expect(r"Fel lösenfras\. Försök igen \(2 försök kvar\)")
expect("Lösenfras: ")
send(passphrase + "\n")
expect("Upplåst")
expect("lucka> ")

# The short help of the day's commands, not the whole command-line help.
send("help\n")
shown = expect("lucka> ")
check("inbox" in shown and "take N" in shown and "reply N" in shown, "short help", shown)
check("keygen" not in shown and "--home" not in shown, "short help without setup commands", shown)

# A typo gets a suggestion.
send("raed 1\n")
shown = expect("lucka> ")
check("Okänt kommando 'raed' – menade du 'read'?" in shown, "typo suggestion", shown)
send("xyzzy\n")
shown = expect("lucka> ")
check("Okänt kommando 'xyzzy'. Skriv help." in shown, "unknown command", shown)

# A command works with the keys in memory.
send("inbox\n")
shown = expect("lucka> ")
check("NR  ID" in shown or "Inga samtal" in shown, "inbox", shown)

# Idle: the shell locks itself, and the next command asks for the passphrase again.
expect("Låst efter en stund utan inmatning", timeout=20)
send("inbox\n")
expect("Lösenfras: ")
send(passphrase + "\n")
shown = expect("lucka> ")
check("NR  ID" in shown or "Inga samtal" in shown, "inbox after unlocking again", shown)

send("exit\n")
expect(r"Låst\.")
_, status = os.waitpid(pid, 0)
check(os.WEXITSTATUS(status) == 0, "exit status", status)
print("OK")
