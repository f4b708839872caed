(function () {
  'use strict';
  var app = document.body.classList.contains('app');
  var meta = document.querySelector('meta[name="review-token"]');
  var token = meta ? meta.content : '';
  var current = null;

  function rows() { return Array.prototype.slice.call(document.querySelectorAll('tr.pair')); }
  function visible() { return rows().filter(function (r) { return !r.hidden; }); }
  function say(text) {
    var m = document.getElementById('message');
    if (!m) return;
    m.textContent = text || ''; m.hidden = !text;
  }

  // --- search folding (the report's own search; the app's is the server's translate.text.search.fold):
  // Arabic and Persian letter variants to one letter (ي ى ئ → ی, ك → ک, ة ۀ → ه, أ إ آ ٱ → ا, ؤ → و),
  // diacritics, kashida and invisible marks out, Persian/Arabic-Indic digits to ASCII, ZWNJ and every
  // run of spaces to one space, case folded: a query finds a sentence however either was typed.
  var LETTERS = {'ي': 'ی', 'ى': 'ی', 'ئ': 'ی', 'ك': 'ک', 'ڪ': 'ک', 'ة': 'ه', 'ۀ': 'ه', 'ہ': 'ه',
                 'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ؤ': 'و', '٫': '.', '٬': ',', '\u200c': ' '};
  var REMOVED = /[\u064b-\u065f\u0670\u0640\u200b\u200d\u2060\u200e\u200f\u00ad\u202a-\u202e\u2066-\u2069\ufeff]/g;
  function fold(text) {
    return text.normalize('NFKC').replace(REMOVED, '')
      .replace(/[\u06f0-\u06f9]/g, function (d) { return String(d.charCodeAt(0) - 0x06f0); })
      .replace(/[\u0660-\u0669]/g, function (d) { return String(d.charCodeAt(0) - 0x0660); })
      .replace(/[يىئكڪةۀہأإآٱؤ٫٬\u200c]/g, function (c) { return LETTERS[c]; })
      .toLowerCase().split(/\s+/).filter(Boolean).join(' ');
  }

  // --- the report: filters and search over the rows it holds ---
  var controls = ['search', 'verdict', 'reviewed', 'missing', 'flags', 'edited'].map(function (id) { return document.getElementById(id); });
  function matches(r) {
    var q = fold(controls[0].value), v = controls[1].value, rv = controls[2].value;
    if (v === 'flagged' ? r.dataset.verdict === 'ok' : (v && r.dataset.verdict !== v)) return false;
    if (rv && (r.dataset.state !== 'machine') !== (rv === 'yes')) return false;
    if (controls[3].checked && r.dataset.missing !== '1') return false;
    if (controls[4].checked && r.dataset.flagged !== '1') return false;
    if (controls[5] && controls[5].checked && r.dataset.edited !== '1') return false;
    if (q) {
      var text = fold(r.querySelector('td.fa').textContent + ' ' + r.querySelector('.target').textContent);
      if (text.indexOf(q) < 0) return false;
    }
    return true;
  }
  function filter() {
    var shown = 0, all = rows();
    all.forEach(function (r) { r.hidden = !matches(r); if (!r.hidden) shown++; });
    document.getElementById('shown').textContent = shown + ' of ' + all.length + ' shown';
  }
  var form = document.getElementById('filters');
  if (app && form) {
    // the app: the server filters the whole document; a changed filter asks it for the first page
    controls.forEach(function (c) {
      if (c && c.type !== 'search') c.addEventListener('change', function () { form.requestSubmit(); });
    });
  } else {
    controls.forEach(function (c) { if (c) c.addEventListener(c.type === 'search' ? 'input' : 'change', filter); });
  }

  // --- sorting within a document (the rows on the page) ---
  document.querySelectorAll('table.pairs th[data-sort]').forEach(function (th) {
    th.addEventListener('click', function () {
      var key = th.dataset.sort, body = th.closest('table').tBodies[0];
      var up = th.dataset.dir !== 'asc'; th.dataset.dir = up ? 'asc' : 'desc';
      var list = Array.prototype.slice.call(body.rows);
      list.sort(function (a, b) {
        var x = parseFloat(a.dataset[key]), y = parseFloat(b.dataset[key]);
        if (isNaN(x)) x = -Infinity; if (isNaN(y)) y = -Infinity;
        return up ? x - y : y - x;
      });
      list.forEach(function (r) { body.appendChild(r); });
    });
  });

  // --- aligned words, on the tokens shown ---
  // A token's side is its cell and its index its place there: the word links number tokens so.
  function tokensOf(row, side) {
    var cell = row.querySelector(side === 's' ? 'td.fa' : 'td.en .target');
    return cell ? cell.querySelectorAll('.w') : [];
  }
  function mark(w, on) {
    var row = w.closest('tr.pair');
    if (!row) return;
    var side = w.closest('td.fa') ? 's' : 't', i = String(Array.prototype.indexOf.call(tokensOf(row, side), w));
    var others = tokensOf(row, side === 's' ? 't' : 's');
    w.classList.toggle('hl', on);
    (row.dataset.align || '').split(' ').filter(Boolean).forEach(function (l) {
      var p = l.split('-'), other = side === 's' ? (p[0] === i ? p[1] : null) : (p[1] === i ? p[0] : null);
      if (other === null) return;
      var o = others[+other];
      if (o) o.classList.toggle('hl', on);
    });
  }
  document.addEventListener('mouseover', function (e) { var w = e.target.closest && e.target.closest('.w'); if (w) mark(w, true); });
  document.addEventListener('mouseout', function (e) { var w = e.target.closest && e.target.closest('.w'); if (w) mark(w, false); });

  // --- keyboard: move, change page, and in the app act ---
  function focusRow(r) {
    if (!r) return;
    if (current) current.classList.remove('current');
    current = r; r.classList.add('current'); r.focus({preventScroll: true});
    r.scrollIntoView({block: 'nearest'});
  }
  function step(d) {
    var list = visible(), k = list.indexOf(current);
    focusRow(list[k < 0 ? 0 : Math.max(0, Math.min(list.length - 1, k + d))]);
  }
  function turn(which) {
    var a = document.querySelector('.pager a[data-page="' + which + '"]');
    if (a) location.href = a.href;
  }
  document.addEventListener('click', function (e) {
    var r = e.target.closest && e.target.closest('tr.pair');
    if (r && r !== current) { if (current) current.classList.remove('current'); current = r; r.classList.add('current'); }
    var b = e.target.closest && e.target.closest('button[data-act]');
    if (b) act(b.closest('tr.pair'), b.dataset.act);
    var c = e.target.closest && e.target.closest('button[data-conflict]');
    if (c) resolve(c.closest('tr.pair'), c.dataset.conflict);
  });
  document.addEventListener('keydown', function (e) {
    var editing = e.target.tagName === 'TEXTAREA', typing = editing || e.target.tagName === 'INPUT' || e.target.tagName === 'SELECT';
    if (editing && e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); act(e.target.closest('tr.pair'), 'save'); return; }
    if (editing && e.key === 'Escape') { e.preventDefault(); act(e.target.closest('tr.pair'), 'cancel'); return; }
    if (e.target === controls[0] && (e.key === 'Enter' || e.key === 'Escape')) {
      if (app && e.key === 'Enter') return;  // the form asks the server
      e.preventDefault(); controls[0].blur(); if (e.key === 'Enter') step(0); return;
    }
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    var keys = {j: 1, ArrowDown: 1, k: -1, ArrowUp: -1};
    if (e.key in keys) { e.preventDefault(); step(keys[e.key]); return; }
    if (e.key === '/') { e.preventDefault(); controls[0].focus(); return; }
    if (!app) return;
    if (e.key === 'n' || e.key === 'PageDown') { e.preventDefault(); turn('next'); return; }
    if (e.key === 'p' || e.key === 'PageUp') { e.preventDefault(); turn('prev'); return; }
    if (e.key === 'g') { e.preventDefault(); var at = document.getElementById('at'); if (at) { at.focus(); at.select(); } return; }
    if (!current) return;
    var acts = {e: 'edit', Enter: 'edit', a: 'approve', r: 'reject', u: 'undo'};
    if (e.key in acts) { e.preventDefault(); act(current, acts[e.key]); }
  });

  // --- the app: edit, approve, reject, undo, saved at once, based on the revision shown ---
  function editor(r, open) {
    r.querySelector('.editor').hidden = !open; r.querySelector('.target').hidden = open;
    ['save', 'cancel'].forEach(function (a) { r.querySelector('[data-act=' + a + ']').hidden = !open; });
    r.querySelector('[data-act=edit]').hidden = open;
    if (open) { var t = r.querySelector('.editor'); t.focus(); t.setSelectionRange(t.value.length, t.value.length); }
  }
  function fragment(html) {
    var holder = document.createElement('tbody'); holder.innerHTML = html;
    return holder.firstElementChild;
  }
  function place(r, html) {
    var fresh = fragment(html); r.replaceWith(fresh);
    current = null; focusRow(fresh);
    return fresh;
  }
  // What an action changed in its document's counts (the reply's delta), added to that document's link
  // and summary and to the run's total: no summary is recounted for a click.
  function progress(j) {
    var add = function (span, k) { if (span) span.textContent = parseInt(span.textContent, 10) + j.delta[k]; };
    var link = document.querySelector('nav a[data-doc="' + CSS.escape(j.doc) + '"]');
    var section = document.querySelector('section.doc[data-doc="' + CSS.escape(j.doc) + '"] > p.summary');
    Object.keys(j.delta).forEach(function (k) {
      add(document.querySelector('#total [data-n="' + k + '"]'), k);
      if (section) add(section.querySelector('[data-n="' + k + '"]'), k);
    });
    if (!link || !link.dataset.counts) return;
    var c = JSON.parse(link.dataset.counts);
    Object.keys(j.delta).forEach(function (k) { c[k] += j.delta[k]; });
    link.dataset.counts = JSON.stringify(c);
    var counts = link.querySelector('.counts'), shown = document.createElement('span');
    shown.className = 'progress'; shown.textContent = c.reviewed + '/' + c.sentences + ' reviewed';
    counts.textContent = c.sentences + ' sentences, ' + (c.review + c.bad) + ' to review, ';
    counts.appendChild(shown);
  }
  function conflict(r, action, mine, cur, error) {
    r.dataset.rev = cur.rev;  // what a second save is now based on: their version, seen
    var old = r.querySelector('.conflict'); if (old) old.remove();
    var box = document.createElement('div'); box.className = 'conflict'; box.setAttribute('role', 'alert');
    var p = document.createElement('p'); p.textContent = error; box.appendChild(p);
    [['theirs', 'Now stored (revision ' + cur.rev + ', ' + cur.state + '):', cur.text],
     ['yours', action === 'edit' ? 'Yours (not saved):' : 'Your action (not saved): ' + action, action === 'edit' ? mine : '']
    ].forEach(function (x) {
      var label = document.createElement('p'); label.className = 'label'; label.textContent = x[1]; box.appendChild(label);
      if (x[2]) { var t = document.createElement('div'); t.className = x[0]; t.textContent = x[2]; box.appendChild(t); }
    });
    var buttons = document.createElement('div'); buttons.className = 'actions';
    [['theirs', 'Use theirs'], ['mine', action === 'edit' ? 'Save mine over theirs' : 'Do it anyway']].forEach(function (x) {
      var b = document.createElement('button'); b.type = 'button'; b.dataset.conflict = x[0]; b.textContent = x[1];
      buttons.appendChild(b);
    });
    box.appendChild(buttons);
    r.conflict = {action: action, row: cur.row};
    r.querySelector('td.en').appendChild(box);
    if (action === 'edit') { r.querySelector('.editor').value = mine; editor(r, true); }
  }
  function resolve(r, choice) {
    var c = r && r.conflict; if (!c) return;
    if (choice === 'theirs') { place(r, c.row); return; }
    r.querySelector('.conflict').remove();
    act(r, c.action === 'edit' ? 'save' : c.action);
  }
  function act(r, action) {
    if (!app || !r) return;
    if (action === 'edit') { editor(r, true); return; }
    if (action === 'cancel') { editor(r, false); r.focus(); return; }
    var kind = action === 'save' ? 'edit' : action;
    var body = {doc: r.dataset.doc, idx: parseInt(r.dataset.index, 10), action: kind, rev: parseInt(r.dataset.rev, 10)};
    if (action === 'save') body.text = r.querySelector('.editor').value;
    fetch('api/act', {method: 'POST', headers: {'Content-Type': 'application/json', 'X-Review-Token': token},
                      body: JSON.stringify(body), credentials: 'same-origin'})
      .then(function (res) { return res.json().then(function (j) { return {status: res.status, j: j}; }); })
      .then(function (x) {
        if (x.status === 409 && x.j.current) { say(''); conflict(r, kind, body.text, x.j.current, x.j.error); return; }
        if (x.status !== 200) { say(x.j.error || 'could not save'); return; }
        say('');
        place(r, x.j.row);
        progress(x.j);
      })
      .catch(function (err) { say('could not save: ' + err); });
  }
  if (app) {
    var focus = document.querySelector('main').dataset.focus;
    if (focus !== undefined) {
      var at = parseInt(focus, 10);
      focusRow(rows().filter(function (r) { return parseInt(r.dataset.index, 10) >= at; })[0]);
    }
  } else {
    filter();
  }
})();
