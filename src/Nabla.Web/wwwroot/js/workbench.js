// The Workbench page: type f(x) or f(x, y); every tool refreshes as you type (debounced, stale requests aborted).
// How the function was read, derivatives with steps and the plot data come from /api/workbench/*; Taylor,
// stationary points and minimisation from the generic /api/engine (the `nabla batch` schema).
import { post, latest, ApiError } from './api.js';
import { renderLatex } from './math.js';
import { plotly, baseLayout, baseConfig, colours, describe } from './plot.js';

const $ = id => document.getElementById(id);
const root = $('workbench');
const input = $('wb-f');

const state = {
  version: 0,      // bumps whenever the function changes; answers for an older version are dropped
  f: '',
  vars: [],
  latex: '',
  sample: null,    // /api/workbench/sample answer
  derive: null,
  stationary: null,
  roots: null,
  taylor: null,    // { answer, curve }
  minimise: null,
};

// ------------------------------------------------------------------ helpers

/**
 * POSTs, and once more after a pause when the answer is 422: the server gives every computation a wall-clock
 * budget, which a busy machine can exhaust for work that normally takes a fraction of it.
 */
async function ask(path, body, signal) {
  try {
    return await post(path, body, signal);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 422 || signal?.aborted) throw error;
    await new Promise(resolve => setTimeout(resolve, 400));
    if (signal?.aborted) throw error;
    return post(path, body, signal);
  }
}

function fmt(value, digits = 4) {
  if (value === null || value === undefined) return 'undefined';
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) < 1e-12) return '0';
  return String(Number(value.toPrecision(digits)));
}

function numberOf(id, fallback) {
  const value = Number.parseFloat($(id).value);
  return Number.isFinite(value) ? value : fallback;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function mathSpan(latex, display = false) {
  const span = el(display ? 'div' : 'span', display ? 'wb-math-display' : 'wb-math');
  renderLatex(span, latex, display);
  return span;
}

function showProblem(container, error) {
  if (error?.name === 'AbortError') return;
  const message = error instanceof ApiError ? error.message : `could not reach the server (${error?.message ?? error})`;
  const box = el('p', 'wb-problem', message);
  box.setAttribute('role', 'status');
  if (error?.hint) box.append(el('span', 'wb-problem-hint', ` ${error.hint}`));
  container.replaceChildren(box);
}

function ranges() {
  let x = [numberOf('wb-x-from', -4), numberOf('wb-x-to', 4)];
  let y = [numberOf('wb-y-from', -4), numberOf('wb-y-to', 4)];
  if (!(x[0] < x[1])) x = [-4, 4];
  if (!(y[0] < y[1])) y = [-4, 4];
  return { x, y };
}

const twoVars = () => state.vars.length === 2;
const varName = i => state.vars[i] ?? (i === 0 ? 'x' : 'y');
const point = values => `(${values.map(v => fmt(v)).join(', ')})`;

// ------------------------------------------------------------------ reading the function

function showReadError(error) {
  const box = $('wb-error');
  box.hidden = false;
  box.querySelector('.wb-error-message').textContent = error.message;
  const caret = box.querySelector('.wb-caret');
  if (Number.isInteger(error.position)) {
    caret.textContent = `${input.value}\n${' '.repeat(Math.max(0, error.position))}^`;
    caret.hidden = false;
  } else {
    caret.textContent = '';
    caret.hidden = true;
  }
  box.querySelector('.wb-error-hint').textContent = error.hint ? `Hint: ${error.hint}` : '';
  input.setAttribute('aria-invalid', 'true');
}

function clearReadError() {
  $('wb-error').hidden = true;
  input.removeAttribute('aria-invalid');
}

const read = latest(async (signal) => {
  const text = input.value;
  if (!text.trim()) {
    $('wb-read').textContent = '';
    $('wb-vars').textContent = '';
    clearReadError();
    return;
  }
  try {
    const answer = await post('/api/workbench/read', { f: text }, signal);
    if (!answer.valid) {
      showReadError(answer.error);
      return;
    }
    clearReadError();
    renderLatex($('wb-read'), answer.latex);
    const vars = answer.vars.length === 0 ? ['x'] : answer.vars;
    if (vars.length > 2) {
      $('wb-vars').textContent = `variables ${vars.join(', ')}: the workbench's tools take one or two variables`;
      return;
    }
    $('wb-vars').textContent = vars.length === 1 ? `a function of ${vars[0]}` : `a function of ${vars[0]} and ${vars[1]}`;
    if (text === state.f && vars.join() === state.vars.join()) return;
    setFunction(text, vars, answer.latex);
  } catch (error) {
    if (error?.name === 'AbortError') return;
    if (error instanceof ApiError) showReadError(error);
    else showReadError({ message: `could not reach the server (${error.message})` });
  }
}, 180);

function setFunction(f, vars, latex) {
  const changedShape = vars.length !== state.vars.length;
  Object.assign(state, { version: state.version + 1, f, vars, latex, sample: null, derive: null, stationary: null, roots: null, taylor: null, minimise: null });
  for (const span of document.querySelectorAll('.wb-var-name')) span.textContent = varName(Number(span.dataset.var));
  for (const part of document.querySelectorAll('.wb-two-vars')) part.hidden = !twoVars();
  $('wb-tab-derivative').textContent = twoVars() ? 'Gradient & Hessian' : 'Derivative';
  $('wb-tab-roots').hidden = twoVars();
  if (twoVars() && selectedTab() === 'roots') selectTab('derivative');
  if (changedShape) $('wb-rate').value = twoVars() ? '0.001' : '0.01';
  refreshAll();
}


// ------------------------------------------------------------------ derivative, gradient, Hessian

function stepsList(partial) {
  const list = el('ol', 'wb-steps');
  for (const step of partial.steps) {
    const item = el('li', `wb-step wb-depth-${Math.min(step.depth, 6)}`);
    const head = el('p', 'wb-step-rule');
    head.append(el('strong', null, step.rule), ': ', el('code', null, step.formula));
    const line = el('p', 'wb-step-math');
    const d = twoVars() ? '\\partial' : 'd';
    line.append(mathSpan(`\\frac{${d}}{${d} ${partial.wrt}}\\left(${step.expression}\\right) = ${step.result}`));
    item.append(head, line, el('p', 'wb-step-explanation', step.explanation));
    list.append(item);
  }
  if (partial.steps.length === 0) list.append(el('li', 'wb-step', 'No rule needed: the expression does not involve this variable in a way that needs one.'));
  return list;
}

function stepsBlock(title, partial, open) {
  const details = el('details', 'wb-derivation');
  details.open = open;
  const summary = el('summary');
  summary.append(`${title}: `, mathSpan(partial.latex));
  details.append(summary, stepsList(partial));
  if (partial.stepsCut) details.append(el('p', 'wb-help', 'The derivation is long; only its first steps are shown.'));
  return details;
}

function renderDerive() {
  const box = $('wb-derivative');
  const d = state.derive;
  if (!d) return;
  const children = [];
  if (d.derivative) {
    const x = d.vars[0];
    children.push(mathSpan(`\\frac{d}{d${x}}\\left(${d.latex}\\right) = ${d.derivative.latex}`, true));
    children.push(mathSpan(`f''(${x}) = ${d.second.latex}`, true));
    children.push(stepsBlock(`Steps for f′(${x})`, d.derivative, true));
    children.push(stepsBlock(`Steps for f″(${x})`, d.second, false));
  } else {
    const column = d.gradient.map(p => p.latex).join(' \\\\ ');
    children.push(mathSpan(`\\nabla f = \\begin{pmatrix} ${column} \\end{pmatrix}`, true));
    const rows = d.hessian.map(row => row.map(p => p.latex).join(' & ')).join(' \\\\ ');
    children.push(mathSpan(`H = \\begin{pmatrix} ${rows} \\end{pmatrix}`, true));
    d.gradient.forEach((p, i) => children.push(stepsBlock(`Steps for ∂f/∂${d.vars[i]}`, p, i === 0)));
    d.hessian.forEach((row, i) => row.forEach((p, j) => {
      if (j >= i) children.push(stepsBlock(`Steps for ∂²f/∂${d.vars[i]}∂${d.vars[j]}`, p, false));
    }));
  }
  box.replaceChildren(...children);
}

async function loadDerive(signal) {
  const version = state.version;
  try {
    const answer = await ask('/api/workbench/derive', { f: state.f, vars: state.vars }, signal);
    if (version !== state.version) return;
    state.derive = answer;
    renderDerive();
  } catch (error) {
    if (version === state.version) showProblem($('wb-derivative'), error);
  }
  markReady();
}

// ------------------------------------------------------------------ plot data

async function loadSample(signal) {
  const version = state.version;
  const { x, y } = ranges();
  const body = twoVars() ? { f: state.f, vars: state.vars, x, y, n: 90 } : { f: state.f, vars: state.vars, x, n: 600, derivative: true };
  try {
    const answer = await ask('/api/workbench/sample', body, signal);
    if (version !== state.version) return;
    state.sample = answer;
    await draw();
  } catch (error) {
    if (version === state.version && error?.name !== 'AbortError') {
      describe($('wb-figure'), `The plot could not be drawn: ${error.message}`);
    }
  }
}

// ------------------------------------------------------------------ stationary points

function renderStationary() {
  const box = $('wb-stationary');
  const s = state.stationary;
  if (!s) return;
  if (s.points.length === 0) {
    box.replaceChildren(el('p', null, s.exact ? 'f has no stationary point.' : 'No stationary point was found in the plotted window.'), el('p', 'wb-help', s.method));
    return;
  }
  const table = el('table', 'wb-table');
  const where = s.vars.length === 1 ? `f′(${s.vars[0]}) = 0` : '∇f = 0';
  const scope = s.exact ? 'all of them, found exactly' : 'found in the plotted window';
  const caption = el('caption', null, `${s.points.length} stationary point${s.points.length === 1 ? '' : 's'} (where ${where}; ${scope})`);
  const head = el('thead');
  const headRow = el('tr');
  for (const h of ['point', 'f there', 'kind', 'why']) {
    const th = el('th', null, h);
    th.scope = 'col';
    headRow.append(th);
  }
  head.append(headRow);
  const tbody = el('tbody');
  for (const p of s.points) {
    const row = el('tr');
    row.append(el('td', null, point(s.vars.map(v => p.at[v]))), el('td', null, fmt(p.value)),
      el('td', `wb-kind wb-kind-${p.kind}`, p.kind), el('td', null, p.reason));
    tbody.append(row);
  }
  table.append(caption, head, tbody);
  const notes = [el('p', 'wb-help', `How: ${s.method}`)];
  if (!s.complete) notes.push(el('p', 'wb-help', 'The search stopped early: there may be more.'));
  box.replaceChildren(table, ...notes);
}

async function loadStationary(signal) {
  const version = state.version;
  const { x, y } = ranges();
  try {
    const answer = await ask('/api/workbench/stationary', twoVars() ? { f: state.f, vars: state.vars, x, y } : { f: state.f, vars: state.vars, x }, signal);
    if (version !== state.version) return;
    state.stationary = answer;
    renderStationary();
    await draw();
  } catch (error) {
    if (version === state.version) showProblem($('wb-stationary'), error);
  }
}

// ------------------------------------------------------------------ roots

function renderRoots() {
  const box = $('wb-roots');
  const r = state.roots;
  if (!r) return;
  if (r.roots.length === 0) {
    box.replaceChildren(el('p', null, `No real root of f in [${fmt(r.from)}, ${fmt(r.to)}].`));
    return;
  }
  const list = el('ul', 'wb-root-list');
  for (const root of r.roots) {
    const multiplicity = root.multiplicity === 1 ? 'simple root (f crosses zero)' : root.multiplicity === 2 ? 'double root (f touches zero)' : `multiplicity ${root.multiplicity}`;
    list.append(el('li', null, `${r.var} = ${fmt(root.x, 10)}: ${multiplicity}; f there is ${fmt(root.value, 3)}`));
  }
  box.replaceChildren(el('p', null, `${r.roots.length} real root${r.roots.length === 1 ? '' : 's'} in [${fmt(r.from)}, ${fmt(r.to)}]:`), list);
}

async function loadRoots(signal) {
  if (twoVars()) return;
  const version = state.version;
  try {
    const answer = await ask('/api/workbench/roots', { f: state.f, x: ranges().x }, signal);
    if (version !== state.version) return;
    state.roots = answer;
    renderRoots();
    await draw();
  } catch (error) {
    if (version === state.version) showProblem($('wb-roots'), error);
  }
}

// ------------------------------------------------------------------ Taylor

async function loadTaylor(signal) {
  const version = state.version;
  const order = Math.max(0, Math.min(12, Math.round(numberOf('wb-taylor-order', 3))));
  const about = { [varName(0)]: numberOf('wb-taylor-a', 0) };
  if (twoVars()) about[varName(1)] = numberOf('wb-taylor-b', 0);
  try {
    const answer = await ask('/api/engine', { op: 'taylor', expr: state.f, about, order }, signal);
    if (version !== state.version) return;
    let curve = null;
    if (!twoVars()) {
      curve = await ask('/api/workbench/sample', { f: answer.result, vars: state.vars, x: ranges().x, n: 400 }, signal);
      if (version !== state.version) return;
    }
    state.taylor = { answer, curve, order, about };
    const where = Object.entries(about).map(([k, v]) => `${k} = ${fmt(v)}`).join(', ');
    $('wb-taylor').replaceChildren(
      el('p', null, `Order ${order} about ${where}:`),
      mathSpan(`T_{${order}} = ${answer.latex}`, true));
    await draw();
  } catch (error) {
    if (version === state.version) showProblem($('wb-taylor'), error);
  }
}

// ------------------------------------------------------------------ minimisation

async function loadMinimise(signal) {
  const version = state.version;
  const from = { [varName(0)]: numberOf('wb-start-x', 1) };
  if (twoVars()) from[varName(1)] = numberOf('wb-start-y', 1);
  const method = $('wb-method').value;
  const body = { op: 'minimize', expr: state.f, from, method, trace: true, maxIterations: Math.max(1, Math.min(10000, Math.round(numberOf('wb-iterations', 1000)))) };
  if (['gd', 'momentum', 'nesterov', 'adam'].includes(method)) body.rate = numberOf('wb-rate', 0.01);
  try {
    const answer = await ask('/api/engine', body, signal);
    if (version !== state.version) return;
    state.minimise = answer;
    const solution = state.vars.map(v => answer.solution[v]);
    $('wb-minimise').replaceChildren(
      el('p', `wb-exit wb-exit-${answer.exit}`, `${answer.method}: ${answer.exit} after ${answer.iterations} iteration${answer.iterations === 1 ? '' : 's'}`),
      el('p', null, `Reached ${point(solution)} where f = ${fmt(answer.value, 8)} (gradient norm ${fmt(answer.gradientNorm, 3)}).`),
      el('p', 'wb-help', answer.message));
    await draw();
  } catch (error) {
    if (version === state.version) {
      state.minimise = null;
      showProblem($('wb-minimise'), error);
      await draw();
    }
  }
}

// Each tool refreshes on its own when its inputs change; a new function refreshes them all in three waves, the
// quick ones first, so the server (which gives each computation a time budget) is never asked for everything at once.
const refreshSample = latest(signal => Promise.all([loadSample(signal), loadStationary(signal), loadRoots(signal)]), 120);
const refreshTaylor = latest(loadTaylor, 120);
const refreshMinimise = latest(loadMinimise, 150);
const refreshAll = latest(async (signal) => {
  const version = state.version;
  await Promise.all([loadDerive(signal), loadSample(signal)]);
  if (version !== state.version || signal.aborted) return;
  await Promise.all([loadStationary(signal), loadRoots(signal)]);
  if (version !== state.version || signal.aborted) return;
  await Promise.all([loadTaylor(signal), loadMinimise(signal)]);
}, 40);

// ------------------------------------------------------------------ drawing

/** A y range that shows the bulk of the curve instead of letting a pole flatten everything. */
function robustRange(values) {
  const finite = values.filter(v => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return [-1, 1];
  const lo = finite[Math.floor(finite.length * 0.03)];
  const hi = finite[Math.ceil(finite.length * 0.97) - 1];
  const full = [finite[0], finite[finite.length - 1]];
  let [a, b] = full[1] - full[0] <= 4 * (hi - lo) ? full : [lo, hi];
  if (b - a < 1e-9) { a -= 1; b += 1; }
  const pad = (b - a) * 0.08;
  return [a - pad, b + pad];
}

function stationaryMarkers() {
  const s = state.stationary;
  if (!s) return [];
  const { x, y } = ranges();
  return s.points.filter(p => {
    const px = p.at[s.vars[0]];
    if (px < x[0] || px > x[1]) return false;
    if (s.vars.length === 2) { const py = p.at[s.vars[1]]; return py >= y[0] && py <= y[1]; }
    return true;
  });
}

const kindSymbol = { minimum: 'circle', maximum: 'triangle-up', saddle: 'x', degenerate: 'diamond' };

async function draw() {
  const sample = state.sample;
  if (!sample) return;
  const Plotly = await plotly();
  const target = $('wb-plot');
  const summary = sample.kind === 'line' ? drawLine(sample) : drawGrid(sample);
  await Plotly.react(target, summary.traces, summary.layout, baseConfig);
  target.dataset.kind = sample.kind === 'line' ? 'line' : 'contour';
  target.dataset.markers = String(stationaryMarkers().length);
  describe($('wb-figure'), summary.text);
  markReady();
}

function drawLine(sample) {
  const x = sample.vars[0];
  const traces = [
    { x: sample.x, y: sample.y, mode: 'lines', name: `f(${x})`, line: { color: colours.f, width: 2.5 } },
  ];
  if (sample.dy) traces.push({ x: sample.x, y: sample.dy, mode: 'lines', name: `f′(${x})`, line: { color: colours.derivative, width: 2, dash: 'dash' } });
  if (state.taylor?.curve) {
    traces.push({ x: state.taylor.curve.x, y: state.taylor.curve.y, mode: 'lines', name: `Taylor, order ${state.taylor.order}`, line: { color: colours.tangent, width: 2, dash: 'dot' } });
  }
  const stationary = stationaryMarkers();
  if (stationary.length > 0) {
    traces.push({
      x: stationary.map(p => p.at[x]), y: stationary.map(p => p.value), mode: 'markers', name: 'stationary points',
      text: stationary.map(p => p.kind), hovertemplate: '%{text} at (%{x:.4g}, %{y:.4g})<extra></extra>',
      marker: { color: colours.point, size: 10, symbol: stationary.map(p => kindSymbol[p.kind] ?? 'circle') },
    });
  }
  const roots = state.roots?.roots ?? [];
  if (roots.length > 0) {
    traces.push({ x: roots.map(r => r.x), y: roots.map(() => 0), mode: 'markers', name: 'roots', marker: { color: colours.secant, size: 10, symbol: 'circle-open', line: { width: 2.5 } } });
  }
  const path = pathOf(state.minimise);
  if (path) {
    traces.push({ x: path.map(p => p[x]), y: path.map(p => p.f), mode: 'lines+markers', name: 'minimiser path', line: { color: colours.path }, marker: { size: 5 } });
  }
  const { x: range } = ranges();
  const layout = baseLayout({
    xaxis: { ...baseLayout().xaxis, title: { text: x }, range },
    yaxis: { ...baseLayout().yaxis, range: robustRange([...sample.y, ...(sample.dy ?? [])]) },
    height: 440,
  });

  const finite = sample.x.map((xi, i) => [xi, sample.y[i]]).filter(p => p[1] !== null);
  const parts = [`Plot of f(${x}) = ${state.f}${sample.dy ? ` and its derivative f′(${x}) = ${sample.derivative}` : ''} for ${x} from ${fmt(range[0])} to ${fmt(range[1])}.`];
  if (finite.length > 0) {
    const lo = finite.reduce((a, b) => (b[1] < a[1] ? b : a));
    const hi = finite.reduce((a, b) => (b[1] > a[1] ? b : a));
    parts.push(`f is lowest on this range at ${x} ≈ ${fmt(lo[0])} (f ≈ ${fmt(lo[1])}) and highest at ${x} ≈ ${fmt(hi[0])} (f ≈ ${fmt(hi[1])}).`);
  } else parts.push('f has no real value on this range.');
  if (roots.length > 0) parts.push(`Roots at ${roots.slice(0, 8).map(r => fmt(r.x)).join(', ')}${roots.length > 8 ? ' and more' : ''}.`);
  if (stationary.length > 0) parts.push(`Stationary points: ${stationary.slice(0, 6).map(p => `${p.kind} at ${point([p.at[x], p.value])}`).join('; ')}${stationary.length > 6 ? '; and more' : ''}.`);
  if (state.taylor?.curve) parts.push(`The dotted curve is the Taylor polynomial of order ${state.taylor.order}.`);
  if (path) parts.push(minimiseSentence(path));
  return { traces, layout, text: parts.join(' ') };
}

function pathOf(answer) {
  if (!answer?.trace || answer.trace.length === 0) return null;
  return answer.trace;
}

function minimiseSentence(path) {
  const first = path[0];
  const last = path[path.length - 1];
  const at = p => point(state.vars.map(v => p[v]));
  return `The minimiser (${state.minimise.method}) went from ${at(first)} to ${at(last)} in ${state.minimise.iterations} iterations (${state.minimise.exit}).`;
}

function drawGrid(sample) {
  const [vx, vy] = sample.vars;
  const flat = sample.z.flat().filter(v => v !== null);
  const zmin = flat.length ? Math.min(...flat) : 0;
  const zmax = flat.length ? Math.max(...flat) : 1;
  // A valley 1000 times shallower than the walls (Rosenbrock) shows only on a log scale.
  const spread = zmax - zmin;
  const sorted = [...flat].sort((a, b) => a - b);
  const median = sorted.length ? sorted[Math.floor(sorted.length / 2)] - zmin : 0;
  const useLog = spread > 0 && median > 0 && spread / median > 50;
  const z = useLog ? sample.z.map(row => row.map(v => (v === null ? null : Math.log10(1 + v - zmin)))) : sample.z;
  const traces = [{
    type: 'contour', x: sample.x, y: sample.y, z, name: 'f', ncontours: 24,
    colorscale: [[0, '#08306b'], [0.25, '#2171b5'], [0.5, '#6baed6'], [0.75, '#c6dbef'], [1, '#f7fbff']],
    contours: { coloring: 'heatmap', showlines: true },
    line: { color: 'rgba(255,255,255,0.35)', width: 0.6 },
    colorbar: { title: { text: useLog ? 'log₁₀(1 + f − min)' : 'f', side: 'right' }, thickness: 14 },
    hovertemplate: `${vx} = %{x:.3g}, ${vy} = %{y:.3g}<extra></extra>`,
  }];
  const stationary = stationaryMarkers();
  if (stationary.length > 0) {
    traces.push({
      type: 'scatter', x: stationary.map(p => p.at[vx]), y: stationary.map(p => p.at[vy]), mode: 'markers+text', name: 'stationary points',
      text: stationary.map(p => p.kind), textposition: 'top center', textfont: { color: '#111', size: 12 },
      marker: { color: '#fff', size: 12, symbol: stationary.map(p => kindSymbol[p.kind] ?? 'circle'), line: { color: '#111', width: 2 } },
    });
  }
  const path = pathOf(state.minimise);
  if (path) {
    traces.push({ type: 'scatter', x: path.map(p => p[vx]), y: path.map(p => p[vy]), mode: 'lines+markers', name: 'minimiser path',
      line: { color: colours.derivative, width: 2.5 }, marker: { color: colours.derivative, size: 5 } });
  }
  const { x, y } = ranges();
  const layout = baseLayout({
    xaxis: { ...baseLayout().xaxis, title: { text: vx }, range: x, zeroline: false },
    yaxis: { ...baseLayout().yaxis, title: { text: vy }, range: y, zeroline: false, scaleanchor: undefined },
    height: 480,
  });

  let lowest = null;
  let highest = null;
  sample.z.forEach((row, j) => row.forEach((v, i) => {
    if (v === null) return;
    if (!lowest || v < lowest.v) lowest = { v, x: sample.x[i], y: sample.y[j] };
    if (!highest || v > highest.v) highest = { v, x: sample.x[i], y: sample.y[j] };
  }));
  const parts = [`Contour map of f(${vx}, ${vy}) = ${state.f} for ${vx} from ${fmt(x[0])} to ${fmt(x[1])} and ${vy} from ${fmt(y[0])} to ${fmt(y[1])}${useLog ? ', coloured on a log scale' : ''}; darker is lower.`];
  if (lowest) parts.push(`Lowest sampled value ${fmt(lowest.v)} near ${point([lowest.x, lowest.y])}; highest ${fmt(highest.v)} near ${point([highest.x, highest.y])}.`);
  else parts.push('f has no real value on this window.');
  if (stationary.length > 0) parts.push(`Stationary points: ${stationary.slice(0, 6).map(p => `${p.kind} at ${point([p.at[vx], p.at[vy]])}`).join('; ')}${stationary.length > 6 ? '; and more' : ''}.`);
  else if (state.stationary) parts.push('No stationary point in this window.');
  if (path) parts.push(minimiseSentence(path));
  return { traces, layout, text: parts.join(' ') };
}

function markReady() {
  if (state.derive && state.sample) root.dataset.ready = 'true';
}

// ------------------------------------------------------------------ tabs (arrow keys move between them)

const tabs = [...document.querySelectorAll('[role="tab"]')];

function selectedTab() {
  return tabs.find(t => t.getAttribute('aria-selected') === 'true')?.dataset.tab;
}

function selectTab(name, focus = false) {
  for (const tab of tabs) {
    const on = tab.dataset.tab === name;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    $(tab.getAttribute('aria-controls')).hidden = !on;
    if (on && focus) tab.focus();
  }
}

for (const tab of tabs) {
  tab.addEventListener('click', () => selectTab(tab.dataset.tab));
  tab.addEventListener('keydown', event => {
    const visible = tabs.filter(t => !t.hidden);
    const i = visible.indexOf(tab);
    let next = null;
    if (event.key === 'ArrowRight') next = visible[(i + 1) % visible.length];
    else if (event.key === 'ArrowLeft') next = visible[(i - 1 + visible.length) % visible.length];
    else if (event.key === 'Home') next = visible[0];
    else if (event.key === 'End') next = visible[visible.length - 1];
    if (next) {
      event.preventDefault();
      selectTab(next.dataset.tab, true);
    }
  });
}

// ------------------------------------------------------------------ wiring

function setPair(fromId, toId, text) {
  const [a, b] = text.split(',').map(Number);
  $(fromId).value = String(a);
  $(toId).value = String(b);
}

for (const button of document.querySelectorAll('.wb-example')) {
  button.addEventListener('click', () => {
    setPair('wb-x-from', 'wb-x-to', button.dataset.x);
    setPair('wb-y-from', 'wb-y-to', button.dataset.y);
    const start = button.dataset.start.split(',');
    $('wb-start-x').value = start[0];
    if (start.length > 1) $('wb-start-y').value = start[1];
    input.value = button.dataset.f;
    state.f = '';
    read();
    input.focus();
  });
}

input.addEventListener('input', () => read());
for (const form of ['wb-taylor-form', 'wb-minimise-form', 'wb-ranges']) $(form).addEventListener('submit', event => event.preventDefault());
$('wb-minimise-form').addEventListener('submit', () => { if (state.f) refreshMinimise(); });
for (const id of ['wb-taylor-order', 'wb-taylor-a', 'wb-taylor-b']) $(id).addEventListener('input', () => { if (state.f) refreshTaylor(); });
for (const id of ['wb-start-x', 'wb-start-y', 'wb-method', 'wb-rate', 'wb-iterations']) $(id).addEventListener('change', () => { if (state.f) refreshMinimise(); });
for (const id of ['wb-x-from', 'wb-x-to', 'wb-y-from', 'wb-y-to']) {
  $(id).addEventListener('change', () => {
    if (!state.f) return;
    refreshSample();
    refreshTaylor();
  });
}

read();
