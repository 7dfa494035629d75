// Lagrange multipliers: the constraint curve g = 0 over the level curves of f, the engine's solutions of ∇f = λ∇g
// (Optimize.Lagrange) with both gradients drawn as arrows at each one — parallel where a level curve touches the
// constraint — and what each point is, in words.
import { post } from '../api.js';
import { plotly, baseLayout, baseConfig, colours, describe } from '../plot.js';
import { el, fmt, controls, plotArea, formula, status, select , modelLayout } from './models-common.js';

export default async function mount(element, attributes) {
  const Plotly = await plotly();
  const head = el('div', 'models-formulas');
  const plot = plotArea('level curves of f, the constraint g = 0 and the solutions', 'models-plot-square');
  const list = el('ul', 'models-points');
  list.setAttribute('aria-live', 'polite');
  const info = status();
  const rangeSelect = select({
    label: 'View', value: '4',
    options: [['2', '−2 … 2'], ['4', '−4 … 4'], ['8', '−8 … 8']],
    onChange: r => load(Number(r)).catch(() => {}),
  });
  element.replaceChildren(head, controls(rangeSelect.root), plot, list, info.root);

  async function load(range) {
    let data;
    try {
      data = await post('/api/widgets/lagrange', { f: attributes.f, g: attributes.g, range });
    } catch (err) {
      info.error(err);
      throw err;
    }
    info.ok('');
    head.replaceChildren(formula('f(x, y) = ', data.latex.f), formula('constraint: ', `${data.latex.g} = 0`), formula('L = ', data.latex.lagrangian));
    const g = data.grid;
    const traces = [
      { type: 'contour', x: g.x, y: g.y, z: g.f, name: 'level curves of f', ncontours: 20, showscale: false,
        colorscale: 'Blues', contours: { coloring: 'lines' }, line: { width: 1 }, showlegend: true, hoverinfo: 'skip' },
      { type: 'contour', x: g.x, y: g.y, z: g.g, name: 'g = 0', showscale: false, autocontour: false,
        contours: { start: 0, end: 0, size: 1, coloring: 'none' }, line: { color: colours.secant, width: 3 }, showlegend: true, hoverinfo: 'skip' },
      { x: data.points.map(p => p.x), y: data.points.map(p => p.y), name: 'solutions', mode: 'markers',
        marker: { color: colours.point, size: 10 }, text: data.points.map(p => p.kind), hoverinfo: 'x+y+text' },
      // Legend entries for the arrows, which are drawn as annotations.
      { x: [null], y: [null], name: '∇f', mode: 'lines', line: { color: colours.f, width: 3 } },
      { x: [null], y: [null], name: '∇g', mode: 'lines', line: { color: colours.derivative, width: 3 } },
    ];
    const length = 0.18 * range;
    const annotations = [];
    for (const p of data.points) {
      if (p.x === null || p.y === null) continue;
      for (const [grad, colour] of [[p.gradF, colours.f], [p.gradG, colours.derivative]]) {
        const n = Math.hypot(grad[0] ?? 0, grad[1] ?? 0);
        if (!(n > 0)) continue;
        annotations.push({
          x: p.x + length * grad[0] / n, y: p.y + length * grad[1] / n, ax: p.x, ay: p.y,
          xref: 'x', yref: 'y', axref: 'x', ayref: 'y', showarrow: true, arrowhead: 2, arrowwidth: 2.5, arrowcolor: colour, text: '',
        });
      }
    }
    Plotly.react(plot, traces, modelLayout(baseLayout, {
      xaxis: { ...baseLayout().xaxis, title: { text: 'x' }, range: [-range, range], constrain: 'domain' },
      yaxis: { ...baseLayout().yaxis, title: { text: 'y' }, range: [-range, range], scaleanchor: 'x', constrain: 'domain' },
      annotations, height: 460,
    }), baseConfig);
    list.replaceChildren(...data.points.map(p => el('li', `models-kind-${p.kind}`, p.words)));
    if (data.points.length === 0) list.replaceChildren(el('li', null, `No solution in view: ${data.message}`));
    const kinds = { min: 'minimum', max: 'maximum', saddle: 'saddle', unknown: 'unclassified point' };
    const parts = data.points.map(p => `${kinds[p.kind] ?? p.kind} f = ${fmt(p.value)} near (${fmt(p.x, 3)}, ${fmt(p.y, 3)})`);
    describe(element, `${data.points.length} point(s) on g = 0 where ∇f is parallel to ∇g` + (parts.length ? `: ${parts.join('; ')}.` : '.'));
  }

  await load(4);
}
