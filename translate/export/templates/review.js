(function () {
  'use strict';
  var app = document.body.classList.contains('app');
  var meta = document.querySelector('meta[name="review-token"]');
  var token = meta ? meta.content : '';
  var current = null;

  function rows() { return Array.prototype.slice.call(document.querySelectorAll('tr.pair')); }
  function visible() { return rows().filter(function (r) { return !r.hidden; }); }

  // --- filters and search (both languages) ---
  var controls = ['search', 'verdict', 'reviewed', 'missing', 'flags'].map(function (id) { return document.getElementById(id); });
  function matches(r) {
    var q = controls[0].value.trim().toLowerCase(), v = controls[1].value, rv = controls[2].value;
    if (v === 'flagged' ? r.dataset.verdict === 'ok' : (v && r.dataset.verdict !== v)) return false;
    if (rv && (r.dataset.state !== 'machine') !== (rv === 'yes')) return false;
    if (controls[3].checked && r.dataset.missing !== '1') return false;
    if (controls[4].checked && r.dataset.flagged !== '1') return false;
    if (q) {
      var text = (r.querySelector('td.fa').textContent + ' ' + r.querySelector('.target').textContent).toLowerCase();
      if (text.indexOf(q) < 0) return false;
    }
    return true;
  }
  function filter() {
    var shown = 0, all = rows();
    all.forEach(function (r) { r.hidden = !matches(r); if (!r.hidden) shown++; });
    document.getElementById('shown').textContent = shown + ' of ' + all.length + ' shown';
  }
  controls.forEach(function (c) { c.addEventListener(c.type === 'search' ? 'input' : 'change', filter); });

  // --- sorting within a document ---
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
  function mark(w, on) {
    var row = w.closest('tr.pair'), side = w.dataset.side, i = w.dataset.i;
    w.classList.toggle('hl', on);
    (row.dataset.align || '').split(' ').filter(Boolean).forEach(function (l) {
      var p = l.split('-'), other = side === 's' ? (p[0] === i ? p[1] : null) : (p[1] === i ? p[0] : null);
      if (other === null) return;
      var o = row.querySelector('.w[data-side="' + (side === 's' ? 't' : 's') + '"][data-i="' + other + '"]');
      if (o) o.classList.toggle('hl', on);
    });
  }
  document.addEventListener('mouseover', function (e) { var w = e.target.closest && e.target.closest('.w'); if (w) mark(w, true); });
  document.addEventListener('mouseout', function (e) { var w = e.target.closest && e.target.closest('.w'); if (w) mark(w, false); });

  // --- keyboard: move, and in the app act ---
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
  document.addEventListener('click', function (e) {
    var r = e.target.closest && e.target.closest('tr.pair');
    if (r && r !== current) { if (current) current.classList.remove('current'); current = r; r.classList.add('current'); }
    var b = e.target.closest && e.target.closest('button[data-act]');
    if (b) act(b.closest('tr.pair'), b.dataset.act);
  });
  document.addEventListener('keydown', function (e) {
    var editing = e.target.tagName === 'TEXTAREA', typing = editing || e.target.tagName === 'INPUT' || e.target.tagName === 'SELECT';
    if (editing && e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); act(e.target.closest('tr.pair'), 'save'); return; }
    if (editing && e.key === 'Escape') { e.preventDefault(); act(e.target.closest('tr.pair'), 'cancel'); return; }
    if (e.target === controls[0] && (e.key === 'Enter' || e.key === 'Escape')) {
      e.preventDefault(); controls[0].blur(); if (e.key === 'Enter') step(0); return;
    }
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    var keys = {j: 1, ArrowDown: 1, k: -1, ArrowUp: -1};
    if (e.key in keys) { e.preventDefault(); step(keys[e.key]); return; }
    if (e.key === '/') { e.preventDefault(); controls[0].focus(); return; }
    if (!app || !current) return;
    var acts = {e: 'edit', Enter: 'edit', a: 'approve', r: 'reject', u: 'undo'};
    if (e.key in acts) { e.preventDefault(); act(current, acts[e.key]); }
  });

  // --- the app: edit, approve, reject, undo, saved at once ---
  function editor(r, open) {
    r.querySelector('.editor').hidden = !open; r.querySelector('.target').hidden = open;
    ['save', 'cancel'].forEach(function (a) { r.querySelector('[data-act=' + a + ']').hidden = !open; });
    r.querySelector('[data-act=edit]').hidden = open;
    if (open) { var t = r.querySelector('.editor'); t.focus(); t.setSelectionRange(t.value.length, t.value.length); }
  }
  function act(r, action) {
    if (!app || !r) return;
    if (action === 'edit') { editor(r, true); return; }
    if (action === 'cancel') { editor(r, false); r.focus(); return; }
    var body = {doc: r.dataset.doc, idx: parseInt(r.dataset.index, 10), action: action === 'save' ? 'edit' : action};
    if (action === 'save') body.text = r.querySelector('.editor').value;
    fetch('api/act', {method: 'POST', headers: {'Content-Type': 'application/json', 'X-Review-Token': token},
                      body: JSON.stringify(body), credentials: 'same-origin'})
      .then(function (res) { return res.json().then(function (j) { return {ok: res.ok, j: j}; }); })
      .then(function (x) {
        if (!x.ok) { alert(x.j.error || 'could not save'); return; }
        var holder = document.createElement('tbody'); holder.innerHTML = x.j.row;
        var fresh = holder.firstElementChild; r.replaceWith(fresh);
        var link = document.querySelector('nav a[data-doc="' + CSS.escape(body.doc) + '"] .progress');
        if (link) link.textContent = x.j.reviewed + '/' + x.j.sentences + ' reviewed';
        fresh.hidden = !matches(fresh); current = null; focusRow(fresh);
      })
      .catch(function (err) { alert('could not save: ' + err); });
  }
  filter();
})();
