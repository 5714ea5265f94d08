// The monitoring wall's live feed: server-sent events from /wall/stream. Every string that comes
// from a room (transcript, screen text, listing title) is inserted with textContent or as a text
// node, never as markup.
(function () {
  'use strict';
  var main = document.getElementById('wall');
  if (!main) { return; }
  var tiles = document.getElementById('tiles');
  var labels = document.getElementById('kind-labels').dataset;
  var state = document.getElementById('feed-state');
  var filtered = main.dataset.filtered === 'true';
  var MAX_LINES = 30;
  var RANK = { none: 0, notice: 1, warning: 2, serious: 3 };

  function tileFor(d, create) {
    var sel = '.tile[data-room="' + CSS.escape(d.room) + '"]';
    var t = tiles.querySelector(sel);
    if (t || !create || filtered) { return t; }
    var tpl = document.getElementById('tile-template');
    t = tpl.content.firstElementChild.cloneNode(true);
    t.dataset.room = d.room;
    t.querySelector('.platform').textContent = d.platform;
    t.querySelector('.room-name').textContent = d.roomId;
    t.querySelector('.risk').textContent = labels.none;
    tiles.appendChild(t);
    var empty = document.getElementById('wall-empty');
    if (empty) { empty.hidden = true; }
    return t;
  }

  function setText(el, text) { if (el) { el.textContent = text == null ? '' : text; } }

  function renderLine(li, text, begin, end) {
    var span = li.querySelector('.text');
    span.textContent = '';
    if (begin != null && end != null && begin < end && end <= text.length) {
      span.appendChild(document.createTextNode(text.substring(0, begin)));
      var mark = document.createElement('mark');
      mark.className = 'hit';
      mark.textContent = text.substring(begin, end);
      span.appendChild(mark);
      span.appendChild(document.createTextNode(text.substring(end)));
    } else {
      span.appendChild(document.createTextNode(text));
    }
  }

  function on(name, fn) {
    source.addEventListener(name, function (e) {
      var d;
      try { d = JSON.parse(e.data); } catch (err) { return; }
      fn(d);
    });
  }

  var params = new URLSearchParams();
  params.set('after', main.dataset.after);
  params.set('afterFinding', main.dataset.afterFinding);
  if (main.dataset.platform) { params.set('platform', main.dataset.platform); }
  if (main.dataset.jurisdiction) { params.set('jurisdiction', main.dataset.jurisdiction); }
  var source = new EventSource('/wall/stream?' + params.toString());
  source.onopen = function () { setText(state, main.dataset.labelConnected); state.className = 'feed-state ok'; };
  source.onerror = function () { setText(state, main.dataset.labelDisconnected); state.className = 'feed-state down'; };

  on('line', function (d) {
    var t = tileFor(d, true);
    if (!t) { return; }
    var ol = t.querySelector('.lines');
    var li = document.createElement('li');
    li.className = d.type + ' new';
    li.dataset.event = d.event;
    var kind = document.createElement('span');
    kind.className = 'kind';
    kind.textContent = labels[d.type] || d.type;
    var text = document.createElement('span');
    text.className = 'text';
    li.appendChild(kind);
    li.appendChild(document.createTextNode(' '));
    li.appendChild(text);
    li.dataset.text = d.text;
    renderLine(li, d.text, null, null);
    ol.appendChild(li);
    while (ol.children.length > MAX_LINES) { ol.removeChild(ol.firstElementChild); }
    ol.scrollTop = ol.scrollHeight;
  });

  on('listing', function (d) {
    var t = tileFor(d, true);
    if (!t) { return; }
    setText(t.querySelector('.listing-title'), d.title);
    setText(t.querySelector('.price'), d.price == null ? '' : '¥' + d.price);
  });

  on('price', function (d) {
    var t = tileFor(d, false);
    if (t && d.source === 'listing') { setText(t.querySelector('.price'), '¥' + d.price); }
  });

  on('status', function (d) {
    var t = tileFor(d, true);
    if (!t) { return; }
    var s = t.querySelector('.status');
    s.className = 'status status-' + d.status;
    setText(s, main.dataset['label' + d.status.charAt(0).toUpperCase() + d.status.slice(1)]);
  });

  on('finding', function (d) {
    var t = tileFor(d, true);
    if (!t) { return; }
    var li = t.querySelector('.lines li[data-event="' + CSS.escape(d.event) + '"]');
    if (li) {
      var text = li.dataset.text != null ? li.dataset.text : li.querySelector('.text').textContent;
      li.dataset.text = text;
      if (text.substring(d.begin, d.end) === d.matched) { renderLine(li, text, d.begin, d.end); }
      li.classList.add('flagged');
    }
    var ul = t.querySelector('.findings');
    var item = document.createElement('li');
    item.className = 'severity-' + d.severity + ' new';
    var a = document.createElement('a');
    a.href = '/leads/' + encodeURIComponent(d.lead);
    a.textContent = d.rule;
    var m = document.createElement('span');
    m.textContent = ' ' + (d.matched || '');
    item.appendChild(a);
    item.appendChild(m);
    ul.insertBefore(item, ul.firstChild);
    while (ul.children.length > 5) { ul.removeChild(ul.lastElementChild); }
    if ((RANK[d.severity] || 0) > (RANK[t.dataset.risk] || 0)) {
      t.classList.remove('risk-' + t.dataset.risk);
      t.dataset.risk = d.severity;
      t.classList.add('risk-' + d.severity);
      setText(t.querySelector('.risk'), labels[d.severity]);
    }
    t.classList.add('alert');
    setTimeout(function () { t.classList.remove('alert'); }, 3000);
  });
})();
