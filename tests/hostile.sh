#!/bin/sh
# The bad inputs of issue 20, each through the real `dipkg` command: every one must end in a
# message with exit 1 (invalid data) or 2 (usage, runtime), never a traceback or exit 3.
#   sh tests/hostile.sh > /tmp/hostile.log; grep -c Traceback /tmp/hostile.log   # 0
# Prints "case: exit N" and the command's output for each. Needs a venv with dipkg (make install).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
D="$ROOT/.venv/bin/dipkg"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
S="$W/store"
"$D" build --store "$S" >/dev/null 2>&1 || { echo "cannot build the shipped data"; exit 2; }

run() {   # run NAME COMMAND...: the command's output and exit code
    name=$1; shift
    out=$("$@" 2>&1); code=$?
    echo "== $name: exit $code"
    echo "$out" | head -8
}

fresh() {   # a copy of data/ in $W/data
    rm -rf "$W/data"; cp -r "$ROOT/data" "$W/data"
}

py() { "$ROOT/.venv/bin/python" -c "$@"; }

# -- data packages of the wrong shape --------------------------------------------------------------
fresh; echo '{}' > "$W/data/datapackage.json";            run "package {}" "$D" build --data "$W/data" --store "$S"
fresh; echo '[]' > "$W/data/datapackage.json";            run "package []" "$D" build --data "$W/data" --store "$S"
fresh; py "import json,sys; p='$W/data/datapackage.json'; d=json.load(open(p)); del d['resources'][0]['name']; json.dump(d,open(p,'w'))"
run "resource without a name" "$D" build --data "$W/data" --store "$S"
fresh; py "import json; p='$W/data/datapackage.json'; d=json.load(open(p)); d['resources'][0]['schema']['fields'][0]['type']='colour'; json.dump(d,open(p,'w'))"
run "unknown field type" "$D" build --data "$W/data" --store "$S"
fresh; py "import json; p='$W/data/datapackage.json'; d=json.load(open(p)); d['resources']=[r for r in d['resources'] if 'recogni' not in r['name']]; json.dump(d,open(p,'w'))"
run "package without the recognition tables" "$D" build --data "$W/data" --store "$S"

# -- cells ------------------------------------------------------------------------------------------
fresh; printf 'CRI-XKX2,CRI,XKX,2008-02-17,,wp-recognition-of-kosovo,caf\351\n' >> "$W/data/recognitions.csv"
run "a Latin-1 byte" "$D" build --data "$W/data" --store "$S"
fresh; py "import csv; p='$W/data/recognitions.csv'; r=list(csv.reader(open(p))); r[3][-1]='x'*200000; csv.writer(open(p,'w',newline=''),lineterminator='\n').writerows(r)"
run "a cell over 128 KiB (accepted)" "$D" validate --data "$W/data"
fresh; sed -i '2s/,3.4,/,NaN,/' "$W/data/indicators.csv";  run "NaN in indicators" "$D" build --data "$W/data" --store "$S"
fresh; sed -i '2s/,3.4,/,inf,/' "$W/data/indicators.csv";  run "inf in indicators" "$D" build --data "$W/data" --store "$S"
fresh; sed -i 's/^CRI-XKX,CRI,XKX,2008-02-17,/CRI-XKX,CRI,XKX,1850-02-17,/' "$W/data/recognitions.csv"
run "a recognition of Kosovo in 1850" "$D" build --data "$W/data" --store "$S"
fresh; sed -i 's/^CRI-XKX,CRI,XKX,2008-02-17,/CRI-XKX,CRI,XKX,2099-02-17,/' "$W/data/recognitions.csv"
run "a recognition of Kosovo in 2099" "$D" build --data "$W/data" --store "$S"
fresh; sed -i 's/^AFG,state,AF,AFG,Afghanistan,member,1946-11-19,/AFG,state,AF,AFG,Afghanistan,member,1900-11-19,/' "$W/data/states.csv"
run "a UN admission in 1900" "$D" build --data "$W/data" --store "$S"
fresh; py "import csv; p='$W/data/sources.csv'; r=list(csv.reader(open(p))); i=[n for n,x in enumerate(r) if x[4]][0]; r[i][4]='2099-01-01'; csv.writer(open(p,'w',newline=''),lineterminator='\n').writerows(r)"
run "an access date in the future" "$D" build --data "$W/data" --store "$S"
fresh; sed -i '2s/,1500000,/,1000000000000000000000000000000,/' "$W/data/follower_observations.csv"
run "10^30 followers" "$D" build --data "$W/data" --store "$S"
fresh; printf 'CRI-XKX2,CRI,XKX,2008-02-17,,wp-recognition-of-kosovo,a\001b\n' >> "$W/data/recognitions.csv"
run "a control byte" "$D" build --data "$W/data" --store "$S"
fresh; printf 'CRI-XKX2,CRI,XKX,2008-02-17,,wp-recognition-of-kosovo,\033[31mred\n' >> "$W/data/recognitions.csv"
run "an ANSI escape" "$D" build --data "$W/data" --store "$S"
fresh; sed -i '17s/,41.2,/,-5,/' "$W/data/indicators.csv";  run "a share of -5 %" "$D" build --data "$W/data" --store "$S"
fresh; sed -i '17s/,41.2,/,150,/' "$W/data/indicators.csv"; run "a share of 150 %" "$D" build --data "$W/data" --store "$S"
fresh; sed -i '2s/^\(CRI-XKX,CRI,XKX,2008-02-17,,\)/\1"/' "$W/data/recognitions.csv"
run "an unbalanced quote" "$D" build --data "$W/data" --store "$S"

# -- stores -----------------------------------------------------------------------------------------
echo "my notes" > "$W/notes.txt"
run "build --store notes.txt" "$D" build --store "$W/notes.txt"
(cd "$W" && run "build --store ." "$D" build --store .)
cp -r "$S" "$W/damaged"; for f in "$W"/damaged/*.sst; do head -c 100 "$f" > "$f.cut" && mv "$f.cut" "$f"; done
run "a damaged store: query" "$D" query recognitions-by-region --store "$W/damaged"
run "a damaged store: build" "$D" build --store "$W/damaged"

# -- query files ------------------------------------------------------------------------------------
printf 'CONSTRUCT { ?s ?p ?o } WHERE { ?s a dk:State ; ?p ?o } LIMIT 2\n' > "$W/c.rq"; run "a CONSTRUCT file" "$D" query "$W/c.rq" --store "$S"
printf 'ASK { ?s a dk:State }\n' > "$W/a.rq";                                       run "an ASK file" "$D" query "$W/a.rq" --store "$S"
printf 'SELECT * WHERE { ?s ?p "caf\351" }\n' > "$W/l.rq";                           run "a .rq not UTF-8" "$D" query "$W/l.rq" --store "$S"
run "a SERVICE that fails" "$D" query recognisers-population -p endpoint=http://127.0.0.1:9/sparql --store "$S"

# -- imports ----------------------------------------------------------------------------------------
printf 'account,date,followers,source\nx-ediramaal,2012-05,11,"fixture\nx-ediramaal,2012-06,12,fixture\n' > "$W/q.csv"
run "an import with an unbalanced quote" "$D" import followers "$W/q.csv" --store "$S"
printf 'account,date,followers,source\nx-ediramaal,2012-05,1\0331,fixture\n' > "$W/e.csv"
run "an import with an ANSI escape" "$D" import followers "$W/e.csv" --store "$S"
mkdir -p "$W/a" "$W/b"; printf 'account,date,followers,source\nx-ediramaal,2012-05,11,fixture\n' > "$W/a/counts.csv"; cp "$W/a/counts.csv" "$W/b/"
"$D" import followers "$W/a/counts.csv" --store "$S" >/dev/null 2>&1
run "b/counts.csv after a/counts.csv" "$D" import followers "$W/b/counts.csv" --store "$S"
head -5 "$ROOT/tests/fixtures/imports/API_SL.UEM.1524.ZS_DS2_en_csv_v2_test.csv" > "$W/wb.csv"
grep '"Albania"' "$ROOT/tests/fixtures/imports/API_SL.UEM.1524.ZS_DS2_en_csv_v2_test.csv" | head -1 | tee -a "$W/wb.csv" >> "$W/wb.csv"
run "a state and series twice" "$D" import indicators "$W/wb.csv" --store "$S"

# -- remote endpoints and Wikidata ------------------------------------------------------------------
run "push: a password in the URL, nothing listening" "$D" push --endpoint "http://alice:s3cret@127.0.0.1:9/query" --store "$S"
"$ROOT/.venv/bin/python" -m http.server --bind 127.0.0.1 18599 --directory "$W" >/dev/null 2>&1 & HTTP=$!
sleep 1
run "query --endpoint: a web server, not SPARQL" "$D" query recognitions-by-region --endpoint http://127.0.0.1:18599/query
kill $HTTP
run "link --review into a folder that does not exist" "$D" link wikidata --offline --review /nonexistent/dir/c.csv --store "$S"
