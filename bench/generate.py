"""Generated corpora for parity tests and benchmarks, written for this project in the style of
provincial plans (no sentence is taken from real texts).

- `plan_texts(n)`: n plan documents ("Số: 12-KH/TU", "Thực hiện Nghị quyết số ...", numbered
  tasks citing directives), which go through the whole pipeline like real files.
- `graph_rows(n)`: n directives with citations and tasks as ready-made nodes and edges, for
  bulk-loading benchmarks at a scale where running the text pipeline would only measure itself.
"""

from __future__ import annotations

import random

from directive_graph.graph.model import Edge, EdgeType, Evidence, Label

PROVINCES = [
    "Quảng Nam", "Bắc Ninh", "Cần Thơ", "Huế", "Cà Mau", "Lào Cai", "Nghệ An", "Đồng Nai",
    "Khánh Hòa", "Gia Lai", "Sơn La", "Thái Bình", "An Giang", "Bình Định", "Hà Tĩnh",
]  # fmt: skip
TOPICS = [
    "công tác quy hoạch cán bộ", "luân chuyển cán bộ", "bảo vệ chính trị nội bộ",
    "tinh giản biên chế", "chuyển đổi số trong cơ quan đảng", "phát triển đảng viên",
    "kiểm tra, giám sát", "công tác dân vận", "văn thư, lưu trữ", "phòng, chống tham nhũng",
]  # fmt: skip
KINDS = [("Nghị quyết", "NQ"), ("Kết luận", "KL"), ("Chỉ thị", "CT"), ("Quy định", "QĐ")]
ISSUERS = ["Bộ Chính trị", "Ban Bí thư", "Ban Chấp hành Trung ương"]


def _central(rng: random.Random, n_central: int) -> tuple[str, str, int, str, str]:
    kind, abbr = rng.choice(KINDS)
    number = rng.randint(1, n_central)
    year = 2015 + number % 10
    date = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}"
    return kind, f"{number}-{abbr}/TW", year, date, rng.choice(ISSUERS)


def plan_texts(n: int, seed: int = 11, n_central: int = 400) -> list[tuple[str, str]]:
    """`n` plans of provincial committees; returns (file name, text) pairs."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        province = PROVINCES[i % len(PROVINCES)]
        year = 2016 + i % 9
        number = i // len(PROVINCES) + 1
        kind, code, _, date, issuer = _central(rng, n_central)
        topic = rng.choice(TOPICS)
        lines = [
            f"TỈNH ỦY {province.upper()}",
            "*",
            f"Số: {number}-KH/TU",
            "",
            f"{province}, ngày {rng.randint(1, 28)} tháng {rng.randint(1, 12)} năm {year}",
            "",
            "KẾ HOẠCH",
            f"Thực hiện {kind} số {code}, ngày {date} của {issuer} về {topic}",
            "",
        ]
        basis = [_central(rng, n_central) for _ in range(rng.randint(1, 3))]
        for b_kind, b_code, _, b_date, b_issuer in basis:
            lines.append(f"Căn cứ {b_kind} số {b_code}, ngày {b_date} của {b_issuer};")
        lines += ["", "I. NHIỆM VỤ, GIẢI PHÁP"]
        for t in range(1, rng.randint(3, 7)):
            t_kind, t_code, _, t_date, _ = _central(rng, n_central)
            verb = rng.choice(
                ["Tiếp tục thực hiện", "Tổ chức sơ kết 05 năm thực hiện", "Quán triệt"]
            )
            if rng.random() < 0.6:
                lines.append(
                    f"{t}. {verb} {t_kind} số {t_code}, ngày {t_date} về {rng.choice(TOPICS)}."
                )
            else:
                lines.append(f"{t}. Làm tốt {rng.choice(TOPICS)} trong năm {year}.")
            if rng.random() < 0.4:
                lines.append(f"- Tham mưu triển khai thực hiện {t_kind} số {t_code}.")
        lines += [
            "",
            "II. TỔ CHỨC THỰC HIỆN",
            "1. Ban Tổ chức Tỉnh ủy theo dõi, đôn đốc thực hiện.",
        ]
        out.append((f"ke-hoach-{i:05d}.txt", "\n".join(lines) + "\n"))
    return out


def graph_rows(
    n_directives: int, seed: int = 5, tasks_per_plan: int = 4
) -> tuple[list[tuple[str, Label, dict, dict]], list[Edge]]:
    """`n_directives` directives (a fifth of them plans implementing another directive, each
    plan with tasks), bodies, one document per plan, and their relationships."""
    rng = random.Random(seed)
    nodes: list[tuple[str, Label, dict, dict]] = []
    edges: list[Edge] = []
    bodies = [f"body-{i}" for i in range(50)]
    for b in bodies:
        nodes.append((b, Label.BODY, {"name": b}, {"gen": {"name": b}}))
    ids = []
    for i in range(n_directives):
        year = 2000 + i % 25
        did = f"{i}-nq-tw-{year}"
        ids.append(did)
        props = {"code": f"{i}-NQ/TW", "kind": "nghi_quyet", "number": str(i), "year": year,
                 "issued_on": f"{year}-01-{1 + i % 28:02d}", "issuer": bodies[i % 50],
                 "subject": rng.choice(TOPICS)}  # fmt: skip
        nodes.append((did, Label.DIRECTIVE, props, {"gen": props}))
        ev = Evidence("gen", i, i + 10, "", props["code"])
        edges.append(Edge(did, bodies[i % 50], EdgeType.ISSUED_BY, [ev]))
        for _ in range(2 if i else 0):  # each directive cites two earlier ones
            cited = ids[rng.randrange(i)]
            if cited != did:
                edges.append(
                    Edge(did, cited, EdgeType.CITES, [Evidence("gen", i, i + 20, "", "căn cứ")])
                )
    for i in range(0, n_directives, 5):
        plan, target = ids[i], ids[rng.randrange(n_directives)]
        if plan == target:
            continue
        doc = f"doc-gen-{i}"
        nodes.append((doc, Label.DOCUMENT, {"path": doc, "title": plan}, {}))
        ev = Evidence(doc, 0, 10, "", "thực hiện")
        edges.append(Edge(plan, target, EdgeType.IMPLEMENTS, [ev]))
        edges.append(Edge(doc, plan, EdgeType.IS_DIRECTIVE, [ev]))
        edges.append(Edge(doc, target, EdgeType.MENTIONS, [ev]))
        for t in range(1, tasks_per_plan + 1):
            tid = f"task-{doc}-{t}"
            props = {"ordinal": str(t), "text": rng.choice(TOPICS), "document": doc}
            nodes.append((tid, Label.TASK, props, {f"{doc}#task": props}))
            edges.append(Edge(doc, tid, EdgeType.HAS_TASK, [ev]))
            cited = ids[rng.randrange(n_directives)]
            edges.append(
                Edge(tid, cited, EdgeType.IMPLEMENTS, [Evidence(doc, t, t + 5, "", "thực hiện")])
            )
    return nodes, edges


# --- a realistic corpus of many kinds ---------------------------------------------------------

STATE = [
    ("Nghị định", "NĐ-CP", "Chính phủ"),
    ("Quyết định", "QĐ-TTg", "Thủ tướng Chính phủ"),
    ("Thông tư", "TT-BNV", "Bộ Nội vụ"),
    ("Thông tư", "TT-BTC", "Bộ Tài chính"),
    ("Nghị quyết", "NQ-CP", "Chính phủ"),
]
LAWS = ["Luật Cán bộ, công chức", "Luật Đất đai", "Luật Ngân sách nhà nước", "Luật Thanh tra",
        "Luật Tổ chức chính quyền địa phương", "Luật Quy hoạch"]  # fmt: skip
TERMS = {2011: "XI", 2016: "XII", 2021: "XIII"}
DATE_STYLES = (
    "{d}/{m}/{y}",
    "{d:02d}/{m:02d}/{y}",
    "{d}-{m}-{y}",
    "ngày {d} tháng {m:02d} năm {y}",
)


def _date(rng: random.Random, year: int) -> tuple[str, str]:
    d, m = rng.randint(1, 28), rng.randint(1, 12)
    style = rng.choice(DATE_STYLES)
    text = style.format(d=d, m=m, y=year)
    return (text if text.startswith("ngày") else f"ngày {text}"), f"{year}-{m:02d}-{d:02d}"


def _messy(rng: random.Random, text: str) -> str:
    """Line breaks, no-break spaces and en dashes where real copies put them."""
    roll = rng.random()
    if roll < 0.1:
        return text.replace(" số ", " số\n", 1)
    if roll < 0.15:
        return text.replace(" ", "\u00a0", 1)
    if roll < 0.2:
        return text.replace("-", " – ", 1)
    return text


def _citation(rng: random.Random, n_central: int) -> str:
    """One citation in one of the forms the extractor handles."""
    form = rng.random()
    term_year = rng.choice(list(TERMS))
    term = TERMS[term_year]
    year = term_year + rng.randint(0, 4)
    kind, abbr = rng.choice(KINDS)
    number = rng.randint(1, n_central)
    if form < 0.45:  # full Party form with date and issuer
        date, _ = _date(rng, year)
        return _messy(
            rng, f"{kind} số {number:02d}-{abbr}/TW, {date} của {rng.choice(ISSUERS)} khóa {term}"
        )
    if form < 0.7:  # state document with its year in the code
        s_kind, s_symbol, s_issuer = rng.choice(STATE)
        date, _ = _date(rng, year)
        return _messy(rng, f"{s_kind} số {number}/{year}/{s_symbol} {date} của {s_issuer}")
    if form < 0.8:  # short forms, some of them ambiguous across terms
        return rng.choice(
            [f"NQ {number}", f"Nghị quyết {number}", f"KL {number}", f"Chỉ thị số {number}"]
        )
    if form < 0.88:  # plenum and congress documents without a number
        return rng.choice(
            [
                f"Nghị quyết Trung ương {rng.randint(2, 8)} khóa {term}",
                f"Nghị quyết Đại hội {term} của Đảng",
            ]
        )
    if form < 0.94:  # a list sharing one type word
        return f"các {kind} số {number}-{abbr}/TW, {number + 1}-{abbr}/TW"
    law = rng.choice(LAWS)
    return f"{law} năm {rng.choice([2008, 2013, 2015, 2017, 2019, 2024])}"


def documents(n: int, seed: int = 17, n_central: int = 2000) -> list[tuple[str, str]]:
    """`n` documents of several kinds (plans, reports with results and tasks, provincial
    decisions with their legal bases), about five citations each, in every form."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        province = PROVINCES[i % len(PROVINCES)]
        year = 2016 + i % 9
        kind = ("plan", "report", "decision")[i % 3]
        head = [f"ỦY BAN NHÂN DÂN TỈNH {province.upper()}" if kind == "decision" else f"TỈNH ỦY {province.upper()}",
                "*"]  # fmt: skip
        number = i // len(PROVINCES) + 1
        head.append(
            f"Số: {number}/QĐ-UBND"
            if kind == "decision"
            else f"Số: {number}-{'KH' if kind == 'plan' else 'BC'}/TU"
        )
        head += [
            "",
            f"{province}, ngày {rng.randint(1, 28)} tháng {rng.randint(1, 12)} năm {year}",
            "",
        ]
        body: list[str] = []
        if kind == "decision":
            body += ["QUYẾT ĐỊNH", f"Về việc ban hành quy chế {rng.choice(TOPICS)}", ""]
            body += [f"Căn cứ {_citation(rng, n_central)};" for _ in range(3)]
            body += [
                "",
                "Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc.",
                "Điều 2. Quyết định có hiệu lực kể từ ngày ký.",
            ]
        elif kind == "plan":
            body += [
                "KẾ HOẠCH",
                f"Thực hiện {_citation(rng, n_central)} về {rng.choice(TOPICS)}",
                "",
            ]
            body += ["I. MỤC ĐÍCH, YÊU CẦU", f"1. Quán triệt {_citation(rng, n_central)}.", "",
                     "II. NHIỆM VỤ, GIẢI PHÁP"]  # fmt: skip
            for t in range(1, rng.randint(3, 6)):
                body.append(
                    f"{t}. Tiếp tục thực hiện {_citation(rng, n_central)} về {rng.choice(TOPICS)}."
                )
                if rng.random() < 0.5:
                    body.append(
                        f"a) Làm tốt {rng.choice(TOPICS)} trong quý {rng.choice(['I', 'II', 'III', 'IV'])}/{year}."
                    )
            body += [
                "",
                "III. TỔ CHỨC THỰC HIỆN",
                "1. Ban Tổ chức Tỉnh ủy theo dõi, đôn đốc thực hiện.",
            ]
        else:
            body += [
                "BÁO CÁO",
                f"Kết quả {rng.choice(TOPICS)} năm {year - 1} và phương hướng, nhiệm vụ năm {year}",
                "",
            ]
            body += ["I. KẾT QUẢ ĐẠT ĐƯỢC", f"1. Đã triển khai {_citation(rng, n_central)} đến các chi bộ.",
                     f"2. Kết nạp {rng.randint(100, 900)} đảng viên mới.", "",
                     f"II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {year}"]  # fmt: skip
            for t in range(1, rng.randint(3, 5)):
                verb = rng.choice(
                    ["Tổ chức sơ kết 05 năm thực hiện", "Tiếp tục quán triệt", "Làm tốt"]
                )
                body.append(f"{t}. {verb} {_citation(rng, n_central)}.")
        out.append((f"{kind}-{i:06d}.txt", "\n".join(head + body) + "\n"))
    return out


def write_documents(folder, n: int, seed: int = 17) -> int:
    """Write `documents(n)` into a folder; returns the bytes written."""
    from pathlib import Path

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for name, text in documents(n, seed):
        data = text.encode("utf-8")
        (folder / name).write_bytes(data)
        total += len(data)
    return total


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(
        description="Write N generated documents (texts in the style of provincial plans, with "
        "messy citations) into FOLDER, for benchmarks.",
        epilog="example: python bench/generate.py /tmp/docs 1000",
    )
    parser.add_argument("folder", help="where to write the texts (created if missing)")
    parser.add_argument("n", type=int, help="how many documents")
    parser.add_argument("--seed", type=int, default=17, help="random seed (default 17)")
    args = parser.parse_args()
    print(write_documents(args.folder, args.n, args.seed), "bytes")
