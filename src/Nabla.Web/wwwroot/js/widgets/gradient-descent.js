// A descent path on the contours of f(x, y): fixed-step gradient descent x ← x − γ∇f, Newton's method, or the course's
// hybrid; a γ slider, a step count, and where the path ends. Every change asks the engine (debounced while dragging).
import { post, latest } from '../api.js';
import { plotly, baseLayout, baseConfig, colours, describe } from '../plot.js';
import { el, fmt, slider, select, controls, plotArea, formula, setFormula, status, attrNumber , modelLayout } from './models-common.js';

const methodNames = { gd: 'gradient descent', newton: "Newton's method", hybrid: 'the hybrid (Newton, else a gradient step)' };

export default async function mount(element, attributes) {
  const Plotly = await plotly();
  const x0 = attrNumber(attributes.x0, 1), y0 = attrNumber(attributes.y0, 1);
  const rate0 = Number(attrNumber(attributes.rate, 0.1)) || 0.1;
  const head = formula('f(x, y) = ', '');
  const plot = plotArea('descent path on the contours of f', 'models-plot-square');
  const result = el('p', 'models-outcome');
  result.setAttribute('aria-live', 'polite');
  const info = status();
  let method = 'gd';
  let steps = 30;
  let rate = rate0;
  const rateSlider = slider({ label: 'Step size γ', min: 0.005, max: Math.max(1, rate0 * 2), step: 0.005, value: rate0, format: v => fmt(v, 3), onInput: v => { rate = v; request(); } });
  const stepSlider = slider({ label: 'Steps', min: 1, max: 200, step: 1, value: steps, format: v => String(v), onInput: v => { steps = v; request(); } });
  const methodSelect = select({
    label: 'Method', value: method,
    options: [['gd', 'gradient descent'], ['newton', 'Newton'], ['hybrid', 'hybrid']],
    onChange: m => { method = m; rateSlider.input.disabled = m === 'newton'; request(); },
  });
  element.replaceChildren(head, controls(methodSelect.root, rateSlider.root, stepSlider.root), plot, result, info.root);

  let first = true;
  async function fetchAndDraw(signal) {
    try {
      const data = await post('/api/widgets/gradient-descent', { f: attributes.f, x0, y0, rate, method, steps }, signal);
      info.ok('');
      draw(data);
    } catch (err) {
      if (err.name === 'AbortError') return;
      info.error(err);
      if (first) throw err;
    }
  }
  const request = latest((signal) => fetchAndDraw(signal), 80);

  function draw(data) {
    if (first) { setFormula(head, 'f(x, y) = ', data.latex); first = false; }
    const px = data.path.map(p => p.x), py = data.path.map(p => p.y);
    const traces = [
      { type: 'contour', x: data.grid.x, y: data.grid.y, z: data.grid.z, name: 'contours of f', showscale: false, ncontours: 24,
        colorscale: 'Blues', contours: { coloring: 'lines' }, line: { width: 1.2 }, showlegend: true, hoverinfo: 'skip' },
      { x: px, y: py, name: `path (${data.iterations} steps)`, mode: 'lines+markers', line: { color: colours.path, width: 2 }, marker: { size: 5, color: colours.path } },
      { x: [px[0]], y: [py[0]], name: 'start', mode: 'markers', marker: { color: colours.point, size: 10, symbol: 'circle-open', line: { width: 2 } } },
      { x: [data.final.x], y: [data.final.y], name: 'end', mode: 'markers', marker: { color: colours.derivative, size: 11, symbol: 'x' } },
    ];
    const g = data.grid;
    Plotly.react(plot, traces, modelLayout(baseLayout, {
      xaxis: { ...baseLayout().xaxis, title: { text: 'x' }, range: [g.x[0], g.x[g.x.length - 1]], constrain: 'domain' },
      yaxis: { ...baseLayout().yaxis, title: { text: 'y' }, range: [g.y[0], g.y[g.y.length - 1]], scaleanchor: 'x', constrain: 'domain' },
      height: 440,
    }), baseConfig);
    const where = data.final.x === null ? 'nowhere finite' : `(${fmt(data.final.x, 4)}, ${fmt(data.final.y, 4)})`;
    const name = methodNames[data.method] ?? data.method;
    const rateText = data.method === 'newton' ? '' : ` with γ = ${fmt(data.rate, 3)}`;
    const text = `${cap(name)}${rateText}: ${data.iterations} step(s), ending at ${where} with f = ${fmt(data.final.value)}. ${cap(data.message)}`;
    result.className = `models-outcome ${data.converged ? 'models-good' : ''}`;
    result.textContent = text;
    describe(element, data.converged
      ? `${cap(name)} found a minimum near ${where}, f = ${fmt(data.final.value)}, in ${data.iterations} steps.`
      : `${cap(name)}${rateText} stopped after ${data.iterations} steps at ${where}: ${data.explanation}.`);
  }

  await fetchAndDraw(undefined);
}

function cap(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
