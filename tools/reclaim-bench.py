#!/usr/bin/env python3
"""Memory-pressure benchmarks of the kernel model (build/rel/openmmu, ref backend):
reclaim throughput, fault latency with and without swap-in, and faults per 1000
accesses of a working-set workload as physical memory shrinks (table; PNG with --plot)."""
import json, os, random, subprocess, sys, tempfile, time

BIN = os.environ.get("OPENMMU", "build/rel/openmmu")
BASE = 0x200000000000

def run(text, *args):
    with tempfile.NamedTemporaryFile("w", suffix=".scn", delete=False) as f:
        f.write(text)
    t = time.perf_counter()
    out = subprocess.run([BIN, "run", "--backend", "ref", "--stats", *args, f.name],
                         capture_output=True, text=True)
    dt = time.perf_counter() - t
    os.unlink(f.name)
    if out.returncode:
        sys.exit("openmmu failed: " + out.stderr[:400])
    return dt, json.loads(out.stdout.strip().splitlines()[-1])

def touch(n):
    return "".join("store 1 0x%x 8 %d\n" % (BASE + i * 4096, i + 1) for i in range(n))

def loads(n):
    return "".join("load 1 0x%x 8\n" % (BASE + i * 4096) for i in range(n))

N = 4000
head = "spawn 1\nmmap 1 0x%x 0x%x rw- private,anon,fixed\n" % (BASE, N * 4096)
t0, _ = run(head + touch(N))
t1, s1 = run(head + touch(N) + "reclaim %d\n" % (2 * N))
rec = s1["kernel_reclaimed"]
print("reclaim throughput: %d pages in %.3f s = %.0f pages/s (dirty anonymous, each written to swap)"
      % (rec, t1 - t0, rec / max(t1 - t0, 1e-9)))
t2, s2 = run(head + touch(N) + "reclaim %d\n" % (2 * N) + loads(N))
swapin = s2["kernel_swapin"]
t3, s3 = run(head + loads(N))  # zero-page read faults: minor
print("fault latency: minor (anonymous, zero page) %.1f us; major (swap-in) %.1f us  [%d / %d faults]"
      % ((t3 - run(head)[0]) / N * 1e6, (t2 - t1) / max(swapin, 1) * 1e6, N, swapin))

# working set: 256 pages, 80% of accesses to a hot quarter
r = random.Random(1)
W, ACC = 256, 20000
ws = "spawn 1\nmmap 1 0x%x 0x%x rw- private,anon,fixed\n" % (BASE, W * 4096)
for _ in range(ACC):
    p = r.randrange(W // 4) if r.random() < 0.8 else r.randrange(W)
    ws += ("store 1 0x%x 8 1\n" if r.random() < 0.3 else "load 1 0x%x 8\n") % (BASE + p * 4096 + 8 * r.randrange(512))
rows = []
print("\nworking set %d pages, %d accesses (80%% to %d hot pages)" % (W, ACC, W // 4))
print("| memory | frames | faults/1000 acc | major/1000 | reclaimed | swap out | swap in |")
print("|---|---|---|---|---|---|---|")
for kb in (2048, 1536, 1024, 768, 512, 384, 256):
    _, s = run(ws, "--mem", "%dK" % kb)
    f1k = 1000 * s["kernel_faults"] / ACC
    rows.append((kb, f1k, 1000 * s["kernel_major"] / ACC))
    print("| %d KiB | %d | %.1f | %.1f | %d | %d | %d |" % (kb, kb // 4, f1k, rows[-1][2], s["kernel_reclaimed"],
                                                          s["kernel_swapout"], s["kernel_swapin"]))
if "--plot" in sys.argv:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    xs = [k // 4 for k, _, _ in rows]
    plt.plot(xs, [f for _, f, _ in rows], "o-", label="all faults")
    plt.plot(xs, [m for _, _, m in rows], "s--", label="major (swap-in)")
    plt.axvline(W, color="gray", lw=0.5)
    plt.xlabel("physical frames (working set %d pages)" % W)
    plt.ylabel("faults per 1000 accesses")
    plt.title("openmmu kernel model: faults as memory shrinks (clock over A bits)")
    plt.legend()
    plt.savefig("docs/reclaim-faults.png", dpi=100)
    print("wrote docs/reclaim-faults.png")
