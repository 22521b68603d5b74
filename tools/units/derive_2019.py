#!/usr/bin/env python3
"""Derive Bắc Kạn's unit lists before 2025 and the 2020 merger's mapping in assets/units/.

Source: the dataset madnh/hanhchinhvn (https://github.com/madnh/hanhchinhvn, MIT licence as
its package.json, composer.json and bower.json declare), the statistics office's list of
units (danhmuchanhchinh.gso.gov.vn) as downloaded at several dates, read from a bare git
mirror with `git show <commit>:<path>`; each file names the commit it was read from.

What is derived from what:
  bac-kan-2019.csv
      the tree of province 06 before Nghị quyết 855/NQ-UBTVQH14 took effect (1 February
      2020): 122 communes. From dist/tinh_tp.json, dist/quan_huyen.json and
      dist/xa_phuong.json at commit fb0a4af (downloaded 2 February 2020, before the
      statistics office had entered the resolution).
  official-gso-2017-bac-kan.csv
      the same tree from the statistics office's own spreadsheet at commit 21d152e
      (excel_files/Danh sách quận huyện phường xã thuộc Tỉnh Bắc Kạn.xls, downloaded
      15 October 2017), parsed independently of the JSON files (with xlrd), so that the
      2019 tree can be checked against a second source.
  bac-kan-2020.csv
      the tree from 1 February 2020 until Nghị quyết 722/NQ-UBTVQH15 made Xã Vân Tùng a
      thị trấn (10 April 2023): 108 communes. From the dist/*.json files at commit 481e16a
      (downloaded 1 August 2021).
  bac-kan-2020-mapping.csv
      old -> new communes on 1 February 2020: the lines of Article 1 of Nghị quyết
      855/NQ-UBTVQH14 (10 January 2020), transcribed below (RESOLUTION_855), checked against
      the codes that end or change name between the two lists: every commune that ends or
      changes is in the resolution, and every line names units of the lists.

tree() and official_2017() take the province: tools/units/derive_thai_nguyen.py reads province 19
with them.

Usage: python3 tools/units/derive_2019.py [--repo GIT_DIR] [--out DIR]
Deterministic: the same commits give byte-identical files.
"""

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from derive import DEFAULT_OUT, tidy, write  # noqa: E402

DEFAULT_REPO = "/work/.mirror/madnh+hanhchinhvn/repo"
URL = "https://github.com/madnh/hanhchinhvn"
PROVINCE = "06"
BEFORE_855 = "fb0a4af"  # 2020-02-02
AFTER_855 = "481e16a"  # 2021-08-01
GSO_2017 = "21d152e"  # 2017-10-15
XLS = "excel_files/Danh sách quận huyện phường xã thuộc Tỉnh Bắc Kạn.xls"

# Nghị quyết 855/NQ-UBTVQH14, Article 1, as published (thuvienphapluat.vn; sotuphap.backan.gov.vn,
# 13/03/2020): new commune (code, name) <- old communes (code, name, whole|partial). "whole" is
# the resolution's "nhập toàn bộ diện tích tự nhiên, quy mô dân số"; "partial" where it moves
# only part of a commune ("điều chỉnh một phần"), or, for Phong Huân, where the published
# summaries say only that its area was adjusted: its share is not known, so its figures do
# not count in Yên Phong's (not comparable rather than wrong). A commune that took in another
# and kept its name and code maps into itself: it begins anew on 1 February 2020.
RESOLUTION_855 = [
    # Huyện Ba Bể
    (("01912", "Xã Thượng Giáo"), [("01903", "Xã Cao Trĩ", "whole"), ("01912", "Xã Thượng Giáo", "whole")]),
    # Huyện Ngân Sơn: Hiệp Lực from the whole of Hương Nê and Lãng Ngâm
    (("01960", "Xã Hiệp Lực"), [("01960", "Xã Lãng Ngâm", "whole"), ("01966", "Xã Hương Nê", "whole")]),
    # Huyện Bạch Thông
    (("01969", "Thị trấn Phủ Thông"),
     [("01969", "Thị trấn Phủ Thông", "whole"), ("01972", "Xã Phương Linh", "whole")]),
    (("01993", "Xã Tân Tú"), [("01987", "Xã Tú Trĩ", "whole"), ("01993", "Xã Tân Tiến", "whole")]),
    (("02005", "Xã Quân Hà"), [("01996", "Xã Quân Bình", "whole"), ("02005", "Xã Hà Vị", "whole")]),
    # Huyện Chợ Đồn
    (("02059", "Xã Đồng Thắng"), [("02056", "Xã Rã Bản", "whole"), ("02059", "Xã Đông Viên", "whole")]),
    (("02083", "Xã Yên Phong"), [("02074", "Xã Phong Huân", "partial"), ("02083", "Xã Yên Nhuận", "whole")]),
    # Huyện Chợ Mới
    (("02086", "Thị trấn Đồng Tâm"),
     [("02086", "Thị trấn Chợ Mới", "whole"), ("02128", "Xã Yên Đĩnh", "whole")]),
    (("02113", "Xã Thanh Thịnh"), [("02113", "Xã Nông Thịnh", "whole"), ("02119", "Xã Thanh Bình", "whole")]),
    # Huyện Na Rì
    (("02137", "Xã Văn Vũ"), [("02137", "Xã Vũ Loan", "whole"), ("02149", "Xã Văn Học", "partial")]),
    (("02140", "Xã Văn Lang"), [("02140", "Xã Lạng San", "whole"), ("02164", "Xã Ân Tình", "whole")]),
    (("02152", "Xã Cường Lợi"),
     [("02149", "Xã Văn Học", "partial"), ("02152", "Xã Cường Lợi", "whole"), ("02155", "Xã Lương Hạ", "partial")]),
    (("02155", "Thị trấn Yến Lạc"),
     [("02134", "Thị trấn Yến Lạc", "whole"), ("02155", "Xã Lương Hạ", "partial")]),
    (("02161", "Xã Sơn Thành"), [("02161", "Xã Lương Thành", "whole"), ("02167", "Xã Lam Sơn", "whole")]),
    (("02179", "Xã Trần Phú"), [("02179", "Xã Hữu Thác", "whole"), ("02182", "Xã Hảo Nghĩa", "whole")]),
]


class Repo:
    def __init__(self, git_dir):
        self.git_dir = git_dir

    def full(self, commit):
        return self.git("rev-parse", commit).decode().strip()

    def git(self, *args):
        return subprocess.run(["git", "-C", self.git_dir, *args], check=True, capture_output=True).stdout

    def json(self, commit, path):
        return json.loads(self.git("show", f"{commit}:{path}"))


def tree(repo, commit, province=PROVINCE):
    """Rows (level, gso, name, parent_gso) of a province (06) from the dist/*.json files."""
    prov = repo.json(commit, "dist/tinh_tp.json")[province]
    rows = [("province", province, tidy(prov["name_with_type"]), "")]
    districts = {k: v for k, v in repo.json(commit, "dist/quan_huyen.json").items() if v["parent_code"] == province}
    communes = repo.json(commit, "dist/xa_phuong.json")
    for d in sorted(districts):
        rows.append(("district", d, tidy(districts[d]["name_with_type"]), province))
        rows += sorted(("commune", k, tidy(v["name_with_type"]), d) for k, v in communes.items() if v["parent_code"] == d)
    return rows


def official_2017(repo, province=PROVINCE, xls=XLS):
    """Rows (gso, name, district_gso) of a province (06) from the statistics office's spreadsheet."""
    import xlrd  # only this file needs it: pip install xlrd

    data = repo.git("show", f"{GSO_2017}:{xls}")
    sheet = xlrd.open_workbook(file_contents=data, logfile=open("/dev/null", "w")).sheet_by_index(0)
    head = [str(c).strip() for c in sheet.row_values(0)]
    want = ["Tỉnh Thành Phố", "Mã TP", "Quận Huyện", "Mã QH", "Phường Xã", "Mã PX"]
    if head[:6] != want:
        sys.exit(f"{xls}: unexpected header {head}")
    rows, districts = [], {}
    for i in range(1, sheet.nrows):
        _, prov, dname, dcode, cname, ccode = [str(c).strip() for c in sheet.row_values(i)[:6]]
        if prov != province:
            sys.exit(f"{xls} row {i + 1}: province {prov}")
        districts[dcode] = tidy(dname)
        rows.append((ccode, tidy(cname), dcode))
    return [(d, n, province) for d, n in sorted(districts.items())] + sorted(rows)


def mapping_rows():
    rows = []
    for (new, new_name), olds in RESOLUTION_855:
        rows += [(o, oname, new, new_name, kind, "") for o, oname, kind in olds]
    return sorted(rows, key=lambda r: (r[2], r[0]))


def check(before, after, current, mapped, official):
    """The lists, the resolution's lines and the second source agree; fails on any breakage."""
    problems = []
    b = {r[1]: r[2] for r in before if r[0] == "commune"}
    a = {r[1]: r[2] for r in after if r[0] == "commune"}
    c = {r[1]: r[2] for r in current if r[0] == "commune"}
    if len(b) != 122 or len(a) != 108:
        problems.append(f"{len(b)} communes before, {len(a)} after (the resolution says 122 -> 108)")
    changed = {k for k in b if a.get(k) != b[k]}
    olds = {r[0] for r in mapped}
    news = {r[2] for r in mapped}
    for k in sorted(changed - olds):
        problems.append(f"{k} {b[k]} ends or changes but is not in the resolution")
    for o, oname, n, nname, _, _ in mapped:
        if b.get(o) != oname:
            problems.append(f"resolution: old {o} {oname} is {b.get(o)!r} in the 2019 list")
        if a.get(n) != nname:
            problems.append(f"resolution: new {n} {nname} is {a.get(n)!r} in the 2020 list")
    for k in sorted(set(a) - set(b) - news):
        problems.append(f"{k} {a[k]} is new in 2020 but not in the resolution")
    # The 2020 tree is the tree kttt loads until 30 June 2025, but for Vân Tùng (NQ 722/NQ-UBTVQH15).
    diff = sorted(k for k in a.keys() | c.keys() if a.get(k) != c.get(k))
    if diff != ["01954"] or (a["01954"], c["01954"]) != ("Xã Vân Tùng", "Thị trấn Vân Tùng"):
        problems.append(f"2020 list vs bac-kan-2004.csv: {[(k, a.get(k), c.get(k)) for k in diff]}")
    second = {r[0]: r[1] for r in official}
    first = {r[1]: r[2] for r in before if r[0] != "province"}
    for k in sorted(first.keys() | second.keys()):
        if first.get(k) != second.get(k):
            problems.append(f"2019 list vs the 2017 spreadsheet: {k}: {first.get(k)!r} != {second.get(k)!r}")
    report(problems)


def report(problems):
    """Prints the problems and fails on any, else says the checks passed."""
    for p in problems:
        print(f"PROBLEM: {p}")
    if problems:
        sys.exit(1)
    print("checks passed")


def read_current(out, name="bac-kan-2004.csv"):
    lines = [x for x in (out / name).read_text(encoding="utf-8").splitlines() if not x.startswith("#")]
    return [tuple(x.split(",")) for x in lines[1:]]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repo", default=DEFAULT_REPO, help="git dir of the madnh/hanhchinhvn mirror")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    args = ap.parse_args()
    repo = Repo(args.repo)
    gen = "generated by tools/units/derive_2019.py; do not edit by hand"
    scheme = "scheme: 2004 (codes of Quyết định 124/2004/QĐ-TTg, the pre-2025 list)"
    cols = ("level", "gso", "name", "parent_gso")

    def src(commit, when):
        return (f"madnh/hanhchinhvn at commit {repo.full(commit)}, MIT licence, {URL}; files dist/tinh_tp.json, "
                f"dist/quan_huyen.json, dist/xa_phuong.json (the statistics office's list as downloaded on {when})")

    before, after = tree(repo, BEFORE_855), tree(repo, AFTER_855)
    write(args.out, "bac-kan-2019.csv", [
        "Tỉnh Bắc Kạn before 1 February 2020 (Nghị quyết 855/NQ-UBTVQH14): the province, its "
        "district-level units and 122 communes, as they stood on 30 June 2019",
        f"source: {src(BEFORE_855, '2 February 2020, before it held the resolution')}",
        scheme, "valid_to: 2020-01-31", gen], cols, before)
    write(args.out, "bac-kan-2020.csv", [
        "Tỉnh Bắc Kạn from 1 February 2020 (Nghị quyết 855/NQ-UBTVQH14) to 9 April 2023, the day "
        "before Nghị quyết 722/NQ-UBTVQH15 made Xã Vân Tùng a thị trấn: 108 communes",
        f"source: {src(AFTER_855, '1 August 2021')}",
        scheme, "valid_to: 2023-04-09", gen], cols, after)
    mapped = mapping_rows()
    write(args.out, "bac-kan-2020-mapping.csv", [
        "Old -> new communes of Bắc Kạn on 1 February 2020; kind whole = the old commune's whole area "
        "went into the new one, partial = only part of it; share unknown, left empty",
        "source: Nghị quyết 855/NQ-UBTVQH14 (10 January 2020), Article 1, transcribed in "
        "tools/units/derive_2019.py and checked there against the codes that end or change between "
        f"bac-kan-2019.csv and bac-kan-2020.csv ({URL})",
        "from_scheme: 2004", "to_scheme: 2004", "effective: 2020-02-01",
        "resolution: 855/NQ-UBTVQH14 (10 January 2020)",
        "order: by new_gso, old_gso", gen],
        ("old_gso", "old_name", "new_gso", "new_name", "kind", "share"), mapped)
    official = official_2017(repo)
    write(args.out, "official-gso-2017-bac-kan.csv", [
        "The statistics office's list of Bắc Kạn's district-level units and communes, as of 15 October 2017",
        f"source: the spreadsheet {XLS} of madnh/hanhchinhvn at commit {repo.full(GSO_2017)}, MIT licence, "
        f"{URL} (downloaded from danhmuchanhchinh.gso.gov.vn); parsed independently of the dist/*.json files",
        "order: districts first, then communes by gso", gen], ("gso", "name", "parent_gso"), official)
    check(before, after, read_current(args.out), mapped, official)


if __name__ == "__main__":
    main()
