# Table and plot of docs/BENCHMARKS.md "Differential privacy" from the runs of experiments/configs/privacy/bench:
# /usr/bin/python3 experiments/privacy/central_dp_report.py OUT.png RUNS_DIR
import pandas as pd, matplotlib, os, sys
matplotlib.use("Agg")
import matplotlib.pyplot as plt
runs = sys.argv[2] if len(sys.argv) > 2 else "runs"
levels = [("none", "no DP"), ("0.1", "σ = 0.1"), ("0.3", "σ = 0.3"), ("1.0", "σ = 1.0")]
rows = []
fig, ax = plt.subplots(1, 2, figsize=(10, 4))
for key, label in levels:
    f = os.path.join(runs, f"dp-bench-{key}", "metrics.csv")
    if not os.path.exists(f): continue
    m = pd.read_csv(f)
    if len(m) == 0: continue
    last = m.iloc[-1]
    r5 = m[m["round"] == 5].test_accuracy.iloc[0] if (m["round"] == 5).any() else float("nan")
    rows.append((label, len(m), r5, last.test_accuracy, last.get("epsilon_rdp"), last.get("epsilon_pld"), m.aggregate_ms.median(), m.aggregate_ms.iloc[1:].median() if len(m) > 1 else float("nan")))
    ax[0].plot(m["round"], 100 * m.test_accuracy, marker="o", label=label)
    if key != "none":
        ax[1].plot(m["round"], m.epsilon_pld, marker="o", label=f"{label} PLD")
        ax[1].plot(m["round"], m.epsilon_rdp, linestyle="--", label=f"{label} RDP")
ax[0].set_xlabel("round"); ax[0].set_ylabel("test accuracy (%)"); ax[0].legend(); ax[0].grid(alpha=.3)
ax[1].set_xlabel("round"); ax[1].set_ylabel("epsilon at δ = 1e-5"); ax[1].set_yscale("log"); ax[1].legend(fontsize=7); ax[1].grid(alpha=.3)
fig.suptitle("Central DP-FedAvg, mlp2nn, 10 clients, q = 1, S = 1 (bundled Fashion-MNIST subset)")
fig.tight_layout(); fig.savefig(sys.argv[1], dpi=110)
print("| noise | rounds | test accuracy, round 5 | final test accuracy | ε RDP (final) | ε PLD (final) | aggregate_ms median | median, rounds 2+ |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    eps = lambda v: "—" if pd.isna(v) else f"{v:.4g}"
    print(f"| {r[0]} | {r[1]} | {100*r[2]:.2f} % | {100*r[3]:.2f} % | {eps(r[4])} | {eps(r[5])} | {r[6]:.0f} | {r[7]:.0f} |")
