"""The reference point for the pseudonymize benchmark: a straightforward Python standard-library
script doing the same transformation as PrivacyShare's default policy (no risk report).
Usage: python3 pseudonymize.py KEYFILE IN.csv OUT.csv"""
import csv, hashlib, hmac, re, sys, unicodedata
from datetime import datetime

key = bytes.fromhex(open(sys.argv[1]).read().splitlines()[1].split(":", 1)[1])
SPACES = re.compile(r"\s+")
BANDS = [(65, "65+"), (55, "55-64"), (45, "45-54"), (35, "35-44"), (25, "25-34"), (18, "18-24"), (0, "0-17")]

def date(s):
    s = s.strip()
    for f in ("%Y-%m-%d", "%m/%d/%Y", "%Y%m%d"):
        try:
            return datetime.strptime(s, f).date()
        except ValueError:
            pass
    raise ValueError(s)

def norm(s):
    return SPACES.sub(" ", unicodedata.normalize("NFKC", s).strip()).upper()

IGNORABLE = {0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0, 0xFEFF}
IGNORABLE_RANGES = [(0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0xFE00, 0xFE0F),
                    (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF)]

def ignorable(ch):
    v = ord(ch)
    return unicodedata.category(ch) == "Cf" or v in IGNORABLE or any(a <= v <= b for a, b in IGNORABLE_RANGES)

def letter_or_digit(ch):
    c = unicodedata.category(ch)
    return c[0] == "L" or c == "Nd"

# The linkage keys of docs/identity.md, written from the document, not from the C# code.
def primary_key(s):
    return "".join(ch for ch in unicodedata.normalize("NFKC", s).upper() if letter_or_digit(ch))

def name_words(s):
    t = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", s))
    words, word = [], ""
    for ch in t:
        if unicodedata.category(ch) in ("Mn", "Mc", "Me"):
            continue
        ch = ch.upper()
        if letter_or_digit(ch):
            word += ch
        elif ignorable(ch) or ch in "'\u2019\u02bc`\u00b4":
            continue
        elif word:
            words.append(word); word = ""
    if word:
        words.append(word)
    return words

def fallback_key(row, dob):
    last, first = name_words(row["last_name"]), name_words(row["first_name"])
    words = sorted(last + first)
    key = " ".join(words) + "\x1f" + dob.isoformat()
    return key, bool(last) and bool(first)

parent = {}
def find(x):
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x

def node(x):
    parent.setdefault(x, x)
    return x

def better(x, y):  # primary keys first, then code-point order
    return (x[0] != "P", x) < (y[0] != "P", y)

def person_of(row):
    dob = date(row["dob"])
    p = primary_key(row["fbi_number"])
    f, complete = fallback_key(row, dob)
    keys = []
    if p:
        keys.append("P" + p)
    if not p or complete:
        keys.append("F" + f)
    return keys

# Pass 1: union-find over both keys; each set's representative is its best key.
rep = {}
with open(sys.argv[2], newline="", encoding="utf-8-sig") as fin:
    for row in csv.DictReader(fin):
        keys = [node(k) for k in person_of(row)]
        for k in keys:
            rep.setdefault(k, k)
        if len(keys) == 2:
            a, b = find(keys[0]), find(keys[1])
            if a != b:
                best = rep[a] if better(rep[a], rep[b]) else rep[b]
                parent[b] = a
                rep[a] = best

def pseudonym(domain, value):
    if not value:
        return ""
    return hmac.new(key, domain.encode() + b"\0" + value.encode(), hashlib.sha256).hexdigest()[:32]

with open(sys.argv[2], newline="", encoding="utf-8-sig") as fin, open(sys.argv[3], "w", newline="", encoding="utf-8") as fout:
    r = csv.DictReader(fin)
    w = csv.writer(fout, lineterminator="\n")
    w.writerow(["person_id", "booking_id", "arrest_month", "age_band", "sex", "race", "ethnicity", "country_of_birth",
                "zip3", "district", "charge_code", "offense_level", "ident_match", "detainer_issued", "removed"])
    for row in r:
        arrest, dob = date(row["arrest_date"]), date(row["dob"])
        identity = rep[find(person_of(row)[0])][1:]
        age = arrest.year - dob.year - ((arrest.month, arrest.day) < (dob.month, dob.day))
        band = next(label for low, label in BANDS if age >= low)
        w.writerow([pseudonym("person_id", identity), pseudonym("booking_id", norm(row["booking_id"])),
                    arrest.strftime("%Y-%m"), band, row["sex"], row["race"], row["ethnicity"], row["country_of_birth"],
                    row["home_zip"].strip()[:3], row["district"], row["charge_code"], row["offense_level"],
                    row["ident_match"], row["detainer_issued"], row["removed"]])
