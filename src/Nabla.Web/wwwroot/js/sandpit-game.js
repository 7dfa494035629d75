// The Sandpit game (issue 10): a pit drawn in SVG, click (or type x, y) to dip, see numbered markers with depths,
// gradient arrows or descent paths, and the contours and the phone when the round ends. Shared by the /sandpit page
// (sandpit.js, with terrain picker and scores) and the lesson widget (widgets/sandpit.js). The server keeps the
// rules and the phone; this module only draws what the API answers (docs/api/sandpit.md).
import { get, post, latest, ApiError } from './api.js';

const SVG = 'http://www.w3.org/2000/svg';
const PIT = 6;
const VIEW = { width: 560, height: 548, left: 44, top: 14, size: 500 };
let instances = 0;

function svg(name, attributes = {}, parent = null) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (parent) parent.append(element);
  return element;
}

function html(name, attributes = {}, parent = null, text = null) {
  const element = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === true) element.setAttribute(key, '');
    else if (value !== false && value !== null && value !== undefined) element.setAttribute(key, String(value));
  }
  if (text !== null) element.textContent = text;
  if (parent) parent.append(element);
  return element;
}

const px = x => VIEW.left + (x / PIT) * VIEW.size;
const py = y => VIEW.top + ((PIT - y) / PIT) * VIEW.size;
const fmt = (v, digits = 2) => Number(v).toFixed(digits);

// Depth colours: deep water blue at -9 m through teal and green to pale sand at -1 m.
const ramp = [[-9, [23, 54, 110]], [-7, [40, 110, 160]], [-5, [86, 160, 150]], [-3, [190, 200, 140]], [-1, [246, 233, 196]]];
function depthColour(depth) {
  const d = Math.max(-9, Math.min(-1, depth));
  for (let i = 1; i < ramp.length; i++) {
    const [d1, c1] = ramp[i];
    const [d0, c0] = ramp[i - 1];
    if (d <= d1) {
      const t = (d - d0) / (d1 - d0);
      const c = c0.map((v, k) => Math.round(v + t * (c1[k] - v)));
      return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
    }
  }
  return 'rgb(246, 233, 196)';
}

// Marching squares: the segments of the level set {depth = level} on the grid (linear interpolation on each cell).
function contourSegments(xs, ys, z, level) {
  const segments = [];
  const lerp = (a, b, va, vb) => a + ((level - va) / (vb - va)) * (b - a);
  for (let j = 0; j < ys.length - 1; j++) {
    for (let i = 0; i < xs.length - 1; i++) {
      const v = [z[j][i], z[j][i + 1], z[j + 1][i + 1], z[j + 1][i]];
      const p = [[xs[i], ys[j]], [xs[i + 1], ys[j]], [xs[i + 1], ys[j + 1]], [xs[i], ys[j + 1]]];
      const crossings = [];
      for (let e = 0; e < 4; e++) {
        const a = e, b = (e + 1) % 4;
        if ((v[a] < level) !== (v[b] < level)) {
          crossings.push([lerp(p[a][0], p[b][0], v[a], v[b]), lerp(p[a][1], p[b][1], v[a], v[b])]);
        }
      }
      if (crossings.length === 2) segments.push(crossings);
      else if (crossings.length === 4) segments.push([crossings[0], crossings[1]], [crossings[2], crossings[3]]);
    }
  }
  return segments;
}

/**
 * Mounts a Sandpit game in `root`.
 * options: { terrain, seed, f, full (terrain picker), onRoundEnd(answer) }
 */
export async function mountSandpit(root, options = {}) {
  const id = `sandpit-${++instances}`;
  const catalogue = await get('/api/sandpit/terrains');
  const state = { round: null, answer: null, terrain: null, mode: null, busy: false, over: false, dips: 0 };
  root.classList.add('sandpit');
  root.replaceChildren();

  // Controls.
  const controls = html('div', { class: 'sandpit-controls' }, root);
  let terrainSelect = null;
  if (options.full) {
    const label = html('label', { for: `${id}-terrain` }, controls, 'Terrain ');
    terrainSelect = html('select', { id: `${id}-terrain` }, label);
    for (const t of catalogue.terrains) html('option', { value: t.id }, terrainSelect, t.title);
  }
  const modeLabel = html('label', { for: `${id}-mode` }, controls, 'Mode ');
  const modeSelect = html('select', { id: `${id}-mode` }, modeLabel);
  const newButton = html('button', { type: 'button', class: 'secondary' }, controls, 'New round');

  const ruleBox = html('div', { class: 'sandpit-rule', hidden: true }, root);
  const ruleLabel = html('label', { for: `${id}-rule` }, ruleBox, 'Step rule ');
  const ruleSelect = html('select', { id: `${id}-rule` }, ruleLabel);
  for (const p of catalogue.presets) html('option', { value: p.id, title: p.description }, ruleSelect, p.label);
  html('option', { value: 'custom' }, ruleSelect, 'Your own rule…');
  ruleSelect.value = 'hybrid';
  const rateLabel = html('label', { for: `${id}-rate`, class: 'sandpit-rate' }, ruleBox, 'γ ');
  const rateInput = html('input', { id: `${id}-rate`, type: 'number', min: '0.01', max: String(catalogue.rules.maxRate), step: '0.05', value: String(catalogue.rules.defaultRate) }, rateLabel);
  const customLabel = html('label', { for: `${id}-custom`, class: 'sandpit-custom' }, ruleBox, 'Your rule: step = ');
  const customInput = html('input', {
    id: `${id}-custom`, type: 'text', placeholder: '-0.5*J', value: '-0.5*J', maxlength: String(catalogue.rules.maxRuleLength),
    spellcheck: 'false', autocomplete: 'off', 'aria-describedby': `${id}-rule-message`,
  }, customLabel);
  const ruleMessage = html('p', { id: `${id}-rule-message`, class: 'sandpit-rule-message', 'aria-live': 'polite' }, ruleBox);
  const ruleHelp = html('p', { class: 'sandpit-rule-help' }, ruleBox);

  // Board: the pit and the side panel.
  const board = html('div', { class: 'sandpit-board' }, root);
  const figure = html('div', { class: 'sandpit-figure' }, board);
  const pit = svg('svg', { viewBox: `0 0 ${VIEW.width} ${VIEW.height}`, class: 'sandpit-pit', role: 'img', 'aria-labelledby': `${id}-pit-title` }, figure);
  const pitTitle = svg('title', { id: `${id}-pit-title` }, pit);
  pitTitle.textContent = 'The sandpit, 6 m by 6 m. Click to dip.';
  const defs = svg('defs', {}, pit);
  const sand = svg('pattern', { id: `${id}-sand`, width: 14, height: 14, patternUnits: 'userSpaceOnUse' }, defs);
  svg('rect', { width: 14, height: 14, fill: '#efdcaa' }, sand);
  for (const [cx, cy, r, c] of [[3, 4, 1.1, '#e2c98c'], [10, 2, 0.9, '#f6e8c3'], [7, 10, 1.2, '#dcc186'], [12, 12, 0.8, '#f3e2b4'], [1, 11, 0.7, '#e7d09a']]) {
    svg('circle', { cx, cy, r, fill: c }, sand);
  }
  const arrowHead = svg('marker', { id: `${id}-head`, viewBox: '0 0 10 10', refX: 8, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, defs);
  svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'sandpit-arrowhead' }, arrowHead);

  const area = svg('rect', { class: 'pit-area', x: VIEW.left, y: VIEW.top, width: VIEW.size, height: VIEW.size, fill: `url(#${id}-sand)` }, pit);
  const revealLayer = svg('g', { class: 'sandpit-reveal' }, pit);
  const axes = svg('g', { class: 'sandpit-axes', 'aria-hidden': 'true' }, pit);
  for (let k = 0; k <= PIT; k++) {
    svg('line', { x1: px(k), y1: VIEW.top + VIEW.size, x2: px(k), y2: VIEW.top + VIEW.size + 6 }, axes);
    svg('text', { x: px(k), y: VIEW.top + VIEW.size + 20, 'text-anchor': 'middle' }, axes).textContent = String(k);
    svg('line', { x1: VIEW.left - 6, y1: py(k), x2: VIEW.left, y2: py(k) }, axes);
    svg('text', { x: VIEW.left - 10, y: py(k) + 4, 'text-anchor': 'end' }, axes).textContent = String(k);
  }
  svg('text', { x: VIEW.left + VIEW.size / 2, y: VIEW.top + VIEW.size + 34, 'text-anchor': 'middle', class: 'sandpit-axis-name' }, axes).textContent = 'x (m)';
  svg('text', { x: 12, y: VIEW.top + VIEW.size / 2, 'text-anchor': 'middle', class: 'sandpit-axis-name', transform: `rotate(-90 12 ${VIEW.top + VIEW.size / 2})` }, axes).textContent = 'y (m)';
  svg('rect', { class: 'pit-wall', x: VIEW.left, y: VIEW.top, width: VIEW.size, height: VIEW.size, fill: 'none' }, pit);
  const pathLayer = svg('g', { class: 'sandpit-paths' }, pit);
  const markerLayer = svg('g', { class: 'sandpit-markers' }, pit);
  const cursor = svg('circle', { class: 'sandpit-cursor', r: 8, cx: -20, cy: -20 }, pit);

  const side = html('div', { class: 'sandpit-side' }, board);
  const status = html('p', { class: 'sandpit-status', role: 'status', 'aria-live': 'polite' }, side);
  const counter = html('p', { class: 'sandpit-counter' }, side);
  const form = html('form', { class: 'sandpit-dip-form', novalidate: true }, side);
  const xLabel = html('label', { for: `${id}-x` }, form, 'x ');
  const xInput = html('input', { id: `${id}-x`, type: 'number', min: '0', max: '6', step: '0.01', value: '3', inputmode: 'decimal' }, xLabel);
  const yLabel = html('label', { for: `${id}-y` }, form, 'y ');
  const yInput = html('input', { id: `${id}-y`, type: 'number', min: '0', max: '6', step: '0.01', value: '3', inputmode: 'decimal' }, yLabel);
  const dipButton = html('button', { type: 'submit' }, form, 'Dip');
  const legend = html('p', { class: 'sandpit-legend' }, side);
  const logHeading = html('h3', { class: 'sandpit-log-heading' }, side, 'Your dips');
  const log = html('ol', { class: 'sandpit-log' }, side);

  function setStatus(text, kind = '') {
    status.textContent = text;
    status.dataset.kind = kind;
  }

  function currentTerrain() {
    return catalogue.terrains.find(t => t.id === state.terrain) ?? null;
  }

  function fillModes(modes, preferred) {
    modeSelect.replaceChildren();
    const names = { depth: 'Depth only', gradient: 'Depth + gradient arrow', descent: 'Automatic descent' };
    for (const m of modes) html('option', { value: m }, modeSelect, names[m] ?? m);
    modeSelect.value = modes.includes(preferred) ? preferred : modes[0];
  }

  function updateRuleBox() {
    const descent = modeSelect.value === 'descent';
    ruleBox.hidden = !descent;
    rateLabel.hidden = ruleSelect.value !== 'gradient';
    customLabel.hidden = ruleSelect.value !== 'custom';
    const preset = catalogue.presets.find(p => p.id === ruleSelect.value);
    ruleHelp.textContent = preset ? preset.description
      : 'Write the step using J (the gradient of the depth), H (its Hessian), I, inv( ), numbers, + − * / and ( ). Each dip runs up to 5 steps.';
    if (ruleSelect.value !== 'custom') ruleMessage.textContent = '';
    legend.textContent = descent ? 'Each dip runs up to 5 steps of the rule (the purple path).'
      : modeSelect.value === 'gradient' ? 'Arrows point downhill (−∇ depth); longer means steeper.' : 'Each dip tells you the depth there.';
  }

  function rulePayload() {
    if (ruleSelect.value === 'custom') return { expression: customInput.value };
    if (ruleSelect.value === 'gradient') return { preset: 'gradient', rate: Number(rateInput.value) };
    return { preset: ruleSelect.value };
  }

  const validateRule = latest(async signal => {
    if (ruleSelect.value !== 'custom') return;
    try {
      const answer = await post('/api/sandpit/rules/validate', { expression: customInput.value }, signal);
      if (!answer.valid) {
        showRuleError(new ApiError(400, answer.error));
        return;
      }
      ruleMessage.dataset.kind = 'good';
      ruleMessage.textContent = `✓ step = ${answer.rule}`;
      customInput.removeAttribute('aria-invalid');
    } catch (error) {
      if (error.name === 'AbortError') return;
      showRuleError(error);
    }
  }, 150);

  function showRuleError(error) {
    ruleMessage.dataset.kind = 'bad';
    customInput.setAttribute('aria-invalid', 'true');
    ruleMessage.replaceChildren();
    const text = customInput.value;
    if (error instanceof ApiError && Number.isInteger(error.position) && text.length > 0) {
      const code = html('code', { class: 'sandpit-rule-echo' }, ruleMessage);
      const at = Math.min(error.position, text.length);
      code.append(document.createTextNode(text.slice(0, at)));
      html('mark', {}, code, text.slice(at, at + 1) || ' ');
      code.append(document.createTextNode(text.slice(at + 1)));
      ruleMessage.append(document.createTextNode(' '));
    }
    html('span', {}, ruleMessage, error.message + (error.hint ? ` — ${error.hint}` : ''));
  }

  function clearBoard() {
    revealLayer.replaceChildren();
    pathLayer.replaceChildren();
    markerLayer.replaceChildren();
    log.replaceChildren();
    root.dataset.status = 'playing';
  }

  async function startRound() {
    const body = {};
    if (options.f) body.f = options.f;
    else {
      body.terrain = state.terrain;
      if (options.seed !== undefined && options.seed !== null && options.seed !== '') body.seed = Number(options.seed);
    }
    body.mode = modeSelect.value;
    state.busy = true;
    try {
      const answer = await post('/api/sandpit/rounds', body);
      state.round = answer.round;
      state.mode = answer.mode;
      state.over = false;
      state.dips = 0;
      clearBoard();
      const title = answer.terrain.title;
      pitTitle.textContent = `${title}: a sandpit 6 m by 6 m. A phone is lost at its deepest point. Click or type x and y to dip.`;
      setStatus(`${title}. A phone is lost at the deepest point — find it in ${answer.rules.maxDips} dips or fewer. Click the sand to dip.`);
      counter.textContent = `Dips: 0 of ${answer.rules.maxDips}`;
      dipButton.disabled = false;
      root.dataset.mode = answer.mode;
    } catch (error) {
      setStatus(`Could not start a round: ${error.message}`, 'bad');
      throw error;
    } finally {
      state.busy = false;
    }
  }

  function drawMarker(answer) {
    const g = svg('g', { class: 'sandpit-marker', 'data-number': answer.number }, markerLayer);
    svg('title', {}, g).textContent = `Dip ${answer.number} at (${fmt(answer.x)}, ${fmt(answer.y)}): depth ${fmt(answer.depth)} m`;
    const x = px(answer.x), y = py(answer.y);
    // Arrows shorter than 5 cm would be only an arrowhead: the log still lists the gradient.
    if (answer.arrow && Math.hypot(answer.arrow.dx, answer.arrow.dy) >= 0.05) {
      svg('line', {
        class: 'sandpit-arrow', x1: x, y1: y, x2: x + answer.arrow.dx / PIT * VIEW.size, y2: y - answer.arrow.dy / PIT * VIEW.size,
        'marker-end': `url(#${id}-head)`,
      }, g);
    }
    svg('circle', { class: 'sandpit-dip', cx: x, cy: y, r: 6, fill: depthColour(answer.depth) }, g);
    const right = answer.x < 4.6;
    const label = svg('text', { class: 'sandpit-label', x: right ? x + 10 : x - 10, y: y - 8, 'text-anchor': right ? 'start' : 'end' }, g);
    label.textContent = answer.label;
  }

  function drawPath(answer) {
    if (!answer.path || answer.path.length < 2) return;
    const g = svg('g', { class: 'sandpit-path' }, pathLayer);
    svg('polyline', { points: answer.path.map(p => `${px(p.x)},${py(p.y)}`).join(' ') }, g);
    answer.path.slice(1).forEach((p, k) => {
      const dot = svg('circle', { cx: px(p.x), cy: py(p.y), r: 3.5, class: p.clipped ? 'clipped' : '' }, g);
      svg('title', {}, dot).textContent = `step ${k + 1}: (${fmt(p.x)}, ${fmt(p.y)}), ${fmt(p.depth)} m${p.clipped ? ' (stopped by the wall)' : ''}`;
    });
    const end = answer.path[answer.path.length - 1];
    const right = end.x < 4.6;
    svg('text', { class: 'sandpit-path-label', x: px(end.x) + (right ? 8 : -8), y: py(end.y) + 16, 'text-anchor': right ? 'start' : 'end' }, g)
      .textContent = `${fmt(end.depth)} m`;
  }

  function drawReveal(reveal) {
    revealLayer.replaceChildren();
    const { xs, ys, depths } = reveal.grid;
    const cell = VIEW.size / (xs.length - 1);
    const fill = svg('g', { class: 'sandpit-heat', 'shape-rendering': 'crispEdges' }, revealLayer);
    for (let j = 0; j < ys.length - 1; j++) {
      for (let i = 0; i < xs.length - 1; i++) {
        const d = (depths[j][i] + depths[j][i + 1] + depths[j + 1][i] + depths[j + 1][i + 1]) / 4;
        svg('rect', { x: px(xs[i]), y: py(ys[j + 1]), width: cell + 0.5, height: cell + 0.5, fill: depthColour(d) }, fill);
      }
    }
    const lines = svg('g', { class: 'sandpit-contours' }, revealLayer);
    for (let level = -8.5; level <= -1.5; level += 0.5) {
      const d = contourSegments(xs, ys, depths, level).map(([a, b]) => `M${px(a[0]).toFixed(1)} ${py(a[1]).toFixed(1)}L${px(b[0]).toFixed(1)} ${py(b[1]).toFixed(1)}`).join('');
      if (d) svg('path', { d, class: Number.isInteger(level) ? 'major' : 'minor' }, lines);
    }
    for (const m of reveal.localMinima) {
      const c = svg('circle', { class: 'sandpit-local-minimum', cx: px(m.x), cy: py(m.y), r: 5 }, revealLayer);
      svg('title', {}, c).textContent = `a local minimum at (${fmt(m.x)}, ${fmt(m.y)}), ${fmt(m.depth)} m`;
    }
    const phone = svg('g', { class: 'sandpit-phone', transform: `translate(${px(reveal.phone.x)} ${py(reveal.phone.y)})` }, revealLayer);
    svg('title', {}, phone).textContent = `The phone, at (${fmt(reveal.phone.x)}, ${fmt(reveal.phone.y)}), −9 m`;
    svg('circle', { r: 15, class: 'sandpit-phone-ring' }, phone);
    svg('rect', { x: -6, y: -10, width: 12, height: 20, rx: 2.5, class: 'sandpit-phone-body' }, phone);
    svg('rect', { x: -4, y: -7, width: 8, height: 12, rx: 1, class: 'sandpit-phone-screen' }, phone);
    svg('text', { x: 16, y: 26, class: 'sandpit-phone-label' }, phone).textContent = 'phone';
    pitTitle.textContent = `Revealed: the phone is at (${fmt(reveal.phone.x)}, ${fmt(reveal.phone.y)}), depth −9 m; contours every 0.5 m.`;
  }

  function logDip(answer) {
    const item = html('li', {}, log);
    let text = `${fmt(answer.depth)} m at (${fmt(answer.x)}, ${fmt(answer.y)})`;
    if (answer.arrow) text += `, ∇ = (${fmt(answer.arrow.gradient[0])}, ${fmt(answer.arrow.gradient[1])})`;
    if (answer.path && answer.path.length > 1) {
      const end = answer.path[answer.path.length - 1];
      text += ` → ${answer.path.length - 1} step${answer.path.length > 2 ? 's' : ''} to (${fmt(end.x)}, ${fmt(end.y)}), ${fmt(end.depth)} m`;
    }
    item.textContent = text;
    log.scrollTop = log.scrollHeight;
  }

  async function dip(x, y) {
    if (state.busy || state.over || !state.round) return;
    if (state.mode === 'descent' && ruleSelect.value === 'custom' && customInput.getAttribute('aria-invalid') === 'true') {
      setStatus('Fix your step rule first (see the message under it).', 'bad');
      customInput.focus();
      return;
    }
    state.busy = true;
    dipButton.disabled = true;
    try {
      const body = { round: state.round, x: Math.round(x * 1000) / 1000, y: Math.round(y * 1000) / 1000 };
      if (state.mode === 'descent') body.rule = rulePayload();
      const answer = await post('/api/sandpit/dip', body);
      state.round = answer.round;
      state.dips = answer.number;
      drawPath(answer);
      drawMarker(answer);
      logDip(answer);
      const kind = answer.status === 'won' ? 'good' : answer.status === 'over' ? 'bad' : answer.stuck || answer.hurry ? 'warn' : '';
      const messages = answer.messages.length ? answer.messages.join(' ') : `Dip ${answer.label}.`;
      setStatus(answer.messages.length ? `${answer.label}. ${messages}` : messages, kind);
      counter.textContent = `Dips: ${answer.number} of ${catalogue.rules.maxDips}`;
      if (answer.score?.won) counter.textContent += answer.score.newBest ? ' — a new best!' : ` — best ${answer.score.best}`;
      if (answer.status !== 'playing') {
        state.over = true;
        root.dataset.status = answer.status;
        drawReveal(answer.reveal);
        options.onRoundEnd?.(answer);
      }
    } catch (error) {
      if (error instanceof ApiError && state.mode === 'descent' && ruleSelect.value === 'custom' && error.position !== null) showRuleError(error);
      setStatus(error.message + (error.hint ? ` (${error.hint})` : ''), 'bad');
    } finally {
      state.busy = false;
      dipButton.disabled = state.over;
    }
  }

  function toPit(event) {
    const point = pit.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    const p = point.matrixTransform(pit.getScreenCTM().inverse());
    const x = ((p.x - VIEW.left) / VIEW.size) * PIT;
    const y = PIT - ((p.y - VIEW.top) / VIEW.size) * PIT;
    return { x, y, inside: x >= 0 && x <= PIT && y >= 0 && y <= PIT };
  }

  pit.addEventListener('click', event => {
    const { x, y, inside } = toPit(event);
    if (!inside) return;
    xInput.value = fmt(x);
    yInput.value = fmt(y);
    dip(x, y);
  });
  pit.addEventListener('pointermove', event => {
    const { x, y, inside } = toPit(event);
    cursor.setAttribute('cx', inside ? px(x) : -20);
    cursor.setAttribute('cy', inside ? py(y) : -20);
  });
  pit.addEventListener('pointerleave', () => { cursor.setAttribute('cx', -20); cursor.setAttribute('cy', -20); });
  form.addEventListener('submit', event => {
    event.preventDefault();
    const x = Number(xInput.value), y = Number(yInput.value);
    if (!Number.isFinite(x) || !Number.isFinite(y) || x < 0 || x > PIT || y < 0 || y > PIT || xInput.value === '' || yInput.value === '') {
      setStatus('x and y must be numbers from 0 to 6.', 'bad');
      return;
    }
    dip(x, y);
  });
  newButton.addEventListener('click', () => startRound().catch(e => console.error(e)));
  modeSelect.addEventListener('change', () => { updateRuleBox(); startRound().catch(e => console.error(e)); });
  ruleSelect.addEventListener('change', () => { updateRuleBox(); if (ruleSelect.value === 'custom') validateRule(); });
  customInput.addEventListener('input', () => validateRule());
  if (terrainSelect) {
    terrainSelect.addEventListener('change', () => {
      state.terrain = terrainSelect.value;
      const t = currentTerrain();
      fillModes(t.modes, modeSelect.value);
      updateRuleBox();
      options.onTerrainChange?.(t);
      startRound().catch(e => console.error(e));
    });
  }

  // First round.
  if (options.f) {
    state.terrain = 'custom';
    fillModes(['gradient', 'depth', 'descent'], options.mode);
  } else {
    state.terrain = catalogue.terrains.some(t => t.id === options.terrain) ? options.terrain : (options.seed ? 'dunes' : 'intro');
    if (terrainSelect) terrainSelect.value = state.terrain;
    fillModes(currentTerrain().modes, options.mode);
  }
  updateRuleBox();
  await startRound();
  return { element: root, startRound, dip };
}
