// derivative-plot: f and f′ side by side. A point moves along f (slider, or drag/click on the left plot); the left
// plot shows its tangent and the right plot the matching point (x, f′(x)) on the derivative's graph.
import { plotly, baseConfig, colours, describe } from '../plot.js';
import { fetchWidget, formulas, slider, layout, plotBox, fmt, el, pointerToData } from './calculus-common.js';

export default async function mount(element, attributes) {
  const data = await fetchWidget('derivative-plot', { f: attributes.f, from: attributes.from, to: attributes.to });
  const Plotly = await plotly();
  const left = plotBox('calc-half');
  const right = plotBox('calc-half');
  const pair = el('div', 'calc-pair');
  pair.append(left, right);
  const n = data.xs.length;
  const control = slider({ label: 'Point on f at x', min: 0, max: n - 1, step: 1, value: Math.round(n * 0.3), format: i => `x = ${fmt(data.xs[i])}` });
  const readout = el('p', 'calc-readout');
  readout.setAttribute('aria-live', 'polite');
  element.replaceChildren(formulas([`f(x) = ${data.latex}`, `f'(x) = ${data.derivativeLatex}`]), pair, control.element, readout);

  const span = (data.to - data.from) / 6;
  const leftTraces = i => {
    const x = data.xs[i], y = data.ys[i], s = data.slopes[i];
    const ok = y !== null && s !== null;
    return [
      { x: data.xs, y: data.ys, mode: 'lines', name: 'f(x)', line: { color: colours.f, width: 2.5 }, hovertemplate: 'x = %{x:.3f}<br>f(x) = %{y:.3f}<extra></extra>' },
      { x: ok ? [x - span, x + span] : [], y: ok ? [y - s * span, y + s * span] : [], mode: 'lines', name: 'tangent', line: { color: colours.tangent, width: 2.5 }, hoverinfo: 'skip' },
      { x: ok ? [x] : [], y: ok ? [y] : [], mode: 'markers', name: 'point', marker: { color: colours.point, size: 11 }, showlegend: false, hoverinfo: 'skip' },
    ];
  };
  const rightTraces = i => {
    const x = data.xs[i], s = data.slopes[i];
    return [
      { x: data.xs, y: data.slopes, mode: 'lines', name: "f′(x)", line: { color: colours.derivative, width: 2.5 }, hovertemplate: "x = %{x:.3f}<br>f′(x) = %{y:.3f}<extra></extra>" },
      { x: s === null ? [] : [x, x], y: s === null ? [] : [0, s], mode: 'lines', name: 'slope at the point', line: { color: colours.tangent, width: 2, dash: 'dot' }, hoverinfo: 'skip' },
      { x: s === null ? [] : [x], y: s === null ? [] : [s], mode: 'markers', name: 'point', marker: { color: colours.point, size: 11 }, showlegend: false, hoverinfo: 'skip' },
    ];
  };
  const leftLayout = layout('x', 'f(x)', { xaxis: { range: [data.from, data.to] }, yaxis: { range: data.yRange }, title: { text: 'f and its tangent', font: { size: 14 } }, margin: { l: 48, r: 12, t: 36, b: 48 } });
  const rightLayout = layout('x', "f′(x)", { xaxis: { range: [data.from, data.to] }, yaxis: { range: data.slopeRange }, title: { text: 'the derivative f′', font: { size: 14 } }, margin: { l: 48, r: 12, t: 36, b: 48 } });
  const start = Number(control.input.value);
  await Promise.all([
    Plotly.newPlot(left, leftTraces(start), leftLayout, baseConfig),
    Plotly.newPlot(right, rightTraces(start), rightLayout, baseConfig),
  ]);

  const update = () => {
    const i = Number(control.input.value);
    Plotly.react(left, leftTraces(i), leftLayout, baseConfig);
    Plotly.react(right, rightTraces(i), rightLayout, baseConfig);
    const s = data.slopes[i];
    const trend = s === null ? 'the slope is undefined here' : Math.abs(s) < 1e-9 ? 'f is flat here' : s > 0 ? 'f climbs here' : 'f falls here';
    const text = `At x = ${fmt(data.xs[i])}: f(x) = ${fmt(data.ys[i])}, tangent slope f′(x) = ${fmt(s)} (${trend}).`;
    readout.textContent = text;
    describe(element, `${data.summary} ${text}`);
  };
  const nearest = x => {
    let best = 0;
    for (let k = 1; k < n; k++) if (Math.abs(data.xs[k] - x) < Math.abs(data.xs[best] - x)) best = k;
    return best;
  };
  let dragging = false;
  const moveTo = event => {
    const p = pointerToData(left, event);
    if (!p) return;
    control.input.value = String(nearest(p.x));
    control.refresh();
    update();
  };
  left.addEventListener('pointerdown', event => { dragging = true; moveTo(event); });
  // While dragging, Plotly covers the page with its drag layer: follow the pointer on the window.
  window.addEventListener('pointermove', event => { if (dragging) moveTo(event); });
  window.addEventListener('pointerup', () => { dragging = false; });
  control.input.addEventListener('input', update);
  update();
}
