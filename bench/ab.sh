#!/usr/bin/env bash
# ab.sh — time two versions of digest against each other on one corpus,
# alternating them, and print medians: how the README's "before → after"
# rows are measured.
#
#   bench/ab.sh [--pairs P] [--stories N] [--edit | --first-edit] OLD NEW
#
# OLD and NEW are git revisions of this repository (built into a temporary
# folder) or paths to digest binaries. The corpus is
# ../shared/bench/gencorpus.py's, N stories (default 10000), made once in
# the temporary folder; the project's own generator stands in when
# ../shared is absent.
#
# Each version builds into an output folder of its own, once untimed, then
# P times (default 12) timed with GNU time, OLD and NEW taking turns, so
# that the machine's drift through the hour weighs on both alike:
#   - by default each timed build is `digest build -full` over the
#     version's own previous output (the "full build" of issue 6);
#   - with --edit, a paragraph is appended to one story before each timed
#     build, which is an ordinary incremental `digest build` (the "one
#     edited story" case; two untimed edit builds write the memos first);
#   - with --first-edit, each timed build is the edit after a first
#     build, as in a fresh clone: before it, the version's output and
#     build cache are deleted and an untimed plain `digest build` makes
#     them anew.
# It prints every run, then each version's median and range of wall time,
# median user and system CPU, peak RSS, and how many pairs NEW won.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
pairs=12 stories=10000 edit= first=
while [ $# -gt 0 ]; do
	case $1 in
	--pairs) pairs=$2; shift 2 ;;
	--stories) stories=$2; shift 2 ;;
	--edit) edit=1; shift ;;
	--first-edit) edit=1 first=1; shift ;;
	-h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "ab.sh: unknown flag $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -eq 2 ] || { echo "usage: bench/ab.sh [--pairs P] [--stories N] [--edit | --first-edit] OLD NEW" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "ab.sh: needs GNU time (/usr/bin/time)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# binary NAME REV-OR-PATH: a digest binary at $work/NAME.
binary() {
	if [ -x "$2" ] && [ -f "$2" ]; then
		cp "$2" "$work/$1"
		return
	fi
	local src=$work/src-$1
	mkdir -p "$src"
	git -C "$root" archive "$2" | tar -x -C "$src"
	(cd "$src" && go build -o "$work/$1" ./cmd/digest)
	rm -rf "$src"
}
binary old "$1"
binary new "$2"

site=$work/site
mkdir -p "$site/content"
if [ -f "$root/../shared/bench/gencorpus.py" ]; then
	python3 "$root/../shared/bench/gencorpus.py" "$stories" "$site/content/stories" >/dev/null
	printf 'title: Synthetic Digest\nbase_url: https://example.org/\n' >"$site/digest.yaml"
else
	(cd "$root" && go run ./bench/gencorpus -q -n "$stories" -out "$site" -format md)
fi
victim=$(find "$site/content" -name '*.md' | sort | sed -n "$((stories / 2 + 1))p")

flags=-full
[ -n "$edit" ] && flags=
for v in old new; do
	"$work/$v" build -full -src "$site" -out "$work/out-$v" >/dev/null 2>&1
	# Two untimed edit builds: -full writes no memos, the first fills
	# them (see README, "Speed"), the second is an edit like the timed.
	for w in 1 2; do
		[ -n "$edit" ] || break
		printf '\nWarm-up paragraph %s %s.\n' "$v" "$w" >>"$victim"
		"$work/$v" build -src "$site" -out "$work/out-$v" >/dev/null 2>&1
	done
done
# The corpus and outputs just written would otherwise most likely be
# written back to disk during the first timed builds (the kernel writes
# dirty pages out about 30 s after): in one run the first pairs took
# 0.2-0.3 s longer, for both versions.
sync
for i in $(seq "$pairs"); do
	for v in old new; do
		if [ -n "$first" ]; then
			rm -rf "$work/out-$v" "$work/.out-$v.digest-cache"
			"$work/$v" build -src "$site" -out "$work/out-$v" >/dev/null 2>&1
		fi
		[ -n "$edit" ] && printf '\nEdited paragraph %s %s.\n' "$v" "$i" >>"$victim"
		/usr/bin/time -f "$v %e %U %S %M" "$work/$v" build $flags -src "$site" -out "$work/out-$v" 2>&1 >/dev/null | grep "^$v "
	done
done | tee "$work/runs"

awk -v pairs="$pairs" '
	{ wall[$1, ++n[$1]] = $2; user[$1, n[$1]] = $3; sys[$1, n[$1]] = $4; rss[$1, n[$1]] = $5 }
	function median(a, v,   i, j, k, x, t) {
		k = n[v]
		for (i = 1; i <= k; i++) x[i] = a[v, i]
		for (i = 2; i <= k; i++) for (j = i; j > 1 && x[j - 1] > x[j]; j--) { t = x[j]; x[j] = x[j - 1]; x[j - 1] = t }
		return k % 2 ? x[(k + 1) / 2] : (x[k / 2] + x[k / 2 + 1]) / 2
	}
	function lo(a, v,   i, m) { m = a[v, 1]; for (i = 2; i <= n[v]; i++) if (a[v, i] < m) m = a[v, i]; return m }
	function hi(a, v,   i, m) { m = a[v, 1]; for (i = 2; i <= n[v]; i++) if (a[v, i] > m) m = a[v, i]; return m }
	END {
		for (i = 1; i <= pairs; i++) if (wall["new", i] < wall["old", i]) won++
		for (v = 0; v < 2; v++) {
			name = v ? "new" : "old"
			printf "%s: wall %.2f s (%.2f–%.2f), user %.2f s, sys %.2f s, peak RSS %.0f–%.0f MB\n", name,
				median(wall, name), lo(wall, name), hi(wall, name), median(user, name), median(sys, name),
				lo(rss, name) / 1024, hi(rss, name) / 1024
		}
		printf "new faster in %d of %d pairs\n", won, pairs
	}' "$work/runs"
