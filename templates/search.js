// digest search. Reads the index internal/search writes under search/:
// nothing is fetched until a search box is focused, then meta.json, the
// shards of the words typed and the documents of the results shown.
// Story data is shown with textContent only, never parsed as HTML.
(() => {
'use strict';
// ASCII only: a server may send this file without a charset.
const W = '[\\p{L}\\p{N}\\p{M}]', A = "['\\u2018\\u2019]";
const POSS = new RegExp(`(?<=${W})${A}s(?!${W})`, 'gu'), JOIN = new RegExp(`(?<=${W})${A}(?=${W})`, 'gu');
// Letters without a decomposition, as search.go's fold table.
const FOLD = {'\xdf': 'ss', '\xe6': 'ae', '\u0153': 'oe', '\xf8': 'o', '\u0142': 'l', '\u0111': 'd', '\xf0': 'd', '\xfe': 'th', '\u0131': 'i', '\u03c2': '\u03c3'};
const utf8 = new TextEncoder(), DIG = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VAL = {};
[...DIG].forEach((c, i) => VAL[c.charCodeAt(0)] = i);

// words splits text into terms exactly as the Go tokenizer does.
const words = s => (s.toLowerCase().normalize('NFD').replace(/\p{Mn}/gu, '')
  .replace(/[\xdf\xe6\u0153\xf8\u0142\u0111\xf0\xfe\u0131\u03c2]/g, c => FOLD[c]).normalize('NFC')
  .replace(POSS, '').replace(JOIN, '').match(new RegExp(W + '+', 'gu')) || [])
  .filter(w => utf8.encode(w).length <= 48);

const key = t => [...t].slice(0, 2).join('');
const fileKey = k => /^[a-z0-9]+$/.test(k) ? k : [...k].map(c => '_' + c.codePointAt(0).toString(16)).join('');

// decode calls f(doc, impact) for each posting of a list; see search.go.
function decode(s, f) {
  let doc = -1, v = 0, sh = 0;
  for (let i = 0; i < s.length; i++) {
    const d = VAL[s.charCodeAt(i)];
    v |= (d & 31) << sh;
    if (d < 32) { doc += (v >> 4) + 1; f(doc, (v & 15) + 1); v = sh = 0; } else sh += 5;
  }
}

// Index searches the index; get(name) resolves to the parsed JSON file.
function Index(get) {
  let meta;
  const cache = new Map();
  const file = name => {
    if (!cache.has(name)) cache.set(name, get(name + '.json?' + meta.hash).catch(e => { cache.delete(name); throw e; }));
    return cache.get(name);
  };
  let loading;
  const ready = () => loading ||= get('meta.json').then(m => { m.keys = new Set(m.keys); meta = m; }, e => { loading = null; throw e; });

  // shards lists the files that hold term t, and the next part too when
  // t is a prefix that continues there (one part more at most).
  function shards(t, pre) {
    const k = key(t);
    if (!meta.keys.has(k)) return [];
    const f = 't/' + fileKey(k), b = meta.parts[k] || [];
    let i = 0;
    while (i < b.length && b[i] <= t) i++;
    const names = [i ? f + '-' + i : f];
    if (pre && i < b.length && b[i].startsWith(t)) names.push(f + '-' + (i + 1));
    return names;
  }

  // search ranks the stories for query q: stories matching every word
  // first (a word whose list was truncated is not required), then by the
  // sum over words of idf * impact of the word's best matching term. The
  // last word also matches as a prefix, at 0.7 of the weight.
  async function search(q) {
    await ready();
    const ws = words(q), n = meta.n, pre = /[\p{L}\p{N}\p{M}]$/u.test(q);
    const per = await Promise.all(ws.map(async (t, wi) => {
      const p = pre && wi == ws.length - 1, cands = [];
      for (const arr of await Promise.all(shards(t, p).map(file)))
        for (let i = 0; i < arr.length; i += 3)
          if (arr[i] == t || p && arr[i].startsWith(t)) cands.push(arr.slice(i, i + 3));
      cands.sort((a, b) => (b[0] == t) - (a[0] == t) || b[1] - a[1]);
      const best = new Map();
      let req = cands.length > 0;
      for (const [term, df, post] of cands.slice(0, 20)) {
        const wt = Math.log(1 + (n - df + .5) / (df + .5)) * (term == t ? 1 : .7);
        let c = 0;
        decode(post, (d, imp) => { c++; if (!(best.get(d) >= wt * imp)) best.set(d, wt * imp); });
        if (c < df) req = false;
      }
      return {best, req};
    }));
    const score = new Map(), hits = new Map(), need = per.filter(w => w.req).length;
    for (const {best, req} of per)
      for (const [d, s] of best) { score.set(d, (score.get(d) || 0) + s); hits.set(d, (hits.get(d) || 0) + req); }
    const ids = [...score.keys()].sort((a, b) => hits.get(b) - hits.get(a) || score.get(b) - score.get(a) || a - b);
    const all = ids.filter(d => hits.get(d) == need);
    return all.length ? all : ids;
  }

  // docs fetches the stories with the given ids: {title, path, date, tags, snippet}.
  const docs = ids => Promise.all(ids.map(async id => {
    const [title, path, date, tags, snippet] = (await file('d/' + Math.floor(id / meta.chunk)))[id % meta.chunk];
    return {title, path, date, tags, snippet};
  }));
  return {ready, search, docs};
}

if (typeof document == 'undefined') { module.exports = {words, key, fileKey, decode, Index}; return; }

const root = document.currentScript.dataset.root || '/';
const index = Index(name => fetch(root + 'search/' + name, {cache: name == 'meta.json' ? 'no-cache' : 'default'})
  .then(r => r.ok ? r.json() : Promise.reject(new Error(name + ': ' + r.status))));
const results = document.getElementById('search-results');
const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text) e.textContent = text; return e; };

for (const input of document.querySelectorAll('input[name=q]')) {
  // The search page's own form drives its result list; any other box
  // gets a dropdown.
  const form = input.form, page = form.id == 'search-form' && results, more = page && document.getElementById('search-more');
  let list = page, status = page && document.getElementById('search-status'), seq = 0, timer, ids = [];
  if (!page) {
    list = el('ol', 'search-drop');
    list.hidden = true;
    status = el('p', 'visually-hidden');
    status.setAttribute('role', 'status');
    form.append(list, status);
  }
  const links = () => [...list.querySelectorAll('a')];
  // show lists results from…from+n of the current ids, unless a later
  // keystroke has started another search meanwhile.
  const show = async (from, n, my = seq, found = ids) => {
    const docs = await index.docs(found.slice(from, from + n));
    if (my != seq) return false;
    if (!from) list.replaceChildren();
    for (const d of docs) {
      const li = el('li'), a = el('a', '', d.title);
      a.href = root + d.path;
      li.append(a, ' ', el('span', 'meta', [d.date, d.tags.join(', ')].filter(Boolean).join(' \xb7 ')));
      if (d.snippet) li.append(el('p', 'snippet', d.snippet));
      list.append(li);
    }
    if (more) more.hidden = found.length <= from + n;
    return true;
  };
  const run = async () => {
    const q = input.value.trim(), my = ++seq;
    if (page) history.replaceState(null, '', q ? '?q=' + encodeURIComponent(q) : location.pathname);
    try {
      const found = q ? await index.search(input.value) : [];
      if (my != seq || !await show(0, page ? 20 : 8, my, ids = found)) return;
    } catch (e) {
      status.textContent = 'Search is unavailable: ' + e.message;
      return;
    }
    list.hidden = !page && !q;
    const n = ids.length;
    status.textContent = !q ? '' : n ? `${n} ${n == 1 ? 'story' : 'stories'} found` : 'No stories found';
  };
  input.addEventListener('focus', () => index.ready().catch(() => {}));
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, 80); });
  if (page) {
    form.addEventListener('submit', e => { e.preventDefault(); clearTimeout(timer); run(); });
    more?.addEventListener('click', () => show(list.children.length, 20));
    const q = new URLSearchParams(location.search).get('q');
    if (q) { input.value = q; run(); }
    continue;
  }
  // The dropdown: arrows move through the results, Escape closes it, and
  // Enter submits the form to the search page.
  form.addEventListener('keydown', e => {
    const l = links(), i = l.indexOf(document.activeElement);
    if (e.key == 'Escape') { list.hidden = true; input.focus(); }
    else if (e.key == 'ArrowDown' && l.length) l[Math.min(i + 1, l.length - 1)].focus();
    else if (e.key == 'ArrowUp' && i >= 0) (i ? l[i - 1] : input).focus();
    else return;
    e.preventDefault();
  });
  form.addEventListener('focusout', e => { if (!form.contains(e.relatedTarget)) list.hidden = true; });
  input.addEventListener('focus', () => { list.hidden = !input.value.trim(); });
}
})();
