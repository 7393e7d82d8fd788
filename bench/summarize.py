#!/usr/bin/env python3
"""Prints the comparison table of bench/compare.sh from the JSON files in a
results directory: medians over repetitions, ratios, and the target checks."""

import json
import re
import statistics
import sys
from pathlib import Path

WORKLOADS = ["enable", "read", "reject", "sts"]
# Error codes a workload is expected to produce (not counted as failures).
EXPECTED = {"reject": {"InvalidAuthenticationCode"}}

TARGETS = {
    "vs_moto": 100.0,
    "vs_bare": 0.7,
    "reject_rps": 10_000.0,
    "start_ms": 30.0,
    "idle_rss_mb": 8.0,
    "mem_100k_mb": 100.0,
    "p99_ms": 5.0,
}


def load(path):
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return None


def runs(out, label):
    found = []
    for p in sorted(out.glob(f"{label}-*.json")):
        if p.stem.split("-")[-1].isdigit():
            data = load(p)
            if data:
                found.append(data)
    return found


def phase(run, name):
    for p in run.get("phases", []):
        if p["phase"] == name:
            return p
    return None


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def stats(run_list, name):
    """Median req/s, p50, p99, max over repetitions, plus unexpected errors."""
    phases = [phase(r, name) for r in run_list]
    phases = [p for p in phases if p and not p.get("skipped")]
    if not phases:
        skipped = [phase(r, name) for r in run_list]
        reason = next((p["skipped"] for p in skipped if p and p.get("skipped")), None)
        return {"skipped": reason} if reason else None
    unexpected = 0
    for p in phases:
        for code, n in p["errors_by_code"].items():
            if code not in EXPECTED.get(name, set()):
                unexpected += n
        unexpected += sum(p["transport_errors"].values())
    return {
        "rps": med([p["requests_per_s"] for p in phases]),
        "p50": med([p["latency"]["p50_ms"] for p in phases]),
        "p99": med([p["latency"]["p99_ms"] for p in phases]),
        "max": med([p["latency"]["max_ms"] for p in phases]),
        "elapsed": med([p["elapsed_s"] for p in phases]),
        "requests": med([p["requests"] for p in phases]),
        "unexpected": unexpected,
        "n": len(phases),
        "notes": sorted({n for p in phases for n in p.get("notes", [])}),
    }


def fmt(v, digits=0, unit=""):
    if v is None:
        return "-"
    return f"{v:,.{digits}f}{unit}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def verdict(ok, text):
    return f"{'MET   ' if ok else 'MISSED'} {text}"


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    ours, moto, bare = runs(out, "ours"), runs(out, "moto"), runs(out, "bare")
    start_ours, start_moto = load(out / "startup-ours.json"), load(out / "startup-moto.json")
    memory = load(out / "memory.json")
    machine = (out / "machine.txt").read_text().strip() if (out / "machine.txt").exists() else ""

    print()
    print("=" * 100)
    print(machine)
    if ours:
        r = ours[0]
        print(
            f"per target and repetition: {r['users']} users, {r['duration_s']:g} s per workload, "
            f"{r['concurrency']} connections, {r['threads']} generator thread(s), "
            f"ListVirtualMFADevices MaxItems={r['max_items']}; "
            f"medians of {len(ours)} (ours) / {len(moto)} (moto) / {len(bare)} (bare axum) repetitions"
        )
    if moto:
        print(f"moto: {moto[0]['users']} users per repetition, dummy SigV4 header (moto routes by it)")
    print("=" * 100)

    header = (
        f"{'workload':<9} {'ours req/s':>11} {'moto req/s':>11} {'bare req/s':>11} "
        f"{'ours/moto':>10} {'ours/bare':>10}  {'ours p50/p99/max ms':>22}  {'moto p50/p99 ms':>17}  unexpected errors"
    )
    print(header)
    print("-" * len(header))
    bare_enable = stats(bare, "enable") if bare else None
    bare_rps = bare_enable["rps"] if bare_enable else None
    rows = {}
    for name in ["setup"] + WORKLOADS:
        o = stats(ours, name)
        m = stats(moto, name) if moto else None
        if o and o.get("skipped"):
            print(f"{name:<9} skipped: {o['skipped']}")
            rows[name] = None
            continue
        if not o:
            continue
        rows[name] = (o, m)
        r_moto = ratio(o["rps"], m["rps"]) if m and not m.get("skipped") else None
        r_bare = ratio(o["rps"], bare_rps) if name in ("enable", "read") else None
        lat_o = f"{fmt(o['p50'], 3)}/{fmt(o['p99'], 3)}/{fmt(o['max'], 1)}"
        lat_m = f"{fmt(m['p50'], 1)}/{fmt(m['p99'], 1)}" if m and not m.get("skipped") else "-"
        unexpected = f"ours {o['unexpected']}" + (f", moto {m['unexpected']}" if m and not m.get("skipped") else "")
        print(
            f"{name:<9} {fmt(o['rps']):>11} {fmt(m['rps'] if m and not m.get('skipped') else None):>11} "
            f"{fmt(bare_rps if name == 'enable' else None):>11} "
            f"{fmt(r_moto, 1, 'x'):>10} {fmt(r_bare, 2, 'x'):>10}  {lat_o:>22}  {lat_m:>17}  {unexpected}"
        )
    if bare_enable:
        print(
            f"bare axum (fixed 197-byte answer to any POST, enable-shaped requests): "
            f"{fmt(bare_rps)} req/s, p50/p99 {fmt(bare_enable['p50'], 3)}/{fmt(bare_enable['p99'], 3)} ms; "
            f"it is the ceiling for both enable and read"
        )
    if rows.get("reject") and rows["reject"][1] and not rows["reject"][1].get("skipped"):
        if rows["reject"][1]["unexpected"]:
            print("reject (moto): moto accepts any codes, so its first reject per device enables it "
                  "and later ones answer EntityAlreadyExists; it is compared for throughput only")
    if rows.get("sts"):
        o = rows["sts"][0]
        times = sorted(float(m) for n in o["notes"] for m in re.findall(r"last at ([0-9.]+) s", n))
        if times:
            print(
                f"sts (ours): valid codes are capped per device (5 per 30-s step, 9 tries per 3 min), so with "
                f"{ours[0]['users']} devices the phase ends when they run out: after "
                f"{', '.join(f'{t:.2f}' for t in times)} s ({fmt(o['requests'])} requests, median)"
            )
    if rows.get("setup"):
        o, m = rows["setup"]
        print(
            f"setup (CreateUser + CreateVirtualMFADevice per user): ours {fmt(o['elapsed'], 2)} s"
            + (f", moto {fmt(m['elapsed'], 2)} s" if m and not m.get("skipped") else "")
        )

    print()
    print(f"{'server':<8} {'start→first answer: median':>27} {'min':>9} {'max':>9} {'runs':>5} {'idle RSS':>10}")
    for label, s in (("ours", start_ours), ("moto", start_moto)):
        if s:
            rss = s.get("idle_rss_median_kb")
            print(
                f"{label:<8} {fmt(s['median_ms'], 1, ' ms'):>27} {fmt(s['min_ms'], 1, ' ms'):>9} "
                f"{fmt(s['max_ms'], 1, ' ms'):>9} {len(s['runs_ms']):>5} "
                f"{fmt(rss / 1024 if rss else None, 1, ' MB'):>10}"
            )

    mem = {}
    if memory:
        print()
        moto_setup = rows.get("setup", (None, None))[1] if rows.get("setup") else None
        why = "moto skipped at this size"
        if moto_setup and moto_setup.get("rps"):
            minutes = 2 * memory["users"] / moto_setup["rps"] / 60
            why += f": its setup runs at ~{moto_setup['rps']:.0f} req/s, i.e. ~{minutes:.0f} min for this N"
        print(f"memory run (ours only; {why}): "
              f"{memory['users']} users requested, {memory['devices_ready']} users+devices ready")
        for p in memory["phases"]:
            rss = p.get("rss_after_kb")
            print(
                f"  {p['phase']:<12} {p['requests']:>9} req in {p['elapsed_s']:>7.2f} s = {p['requests_per_s']:>9,.0f} req/s"
                f"  p50/p99/max {p['latency']['p50_ms']:.3f}/{p['latency']['p99_ms']:.3f}/{p['latency']['max_ms']:.1f} ms"
                f"  RSS after {fmt(rss / 1024 if rss else None, 1, ' MB')}"
                f"  errors {sum(p['errors_by_code'].values()) + sum(p['transport_errors'].values())}"
            )
            mem[p["phase"]] = p

    print()
    print("targets")
    for name in WORKLOADS:
        row = rows.get(name)
        if not row or not row[1] or row[1].get("skipped"):
            print(f"  -      {name}: ≥{TARGETS['vs_moto']:.0f}× moto: no comparison")
            continue
        r = ratio(row[0]["rps"], row[1]["rps"])
        print("  " + verdict(r >= TARGETS["vs_moto"], f"{name}: {r:,.1f}× moto (target ≥{TARGETS['vs_moto']:.0f}×)"))
    for name in ("enable", "read"):
        row = rows.get(name)
        r = ratio(row[0]["rps"], bare_rps) if row else None
        if r is None:
            print(f"  -      {name}: vs bare axum: no comparison")
        else:
            print("  " + verdict(r >= TARGETS["vs_bare"], f"{name}: {r:.2f}× bare axum (target ≥{TARGETS['vs_bare']}×)"))
    if rows.get("reject"):
        v = rows["reject"][0]["rps"]
        print("  " + verdict(v >= TARGETS["reject_rps"], f"reject: {v:,.0f} req/s (target ≥{TARGETS['reject_rps']:,.0f})"))
    if start_ours:
        v = start_ours["median_ms"]
        print("  " + verdict(v <= TARGETS["start_ms"], f"start to first answer: {v:.1f} ms (target ≤{TARGETS['start_ms']:.0f} ms)"))
        rss = start_ours.get("idle_rss_median_kb")
        if rss:
            print("  " + verdict(rss / 1024 < TARGETS["idle_rss_mb"], f"idle RSS: {rss / 1024:.1f} MB (target <{TARGETS['idle_rss_mb']:.0f} MB)"))
    if mem:
        last = mem.get("enable_all") or mem.get("setup")
        rss = last.get("rss_after_kb") if last else None
        if rss:
            print("  " + verdict(
                rss / 1024 < TARGETS["mem_100k_mb"],
                f"{memory['devices_ready']:,} users + enabled devices: {rss / 1024:.1f} MB RSS (target <{TARGETS['mem_100k_mb']:.0f} MB)",
            ))
    if bare_enable:
        print(f"  (context: bare axum's own p99 in the same runs: {bare_enable['p99']:.3f} ms)")
    for name in ("enable", "read"):
        checks = []
        if rows.get(name):
            checks.append((f"{rows[name][0]['n']}-run median, {ours[0]['users']} users", rows[name][0]["p99"]))
        if name in mem:
            checks.append((f"memory run, {memory['devices_ready']:,} users", mem[name]["latency"]["p99_ms"]))
        conns = {0: ours[0]["concurrency"] if ours else "?", 1: memory["concurrency"] if memory else "?"}
        for i, (where, v) in enumerate(checks):
            conn = conns[0] if i == 0 and rows.get(name) else conns[1]
            print("  " + verdict(
                v < TARGETS["p99_ms"],
                f"{name} p99 at {conn} connections ({where}): {v:.3f} ms (target <{TARGETS['p99_ms']:.0f} ms)",
            ))


if __name__ == "__main__":
    main()
