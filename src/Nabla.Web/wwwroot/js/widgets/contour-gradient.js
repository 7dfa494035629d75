// contour-gradient: contours of f(x, y) with gradient arrows on a grid (scaled so the longest fits a cell), and a
// point placed by click or by the x/y sliders showing ∇f there with its value.
import { plotly, baseConfig, colours, describe } from '../plot.js';
import { latest } from '../api.js';
import { fetchWidget, formulas, slider, layout, plotBox, fmt, el, arrowPaths, contourScale, pointerToData, showError } from './calculus-common.js';

export default async function mount(element, attributes) {
  let data = await fetchWidget('contour-gradient', { f: attributes.f });
  const Plotly = await plotly();
  const { xs, ys } = data;
  const [xMin, xMax, yMin, yMax] = [xs[0], xs[xs.length - 1], ys[0], ys[ys.length - 1]];
  const plot = plotBox('calc-square');
  const px = slider({ label: 'Point x', min: xMin, max: xMax, step: (xMax - xMin) / 120, value: data.at.x, format: v => fmt(v) });
  const py = slider({ label: 'Point y', min: yMin, max: yMax, step: (yMax - yMin) / 120, value: data.at.y, format: v => fmt(v) });
  const controls = el('div', 'calc-controls');
  controls.append(px.element, py.element);
  const readout = el('p', 'calc-readout');
  readout.setAttribute('aria-live', 'polite');
  const hint = el('p', 'calc-note', 'Click the map, or use the sliders, to place the point.');
  element.replaceChildren(formulas([`f(x, y) = ${data.latex}`, `\\nabla f = \\begin{bmatrix} ${data.gradientLatex[0]} \\\\ ${data.gradientLatex[1]} \\end{bmatrix}`]),
    plot, hint, controls, readout);

  const field = arrowPaths(data.arrows);
  const traces = at => {
    const pointArrow = at.gx === null ? { x: [], y: [] } : arrowPaths([{ x: at.x, y: at.y, u: at.gx * data.arrowScale, v: at.gy * data.arrowScale }], 0.25);
    return [
      { type: 'contour', x: xs, y: ys, z: data.z, colorscale: contourScale, ncontours: 18, name: 'contours of f',
        contours: { coloring: 'heatmap', showlines: true }, line: { color: 'rgba(31,41,51,0.35)', width: 1 }, colorbar: { title: { text: 'f' }, thickness: 14 },
        hovertemplate: 'x = %{x:.2f}<br>y = %{y:.2f}<br>f = %{z:.3f}<extra></extra>' },
      { ...field, mode: 'lines', name: '∇f (scaled)', line: { color: colours.point, width: 1.4 }, hoverinfo: 'skip' },
      { ...pointArrow, mode: 'lines', name: '∇f at the point', line: { color: colours.derivative, width: 3 }, hoverinfo: 'skip' },
      { x: [at.x], y: [at.y], mode: 'markers', name: 'point', showlegend: false, marker: { color: colours.derivative, size: 10, line: { color: '#fff', width: 1.5 } },
        hovertemplate: '(%{x:.3f}, %{y:.3f})<extra></extra>' },
    ];
  };
  const plotLayout = layout('x', 'y', { height: 480, xaxis: { range: [xMin, xMax], constrain: 'domain' },
    yaxis: { range: [yMin, yMax], scaleanchor: 'x', scaleratio: 1, constrain: 'domain' } });
  const show = answer => {
    readout.textContent = answer.at.summary;
    describe(element, `${answer.summary} Point: ${answer.at.summary}.`);
  };
  await Plotly.newPlot(plot, traces(data.at), plotLayout, baseConfig);
  show(data);

  const refresh = latest(async (signal, x, y) => {
    try {
      data = await fetchWidget('contour-gradient', { f: attributes.f, x0: x, y0: y }, signal);
      showError(element, null);
      Plotly.react(plot, traces(data.at), plotLayout, baseConfig);
      show(data);
    } catch (error) {
      if (error.name !== 'AbortError') showError(element, error);
    }
  }, 40);
  const move = () => refresh(Number(px.input.value), Number(py.input.value));
  px.input.addEventListener('input', move);
  py.input.addEventListener('input', move);
  // Plotly's drag layer takes the pointer, so clicks arrive as plotly_click (the contour answers everywhere).
  plot.on('plotly_click', event => {
    const p = pointerToData(plot, event.event) ?? { x: event.points?.[0]?.x, y: event.points?.[0]?.y };
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) return;
    px.input.value = String(p.x); py.input.value = String(p.y);
    px.refresh(); py.refresh();
    refresh(p.x, p.y);
  });
}
