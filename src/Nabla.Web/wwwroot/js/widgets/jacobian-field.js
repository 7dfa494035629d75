// jacobian-field: the vector function (f, g) as a map of the plane. Left: the domain grid and a small square at the
// chosen point; right: the grid deformed by (f, g), the square's true image and the parallelogram the Jacobian
// predicts (the local linear map). J is shown symbolically and as numbers at the point.
import { plotly, baseConfig, colours, describe } from '../plot.js';
import { latest } from '../api.js';
import { renderLatex } from '../math.js';
import { fetchWidget, formulas, slider, layout, plotBox, fmt, el, showError } from './calculus-common.js';

const joinLines = lines => {
  const x = [], y = [];
  for (const line of lines) { x.push(...line.xs, null); y.push(...line.ys, null); }
  return { x, y };
};

export default async function mount(element, attributes) {
  let data = await fetchWidget('jacobian-field', { f: attributes.f, g: attributes.g });
  const Plotly = await plotly();
  const plot = plotBox('calc-wide');
  const w = data.xMax - data.xMin, h = data.yMax - data.yMin;
  const sx = slider({ label: 'Point x', min: data.xMin, max: data.xMax, step: w / 100, value: data.x0 });
  const sy = slider({ label: 'Point y', min: data.yMin, max: data.yMax, step: h / 100, value: data.y0 });
  const ss = slider({ label: 'Square size', min: Math.min(w, h) / 100, max: Math.min(w, h) / 3, step: Math.min(w, h) / 200, value: data.size });
  const controls = el('div', 'calc-controls');
  controls.append(sx.element, sy.element, ss.element);
  const matrix = el('p', 'calc-formulas');
  const closeUp = plotBox('calc-closeup');
  const J = data.jacobianLatex;
  element.replaceChildren(
    formulas([`(f, g) = \\left(${data.fLatex},\\ ${data.gLatex}\\right)`,
      `J = \\begin{bmatrix} ${J[0][0]} & ${J[0][1]} \\\\ ${J[1][0]} & ${J[1][1]} \\end{bmatrix}`]),
    plot, controls, matrix, closeUp);

  const traces = d => [
    { ...joinLines(d.domainLines), mode: 'lines', name: 'grid', line: { color: '#9aa5b1', width: 1 }, hoverinfo: 'skip', xaxis: 'x', yaxis: 'y' },
    { x: d.square.xs, y: d.square.ys, mode: 'lines', name: 'small square', fill: 'toself', fillcolor: 'rgba(255,127,14,0.25)', line: { color: colours.secant, width: 2.5 }, hoverinfo: 'skip', xaxis: 'x', yaxis: 'y' },
    { x: [d.x0], y: [d.y0], mode: 'markers', name: 'point', showlegend: false, marker: { color: colours.point, size: 8 }, xaxis: 'x', yaxis: 'y', hovertemplate: '(%{x:.3f}, %{y:.3f})<extra></extra>' },
    { ...joinLines(d.imageLines), mode: 'lines', name: 'grid mapped by (f, g)', line: { color: colours.f, width: 1 }, hoverinfo: 'skip', xaxis: 'x2', yaxis: 'y2' },
    { x: d.trueImage.xs, y: d.trueImage.ys, mode: 'lines', name: 'true image of the square', fill: 'toself', fillcolor: 'rgba(255,127,14,0.25)', line: { color: colours.secant, width: 2.5 }, hoverinfo: 'skip', xaxis: 'x2', yaxis: 'y2' },
    { x: d.linearImage.xs, y: d.linearImage.ys, mode: 'lines', name: 'Jacobian’s parallelogram', line: { color: colours.tangent, width: 2.5, dash: 'dash' }, hoverinfo: 'skip', xaxis: 'x2', yaxis: 'y2' },
    { x: [d.image[0]], y: [d.image[1]], mode: 'markers', showlegend: false, marker: { color: colours.point, size: 8 }, xaxis: 'x2', yaxis: 'y2', hovertemplate: '(%{x:.3f}, %{y:.3f})<extra></extra>' },
  ];
  const base = layout('x', 'y');
  const plotLayout = {
    ...base, height: 460, margin: { l: 52, r: 16, t: 24, b: 70 }, legend: { orientation: 'h', x: 0, y: -0.24, yanchor: 'top' },
    xaxis: { ...base.xaxis, domain: [0, 0.45], range: [data.xMin, data.xMax], title: { text: 'x (domain)' } },
    yaxis: { ...base.yaxis, scaleanchor: 'x', title: { text: 'y' } },
    xaxis2: { ...base.xaxis, domain: [0.55, 1], title: { text: 'u = f(x, y) (image)' } },
    yaxis2: { ...base.yaxis, anchor: 'x2', scaleanchor: 'x2', title: { text: 'v = g(x, y)' } },
  };
  const show = d => {
    const m = d.jacobian;
    renderLatex(matrix, `J(${fmt(d.x0)}, ${fmt(d.y0)}) = \\begin{bmatrix} ${fmt(m[0][0])} & ${fmt(m[0][1])} \\\\ ${fmt(m[1][0])} & ${fmt(m[1][1])} \\end{bmatrix}, \\quad \\det J = ${fmt(d.determinant)}`);
    describe(element, d.summary);
  };
  // The square's image is small next to the whole grid: a close-up compares the true image with J's parallelogram.
  const closeTraces = d => [
    { x: d.trueImage.xs, y: d.trueImage.ys, mode: 'lines', name: 'true image', fill: 'toself', fillcolor: 'rgba(255,127,14,0.25)', line: { color: colours.secant, width: 2.5 }, hoverinfo: 'skip' },
    { x: d.linearImage.xs, y: d.linearImage.ys, mode: 'lines', name: 'J × square (linear map)', line: { color: colours.tangent, width: 2.5, dash: 'dash' }, hoverinfo: 'skip' },
    { x: [d.image[0]], y: [d.image[1]], mode: 'markers', name: 'F(x₀, y₀)', marker: { color: colours.point, size: 8 }, hovertemplate: '(%{x:.3f}, %{y:.3f})<extra></extra>' },
  ];
  const closeLayout = layout('u', 'v', { height: 320, title: { text: 'close-up of the image near F(x₀, y₀)', font: { size: 14 } }, margin: { l: 52, r: 16, t: 36, b: 48 },
    legend: { orientation: 'v', x: 1.02, y: 1, yanchor: 'top' }, yaxis: { scaleanchor: 'x' } });
  await Plotly.newPlot(plot, traces(data), plotLayout, baseConfig);
  await Plotly.newPlot(closeUp, closeTraces(data), closeLayout, baseConfig);
  show(data);

  const refresh = latest(async signal => {
    try {
      data = await fetchWidget('jacobian-field', { f: attributes.f, g: attributes.g, x0: Number(sx.input.value), y0: Number(sy.input.value), size: Number(ss.input.value) }, signal);
      showError(element, null);
      Plotly.react(plot, traces(data), plotLayout, baseConfig);
      Plotly.react(closeUp, closeTraces(data), closeLayout, baseConfig);
      show(data);
    } catch (error) {
      if (error.name !== 'AbortError') showError(element, error);
    }
  }, 40);
  for (const s of [sx, sy, ss]) s.input.addEventListener('input', () => refresh());
}
