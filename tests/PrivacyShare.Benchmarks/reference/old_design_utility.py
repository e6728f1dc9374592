"""The `utility` case's figures for the design before disjoint stages (commit 7b2b0f2: one table of
four nested measures by month and offense level, one by district and race, epsilon 0.5 each, bound 4),
on the same extracts, for the record. Release with that commit's CLI and spec (a fresh ledger each),
from extracts made with today's `synth --rows 29000 --seed S`, then:
usage: python3 old_design_utility.py RAW1.csv:REL1 RAW2.csv:REL2 ...
Measured 2026-12-02 over 200 releases of seeds 1-10: removals within 15% in 4.5% of releases, Level 2/3
share within 10 points in 12.0%, arrests by month 5.0%, matches by month 51.2%, district x race cells
>= 200 4.3% median relative error, matches by ethnicity not published, 95.0% of monthly_by_level cells
within their moe95 of the true count, 27.0% of cells negative."""
import csv, sys, statistics
from datetime import datetime

def month(text):
    for f in ('%Y-%m-%d', '%m/%d/%Y', '%Y%m%d'):
        try:
            return datetime.strptime(text, f).strftime('%Y-%m')
        except ValueError:
            pass
    raise ValueError(text)


def truth(raw):
    t = {}
    for r in csv.DictReader(open(raw)):
        m = month(r['arrest_date'])
        if not ('2008-10' <= m <= '2010-06'): continue
        k = (m, r['offense_level'])
        c = t.setdefault(k, [0, 0, 0, 0])
        c[0] += 1; c[1] += r['ident_match'] == 'Y'; c[2] += r['detainer_issued'] == 'Y'; c[3] += r['removed'] == 'Y'
        dr = ('dr', r['district'], r['race'])
        t[dr] = t.get(dr, 0) + 1
    return t

removal_ok = share_ok = n = 0; arr = []; mat = []; dxr = []; cov = covn = 0; neg = 0; cells = 0
doms = {'district': ["A1","A7","B2","B3","C6","C11","D4","D14","E5","E13","E18"], 'race': ["W","B","A","I","P","U"]}
for pair in sys.argv[1:]:
    raw, rel = pair.split(':'); t = truth(raw); n += 1
    rows = list(csv.DictReader(open(rel + '/monthly_by_level.csv')))
    rem = sum(int(r['removals']) for r in rows); trem = sum(v[3] for k, v in t.items() if k[0] != 'dr')
    removal_ok += abs(rem - trem) <= 0.15 * trem
    r23 = sum(int(r['removals']) for r in rows if r['offense_level'] in '23'); t23 = sum(v[3] for k, v in t.items() if k[0] != 'dr' and k[1] in '23')
    share_ok += abs((r23 / rem if rem else 0) - t23 / trem) <= 0.10
    for m in sorted({r['arrest_month'] for r in rows}):
        a = sum(int(r['arrests']) for r in rows if r['arrest_month'] == m); ta = sum(t.get((m, l), [0]*4)[0] for l in '123')
        i = sum(int(r['ident_matches']) for r in rows if r['arrest_month'] == m); ti = sum(t.get((m, l), [0]*4)[1] for l in '123')
        arr.append(abs(a - ta) / ta); mat.append(abs(i - ti) / ti if ti else float('nan'))
    for r in rows:
        tv = t.get((r['arrest_month'], r['offense_level']), [0]*4)
        for j, m in enumerate(['arrests', 'ident_matches', 'detainers', 'removals']):
            v = int(r[m]); moe = int(r[m + '_moe95']); cells += 1; neg += v < 0
            cov += abs(v - tv[j]) <= moe; covn += 1
    tdr = {}
    for k, v in t.items():
        if k[0] == 'dr':
            d = k[1] if k[1] in doms['district'] else 'OTHER'; rc = k[2] if k[2] in doms['race'] else 'OTHER'
            tdr[(d, rc)] = tdr.get((d, rc), 0) + v
    for r in csv.DictReader(open(rel + '/district_by_race.csv')):
        tv = tdr.get((r['district'], r['race']), 0)
        if tv >= 200: dxr.append(abs(int(r['arrests']) - tv) / tv)
med = lambda xs: statistics.median([x for x in xs if x == x])
print(f"old design over {n} releases: removals within 15%: {100*removal_ok/n:.1f}%; L2/3 share within 10 pts: {100*share_ok/n:.1f}%; "
      f"arrests by month median rel {100*med(arr):.1f}%; matches by month {100*med(mat):.1f}%; district x race >=200 {100*med(dxr):.1f}%; "
      f"matches by ethnicity: not published; monthly_by_level cells within moe95 of the true count: {100*cov/covn:.1f}%; negative cells {100*neg/cells:.1f}%")
