// Keyboard shortcuts of the lead queue and the review desk. Ignored while typing in a field.
(function () {
  'use strict';
  function typing(e) {
    var t = e.target;
    return t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
  }
  var queue = document.getElementById('queue');
  if (queue) {
    var rows = Array.prototype.slice.call(queue.querySelectorAll('tbody tr'));
    var at = -1;
    function select(i) {
      if (!rows.length) { return; }
      if (at >= 0) { rows[at].classList.remove('selected'); }
      at = Math.max(0, Math.min(rows.length - 1, i));
      rows[at].classList.add('selected');
      rows[at].scrollIntoView({ block: 'nearest' });
    }
    document.addEventListener('keydown', function (e) {
      if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) { return; }
      if (e.key === 'j') { select(at + 1); e.preventDefault(); }
      else if (e.key === 'k') { select(at - 1); e.preventDefault(); }
      else if (e.key === 'Enter' && at >= 0) { window.location.href = rows[at].dataset.href; }
    });
    return;
  }
  var review = document.getElementById('review');
  if (!review) { return; }
  function submit(id) {
    var f = document.getElementById(id);
    if (f) { f.requestSubmit ? f.requestSubmit() : f.submit(); return true; }
    return false;
  }
  document.addEventListener('keydown', function (e) {
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) { return; }
    if (e.key === 'r') { if (submit('form-review')) { e.preventDefault(); } }
    else if (e.key === 'c') { if (submit('form-confirm')) { e.preventDefault(); } }
    else if (e.key === 'd') {
      var r = document.getElementById('dismiss-reason');
      if (r) { r.focus(); e.preventDefault(); }
    }
    else if (e.key === 'n') { if (review.dataset.next) { window.location.href = review.dataset.next; } }
    else if (e.key === '?') {
      var h = document.getElementById('help');
      if (h && h.showModal) { h.showModal(); }
    }
  });
})();
