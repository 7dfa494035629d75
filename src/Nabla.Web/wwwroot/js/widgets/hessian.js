// hessian: contours of f(x, y) near a point, the Hessian there, its eigenvalues and eigen-directions drawn as
// arrows (green: f curves up that way, red: down), and the classification of a stationary point in words.
import { plotly, baseConfig, colours, describe } from '../plot.js';
import { latest } from '../api.js';
import { renderLatex } from '../math.js';
import { fetchWidget, formulas, slider, layout, plotBox, fmt, el, arrowPaths, contourScale, showError } from './calculus-common.js';

export default async function mount(element, attributes) {
  let data = await fetchWidget('hessian', { f: attributes.f, x0: attributes.x0, y0: attributes.y0 });
  const Plotly = await plotly();
  const view = { xMin: data.xMin, xMax: data.xMax, yMin: data.yMin, yMax: data.yMax };
  const w = data.xMax - data.xMin, h = data.yMax - data.yMin;
  const plot = plotBox('calc-square');
  const sx = slider({ label: 'Point x', min: data.xMin, max: data.xMax, step: w / 100, value: data.x0 });
  const sy = slider({ label: 'Point y', min: data.yMin, max: data.yMax, step: h / 100, value: data.y0 });
  const controls = el('div', 'calc-controls');
  controls.append(sx.element, sy.element);
  const jumps = el('div', 'calc-jumps');
  const numbers = el('p', 'calc-formulas');
  const verdict = el('p', 'calc-verdict');
  verdict.setAttribute('aria-live', 'polite');
  const H = data.hessianLatex;
  element.replaceChildren(
    formulas([`f(x, y) = ${data.latex}`, `H = \\begin{bmatrix} ${H[0][0]} & ${H[0][1]} \\\\ ${H[1][0]} & ${H[1][1]} \\end{bmatrix}`]),
    plot, controls, jumps, numbers, verdict);

  const length = 0.22 * Math.min(w, h);
  const traces = d => {
    const result = [
      { type: 'contour', x: d.xs, y: d.ys, z: d.z, colorscale: contourScale, ncontours: 20, name: 'contours of f',
        contours: { coloring: 'heatmap', showlines: true }, line: { color: 'rgba(31,41,51,0.35)', width: 1 }, colorbar: { title: { text: 'f' }, thickness: 14 },
        hovertemplate: 'x = %{x:.2f}<br>y = %{y:.2f}<br>f = %{z:.3f}<extra></extra>' },
    ];
    d.eigenvalues.forEach((lambda, k) => {
      const [u, v] = d.eigenvectors[k];
      const paths = arrowPaths([{ x: d.x0, y: d.y0, u: u * length, v: v * length }, { x: d.x0, y: d.y0, u: -u * length, v: -v * length }], 0.22);
      const up = lambda > 0;
      result.push({ ...paths, mode: 'lines', name: `λ${k === 0 ? '₁' : '₂'} = ${fmt(lambda)} (${up ? 'curves up' : lambda < 0 ? 'curves down' : 'flat'})`,
        line: { color: up ? colours.tangent : colours.derivative, width: 3 }, hoverinfo: 'skip' });
    });
    if (d.stationaryPoints.length) {
      result.push({ x: d.stationaryPoints.map(p => p.x), y: d.stationaryPoints.map(p => p.y), text: d.stationaryPoints.map(p => p.kind), mode: 'markers', name: 'stationary points',
        marker: { color: '#fff', size: 10, symbol: 'x', line: { color: colours.point, width: 2 } }, hovertemplate: '%{text} at (%{x:.3f}, %{y:.3f})<extra></extra>' });
    }
    result.push({ x: [d.x0], y: [d.y0], mode: 'markers', name: 'point', showlegend: false, marker: { color: colours.point, size: 9 }, hovertemplate: '(%{x:.3f}, %{y:.3f})<extra></extra>' });
    return result;
  };
  const plotLayout = layout('x', 'y', { height: 480, xaxis: { range: [data.xMin, data.xMax], constrain: 'domain' },
    yaxis: { range: [data.yMin, data.yMax], scaleanchor: 'x', scaleratio: 1, constrain: 'domain' } });
  const show = d => {
    const m = d.hessian;
    renderLatex(numbers, `H(${fmt(d.x0)}, ${fmt(d.y0)}) = \\begin{bmatrix} ${fmt(m[0][0])} & ${fmt(m[0][1])} \\\\ ${fmt(m[1][0])} & ${fmt(m[1][1])} \\end{bmatrix}, \\quad \\lambda_1 = ${fmt(d.eigenvalues[0])},\\ \\lambda_2 = ${fmt(d.eigenvalues[1])}, \\quad |H| = ${fmt(d.determinant)}, \\quad \\nabla f = (${fmt(d.gradient[0])}, ${fmt(d.gradient[1])})`);
    verdict.textContent = `At (${fmt(d.x0)}, ${fmt(d.y0)}): ${d.classification}`;
    verdict.dataset.kind = d.kind;
    describe(element, d.summary);
  };
  const refresh = latest(async (signal, x, y) => {
    try {
      data = await fetchWidget('hessian', { f: attributes.f, x0: x, y0: y, ...view }, signal);
      showError(element, null);
      Plotly.react(plot, traces(data), plotLayout, baseConfig);
      show(data);
    } catch (error) {
      if (error.name !== 'AbortError') showError(element, error);
    }
  }, 40);
  for (const p of data.stationaryPoints) {
    const button = el('button', 'secondary', `Go to the ${p.kind} at (${fmt(p.x)}, ${fmt(p.y)})`);
    button.type = 'button';
    button.addEventListener('click', () => {
      sx.input.value = String(p.x); sy.input.value = String(p.y);
      sx.refresh(); sy.refresh();
      refresh(p.x, p.y);
    });
    jumps.append(button);
  }
  await Plotly.newPlot(plot, traces(data), plotLayout, baseConfig);
  show(data);
  const move = () => refresh(Number(sx.input.value), Number(sy.input.value));
  sx.input.addEventListener('input', move);
  sy.input.addEventListener('input', move);
}
