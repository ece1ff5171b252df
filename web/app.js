// marsad's web page: one script, no framework, no build step.
// Every view is a function of the URL's query string (so any state can be linked to);
// it fetches /api/v1/… and returns DOM nodes built with el()/svg(), never HTML strings
// (article text goes in as text nodes only, so nothing from the archive can inject markup,
// and the server's CSP forbids inline styles and scripts anyway).
'use strict';

const PAGE = 10; // results per search page
const SNIPPET = 200; // snippet length, code points

// ---------------------------------------------------------------- DOM helpers
const $ = (sel, root = document) => root.querySelector(sel);
const SVGNS = 'http://www.w3.org/2000/svg';

function setAttrs(n, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === 'text') n.textContent = v;
    else if (k.startsWith('on')) n.addEventListener(k.slice(2), v);
    else n.setAttribute(k, v === true ? '' : String(v));
  }
}
function append(n, kids) {
  for (const k of kids.flat(Infinity)) {
    if (k == null || k === false) continue;
    n.append(k instanceof Node ? k : String(k));
  }
  return n;
}
function el(tag, attrs, ...kids) {
  const n = document.createElement(tag);
  setAttrs(n, attrs);
  return append(n, kids);
}
function svg(tag, attrs, ...kids) {
  const n = document.createElementNS(SVGNS, tag);
  setAttrs(n, attrs);
  return append(n, kids);
}

// ---------------------------------------------------------------- digits
// Every number the page prints goes through num(): Western digits, or Arabic-Indic ones
// when the URL says digits=arab. Text quoted from articles is left as written.
const INDIC = '٠١٢٣٤٥٦٧٨٩';
let digits = 'latn';

function num(x) {
  let s;
  if (typeof x === 'number') {
    s = x.toLocaleString('en-US', { maximumFractionDigits: 3 });
    if (digits === 'arab') s = s.replace(/,/g, '٬').replace(/\./g, '٫');
  } else {
    s = String(x);
  }
  return digits === 'arab' ? s.replace(/[0-9]/g, (d) => INDIC[d]) : s;
}

// A date (YYYY[-MM[-DD]]) as a <time> element; null: undated.
function date(d) {
  if (!d) return el('span', { class: 'undated' }, 'بلا تاريخ');
  return el('time', { datetime: d.startsWith('XXXX') ? null : d, dir: 'ltr' }, num(d));
}

// ---------------------------------------------------------------- code-point ranges
// Offsets from the API count Unicode code points, not UTF-16 units, so the text is split
// with Array.from(). Ranges are sorted outer-first; a range inside the one being built
// nests in it. A range that crosses another's end cannot nest: it is left unmarked (and
// returned in `skipped`) rather than cut, so every element's text stays exactly its range.
function markRanges(text, ranges, make) {
  const cps = Array.from(text);
  const root = document.createDocumentFragment();
  const sorted = ranges
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => Number.isInteger(r.start) && Number.isInteger(r.end) &&
      r.start >= 0 && r.end <= cps.length && r.start < r.end)
    .sort((a, b) => a.r.start - b.r.start || b.r.end - a.r.end || (a.r.rank || 0) - (b.r.rank || 0) || a.i - b.i);
  const stack = [{ node: root, end: cps.length }];
  const skipped = [];
  let pos = 0;
  const flush = (node, upto) => {
    if (upto > pos) node.append(cps.slice(pos, upto).join(''));
    pos = Math.max(pos, upto);
  };
  for (const { r } of sorted) {
    while (stack.length > 1 && stack[stack.length - 1].end <= r.start) {
      const top = stack.pop();
      flush(top.node, top.end);
    }
    const top = stack[stack.length - 1];
    if (r.end > top.end) { skipped.push(r); continue; }
    flush(top.node, r.start);
    const node = make(r);
    top.node.append(node);
    stack.push({ node, end: r.end });
  }
  while (stack.length > 1) {
    const top = stack.pop();
    flush(top.node, top.end);
  }
  flush(root, cps.length);
  return { frag: root, skipped };
}

// ---------------------------------------------------------------- the API
class ApiError extends Error {
  constructor(status, code, message, detail) {
    super(message);
    this.status = status;
    this.code = code;
    this.detail = detail || {};
  }
}

// GET /api/v1/<path>?params; an array value repeats its parameter (source=…&source=…).
async function api(path, params = {}) {
  const u = new URL('/api/v1/' + path, location.origin);
  for (const [k, v] of Object.entries(params)) {
    for (const x of [].concat(v)) if (x != null && x !== '') u.searchParams.append(k, x);
  }
  let r;
  try {
    r = await fetch(u, { headers: { Accept: 'application/json' } });
  } catch (e) {
    throw new ApiError(0, 'network', String(e && e.message || e));
  }
  let body = null;
  try { body = await r.json(); } catch { /* not JSON: reported below */ }
  if (!r.ok) {
    const e = (body && body.error) || {};
    throw new ApiError(r.status, e.code || 'http_' + r.status, e.message || r.statusText, e);
  }
  if (body == null) throw new ApiError(r.status, 'bad_json', 'the answer is not JSON');
  return body;
}

const ERRORS = {
  bad_request: 'الطلب غير صالح.',
  bad_query: 'تعذّر فهم صيغة البحث.',
  stopwords_only: 'يتكوّن البحث من كلمات شائعة فقط (مثل «في» و«من»)؛ أضف كلمة ذات معنى.',
  only_not: 'البحث يستبعد كلمات فقط ولا يطلب شيئًا؛ أضف كلمة مطلوبة.',
  not_found: 'لم يُعثر على المطلوب في الأرشيف.',
  method_not_allowed: 'هذا الطلب غير مسموح به.',
  unauthorized: 'يلزم رمز دخول صالح.',
  writes_disabled: 'الكتابة في الأرشيف معطّلة على هذا الخادم.',
  payload_too_large: 'حجم الطلب أكبر من المسموح.',
  uri_too_long: 'الطلب أطول من المسموح؛ اختصر البحث.',
  header_too_large: 'ترويسات الطلب أكبر من المسموح.',
  unsupported_media_type: 'نوع المحتوى غير مدعوم.',
  busy: 'الأرشيف مشغول بعملية كتابة أخرى؛ أعد المحاولة بعد قليل.',
  timeout: 'استغرق الطلب وقتًا أطول من المسموح؛ جرّب بحثًا أضيق.',
  unavailable: 'الخدمة غير متاحة مؤقتًا؛ أعد المحاولة بعد قليل.',
  internal: 'حدث خطأ داخلي في الخادم.',
  network: 'تعذّر الاتصال بالخادم.',
  bad_json: 'وصل من الخادم رد غير مفهوم.',
  unknown_view: 'هذه الصفحة غير معروفة.',
};

// The error in Arabic, the server's code and English message under it, and for a query
// error a marker at the position (code points) the parser stopped at.
function errorBox(e, query) {
  const code = e instanceof ApiError ? e.code : 'internal';
  const box = el('section', { class: 'error', role: 'alert', 'aria-labelledby': 'err-h' },
    el('h1', { id: 'err-h', tabindex: '-1' }, 'تعذّر عرض الصفحة'),
    el('p', {}, ERRORS[code] || 'حدث خطأ غير متوقع.'));
  const pos = e.detail && e.detail.position;
  if (query && Number.isInteger(pos)) {
    const cps = Array.from(query);
    const at = Math.min(pos, cps.length);
    box.append(el('p', {}, 'موضع الخطأ في البحث (الحرف ', num(at + 1), '):'),
      el('p', { class: 'qerr', dir: 'auto' }, cps.slice(0, at).join(''),
        el('mark', { class: 'err-at' }, cps[at] || ' '), cps.slice(at + 1).join('')));
  }
  box.append(el('p', { class: 'detail' }, 'التفاصيل: ',
    el('bdi', { dir: 'ltr' }, `${e.status ? num(e.status) + ' ' : ''}${code}: ${e.message}`)));
  box.append(el('p', {}, el('a', { href: link({}) }, 'العودة إلى البحث')));
  return box;
}

// ---------------------------------------------------------------- URL state
function state() { return new URLSearchParams(location.search); }

// A link to "/" with these parameters (arrays repeat), keeping the digits choice.
function link(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const x of [].concat(v)) if (x != null && x !== '') p.append(k, x);
  }
  if (digits === 'arab') p.set('digits', 'arab');
  const s = p.toString();
  return s ? '/?' + s : '/';
}
const articleLink = (id) => link({ view: 'article', id });
const storyLink = (id) => link({ view: 'story', id });

function go(url, { replace = false, focus = false } = {}) {
  history[replace ? 'replaceState' : 'pushState'](null, '', url);
  render({ focus });
}

// ---------------------------------------------------------------- labels
const TYPES = { PERS: 'شخص', ORG: 'منظمة', LOC: 'مكان', MISC: 'أخرى' };
const SUBTYPES = { GPE: 'دولة أو مدينة', LOC: 'منطقة أو معلم طبيعي' };
const HEDGES = { eq: 'دقيق', approx: 'تقريبي', gt: 'أكثر من', lt: 'أقل من', gte: 'على الأقل', lte: 'على الأكثر' };
// Words, not signs: '>' and '<' are mirrored in right-to-left text and read backwards.
const HEDGE_WORD = { eq: '', approx: 'نحو ', gt: 'أكثر من ', lt: 'أقل من ', gte: 'على الأقل ', lte: 'على الأكثر ' };
const GRAINS = { day: 'يوم', week: 'أسبوع', month: 'شهر', year: 'سنة' };
const KINDS = { entity: 'كيان', quote: 'اقتباس', number: 'رقم', date: 'تاريخ' };
const DUP_KINDS = { exact: 'نسخة مطابقة', near: 'نسخة شبه مطابقة' };
const REASONS = {
  'repeated-title': 'العنوان مكررًا',
  caption: 'تعليق صورة',
  widget: 'أدوات الصفحة (مشاركة، طباعة، حجم الخط)',
  footer: 'تذييل الموقع',
  appeal: 'دعوة إلى التبرع أو الاشتراك',
  related: 'روابط مقالات ذات صلة',
  breadcrumb: 'مسار التصفح',
  other: 'توقيت أو عدّاد مشاهدات',
  'site-repeated': 'سطر يتكرر في صفحات الموقع',
};
const outlet = (name) => name ? el('bdi', { class: 'outlet', dir: 'ltr' }, name) : el('span', {}, 'مصدر غير معروف');
const span = (first, last) => first === last ? date(first) : el('span', {}, date(first), ' – ', date(last));

// ---------------------------------------------------------------- charts
// Vertical bars, one per {label, count}: each bar carries data-day and data-count and a
// <title> (tooltip and accessible text). Time runs right to left, as the page reads.
function bars(items, { height = 60, barW = 12, gap = 3, cls = 'bars', label, hrefOf, fit = 0 } = {}) {
  // fit: widen the bars (up to 24) so that a few days still fill `fit` units.
  if (fit && items.length) barW = Math.max(barW, Math.min(24, Math.floor(fit / items.length) - gap));
  const max = Math.max(1, ...items.map((d) => d.count));
  const w = Math.max(1, items.length * (barW + gap));
  // With links inside, the chart is a group of links (an img may not hold controls).
  const root = svg('svg', { class: cls, viewBox: `0 0 ${w} ${height}`, width: w, height,
    role: hrefOf ? 'group' : 'img', 'aria-label': label });
  items.forEach((d, i) => {
    const h = Math.max(d.count ? 2 : 0, Math.round((d.count / max) * (height - 2)));
    const x = w - (i + 1) * (barW + gap) + gap / 2;
    const name = `${d.day ? num(d.day) : 'بلا تاريخ'}: ${num(d.count)}`;
    const g = svg('g', { 'data-day': d.day || 'none', 'data-count': d.count },
      svg('title', {}, name),
      svg('rect', { x, y: height - h, width: barW, height: h, class: 'bar' }));
    root.append(hrefOf && d.day ? svg('a', { href: hrefOf(d), 'aria-label': name }, g) : g);
  });
  return root;
}

// Every day from first to last (the API lists only days with articles), when the span is
// short enough for a sparkline; else only the listed days.
function fillDays(days, first, last) {
  const have = new Map(days.map((d) => [d.day, d.articles]));
  if (!first || !last) return days.map((d) => ({ day: d.day, count: d.articles }));
  const a = Date.parse(first + 'T00:00:00Z'), b = Date.parse(last + 'T00:00:00Z');
  const n = Math.round((b - a) / 86400000) + 1;
  if (!(n > 0) || n > 92) return days.map((d) => ({ day: d.day, count: d.articles }));
  const out = [];
  for (let i = 0; i < n; i++) {
    const d = new Date(a + i * 86400000).toISOString().slice(0, 10);
    out.push({ day: d, count: have.get(d) || 0 });
  }
  return out;
}

// ---------------------------------------------------------------- view: search
async function viewSearch(p) {
  const q = (p.get('q') || '').trim();
  if (!q) return viewHome();
  const page = Math.min(1000, Math.max(1, parseInt(p.get('page'), 10) || 1));
  const sort = p.get('sort') || 'relevance';
  const offset = (page - 1) * PAGE;
  let r;
  try {
    r = await api('search', { q, limit: PAGE, offset, facets: 1, snippet: SNIPPET,
      sort: sort === 'relevance' ? null : sort, source: p.getAll('source'),
      since: p.get('since'), until: p.get('until') });
  } catch (e) {
    e.query = q;
    throw e;
  }
  document.title = `${q} — بحث — مرصد`;
  fillSources(r.facets, p.getAll('source'));
  const hits = r.results || r.hits || [];
  const keep = { q, source: p.getAll('source'), since: p.get('since'), until: p.get('until'),
    sort: sort === 'relevance' ? null : sort };

  const list = el('ol', { class: 'hits', start: offset + 1 }, hits.map(hitItem));
  const pages = Math.max(1, Math.ceil(Math.min(r.total, 10000) / PAGE));
  const pager = el('nav', { class: 'pager', 'aria-label': 'صفحات النتائج' },
    page > 1 ? el('a', { href: link({ ...keep, page: page - 1 }), rel: 'prev' }, 'السابقة') : null,
    el('span', { class: 'pageno' }, 'الصفحة ', num(page), ' من ', num(pages)),
    page < pages ? el('a', { href: link({ ...keep, page: page + 1 }), rel: 'next' }, 'التالية') : null);

  return [
    el('h1', { tabindex: '-1' }, 'نتائج البحث'),
    el('p', { class: 'summary', 'aria-live': 'polite' },
      'عدد النتائج: ', el('strong', { class: 'total' }, r.total_is_floor ? 'أكثر من ' : '', num(r.total)),
      ' — لـ «', el('bdi', {}, q), '»', r.took_ms != null ? [' (', num(r.took_ms), ' ملّي ثانية)'] : null),
    el('div', { class: 'results-layout' },
      el('section', { class: 'results', 'aria-label': 'النتائج' },
        hits.length ? list : el('p', { class: 'empty' }, 'لا نتائج لهذا البحث.'),
        hits.length ? pager : null),
      facetsAside(r.facets, keep)),
  ];
}

function hitItem(h) {
  const { frag } = markRanges(h.snippet || '', (h.highlights || []).map(([start, end]) => ({ start, end })),
    () => el('mark'));
  return el('li', { class: 'hit' },
    el('h2', {}, el('a', { href: articleLink(h.id) }, h.title || h.id)),
    el('p', { class: 'meta' }, outlet(h.source), ' · ', date(h.date),
      h.story != null ? [' · ', el('a', { href: storyLink(h.story) }, 'القصة ', num(h.story))] : null,
      h.duplicates ? [' · ', el('span', { class: 'dups' }, 'نسخ مكررة: ', num(h.duplicates))] : null),
    el('p', { class: 'snippet' }, frag));
}

function facetsAside(f, keep) {
  if (!f) return null;
  const sources = f.sources || [];
  const days = (f.days || []).map((d) => ({ day: d.day ?? d.name ?? null, count: d.count }));
  return el('aside', { class: 'facets', 'aria-label': 'تصنيف النتائج' },
    el('h2', {}, 'حسب المصدر'),
    el('ul', { class: 'facet-sources' }, sources.map((s) => el('li', {},
      s.name ? el('a', { href: link({ ...keep, source: s.name }) }, outlet(s.name)) : outlet(null),
      ' ', el('span', { class: 'count' }, num(s.count))))),
    el('h2', {}, 'حسب اليوم'),
    days.length ? bars(days, { cls: 'bars histogram', label: `توزيع النتائج على ${num(days.length)} يومًا`,
      hrefOf: (d) => d.day && link({ ...keep, since: d.day, until: d.day }) }) : el('p', {}, '—'),
    f.partial ? el('p', { class: 'note' }, 'أُحصيت أول ١٠٬٠٠٠ نتيجة فقط.') : null);
}

// The outlet select lists the outlets of the current results (from the facets), and keeps
// the chosen ones even when the facets no longer list them.
function fillSources(f, chosen) {
  const sel = $('#source');
  const names = new Set((f && f.sources || []).map((s) => s.name).filter(Boolean));
  chosen.forEach((c) => names.add(c));
  sel.replaceChildren(el('option', { value: '' }, 'كل المصادر'),
    [...names].map((n) => el('option', { value: n }, n)));
  sel.value = chosen[0] || '';
}

async function viewHome() {
  document.title = 'مرصد — بحث في الأخبار العربية';
  const out = [el('h1', { tabindex: '-1' }, 'البحث في الأرشيف')];
  try {
    const s = await api('stats');
    out.push(el('p', { class: 'summary' }, 'يضم الأرشيف ', num(s.articles), ' مقالًا من ', num(s.sources),
      ' مصادر', s.first_date ? [' بين ', date(s.first_date), ' و', date(s.last_date)] : null, '.'));
  } catch { /* the page works without the figures */ }
  out.push(el('p', {}, 'اكتب كلمات البحث في المربع أعلاه، أو تصفّح ',
    el('a', { href: link({ view: 'stories' }) }, 'القصص الأكثر نشاطًا'), '.'));
  return out;
}

// ---------------------------------------------------------------- view: stories
async function viewStories(p) {
  const r = await api('stories', { limit: 30, since: p.get('since'), until: p.get('until') });
  document.title = 'ما الذي يحدث — مرصد';
  const stories = r.stories || [];
  return [
    el('h1', { tabindex: '-1' }, 'ما الذي يحدث'),
    el('p', { class: 'summary' }, 'القصص الأكثر نشاطًا أولًا. عدد القصص: ', num(stories.length)),
    stories.length ? el('ol', { class: 'stories' }, stories.map(storyCard))
      : el('p', { class: 'empty' }, 'لا قصص في الأرشيف بعد.'),
  ];
}

function storyCard(s) {
  const days = fillDays(s.days || [], s.first, s.last);
  return el('li', { class: 'story-card', 'data-story': s.id },
    el('h2', {}, el('a', { href: storyLink(s.id) }, s.title || 'قصة ' + num(s.id))),
    el('p', { class: 'meta' }, span(s.first, s.last), ' · المقالات: ', num(s.size),
      ' (نصوص مختلفة: ', num(s.texts), ')'),
    days.length ? bars(days, { cls: 'bars spark', height: 32, barW: 6, gap: 2, fit: 160,
      label: `نشاط القصة يومًا بيوم: ${days.map((d) => `${num(d.day || '—')}: ${num(d.count)}`).join('، ')}` })
      : el('p', { class: 'note' }, 'مقالاتها بلا تاريخ.'),
    el('ul', { class: 'inline outlets', 'aria-label': 'المصادر' },
      (s.sources || []).map((o) => el('li', {}, outlet(o.name), ' ', el('span', { class: 'count' }, num(o.articles))))),
    (s.entities || []).length ? el('ul', { class: 'inline chips', 'aria-label': 'أبرز الكيانات' },
      s.entities.slice(0, 5).map((e) => el('li', {}, e.canonical))) : null);
}

// ---------------------------------------------------------------- view: one story
async function viewStory(p) {
  const id = p.get('id') || '';
  if (!/^\d+$/.test(id)) throw new ApiError(400, 'bad_request', 'a story id is a number');
  const s = await api('stories/' + encodeURIComponent(id));
  document.title = `${s.title} — مرصد`;
  return [
    el('h1', { tabindex: '-1' }, s.title),
    s.merged_from != null ? el('p', { class: 'note' }, 'دُمجت القصة ', num(s.merged_from), ' في هذه القصة.') : null,
    el('p', { class: 'meta' }, span(s.first, s.last), ' · المقالات: ', num(s.size),
      ' (نصوص مختلفة: ', num(s.texts), ') · ', el('a', { href: link({ q: `story:${s.id}` }) }, 'ابحث في مقالاتها')),
    el('ul', { class: 'inline outlets', 'aria-label': 'المصادر' },
      (s.sources || []).map((o) => el('li', {}, outlet(o.name), ' ', el('span', { class: 'count' }, num(o.articles))))),
    section('timeline-h', 'الخط الزمني', timeline(s)),
    section('members-h', 'المقالات', members(s.members || [])),
    section('ledger-h', 'سجل الأرقام', ledger(s.claims || [])),
    section('quotes-h', 'الاقتباسات حسب المتحدث', quotesBySpeaker(s.quotes || [])),
    section('entities-h', 'الكيانات', entityList(s.entities || [])),
  ];
}

function section(id, title, ...body) {
  return el('section', { 'aria-labelledby': id }, el('h2', { id }, title), body);
}

// Articles per day, stacked by outlet, from the `timeline` cells (undated ones in a last
// column). Each day's group carries its total in data-count and as a text label.
function timeline(s) {
  const cells = s.timeline || [];
  if (!cells.length) return el('p', {}, '—');
  const dayKeys = [...new Set(cells.map((c) => c.day))].sort((a, b) =>
    a == null ? 1 : b == null ? -1 : a < b ? -1 : a > b ? 1 : 0);
  const outlets = [...new Set(cells.map((c) => c.source))];
  const cls = (src) => 's' + (outlets.indexOf(src) % 8);
  const totals = dayKeys.map((d) => cells.filter((c) => c.day === d).reduce((n, c) => n + c.articles, 0));
  const max = Math.max(1, ...totals);
  // Wide bars when there are few days, narrower (down to 16) when there are many.
  const barW = Math.max(16, Math.min(56, Math.floor(640 / dayKeys.length) - 14)), gap = 14, top = 18, h = 120, axis = 34;
  const w = dayKeys.length * (barW + gap) + gap;
  const chart = svg('svg', { class: 'timeline', viewBox: `0 0 ${w} ${top + h + axis}`, width: w,
    height: top + h + axis, role: 'img', 'aria-label': 'عدد المقالات يومًا بيوم ومصدرًا بمصدر' });
  dayKeys.forEach((d, i) => {
    const x = w - (i + 1) * (barW + gap); // right to left: the first day on the right
    const g = svg('g', { class: 'day', 'data-day': d || 'none', 'data-count': totals[i] },
      svg('title', {}, `${d ? num(d) : 'بلا تاريخ'}: ${num(totals[i])} مقالات`));
    let y = top + h;
    for (const c of cells.filter((c) => c.day === d)) {
      const bh = Math.round((c.articles / max) * h);
      y -= bh;
      g.append(svg('rect', { x, y, width: barW, height: bh, class: 'seg ' + cls(c.source) },
        svg('title', {}, `${c.source || 'مصدر غير معروف'}: ${num(c.articles)}`)));
    }
    g.append(svg('text', { x: x + barW / 2, y: y - 4, class: 'count', 'text-anchor': 'middle' }, num(totals[i])));
    g.append(svg('text', { x: x + barW / 2, y: top + h + 14, class: 'axis', 'text-anchor': 'middle' },
      d ? num(d.length >= 10 ? `${d.slice(8, 10)}/${d.slice(5, 7)}` : d) : 'بلا')); // day/month
    chart.append(g);
  });
  const legend = el('ul', { class: 'inline legend', 'aria-label': 'مفتاح الألوان' },
    outlets.map((o) => el('li', {}, el('span', { class: 'swatch ' + cls(o), 'aria-hidden': 'true' }), outlet(o))));
  // The same figures as a table, for screen readers and for copying.
  const table = el('table', {},
    el('caption', {}, 'المقالات حسب اليوم والمصدر'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'اليوم'), el('th', { scope: 'col' }, 'المصدر'),
      el('th', { scope: 'col' }, 'المقالات'))),
    el('tbody', {}, cells.map((c) => el('tr', {}, el('td', {}, date(c.day)), el('td', {}, outlet(c.source)),
      el('td', {}, num(c.articles))))));
  return [el('div', { class: 'chart-wrap' }, chart), legend,
    el('details', {}, el('summary', {}, 'الأرقام في جدول'), el('div', { class: 'table-wrap' }, table))];
}

// Originals with their copies folded under them (a copy names its original in duplicate_of).
function members(list) {
  const ids = new Set(list.map((m) => m.id));
  const copies = new Map();
  for (const m of list) {
    if (m.duplicate_of && ids.has(m.duplicate_of)) {
      if (!copies.has(m.duplicate_of)) copies.set(m.duplicate_of, []);
      copies.get(m.duplicate_of).push(m);
    }
  }
  const originals = list.filter((m) => !(m.duplicate_of && ids.has(m.duplicate_of)));
  const line = (m) => [el('a', { href: articleLink(m.id) }, m.title || m.id), ' ',
    el('span', { class: 'meta' }, outlet(m.source), ' · ', date(m.date))];
  return el('ul', { class: 'members' }, originals.map((m) => {
    const cs = copies.get(m.id) || [];
    return el('li', { 'data-id': m.id }, line(m),
      m.duplicate_of ? el('p', { class: 'note' }, 'نسخة من ', el('a', { href: articleLink(m.duplicate_of) }, 'مقال خارج القصة')) : null,
      cs.length ? el('details', { class: 'copies' },
        el('summary', {}, 'نسخ مكررة: ', num(cs.length)),
        el('ul', {}, cs.map((c) => el('li', { 'data-id': c.id, 'data-duplicate-of': m.id }, line(c), ' — ',
          DUP_KINDS[c.duplicate_kind] || 'نسخة', ' من ', el('a', { href: articleLink(m.id) }, 'الأصل'))))) : null);
  }));
}

// The ledger: claims grouped by quantity; a disagreement names the claim it contradicts
// (its outlet and value), an update the earlier claim it raises.
function ledger(claims) {
  if (!claims.length) return el('p', {}, 'لا أرقام في هذه القصة.');
  const groups = new Map();
  claims.forEach((c, i) => {
    if (!groups.has(c.quantity)) groups.set(c.quantity, []);
    groups.get(c.quantity).push({ c, i });
  });
  const value = (c) => [HEDGE_WORD[c.qualifier] || '', num(c.value), c.unit ? ' ' + c.unit : ''];
  const other = (c) => claims[c.other];
  return el('div', { class: 'ledger' }, [...groups].map(([qty, items]) => {
    const disputed = items.some(({ c }) => c.verdict === 'disagrees');
    const updated = items.some(({ c }) => c.verdict === 'update');
    // A quantity whose claims all agree stays folded; a disputed or updated one is open.
    return el('details', { class: 'quantity' + (disputed ? ' disputed' : ''), open: disputed || updated },
      el('summary', {}, el('bdi', {}, qty), ' ', el('span', { class: 'count' }, '(', num(items.length), ')'),
        disputed ? el('span', { class: 'badge bad' }, 'أرقام متعارضة') : null,
        updated ? el('span', { class: 'badge upd' }, 'تحديث') : null),
      el('ul', { class: 'claims' }, items.map(({ c, i }) => {
        const o = other(c);
        let verdict = null;
        if (c.verdict === 'disagrees' && o) {
          verdict = el('p', { class: 'verdict bad' }, 'يتعارض مع «', o.text, '» في ', outlet(o.source),
            ' (', value(o), ')', o.date ? [' بتاريخ ', date(o.date)] : null);
        } else if (c.verdict === 'update' && o) {
          verdict = el('p', { class: 'verdict upd' }, el('span', { class: 'badge upd' }, 'تحديث'),
            ' يرفع الرقم السابق «', o.text, '» في ', outlet(o.source), ' (', value(o), ')');
        }
        return el('li', { class: 'claim', 'data-verdict': c.verdict, 'data-index': i },
          el('p', {}, el('a', { href: articleLink(c.article) }, '«', c.text, '»'), ' — ',
            el('strong', {}, value(c)), ' · ',
            el('span', { class: 'meta' }, outlet(c.source), ' · ', date(c.date),
              c.speaker ? [' · على لسان ', c.speaker] : null),
            c.verdict === 'agrees' ? el('span', { class: 'verdict ok' }, ' · متّسق') : null),
          verdict);
      })));
  }));
}

// Quotations grouped by speaker; the same words carried by several copies are shown once,
// with every outlet that carried them.
function quotesBySpeaker(quotes) {
  if (!quotes.length) return el('p', {}, 'لا اقتباسات في هذه القصة.');
  const bySpeaker = new Map();
  for (const q of quotes) {
    const who = q.speaker || '';
    if (!bySpeaker.has(who)) bySpeaker.set(who, new Map());
    const same = bySpeaker.get(who);
    if (!same.has(q.text)) same.set(q.text, { q, where: [] });
    same.get(q.text).where.push(q);
  }
  return el('div', { class: 'speakers' }, [...bySpeaker].map(([who, same]) =>
    el('section', { class: 'speaker', 'aria-label': who || 'متحدث غير معروف' },
      el('h3', {}, who ? el('a', { href: link({ q: `speaker:"${who}"` }) }, who) : 'متحدث غير معروف', ' ',
        el('span', { class: 'count' }, '(', num(same.size), ')')),
      el('ul', { class: 'quotes' }, [...same.values()].map(({ q, where }) => el('li', {},
        el('blockquote', {}, q.direct ? ['«', q.text, '»'] : q.text),
        el('p', { class: 'meta' }, q.cue ? [q.cue, ' · '] : null, q.direct ? 'اقتباس مباشر' : 'قول منقول', ' · ',
          where.map((w, i) => [i ? '، ' : '', el('a', { href: articleLink(w.article) }, outlet(w.source))]))))))));
}

function entityList(entities) {
  if (!entities.length) return el('p', {}, '—');
  return el('ul', { class: 'entities' }, entities.map((e) => el('li', { 'data-type': e.type },
    el('a', { href: link({ q: `entity:"${e.canonical}"` }) }, e.canonical), ' ',
    el('span', { class: 'etype' }, TYPES[e.type] || e.type), ' ',
    el('span', { class: 'count' }, 'الذكر: ', num(e.mentions), ' · المقالات: ', num(e.articles)))));
}

// ---------------------------------------------------------------- view: one article
async function viewArticle(p) {
  const id = p.get('id') || '';
  if (!id) throw new ApiError(400, 'bad_request', 'an article id is required');
  const a = await api('articles/' + encodeURIComponent(id));
  document.title = `${a.title || a.id} — مرصد`;
  const facts = [
    ...(a.quotes || []).map((f) => ({ ...f, kind: 'quote', rank: 0 })),
    ...(a.entities || []).map((f) => ({ ...f, kind: 'entity', rank: 1 })),
    ...(a.numbers || []).map((f) => ({ ...f, kind: 'number', rank: 2 })),
    ...(a.dates || []).map((f) => ({ ...f, kind: 'date', rank: 3 })),
  ];
  const facts_of = new WeakMap();
  const { frag, skipped } = markRanges(a.body || '', facts, (f) => {
    const m = el('mark', { class: `fact k-${f.kind}` + (f.type ? ` t-${f.type}` : ''), tabindex: '0',
      'data-kind': f.kind, 'data-start': f.start, 'data-end': f.end, 'aria-describedby': 'tip' });
    facts_of.set(m, f);
    return m;
  });
  factTips.facts = facts_of;
  const showRemoved = p.get('removed') === '1';
  const removed = a.removed || [];
  const toggle = el('input', { type: 'checkbox', id: 'removed-toggle', checked: showRemoved,
    'aria-controls': 'removed', onchange: (e) => {
      $('#removed').hidden = !e.target.checked;
      const q = state();
      if (e.target.checked) q.set('removed', '1'); else q.delete('removed');
      history.replaceState(null, '', '/?' + q);
    } });
  const counts = Object.keys(KINDS).map((k) => el('li', {}, el('span', { class: `fact k-${k}` }, KINDS[k]), ' ',
    num(facts.filter((f) => f.kind === k).length)));

  return [
    el('h1', { tabindex: '-1' }, a.title || a.id),
    el('p', { class: 'meta' }, outlet(a.source), ' · ', date(a.date),
      a.author ? [' · ', a.author] : null,
      a.story != null ? [' · ', el('a', { href: storyLink(a.story) }, 'قصته: ', num(a.story))] : null),
    a.url ? el('p', { class: 'url' }, 'الرابط الأصلي: ', el('a', { href: a.url, rel: 'noopener noreferrer', dir: 'ltr' }, a.url)) : null,
    a.duplicate_of ? el('p', { class: 'note' }, 'هذا المقال ', DUP_KINDS[a.duplicate_kind] || 'نسخة',
      a.duplicate_jaccard != null ? [' (التشابه ', num(a.duplicate_jaccard), ')'] : null, ' من ',
      el('a', { href: articleLink(a.duplicate_of) }, 'المقال الأصلي'), '.') : null,
    el('ul', { class: 'inline legend', 'aria-label': 'ما عُلِّم في النص' }, counts),
    el('p', { class: 'hint' }, 'مرّر المؤشر على أي جزء معلَّم أو انتقل إليه بمفتاح Tab لرؤية تفاصيله.'),
    el('div', { class: 'body', lang: 'ar' }, frag),
    skipped.length ? el('p', { class: 'note' }, 'لم تُعلَّم في النص حقائق متداخلة: ', num(skipped.length)) : null,
    el('p', { class: 'switch' }, toggle, el('label', { for: 'removed-toggle' },
      'إظهار الأسطر المحذوفة (', num(removed.length), ')')),
    el('section', { id: 'removed', hidden: !showRemoved, 'aria-labelledby': 'removed-h' },
      el('h2', { id: 'removed-h' }, 'الأسطر التي حذفها التنظيف'),
      removed.length ? el('ul', { class: 'removed' }, removed.map((r) => el('li', { 'data-reason': r.reason },
        el('span', { class: 'reason' }, REASONS[r.reason] || r.reason),
        r.line != null ? [' · السطر ', num(r.line)] : ' · كتلة من صفحة HTML', ': ',
        el('del', {}, r.text)))) : el('p', {}, 'لم يُحذف أي سطر.')),
    section('dups-h', 'النسخ المكررة', (a.duplicates || []).length
      ? el('ul', { class: 'dups' }, a.duplicates.map((d) => el('li', {},
        el('a', { href: articleLink(d.id) }, outlet(d.source), ' · ', date(d.date)), ' — ',
        d.kind ? [DUP_KINDS[d.kind] || d.kind, d.jaccard != null ? [' (', num(d.jaccard), ')'] : null] : 'الأصل')))
      : el('p', {}, 'لا نسخ مكررة.')),
  ];
}

// One shared tooltip for the facts of the article view, shown on hover and on focus.
const factTips = { facts: new WeakMap() };

function describe(f) {
  const lines = [KINDS[f.kind]];
  if (f.kind === 'entity') {
    lines.push('النوع: ' + (TYPES[f.type] || f.type) + (f.subtype ? ` (${SUBTYPES[f.subtype] || f.subtype})` : ''),
      'الاسم الموحّد: ' + f.canonical);
  } else if (f.kind === 'quote') {
    lines[0] = f.direct ? 'اقتباس مباشر' : 'قول منقول';
    lines.push('المتحدث: ' + (f.speaker || 'غير معروف'));
    if (f.cue) lines.push('فعل القول: ' + f.cue);
  } else if (f.kind === 'number') {
    lines.push('القيمة: ' + num(f.value) + (f.unit ? ' ' + f.unit : ''), 'التحوّط: ' + (HEDGES[f.qualifier] || f.qualifier));
    if (f.counted) lines.push('المعدود: ' + f.counted);
  } else if (f.kind === 'date') {
    lines.push('القيمة: ' + num(f.value), 'الدقة: ' + (GRAINS[f.grain] || f.grain));
    if (f.calendar === 'hijri') lines.push('مكتوب بالتقويم الهجري');
    if (f.relative) lines.push('تاريخ نسبي حُسب من تاريخ المقال');
  }
  return lines;
}

function showTip(m) {
  const f = factTips.facts.get(m);
  const tip = $('#tip');
  if (!f) return;
  tip.replaceChildren(...describe(f).map((l, i) => el(i ? 'span' : 'strong', {}, l)));
  tip.hidden = false;
  const r = m.getBoundingClientRect();
  const tw = tip.offsetWidth;
  const left = Math.min(Math.max(4, r.right - tw), document.documentElement.clientWidth - tw - 4);
  tip.style.left = `${left + scrollX}px`; // CSSOM, allowed by the CSP (style attributes in markup are not)
  tip.style.top = `${r.bottom + scrollY + 6}px`;
}
function hideTip() { $('#tip').hidden = true; }

function initTips() {
  const main = $('#main');
  main.addEventListener('mouseover', (e) => { const m = e.target.closest('.fact[data-start]'); if (m) showTip(m); });
  // Leaving a fact with the mouse brings back the focused fact's tooltip, if any.
  main.addEventListener('mouseout', (e) => {
    if (!e.target.closest('.fact[data-start]')) return;
    const f = document.activeElement && document.activeElement.closest && document.activeElement.closest('.fact[data-start]');
    if (f) showTip(f); else hideTip();
  });
  main.addEventListener('focusin', (e) => { const m = e.target.closest('.fact[data-start]'); if (m) showTip(m); else hideTip(); });
  main.addEventListener('focusout', hideTip);
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') hideTip(); });
}

// ---------------------------------------------------------------- the frame
const VIEWS = { search: viewSearch, stories: viewStories, story: viewStory, article: viewArticle };
let renderSeq = 0;

// Show the view the URL names. A later render wins over an earlier one still loading.
async function render({ focus = false } = {}) {
  const p = state();
  digits = p.get('digits') === 'arab' ? 'arab' : 'latn';
  document.documentElement.dataset.digits = digits; // the CSS numbers list items to match
  const view = p.get('view') || 'search';
  syncFrame(p, view);
  hideTip();
  const seq = ++renderSeq;
  const main = $('#main');
  main.setAttribute('aria-busy', 'true');
  let nodes;
  try {
    const fn = VIEWS[view];
    if (!fn) throw new ApiError(404, 'unknown_view', `no view ${view}`);
    nodes = await fn(p);
  } catch (e) {
    if (!(e instanceof ApiError)) console.warn(e); // a bug of the page: still show something
    document.title = 'خطأ — مرصد';
    nodes = errorBox(e, e.query);
  }
  if (seq !== renderSeq) return;
  main.replaceChildren(...[].concat(nodes).flat(Infinity).filter(Boolean));
  main.removeAttribute('aria-busy');
  if (focus) ($('h1', main) || main).focus();
}

// The parts outside <main>: the form shows the URL's search, the filters only on the
// search view, the digits button its state, the nav link of this view is marked current.
function syncFrame(p, view) {
  const form = $('#search');
  if (view === 'search') {
    form.q.value = p.get('q') || '';
    $('#since').value = p.get('since') || '';
    $('#until').value = p.get('until') || '';
    $('#sort').value = p.get('sort') || 'relevance';
    const src = p.getAll('source');
    if (src[0] && ![...$('#source').options].some((o) => o.value === src[0])) {
      $('#source').append(el('option', { value: src[0] }, src[0]));
    }
    $('#source').value = src[0] || '';
  }
  $('.filters').hidden = !(view === 'search' && p.get('q'));
  const btn = $('#digits');
  btn.setAttribute('aria-pressed', digits === 'arab' ? 'true' : 'false');
  $('#digits-label').textContent = digits === 'arab' ? '١٢٣' : '123';
  for (const a of document.querySelectorAll('nav a[data-nav]')) {
    const cur = a.dataset.nav === (view === 'search' ? 'search' : view === 'stories' ? 'stories' : '');
    if (cur) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    a.setAttribute('href', link(a.dataset.nav === 'stories' ? { view: 'stories' } : {}));
  }
  $('.brand').setAttribute('href', link({}));
}

function submitSearch() {
  const form = $('#search');
  const q = form.q.value.trim();
  const p = state();
  const params = { q, source: form.source.value, since: form.since.value, until: form.until.value,
    sort: form.sort.value === 'relevance' ? null : form.sort.value };
  if (!q) return go(link({}));
  // A new query starts from its first page; a filter kept only when it was already shown.
  if ((p.get('view') || 'search') !== 'search' || !p.get('q')) {
    params.source = params.since = params.until = null;
    params.sort = null;
  }
  go(link(params));
}

function init() {
  $('#search').addEventListener('submit', (e) => { e.preventDefault(); submitSearch(); });
  for (const id of ['source', 'since', 'until', 'sort']) {
    $('#' + id).addEventListener('change', () => { if ($('#q').value.trim()) submitSearch(); });
  }
  $('#digits').addEventListener('click', () => {
    const p = state();
    if (p.get('digits') === 'arab') p.delete('digits'); else p.set('digits', 'arab');
    const s = p.toString();
    go(s ? '/?' + s : '/', { replace: true });
  });
  // Links to "/" change the view without reloading the page.
  document.addEventListener('click', (e) => {
    const a = e.target.closest('a');
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const raw = a.getAttribute('href');
    if (!raw || raw.startsWith('#') || a.target) return;
    const u = new URL(raw, location.href);
    if (u.origin !== location.origin || u.pathname !== '/') return;
    e.preventDefault();
    go(u.pathname + u.search, { focus: true });
  });
  // "/" jumps to the search box, unless the user is typing somewhere.
  document.addEventListener('keydown', (e) => {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return;
    e.preventDefault();
    $('#q').focus();
    $('#q').select();
  });
  window.addEventListener('popstate', () => render());
  initTips();
  render();
}

init();
