"""A synthetic national tree of any size, for the large-file test and bench/import_units.py."""

import csv
import random

from sangkien.orgs.importing import COLUMNS


def national_tree_rows(total=150_000, seed=1):
    """`total` rows shaped like the real tree: 1 national, 83 provinces and sectors, 830 upper
    units, then grassroots unions with a section under every sixth. Shuffled, so most
    children come before their parents."""
    rows = [("VN", "", "Tổng Liên đoàn Lao động Việt Nam", "TLĐLĐVN", "national", "0", "")]
    level2 = [f"P{n:02d}" for n in range(1, 64)] + [f"S{n:02d}" for n in range(1, 21)]
    for code in level2:
        kind = "province" if code.startswith("P") else "sector"
        rows.append((code, "VN", f"Liên đoàn Lao động tỉnh số {code[1:]} Đắk Lắk", "", kind, "", ""))
    uppers = []
    for code in level2:
        for n in range(1, 11):
            upper = f"{code}-U{n:02d}"
            uppers.append(upper)
            rows.append((upper, code, f"Công đoàn Giáo dục huyện {n} Đà Bắc", f"CĐGD {n}", "upper", "",
                         f"Cụm thi đua số {n}"))
    last_grassroots = None
    for i in range(total - len(rows)):
        if i % 6 == 5:
            rows.append((f"{last_grassroots}-T{i}", last_grassroots, f"Tổ công đoàn Toán {i}", "", "section",
                         str(i % 40), ""))
        else:
            upper = uppers[i % len(uppers)]
            last_grassroots = f"{upper}-{i:06d}"
            rows.append((last_grassroots, upper, f"Công đoàn Trường Tiểu học số {i} Cao Phong", "",
                         "grassroots", str(20 + i % 300), f"Khối trường học {i % 50}"))
    random.Random(seed).shuffle(rows)
    return rows


def write_csv(path, rows, bom=True):
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return path
