// The course network 1 → 6 → 7 → 2 learning the heart curve. The server keeps no state: each Train chunk sends the
// 77 parameters back and gets them trained a further chunk of steps (well inside the request budget), with the cost
// history, the learned curve, the forward values at a chosen input and the backpropagated gradients.
import { post } from '../api.js';
import { plotly, baseLayout, baseConfig, colours, describe } from '../plot.js';
import { el, fmt, slider, button, controls, plotArea, status , modelLayout } from './models-common.js';

const CHUNK = 1000;
const LIMIT = 100000;
const SVG = 'http://www.w3.org/2000/svg';

export default async function mount(element, attributes) {
  const seed = Math.max(0, parseInt(attributes.seed ?? '2', 10) || 0);
  const Plotly = await plotly();
  let state = null;
  let history = [];
  let running = false;
  let aggression = 3.5;
  let input = 0.25;
  let generation = 0; // bumped by Reset, so an answer still in flight from before is dropped

  const info = status();
  const progress = el('p', 'models-outcome');
  progress.setAttribute('aria-live', 'polite');
  const trainButton = button('Train', () => train(), true);
  const pauseButton = button('Pause', () => { running = false; });
  const resetButton = button('Reset', () => { running = false; reset().catch(err => info.error(err)); });
  const aggressionSlider = slider({ label: 'Aggression (step size)', min: 0.5, max: 12, step: 0.5, value: aggression, onInput: v => { aggression = v; } });
  const inputSlider = slider({ label: 'Input x', min: 0, max: 1, step: 0.01, value: input, format: v => v.toFixed(2), onInput: v => { input = v; if (!running) refreshForward(); } });
  const plots = el('div', 'models-plot-pair');
  const curvePlot = plotArea('the learned curve over the target heart', 'models-plot-square');
  const costPlot = plotArea('the cost against training steps');
  plots.append(curvePlot, costPlot);
  const diagram = el('div', 'models-network');
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 560 310');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'the network: nodes shaded by their activation at the chosen input, edges by weight');
  diagram.append(svg);
  const gradients = el('table', 'models-table');
  element.replaceChildren(controls(trainButton, pauseButton, resetButton, aggressionSlider.root, inputSlider.root), progress,
    plots, el('h4', 'models-subhead', 'Forward values and backpropagated gradients'), diagram, gradients, info.root);

  async function call(steps, fresh = false) {
    return post('/api/widgets/network-training', {
      seed, steps, aggression, input,
      parameters: fresh ? null : state?.parameters ?? null,
      done: fresh ? 0 : state?.done ?? 0,
    });
  }

  async function reset() {
    generation += 1;
    const mine = generation;
    const fresh = await call(0, true);
    if (mine !== generation) return;
    state = fresh;
    history = [{ step: 0, cost: state.cost }];
    info.ok('');
    draw();
  }

  let forwardPending = false;
  async function refreshForward() {
    if (forwardPending || !state) return;
    forwardPending = true;
    const mine = generation;
    try { const answer = await call(0); if (mine === generation) { state = answer; draw(); } } catch (err) { info.error(err); } finally { forwardPending = false; }
  }

  async function train() {
    if (running) return;
    running = true;
    trainButton.disabled = true;
    const mine = generation;
    try {
      while (running && state.done < LIMIT) {
        const answer = await call(CHUNK);
        if (mine !== generation) break;
        state = answer;
        for (const h of answer.history.slice(1)) history.push(h);
        draw();
        if (answer.exit === 'non-finite') { info.error({ message: answer.message }); break; }
        await new Promise(r => requestAnimationFrame(r));
      }
    } catch (err) {
      info.error(err);
    } finally {
      running = false;
      trainButton.disabled = false;
      if (mine === generation) draw();
    }
  }

  function draw() {
    const s = state;
    Plotly.react(curvePlot, [
      { x: s.target.y0, y: s.target.y1, name: 'target heart', mode: 'lines', line: { color: '#9aa5b1', width: 6 } },
      { x: s.curve.y0, y: s.curve.y1, name: 'network output', mode: 'lines', line: { color: colours.derivative, width: 2.5 } },
      { x: [s.forward.a3[0]], y: [s.forward.a3[1]], name: `output at x = ${input.toFixed(2)}`, mode: 'markers', marker: { color: colours.point, size: 9 } },
    ], modelLayout(baseLayout, {
      xaxis: { ...baseLayout().xaxis, title: { text: 'a³₀' }, range: [0, 1] },
      yaxis: { ...baseLayout().yaxis, title: { text: 'a³₁' }, range: [0, 1], scaleanchor: 'x' },
      height: 380,
    }), baseConfig);
    Plotly.react(costPlot, [
      { x: history.map(h => h.step), y: history.map(h => h.cost), name: 'cost C', mode: 'lines+markers', marker: { size: 3 }, line: { color: colours.f, width: 2 } },
    ], modelLayout(baseLayout, {
      xaxis: { ...baseLayout().xaxis, title: { text: 'training steps' }, range: [0, Math.max(CHUNK, s.done)] },
      yaxis: { ...baseLayout().yaxis, title: { text: 'cost (log scale)' }, type: 'log' },
      height: 380,
    }), baseConfig);
    const text = `${s.done.toLocaleString('en')} steps, cost C = ${fmt(s.cost, 4)}` + (s.message ? ` (${s.message})` : '') + '.';
    progress.textContent = running ? `Training… ${text}` : text;
    drawNetwork(s);
    drawGradients(s);
    describe(element, `The network after ${s.done} training steps: cost ${fmt(s.cost, 3)}; the red curve is its output, the grey curve the target heart.`);
  }

  function drawNetwork(s) {
    const layers = [s.forward.a0, s.forward.a1, s.forward.a2, s.forward.a3];
    const weights = [s.weights.w1, s.weights.w2, s.weights.w3];
    const xs = [50, 200, 350, 500];
    const pos = layers.map((a, l) => a.map((_, i) => [xs[l], 165 + (i - (a.length - 1) / 2) * 38]));
    const nodes = [];
    for (let l = 0; l < 3; l++) {
      weights[l].forEach((row, j) => row.forEach((wv, i) => {
        const line = document.createElementNS(SVG, 'line');
        const [x1, y1] = pos[l][i], [x2, y2] = pos[l + 1][j];
        line.setAttribute('x1', x1); line.setAttribute('y1', y1); line.setAttribute('x2', x2); line.setAttribute('y2', y2);
        line.setAttribute('stroke', wv >= 0 ? colours.f : colours.derivative);
        line.setAttribute('stroke-width', String(Math.min(4, 0.3 + Math.abs(wv) * 0.6)));
        line.setAttribute('stroke-opacity', '0.55');
        nodes.push(line);
      }));
    }
    layers.forEach((a, l) => a.forEach((value, i) => {
      const [cx, cy] = pos[l][i];
      const circle = document.createElementNS(SVG, 'circle');
      circle.setAttribute('cx', cx); circle.setAttribute('cy', cy); circle.setAttribute('r', '12');
      const shade = Math.round(255 - 200 * Math.min(1, Math.max(0, value ?? 0)));
      circle.setAttribute('fill', `rgb(${shade}, ${shade}, 255)`);
      circle.setAttribute('stroke', '#1f2933');
      const title = document.createElementNS(SVG, 'title');
      title.textContent = `layer ${l}, neuron ${i}: a = ${fmt(value)}`;
      circle.append(title);
      const label = document.createElementNS(SVG, 'text');
      label.setAttribute('x', cx + 16); label.setAttribute('y', cy + 4); label.setAttribute('text-anchor', 'start');
      label.setAttribute('font-size', '10');
      label.textContent = fmt(value, 2);
      nodes.push(circle, label);
    }));
    ['input a⁰', 'layer 1: a¹', 'layer 2: a²', 'output a³'].forEach((t, l) => {
      const label = document.createElementNS(SVG, 'text');
      label.setAttribute('x', xs[l]); label.setAttribute('y', '20'); label.setAttribute('text-anchor', 'middle'); label.setAttribute('font-size', '11');
      label.textContent = t;
      nodes.push(label);
    });
    svg.replaceChildren(...nodes);
  }

  function drawGradients(s) {
    const norm = m => Math.sqrt(m.flat().reduce((acc, v) => acc + (v ?? 0) ** 2, 0));
    const rows = [
      ['layer 3 (output)', s.gradients.w3, s.gradients.b3],
      ['layer 2', s.gradients.w2, s.gradients.b2],
      ['layer 1', s.gradients.w1, s.gradients.b1],
    ];
    const caption = el('caption', null, `Backpropagation: the gradient of the cost, ‖∇C‖ = ${fmt(s.gradients.norm, 3)}`);
    const head = el('thead');
    const hr = el('tr');
    for (const t of ['layer', '‖∂C/∂W‖', '‖∂C/∂b‖']) { const th = el('th', null, t); th.scope = 'col'; hr.append(th); }
    head.append(hr);
    const body = el('tbody');
    for (const [name, gw, gb] of rows) {
      const tr = el('tr');
      const th = el('th', null, name); th.scope = 'row';
      tr.append(th, el('td', null, fmt(norm(gw), 3)), el('td', null, fmt(norm(gb), 3)));
      body.append(tr);
    }
    gradients.replaceChildren(caption, head, body);
  }

  await reset();
}
