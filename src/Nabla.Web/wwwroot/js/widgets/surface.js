// surface: f(x, y) as a heat map (default) or a 3D surface, with the partial-derivative slices: sliders fix y = y0
// and x = x0; the two 1-D slice curves show their tangent slopes ∂f/∂x and ∂f/∂y at the point.
import { plotly, baseConfig, colours, describe } from '../plot.js';
import { fetchWidget, formulas, slider, layout, plotBox, fmt, el } from './calculus-common.js';

/** Whether this browser can draw WebGL (the 3D view needs it; headless browsers often cannot). */
function webglAvailable() {
  try {
    const canvas = document.createElement('canvas');
    return !!(window.WebGLRenderingContext && (canvas.getContext('webgl') || canvas.getContext('experimental-webgl')));
  } catch {
    return false;
  }
}

export default async function mount(element, attributes) {
  const data = await fetchWidget('surface', { f: attributes.f });
  const Plotly = await plotly();
  const { xs, ys, z, dx, dy } = data;
  const main = plotBox('calc-main');
  const sliceX = plotBox('calc-half');
  const sliceY = plotBox('calc-half');
  const pair = el('div', 'calc-pair');
  pair.append(sliceX, sliceY);
  const views = el('div', 'calc-toggle');
  views.setAttribute('role', 'group');
  views.setAttribute('aria-label', 'View');
  const heatButton = el('button', 'secondary', 'Heat map');
  const surfaceButton = el('button', 'secondary', '3D surface');
  for (const b of [heatButton, surfaceButton]) b.type = 'button';
  views.append(heatButton, surfaceButton);
  const message = el('p', 'calc-note');
  message.hidden = true;
  const sx = slider({ label: 'x₀ (slice x = x₀)', min: 0, max: xs.length - 1, step: 1, value: Math.round(xs.length * 0.65), format: i => `x₀ = ${fmt(xs[i])}` });
  const sy = slider({ label: 'y₀ (slice y = y₀)', min: 0, max: ys.length - 1, step: 1, value: Math.round(ys.length * 0.6), format: j => `y₀ = ${fmt(ys[j])}` });
  const controls = el('div', 'calc-controls');
  controls.append(sx.element, sy.element);
  const readout = el('p', 'calc-readout');
  readout.setAttribute('aria-live', 'polite');
  element.replaceChildren(
    formulas([`f(x, y) = ${data.latex}`, `\\frac{\\partial f}{\\partial x} = ${data.dxLatex}`, `\\frac{\\partial f}{\\partial y} = ${data.dyLatex}`]),
    views, message, main, controls, readout, pair);

  let mode = 'heat';
  const colorscale = 'Viridis';
  const mainTraces = (i, j) => {
    const x0 = xs[i], y0 = ys[j], f0 = z[j][i];
    if (mode === 'heat') {
      return [
        { type: 'heatmap', x: xs, y: ys, z, colorscale, zmin: data.zRange[0], zmax: data.zRange[1], name: 'f(x, y)', colorbar: { title: { text: 'f' }, thickness: 14 },
          hovertemplate: 'x = %{x:.2f}<br>y = %{y:.2f}<br>f = %{z:.3f}<extra></extra>' },
        { x: [xs[0], xs[xs.length - 1]], y: [y0, y0], mode: 'lines', name: 'slice y = y₀', line: { color: colours.secant, width: 2.5 }, hoverinfo: 'skip' },
        { x: [x0, x0], y: [ys[0], ys[ys.length - 1]], mode: 'lines', name: 'slice x = x₀', line: { color: colours.tangent, width: 2.5 }, hoverinfo: 'skip' },
        { x: [x0], y: [y0], mode: 'markers', name: '(x₀, y₀)', marker: { color: '#fff', size: 10, line: { color: colours.point, width: 2 } }, hoverinfo: 'skip' },
      ];
    }
    return [
      { type: 'surface', x: xs, y: ys, z, colorscale, cmin: data.zRange[0], cmax: data.zRange[1], opacity: 0.9, showscale: false, name: 'f(x, y)' },
      { type: 'scatter3d', mode: 'lines', x: xs, y: xs.map(() => y0), z: z[j], name: 'slice y = y₀', line: { color: colours.secant, width: 6 } },
      { type: 'scatter3d', mode: 'lines', x: ys.map(() => x0), y: ys, z: z.map(row => row[i]), name: 'slice x = x₀', line: { color: colours.tangent, width: 6 } },
      { type: 'scatter3d', mode: 'markers', x: [x0], y: [y0], z: [f0], name: '(x₀, y₀)', marker: { color: colours.point, size: 5 } },
    ];
  };
  const mainLayout = () => (mode === 'heat'
    ? layout('x', 'y', { height: 420, legend: { orientation: 'h', y: -0.15 } })
    : layout('x', 'y', { height: 460, scene: { xaxis: { title: { text: 'x' } }, yaxis: { title: { text: 'y' } }, zaxis: { title: { text: 'f' } } } }));
  const slice = (along, values, slope, at, value, name, colour, axisTitle) => {
    const span = (along[along.length - 1] - along[0]) / 5;
    const ok = slope !== null && value !== null;
    return [
      { x: along, y: values, mode: 'lines', name, line: { color: colour, width: 2.5 }, hovertemplate: `${axisTitle} = %{x:.2f}<br>f = %{y:.3f}<extra></extra>` },
      { x: ok ? [at - span, at + span] : [], y: ok ? [value - slope * span, value + slope * span] : [], mode: 'lines', name: `slope ${fmt(slope)}`, line: { color: colours.derivative, width: 2, dash: 'dash' }, hoverinfo: 'skip' },
      { x: ok ? [at] : [], y: ok ? [value] : [], mode: 'markers', showlegend: false, marker: { color: colours.point, size: 9 }, hoverinfo: 'skip' },
    ];
  };
  const sliceLayout = (title, axis, values) => layout(axis, 'f', { title: { text: title, font: { size: 14 } }, margin: { l: 48, r: 12, t: 36, b: 48 },
    yaxis: { range: data.zRange }, xaxis: { range: [values[0], values[values.length - 1]] } });

  const draw = async () => {
    const i = Number(sx.input.value), j = Number(sy.input.value);
    const x0 = xs[i], y0 = ys[j];
    await Promise.all([
      Plotly.react(main, mainTraces(i, j), mainLayout(), baseConfig),
      Plotly.react(sliceX, slice(xs, z[j], dx[j][i], x0, z[j][i], `f(x, ${fmt(y0)})`, colours.secant, 'x'), sliceLayout(`slice y = ${fmt(y0)}: slope ∂f/∂x`, 'x', xs), baseConfig),
      Plotly.react(sliceY, slice(ys, z.map(row => row[i]), dy[j][i], y0, z[j][i], `f(${fmt(x0)}, y)`, colours.tangent, 'y'), sliceLayout(`slice x = ${fmt(x0)}: slope ∂f/∂y`, 'y', ys), baseConfig),
    ]);
    const text = `At (${fmt(x0)}, ${fmt(y0)}): f = ${fmt(z[j][i])}, ∂f/∂x = ${fmt(dx[j][i])} (slope of the slice y = ${fmt(y0)}), ∂f/∂y = ${fmt(dy[j][i])} (slope of the slice x = ${fmt(x0)}).`;
    readout.textContent = text;
    describe(element, `${data.summary} ${text}`);
  };
  const setMode = async next => {
    if (next === '3d' && !webglAvailable()) {
      message.textContent = 'This browser cannot draw 3D graphics (WebGL is unavailable), so the heat map is shown instead.';
      message.hidden = false;
      next = 'heat';
    }
    mode = next;
    heatButton.setAttribute('aria-pressed', String(mode === 'heat'));
    surfaceButton.setAttribute('aria-pressed', String(mode === '3d'));
    Plotly.purge(main);
    await draw();
  };
  heatButton.addEventListener('click', () => setMode('heat'));
  surfaceButton.addEventListener('click', () => setMode('3d'));
  sx.input.addEventListener('input', draw);
  sy.input.addEventListener('input', draw);
  heatButton.setAttribute('aria-pressed', 'true');
  surfaceButton.setAttribute('aria-pressed', 'false');
  await draw();
}
