// Fitting by walking down χ². Default: a straight line through points you can drag on the plot, click to add, or edit
// in the table (the keyboard route); the engine fits it (slope, intercept, their uncertainties, χ², reduced χ²) and
// walks steepest descent down the χ² surface over (slope, intercept) to the minimum. data="heights": the course's
// Gaussian fitted to a histogram of heights, walking down χ² over (μ, σ).
import { post, latest } from '../api.js';
import { plotly, baseLayout, baseConfig, colours, describe } from '../plot.js';
import { el, fmt, slider, button, controls, plotArea, status , modelLayout } from './models-common.js';

const defaultPoints = [
  { x: 0, y: 1.3, sigma: 0.5 }, { x: 1, y: 2.6, sigma: 0.5 }, { x: 2, y: 5.4, sigma: 0.5 },
  { x: 3, y: 6.8, sigma: 0.5 }, { x: 4, y: 9.3, sigma: 0.5 }, { x: 5, y: 10.6, sigma: 0.5 },
];

export default async function mount(element, attributes) {
  const Plotly = await plotly();
  const heights = (attributes.data ?? '').trim().toLowerCase() === 'heights';
  let points = defaultPoints.map(p => ({ ...p }));
  let steps = heights ? 50 : 60;
  let rate = heights ? 2000 : 0.9;
  let data = null;
  let frozen = null; // the axes stay put while a point is dragged
  let trial = heights ? null : [1, 2.5]; // the learner's own line [slope, intercept]

  const plots = el('div', 'models-plot-pair');
  const dataPlot = plotArea(heights ? 'histogram of heights with the fitted normal curve' : 'data points with the fitted straight line');
  const surfacePlot = plotArea('contours of χ² with the steepest-descent path', 'models-plot-square');
  plots.append(dataPlot, surfacePlot);
  const summary = el('p', 'models-outcome models-fit-summary');
  summary.setAttribute('aria-live', 'polite');
  const info = status();
  const stepSlider = slider({ label: 'Descent steps', min: 0, max: 200, step: 1, value: steps, format: v => String(v), onInput: v => { steps = v; request(); } });
  const rateSlider = heights
    ? slider({ label: 'Aggression', min: 100, max: 5000, step: 100, value: rate, format: v => String(v), onInput: v => { rate = v; request(); } })
    : slider({ label: 'Step size (share of the stable limit)', min: 0.05, max: 1.1, step: 0.05, value: rate, format: v => v.toFixed(2), onInput: v => { rate = v; request(); } });
  const trialOut = el('p', 'models-outcome');
  trialOut.setAttribute('aria-live', 'polite');
  const slopeSlider = heights ? null : slider({ label: 'Your slope m', min: -5, max: 5, step: 0.01, value: trial[0], format: v => fmt(v, 3), onInput: v => { trial[0] = v; request(); } });
  const interceptSlider = heights ? null : slider({ label: 'Your intercept c', min: -5, max: 5, step: 0.01, value: trial[1], format: v => fmt(v, 3), onInput: v => { trial[1] = v; request(); } });
  const table = heights ? null : el('table', 'models-table models-data-table');
  const addButton = heights ? null : button('Add point', () => {
    const last = points[points.length - 1] ?? { x: 0, y: 0, sigma: 0.5 };
    points.push({ x: last.x + 1, y: last.y, sigma: last.sigma });
    renderTable(); request();
  });
  const parts = heights
    ? [controls(stepSlider.root, rateSlider.root), plots, summary]
    : [controls(slopeSlider.root, interceptSlider.root), trialOut, controls(stepSlider.root, rateSlider.root), plots, summary];
  if (!heights) {
    parts.push(el('p', 'models-hint', 'Drag a point on the left plot, click an empty spot to add one, or edit the table.'));
    const wrap = el('div', 'models-table-wrap');
    wrap.append(table);
    parts.push(wrap, controls(addButton));
  }
  parts.push(info.root);
  element.replaceChildren(...parts);

  async function fetchAndDraw(signal) {
    const body = heights ? { data: 'heights', steps, rate } : { points, steps, rate, trial };
    try {
      data = await post('/api/widgets/chi-squared-fit', body, signal);
      info.ok('');
      draw();
    } catch (err) {
      if (err.name === 'AbortError') return;
      info.error(err);
      if (!data) throw err;
    }
  }
  const request = latest(signal => fetchAndDraw(signal), 60);

  function draw() {
    if (heights) drawHeights(); else drawLine();
    drawSurface();
  }

  function drawLine() {
    Plotly.react(dataPlot, [
      { x: points.map(p => p.x), y: points.map(p => p.y), name: 'data (drag me)', mode: 'markers',
        error_y: { type: 'data', array: points.map(p => p.sigma ?? 0), visible: true, color: '#52606d' }, marker: { color: colours.point, size: 11 } },
      { x: data.curve.x, y: data.curve.y, name: 'best line', mode: 'lines', line: { color: colours.derivative, width: 2.5 } },
      pathLine(),
      { x: data.curve.x, y: data.curve.x.map(x => trial[0] * x + trial[1]), name: 'your line', mode: 'lines', line: { color: colours.tangent, width: 2, dash: 'dash' } },
    ], modelLayout(baseLayout, {
      xaxis: { ...baseLayout().xaxis, title: { text: 'x' }, range: frozen?.x ?? xRange() },
      yaxis: { ...baseLayout().yaxis, title: { text: 'y' }, range: frozen?.y ?? yRange() },
      dragmode: false, height: 380,
    }), baseConfig);
    const m = data.slope, c = data.intercept;
    const text = `Best line y = m·x + c: m = ${fmt(m)} ± ${fmt(data.slopeError, 2)}, c = ${fmt(c)} ± ${fmt(data.interceptError, 2)}; ` +
      `χ² = ${fmt(data.chiSquared)} with ${data.degreesOfFreedom} degree(s) of freedom, reduced χ² = ${fmt(data.reducedChiSquared, 3)}. ` +
      walkText();
    summary.textContent = text;
    trialOut.textContent = `Your line y = ${fmt(trial[0], 3)}·x + ${fmt(trial[1], 3)} has χ² = ${fmt(data.trialChiSquared)}; the best line has χ² = ${fmt(data.chiSquared)}.`;
    describe(element, `Straight-line fit of ${points.length} points: minimum of χ² near slope ${fmt(m, 3)}, intercept ${fmt(c, 3)} (χ² = ${fmt(data.chiSquared, 3)}).`);
  }

  // The line the descent has reached so far (its last point), drawn faint over the data.
  function pathLine() {
    const last = data.path[data.path.length - 1];
    if (!last || heights || last.p0 === null) return { x: [], y: [], name: 'descent line', showlegend: false };
    return { x: data.curve.x, y: data.curve.x.map(x => last.p0 * x + last.p1), name: `descent after ${steps} step(s)`, mode: 'lines', line: { color: colours.path, width: 1.5, dash: 'dot' } };
  }

  function drawHeights() {
    Plotly.react(dataPlot, [
      { type: 'bar', x: data.histogram.x, y: data.histogram.y, width: data.histogram.width * 0.95, name: 'heights (frequency density)', marker: { color: '#c8d6e5' } },
      { x: data.curve.x, y: data.curve.y, name: `normal curve after ${steps} step(s)`, mode: 'lines', line: { color: colours.derivative, width: 2.5 } },
    ], modelLayout(baseLayout, {
      xaxis: { ...baseLayout().xaxis, title: { text: 'height (cm)' } },
      yaxis: { ...baseLayout().yaxis, title: { text: 'frequency density' } },
      height: 380, bargap: 0,
    }), baseConfig);
    summary.textContent = `After ${steps} step(s) at aggression ${rate}: μ = ${fmt(data.mu, 5)}, σ = ${fmt(data.sig, 4)}, χ² = ${fmt(data.chiSquared, 4)}. ` +
      `The minimum (Levenberg-Marquardt) is μ = ${fmt(data.best.mu, 5)}, σ = ${fmt(data.best.sig, 4)}, χ² = ${fmt(data.best.chiSquared, 4)}.`;
    describe(element, `Gaussian fit to the heights: after ${steps} steps the mean is ${fmt(data.mu, 4)} cm and the width ${fmt(data.sig, 3)} cm; χ² has its minimum near (${fmt(data.best.mu, 4)}, ${fmt(data.best.sig, 3)}).`);
  }

  function walkText() {
    const last = data.path[data.path.length - 1];
    if (!last) return '';
    return `Steepest descent (γ = ${fmt(data.rate, 3)}) reached m = ${fmt(last.p0)}, c = ${fmt(last.p1)}, χ² = ${fmt(last.chiSquared)} after ${data.path.length - 1} step(s).`;
  }

  function drawSurface() {
    const s = data.surface;
    const [l0, l1] = data.parameterLabels;
    Plotly.react(surfacePlot, [
      { type: 'contour', x: s.p0, y: s.p1, z: s.z.map(row => row.map(v => (v === null ? null : Math.log10(v + 1e-12)))), name: 'log₁₀ χ²',
        showscale: false, ncontours: 22, colorscale: [[0, '#ffffff'], [1, '#9ecae1']], contours: { coloring: 'heatmap' }, line: { width: 0.6, color: '#6b8fb3' }, showlegend: true, hoverinfo: 'skip' },
      { x: data.path.map(p => p.p0), y: data.path.map(p => p.p1), name: 'steepest descent', mode: 'lines+markers',
        line: { color: colours.path, width: 2 }, marker: { size: 4, color: colours.path } },
      { x: [data.minimum[0]], y: [data.minimum[1]], name: 'minimum', mode: 'markers', marker: { color: colours.derivative, size: 12, symbol: 'x' } },
      ...(trial ? [{ x: [trial[0]], y: [trial[1]], name: 'your line', mode: 'markers', marker: { color: colours.tangent, size: 11, symbol: 'diamond' } }] : []),
    ], modelLayout(baseLayout, {
      xaxis: { ...baseLayout().xaxis, title: { text: l0 }, range: [s.p0[0], s.p0[s.p0.length - 1]] },
      yaxis: { ...baseLayout().yaxis, title: { text: l1 }, range: [s.p1[0], s.p1[s.p1.length - 1]] },
      height: 380,
    }), baseConfig);
  }

  function xRange() {
    const xs = points.map(p => p.x);
    const lo = Math.min(...xs), hi = Math.max(...xs), pad = Math.max(1, 0.15 * (hi - lo));
    return [lo - pad, hi + pad];
  }
  function yRange() {
    const ys = points.flatMap(p => [p.y - (p.sigma ?? 0), p.y + (p.sigma ?? 0)]);
    const lo = Math.min(...ys), hi = Math.max(...ys), pad = Math.max(1, 0.15 * (hi - lo));
    return [lo - pad, hi + pad];
  }

  function renderTable() {
    const caption = el('caption', null, 'Data points (σ: the uncertainty of y)');
    const head = el('thead');
    const hr = el('tr');
    for (const t of ['#', 'x', 'y', 'σ', '']) { const th = el('th', null, t); th.scope = 'col'; hr.append(th); }
    head.append(hr);
    const body = el('tbody');
    points.forEach((p, i) => {
      const tr = el('tr');
      tr.append(el('td', null, String(i + 1)));
      for (const key of ['x', 'y', 'sigma']) {
        const td = el('td');
        const input = document.createElement('input');
        input.type = 'number';
        input.step = 'any';
        input.value = String(p[key]);
        input.setAttribute('aria-label', `${key === 'sigma' ? 'σ' : key} of point ${i + 1}`);
        input.addEventListener('change', () => {
          const v = Number(input.value);
          if (input.value.trim() === '' || !Number.isFinite(v) || (key === 'sigma' && v <= 0)) { input.setAttribute('aria-invalid', 'true'); return; }
          input.removeAttribute('aria-invalid');
          p[key] = v;
          request();
        });
        td.append(input);
        tr.append(td);
      }
      const td = el('td');
      const remove = button('Remove', () => {
        if (points.length <= 2) { info.error({ message: 'a line needs at least two points' }); return; }
        points.splice(i, 1);
        renderTable(); request();
      });
      remove.setAttribute('aria-label', `remove point ${i + 1}`);
      td.append(remove);
      tr.append(td);
      body.append(tr);
    });
    table.replaceChildren(caption, head, body);
  }

  // Dragging points: pixel ↔ data conversion through Plotly's axes; a click on an empty spot adds a point.
  function enableDragging() {
    let dragging = -1, moved = false;
    const toData = event => {
      const layout = dataPlot._fullLayout;
      const rect = dataPlot.getBoundingClientRect();
      const xa = layout.xaxis, ya = layout.yaxis;
      return { x: xa.p2l(event.clientX - rect.left - xa._offset), y: ya.p2l(event.clientY - rect.top - ya._offset), xa, ya, rect };
    };
    dataPlot.addEventListener('pointerdown', event => {
      if (!dataPlot._fullLayout) return;
      const { xa, ya, rect } = toData(event);
      const px = event.clientX - rect.left - xa._offset, py = event.clientY - rect.top - ya._offset;
      if (px < 0 || py < 0 || px > xa._length || py > ya._length) return;
      let best = -1, bestDistance = 14;
      points.forEach((p, i) => {
        const d = Math.hypot(xa.l2p(p.x) - px, ya.l2p(p.y) - py);
        if (d < bestDistance) { best = i; bestDistance = d; }
      });
      dragging = best;
      moved = false;
      if (best < 0) {
        const { x, y } = toData(event);
        if (points.length < 100) { points.push({ x: round(x), y: round(y), sigma: points[0]?.sigma ?? 0.5 }); renderTable(); request(); }
        return;
      }
      frozen = { x: xRange(), y: yRange() };
      dataPlot.setPointerCapture(event.pointerId);
      event.preventDefault();
    });
    dataPlot.addEventListener('pointermove', event => {
      if (dragging < 0) return;
      const { x, y } = toData(event);
      points[dragging].x = round(x);
      points[dragging].y = round(y);
      moved = true;
      Plotly.restyle(dataPlot, { x: [points.map(p => p.x)], y: [points.map(p => p.y)] }, [0]);
      Plotly.relayout(dataPlot, { 'xaxis.range': frozen.x, 'yaxis.range': frozen.y });
      request();
    });
    const end = () => { if (dragging >= 0 && moved) renderTable(); dragging = -1; frozen = null; };
    dataPlot.addEventListener('pointerup', end);
    dataPlot.addEventListener('pointercancel', end);
  }

  if (!heights) { renderTable(); }
  await fetchAndDraw(undefined);
  if (!heights) {
    // Let the hand-made line range over the whole χ² picture (and as far again beyond it).
    const fit = (sl, values, i) => {
      const lo = values[0], hi = values[values.length - 1], pad = (hi - lo) / 2;
      sl.input.min = String(Math.min(Number(sl.input.min), round(lo - pad)));
      sl.input.max = String(Math.max(Number(sl.input.max), round(hi + pad)));
      sl.set(trial[i]);
    };
    fit(slopeSlider, data.surface.p0, 0);
    fit(interceptSlider, data.surface.p1, 1);
    enableDragging();
  }
}

function round(v) {
  return Math.round(v * 100) / 100;
}
