// One plotting library (Plotly, served from /lib/plotly) loaded on demand by the widgets that draw, with the
// course's look shared by every plot.

let loading = null;

/** Loads Plotly once and returns it. */
export function plotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/lib/plotly/plotly.min.js';
    script.onload = () => resolve(window.Plotly);
    script.onerror = () => reject(new Error('could not load the plotting library'));
    document.head.append(script);
  });
  return loading;
}

/** The course's base layout: readable fonts, light grid, no Plotly logo; `extra` overrides. */
export function baseLayout(extra = {}) {
  return {
    margin: { l: 48, r: 16, t: 24, b: 40 },
    font: { family: 'system-ui, sans-serif', size: 13, color: '#1f2933' },
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: '#fff',
    xaxis: { zeroline: true, zerolinecolor: '#9aa5b1', gridcolor: '#e4e7eb' },
    yaxis: { zeroline: true, zerolinecolor: '#9aa5b1', gridcolor: '#e4e7eb' },
    showlegend: true,
    legend: { orientation: 'h', y: -0.18 },
    ...extra,
  };
}

/** Plotly options shared by every plot: responsive, no mode bar clutter, no links out. */
export const baseConfig = { responsive: true, displaylogo: false, displayModeBar: false, showLink: false };

/** Course colours, colour-blind safe. */
export const colours = { f: '#1f77b4', derivative: '#d62728', tangent: '#2ca02c', secant: '#ff7f0e', point: '#111', path: '#9467bd' };

/**
 * Sets the plot's text alternative: `summary` is read by screen readers and shown under the plot
 * (e.g. "minimum near (1.2, 4.0)").
 */
export function describe(container, summary) {
  let caption = container.querySelector(':scope > .plot-summary');
  if (!caption) {
    caption = document.createElement('p');
    caption.className = 'plot-summary';
    caption.setAttribute('aria-live', 'polite');
    container.append(caption);
  }
  caption.textContent = summary;
}
