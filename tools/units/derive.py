#!/usr/bin/env python3
"""Derive the administrative-unit CSV files in assets/units/ for Bắc Kạn and Thái Nguyên.

Source: the dataset dvhcvn/20250701 (https://github.com/dvhcvn/20250701, MIT licence),
read from a bare git mirror with `git show <commit>:<path>`; the commit used is written
into every output file. Nothing else is read.

What is derived from what:
  bac-kan-2004.csv, thai-nguyen-2004.csv
      the old tree (before 1 July 2025; codes of Quyết định 124/2004/QĐ-TTg) of provinces
      06 and 19: the codes from the paths output/<pp>/<ddd>/<ccccc>.json, the names from
      the "address" field of those files and of output/<pp>.json.
  thai-nguyen-2025.csv, thai-nguyen-2025-mapping.csv
      the new Thái Nguyên (from 1 July 2025; codes of Quyết định 19/2025/QĐ-TTg) and the
      old -> new mapping, from mapping/merges.json (level1_id 19). dvhcvn builds it from
      Nghị quyết 1683/NQ-UBTVQH15 (16 June 2025) and Công văn 1027/CTK-CSCL.
  official-1027-thai-nguyen.csv
      the rows of province 19 in the table of Công văn 1027/CTK-CSCL (input/docs/
      1027_CTK-CSCL.md) and the province code from Công văn 915/CTK-CSCL
      (input/docs/915_CTK-CSCL.csv), parsed independently of merges.json so that the new
      tree can be checked against a second source.

Usage: python3 tools/units/derive.py [--repo GIT_DIR] [--out DIR]
Deterministic: the same commit gives byte-identical files.
"""

import argparse
import csv
import io
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

DEFAULT_REPO = "/work/.mirror/dvhcvn+20250701/repo"
DEFAULT_OUT = Path(__file__).resolve().parents[2] / "assets" / "units"
URL = "https://github.com/dvhcvn/20250701"
NEW_PROVINCE = "19"
PREFIXES = ("Thành phố", "Thị trấn", "Thị xã", "Tỉnh", "Huyện", "Quận", "Phường", "Xã")


def clean(text):
    """NFC, line breaks of the markdown tables as spaces, single spaces."""
    return unicodedata.normalize("NFC", " ".join(text.replace("<br>", " ").split()))


def tidy(name):
    """clean(), and the unit prefix capitalised as in the official lists."""
    name = clean(name)
    for p in PREFIXES:
        if name.lower().startswith(p.lower() + " "):
            return p + name[len(p):]
    return name


class Repo:
    def __init__(self, git_dir):
        self.git_dir = git_dir
        self.commit = self.git("rev-parse", "HEAD").strip()

    def git(self, *args):
        out = subprocess.run(["git", "-C", self.git_dir, *args], check=True, capture_output=True)
        return out.stdout.decode("utf-8")

    def show(self, path):
        return self.git("show", f"{self.commit}:{path}")

    def files(self, prefix):
        return sorted(self.git("ls-tree", "-r", "--name-only", self.commit, prefix).splitlines())


def old_tree(repo, prov):
    """Rows (level, gso, name, parent_gso) of an old province, its districts and communes."""
    pname = tidy(json.loads(repo.show(f"output/{prov}.json"))["address"])
    districts, communes = {}, []
    for path in repo.files(f"output/{prov}/"):
        m = re.fullmatch(rf"output/{prov}/(\d{{3}})/(\d{{5}})\.json", path)
        if not m:
            sys.exit(f"unexpected file {path}")
        dist, code = m.groups()
        parts = [tidy(p) for p in json.loads(repo.show(path))["address"].split(",")]
        if len(parts) != 3 or parts[2] != pname:
            sys.exit(f"{path}: unexpected address {parts}")
        if districts.setdefault(dist, parts[1]) != parts[1]:
            sys.exit(f"{path}: district {dist} named both {districts[dist]} and {parts[1]}")
        communes.append((code, parts[0], dist))
    rows = [("province", prov, pname, "")]
    for dist in sorted(districts):
        rows.append(("district", dist, districts[dist], prov))
        rows += [("commune", c, n, d) for c, n, d in sorted(communes) if d == dist]
    return rows


def new_province(repo):
    merges = json.loads(repo.show("mapping/merges.json"))["data"]
    (p,) = [p for p in merges if p["level1_id"] == NEW_PROVINCE]
    return p


def new_tree(prov):
    rows = [("province", prov["level1_id"], tidy(prov["name"]), "")]
    units = sorted((u["level2_id"], tidy(u["name"])) for u in prov["level2s"])
    return rows + [("commune", c, n, prov["level1_id"]) for c, n in units]


KIND = {"full": "whole", "partial": "partial"}


def mapping(prov):
    new_id, new_name = prov["level1_id"], tidy(prov["name"])
    head = sorted((m["old_id"], tidy(m["name"]), new_id, new_name, KIND[m["type"]], "")
                  for m in prov["merges"])
    body = sorted(
        (m["old_id"], tidy(m["name"]), u["level2_id"], tidy(u["name"]), KIND[m["type"]], "")
        for u in prov["level2s"] for m in u["merges"])
    body.sort(key=lambda r: (r[2], r[0]))
    return head + body


def official(repo):
    """Rows (gso, name) of the new province from 1027_CTK-CSCL.md and 915_CTK-CSCL.csv."""
    provinces = {r[1]: r[2] for r in csv.reader(io.StringIO(repo.show("input/docs/915_CTK-CSCL.csv")))}
    short = tidy(provinces[NEW_PROVINCE])
    section, rows, full = None, {}, set()
    for line in repo.show("input/docs/1027_CTK-CSCL.md").splitlines():
        cells = [clean(c) for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) != 4:
            continue
        stt, code, name, prov = cells
        if not stt and not code and name and name == name.upper():
            section = name
        elif re.fullmatch(r"\d{5}", code) and prov.endswith(" " + short):
            if section != prov.upper():
                sys.exit(f"1027: row {stt} {code} {name} ({prov}) under section {section}")
            if code in rows:
                sys.exit(f"1027: code {code} listed twice")
            rows[code] = tidy(name)
            full.add(tidy(prov))
    if len(full) != 1:
        sys.exit(f"1027: province column gives {sorted(full)} for {short}")
    return [(NEW_PROVINCE, full.pop())] + sorted(rows.items())


def write(out, name, comments, header, rows):
    buf = io.StringIO()
    for c in comments:
        buf.write(f"# {c}\n")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    (out / name).write_text(unicodedata.normalize("NFC", buf.getvalue()), encoding="utf-8", newline="\n")
    print(f"wrote {out / name}: {len(rows)} rows")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repo", default=DEFAULT_REPO, help="git dir of the dvhcvn/20250701 mirror")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    args = ap.parse_args()
    repo = Repo(args.repo)
    args.out.mkdir(parents=True, exist_ok=True)
    src = f"dvhcvn/20250701 at commit {repo.commit}, MIT licence, {URL}"
    gen = "generated by tools/units/derive.py; do not edit by hand"
    old_cols = ("level", "gso", "name", "parent_gso")

    old = {}
    for prov, fname in (("06", "bac-kan-2004.csv"), ("19", "thai-nguyen-2004.csv")):
        old[prov] = old_tree(repo, prov)
        write(args.out, fname, [
            f"{old[prov][0][2]} before 1 July 2025: the province, its district-level units and communes",
            f"source: {src}; files output/{prov}.json and output/{prov}/*/*.json (codes from the paths, "
            "names from the address field); codes of the official list of Quyết định 124/2004/QĐ-TTg",
            "scheme: 2004 (codes of Quyết định 124/2004/QĐ-TTg, the pre-2025 list)",
            "valid_to: 2025-06-30", gen], old_cols, old[prov])

    prov = new_province(repo)
    docs = ("Nghị quyết 1683/NQ-UBTVQH15 (16 June 2025), Công văn 1027/CTK-CSCL (25 June 2025) "
            "and 915/CTK-CSCL of the statistics office")
    tree = new_tree(prov)
    write(args.out, "thai-nguyen-2025.csv", [
        "Thái Nguyên from 1 July 2025: the province and its commune-level units",
        f"source: {src}; file mapping/merges.json (level1_id {NEW_PROVINCE}); official documents: {docs}",
        "scheme: 2025 (codes of Quyết định 19/2025/QĐ-TTg)",
        "valid_from: 2025-07-01",
        "resolution: 1683/NQ-UBTVQH15 (16 June 2025)", gen], old_cols, tree)

    mapped = mapping(prov)
    write(args.out, "thai-nguyen-2025-mapping.csv", [
        "Old (2004 scheme) -> new (2025 scheme) units of Thái Nguyên; kind whole = the old unit's "
        "whole area went into the new unit, partial = only part of it; share unknown, left empty",
        f"source: {src}; file mapping/merges.json (level1_id {NEW_PROVINCE}, type full -> whole, "
        f"partial -> partial); official documents: {docs}",
        "from_scheme: 2004", "to_scheme: 2025", "effective: 2025-07-01",
        "resolution: 1683/NQ-UBTVQH15 (16 June 2025)",
        "order: province rows first, then by new_gso, old_gso", gen],
        ("old_gso", "old_name", "new_gso", "new_name", "kind", "share"), mapped)

    off = official(repo)
    write(args.out, "official-1027-thai-nguyen.csv", [
        "Official list of the commune-level units of Thái Nguyên from 1 July 2025",
        "source: Công văn 1027/CTK-CSCL (25 June 2025, Cục Thống kê), Phụ lục I, rows of Tỉnh Thái Nguyên, "
        "and Công văn 915/CTK-CSCL (province code), as transcribed in dvhcvn/20250701 "
        f"input/docs/1027_CTK-CSCL.md and input/docs/915_CTK-CSCL.csv (commit {repo.commit}, "
        f"MIT licence, {URL}); parsed independently of mapping/merges.json",
        "scheme: 2025 (codes of Quyết định 19/2025/QĐ-TTg)", "valid_from: 2025-07-01",
        "order: province row first, then by gso", gen], ("gso", "name"), off)

    check(old, tree, mapped, off)


def check(old, tree, mapped, off):
    """Consistency checks between the generated tables; prints findings, fails on breakage."""
    problems = []
    new_codes = {r[1] for r in tree if r[0] == "commune"}
    mapped_old = {r[0] for r in mapped}
    if any(r[2] not in {x[1] for x in tree} for r in mapped):
        problems.append("mapping has a new_gso not in thai-nguyen-2025.csv")
    for prov, rows in old.items():
        missing = [r[1] for r in rows if r[0] == "commune" and r[1] not in mapped_old]
        if missing:
            problems.append(f"old communes of {prov} missing from mapping: {missing}")
    unmapped_new = new_codes - {r[2] for r in mapped}
    if unmapped_new:
        problems.append(f"new units with no old unit: {sorted(unmapped_new)}")
    a, b = {r[1]: r[2] for r in tree}, dict(off)
    for code in sorted(a.keys() | b.keys()):
        if a.get(code) != b.get(code):
            problems.append(f"merges.json vs 1027: {code}: {a.get(code)!r} != {b.get(code)!r}")
    for r in mapped:
        if r[4] == "partial":
            print(f"note: partial {r[0]} {r[1]} -> {r[2]} {r[3]}")
    for p in problems:
        print(f"PROBLEM: {p}")
    if problems:
        sys.exit(1)
    print("checks passed")


if __name__ == "__main__":
    main()
