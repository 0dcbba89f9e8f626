// unpress review page. Rows are compact arrays (see src/review/mod.rs, `Review::row`):
// [outcome, type, status, draft, title, url, output, code, reason, warnings, file, line, id,
//  kept, by_design, comments]; type, status, code and file are numbers into meta.strings
// (or the value itself once that table is full); kept is null or (source, output, lost)
// triples in meta.kinds order. A post's content, where embedded, is the JSON element "c" +
// its row number: [source HTML, front matter, Markdown body, Markdown as HTML].
(function () {
  'use strict';
  var meta = JSON.parse(document.getElementById('meta').textContent);
  var rows = JSON.parse(document.getElementById('rows').textContent);
  var S = meta.strings;
  var OUTCOMES = ['written', 'would write', 'skipped', 'failed'];
  var ROW_H = 26;
  var n = rows.length;

  function str(v) { return typeof v === 'number' ? S[v] : (v == null ? '' : String(v)); }
  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'cls') e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    }
    if (kids) kids.forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }
  function svg(tag, attrs) {
    var e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    return e;
  }
  function pct(x) { return (Math.round(x * 1000) / 10) + '%'; }

  // Worst kept ratio per row (-1: not checked) and whether anything was lost.
  var worst = new Float64Array(n), lossy = new Uint8Array(n);
  for (var i = 0; i < n; i++) {
    var k = rows[i][13];
    if (!k) { worst[i] = -1; continue; }
    var w = 1;
    for (var j = 0; j < k.length; j += 3) {
      if (k[j + 2] > 0) lossy[i] = 1;
      if (k[j] > 0) w = Math.min(w, (k[j] - k[j + 2]) / k[j]);
    }
    worst[i] = w;
  }

  // ---- Summary and charts
  var sum = meta.summary, t = meta.tally;
  var top = el('header', { cls: 'top' }, [
    el('h1', { text: 'unpress review' }),
    el('span', { text: n + ' items, target ' + meta.target + (meta.dry_run ? ' (dry run)' : '') })
  ]);
  function card(label, value, cls, note) {
    return el('div', { cls: 'card' }, [el('b', { text: String(value), cls: cls || '' }),
      el('span', { text: label }), note ? el('small', { text: ' ' + note }) : null]);
  }
  var cards = el('div', { cls: 'cards' }, [
    card('items in', sum.items),
    card(meta.dry_run ? 'would write' : 'written', sum.written, 'o0', sum.drafts ? sum.drafts + ' drafts' : ''),
    card('skipped', sum.skipped, 'o2'),
    card('failed', sum.failed, 'o3'),
    card('posts with losses', t.with_loss, 'lossy', 'of ' + t.checked + ' checked'),
    card('warnings', sum.warnings),
    card('content embedded', meta.embedded)
  ]);
  function warningStem(kind) { return kind.split(/['"“‘(]…|N/)[0].trim(); }
  // `pick`, if given, is called with a row's key when the row is clicked.
  function countTable(title, map, empty, pick) {
    var keys = Object.keys(map).sort(function (a, b) { return map[b] - map[a] || (a < b ? -1 : 1); });
    if (!keys.length && !empty) return null;
    var tb = el('table'), SHOWN = 12;
    keys.slice(0, SHOWN).forEach(function (key) {
      var tr = el('tr', pick ? { cls: 'pick', title: 'show these items' } : null,
        [el('td', { cls: 'n', text: String(map[key]) }), el('td', { text: key || '(none)', title: key })]);
      if (pick) tr.addEventListener('click', function () { pick(key); });
      tb.appendChild(tr);
    });
    if (keys.length > SHOWN) {
      var rest = keys.slice(SHOWN).reduce(function (a, k) { return a + map[k]; }, 0);
      tb.appendChild(el('tr', null, [el('td', { cls: 'n', text: String(rest) }),
        el('td', { text: '… in ' + (keys.length - SHOWN) + ' more kinds' })]));
    }
    return el('div', { cls: 'panel' }, [el('h2', { text: title }), keys.length ? tb : el('span', { text: empty })]);
  }
  function listPanel(title, list, fmt) {
    if (!list.length) return null;
    return el('div', { cls: 'panel' }, [el('h2', { text: title }),
      el('ul', null, list.map(function (x) { return el('li', { text: fmt(x) }); }))]);
  }
  function barChart() {
    var parts = [[OUTCOMES[0], sum.written - t.would_write, 'var(--ok)'], [OUTCOMES[1], t.would_write, 'var(--plan)'],
      [OUTCOMES[2], sum.skipped, 'var(--skip)'], [OUTCOMES[3], sum.failed, 'var(--fail)']];
    var W = 320, total = Math.max(1, sum.items), x = 0;
    var s = svg('svg', { width: W, height: 58, viewBox: '0 0 ' + W + ' 58', role: 'img', 'aria-label': 'outcomes' });
    parts.forEach(function (p, idx) {
      var w = p[1] / total * W;
      if (w > 0) {
        var r = svg('rect', { x: x, y: 0, width: w, height: 22, fill: p[2] });
        r.appendChild(svg('title', {})).textContent = p[0] + ': ' + p[1];
        s.appendChild(r);
      }
      x += w;
      var lx = (idx % 2) * 160, ly = 36 + Math.floor(idx / 2) * 14;
      s.appendChild(svg('rect', { x: lx, y: ly - 9, width: 10, height: 10, fill: p[2] }));
      s.appendChild(svg('text', { x: lx + 14, y: ly })).textContent = p[0] + ' ' + p[1] + ' (' + pct(p[1] / total) + ')';
    });
    return el('div', { cls: 'panel' }, [el('h2', { text: 'Outcomes' }), s]);
  }
  function histogram() {
    // Ten buckets of the worst kind's kept ratio, and whole posts (ratio 1) apart.
    var b = new Array(11).fill(0), any = false;
    for (var i = 0; i < n; i++) {
      if (worst[i] < 0) continue;
      any = true;
      b[worst[i] >= 1 ? 10 : Math.min(9, Math.floor(worst[i] * 10))]++;
    }
    var box = el('div', { cls: 'panel' }, [el('h2', { text: 'Kept ratio per post (worst kind)' })]);
    if (!any) { box.appendChild(el('span', { text: 'no loss check in this run' })); return box; }
    var max = Math.max.apply(null, b), W = 11 * 30, H = 90;
    var s = svg('svg', { width: W, height: H + 30, viewBox: '0 0 ' + W + ' ' + (H + 30), role: 'img', 'aria-label': 'kept ratio histogram' });
    b.forEach(function (c, idx) {
      var h = max ? Math.max(c ? 1 : 0, c / max * H) : 0;
      var label = idx === 10 ? '100%' : (idx * 10) + '–' + (idx * 10 + 10) + '%';
      var r = svg('rect', { x: idx * 30 + 3, y: H - h + 12, width: 24, height: h, fill: idx === 10 ? 'var(--ok)' : 'var(--loss)' });
      r.appendChild(svg('title', {})).textContent = label + ': ' + c + ' posts';
      s.appendChild(r);
      if (c) s.appendChild(svg('text', { x: idx * 30 + 15, y: H - h + 9, 'text-anchor': 'middle' })).textContent = String(c);
      s.appendChild(svg('text', { x: idx * 30 + 15, y: H + 25, 'text-anchor': 'middle' })).textContent = idx === 10 ? 'all' : String(idx * 10);
    });
    box.appendChild(s);
    return box;
  }
  var panels = el('div', { cls: 'panels' }, [
    barChart(), histogram(),
    countTable('Skipped by reason', sum.skipped_by_reason),
    countTable('Failed by reason', t.failed),
    countTable('Posts losing each kind', t.lost),
    countTable('Warnings by kind', t.warnings, null, function (kind) {
      // The kind's text up to its first particular, which every warning of the kind shares.
      fWarn.value = warningStem(kind);
      applyFilter();
      fWarn.scrollIntoView({ block: 'center' });
    }),
    countTable('By design', t.by_design),
    listPanel('Input errors', meta.errors, function (e) { return e.file + (e.line ? ':' + e.line : '') + ': ' + e.message; }),
    listPanel('Recovered problems', meta.problems, function (e) { return e.file + (e.line ? ':' + e.line : '') + ': ' + e.message; }),
    listPanel('Notes', meta.notes, function (x) { return x; })
  ]);

  // ---- Controls
  var fOutcome = el('select', { id: 'f-outcome', 'aria-label': 'outcome' },
    [el('option', { value: '', text: 'any outcome' })].concat(OUTCOMES.map(function (o, i) { return el('option', { value: String(i), text: o }); })));
  var fLoss = el('input', { type: 'checkbox', id: 'f-loss' });
  var fWarn = el('input', { type: 'search', id: 'f-warning', placeholder: 'warning text…', list: 'warning-kinds' });
  var kindsList = el('datalist', { id: 'warning-kinds' }, Object.keys(t.warnings).map(function (w) {
    return el('option', { value: warningStem(w) });
  }));
  var fText = el('input', { type: 'search', id: 'f-text', placeholder: 'search title, URL, path…' });
  var count = el('span', { id: 'count' });
  var controls = el('div', { cls: 'controls' }, [fOutcome,
    el('label', null, [fLoss, document.createTextNode(' has loss')]), fWarn, kindsList, fText, count]);

  // ---- Table
  var COLS = [['#', function (i) { return i; }],
    ['Outcome', function (i) { return rows[i][0]; }],
    ['Type', function (i) { return str(rows[i][1]); }],
    ['Title', function (i) { return rows[i][4].toLowerCase(); }],
    ['Output / reason', function (i) { return rows[i][6] || rows[i][8] || ''; }],
    ['Warnings', function (i) { return rows[i][9].length; }],
    ['Kept', function (i) { return worst[i]; }]];
  var thead = el('div', { id: 'thead', cls: 'grid', role: 'row' });
  COLS.forEach(function (c, idx) { thead.appendChild(el('span', { 'data-col': String(idx), text: c[0], role: 'columnheader' })); });
  var spacer = el('div', { id: 'spacer' });
  var scroller = el('div', { id: 'scroller', role: 'grid' }, [spacer]);
  var view = new Int32Array(n), shown = 0, sortCol = 0, sortDir = 1;
  var haystack = null;

  function applyFilter() {
    var o = fOutcome.value === '' ? -1 : +fOutcome.value, loss = fLoss.checked;
    var wq = fWarn.value.trim().toLowerCase(), q = fText.value.trim().toLowerCase();
    if (q && !haystack) {
      haystack = new Array(n);
      for (var i = 0; i < n; i++) {
        var r = rows[i];
        haystack[i] = [r[4], r[5], r[6], r[8], str(r[7]), str(r[10]), str(r[1]), str(r[2]), r[12]].join('\n').toLowerCase();
      }
    }
    var all = [];
    for (var i = 0; i < n; i++) {
      var r = rows[i];
      if (o >= 0 && r[0] !== o) continue;
      if (loss && !lossy[i]) continue;
      if (wq && !r[9].some(function (w) { return w.toLowerCase().indexOf(wq) >= 0; })) continue;
      if (q && haystack[i].indexOf(q) < 0) continue;
      all.push(i);
    }
    if (sortCol !== 0 || sortDir !== 1) {
      var key = COLS[sortCol][1], keys = new Map();
      all.forEach(function (i) { keys.set(i, key(i)); });
      all.sort(function (a, b) {
        var x = keys.get(a), y = keys.get(b);
        return (x < y ? -1 : x > y ? 1 : a - b) * sortDir;
      });
    }
    shown = all.length;
    view.set(all);
    count.textContent = shown + ' of ' + n + ' items';
    spacer.style.height = (shown * ROW_H) + 'px';
    scroller.scrollTop = 0;
    draw(true);
  }

  var drawn = [-1, -1];
  function draw(force) {
    var first = Math.max(0, Math.floor(scroller.scrollTop / ROW_H) - 8);
    var last = Math.min(shown, first + Math.ceil((scroller.clientHeight || 600) / ROW_H) + 16);
    if (!force && first === drawn[0] && last === drawn[1]) return;
    drawn = [first, last];
    var frag = document.createDocumentFragment();
    for (var p = first; p < last; p++) frag.appendChild(rowEl(view[p], p));
    spacer.textContent = '';
    if (!shown) spacer.appendChild(el('div', { cls: 'empty', text: 'No item matches the filters.' }));
    spacer.appendChild(frag);
  }

  function rowEl(i, p) {
    var r = rows[i], kept = worst[i];
    var d = el('div', { cls: 'row grid', role: 'row', 'data-i': String(i) }, [
      el('span', { cls: 'n', text: String(i + 1) }),
      el('span', { cls: 'o' + r[0], text: OUTCOMES[r[0]] + (r[3] ? ' (draft)' : '') }),
      el('span', { text: str(r[1]) }),
      el('span', { cls: 'title', text: r[4] || '(no title)', title: r[4] }),
      el('span', { text: r[6] || r[8] || '', title: r[6] || r[8] || '' }),
      el('span', { text: r[9].length ? String(r[9].length) : '', title: r[9].join('\n') }),
      el('span', { cls: lossy[i] ? 'lossy' : '', text: kept < 0 ? '' : pct(kept) })
    ]);
    d.style.top = (p * ROW_H) + 'px';
    return d;
  }

  var pendingDraw = false;
  scroller.addEventListener('scroll', function () {
    if (pendingDraw) return;
    pendingDraw = true;
    requestAnimationFrame(function () { pendingDraw = false; draw(false); });
  });
  window.addEventListener('resize', function () { draw(true); });
  var timer = 0;
  function later() { clearTimeout(timer); timer = setTimeout(applyFilter, 120); }
  [fWarn, fText].forEach(function (f) { f.addEventListener('input', later); });
  [fOutcome, fLoss].forEach(function (f) { f.addEventListener('change', applyFilter); });
  thead.addEventListener('click', function (e) {
    var c = e.target.getAttribute && e.target.getAttribute('data-col');
    if (c == null) return;
    c = +c;
    sortDir = c === sortCol ? -sortDir : 1;
    sortCol = c;
    Array.prototype.forEach.call(thead.children, function (h, idx) {
      h.className = idx === sortCol ? (sortDir > 0 ? 'asc' : 'desc') : '';
    });
    applyFilter();
  });
  scroller.addEventListener('click', function (e) {
    var r = e.target.closest ? e.target.closest('.row') : null;
    if (r) open(+r.getAttribute('data-i'));
  });

  // ---- Detail: one item, its notes, and both sides of the post
  var FRAME_HEAD = '<!DOCTYPE html><meta charset="utf-8"><style>body{font:15px/1.55 system-ui,sans-serif;' +
    'margin:12px;color:#222}img{max-width:100%}img[data-src]{display:inline-block;min-width:48px;' +
    'min-height:24px;border:1px dashed #999}pre{overflow:auto;background:#f5f5f5;padding:8px}' +
    'table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}' +
    '[data-unpress=embed]{background:#fff3cd;padding:4px 8px}blockquote{border-left:3px solid #ccc;' +
    'margin-left:0;padding-left:12px;color:#555}</style>';
  var detail = el('div', { id: 'detail', hidden: '' });
  var current = -1;
  function frame(html, label) {
    var f = el('iframe', { sandbox: '', title: label, referrerpolicy: 'no-referrer' });
    f.srcdoc = FRAME_HEAD + html;
    return f;
  }
  function keptTable(k) {
    var tb = el('table', { cls: 'kept' }, [el('tr', null, ['kind', 'source', 'output', 'lost', 'kept'].map(function (h) { return el('th', { text: h }); }))]);
    meta.kinds.forEach(function (kind, idx) {
      var s = k[idx * 3], o = k[idx * 3 + 1], l = k[idx * 3 + 2];
      if (!s && !o) return;
      tb.appendChild(el('tr', { cls: l ? 'lost' : '' }, [kind.replace('_', ' '), s, o, l, s ? pct((s - l) / s) : '—']
        .map(function (v) { return el('td', { text: String(v) }); })));
    });
    return tb;
  }
  function open(i) {
    current = i;
    var r = rows[i];
    var dl = el('dl');
    [['outcome', OUTCOMES[r[0]] + (r[3] ? ' (draft)' : '')], ['output', r[6]], ['code', str(r[7])], ['reason', r[8]],
      ['url', r[5]], ['type', str(r[1]) + (r[2] != null ? ' / ' + str(r[2]) : '')], ['post id', r[12]],
      ['input', str(r[10]) + (r[11] ? ':' + r[11] : '')], ['comments', r[15] || '']].forEach(function (p) {
      if (p[1] === null || p[1] === undefined || p[1] === '') return;
      dl.appendChild(el('dt', { text: p[0] }));
      dl.appendChild(el('dd', { text: String(p[1]) }));
    });
    var notes = el('div', { cls: 'notes' }, [
      r[9].length ? el('div', null, [el('h3', { text: 'Warnings' }), el('ul', null, r[9].map(function (w) { return el('li', { text: w }); }))]) : null,
      r[14].length ? el('div', null, [el('h3', { text: 'By design' }), el('ul', null, r[14].map(function (w) { return el('li', { text: w }); }))]) : null,
      r[13] ? el('div', null, [el('h3', { text: 'Kept' }), keptTable(r[13])]) : null
    ]);
    var sides;
    var c = document.getElementById('c' + i);
    if (c) {
      var parts = JSON.parse(c.textContent);
      var md = el('pre', { cls: 'md', hidden: '', text: parts[2] });
      var rendered = frame(parts[3], 'converted, rendered');
      var toggle = el('button', { id: 'd-raw', text: 'Raw Markdown' });
      toggle.addEventListener('click', function () {
        var raw = md.hidden;
        md.hidden = !raw;
        rendered.hidden = raw;
        toggle.textContent = raw ? 'Rendered' : 'Raw Markdown';
      });
      sides = el('div', { cls: 'sides' }, [
        el('div', { cls: 'side original' }, [el('h3', { text: 'Original (sanitized)' }), frame(parts[0], 'original')]),
        el('div', { cls: 'side converted' }, [el('h3', null, [document.createTextNode('Converted '), toggle]),
          parts[1] ? el('pre', { cls: 'front', text: parts[1] }) : null, rendered, md])
      ]);
    } else {
      var why = r[0] > 1 ? 'Nothing was written for this item.'
        : document.readyState === 'loading' ? 'The page is still loading its posts…'
          : 'Content is embedded for posts with losses, and for others while ' +
            Math.round(meta.budget / 1048576) + ' MB lasted (in document order). The file is ' + (r[6] || '') + '.';
      sides = el('div', { cls: 'missing', text: why });
    }
    var prev = el('button', { id: 'd-prev', text: '← Previous' }), next = el('button', { id: 'd-next', text: 'Next →' });
    var close = el('button', { id: 'd-close', text: 'Close (Esc)' });
    prev.addEventListener('click', function () { step(-1); });
    next.addEventListener('click', function () { step(1); });
    close.addEventListener('click', shut);
    detail.textContent = '';
    detail.appendChild(el('div', { role: 'dialog', 'aria-modal': 'true' }, [
      el('div', { cls: 'bar' }, [el('h2', { id: 'd-title', text: (i + 1) + '. ' + (r[4] || '(no title)') }), prev, next, close]),
      el('div', { cls: 'body' }, [dl, notes, sides])
    ]));
    detail.hidden = false;
    // The address names the open item, so a reviewer can hand it on.
    history.replaceState(null, '', '#' + (i + 1));
  }
  function step(d) {
    for (var p = 0; p < shown; p++) {
      if (view[p] === current) {
        var q = p + d;
        if (q >= 0 && q < shown) open(view[q]);
        return;
      }
    }
  }
  function shut() {
    detail.hidden = true;
    detail.textContent = '';
    current = -1;
    history.replaceState(null, '', location.pathname + location.search);
  }
  detail.addEventListener('click', function (e) { if (e.target === detail) shut(); });
  document.addEventListener('keydown', function (e) {
    if (detail.hidden) return;
    if (e.key === 'Escape') shut();
    else if (e.key === 'ArrowRight' || e.key === 'j') step(1);
    else if (e.key === 'ArrowLeft' || e.key === 'k') step(-1);
  });

  var main = el('main', null, [cards, panels, controls, thead, scroller]);
  document.body.insertBefore(detail, document.body.firstChild);
  document.body.insertBefore(main, detail);
  document.body.insertBefore(top, main);
  applyFilter();
  var linked = /^#(\d+)$/.exec(location.hash);
  if (linked && +linked[1] >= 1 && +linked[1] <= n) open(+linked[1] - 1);
  // Posts' content follows this script in the file: an item opened before it was read is
  // shown again once it is.
  document.addEventListener('DOMContentLoaded', function () { if (current >= 0) open(current); });
})();
