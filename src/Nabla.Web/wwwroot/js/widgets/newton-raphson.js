// Newton-Raphson as a stepper: each Step draws the tangent at xₙ down to the axis (xₙ₊₁), adds a row to the table,
// and at the end says how the method stopped, in the engine's own words (converged, cycling, derivative zero, ran away).
import { post } from '../api.js';
import { plotly, baseLayout, baseConfig, colours, describe } from '../plot.js';
import { el, fmt, numberInput, button, controls, plotArea, formula, status, attrNumber , modelLayout } from './models-common.js';

const verdicts = {
  converged: 'Converged',
  'cycle-detected': 'Cycling',
  'derivative-zero': 'Derivative zero',
  diverged: 'Ran away',
  'max-iterations': 'Out of steps',
  'non-finite': 'Undefined value',
  'undefined-at-start': 'Undefined at the start',
};

export default async function mount(element, attributes) {
  const Plotly = await plotly();
  const head = el('div', 'models-formulas');
  const plot = plotArea('Newton-Raphson iterations on the graph of f');
  const info = status();
  const outcome = el('p', 'models-outcome');
  outcome.setAttribute('aria-live', 'polite');
  const table = el('table', 'models-table');
  const caption = el('caption', null, 'Iterates');
  const thead = el('thead');
  thead.innerHTML = '<tr><th scope="col">n</th><th scope="col">xₙ</th><th scope="col">f(xₙ)</th><th scope="col">f′(xₙ)</th></tr>';
  const tbody = el('tbody');
  table.append(caption, thead, tbody);
  const tableWrap = el('div', 'models-table-wrap');
  tableWrap.append(table);

  let data = null;
  let shown = 0; // iterates shown: rows 0 … shown
  const start = numberInput({ label: 'Start x₀', value: attrNumber(attributes.x0, 1), onChange: v => load(v) });
  const stepButton = button('Step', () => { if (data && shown < data.steps.length - 1) { shown += 1; draw(); } }, true);
  const runButton = button('Run to the end', () => { if (data) { shown = data.steps.length - 1; draw(); } });
  const resetButton = button('Reset', () => { shown = 0; draw(); });
  element.replaceChildren(head, controls(start.root, stepButton, runButton, resetButton), plot, outcome, tableWrap, info.root);

  async function load(x0) {
    try {
      data = await post('/api/widgets/newton-raphson', { f: attributes.f, x0 });
      if (typeof x0 !== 'number') start.set(data.x0);
      shown = 0;
      head.replaceChildren(formula('f(x) = ', data.latex.f), formula('f′(x) = ', data.latex.derivative));
      info.ok('');
      draw();
    } catch (err) {
      info.error(err);
    }
  }

  function draw() {
    const rows = data.steps.slice(0, shown + 1);
    const traces = [{ x: data.x, y: data.y, name: 'f(x)', mode: 'lines', line: { color: colours.f, width: 3 } }];
    const tx = [], ty = [], vx = [], vy = [];
    for (let i = 0; i < shown; i++) {
      const r = data.steps[i], next = data.steps[i + 1];
      if (r.x === null || r.f === null || next.x === null) continue;
      tx.push(r.x, next.x, null); ty.push(r.f, 0, null);
      if (next.f !== null) { vx.push(next.x, next.x, null); vy.push(0, next.f, null); }
    }
    traces.push({ x: tx, y: ty, name: 'tangent lines', mode: 'lines', line: { color: colours.tangent, width: 2 } });
    traces.push({ x: vx, y: vy, name: 'back up to f', mode: 'lines', line: { color: colours.tangent, width: 1, dash: 'dot' }, showlegend: false });
    traces.push({
      x: rows.map(r => r.x), y: rows.map(r => r.f), name: 'iterates xₙ', mode: 'markers+text',
      text: rows.map(r => `x${sub(r.n)}`), textposition: 'top center', marker: { color: colours.point, size: 8 },
    });
    const [lo, hi] = [data.x[0], data.x[data.x.length - 1]];
    const layout = modelLayout(baseLayout, {
      xaxis: { ...baseLayout().xaxis, title: { text: 'x' }, range: [lo, hi] },
      yaxis: { ...baseLayout().yaxis, title: { text: 'f(x)' }, range: data.yRange ?? undefined },
      height: 360,
    });
    Plotly.react(plot, traces, layout, baseConfig);

    tbody.replaceChildren(...rows.map(r => {
      const tr = el('tr');
      for (const value of [String(r.n), fmt(r.x, 10), fmt(r.f, 4), fmt(r.derivative, 6)]) tr.append(el('td', null, value));
      return tr;
    }));
    const last = rows[rows.length - 1];
    const finished = shown === data.steps.length - 1;
    stepButton.disabled = finished;
    runButton.disabled = finished;
    let summary;
    if (finished) {
      outcome.className = `models-outcome ${data.converged ? 'models-good' : 'models-bad'}`;
      outcome.textContent = `${verdicts[data.exit] ?? data.exit}: ${data.message} Why: ${data.explanation}.`;
      summary = data.converged
        ? `Newton-Raphson converged to ${fmt(data.root, 8)} in ${data.iterations} steps.`
        : `Newton-Raphson did not converge (${verdicts[data.exit] ?? data.exit}): ${data.explanation}.`;
    } else {
      outcome.className = 'models-outcome';
      outcome.textContent = `Step ${shown} of ${data.steps.length - 1}: x${sub(last.n)} = ${fmt(last.x, 10)}. Press Step to follow the tangent to the axis.`;
      summary = `Newton-Raphson after ${shown} step(s): x${sub(last.n)} = ${fmt(last.x, 6)}, f = ${fmt(last.f)}.`;
    }
    describe(element, summary);
  }

  await load(attrNumber(attributes.x0, 1));
  if (!data) throw new Error(info.root.textContent || 'the iterations could not be computed');
}

function sub(n) {
  return String(n).replace(/\d/g, d => '₀₁₂₃₄₅₆₇₈₉'[Number(d)]);
}
