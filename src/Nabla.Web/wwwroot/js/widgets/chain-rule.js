// The chain rule as a computation graph x → u = g(x) → y = f(u): forward values in the nodes at the x you choose,
// local derivatives on the edges, their product along the path, checked against the derivative of f(g(x)) taken
// directly. The engine samples everything on a grid once; the slider then moves instantly.
import { post } from '../api.js';
import { plotly, baseLayout, baseConfig, colours, describe } from '../plot.js';
import { el, fmt, slider, controls, plotArea, formula, status, nearest , modelLayout } from './models-common.js';
import { renderLatex } from '../math.js';

export default async function mount(element, attributes) {
  const data = await post('/api/widgets/chain-rule', { f: attributes.f, inner: attributes.inner });
  const Plotly = await plotly();
  const v = data.variable, u = data.innerVariable;
  let i = nearest(data.x, 1);

  const head = el('div', 'models-formulas');
  head.append(
    formula(`${u} = g(${v}) = `, data.latex.inner),
    formula(`y = f(${u}) = `, data.latex.outer),
    formula('y = ', data.latex.composite));
  const graph = el('div', 'models-graph');
  graph.setAttribute('role', 'group');
  graph.setAttribute('aria-label', 'computation graph');
  const check = el('p', 'models-outcome');
  check.setAttribute('aria-live', 'polite');
  const plot = plotArea(`y and dy/d${v} against ${v}`);
  const info = status();
  const xSlider = slider({
    label: `${v} =`, min: 0, max: data.x.length - 1, step: 1, value: i, format: k => fmt(data.x[k], 3),
    onInput: k => { i = k; draw(); },
  });
  const rules = el('div', 'models-formulas');
  rules.append(
    formula(`local derivative d${u}/d${v} = `, data.latex.innerDerivative),
    formula(`local derivative dy/d${u} = `, data.latex.outerDerivative),
    formula(`chain rule: dy/d${v} = `, data.latex.chain),
    formula(`directly: dy/d${v} = `, data.latex.direct));
  element.replaceChildren(head, controls(xSlider.root), graph, check, plot, rules, info.root);

  function node(title, latexName, value) {
    const box = el('div', 'models-node');
    const name = el('span', 'models-node-name');
    renderLatex(name, latexName);
    box.append(el('span', 'models-node-title', title), name, el('span', 'models-node-value', fmt(value)));
    return box;
  }
  function edge(latexLabel, value) {
    const box = el('div', 'models-edge');
    const name = el('span');
    renderLatex(name, latexLabel);
    box.append(name, el('span', 'models-edge-value', fmt(value)), el('span', 'models-arrow', '→'));
    return box;
  }

  function draw() {
    const x = data.x[i], uu = data.u[i], y = data.y[i], du = data.du[i], dy = data.dy[i], product = data.product[i], direct = data.direct[i];
    xSlider.input.setAttribute('aria-valuetext', fmt(x, 3));
    graph.replaceChildren(
      node('input', v, x),
      edge(`\\tfrac{d${u}}{d${v}}`, du),
      node('inner', `${u} = g(${v})`, uu),
      edge(`\\tfrac{dy}{d${u}}`, dy),
      node('output', `y = f(${u})`, y));
    let text;
    if (product === null || direct === null) {
      check.className = 'models-outcome models-bad';
      text = `At ${v} = ${fmt(x, 3)} the derivative is undefined.`;
    } else {
      const agree = Math.abs(product - direct) <= 1e-9 * Math.max(1, Math.abs(direct));
      check.className = `models-outcome ${agree ? 'models-good' : 'models-bad'}`;
      text = `Along the path: dy/d${v} = d${u}/d${v} · dy/d${u} = ${fmt(du)} × ${fmt(dy)} = ${fmt(product, 6)}; ` +
        `the direct derivative is ${fmt(direct, 6)}${agree ? ' — they agree.' : ' — they differ!'}`;
    }
    check.textContent = text;
    const traces = [
      { x: data.x, y: data.y, name: `y = f(g(${v}))`, mode: 'lines', line: { color: colours.f, width: 3 } },
      { x: data.x, y: data.direct, name: `dy/d${v}`, mode: 'lines', line: { color: colours.derivative, width: 2, dash: 'dash' } },
      { x: [x, x], y: [y, direct], name: `at ${v} = ${fmt(x, 3)}`, mode: 'markers', marker: { color: colours.point, size: 9 } },
    ];
    Plotly.react(plot, traces, modelLayout(baseLayout, {
      xaxis: { ...baseLayout().xaxis, title: { text: v } },
      yaxis: { ...baseLayout().yaxis, title: { text: 'value' } },
      height: 320,
    }), baseConfig);
    describe(element, `Computation graph at ${v} = ${fmt(x, 3)}: ${u} = ${fmt(uu)}, y = ${fmt(y)}. ${text}`);
  }
  info.ok('');
  draw();
}
