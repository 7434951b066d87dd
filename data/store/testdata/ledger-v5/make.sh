#!/bin/sh
# make.sh makes the migration test's data: ledger-v5.db, a ledger of schema
# version 5 written by the release before plan years, and what a release of
# schema version 5 prints about it (want-*). Run it from this folder:
#
#	sh make.sh ledger [COMMIT]    write the ledger with COMMIT (default
#	                              4a9fc79), then record its outputs
#	sh make.sh outputs COMMIT     record the outputs again with COMMIT, e.g.
#	                              the main the branch is rebased on, once a
#	                              status rule or the report's layout changed
#	                              there (the ledger is not touched)
#
# Either builds the release from `git archive COMMIT`. The ledger is written
# with helper/ added (for the clerk's settings, due-date overrides and
# filling return templates, which the command line cannot do): entries of
# several units and months (long texts included), evidence (one file over
# 1 MiB, so that its blob has several chunks), two imported returns
# (template → fill → import), closed and reopened months, indicator values
# and targets, and the audit log they leave. The outputs are read from a
# copy, so the committed ledger stays as written. The test compares them
# with what this program prints after migrating the ledger.
set -eu
mode=${1:-}
case $mode in
ledger) commit=${2:-4a9fc79} ;;
outputs) commit=${2:?"outputs needs a commit"} ;;
*) echo "usage: sh make.sh ledger [COMMIT] | outputs COMMIT" >&2; exit 2 ;;
esac
here=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$(git -C "$here" rev-parse --show-toplevel)
git -C "$root" archive "$commit" | tar -x -C "$work"
(cd "$work" && go build -tags migrated_fynedo -o "$work/tz" .)
db=$work/ledger.db
tz() { "$work/tz" --db "$db" "$@" 2>"$work/stderr" || { cat "$work/stderr"; exit 1; }; }
say() { printf '%s\n' "$1" >"$work/$2"; }

if [ "$mode" = ledger ]; then
cp -r "$here/helper" "$work/fixturehelper"
(cd "$work" && go build -tags migrated_fynedo -o "$work/helper" ./fixturehelper)
"$work/helper" settings "$db"
long=$(awk 'BEGIN { for (i = 1; i <= 60; i++) printf "第%d段：完成施工工地扬尘检查，督促整改到位，建立问题台账并逐项销号。\n", i }')
for m in 2023-03 2023-04 2023-05 2023-06; do
	tz progress set --unit 区水务局 --month $m --measure 2-1.10.1 --status 序时推进 --progress "$m 水务：$long" --problems "雨季排水压力" --next "继续巡查"
	tz progress set --unit 区生态环境局 --month $m --measure 1.1.1 --status 序时推进 --progress "$m 生态环境：编制方案" --next "报审"
	tz progress set --unit 区教委 --month $m --measure 1.10.2 --status 未启动
done
tz progress set --unit 区水务局 --month 2023-05 --measure 3.2.1 --status 滞后 --problems "资金未到位"
tz progress set --unit 区水务局 --month 2023-06 --measure 3.2.1 --status 已完成 --progress "全部完成"
tz progress set --unit 德胜街道 --month 2023-04 --measure 1.10.2 --status 不涉及

head -c 1572864 /dev/urandom >"$work/现场照片-大.jpg"
say "整改前后对比说明" 说明.txt
printf '%%PDF-1.4\n%% fixture\n' >"$work/验收报告.pdf"
tz evidence add --unit 区水务局 --month 2023-05 --measure 2-1.10.1 --desc "现场照片" "$work/现场照片-大.jpg" "$work/说明.txt"
tz evidence add --unit 区生态环境局 --month 2023-06 --measure 1.1.1 "$work/验收报告.pdf"
tz evidence add --unit 区水务局 --month 2023-06 --measure 3.2.1 --desc "同一文件再次提交" "$work/说明.txt"

for u in 德胜街道:2023-06 区园林绿化局:2023-06; do
	unit=${u%%:*} m=${u#*:}
	tz return template --unit "$unit" --month "$m" -o "$work/tpl-$unit.xlsx"
	"$work/helper" fill "$work/tpl-$unit.xlsx" "$work/$unit-$m.xlsx" "$unit"
	tz return import "$work/$unit-$m.xlsx" --yes >/dev/null
done

for m in 2023-03 2023-04 2023-05 2023-06; do
	tz indicator set --area 德胜街道 --indicator pm25 --month $m --value 3${m#2023-0}.5
	tz indicator set --area 西城区 --indicator pm25 --month $m --value 3$((${m#2023-0} + 1))
done
tz indicator set --area 德胜街道 --indicator pm25 --month 2023-05 --value ""
tz indicator target --annex 2-2 --area 德胜街道 --indicator pm25 --value 28
tz indicator target --annex 2-2 --area 西城区 --indicator pm25 --value "30左右"

tz month close 2023-03
tz month close 2023-04
tz month reopen 2023-04
tz month close 2023-05

"$work/tz" --db "$db" check --full >/dev/null
cp "$db" "$here/../ledger-v5.db"
else
cp "$here/../ledger-v5.db" "$db"
fi
echo "$commit" >"$here/want-commit.txt"
tz progress show --month 2023-06 >"$here/want-progress-2023-06.json"
tz progress show --month 2023-05 --unit 区水务局 --format text >"$here/want-progress-2023-05-water.txt"
tz audit >"$here/want-audit.txt"
tz plan export --format json >"$here/want-plan.json"
tz plan units >"$here/want-units.txt"
tz report --month 2023-06 -o "$work/report.pdf"
pdftotext -layout "$work/report.pdf" "$here/want-report-2023-06.txt"
