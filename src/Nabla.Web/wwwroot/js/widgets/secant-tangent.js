// secant-tangent: the secant through x0 and x0 + h turning into the tangent as h → 0. The slider runs from the
// author's h (right) down to h = 0 (left) on a log scale; the rise/run table fills as h shrinks.
import { plotly, baseConfig, colours, describe } from '../plot.js';
import { fetchWidget, formulas, slider, layout, plotBox, fmt, el } from './calculus-common.js';

const MILESTONE = 5; // a table row every 5 slider steps: h, h/√10, h/10, …

export default async function mount(element, attributes) {
  const data = await fetchWidget('secant-tangent', { f: attributes.f, x0: attributes.x0, h: attributes.h });
  const Plotly = await plotly();
  const steps = data.steps;
  const last = steps.length - 1; // h = 0: the tangent
  const plot = plotBox();
  const control = slider({
    label: 'Run h (drag left towards 0)', min: 0, max: last, step: 1, value: last,
    format: v => (v === 0 ? 'h → 0' : `h = ${fmt(steps[last - v].h, 4)}`),
  });
  control.input.classList.add('calc-h-slider');
  const readout = el('p', 'calc-readout');
  readout.setAttribute('aria-live', 'polite');
  const table = el('table', 'calc-table');
  table.innerHTML = '<caption>Rise over run as h shrinks</caption><thead><tr><th scope="col">h</th><th scope="col">rise f(x₀ + h) − f(x₀)</th><th scope="col">run h</th><th scope="col">rise / run</th></tr></thead>';
  const body = el('tbody');
  table.append(body);
  element.replaceChildren(formulas([`f(x) = ${data.latex}`, `x_0 = ${fmt(data.x0)}`]), plot, control.element, readout, table);

  const [from, to] = [data.from, data.to];
  const line = slope => ({ x: [from, to], y: [data.y0 + slope * (from - data.x0), data.y0 + slope * (to - data.x0)] });
  const tangent = line(data.slope);
  const traces = index => {
    const s = steps[index];
    const secant = s.slope === null ? { x: [], y: [] } : line(s.slope);
    const q = s.y1 === null ? [] : [s.y1];
    return [
      { x: data.xs, y: data.ys, mode: 'lines', name: 'f(x)', line: { color: colours.f, width: 2.5 }, hoverinfo: 'skip' },
      { ...tangent, mode: 'lines', name: `tangent, slope ${fmt(data.slope)}`, line: { color: colours.tangent, width: 2, dash: 'dash' }, hoverinfo: 'skip' },
      { ...secant, mode: 'lines', name: index === last ? 'secant = tangent' : `secant, slope ${fmt(s.slope)}`, line: { color: colours.secant, width: 2.5 }, hoverinfo: 'skip' },
      { x: [data.x0, s.x1, s.x1], y: [data.y0, data.y0, s.y1], mode: 'lines', name: 'run and rise', line: { color: colours.path, width: 1.5, dash: 'dot' }, hoverinfo: 'skip' },
      { x: [data.x0, ...(q.length ? [s.x1] : [])], y: [data.y0, ...q], mode: 'markers', name: 'points', marker: { color: colours.point, size: 9 }, showlegend: false,
        hovertemplate: '(%{x:.4f}, %{y:.4f})<extra></extra>' },
    ];
  };
  const plotLayout = layout('x', 'f(x)', { xaxis: { range: [from, to] }, yaxis: { range: data.yRange } });
  await Plotly.newPlot(plot, traces(0), plotLayout, baseConfig);

  let deepest = 0; // the smallest h (largest step index) reached so far
  const row = cells => {
    const tr = el('tr');
    for (const text of cells) tr.append(el('td', null, text));
    return tr;
  };
  const fillTable = () => {
    body.replaceChildren();
    for (let i = 0; i < last && i <= deepest; i += MILESTONE) {
      const s = steps[i];
      body.append(row([fmt(s.h, 5), fmt(s.rise, 6), fmt(s.run, 5), fmt(s.slope, 6)]));
    }
    if (deepest === last) {
      const tr = row(['h → 0', '', '', `${fmt(data.slope, 6)} = f′(${fmt(data.x0)})`]);
      tr.className = 'calc-limit';
      body.append(tr);
    }
  };
  const update = () => {
    const index = last - Number(control.input.value);
    deepest = Math.max(deepest, index);
    const s = steps[index];
    Plotly.react(plot, traces(index), plotLayout, baseConfig);
    fillTable();
    const text = index === last
      ? `h → 0: the secant has become the tangent, slope f′(${fmt(data.x0)}) = ${fmt(data.slope)}.`
      : `secant slope ${fmt(s.slope, 4)} at h = ${fmt(s.h, 4)}; the tangent slope is f′(${fmt(data.x0)}) = ${fmt(data.slope)}.`;
    readout.textContent = text;
    describe(element, `${data.summary} Now: ${text}`);
  };
  control.input.addEventListener('input', update);
  update();
}
