"""Run a command on a pseudo-terminal and answer its prompts.

usage: terminal.py PROMPT ANSWER [PROMPT ANSWER ...] -- COMMAND [ARG ...]

Each answer (with a newline) is typed once the command's output so far
ends with its prompt. Prints everything the command wrote, then exits
with the command's exit status.
"""
import os
import pty
import signal
import sys

sep = sys.argv.index("--")
pairs = sys.argv[1:sep]
command = sys.argv[sep + 1:]
script = list(zip(pairs[0::2], pairs[1::2]))

pid, fd = pty.fork()
if pid == 0:
    os.execv(command[0], command)
# A prompt that never comes leaves the command waiting on the terminal:
# end it rather than hang the test run.
signal.signal(signal.SIGALRM, lambda *_: os.kill(pid, signal.SIGKILL))
signal.alarm(120)

out = b""
while True:
    try:
        data = os.read(fd, 4096)
    except OSError:  # the command closed the terminal
        break
    if not data:
        break
    out += data
    if script and out.rstrip().endswith(script[0][0].encode()):
        os.write(fd, script[0][1].encode() + b"\n")
        script.pop(0)
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors="replace"))
sys.exit(os.waitstatus_to_exitcode(status))
