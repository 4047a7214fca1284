#!/usr/bin/python3
"""Prints docs/security-analysis.md's summary table from the attack folders run-summary.sh writes.

Usage: summary-table.py RUNS    (RUNS/ATTACK-COLUMN/attack.json, one per cell)
Each cell is the attack's headline figure for that column's config; a cell that did not run says so.
"""
import json
import os
import sys

COLUMNS = [
    ("none", "none"),
    ("sealed-hpke-x25519", "sealed: HPKE X25519"),
    ("sealed-hpke-p256", "sealed: HPKE P-256"),
    ("sealed-rsa4096", "sealed: RSA-4096 OAEP"),
    ("sealed-xwing", "sealed: X-Wing"),
    ("secagg", "+ secure aggregation"),
    ("central-dp", "+ central DP"),
    ("distributed-dp", "+ distributed DP"),
    ("robust", "+ robust aggregation (median)"),
]


def eavesdrop(m):
    return f"{m['exact_fraction'] * 100:.2f} % of {m['weights_compared']:,} weights; entropy {m['body']['entropy_bits_per_byte']:.5f} bits/B"


def tamper(m):
    equal = "model equal" if m["models_equal"] else "MODEL DIFFERS"
    return f"{m['altering_refused']}/{m['altering_applied']} altered refused, {m['undetected']} undetected, {equal}"


def inversion(m):
    batch1 = [r for r in m["results"] if r["batch_size"] == 1]
    held = batch1[-1]  # the last view is what the column's defence leaves the coordinator
    return f"PSNR {held['mean_psnr']:.2f} dB, SSIM {held['mean_ssim']:.3f}"


def membership(m):
    lira = next(a for a in m["attacks"] if a["attack"] == "lira-online")
    text = f"LiRA AUC {lira['auc']:.3f}, TPR@1%FPR {lira['tpr_at1_percent_fpr'] * 100:.1f} %"
    if m.get("privacy"):
        text += f", eps {m['privacy']['epsilon_rdp']:.3g}"
    return text


def poisoning(m):
    runs = m["runs"]
    clean = next(r for r in runs if r["attackers"] == 0)
    backdoor = next(r for r in runs if r["behavior"].startswith("backdoor:") and r["attackers"] == 1)
    return f"backdoor {backdoor['targeted_success'] * 100:.2f} % at {backdoor['clean_accuracy'] * 100:.2f} % clean ({clean['clean_accuracy'] * 100:.2f} % unattacked)"


ROWS = [
    ("eavesdrop", "Eavesdropper: weights recovered exactly", eavesdrop),
    ("tamper", "Active network attacker", tamper),
    ("gradient-inversion", "Curious coordinator: gradient inversion, batch 1", inversion),
    ("membership-inference", "Membership inference on the published model", membership),
    ("poisoning", "Malicious client: 1 backdoor attacker of 10", poisoning),
]


def cell(runs, attack, column, render):
    path = os.path.join(runs, f"{attack}-{column}", "attack.json")
    if not os.path.exists(path):
        # A refused config leaves only the command's output, whose last line says why.
        out = os.path.join(runs, f"{attack}-{column}.out")
        if os.path.exists(out):
            with open(out) as f:
                lines = [line.strip() for line in f if line.strip()]
            if lines:
                return "refused: " + lines[-1].replace("|", "/")
        return "not run"
    with open(path) as f:
        record = json.load(f)
    return f"{render(record['metrics'])} ({record['wall_seconds']:.0f} s)"


def main():
    runs = sys.argv[1]
    print("| attack | " + " | ".join(title for _, title in COLUMNS) + " |")
    print("|---" * (len(COLUMNS) + 1) + "|")
    for attack, title, render in ROWS:
        print(f"| {title} | " + " | ".join(cell(runs, attack, column, render) for column, _ in COLUMNS) + " |")


if __name__ == "__main__":
    main()
