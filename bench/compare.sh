#!/usr/bin/env bash
# compare.sh — build the same generated Markdown corpus with digest and with
# Hugo, alternating the two, and print wall time (median) and peak RSS of
# each as a Markdown table.
#
#   bench/compare.sh [--runs R] [--no-hugo] [--keep] [--corpus shared|project] [N...]
#                                                   (default N: 1000 10000)
#
# The corpus is ../shared/bench/gencorpus.py's by default (the one the Hugo
# site and its published timings were made for: sentences of the seed, tags
# from a Zipf law over N/4 names), or the project's own generator
# (bench/gencorpus, -format md) with --corpus project, whose invented
# people and places give digest's tagger many more tags to write pages for.
#
# digest builds are full builds (-full) into an emptied output folder (its
# build cache deleted too), so its incremental path (reusing unchanged
# files) does not flatter it; the "rebuild" column is the same build run
# again over that output, as on a working copy built before: the second
# rebuild is timed, the first having left the folder later rebuilds recycle. Hugo builds also start from an empty destination. Before
# each timed build the output is removed and the disk synced, so neither
# tool pays for the other's deletions. Both tools use all cores.
# The Hugo site is a copy of ../shared/bench/hugosite (override with
# HUGOSITE=DIR) with the corpus under content/stories/.
# Runs default to 3 below 10,000 stories and 1 from there (Hugo takes over a
# minute at 10,000); compare figures from one invocation only, never across
# invocations: the machine's load changes.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
hugosite=${HUGOSITE:-$root/../shared/bench/hugosite}
runs=""
hugo=1
corpus=shared
[ -f "$root/../shared/bench/gencorpus.py" ] || corpus=project
keep=0
sizes=()
while [ $# -gt 0 ]; do
	case $1 in
	--runs) runs=$2; shift 2 ;;
	--runs=*) runs=${1#--runs=}; shift ;;
	--no-hugo) hugo=0; shift ;;
	--keep) keep=1; shift ;;
	--corpus) corpus=$2; shift 2 ;;
	--corpus=*) corpus=${1#--corpus=}; shift ;;
	-h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "compare.sh: unknown flag $1" >&2; exit 2 ;;
	*) sizes+=("$1"); shift ;;
	esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)

if [ ! -x /usr/bin/time ]; then
	echo "compare.sh: /usr/bin/time (GNU time) is needed for peak RSS: sudo apt-get install time" >&2
	exit 1
fi
if [ $hugo = 1 ]; then
	if ! command -v hugo >/dev/null; then
		echo "compare.sh: hugo is not installed: sudo apt-get install hugo (or run with --no-hugo)" >&2
		exit 1
	fi
	if [ ! -d "$hugosite/layouts" ]; then
		echo "compare.sh: no Hugo site at $hugosite (set HUGOSITE=DIR)" >&2
		exit 1
	fi
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/digest-compare.XXXXXX")
if [ $keep = 0 ]; then
	trap 'rm -rf "$work"' EXIT
else
	echo "compare.sh: keeping $work" >&2
fi

(cd "$root" && go build -o "$work/digest" ./cmd/digest && go build -o "$work/gencorpus" ./bench/gencorpus)

# measure TOOL LOG CMD... runs CMD under GNU time and appends
# "seconds maxrss_kb" to LOG.
measure() {
	local log=$1
	shift
	/usr/bin/time -f '%e %M' -o "$work/time.out" "$@" >"$work/cmd.out" 2>&1 || {
		echo "compare.sh: failed: $*" >&2
		cat "$work/cmd.out" >&2
		exit 1
	}
	cat "$work/time.out" >>"$log"
}

# median COLUMN LOG prints the median of a column of LOG.
median() {
	sort -g -k"$1","$1" "$2" | awk -v c="$1" '{v[NR]=$c} END {
		if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2] + v[NR/2+1]) / 2 }'
}

human_mb() { awk '{printf "%.0f MB", $1 / 1024}' <<<"$1"; }

rows=()
for n in "${sizes[@]}"; do
	r=${runs:-$([ "$n" -lt 10000 ] && echo 3 || echo 1)}
	site=$work/site-$n
	if [ "$corpus" = shared ]; then
		python3 "$root/../shared/bench/gencorpus.py" "$n" "$site/content/stories" >/dev/null
		printf 'title: Synthetic Digest\nbase_url: https://example.org/\n' >"$site/digest.yaml"
	else
		"$work/gencorpus" -q -n "$n" -out "$site" -format md
	fi
	if [ $hugo = 1 ]; then
		hs=$work/hugo-$n
		cp -r "$hugosite" "$hs"
		mkdir -p "$hs/content"
		cp -r "$site/content/stories" "$hs/content/stories"
	fi
	dlog=$work/digest-$n.log
	hlog=$work/hugo-$n.log
	rlog=$work/rebuild-$n.log
	: >"$rlog"
	: >"$dlog"
	: >"$hlog"
	for i in $(seq "$r"); do
		# Alternate which tool goes first, so neither always gets the
		# warmer page cache or the quieter moment.
		order="digest hugo"
		[ $((i % 2)) = 0 ] && order="hugo digest"
		for tool in $order; do
			case $tool in
			digest)
				rm -rf "$work/out-digest" "$work/.out-digest.digest-cache"
				sync
				measure "$dlog" "$work/digest" build -full -src "$site" -out "$work/out-digest"
				echo "n=$n run $i digest: $(tail -1 "$dlog") ($(tail -1 "$work/cmd.out"))" >&2
				dfiles=$(find "$work/out-digest" -type f | wc -l)
				# The same build again over its own output, as a rebuild
				# on a working copy is. The first rebuild keeps the first
				# output as its successor's staging folder; the second,
				# timed, recycles it as every later rebuild does.
				"$work/digest" build -full -src "$site" -out "$work/out-digest" >/dev/null 2>&1
				sync
				measure "$rlog" "$work/digest" build -full -src "$site" -out "$work/out-digest"
				echo "n=$n run $i digest rebuild: $(tail -1 "$rlog")" >&2
				;;
			hugo)
				[ $hugo = 1 ] || continue
				rm -rf "$work/out-hugo" "$hs/resources"
				sync
				measure "$hlog" hugo --quiet --source "$hs" --destination "$work/out-hugo"
				hfiles=$(find "$work/out-hugo" -type f | wc -l)
				echo "n=$n run $i hugo: $(tail -1 "$hlog") ($hfiles files)" >&2
				;;
			esac
		done
	done
	dt=$(median 1 "$dlog")
	dm=$(median 2 "$dlog")
	rt=$(median 1 "$rlog")
	if [ $hugo = 1 ]; then
		ht=$(median 1 "$hlog")
		hm=$(median 2 "$hlog")
		rows+=("$(printf '| %s | %d | %.2f s | %.2f s | %.2f s | %.1f× | %s | %s | %.2f× | %s | %s |' \
			"$n" "$r" "$dt" "$rt" "$ht" "$(awk -v a="$ht" -v b="$dt" 'BEGIN{print a/b}')" \
			"$(human_mb "$dm")" "$(human_mb "$hm")" "$(awk -v a="$hm" -v b="$dm" 'BEGIN{print a/b}')" "$dfiles" "$hfiles")")
	else
		rows+=("$(printf '| %s | %d | %.2f s | %.2f s | – | – | %s | – | – | %s | – |' "$n" "$r" "$dt" "$rt" "$(human_mb "$dm")" "$dfiles")")
	fi
done

echo
dirty=""
(cd "$root" && git diff --quiet HEAD 2>/dev/null) || dirty=" (+ working tree)"
echo "$(nproc) cores, $(hugo version 2>/dev/null | awk '{print "Hugo", $2}' || true), digest $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '?')$dirty, $(date -u +%Y-%m-%d)"
echo
echo "Corpus: $corpus."
echo
echo "| Stories | Runs | digest wall | digest rebuild | Hugo wall | Hugo ÷ digest | digest peak RSS | Hugo peak RSS | Hugo ÷ digest | digest files | Hugo files |"
echo "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
printf '%s\n' "${rows[@]}"
echo
echo "Wall: median of the runs; peak RSS: median of GNU time's maximum resident set size. digest: build -full into an emptied folder; rebuild: the same build again over that output (the second such rebuild). Each tool's output folder is removed and the disk synced before its run."
