// Linearisation: the tangent line at a (or the tangent plane for f(x, y)) and how its error grows as you move away:
// roughly like f''(a)·h²/2 for a step h. Moving a asks the engine again; moving h is instant.
import { post, latest } from '../api.js';
import { plotly, baseLayout, baseConfig, colours, describe } from '../plot.js';
import { el, fmt, slider, controls, plotArea, formula, setFormula, status, nearest, attrNumber , modelLayout } from './models-common.js';

export default async function mount(element, attributes) {
  const first = await post('/api/widgets/linearisation', { f: attributes.f, a: attrNumber(attributes.a, 0) });
  const Plotly = await plotly();
  if (first.dimension === 2) return plane(element, first, Plotly);

  let data = first;
  const a0 = data.a;
  let k = nearest(data.x, data.a + 1);
  const head = formula(`f(${data.variable}) = `, data.latex.f);
  const line = formula('', '');
  const plot = plotArea('f and its tangent line');
  const info = status();
  const errorLine = el('p', 'models-outcome');
  errorLine.setAttribute('aria-live', 'polite');
  const refresh = latest(async (signal, a) => {
    try {
      data = await post('/api/widgets/linearisation', { f: attributes.f, a }, signal);
      info.ok('');
      draw();
    } catch (err) {
      if (err.name !== 'AbortError') info.error(err);
    }
  }, 60);
  const aSlider = slider({ label: 'Point a', min: a0 - 3, max: a0 + 3, step: 0.05, value: a0, onInput: a => refresh(a) });
  const hSlider = slider({
    label: 'Step h', min: -3, max: 3, step: 0.025, value: data.x[k] - data.a,
    format: h => fmt(h, 3), onInput: h => { k = nearest(data.x, data.a + h); draw(); },
  });
  element.replaceChildren(head, controls(aSlider.root, hSlider.root), line, plot, errorLine, info.root);

  function draw() {
    k = nearest(data.x, data.a + hSlider.value());
    setFormula(line, 'tangent line L(x) = ', data.latex.tangent);
    const x = data.x[k], h = x - data.a, fx = data.f[k], lx = data.tangent[k];
    const traces = [
      { x: data.x, y: data.f, name: 'f(x)', mode: 'lines', line: { color: colours.f, width: 3 } },
      { x: data.x, y: data.tangent, name: 'tangent L(x)', mode: 'lines', line: { color: colours.tangent, width: 2 } },
      { x: [data.a], y: [data.value], name: 'a', mode: 'markers', marker: { color: colours.point, size: 9 } },
    ];
    if (fx !== null) traces.push({ x: [x, x], y: [fx, lx], name: 'error at a + h', mode: 'lines+markers', line: { color: colours.secant, width: 3 } });
    Plotly.react(plot, traces, modelLayout(baseLayout, {
      xaxis: { ...baseLayout().xaxis, title: { text: data.variable } },
      yaxis: { ...baseLayout().yaxis, title: { text: 'y' }, range: data.yRange ?? undefined },
      height: 340,
    }), baseConfig);
    let text;
    if (fx === null) text = `f is undefined at a + h = ${fmt(x, 3)}.`;
    else {
      const err = Math.abs(fx - lx);
      text = `At a + h = ${fmt(x, 3)} (h = ${fmt(h, 3)}): f = ${fmt(fx)}, L = ${fmt(lx)}, error = ${fmt(err, 3)}`;
      if (Math.abs(h) > 1e-9 && data.curvature !== null) text += `; error/h² = ${fmt(err / (h * h), 3)} (|f″(a)|/2 = ${fmt(Math.abs(data.curvature) / 2, 3)})`;
      text += '.';
    }
    errorLine.textContent = text;
    describe(element, `Tangent line at a = ${fmt(data.a, 3)} with slope ${fmt(data.slope)}. ${text}`);
  }
  draw();
}

function plane(element, data, Plotly) {
  const head = formula('f(x, y) = ', data.latex.f);
  const tangent = formula('tangent plane: ', data.latex.tangent);
  const plot = plotArea('surface of f with its tangent plane', 'models-plot-tall');
  element.replaceChildren(head, tangent, plot);
  Plotly.react(plot, [
    { type: 'surface', x: data.x, y: data.y, z: data.f, name: 'f(x, y)', colorscale: 'Blues', showscale: false, opacity: 0.9, showlegend: true },
    { type: 'surface', x: data.x, y: data.y, z: data.tangent, name: 'tangent plane', colorscale: [[0, colours.tangent], [1, colours.tangent]], showscale: false, opacity: 0.6, showlegend: true },
    { type: 'scatter3d', x: [data.a], y: [data.b], z: [data.value], name: '(a, b)', mode: 'markers', marker: { color: colours.point, size: 5 } },
  ], modelLayout(baseLayout, { height: 460, scene: { xaxis: { title: { text: 'x' } }, yaxis: { title: { text: 'y' } }, zaxis: { title: { text: 'f' } } } }), baseConfig);
  const centre = Math.floor(data.x.length / 2);
  const edge = data.error[centre][data.x.length - 1];
  describe(element, `Tangent plane at (${fmt(data.a)}, ${fmt(data.b)}): f = ${fmt(data.value)}, gradient (${fmt(data.gradient[0])}, ${fmt(data.gradient[1])}); ` +
    `2 units away along x the plane is off by ${fmt(edge, 3)}.`);
}
