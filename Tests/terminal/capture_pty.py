"""Runs a command on a pseudo-terminal, as a counsellor's terminal would show it, and
writes every byte the terminal received to OUTFILE (TerminalInjectionTests).

usage: capture_pty.py OUTFILE COMMAND [ARG...]
Exits with the command's exit status.
"""
import os
import pty
import sys

outfile, command = sys.argv[1], sys.argv[2:]
env = dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor")
pid, fd = pty.fork()
if pid == 0:
    os.execve(command[0], command, env)

received = b""
while True:
    try:
        data = os.read(fd, 65536)
    except OSError:  # EIO: the command closed the terminal
        break
    if not data:
        break
    received += data
_, status = os.waitpid(pid, 0)
with open(outfile, "wb") as f:
    f.write(received)
sys.exit(os.waitstatus_to_exitcode(status))
