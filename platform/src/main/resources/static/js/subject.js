// Subject profile: findings and leads by month (Chart.js), data from a data-* attribute.
(function () {
  var holder = document.getElementById('subject-timeline');
  if (!holder || typeof Chart === 'undefined') { return; }
  var t = JSON.parse(holder.getAttribute('data-timeline'));
  new Chart(document.getElementById('chart-timeline'), {
    type: 'bar',
    data: { labels: t.map(function (m) { return m.month; }), datasets: [
      { label: holder.getAttribute('data-findings'), backgroundColor: '#b3261e', data: t.map(function (m) { return m.findings; }) },
      { label: holder.getAttribute('data-leads'), backgroundColor: '#0b5cad', data: t.map(function (m) { return m.leads; }) }] },
    options: { animation: false }
  });
})();
