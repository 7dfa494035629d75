// function-plot: the graph of f(x) with a hover readout and a keyboard slider that reads the graph at any x.
import { plotly, baseConfig, colours, describe } from '../plot.js';
import { fetchWidget, formulas, slider, layout, plotBox, fmt, el } from './calculus-common.js';

export default async function mount(element, attributes) {
  const data = await fetchWidget('function-plot', { f: attributes.f, from: attributes.from, to: attributes.to });
  const Plotly = await plotly();
  const plot = plotBox();
  const readout = el('p', 'calc-readout', 'Move over the graph or use the slider to read values.');
  const n = data.xs.length;
  const read = slider({ label: 'Read the graph at x', min: 0, max: n - 1, step: 1, value: Math.floor(n / 2), format: i => `x = ${fmt(data.xs[i])}` });
  element.replaceChildren(formulas([`f(x) = ${data.latex}`]), plot, read.element, readout);

  const traces = [
    { x: data.xs, y: data.ys, mode: 'lines', name: 'f(x)', line: { color: colours.f, width: 2.5 },
      hovertemplate: 'x = %{x:.3f}<br>f(x) = %{y:.3f}<extra></extra>' },
    { x: [], y: [], mode: 'markers', name: 'reading', marker: { color: colours.point, size: 10 }, hoverinfo: 'skip' },
  ];
  if (data.features.length) {
    traces.push({ x: data.features.map(p => p.x), y: data.features.map(p => p.y), mode: 'markers', name: 'peaks and valleys',
      marker: { color: colours.derivative, size: 8, symbol: 'diamond' }, hovertemplate: 'local %{text}<br>(%{x:.3f}, %{y:.3f})<extra></extra>',
      text: data.features.map(p => p.kind) });
  }
  await Plotly.newPlot(plot, traces, layout('x', 'f(x)', { yaxis: { range: data.yRange }, xaxis: { range: [data.from, data.to] } }), baseConfig);

  const show = (x, y) => { readout.textContent = `x = ${fmt(x)}, f(x) = ${fmt(y)}`; };
  plot.on('plotly_hover', event => { const p = event.points?.[0]; if (p && p.curveNumber === 0) show(p.x, p.y); });
  read.input.addEventListener('input', () => {
    const i = Number(read.input.value);
    Plotly.restyle(plot, { x: [[data.xs[i]]], y: [[data.ys[i]]] }, [1]);
    show(data.xs[i], data.ys[i]);
  });
  describe(element, data.summary);
}
