#!/bin/bash
# The sqlite3 shell printing the raw rows kttt shows (median of 9 by hyperfine): the peer
# beside tools/bench/compare.py. Usage: tools/bench/peer.sh DB (the national synthetic country).
DB=$1
hf() { hyperfine -N -w 2 -r 9 --export-json /tmp/hf.json "$1" >/dev/null 2>&1; python3 -c "import json;print('peer\t$2\t%.1f ms'%(json.load(open('/tmp/hf.json'))['results'][0]['median']*1000))"; }
hf "sqlite3 -readonly $DB \"SELECT indicator, org_unit, year, kind, funding, value FROM value WHERE org_unit = 'P01' AND year BETWEEN 2024 AND 2027\"" "show P01 rows"
hf "sqlite3 -readonly $DB \"SELECT indicator, org_unit, year, kind, funding, value FROM value WHERE org_unit = 'X00001' AND year BETWEEN 2024 AND 2027\"" "show commune rows"
hf "sqlite3 -readonly $DB \"SELECT * FROM audit ORDER BY id DESC LIMIT 50\"" "log VN rows"
hf "sqlite3 -readonly $DB \"SELECT o.code, v.year, v.kind, v.value FROM org_unit o JOIN value v ON v.org_unit = o.code WHERE o.parent = 'VN' AND v.indicator = 'htx.total' AND v.funding = 'total' AND v.year BETWEEN 2024 AND 2027\"" "by-unit VN rows"
