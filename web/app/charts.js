// Charts with Chart.js (npm package chart.js, served by tunas at
// /vendor/chart.js/ from web/node_modules, never copied into the tree). It
// is loaded on first use, after the figures are on the screen. Each chart
// is a canvas with a text label; the same figures are always in a table
// beside it, for screen readers and for keyboards.

let loading = null;

function loadChartJs() {
  if (window.Chart) return Promise.resolve(window.Chart);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = '/vendor/chart.js/chart.umd.min.js';
      s.onload = () => resolve(window.Chart);
      s.onerror = () => reject(new Error('chart.js'));
      document.head.appendChild(s);
    });
  }
  return loading;
}

// Colours with at least 3:1 contrast against white (WCAG 2.1, 1.4.11).
export const COLOURS = ['#0b5d3b', '#1f4e9c', '#a23b00', '#6b3fa0', '#7a5c00', '#00687a'];

// A bar chart into canvas: labels, and series [{label, data}]. Returns the
// Chart (destroy it before drawing the canvas again) or null if the
// library could not be loaded (the table still shows the figures).
export async function bar(canvas, labels, series, { stacked = false, horizontal = false, locale } = {}) {
  let Chart;
  try {
    Chart = await loadChartJs();
  } catch (e) {
    return null;
  }
  if (!canvas.isConnected) return null;
  const old = Chart.getChart(canvas);
  if (old) old.destroy();
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels,
      datasets: series.map((s, i) => ({ label: s.label, data: s.data, backgroundColor: COLOURS[i % COLOURS.length] })),
    },
    options: {
      locale,
      indexAxis: horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: series.length > 1 } },
      scales: { x: { stacked }, y: { stacked, beginAtZero: true } },
    },
  });
}
