#!/usr/bin/env python3
"""Times kttt commands as processes (median of RUNS, default 9, after two warm-up runs) and
the app's first frame in a pseudo-terminal of 80x24, for any build, so that two builds compare
on the same machine in the same hour: one line per measurement.

    tools/bench/compare.py BIN DB LABEL          # the national synthetic country (kttt synth)
    SEED=1 tools/bench/compare.py BIN DB LABEL   # a seeded database (kttt init)

tools/bench/peer.sh DB times the sqlite3 shell printing the same raw rows."""
import os, sys, time, subprocess, statistics, pty, fcntl, termios, struct, select, signal

BIN, DB, LABEL = sys.argv[1], sys.argv[2], sys.argv[3]
RUNS = int(os.environ.get("RUNS", "9"))
SEED = os.environ.get("SEED") == "1"
env = dict(os.environ, KTTT_LANG="vi", KTTT_CONFIG="/nonexistent")

def timed(args, runs=RUNS, vary=None):
    ts = []
    for i in range(runs + 2):
        a = [x.replace("{v}", str(1 + i % 3)) for x in args]
        t = time.perf_counter()
        r = subprocess.run(a, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        d = time.perf_counter() - t
        if r.returncode != 0:
            return f"FAILED {r.stderr.decode()[:200]}"
        if i >= 2:
            ts.append(d)
    return f"{statistics.median(ts)*1000:.1f} ms"

def first_frame(args, needle=b"T\xe1\xbb\x95ng quan", runs=RUNS):
    ts = []
    for i in range(runs + 1):
        pid, fd = pty.fork()
        if pid == 0:
            os.execve(args[0], args, dict(env, TERM="xterm-256color"))
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        t = time.perf_counter()
        buf = b""
        while needle not in buf and time.perf_counter() - t < 20:
            r, _, _ = select.select([fd], [], [], 0.5)
            if r:
                try:
                    buf += os.read(fd, 65536)
                except OSError:
                    break
        d = time.perf_counter() - t
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
        if i >= 1:
            ts.append(d)
    return f"{statistics.median(ts)*1000:.1f} ms"

k = [BIN, "--db", DB]
if SEED:
    rows = [
        ("show 1", k + ["show", "1"]),
        ("catalog", k + ["catalog"]),
        ("set", k + ["set", "htx.total", "KH2020", "20{v}"]),
        ("app first frame 80x24", None),
    ]
    unit_top = None
else:
    rows = [
        ("show 1 --unit P01", k + ["--unit", "P01", "show", "1"]),
        ("show 1 --unit X00001", k + ["--unit", "X00001", "show", "1"]),
        ("catalog", k + ["catalog"]),
        ("set (commune)", k + ["--unit", "X00001", "set", "htx.total", "KH2026", "{v}"]),
        ("log --unit VN", k + ["--unit", "VN", "log"]),
        ("show --by-unit htx.total --unit VN", k + ["--unit", "VN", "show", "--by-unit", "htx.total"]),
        ("app first frame 80x24", None),
    ]
for name, args in rows:
    if args is None:
        extra = [] if SEED else ["--unit", "P01"]
        print(f"{LABEL}\t{name}\t{first_frame(k + extra)}", flush=True)
    else:
        print(f"{LABEL}\t{name}\t{timed(args)}", flush=True)
