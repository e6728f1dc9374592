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
        fbi = norm(row["fbi_number"])
        identity = fbi if fbi else "\x1f".join([norm(row["last_name"]), norm(row["first_name"]), dob.isoformat()])
        age = arrest.year - dob.year - ((arrest.month, arrest.day) < (dob.month, dob.day))
        band = next(label for low, label in BANDS if age >= low)
        w.writerow([pseudonym("person_id", identity), pseudonym("booking_id", norm(row["booking_id"])),
                    arrest.strftime("%Y-%m"), band, row["sex"], row["race"], row["ethnicity"], row["country_of_birth"],
                    row["home_zip"].strip()[:3], row["district"], row["charge_code"], row["offense_level"],
                    row["ident_match"], row["detainer_issued"], row["removed"]])
