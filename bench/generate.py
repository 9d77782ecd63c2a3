"""Generated corpora for parity tests and benchmarks, written for this project in the style of
provincial plans (no sentence is taken from real texts).

- `plan_texts(n)`: n plan documents ("Số: 12-KH/TU", "Thực hiện Nghị quyết số ...", numbered
  tasks citing directives), which go through the whole pipeline like real files.
- `graph_rows(n)`: n directives with citations and tasks as ready-made nodes and edges, for
  bulk-loading benchmarks at a scale where running the text pipeline would only measure itself.
"""

from __future__ import annotations

import random

from graph.model import Edge, EdgeType, Evidence, Label

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
