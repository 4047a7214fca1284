# Tables and plot of docs/BENCHMARKS.md "Differential privacy: what each mechanism and robust aggregator costs", from
# the runs of experiments/privacy/costs.sh:
#   /usr/bin/python3 experiments/privacy/costs_report.py RUNS_DIR docs/images/dp-accuracy-epsilon-100.png
# Per run, medians over rounds 2+ (round 1 carries JIT and start-up):
#   client ms: per client and round, work_ms + seal_ms summed over the round's stages (clients.csv; work_ms holds
#     training, clipping, distributed DP's rotation, rounding and noise, and masking; seal_ms the envelope), then the
#     median over the round's clients;
#   coordinator ms: metrics.csv's aggregate_ms (the strategy's time: robust rule, clip + noise + accountants,
#     unmasking and decoding) and open_check_ms (opening and checking the replies), summed over the round's stages.
# A variant is compared with its baseline: distributed DP with secure aggregation alone, the others with FedAvg.
import os, re, sys
import pandas as pd, matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

runs, png = sys.argv[1], sys.argv[2]

def baseline_of(variant):
    if variant == "baseline": return None
    return "secagg" if variant.startswith("ddp-") else "baseline"

def describe(variant):
    m = re.fullmatch(r"cdp-(\d\.\d)", variant)
    if m: return f"central DP, fixed clip S = 1, σ = {m[1]}"
    m = re.fullmatch(r"cdp-adaptive-(\d\.\d)", variant)
    if m: return f"central DP, adaptive clip (quantile 0.5), σ = {m[1]}"
    m = re.fullmatch(r"ddp-dg-(\d\.\d)", variant)
    if m: return f"distributed DP, discrete Gaussian, 32 bits, z = {m[1]}"
    m = re.fullmatch(r"ddp-skellam-(\d\.\d)", variant)
    if m: return f"distributed DP, Skellam, 20 bits, z = {m[1]}"
    return {"baseline": "FedAvg (baseline)", "secagg": "secure aggregation alone (SecAgg+)", "median": "median",
            "trimmed-mean": "trimmed mean, β = 0.1", "krum": "Krum, f = 2", "multi-krum": "Multi-Krum, f = 2, m = 5",
            "geometric-median": "geometric median (RFA)", "norm-bounding": "norm bounding, 1.0"}.get(variant, variant)

def log_entries():
    f = os.path.join(runs, "costs.log")
    out = {}
    if not os.path.exists(f): return out
    for line in open(f):
        m = re.match(r"(\S+) (start|end) (\S+) load ([\d.]+), ([\d.]+), ([\d.]+)", line)
        if m: out.setdefault(m[1], {})[m[2]] = (m[3], float(m[4]))
    return out

def measure(name):
    folder = os.path.join(runs, name)
    if not os.path.exists(os.path.join(folder, "summary.json")): return None
    m = pd.read_csv(os.path.join(folder, "metrics.csv"))
    c = pd.read_csv(os.path.join(folder, "clients.csv"))
    c = c[c.status == "accepted"]
    per_client = (c.work_ms + c.seal_ms).groupby([c["round"], c.client_id]).sum()
    per_round = per_client.groupby(level=0).median()
    later = lambda s: s[s.index >= 2] if (s.index >= 2).any() else s
    mi = m.set_index("round")
    last = m.iloc[-1]
    return {"rounds": len(m), "client_ms": later(per_round).median(),
            "aggregate_ms": later(mi.aggregate_ms).median(), "open_check_ms": later(mi.open_check_ms).median(),
            "round_ms": later(mi.round_ms).median(), "accuracy": last.test_accuracy,
            "eps_rdp": last.get("epsilon_rdp"), "eps_pld": last.get("epsilon_pld"), "metrics": m}

def fmt(v, digits=0, sign=False):
    if v is None or pd.isna(v): return "—"
    return f"{v:+,.{digits}f}" if sign else f"{v:,.{digits}f}"

def eps(v): return "—" if v is None or pd.isna(v) else f"{v:.4g}"

log = log_entries()
order = ["baseline", "cdp-0.1", "cdp-0.3", "cdp-1.0", "cdp-3.0", "cdp-adaptive-0.3", "secagg", "ddp-dg-0.3",
         "ddp-dg-1.0", "ddp-dg-3.0", "ddp-skellam-0.3", "median", "trimmed-mean", "krum", "multi-krum", "geometric-median", "norm-bounding"]
results = {}
for prefix, title in [("m100", "mlp2nn, 100 clients, 10 sampled a round (q = 0.1), bundled data, 10 rounds"),
                      ("cnn", "fmnist-cnn-fedavg cut to 3 rounds: CNN, 10 clients, all every round (q = 1), full Fashion-MNIST")]:
    variants = sorted({d[len(prefix) + 7:] for d in os.listdir(runs) if d.startswith(f"costs-{prefix}-") and os.path.isdir(os.path.join(runs, d))},
                      key=lambda v: order.index(v) if v in order else len(order))
    rows = {v: measure(f"costs-{prefix}-{v}") for v in variants}
    results[prefix] = rows
    names = [f"costs-{prefix}-{v}" for v in variants if f"costs-{prefix}-{v}" in log]
    starts = [log[n]["start"] for n in names if "start" in log[n]]
    ends = [log[n]["end"] for n in names if "end" in log[n]]
    loads = [x[1] for x in starts + ends]
    print(f"#### {title}\n")
    if starts and ends:
        print(f"Runs {min(s[0] for s in starts)} to {max(e[0] for e in ends)}, one at a time; 1-minute load average "
              f"{min(loads):.2f}-{max(loads):.2f} at the runs' starts and ends (shared 2-core machine).\n")
    print("| variant | rounds | client ms (work + seal) | Δ client | coordinator aggregate_ms | Δ aggregate | open_check_ms | Δ open_check | round_ms | Δ round | final accuracy | Δ accuracy (pp) | ε RDP | ε PLD |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for v in variants:
        r = rows[v]
        if r is None:
            print(f"| {describe(v)} | not finished (see RUNS/costs-{prefix}-{v}.out) | | | | | | | | | | | | |"); continue
        b = rows.get(baseline_of(v)) if baseline_of(v) else None
        d = lambda k, digits=0: fmt(r[k] - b[k], digits, True) if b else "—"
        print(f"| {describe(v)} | {r['rounds']} | {fmt(r['client_ms'])} | {d('client_ms')} | {fmt(r['aggregate_ms'])} | {d('aggregate_ms')} | "
              f"{fmt(r['open_check_ms'])} | {d('open_check_ms')} | {fmt(r['round_ms'])} | {d('round_ms')} | {100 * r['accuracy']:.2f} % | "
              f"{fmt(100 * (r['accuracy'] - b['accuracy']), 2, True) if b else '—'} | {eps(r['eps_rdp'])} | {eps(r['eps_pld'])} |")
    print()

# Accuracy against epsilon on the 100-client run: central DP and distributed DP (discrete Gaussian) at each noise level run
# (distributed DP at z = 0.1 cannot run at 32 bits: docs/BENCHMARKS.md says why).
rows = results.get("m100", {})
fig, (ax, per_round) = plt.subplots(1, 2, figsize=(12, 4.6))
print("#### Accuracy against epsilon, mlp2nn, 100 clients, q = 0.1, δ = 1e-5\n")
print("| mechanism | noise | rounds | final accuracy | ε RDP | ε PLD |")
print("|---|---:|---:|---:|---:|---:|")
base = rows.get("baseline")
if base: print(f"| none (FedAvg) | — | {base['rounds']} | {100 * base['accuracy']:.2f} % | — | — |")
for kind, label, colour in [("cdp", "central DP", "tab:blue"), ("ddp-dg", "distributed DP (discrete Gaussian)", "tab:red")]:
    points = []
    for level, style in [("0.1", "o"), ("0.3", "s"), ("1.0", "^"), ("3.0", "D")]:
        r = rows.get(f"{kind}-{level}")
        if not r: continue
        print(f"| {label} | {level} | {r['rounds']} | {100 * r['accuracy']:.2f} % | {eps(r['eps_rdp'])} | {eps(r['eps_pld'])} |")
        points.append((level, r))
        m = r["metrics"]
        per_round.plot(m.epsilon_rdp, 100 * m.test_accuracy, marker=style, color=colour, markersize=4, linewidth=1, label=f"{label}, noise {level}")
    if not points: continue
    ax.plot([r["eps_rdp"] for _, r in points], [100 * r["accuracy"] for _, r in points], marker="o", color=colour, label=f"{label}, RDP ε")
    if kind == "cdp":
        ax.plot([r["eps_pld"] for _, r in points], [100 * r["accuracy"] for _, r in points], marker="o", color=colour, linestyle=":", alpha=.6, label=f"{label}, PLD ε")
    for level, r in points:
        ax.annotate(f"{level}", (r["eps_rdp"], 100 * r["accuracy"]), textcoords="offset points", xytext=(5, 4), fontsize=8, color=colour)
for a in (ax, per_round):
    if base: a.axhline(100 * base["accuracy"], color="gray", linestyle="--", label=f"no DP, round {base['rounds']}")
    a.set_xscale("log"); a.set_ylabel("test accuracy (%)"); a.grid(alpha=.3)
ax.set_xlabel("ε after 10 rounds, δ = 1e-5 (Poisson assumption at q = 0.1)")
ax.set_title("after 10 rounds; labels: noise multiplier", fontsize=10); ax.legend(fontsize=8)
per_round.set_xlabel("RDP ε after each round"); per_round.set_title("round by round (rounds 1-10 along each line)", fontsize=10)
per_round.legend(fontsize=7)
fig.suptitle("mlp2nn, 100 clients, 10 sampled a round, clip norm 1, bundled Fashion-MNIST subset", fontsize=11)
fig.tight_layout(); fig.savefig(png, dpi=110)
print(f"\n(plot: {png})")
