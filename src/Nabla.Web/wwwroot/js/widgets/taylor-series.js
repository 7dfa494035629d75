// Taylor series: the approximations of orders 0…n about a drawn over f, an order slider, and the error at a chosen x.
// One request computes every order (the engine's exact coefficients); the sliders then move instantly.
import { post } from '../api.js';
import { plotly, baseLayout, baseConfig, colours, describe } from '../plot.js';
import { el, fmt, slider, controls, plotArea, formula, setFormula, status, nearest, attrNumber , modelLayout } from './models-common.js';

export default async function mount(element, attributes) {
  const maxOrder = Math.min(30, Math.max(0, parseInt(attributes.maxOrder ?? '6', 10) || 6));
  const data = await post('/api/widgets/taylor-series', { f: attributes.f, a: attrNumber(attributes.a, 0), maxOrder });
  const Plotly = await plotly();
  const a = data.a;
  const v = data.variable;

  const head = formula('f(' + v + ') = ', data.latex);
  const poly = formula('', '');
  const plot = plotArea(`Taylor approximations of f about ${v} = ${fmt(a)}`);
  const info = status();
  let order = Math.min(2, maxOrder);
  let at = nearest(data.x, a + (data.x[data.x.length - 1] - a) * 0.5);

  const orderSlider = slider({ label: 'Order n', min: 0, max: maxOrder, step: 1, value: order, format: x => String(x), onInput: x => { order = x; draw(); } });
  const xSlider = slider({
    label: `Error at ${v} =`, min: 0, max: data.x.length - 1, step: 1, value: at,
    format: i => fmt(data.x[i], 3), onInput: i => { at = i; draw(); },
  });
  xSlider.input.setAttribute('aria-valuetext', fmt(data.x[at], 3));
  element.replaceChildren(head, controls(orderSlider.root, xSlider.root), poly, plot, info.root);

  function draw() {
    const p = data.orders[order];
    setFormula(poly, `p${subscript(order)}(${v}) = `, p.latex);
    const xv = data.x[at], fv = data.f[at], pv = p.values[at];
    xSlider.input.setAttribute('aria-valuetext', fmt(xv, 3));
    const traces = [
      { x: data.x, y: data.f, name: `f(${v})`, mode: 'lines', line: { color: colours.f, width: 3 } },
      { x: data.x, y: p.values, name: `order ${order}`, mode: 'lines', line: { color: colours.derivative, width: 2, dash: 'dash' } },
      { x: [a], y: [data.orders[0].values[nearest(data.x, a)]], name: `${v} = a`, mode: 'markers', marker: { color: colours.point, size: 9 } },
    ];
    if (fv !== null && pv !== null) {
      traces.push({ x: [xv, xv], y: [fv, pv], name: 'error', mode: 'lines+markers', line: { color: colours.secant, width: 3 }, marker: { size: 6 } });
    }
    const layout = modelLayout(baseLayout, {
      xaxis: { ...baseLayout().xaxis, title: { text: v } },
      yaxis: { ...baseLayout().yaxis, title: { text: 'y' }, range: data.yRange ?? undefined },
      height: 360,
    });
    Plotly.react(plot, traces, layout, baseConfig);
    const error = fv !== null && pv !== null ? Math.abs(fv - pv) : null;
    const text = error === null
      ? `At ${v} = ${fmt(xv, 3)}, f is undefined, so there is no error to measure.`
      : `At ${v} = ${fmt(xv, 3)}: f = ${fmt(fv)}, p${subscript(order)} = ${fmt(pv)}, error |f − p${subscript(order)}| = ${fmt(error, 3)}.`;
    info.ok('');
    describe(element, `Taylor polynomial of order ${order} about ${v} = ${fmt(a)} (dashed) drawn over f (solid). ${text}`);
  }
  draw();
}

function subscript(n) {
  return String(n).replace(/\d/g, d => '₀₁₂₃₄₅₆₇₈₉'[Number(d)]);
}
