// Shared pieces of the calculus widgets (modules 1-2): the endpoint call, labelled sliders, formulas, number
// formatting, axis layout and arrow geometry. Every widget draws only what its endpoint computed.
import { post } from '../api.js';
import { renderLatex } from '../math.js';
import { baseLayout } from '../plot.js';

let counter = 0;

/** A page-unique id for labels. */
export const uid = prefix => `${prefix}-${++counter}`;

/** POST /api/widgets/NAME. */
export const fetchWidget = (name, body, signal) => post(`/api/widgets/${name}`, body, signal);

/** A short, readable number: 2.41, -0.5, 1.2e+6. */
export function fmt(v, digits = 3) {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'undefined';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(2);
  const s = String(Number(v.toFixed(digits)));
  return s === '-0' ? '0' : s;
}

/** Creates an element with an optional class and text. */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A row of typeset formulas: items are [label text or null, latex]. */
export function formulas(items) {
  const row = el('p', 'calc-formulas');
  for (const latex of items) {
    const span = el('span', 'calc-formula');
    renderLatex(span, latex);
    row.append(span);
  }
  return row;
}

/** A labelled range input with its live value; `format(value)` gives the text shown next to it. */
export function slider({ label, min, max, step, value, format = v => fmt(v) }) {
  // A range input snaps its value to min + k·step: shift min (by less than half a step) so the start value is a step.
  min = value - Math.round((value - min) / step) * step;
  const wrap = el('div', 'calc-slider');
  const id = uid('calc-slider');
  const name = el('label', null, label);
  name.htmlFor = id;
  const input = el('input');
  Object.assign(input, { type: 'range', id, min: String(min), max: String(max), step: String(step), value: String(value) });
  const output = el('output', 'calc-slider-value');
  output.htmlFor = id;
  const show = () => { output.textContent = format(Number(input.value)); input.setAttribute('aria-valuetext', output.textContent); };
  input.addEventListener('input', show);
  show();
  wrap.append(name, input, output);
  return { element: wrap, input, refresh: show };
}

/** The base layout with axis titles (the base axis styling kept). */
export function layout(xTitle, yTitle, extra = {}) {
  const base = baseLayout();
  const { xaxis = {}, yaxis = {}, ...rest } = extra;
  return baseLayout({
    margin: { l: 52, r: 16, t: 24, b: 48 },
    legend: { orientation: 'h', x: 0, y: -0.2, yanchor: 'top' },
    ...rest,
    dragmode: false,
    xaxis: { ...base.xaxis, title: { text: xTitle, standoff: 6 }, fixedrange: true, ...xaxis },
    yaxis: { ...base.yaxis, title: { text: yTitle }, fixedrange: true, ...yaxis },
  });
}

/** A plot container. */
export function plotBox(className = '') {
  return el('div', `calc-plot ${className}`.trim());
}

/**
 * Arrow polylines (shaft and two barbs, null-separated) for arrows from (x, y) along (u, v): one scatter trace
 * draws them all. Assumes equal axis scales (the plots that draw arrows anchor y to x).
 */
export function arrowPaths(arrows, head = 0.3) {
  const xs = [], ys = [];
  for (const { x, y, u, v } of arrows) {
    const len = Math.hypot(u, v);
    if (!(len > 0)) continue;
    const hx = x + u, hy = y + v, hl = head * len, ca = Math.cos(0.45), sa = Math.sin(0.45);
    const bx = -u / len, by = -v / len;
    xs.push(x, hx, null, hx, hx + hl * (bx * ca - by * sa), null, hx, hx + hl * (bx * ca + by * sa), null);
    ys.push(y, hy, null, hy, hy + hl * (by * ca + bx * sa), null, hy, hy + hl * (by * ca - bx * sa), null);
  }
  return { x: xs, y: ys };
}

/** Converts a pointer event on a Plotly plot to data coordinates (null outside the plotting area). */
export function pointerToData(gd, event) {
  const full = gd._fullLayout;
  if (!full?.xaxis || !full?.yaxis) return null;
  const rect = gd.getBoundingClientRect();
  const px = event.clientX - rect.left - full._size.l;
  const py = event.clientY - rect.top - full._size.t;
  if (px < 0 || py < 0 || px > full._size.w || py > full._size.h) return null;
  return { x: full.xaxis.p2l(px), y: full.yaxis.p2l(py) };
}

/** Describes where sampled values are zero and their sign (a text alternative for a graph). */
export function describeSigns(xs, ys) {
  const zeros = [];
  for (let i = 1; i < xs.length; i++) {
    const a = ys[i - 1], b = ys[i];
    if (a === null || b === null) continue;
    if (a === 0 && (i === 1 || ys[i - 2] !== 0)) zeros.push(xs[i - 1]);
    else if (a * b < 0) zeros.push(xs[i - 1] + (xs[i] - xs[i - 1]) * a / (a - b));
  }
  const first = ys.find(v => v !== null && v !== 0);
  const last = [...ys].reverse().find(v => v !== null && v !== 0);
  const sign = v => (v === undefined ? 'zero' : v > 0 ? 'positive' : 'negative');
  const where = zeros.length === 0 ? 'never zero' : `zero near x = ${zeros.slice(0, 5).map(z => fmt(z, 2)).join(', ')}`;
  return `${where}; ${sign(first)} at the left end, ${sign(last)} at the right end`;
}

/** Shows an error message in place of (or above) a widget's content. */
export function showError(container, error) {
  let box = container.querySelector(':scope > .calc-error');
  if (!box) {
    box = el('p', 'calc-error');
    box.setAttribute('role', 'alert');
    container.prepend(box);
  }
  box.textContent = error ? `${error.message}${error.hint ? ` (${error.hint})` : ''}` : '';
  box.hidden = !error;
}

/** A light colour scale for contour maps, so black arrows and markers stay readable on it. */
export const contourScale = [[0, '#f4f8fb'], [0.5, '#a9cce3'], [1, '#3f7cac']];
