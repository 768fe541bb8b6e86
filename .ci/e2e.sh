#!/usr/bin/env bash
# Browser checks of the built site (issue 5).
#
#   .ci/e2e.sh install     install what internal/e2e needs: Debian's chromium,
#                          a JRE and fonts (apt), axe-core and vnu-jar (npm,
#                          into .ci/node)
#   .ci/e2e.sh [test]      install, then go test ./internal/e2e with CI=true
#                          (a missing tool fails instead of skipping)
#   .ci/e2e.sh screenshots install, then refresh docs/{home,story}-{light,dark}.png
#   .ci/e2e.sh lighthouse  install lighthouse too, serve a fresh build on a
#                          loopback port and print the four category scores of
#                          the home page, a story and a tag page (not for CI)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
tools="$PWD/.ci/node"

install() {
  local pkgs=()
  command -v chromium >/dev/null || pkgs+=(chromium)
  command -v java >/dev/null || pkgs+=(default-jre-headless)
  # Text needs fonts to render, and axe's contrast checks need rendered text.
  fc-list 2>/dev/null | grep -q . || pkgs+=(fonts-dejavu-core fonts-liberation)
  if [ ${#pkgs[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
  fi
  mkdir -p "$tools"
  local npm_pkgs=()
  [ -f "$tools/node_modules/axe-core/axe.min.js" ] || npm_pkgs+=(axe-core@4)
  [ -f "$tools/node_modules/vnu-jar/build/dist/vnu.jar" ] || npm_pkgs+=(vnu-jar)
  if [ ${#npm_pkgs[@]} -gt 0 ]; then
    # The jar ships in vnu-jar; its postinstall would only try to download a
    # JRE, which this network does not allow: java comes from apt above.
    npm install --silent --no-audit --no-fund --ignore-scripts --prefix "$tools" "${npm_pkgs[@]}" >/dev/null
  fi
}

lighthouse() {
  [ -x "$tools/node_modules/.bin/lighthouse" ] ||
    npm install --silent --no-audit --no-fund --prefix "$tools" lighthouse >/dev/null
  local port
  lh_tmp=$(mktemp -d)
  trap 'kill "${lh_srv:-}" 2>/dev/null || true; rm -rf "$lh_tmp"' EXIT
  local tmp=$lh_tmp
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  go build -o "$tmp/digest" ./cmd/digest
  "$tmp/digest" build -src . -out "$tmp/public" -base-url "http://127.0.0.1:$port/" >/dev/null
  python3 -m http.server "$port" --bind 127.0.0.1 --directory "$tmp/public" >/dev/null 2>&1 &
  lh_srv=$!
  sleep 1
  # The first story and the first tag chip that the home page links to.
  local home story tag
  home="http://127.0.0.1:$port/"
  story=$(grep -o '<h3 class="card-title"><a href="[^"]*"' "$tmp/public/index.html" | head -1 | sed 's/.*href="//; s/"$//')
  tag=$(grep -o '<a class="chip[^"]*" href="[^"]*"' "$tmp/public/index.html" | grep -v 'count' | head -1 | sed 's/.*href="//; s/"$//')
  for page in "$home" "${story/#\//$home}" "${tag/#\//$home}"; do
    CHROME_PATH=${CHROME_PATH:-$(command -v chromium)} "$tools/node_modules/.bin/lighthouse" \
      "$page" --quiet --output=json --output-path="$tmp/lh.json" \
      --only-categories=performance,accessibility,best-practices,seo \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir=$tmp/profile"
    node -e '
      const r = require(process.argv[1]);
      const s = Object.values(r.categories).map(c => c.id + " " + Math.round(c.score * 100)).join(", ");
      console.log(r.finalDisplayedUrl + ": " + s);
      for (const c of Object.values(r.categories))
        for (const ref of c.auditRefs) {
          const a = r.audits[ref.id];
          if (ref.weight > 0 && a.score !== null && a.score < 1) console.log("  " + c.id + ": " + a.id + " " + a.score + " " + a.title);
        }' "$tmp/lh.json"
  done
}

case "${1:-test}" in
install) install ;;
test) install && CI=true go test -count=1 ./internal/e2e ;;
screenshots) install && go test -count=1 ./internal/e2e -run TestScreenshots -screenshots ;;
lighthouse) install && lighthouse ;;
*) sed -n '2,12p' "$0" >&2; exit 2 ;;
esac
