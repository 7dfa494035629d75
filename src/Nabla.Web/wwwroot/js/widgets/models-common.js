// Shared pieces of the model widgets (modules 3-6): labelled sliders, buttons, number formatting, a plot area and
// a status line. Every control is a real, labelled form element so the widgets work from the keyboard.
import { renderLatex } from '../math.js';

let counter = 0;

/** A unique id for label/for pairs. */
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 7)}`;
}

/** Creates an element with a class and optional text. */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Formats a number for people: up to `digits` significant digits, no exponent for ordinary sizes. */
export function fmt(value, digits = 4) {
  if (value === null || value === undefined || Number.isNaN(value)) return 'undefined';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e6 || abs < 1e-4) return value.toExponential(Math.max(0, digits - 1)).replace('-', '−');
  return String(Number(value.toPrecision(digits))).replace('-', '−');
}

/**
 * A labelled range slider with its value shown next to it. `onInput(value)` runs while dragging.
 * Returns { root, input, set(value), value() }.
 */
export function slider({ label, min, max, step, value, format = v => fmt(v), onInput }) {
  const root = el('div', 'models-control');
  const id = uid('slider');
  const lab = el('label', null, label);
  lab.htmlFor = id;
  const input = document.createElement('input');
  input.type = 'range';
  input.id = id;
  input.min = String(min);
  input.max = String(max);
  input.step = String(step);
  input.value = String(value);
  const out = el('output', 'models-value');
  out.htmlFor = id;
  const show = () => { out.textContent = format(Number(input.value)); };
  show();
  input.addEventListener('input', () => { show(); onInput?.(Number(input.value)); });
  root.append(lab, input, out);
  return {
    root,
    input,
    value: () => Number(input.value),
    set(v) { input.value = String(v); show(); },
  };
}

/** A labelled number input; `onChange(value)` runs on change with a finite number. */
export function numberInput({ label, value, step = 'any', onChange }) {
  const root = el('div', 'models-control');
  const id = uid('num');
  const lab = el('label', null, label);
  lab.htmlFor = id;
  const input = document.createElement('input');
  input.type = 'number';
  input.id = id;
  input.step = String(step);
  input.value = String(value);
  input.addEventListener('change', () => {
    const v = Number(input.value);
    if (input.value.trim() !== '' && Number.isFinite(v)) onChange?.(v);
  });
  root.append(lab, input);
  return { root, input, value: () => Number(input.value), set(v) { input.value = String(v); } };
}

/** A labelled select. */
export function select({ label, options, value, onChange }) {
  const root = el('div', 'models-control');
  const id = uid('select');
  const lab = el('label', null, label);
  lab.htmlFor = id;
  const input = document.createElement('select');
  input.id = id;
  for (const [v, text] of options) {
    const option = document.createElement('option');
    option.value = v;
    option.textContent = text;
    input.append(option);
  }
  input.value = value;
  input.addEventListener('change', () => onChange?.(input.value));
  root.append(lab, input);
  return { root, input, value: () => input.value };
}

/** A button (secondary style unless `primary`). */
export function button(text, onClick, primary = false) {
  const b = el('button', primary ? null : 'secondary', text);
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

/** A row of controls. */
export function controls(...children) {
  const row = el('div', 'models-controls');
  row.append(...children.filter(Boolean));
  return row;
}

/** A plot area (Plotly draws into it) with an accessible name. */
export function plotArea(label, className = '') {
  const div = el('div', `models-plot ${className}`.trim());
  div.setAttribute('role', 'img');
  div.setAttribute('aria-label', label);
  return div;
}

/** A line of LaTeX, with an optional plain-text lead. */
export function formula(lead, latex) {
  const p = el('p', 'models-formula');
  if (lead) p.append(el('span', 'models-lead', lead));
  const span = el('span');
  renderLatex(span, latex, false);
  p.append(span);
  return p;
}

/** A status/error line (role=status; errors get the bad colour). */
export function status() {
  const p = el('p', 'models-status');
  p.setAttribute('role', 'status');
  return {
    root: p,
    ok(text) { p.classList.remove('models-error'); p.textContent = text; },
    error(err) { p.classList.add('models-error'); p.textContent = err?.hint ? `${err.message} (${err.hint})` : (err?.message ?? String(err)); },
  };
}

/** Replaces a formula's content. */
export function setFormula(p, lead, latex) {
  p.replaceChildren();
  if (lead) p.append(el('span', 'models-lead', lead));
  const span = el('span');
  renderLatex(span, latex, false);
  p.append(span);
}

/** Index of the grid value nearest to v. */
export function nearest(grid, v) {
  let best = 0;
  for (let i = 1; i < grid.length; i++) if (Math.abs(grid[i] - v) < Math.abs(grid[best] - v)) best = i;
  return best;
}

/** Number of a data attribute, with a fallback (attributes may be constants such as "pi/4": the server parses those). */
export function attrNumber(text, fallback) {
  if (text === undefined || text === null || String(text).trim() === '') return fallback;
  const v = Number(text);
  return Number.isFinite(v) ? v : text;
}

/** The course's plot layout with room for an axis title above a horizontal legend. */
export function modelLayout(baseLayout, extra = {}) {
  return baseLayout({ margin: { l: 56, r: 16, t: 16, b: 92 }, legend: { orientation: 'h', x: 0, y: -0.3, yanchor: 'top' }, ...extra });
}
