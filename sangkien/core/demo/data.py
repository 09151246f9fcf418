"""The demo's fixed facts: places, school names, clusters, people.

Place names are real communes of each district (before the 2025 reorganisation), so the
demo reads like the real thing; every school, headcount and person here is invented.
"""

# The ten education unions of Hòa Bình's districts and city: (code, name, short name,
# communes). The first commune is the district town, where the named schools stand.
HOA_BINH_DISTRICTS = [
    ("TP", "thành phố Hòa Bình", "TP Hòa Bình", [
        "Phương Lâm", "Đồng Tiến", "Chăm Mát", "Tân Thịnh", "Thịnh Lang", "Hữu Nghị", "Tân Hòa",
        "Thái Bình", "Kỳ Sơn", "Trung Minh", "Sủ Ngòi", "Yên Mông",
    ]),
    ("CP", "huyện Cao Phong", "Cao Phong", [
        "Cao Phong", "Bắc Phong", "Thu Phong", "Hợp Phong", "Tây Phong", "Dũng Phong",
        "Thung Nai",
    ]),
    ("DB", "huyện Đà Bắc", "Đà Bắc", [
        "Đà Bắc", "Tú Lý", "Cao Sơn", "Tân Minh", "Mường Chiềng", "Đồng Chum", "Giáp Đắt",
        "Hiền Lương", "Vầy Nưa",
    ]),
    ("KB", "huyện Kim Bôi", "Kim Bôi", [
        "Thị trấn Bo", "Vĩnh Tiến", "Tú Sơn", "Bình Sơn", "Đông Bắc", "Hợp Tiến", "Sào Báy",
        "Nam Thượng", "Cuối Hạ", "Nuông Dăm",
    ]),
    ("LS", "huyện Lạc Sơn", "Lạc Sơn", [
        "Vụ Bản", "Ân Nghĩa", "Yên Nghiệp", "Tân Lập", "Chí Đạo", "Văn Sơn", "Định Cư",
        "Quyết Thắng", "Nhân Nghĩa", "Tự Do",
    ]),
    ("LT", "huyện Lạc Thủy", "Lạc Thủy", [
        "Chi Nê", "Ba Hàng Đồi", "Phú Nghĩa", "Phú Thành", "Hưng Thi", "Khoan Dụ", "Đồng Tâm",
    ]),
    ("LU", "huyện Lương Sơn", "Lương Sơn", [
        "Lương Sơn", "Lâm Sơn", "Hòa Sơn", "Tân Vinh", "Nhuận Trạch", "Cao Dương", "Cư Yên",
        "Liên Sơn",
    ]),
    ("MC", "huyện Mai Châu", "Mai Châu", [
        "Mai Châu", "Bao La", "Chiềng Châu", "Đồng Tân", "Hang Kia", "Mai Hạ", "Nà Phòn",
        "Pà Cò", "Vạn Mai",
    ]),
    ("TL", "huyện Tân Lạc", "Tân Lạc", [
        "Mãn Đức", "Đông Lai", "Thanh Hối", "Tử Nê", "Ngọc Mỹ", "Quy Hậu", "Phong Phú",
        "Gia Mô", "Ngổ Luông",
    ]),
    ("YT", "huyện Yên Thủy", "Yên Thủy", [
        "Hàng Trạm", "Lạc Thịnh", "Phú Lai", "Yên Trị", "Ngọc Lương", "Đoàn Kết", "Hữu Lợi",
        "Lạc Lương",
    ]),
]

# Mountain districts, where some commune schools are semi-boarding schools for ethnic
# minority pupils (PTDTBT: phổ thông dân tộc bán trú).
HIGHLAND_DISTRICTS = {"DB", "MC", "LS", "TL", "KB"}

# Schools with names of their own, in the district towns, before the commune schools.
NAMED_SCHOOLS = {
    "TP": [
        ("mn", "Trường Mầm non Hoa Ban"), ("mn", "Trường Mầm non Sao Mai"),
        ("mn", "Trường Mầm non Hoa Hồng"), ("th", "Trường Tiểu học Cù Chính Lan"),
        ("th", "Trường Tiểu học Lê Văn Tám"), ("thcs", "Trường THCS Lê Quý Đôn"),
        ("thcs", "Trường THCS Võ Thị Sáu"),
    ],
    "CP": [("mn", "Trường Mầm non Hoa Mai"), ("th", "Trường Tiểu học Kim Đồng")],
    "DB": [("mn", "Trường Mầm non Hoa Lan"), ("thcs", "Trường PTDTBT THCS Mường Chiềng")],
    "KB": [("mn", "Trường Mầm non Sơn Ca")],
    "LS": [("mn", "Trường Mầm non Hoa Sen"), ("th", "Trường Tiểu học Lê Lợi")],
    "LT": [("mn", "Trường Mầm non Hoa Phượng")],
    "LU": [("mn", "Trường Mầm non Hoa Sữa"), ("th", "Trường Tiểu học Kim Đồng")],
    "MC": [("mn", "Trường Mầm non Ban Mai")],
    "TL": [("mn", "Trường Mầm non Hoa Đào"), ("th", "Trường Tiểu học Tân Lạc")],
    "YT": [("mn", "Trường Mầm non Họa Mi")],
}

# Upper secondary schools report straight to the province's education union.
HOA_BINH_UPPER_SECONDARY = [
    "Trường THPT Chuyên Hoàng Văn Thụ", "Trường THPT Lạc Long Quân", "Trường THPT Công Nghiệp",
    "Trường THPT Ngô Quyền", "Trường PTDTNT THPT tỉnh Hòa Bình", "Trường THPT Cao Phong",
    "Trường THPT Thạch Yên", "Trường THPT Đà Bắc", "Trường THPT Mường Chiềng",
    "Trường THPT Kim Bôi", "Trường THPT Sào Báy", "Trường THPT Bắc Sơn", "Trường THPT Lạc Sơn",
    "Trường THPT Quyết Thắng", "Trường THPT Cộng Hòa", "Trường THPT Lạc Thủy",
    "Trường THPT Thanh Hà", "Trường THPT Lương Sơn", "Trường THPT Nguyễn Trãi",
    "Trường THPT Mai Châu", "Trường THPT Tân Lạc", "Trường THPT Mường Bi",
    "Trường THPT Yên Thủy A", "Trường THPT Yên Thủy B",
    "Trường PTDTNT THCS và THPT huyện Đà Bắc", "Trường PTDTNT THCS và THPT huyện Mai Châu",
]

# Headcount ranges by school type (PRODUCT.md: mầm non 15–40, tiểu học 25–60, …).
HEADCOUNTS = {"mn": (15, 40), "th": (25, 60), "thcs": (25, 55), "thpt": (45, 110)}

# Emulation clusters of the province's education union: neighbouring districts together,
# and the upper secondary schools as a block of their own.
HOA_BINH_CLUSTERS = {
    "TP": "CĐGD Hòa Bình – Cụm thi đua số 1 (TP Hòa Bình, Lương Sơn, Kim Bôi)",
    "LU": "CĐGD Hòa Bình – Cụm thi đua số 1 (TP Hòa Bình, Lương Sơn, Kim Bôi)",
    "KB": "CĐGD Hòa Bình – Cụm thi đua số 1 (TP Hòa Bình, Lương Sơn, Kim Bôi)",
    "CP": "CĐGD Hòa Bình – Cụm thi đua số 2 (Cao Phong, Tân Lạc, Lạc Sơn)",
    "TL": "CĐGD Hòa Bình – Cụm thi đua số 2 (Cao Phong, Tân Lạc, Lạc Sơn)",
    "LS": "CĐGD Hòa Bình – Cụm thi đua số 2 (Cao Phong, Tân Lạc, Lạc Sơn)",
    "LT": "CĐGD Hòa Bình – Cụm thi đua số 3 (Lạc Thủy, Yên Thủy)",
    "YT": "CĐGD Hòa Bình – Cụm thi đua số 3 (Lạc Thủy, Yên Thủy)",
    "DB": "CĐGD Hòa Bình – Cụm thi đua số 4 (Đà Bắc, Mai Châu)",
    "MC": "CĐGD Hòa Bình – Cụm thi đua số 4 (Đà Bắc, Mai Châu)",
}
HOA_BINH_UPPER_SECONDARY_CLUSTER = "CĐGD Hòa Bình – Khối thi đua các trường THPT, PTDTNT"

# The provinces, for national rankings: (code, name, short name, cluster of provinces).
PROVINCE_CLUSTER_CITIES = "TLĐ – Cụm thi đua các thành phố trực thuộc Trung ương"
PROVINCE_CLUSTER_NORTH = "TLĐ – Cụm thi đua các tỉnh miền núi phía Bắc"
PROVINCE_CLUSTER_CENTRAL = "TLĐ – Cụm thi đua các tỉnh Bắc Trung Bộ"
PROVINCES = [
    ("HB", "Liên đoàn Lao động tỉnh Hòa Bình", "LĐLĐ tỉnh Hòa Bình", PROVINCE_CLUSTER_NORTH),
    ("HN", "Liên đoàn Lao động Thành phố Hà Nội", "LĐLĐ TP Hà Nội", PROVINCE_CLUSTER_CITIES),
    ("HP", "Liên đoàn Lao động Thành phố Hải Phòng", "LĐLĐ TP Hải Phòng", PROVINCE_CLUSTER_CITIES),
    ("TH", "Liên đoàn Lao động tỉnh Thanh Hóa", "LĐLĐ tỉnh Thanh Hóa", PROVINCE_CLUSTER_CENTRAL),
    ("NA", "Liên đoàn Lao động tỉnh Nghệ An", "LĐLĐ tỉnh Nghệ An", PROVINCE_CLUSTER_CENTRAL),
    ("DN", "Liên đoàn Lao động Thành phố Đà Nẵng", "LĐLĐ TP Đà Nẵng", PROVINCE_CLUSTER_CITIES),
    ("HCM", "Liên đoàn Lao động Thành phố Hồ Chí Minh", "LĐLĐ TP Hồ Chí Minh",
     PROVINCE_CLUSTER_CITIES),
]

# A few upper units and their grassroots unions in the other provinces:
# province code -> [(suffix, name, short name, [(grassroots name, low, high), …]), …]
OTHER_PROVINCE_UNITS = {
    "HN": [
        ("GD", "Công đoàn Giáo dục Thành phố Hà Nội", "CĐGD Hà Nội", [
            ("Công đoàn Trường THPT Chu Văn An", 90, 140), ("Công đoàn Trường THCS Dịch Vọng", 50, 80),
            ("Công đoàn Trường Tiểu học Nghĩa Tân", 45, 70), ("Công đoàn Trường Mầm non Hoa Sen", 30, 50),
            ("Công đoàn Trường THPT Sơn Tây", 70, 110),
        ]),
        ("CG", "Liên đoàn Lao động quận Cầu Giấy", "LĐLĐ quận Cầu Giấy", [
            ("Công đoàn Bệnh viện đa khoa quận Cầu Giấy", 150, 260),
            ("Công đoàn cơ quan Ủy ban nhân dân quận Cầu Giấy", 80, 130),
        ]),
    ],
    "HP": [
        ("GD", "Công đoàn Giáo dục Thành phố Hải Phòng", "CĐGD Hải Phòng", [
            ("Công đoàn Trường THPT Trần Phú", 80, 120), ("Công đoàn Trường THCS Hồng Bàng", 45, 70),
            ("Công đoàn Trường Tiểu học Đằng Hải", 40, 65),
        ]),
        ("KKT", "Công đoàn Khu kinh tế Hải Phòng", "CĐ KKT Hải Phòng", [
            ("Công đoàn Công ty TNHH Cơ khí Đình Vũ", 200, 600),
            ("Công đoàn Công ty cổ phần Cảng Nam Hải", 150, 400),
        ]),
    ],
    "TH": [
        ("GD", "Công đoàn Giáo dục tỉnh Thanh Hóa", "CĐGD Thanh Hóa", [
            ("Công đoàn Trường THPT Hàm Rồng", 80, 120), ("Công đoàn Trường THCS Nhữ Bá Sỹ", 45, 70),
            ("Công đoàn Trường Tiểu học Điện Biên", 40, 60), ("Công đoàn Trường Mầm non Quảng Thắng", 20, 40),
        ]),
        ("NS", "Liên đoàn Lao động thị xã Nghi Sơn", "LĐLĐ TX Nghi Sơn", [
            ("Công đoàn Công ty TNHH Xi măng Nghi Sơn Bắc", 250, 500),
        ]),
    ],
    "NA": [
        ("GD", "Công đoàn Giáo dục tỉnh Nghệ An", "CĐGD Nghệ An", [
            ("Công đoàn Trường THPT Huỳnh Thúc Kháng", 80, 120),
            ("Công đoàn Trường THCS Đặng Thai Mai", 40, 60),
            ("Công đoàn Trường Tiểu học Hưng Dũng 1", 40, 60),
            ("Công đoàn Trường PTDTNT THCS Kỳ Sơn", 40, 70),
        ]),
        ("YT", "Công đoàn Ngành Y tế tỉnh Nghệ An", "CĐ Y tế Nghệ An", [
            ("Công đoàn Bệnh viện Sản Nhi Nghệ An", 400, 700),
        ]),
    ],
    "DN": [
        ("GD", "Công đoàn Giáo dục Thành phố Đà Nẵng", "CĐGD Đà Nẵng", [
            ("Công đoàn Trường THPT Phan Châu Trinh", 90, 130),
            ("Công đoàn Trường THCS Nguyễn Huệ", 50, 80),
            ("Công đoàn Trường Tiểu học Phù Đổng", 40, 65),
        ]),
        ("KCN", "Công đoàn các Khu công nghiệp Đà Nẵng", "CĐ các KCN Đà Nẵng", [
            ("Công đoàn Công ty TNHH Dệt may Hòa Khánh", 300, 900),
        ]),
    ],
    "HCM": [
        ("GD", "Công đoàn Giáo dục Thành phố Hồ Chí Minh", "CĐGD TP Hồ Chí Minh", [
            ("Công đoàn Trường THPT Lê Quý Đôn", 90, 130),
            ("Công đoàn Trường THCS Nguyễn Du", 60, 90),
            ("Công đoàn Trường Tiểu học Kỳ Đồng", 50, 80),
            ("Công đoàn Trường Mầm non 19/5 Thành phố", 40, 70),
        ]),
        ("TD", "Liên đoàn Lao động Thành phố Thủ Đức", "LĐLĐ TP Thủ Đức", [
            ("Công đoàn Công ty TNHH Điện tử Linh Trung", 500, 1500),
            ("Công đoàn Bệnh viện Thành phố Thủ Đức", 300, 600),
        ]),
    ],
}

# Beside the education union, Hòa Bình has other upper units: siblings of CĐGD, out of
# reach of its officers (the demo shows that a role never crosses to a sibling).
HOA_BINH_OTHER_UNITS = [
    ("VC", "Công đoàn Viên chức tỉnh Hòa Bình", "CĐVC tỉnh Hòa Bình", [
        ("Công đoàn cơ quan Sở Tài chính tỉnh Hòa Bình", 40, 70),
        ("Công đoàn Bệnh viện Đa khoa tỉnh Hòa Bình", 400, 650),
    ]),
    ("LUO", "Liên đoàn Lao động huyện Lương Sơn", "LĐLĐ huyện Lương Sơn", [
        ("Công đoàn Công ty TNHH May Lương Sơn", 300, 800),
        ("Công đoàn Trung tâm Y tế huyện Lương Sơn", 80, 140),
    ]),
]

# The central education sector union, a sibling of the provinces.
SECTOR_UNITS = ("GDVN", "Công đoàn Giáo dục Việt Nam", "CĐGD Việt Nam", [
    ("Công đoàn Trường Đại học Sư phạm Hà Nội", 900, 1200),
    ("Công đoàn Trường Đại học Tây Bắc", 400, 600),
])

# The demo school: where the member, the grassroots officer and the council member work.
DEMO_SCHOOL_CODE = "HB-GD-TP-004"  # Trường Tiểu học Cù Chính Lan
DEMO_UPPER_CODE = "HB-GD"  # Công đoàn Giáo dục tỉnh Hòa Bình

DEMO_PASSWORD = "sangkien2022"  # noqa: S105 - printed on purpose; demo data only
DEMO_DOMAIN = "demo.sangkien.vn"

# (role, e-mail local part, full name, position, phone, unit code); role None = system admin.
DEMO_ACCOUNTS = [
    ("member", "doanvien", "Lò Thị Hương", "Giáo viên", "0912 345 678", DEMO_SCHOOL_CODE),
    ("officer", "canbo.cdcs", "Bùi Văn Thắng", "Chủ tịch Công đoàn cơ sở", None, DEMO_SCHOOL_CODE),
    ("council", "hoidong", "Đinh Thị Lan Anh", "Phó Hiệu trưởng, thành viên Hội đồng sáng kiến",
     None, DEMO_SCHOOL_CODE),
    ("upper_officer", "canbo.captren", "Nguyễn Thị Thu Hà", "Phó Chủ tịch CĐGD tỉnh", None,
     DEMO_UPPER_CODE),
    ("editor", "bientap", "Trần Minh Đức", "Cán bộ truyền thông", None, DEMO_UPPER_CODE),
    ("unit_admin", "quantri", "Hoàng Văn Nam", "Chánh Văn phòng CĐGD tỉnh", None, DEMO_UPPER_CODE),
    (None, "admin", "Quách Thị Mai", "Quản trị hệ thống", None, None),
]
