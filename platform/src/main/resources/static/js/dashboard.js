// Dashboard charts (Chart.js from its WebJar). Data comes from data-* attributes (HTML-escaped by
// the server, decoded by the browser), never from inline script, so no text can run as code.
(function () {
  var holder = document.getElementById('dashboard-charts');
  if (!holder || typeof Chart === 'undefined') { return; }
  var o = JSON.parse(holder.getAttribute('data-stats'));
  var L = JSON.parse(holder.getAttribute('data-labels'));
  var palette = ['#0b5cad', '#b3261e', '#b86e00', '#2e7d32', '#6a1b9a', '#00838f', '#5d4037', '#c2185b',
                 '#455a64', '#9e9d24', '#ef6c00', '#1565c0', '#8e24aa', '#43a047', '#e53935', '#3949ab'];
  var days = o.trendByDay.map(function (d) { return d.day; });
  new Chart(document.getElementById('chart-trend'), {
    type: 'line',
    data: { labels: days, datasets: [
      { label: L.findings, data: o.trendByDay.map(function (d) { return d.findings; }), borderColor: palette[1] },
      { label: L.leads, data: o.trendByDay.map(function (d) { return d.leads; }), borderColor: palette[0] }] },
    options: { animation: false }
  });
  var cats = [];
  o.trendByDayAndCategory.forEach(function (c) { if (cats.indexOf(c.category) < 0) { cats.push(c.category); } });
  new Chart(document.getElementById('chart-category'), {
    type: 'bar',
    data: { labels: days, datasets: cats.map(function (c, i) {
      return { label: L.categories[c] || c, backgroundColor: palette[i % palette.length],
               data: days.map(function (d) {
                 var hit = o.trendByDayAndCategory.filter(function (x) { return x.day === d && x.category === c; });
                 return hit.length ? hit[0].findings : 0; }) }; }) },
    options: { animation: false, scales: { x: { stacked: true }, y: { stacked: true } } }
  });
  var statuses = Object.keys(o.leadsByStatus);
  new Chart(document.getElementById('chart-status'), {
    type: 'doughnut',
    data: { labels: statuses.map(function (s) { return L.statuses[s] || s; }),
            datasets: [{ data: statuses.map(function (s) { return o.leadsByStatus[s]; }),
                         backgroundColor: statuses.map(function (s, i) { return palette[i % palette.length]; }) }] },
    options: { animation: false }
  });
  var rules = o.rulePrecision.filter(function (r) { return r.precision !== null && r.precision !== undefined; });
  new Chart(document.getElementById('chart-precision'), {
    type: 'bar',
    data: { labels: rules.map(function (r) { return r.rule; }),
            datasets: [{ label: L.precision, backgroundColor: palette[3],
                         data: rules.map(function (r) { return Math.round(r.precision * 1000) / 10; }) }] },
    options: { animation: false, indexAxis: 'y', scales: { x: { min: 0, max: 100 } } }
  });
})();
