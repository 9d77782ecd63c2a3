"""Loading a national registry in the vbpl metadata layout: rows per second, end to end.

Writes a synthetic vbpl registry (171,000 rows by default: the types, symbols, bodies and
effect statuses of the national database, dates in four styles, about 1% junk rows) as CSV and
as JSON lines into a temporary folder, then loads each with the command line, in a subprocess,
into a fresh embedded store:

    .venv/bin/python bench/registry_load.py [--rows 171000] [--keep DIR]

Beside each load it prints a reference measured in the same run, on the same file: the time to
parse it alone (csv.reader, or json.loads per line), so a slow machine moves both figures. It
then loads the same file again (unchanged: skipped) and prints that time too. Exits 1 when the
CSV load (`directive-graph load national.csv`, the case the floor is set for) is under 20,000
rows/s, or when a load does not keep the rows it should or a reload is not skipped.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOOR = 20_000  # rows per second, end to end

COLUMNS = (
    "id", "so_ky_hieu", "loai_van_ban", "ngay_ban_hanh", "co_quan_ban_hanh", "nguoi_ky",
    "tinh_trang_hieu_luc", "ngay_co_hieu_luc", "ngay_het_hieu_luc", "linh_vuc", "trich_yeu",
)  # fmt: skip
MINISTRIES = [
    ("BTC", "Bộ Tài chính"), ("BYT", "Bộ Y tế"), ("BGDĐT", "Bộ Giáo dục và Đào tạo"),
    ("BCA", "Bộ Công an"), ("BQP", "Bộ Quốc phòng"), ("BTP", "Bộ Tư pháp"),
    ("BCT", "Bộ Công Thương"), ("BXD", "Bộ Xây dựng"), ("BGTVT", "Bộ Giao thông vận tải"),
    ("BNNPTNT", "Bộ Nông nghiệp và Phát triển nông thôn"), ("BNV", "Bộ Nội vụ"),
    ("BTNMT", "Bộ Tài nguyên và Môi trường"), ("BLĐTBXH", "Bộ Lao động - Thương binh và Xã hội"),
    ("BVHTTDL", "Bộ Văn hóa, Thể thao và Du lịch"), ("BTTTT", "Bộ Thông tin và Truyền thông"),
    ("BKHCN", "Bộ Khoa học và Công nghệ"), ("BKHĐT", "Bộ Kế hoạch và Đầu tư"),
]  # fmt: skip
PROVINCES = ["Hà Nội", "Bắc Ninh", "Thừa Thiên Huế", "Cần Thơ", "Đà Nẵng", "Nghệ An", "Lào Cai"]
STATUSES = ["Còn hiệu lực"] * 6 + ["Hết hiệu lực toàn bộ"] * 2 + [
    "Hết hiệu lực một phần", "Chưa có hiệu lực", "Ngưng hiệu lực",
]  # fmt: skip
FIELDS_OF_LAW = ["Thuế - Phí - Lệ phí", "Y tế", "Giáo dục", "Đất đai", "Bộ máy hành chính",
                 "Giao thông - Vận tải", "Tài chính nhà nước", "Lao động - Tiền lương"]  # fmt: skip
SUBJECTS = [
    "quản lý, sử dụng tài sản công", "phòng, chống dịch bệnh truyền nhiễm",
    "xử phạt vi phạm hành chính trong lĩnh vực thuế", "tổ chức và hoạt động của thanh tra",
    "chế độ tiền lương đối với cán bộ, công chức, viên chức", "đăng ký doanh nghiệp",
    "đầu tư công trung hạn giai đoạn 2021 - 2025", "bảo vệ môi trường", "giá đất cụ thể",
    "chương trình mục tiêu quốc gia xây dựng nông thôn mới", "an toàn thực phẩm",
    "kiểm soát thủ tục hành chính", "đào tạo, bồi dưỡng cán bộ, công chức",
]  # fmt: skip
LAWS = ["Đất đai", "Đầu tư công", "Cán bộ, công chức", "Doanh nghiệp", "Bảo hiểm xã hội",
        "Giáo dục", "Xây dựng", "Ngân sách nhà nước", "Thuế thu nhập cá nhân", "Quy hoạch"]  # fmt: skip
# (loai_van_ban as vbpl writes it, share, how its symbol and issuer are made)
TYPES = [
    ("Quyết định", 30, "qd"), ("Thông tư", 16, "tt"), ("Nghị định", 8, "nd"),
    ("Công văn", 10, "cv"), ("Nghị quyết", 6, "nq"), ("Chỉ thị", 3, "ct"),
    ("Thông tư liên tịch", 3, "ttlt"), ("Kế hoạch", 5, "kh"), ("Thông báo", 4, "tb"),
    ("Văn bản hợp nhất", 3, "vbhn"), ("Luật", 1, "luat"), ("Pháp lệnh", 0.3, "pl"),
    ("Lệnh", 0.4, "lenh"), ("Hướng dẫn", 1.5, "hd"), ("Công điện", 1, "cd"),
    ("Quy định", 1, "qdi"), ("Chương trình", 1, "ctr"), ("Bộ luật", 0.1, "bl"),
    ("Sắc lệnh", 0.1, "sl"),
]  # fmt: skip
# other spellings of a type word, as exports write them
VARIANTS = {"Quyết định": ["QUYẾT ĐỊNH", "quyết định", "Quyết định"],
            "Thông tư": ["THÔNG TƯ", "Thông  tư"]}  # fmt: skip


def _date(rng: random.Random, year: int) -> tuple[int, int, int]:
    month = rng.randint(1, 12)
    return year, month, rng.randint(1, 28)


def _styled(rng: random.Random, ymd: tuple[int, int, int]) -> str:
    y, m, d = ymd
    style = rng.random()
    if style < 0.4:
        return f"{y:04d}-{m:02d}-{d:02d}"
    if style < 0.7:
        return f"{d:02d}/{m:02d}/{y:04d}"
    if style < 0.85:
        return f"{d}/{m}/{y}"
    return f"{y:04d}-{m:02d}-{d:02d}T00:00:00"


def generate_rows(n: int, seed: int = 7) -> list[dict]:
    """`n` vbpl rows, about 1% of them junk (unknown types, no so_ky_hieu, impossible dates)."""
    rng = random.Random(seed)
    names = [t[0] for t in TYPES]
    weights = [t[1] for t in TYPES]
    how = {t[0]: t[2] for t in TYPES}
    counters: dict[tuple, int] = {}
    rows = []
    for i in range(n):
        loai = rng.choices(names, weights)[0]
        year = rng.randint(1995, 2025)
        ymd = _date(rng, year)
        ministry, ministry_name = rng.choice(MINISTRIES)
        kind = how[loai]
        subject = rng.choice(SUBJECTS)
        title = f"Về {subject}"
        issuer = ministry_name
        with_year = True
        if kind == "nd":
            symbol, issuer, title = "NĐ-CP", "Chính phủ", f"Quy định chi tiết về {subject}"
        elif kind == "tt":
            symbol, title = f"TT-{ministry}", f"Hướng dẫn {subject}"
        elif kind == "ttlt":
            other, other_name = rng.choice(MINISTRIES)
            symbol = f"TTLT-{ministry}-{other}"
            issuer = f"{ministry_name}; {other_name}"
        elif kind == "qd":
            if rng.random() < 0.85:
                symbol, issuer, with_year = "QĐ-TTg", "Thủ tướng Chính phủ", rng.random() < 0.2
            else:
                symbol, with_year = "QĐ-UBND", False
                province = rng.choice(PROVINCES)
                issuer = f"Ủy ban nhân dân tỉnh {province}"
                title = f"Về {subject} trên địa bàn tỉnh {province}"
        elif kind == "nq":
            if rng.random() < 0.5:
                symbol, issuer, with_year = "NQ-CP", "Chính phủ", False
            else:
                symbol, issuer = f"QH{13 + (year >= 2016) + (year >= 2021)}", "Quốc hội"
        elif kind in ("luat", "bl"):
            symbol, issuer = f"QH{13 + (year >= 2016) + (year >= 2021)}", "Quốc hội"
            law = rng.choice(LAWS)
            title = (
                law if rng.random() < 0.6 else f"{'Luật' if kind == 'luat' else 'Bộ luật'} {law}"
            )
        elif kind == "pl":
            symbol, issuer = "UBTVQH14", "Ủy ban Thường vụ Quốc hội"
            title = f"Pháp lệnh {rng.choice(LAWS)}" if rng.random() < 0.5 else rng.choice(LAWS)
        elif kind == "lenh":
            symbol, issuer = "L-CTN", "Chủ tịch nước"
            title = f"Về việc công bố Luật {rng.choice(LAWS)}"
        elif kind == "sl":
            symbol, issuer, with_year, year = "SL", "Chủ tịch nước", False, rng.randint(1945, 1959)
            ymd = _date(rng, year)
        elif kind == "ct":
            symbol, issuer, with_year = "CT-TTg", "Thủ tướng Chính phủ", False
        elif kind == "vbhn":
            symbol, with_year = f"VBHN-{ministry}", False
        elif kind == "cv":
            symbol, with_year = f"{ministry}-{rng.choice(['TCT', 'KHTC', 'PC', 'VP'])}", False
        elif kind == "cd":
            symbol, issuer, with_year = "CĐ-TTg", "Thủ tướng Chính phủ", False
        else:  # kế hoạch, thông báo, hướng dẫn, quy định, chương trình
            prefix = {"kh": "KH", "tb": "TB", "hd": "HD", "qdi": "QĐ", "ctr": "CTr"}[kind]
            symbol, with_year = f"{prefix}-{ministry}", False
            if kind == "tb":
                symbol, issuer = "TB-VPCP", "Văn phòng Chính phủ"
        key = (symbol, year)  # numbers restart every year
        number = counters[key] = counters.get(key, 0) + rng.randint(1, 3)
        numbered = f"{number:02d}" if kind in ("tt", "ttlt") else str(number)
        code = f"{numbered}/{year}/{symbol}" if with_year else f"{numbered}/{symbol}"
        effective = (ymd[0], ymd[1], min(28, ymd[2] + rng.randint(0, 3)))
        status = rng.choice(STATUSES)
        until = ""
        if status.startswith("Hết"):
            until = _styled(rng, (min(2025, ymd[0] + rng.randint(1, 8)), ymd[1], ymd[2]))
        row = {
            "id": str(100000 + i),
            "so_ky_hieu": code if rng.random() > 0.05 else f" {code.replace('/', '/ ', 1)} ",
            "loai_van_ban": rng.choice(VARIANTS.get(loai, [loai])),
            "ngay_ban_hanh": _styled(rng, ymd),
            "co_quan_ban_hanh": issuer,
            "nguoi_ky": rng.choice(["Nguyễn Văn A", "Trần Thị B", "Lê Minh C", "Phạm Đức D"]),
            "tinh_trang_hieu_luc": status,
            "ngay_co_hieu_luc": _styled(rng, effective) if rng.random() < 0.9 else "",
            "ngay_het_hieu_luc": until,
            "linh_vuc": rng.choice(FIELDS_OF_LAW),
            "trich_yeu": title,
        }
        junk = rng.random()
        if junk < 0.004:
            row["loai_van_ban"] = rng.choice(["Văn bản khác", "Điều ước quốc tế", "Sắc luật"])
        elif junk < 0.007:
            row["so_ky_hieu"] = ""
        elif junk < 0.009:
            row["so_ky_hieu"] = rng.choice(["Không số", "Khongso", "???"])
        elif junk < 0.010:
            row["ngay_ban_hanh"] = rng.choice(["31/02/2021", "2021-13-01", "00/00/0000"])
        rows.append(row)
    return rows


def write_csv(rows: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def write_jsonl(rows: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps({k: (v or None) for k, v in row.items()}, ensure_ascii=False))
            f.write("\n")


def parse_seconds(path: Path) -> float:
    """The reference: reading and parsing the file alone, best of three."""
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".csv":
            rows = list(csv.reader(io.StringIO(text)))
        else:
            rows = [json.loads(line) for line in text.splitlines() if line]
        best = min(best, time.perf_counter() - t0)
        del rows, text
    return best


def load(path: Path, data: Path) -> tuple[float, dict]:
    """`directive-graph load PATH --data DATA --json` in a subprocess: seconds and its report."""
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "directive_graph.api.cli", "load", str(path), "--data", str(data),
         "--json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        sys.exit(f"load of {path} failed ({done.returncode}): {done.stderr.strip()}")
    return seconds, json.loads(done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=171_000)
    parser.add_argument("--keep", help="write the files and stores here (kept afterwards)")
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="registry-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        t0 = time.perf_counter()
        rows = generate_rows(args.rows)
        files = [folder / "national.csv", folder / "national.jsonl"]
        write_csv(rows, files[0])
        write_jsonl(rows, files[1])
        del rows
        print(f"generated {args.rows:,} vbpl rows in {time.perf_counter() - t0:.1f} s: "
              + ", ".join(f"{p.name} {p.stat().st_size / 1e6:.1f} MB" for p in files))  # fmt: skip
        failed = False
        for path in files:
            data = folder / f"data-{path.suffix[1:]}"
            shutil.rmtree(data, ignore_errors=True)
            reference = parse_seconds(path)
            seconds, report = load(path, data)
            again, second = load(path, data)
            rate = args.rows / seconds
            kept, rejected = report["registry_rows_kept"], report["registry_rows_rejected"]
            print(
                f"{path.name:15s} load {seconds:6.2f} s = {rate:9,.0f} rows/s   "
                f"(parse alone {reference:5.2f} s = {args.rows / reference:9,.0f} rows/s; "
                f"load/parse {seconds / reference:4.1f}x)   reload (unchanged) {again:5.2f} s"
            )
            print(
                f"{'':15s} rows {report['registry_rows_read']:,}, kept {kept:,}, rejected "
                f"{sum(rejected.values()):,} {dict(rejected)}, dates dropped "
                f"{report['registry_dates_dropped']:,}; nodes new {report['directives_new']:,}, "
                f"edges new {report['edges_new']:,}"
            )
            if rate < FLOOR and path.suffix == ".csv":
                print(f"  FAIL: under the floor of {FLOOR:,} rows/s")
                failed = True
            if not 0.95 * args.rows < kept < args.rows or second["documents_unchanged"] != 1:
                print("  FAIL: not the rows expected kept, or the reload was not skipped")
                failed = True
        return 1 if failed else 0
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
