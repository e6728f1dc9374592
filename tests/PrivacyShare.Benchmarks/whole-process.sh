#!/usr/bin/env bash
# Issue #22's targets as users meet them: whole processes, each beside its reference in one run.
#   verify and query of the demo's release    against minisign -Vm of its datapackage.json
#   --version (start-up alone)                 against the same
#   demo                                       (target under 1 s)
#   release of ROWS synthetic rows             against the sqlite3 shell's .import plus one GROUP BY
#                                              (reference/release.sql) on the same file: by hyperfine,
#                                              then in interleaved cold pairs (median ratio)
#   the release's peak memory (RSS)            at ROWS, and bytes per person
# The release and its reference run cold: the page cache is dropped before every run when this user
# may (root: /proc/sys/vm/drop_caches), so each reads its file and binary from disk; else the script
# says it is warm.
# Usage: tests/PrivacyShare.Benchmarks/whole-process.sh NATIVE-BINARY [ROWS (default 1000000)]
# Needs hyperfine, minisign and sqlite3 (Debian: apt-get install hyperfine minisign sqlite3).
set -euo pipefail
native=$(realpath "$1")
rows=${2:-1000000}
here="$(cd "$(dirname "$0")" && pwd)"
spec="$here/../../examples/releases/boston.json"
for tool in hyperfine minisign sqlite3; do
  command -v "$tool" >/dev/null || { echo "whole-process: $tool is needed" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# hyperfine runs the preparation without a shell (-N), so dropping the cache is a script of its own.
if (sync && echo 3 >/proc/sys/vm/drop_caches) 2>/dev/null; then
  printf 'sync\necho 3 > /proc/sys/vm/drop_caches\n' >cold.sh
  echo "cold runs drop the page cache first"
else
  printf 'true\n' >cold.sh
  echo "warm: this user cannot drop the page cache; figures are warm"
fi
cold="sh $work/cold.sh"
echo "machine: $(nproc) cores; binary $(du -h "$native" | cut -f1)"

export PRIVACYSHARE_PASSPHRASE=benchmark
"$native" demo --dir demo >/dev/null
release=demo/release-1
pub=demo/signing.pub
# The short commands warm (the page cache holds the binary and the release), as minisign's ~1 ms is
# quoted; their cold figures add the disk's reading of the binary, printed after.
hyperfine -N --style basic -w 3 -r 30 \
  -n "minisign -Vm" "minisign -Vm $release/datapackage.json -p $pub" \
  -n "privacyshare --version" "$native --version" \
  -n "privacyshare verify" "$native verify $release --pubkey $pub" \
  -n "privacyshare query" "$native query $release --measure arrests --by race" \
  -n "privacyshare query, a total" "$native query $release --measure removals"
hyperfine -N --style basic --prepare "$cold" -r 10 \
  -n "minisign -Vm, cold" "minisign -Vm $release/datapackage.json -p $pub" \
  -n "privacyshare verify, cold" "$native verify $release --pubkey $pub"
hyperfine --style basic --prepare "rm -rf d" -w 1 -r 5 -n "privacyshare demo" "$native demo --dir d"

"$native" synth --rows "$rows" --seed 1 --out in.csv --quiet
"$native" keygen signing --out s --unencrypted >/dev/null
"$native" budget set --dataset boston-secure-communities --epsilon 100 --ledger fresh.db >/dev/null
# Each release starts from the same unspent ledger (its files: l.db, l.db.key, ...).
printf 'rm -rf rel l.db l.db.*\nfor f in fresh.db fresh.db.*; do [ -e "$f" ] && cp "$f" "l.db${f#fresh.db}"; done\ntrue\n' >reset.sh
hyperfine --style basic -r 5 \
  --prepare "sh reset.sh; $cold" \
  -n "privacyshare release ($rows rows)" "$native release --in in.csv --spec $spec --out rel --ledger l.db --signing-key s.key --quiet" \
  -n "sqlite3 .import + GROUP BY" "sqlite3 :memory: -cmd '.import --csv in.csv arrests' < $here/reference/release.sql"

# hyperfine runs all of one command's runs, then the other's, so a machine whose load drifts (a shared
# host) favours one side. Pairs run back to back, each cold, share the same moment; the ratio of the
# medians is the figure least moved by the drift.
pairs=7
for i in $(seq "$pairs"); do
  sh reset.sh; sh cold.sh
  /usr/bin/time -f "%e" -a -o release.times "$native" release --in in.csv --spec "$spec" --out rel --ledger l.db --signing-key s.key --quiet
  sh cold.sh
  /usr/bin/time -f "%e" -a -o sqlite.times sh -c "sqlite3 :memory: -cmd '.import --csv in.csv arrests' < $here/reference/release.sql >/dev/null"
done
median() { sort -n "$1" | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
echo "interleaved, $pairs cold pairs: release median $(median release.times) s ($(sort -n release.times | head -n 1)-$(sort -n release.times | tail -n 1)), sqlite3 median $(median sqlite.times) s ($(sort -n sqlite.times | head -n 1)-$(sort -n sqlite.times | tail -n 1)): $(awk -v r="$(median release.times)" -v q="$(median sqlite.times)" 'BEGIN {printf "%.2f", q / r}')x"

sh reset.sh
/usr/bin/time -f "%M" -o rss "$native" release --in in.csv --spec "$spec" --out rel --ledger l.db --signing-key s.key >summary 2>&1
people=$(grep -o '[0-9,]* people' summary | head -n 1 | tr -d ', people' || true)
echo "release peak RSS at $rows rows: $(( $(cat rss) / 1024 )) MB${people:+ for $people people}"
