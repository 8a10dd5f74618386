// Vietnamese site search, served as `pagefind/pagefind.js`: Pagefind's Component UI loads this
// module and calls Pagefind's documented JavaScript API (createInstance → search, filters), which
// is implemented here over the index that generator/search.py writes (format described there).
// Matching folds case and diacritics, đ included; every query word must match (the last one may be
// a prefix while the reader types). A record scores, per query word, idf × log2(1 + weighted count)
// (a name or title occurrence weighs 10 or 8, a story's 1), ×1.5 when an accented query word has
// the record's own spelling; the sum doubles when every word is in the record's name (×3 when the
// query is the whole name) and is ×1.5 when every word is in its name or title. Records spelling
// more of an accented query's words exactly come first, whatever their score.

const BUNDLE = new URL(".", import.meta.url);
const SITE = new URL("..", BUNDLE);
const MAX_COMPLETIONS = 6;   // index files fetched for an unfinished last word
const MIN_PREFIX = 2;        // "t" alone completes to nothing: too many words
const COMPLETION = 0.8;      // a completion of an unfinished word that is no word itself
const COMPLETION_OF_WORD = 0.3;  // "van" is a word: "vanh" is only a distant guess
const SAME_SPELLING = 1.5;   // accented query: exact spelling ranks first
const IN_NAME = 1, IN_TITLE = 2;  // flags of generator/search.py
const ALL_IN_NAME = 2, WHOLE_NAME = 1.5, ALL_IN_TITLE = 1.5;

export function fold(text) {
  return text.toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/\p{M}/gu, "");
}

const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;

/** Accented spelling, tone mark last (`hoà` = `hòa`); as `spelling` in generator/search.py. */
export function spelling(word) {
  const decomposed = word.toLowerCase().normalize("NFD");
  return decomposed.replace(TONES, "").normalize("NFC") + (decomposed.match(TONES) || []).join("");
}

const WORD = /[\p{L}\p{N}]+/gu;
const TOKEN = /[a-z0-9]+/g;
const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function gunzip(response) {
  if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status}`);
  if (typeof DecompressionStream === "undefined") throw new Error("trình duyệt không hỗ trợ DecompressionStream");
  // Read the whole file first: streaming the body straight into the decompressor cancels the
  // request when the gzip member ends, which browsers log as an aborted download.
  const stream = new Blob([await response.arrayBuffer()]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const decoder = new TextDecoder();

/** Query words → [{token, spelling|null, prefix}] (deduplicated by token). */
export function parseQuery(term) {
  const text = (term || "").normalize("NFC").toLowerCase();
  const terms = new Map();
  for (const word of text.match(WORD) || []) {
    const tokens = fold(word).match(TOKEN) || [];
    for (const token of tokens) {
      const spelled = tokens.length === 1 && word !== token ? spelling(word) : null;
      const known = terms.get(token);
      if (!known) terms.set(token, { token, spelling: spelled, prefix: false });
      else if (spelled && !known.spelling) known.spelling = spelled;
    }
  }
  const list = [...terms.values()];
  if (list.length && /[\p{L}\p{N}]$/u.test(text)) list[list.length - 1].prefix = true;
  return list;
}

/** One version of the index: what one entry file (index.json) names, and the files read so far.
 * Every file name carries a hash of its bytes, so this version's files never change under it. */
class Index {
  constructor(bundle, site, entry) {
    this.site = site;
    this.entry = entry;
    this.root = new URL(entry.root, bundle);
    this.postings = new Map();
    this.blocks = new Map();
  }

  async load() {
    const [vocabulary, facets] = await Promise.all([this.file(this.entry.vocabulary), this.file(this.entry.facets)]);
    const lines = decoder.decode(vocabulary).split("\n");
    this.blockHashes = lines[0] ? lines[0].split("\t") : [];
    this.tokens = [];
    this.df = [];
    this.hashes = [];
    for (const line of lines.slice(1)) {
      if (!line) continue;
      const [token, df, hash] = line.split("\t");
      this.tokens.push(token);
      this.df.push(Number(df));
      this.hashes.push(hash);
    }
    const parsed = JSON.parse(decoder.decode(facets));
    this.facets = parsed.filters;
    this.nameTokens = parsed.name_tokens;
    return this;
  }

  async file(path) {
    return gunzip(await fetch(new URL(path, this.root)));
  }

  /** Index of the first vocabulary token ≥ `token` (tokens are sorted). */
  lowerBound(token) {
    let lo = 0, hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.tokens[mid] < token) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /** Vocabulary entries a query word stands for: itself, and completions if it is a prefix. */
  expand(term) {
    const out = [];
    const i = this.lowerBound(term.token);
    const exact = this.tokens[i] === term.token;
    if (exact) out.push({ i, factor: 1, idf: this.idf(i) });
    if (term.prefix && term.token.length >= MIN_PREFIX) {
      const more = [];
      for (let j = i; j < this.tokens.length && this.tokens[j].startsWith(term.token); j++) {
        if (this.tokens[j] !== term.token) more.push(j);
      }
      more.sort((a, b) => this.df[b] - this.df[a]);
      for (const j of more.slice(0, MAX_COMPLETIONS)) {
        // A rare completion must not outweigh the word the reader may already have typed.
        const idf = exact ? Math.min(this.idf(j), this.idf(i)) : this.idf(j);
        out.push({ i: j, factor: exact ? COMPLETION_OF_WORD : COMPLETION, idf });
      }
    }
    return out;
  }

  idf(i) {
    const n = this.entry.records, df = this.df[i];
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  loadPostings(i) {
    const token = this.tokens[i];
    if (!this.postings.has(token)) {
      const loading = this.file(`t/${token}.${this.hashes[i]}.gz`).then((bytes) => {
        const eol = bytes.indexOf(10);
        const spellings = decoder.decode(bytes.subarray(0, eol)).split("\t");
        let pos = eol + 1;
        const varint = () => {
          let n = 0, shift = 0, b;
          do { b = bytes[pos++]; n += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
          return n;
        };
        const count = varint();
        const docs = new Uint32Array(count);
        let previous = 0;
        for (let k = 0; k < count; k++) docs[k] = previous += varint();
        const scores = bytes.subarray(pos, pos + count);
        const flags = bytes.subarray(pos + count, pos + 2 * count);
        const spelling = spellings.length > 1 ? bytes.subarray(pos + 2 * count, pos + 3 * count) : null;
        return { docs, scores, flags, spelling, spellings };
      });
      loading.catch(() => this.postings.delete(token));
      this.postings.set(token, loading);
    }
    return this.postings.get(token);
  }

  /** Record ids matching every query word, best first, with their scores. */
  async match(terms) {
    const n = this.entry.records;
    const perTerm = [];
    const wanted = await Promise.all(terms.map((t) => this.expand(t)));
    if (wanted.some((entries) => !entries.length)) return [];
    const lists = await Promise.all(wanted.map((entries) => Promise.all(entries.map((e) => this.loadPostings(e.i)))));
    terms.forEach((term, t) => {
      const best = new Float32Array(n);
      const where = new Uint8Array(n);  // IN_* flags of the best match
      const exact = new Uint8Array(n);  // 1: the record spells the accented query word so
      wanted[t].forEach((e, k) => {
        const p = lists[t][k];
        const same = term.spelling ? p.spellings.indexOf(term.spelling) : -1;
        for (let j = 0; j < p.docs.length; j++) {
          let s = e.idf * Math.log2(1 + p.scores[j]) * e.factor;
          const spelled = same >= 0 && (p.spelling ? p.spelling[j] : 0) === same;
          if (spelled) s *= SAME_SPELLING;
          const d = p.docs[j];
          if (s > best[d]) { best[d] = s; where[d] = e.factor >= COMPLETION ? p.flags[j] : 0; }
          if (spelled) exact[d] = 1;
        }
      });
      perTerm.push({ best, where, exact });
    });
    const hits = [];
    const first = perTerm[0].best;
    for (let d = 0; d < n; d++) {
      if (!first[d]) continue;
      let score = 0, inName = 0, inTitle = 0, tier = 0, all = true;
      for (const { best, where, exact } of perTerm) {
        if (!best[d]) { all = false; break; }
        score += best[d];
        tier += exact[d];
        if (where[d] & IN_NAME) inName++;
        if (where[d] & (IN_NAME | IN_TITLE)) inTitle++;
      }
      if (!all) continue;
      if (inName === terms.length) {
        score *= ALL_IN_NAME;
        if (inName === this.nameTokens[d]) score *= WHOLE_NAME;
      } else if (inTitle === terms.length) {
        score *= ALL_IN_TITLE;
      }
      hits.push({ d, score, tier });
    }
    // Equal matches in the catalog's order (newest story first): the reverse of the numbering.
    hits.sort((a, b) => b.tier - a.tier || b.score - a.score || b.d - a.d);
    return hits;
  }

  /** Counts of each filter value over `ids`, leaving out `except`'s own selection. */
  counts(ids, selected, except) {
    const out = {};
    for (const name of this.entry.filters) {
      const facet = this.facets[name];
      const tally = new Map();
      for (const d of ids) {
        if (except && !this.passes(d, selected, name)) continue;
        const v = facet.of[d];
        if (v) tally.set(v, (tally.get(v) || 0) + 1);
      }
      out[name] = {};
      for (const [v, c] of [...tally].sort((a, b) => a[0] - b[0])) out[name][facet.values[v - 1]] = c;
    }
    return out;
  }

  /** Selected values: OR within a filter, AND across filters (`skip`: one filter not applied). */
  passes(d, selected, skip = null) {
    for (const [name, wanted] of selected) {
      if (name === skip) continue;
      if (!wanted.has(this.facets[name].of[d])) return false;
    }
    return true;
  }

  filters() {
    return this.counts(this.facets[this.entry.filters[0]].of.map((_, d) => d), [], false);
  }

  async search(term, options = {}) {
    const terms = parseQuery(term);
    const hits = terms.length ? await this.match(terms) : [];
    const selected = [];
    for (const [name, values] of Object.entries(options.filters || {})) {
      const facet = this.facets[name];
      const list = Array.isArray(values) ? values : [values];
      if (!facet || !list.length) continue;
      selected.push([name, new Set(list.map((v) => facet.values.indexOf(v) + 1))]);
    }
    const ids = hits.map((h) => h.d);
    const kept = hits.filter((h) => this.passes(h.d, selected));
    return {
      results: kept.map((h) => ({ id: String(h.d), score: h.score, data: () => this.data(h.d, terms) })),
      unfilteredResultCount: hits.length,
      unfilteredTotalCount: hits.length,
      filters: this.counts(ids, selected, true),
      totalFilters: this.counts(ids, [], false),
      timings: {},
    };
  }

  async data(d, terms) {
    const block = Math.floor(d / this.entry.block);
    if (!this.blocks.has(block)) {
      const loading = this.file(`d/${block}.${this.blockHashes[block]}.gz`).then((b) => JSON.parse(decoder.decode(b)));
      loading.catch(() => this.blocks.delete(block));
      this.blocks.set(block, loading);
    }
    const [url, title, name, kind, unit, year, excerpt] = (await this.blocks.get(block))[d % this.entry.block];
    const meta = { title, kind, url: new URL(url, this.site).pathname };
    if (name && !fold(title).includes(fold(name))) meta.name = name;
    if (unit) meta.unit = unit;
    if (year) meta.year = year;
    return {
      url: meta.url, meta, excerpt: highlight(excerpt, terms), content: excerpt,
      sub_results: [], filters: {}, anchors: [], locations: [], weighted_locations: [], word_count: 0,
    };
  }
}

class Engine {
  constructor(options = {}) {
    this.bundle = options.basePath ? new URL(options.basePath, document.baseURI) : BUNDLE;
    this.site = options.basePath ? new URL("..", this.bundle) : SITE;
    this.ready = null;
  }

  async options() {}
  async preload() {}
  async mergeIndex() { throw new Error("mergeIndex is not supported by this index"); }
  destroy() { this.ready = null; }

  /** The index the entry file names now: read once per visit, past any cache. */
  init() {
    if (!this.ready) {
      this.ready = (async () => {
        const entry = await (await fetch(new URL(`index.json?v=${Date.now()}`, this.bundle))).json();
        return new Index(this.bundle, this.site, entry).load();
      })();
      this.ready.catch(() => { this.ready = null; });
    }
    return this.ready;
  }

  /** `work(index)`; when a file of that index is gone (the site was republished during the
   * visit, and its old files removed), once more on the index the entry file names now. */
  async withIndex(work) {
    const index = await this.init();
    try {
      return await work(index);
    } catch (error) {
      if (this.ready && (await this.ready.catch(() => null)) === index) this.ready = null;
      const current = await this.init();
      if (current.entry.vocabulary === index.entry.vocabulary) throw error;
      return work(current);
    }
  }

  filters() { return this.withIndex((index) => index.filters()); }
  search(term, options = {}) { return this.withIndex((index) => index.search(term, options)); }
}

/** HTML of `text` with the words a query matched in <mark> (everything escaped). */
export function highlight(text, terms) {
  let out = "";
  let last = 0;
  for (const m of text.matchAll(WORD)) {
    out += escapeHtml(text.slice(last, m.index));
    const tokens = fold(m[0]).match(TOKEN) || [];
    const hit = tokens.some((t) => terms.some((q) => t === q.token || (q.prefix && t.startsWith(q.token))));
    out += hit ? `<mark>${escapeHtml(m[0])}</mark>` : escapeHtml(m[0]);
    last = m.index + m[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

export function createInstance(options = {}) {
  return new Engine(options);
}

const shared = new Engine();
export const init = () => shared.init();
export const options = () => shared.options();
export const search = (term, opts) => shared.search(term, opts);
export const debouncedSearch = (term, opts) => shared.search(term, opts);
export const filters = () => shared.filters();
export const preload = () => shared.preload();
export const destroy = () => shared.destroy();
