#!/usr/bin/env python3
"""Regenerate assets/data/countries.csv (see assets/data/README.md).

Inputs, both from Debian packages:
  - ISO 3166-1 codes and English names: /usr/share/iso-codes/json/iso_3166-1.json
    (package iso-codes);
  - Vietnamese names: Unicode CLDR as shipped in ICU (package libicu-dev), read
    with the small C program below (`vi.tsv`: alpha-2 TAB name).

        cc -o dump dump.c $(pkg-config --cflags --libs icu-uc icu-i18n)
        python3 -c "import json;print('\\n'.join(c['alpha_2'] for c in \\
            json.load(open('/usr/share/iso-codes/json/iso_3166-1.json'))['3166-1']))" \\
            | ./dump vi > vi.tsv

    dump.c: for each line XX of stdin, print XX, TAB, the result of
    uloc_getDisplayCountry("und_XX", argv[1], ...) in UTF-8.

Then the overrides below put the forms Vietnamese state bodies write (the
Ministry of Foreign Affairs' usage: "Đài Loan (Trung Quốc)", "Hồng Kông (Trung
Quốc)", "Cộng hòa Dân chủ Congo", "Saint ..." rather than "St. ...") and the
variants officers type (ALIASES). The stateless entry follows ICAO Doc 9303
(code XXA, "stateless person").
"""
import csv, json, sys

VI_OVERRIDES = {
    "HK": "Hồng Kông (Trung Quốc)",
    "MO": "Ma Cao (Trung Quốc)",
    "TW": "Đài Loan (Trung Quốc)",
    "MM": "Myanmar",
    "PS": "Palestine",
    "CD": "Cộng hòa Dân chủ Congo",
    "CG": "Cộng hòa Congo",
    "CV": "Cabo Verde",
    "CI": "Côte d'Ivoire",
    "BL": "Saint Barthélemy",
    "KN": "Saint Kitts và Nevis",
    "LC": "Saint Lucia",
    "MF": "Saint Martin (phần thuộc Pháp)",
    "SH": "Saint Helena, Ascension và Tristan da Cunha",
    "VC": "Saint Vincent và Grenadines",
    "PM": "Saint Pierre và Miquelon",
    "SX": "Sint Maarten (phần thuộc Hà Lan)",
    "BQ": "Bonaire, Sint Eustatius và Saba",
    "GS": "Nam Georgia và Quần đảo Nam Sandwich",
    "UM": "Các đảo nhỏ xa bờ của Hoa Kỳ",
    "VA": "Tòa Thánh Vatican",
    "CZ": "Séc",
}

# Variants seen in free text (destination and nationality fields), folded
# forms are derived by the program; spellings here are as people write them.
ALIASES = {
    "KH": ["Cam-pu-chia", "Căm-pu-chia", "Cam Pu Chia", "Kampuchea", "Cam Bốt", "Vương quốc Campuchia"],
    "LA": ["Lao", "Ai Lao", "Cộng hòa Dân chủ Nhân dân Lào", "CHDCND Lào"],
    "MM": ["Miến Điện", "Burma", "Myanma"],
    "TH": ["Thái", "Thai Lan"],
    "CN": ["Trung Hoa", "Cộng hòa Nhân dân Trung Hoa"],
    "TW": ["Đài Loan"],
    "HK": ["Hồng Kông", "Hongkong"],
    "MO": ["Ma Cao", "Macau", "Macao"],
    "KR": ["Nam Hàn", "Đại Hàn", "Hàn"],
    "KP": ["Bắc Hàn", "Bắc Triều Tiên", "CHDCND Triều Tiên"],
    "JP": ["Nhật"],
    "MY": ["Mã Lai", "Ma-lai-xi-a"],
    "SG": ["Xinh-ga-po", "Xin-ga-po", "Singapo"],
    "ID": ["In-đô-nê-xi-a", "Indonesia"],
    "PH": ["Phi-líp-pin", "Philippin", "Phi Luật Tân"],
    "US": ["Mỹ", "USA", "Hoa Kì"],
    "GB": ["Anh", "UK", "Anh Quốc"],
    "RU": ["Liên bang Nga"],
    "AE": ["UAE", "Các Tiểu vương quốc Ả-rập Thống nhất"],
    "SA": ["A-rập Xê-út", "Ả Rập Saudi"],
    "AU": ["Úc", "Ôxtrâylia"],
    "TR": ["Turkey", "Türkiye"],
    "CI": ["Bờ Biển Ngà"],
    "DE": ["Cộng hòa Liên bang Đức"],
    "CZ": ["Cộng hòa Séc", "Czech Republic"],
    "VN": ["Cộng hòa Xã hội Chủ nghĩa Việt Nam", "VN", "Viet Nam"],
    "LB": ["Liban"],
    "UA": ["Ukraine"],
}

def main(vi_tsv, out):
    iso = json.load(open("/usr/share/iso-codes/json/iso_3166-1.json"))["3166-1"]
    vi = dict(l.rstrip("\n").split("\t")[:2] for l in open(vi_tsv, encoding="utf-8"))
    rows = []
    for c in iso:
        a2 = c["alpha_2"]
        en = c.get("common_name") or c["name"]
        name_vi = VI_OVERRIDES.get(a2) or vi[a2]
        aliases = []
        for a in [c["name"], c.get("official_name"), vi[a2]] + ALIASES.get(a2, []):
            if a and a not in aliases and a != en and a != name_vi:
                aliases.append(a)
        rows.append([a2, c["alpha_3"], c["numeric"], name_vi, en, "|".join(aliases)])
    rows.sort(key=lambda r: r[0])
    rows.append(["XX", "XXA", "", "Không quốc tịch", "Stateless", "không có quốc tịch|vô quốc tịch|stateless person"])
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["alpha2", "alpha3", "numeric", "name_vi", "name_en", "aliases"])
        w.writerows(rows)

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
