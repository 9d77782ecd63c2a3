"""Synthetic but realistic text for benchmarks and the linear-time test: report prose written for
this project, with one directive citation every ~2 KB (about the density of real reports)."""

from __future__ import annotations

import random

PROSE = [
    "Công tác tổ chức xây dựng Đảng tiếp tục được các cấp ủy quan tâm lãnh đạo, chỉ đạo sát sao.",
    "Các địa phương đã chủ động rà soát, bổ sung kế hoạch công tác, bảo đảm tiến độ đề ra.",
    "Việc đánh giá, xếp loại chất lượng tổ chức cơ sở đảng và đảng viên được thực hiện nghiêm túc.",
    "Trong kỳ, toàn khu vực đã cử 1.250 lượt cán bộ đi đào tạo, bồi dưỡng lý luận chính trị.",
    "Công tác kiểm tra, giám sát được tăng cường, kịp thời chấn chỉnh những hạn chế, thiếu sót.",
    "Nhiều mô hình mới, cách làm hay được nhân rộng, tạo sức lan tỏa trong toàn ngành.",
    "Tuy nhiên, một số nơi còn lúng túng trong triển khai, chất lượng sinh hoạt chi bộ chưa đều.",
    "Đội ngũ cán bộ làm công tác tham mưu cơ bản đáp ứng yêu cầu nhiệm vụ trong tình hình mới.",
    "Trong 06 tháng cuối năm, các đơn vị tập trung hoàn thành 05 nhóm nhiệm vụ trọng tâm.",
    "Ban Thường vụ các huyện ủy đã ban hành quy định về phân cấp quản lý cán bộ theo thẩm quyền.",
    "Công tác phát triển đảng viên đạt 103% chỉ tiêu năm, chất lượng đảng viên mới được nâng lên.",
    "Các cơ quan, đơn vị phối hợp chặt chẽ, thường xuyên trao đổi thông tin, tháo gỡ vướng mắc.",
    "Kết quả trên tạo tiền đề để thực hiện thắng lợi các mục tiêu giai đoạn 2021 - 2025.",
    "Hội nghị đã thảo luận, thống nhất các giải pháp khắc phục hạn chế trong thời gian tới.",
]

CITATIONS = [
    "Nghị quyết số 18-NQ/TW, ngày 25/10/2017 của Ban Chấp hành Trung ương khóa XII",
    "Kết luận số 21-KL/TW của Ban Chấp hành Trung ương Đảng khóa XIII về xây dựng, chỉnh đốn Đảng",
    "Quy định số 65-QĐ/TW, ngày 28/4/2022 của Bộ Chính trị về luân chuyển cán bộ",
    "Nghị định số 15/2020/NĐ-CP của Chính phủ",
    "Quyết định số 1234/QĐ-TTg ngày 20 tháng 01 năm 2022 của Thủ tướng Chính phủ",
    "Kế hoạch số 03-KH/TW, ngày 01/12/2021 của Bộ Chính trị",
    "Nghị quyết Trung ương 5 khóa XIII",
    "Luật Cán bộ, công chức năm 2008",
    "Chỉ thị số 05-CT/TU ngày 12/3/2023 của Ban Thường vụ Tỉnh ủy",
    "NQ 18",
]


def realistic(size: int, every: int = 2000, seed: int = 7) -> str:
    """About `size` bytes of report prose with a citation every `every` bytes."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    since = 0
    while total < size:
        sentence = rng.choice(PROSE)
        if since >= every:
            sentence = f"Các cấp ủy tiếp tục quán triệt, thực hiện {rng.choice(CITATIONS)}."
            since = 0
        chunk = sentence + (" " if rng.random() < 0.85 else "\n")
        parts.append(chunk)
        n = len(chunk.encode())
        total += n
        since += n
    return "".join(parts)


def adversarial(kind: str, size: int) -> str:
    """Inputs built to make a careless matcher slow; each about `size` bytes."""
    if kind == "digits":
        return ("1234567890" * (size // 10))[: size // 1]
    if kind == "so-so":
        return "số " * (size // 5)
    if kind == "keywords":
        return "Nghị quyết " * (size // 17)
    if kind == "one-line":
        return realistic(size).replace("\n", " ")
    if kind == "symbols":
        return "18-NQ/ 19-NQ/TW-" * (size // 17)
    if kind == "dates":
        return "ngày 25/10/2017, " * (size // 18)
    if kind == "types-digits":
        return "Quy định số 1 2 3 4 5 6 7 8 9 " * (size // 33)
    raise ValueError(kind)


ADVERSARIAL_KINDS = ("digits", "so-so", "keywords", "one-line", "symbols", "dates", "types-digits")
