#!/usr/bin/env bash
# pairs.sh — compare two digest binaries' edit builds closely: the time
# each build reports itself ("built … in"), which leaves out starting
# and ending the process, over many alternating pairs on an existing site.
#
#   bench/pairs.sh [--pairs P] SITE OLD NEW
#
# SITE is a site folder (digest.yaml, content/) whose first story file in
# name order, after the middle one, gets a paragraph appended before each
# build; OLD and NEW are binaries. Each builds into an output folder of
# its own in SITE (pub-old, pub-new), three untimed edit builds first.
# It prints the median of each and the median of the pairs' differences,
# with how many pairs NEW won: a change of 10-20 ms shows in 30 pairs
# where the whole process's time, on this shared machine, does not.
set -euo pipefail
pairs=30
if [ "${1:-}" = --pairs ]; then pairs=$2; shift 2; fi
[ $# -eq 3 ] || { echo "usage: bench/pairs.sh [--pairs P] SITE OLD NEW" >&2; exit 2; }
site=$1 old=$2 new=$3
n=$(find "$site/content" -name '*.md' | wc -l)
victim=$(find "$site/content" -name '*.md' | sort | sed -n "$((n / 2 + 1))p")
took() { # took BIN OUT: one edit build, its own time in ms
	printf '\nPaired paragraph %s.\n' "$RANDOM" >>"$victim"
	"$1" build -src "$site" -out "$2" 2>/dev/null | sed -n 's/.* in \([0-9.]*\)\(m\{0,1\}s\)$/\1 \2/p' |
		awk '{ print ($2 == "s") ? $1 * 1000 : $1 }'
}
for v in old new; do
	bin=$old; [ $v = new ] && bin=$new
	for w in 1 2 3; do took "$bin" "$site/pub-$v" >/dev/null; done
done
sync
# Which goes first alternates: the second build of a pair gained about
# 20 ms from the first in a test of one binary against itself.
for i in $(seq "$pairs"); do
	if [ $((i % 2)) = 1 ]; then
		o=$(took "$old" "$site/pub-old")
		n=$(took "$new" "$site/pub-new")
	else
		n=$(took "$new" "$site/pub-new")
		o=$(took "$old" "$site/pub-old")
	fi
	echo "$o $n"
done | awk '
	{ o[NR] = $1; n[NR] = $2; d[NR] = $2 - $1; if ($2 < $1) won++ }
	function median(a, k,   i, j, t) {
		for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
		return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
	}
	END {
		printf "old %.0f ms, new %.0f ms (medians); new - old: median %+.0f ms; new faster in %d of %d pairs\n",
			median(o, NR), median(n, NR), median(d, NR), won, NR
	}'
