#!/usr/bin/env bash
# editcheck.sh — check that incremental builds equal full builds after a
# sequence of edits, byte for byte.
#
#   bench/editcheck.sh [--stories N] [DIGEST]
#
# DIGEST is a digest binary (default: built from this checkout). The
# Markdown site is ../shared/bench/gencorpus.py's, N stories (default
# 2000; the project's own generator stands in when ../shared is absent);
# the raw-text site is ../shared/corpus/dev/bundles' text, copied into a
# temporary folder and skipped when absent. After each edit (append,
# retitle, retag, delete, add a retelling, redate, rewrite two stories,
# shrink one, change the config; for the raw text: append, drop a first
# line, delete a file) the site is built incrementally into the same
# folder and with -full into a new one, and the two are compared with
# diff -r. It prints each difference and exits 1 if there is any.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
stories=2000
while [ $# -gt 0 ]; do
	case $1 in
	--stories) stories=$2; shift 2 ;;
	-h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "editcheck.sh: unknown flag $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=${1:-}
if [ -z "$bin" ]; then
	bin=$work/digest
	(cd "$root" && go build -o "$bin" ./cmd/digest)
fi

md=$work/md
mkdir -p "$md/content"
if [ -f "$root/../shared/bench/gencorpus.py" ] && command -v python3 >/dev/null; then
	python3 "$root/../shared/bench/gencorpus.py" "$stories" "$md/content" >/dev/null
	printf 'title: Edit check\nbase_url: https://example.org/\n' >"$md/digest.yaml"
else
	(cd "$root" && go run ./bench/gencorpus -q -n "$stories" -out "$md" -format md)
fi

rc=0
n=0
# check SITE LABEL: an incremental build of SITE against a full one.
check() {
	local site=$1 label=$2
	n=$((n + 1))
	if ! "$bin" build -future -src "$site" -out "$site.inc" >/dev/null 2>"$work/err"; then
		echo "$label: the incremental build failed: $(tail -2 "$work/err")"
		rc=1
		return
	fi
	rm -rf "$site.full" "$(dirname "$site")/.$(basename "$site").full.digest-cache"
	"$bin" build -full -future -src "$site" -out "$site.full" >/dev/null 2>&1
	if ! diff -rq "$site.inc" "$site.full" >/dev/null; then
		echo "$label: the incremental build differs from the full one:"
		diff -r "$site.inc" "$site.full" | head -8
		rc=1
	fi
}
# nth N DIR: the Nth file of DIR, by name.
nth() { find "$2" -type f | sort | sed -n "$1p"; }

c=$md/content
check "$md" start
check "$md" "nothing changed"
printf '\nA new paragraph about Tehran and the United Nations, said Ali Khamenei.\n' >>"$(nth 11 "$c")"
check "$md" append
sed -i 's/^title: .*/title: "A wholly new headline about Germany"/' "$(nth 21 "$c")"
check "$md" retitle
sed -i 's/^tags: .*/tags: ["Peace", "Brand New Tag"]/' "$(nth 31 "$c")"
check "$md" retag
rm "$(nth 41 "$c")"
check "$md" delete
cp "$(nth 50 "$c")" "$c/zz-retelling.md"
check "$md" "add a retelling"
sed -i 's/^date: .*/date: 2023-01-02T08:00:00Z/' "$(nth 60 "$c")"
check "$md" redate
sed -i 's/Iran/Syria/g' "$(nth 70 "$c")" "$(nth 71 "$c")"
check "$md" "rewrite two"
printf -- '---\ntitle: "Short"\ndate: 2024-07-14T08:03:00Z\n---\n\nOne line.\n' >"$(nth 80 "$c")"
check "$md" shrink
sed -i 's/^base_url: .*/base_url: https:\/\/other.example\//' "$md/digest.yaml"
check "$md" config

bundles=$root/../shared/corpus/dev/bundles
if [ -d "$bundles" ]; then
	raw=$work/raw
	mkdir -p "$raw/content"
	cp "$bundles"/*.txt "$raw/content/"
	printf 'title: Edit check\nbase_url: https://example.org/\n' >"$raw/digest.yaml"
	r=$raw/content
	check "$raw" start
	printf '\nThe minister said on Tuesday that talks would resume.\n' >>"$(nth 4 "$r")"
	check "$raw" append
	sed -i '1d' "$(nth 7 "$r")"
	check "$raw" "drop a first line"
	rm "$(nth 9 "$r")"
	check "$raw" delete
else
	echo "editcheck.sh: $bundles is absent; the raw-text edits are skipped"
fi
[ $rc = 0 ] && echo "OK: after $n builds, each incremental build equals a full build"
exit $rc
