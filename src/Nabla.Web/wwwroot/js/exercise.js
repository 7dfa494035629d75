// An exercise drawn from a course template: the prompt, a labelled answer box with a live "read as" preview (or
// radio buttons for choices, small graphs for match-graph), Check with targeted feedback, progressive hints, the
// worked solution and "Try another". Everything comes from /api/exercises/{template}/…; the correct answer never
// reaches the page except inside the solution the learner asks for. Learner text is only ever set as textContent.
import { get, post, latest, ApiError } from './api.js';
import { renderMath, renderLatex } from './math.js';
import { plotly, baseLayout, baseConfig, colours, describe } from './plot.js';

let instances = 0;

function node(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'text') element.textContent = value;
    else if (key === 'className') element.className = value;
    else element.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children) if (child !== null && child !== undefined) element.append(child);
  return element;
}

/** Sets HTML that comes from our own course files (rendered by the server from Markdown) and typesets its math. */
function setCourseHtml(element, html) {
  element.innerHTML = html;
  renderMath(element);
}

/**
 * Writes a message that may hold `$…$` math (feedback rules, counterexamples) as text nodes and KaTeX spans, so no
 * part of it is ever parsed as HTML.
 */
export function setMathText(element, text) {
  element.replaceChildren();
  const parts = String(text).split(/(\$[^$]+\$)/g);
  for (const part of parts) {
    if (part.length > 2 && part.startsWith('$') && part.endsWith('$')) {
      const span = node('span', { className: 'math-inline' });
      renderLatex(span, part.slice(1, -1));
      element.append(span);
    } else if (part) {
      element.append(document.createTextNode(part.replace(/\*\*([^*]+)\*\*/g, '$1').replace(/`([^`]+)`/g, '$1')));
    }
  }
  return element;
}

const percent = score => `${Math.round(score * 100)}%`;

/** Where a sampled curve crosses zero and where it is lowest/highest: the text alternative of a small graph. */
function curveSummary(name, x, y) {
  const points = x.map((xi, i) => [xi, y[i]]).filter(([, yi]) => yi !== null && Number.isFinite(yi));
  if (points.length === 0) return `${name}: no values to show.`;
  const zeros = [];
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1];
    const [x1, y1] = points[i];
    if (y0 === 0 && (zeros.length === 0 || Math.abs(zeros[zeros.length - 1] - x0) > 0.15)) zeros.push(x0);
    else if (y0 * y1 < 0) zeros.push(x0 - y0 * (x1 - x0) / (y1 - y0));
  }
  const [lastX, lastY] = points[points.length - 1];
  if (lastY === 0 && (zeros.length === 0 || Math.abs(zeros[zeros.length - 1] - lastX) > 0.15)) zeros.push(lastX);
  let low = points[0];
  let high = points[0];
  for (const p of points) { if (p[1] < low[1]) low = p; if (p[1] > high[1]) high = p; }
  const f = v => (Math.abs(v) < 0.05 ? 0 : v).toFixed(1);
  const crossing = zeros.length === 0 ? 'never crosses zero' : `crosses zero near x = ${zeros.map(f).join(', ')}`;
  return `${name}: ${crossing}; lowest ${f(low[1])} at x = ${f(low[0])}, highest ${f(high[1])} at x = ${f(high[0])} (x from ${f(points[0][0])} to ${f(points[points.length - 1][0])}).`;
}

async function drawCurve(container, plot, name, colour, height, small) {
  const Plotly = await plotly();
  const target = node('div', { className: 'exercise-plot-area', 'aria-hidden': 'true' });
  container.append(target);
  const trace = { x: plot.x, y: plot.y, mode: 'lines', name, line: { color: colour, width: 2.5 }, hoverinfo: small ? 'skip' : 'x+y' };
  const layout = baseLayout({
    height, showlegend: false,
    margin: small ? { l: 32, r: 8, t: 8, b: 24 } : { l: 44, r: 12, t: 12, b: 36 },
    xaxis: { ...baseLayout().xaxis, title: small ? undefined : { text: 'x' }, range: [plot.x[0], plot.x[plot.x.length - 1]] },
  });
  await Plotly.newPlot(target, [trace], layout, small ? { ...baseConfig, staticPlot: true } : baseConfig);
  describe(container, curveSummary(name, plot.x, plot.y));
}

/**
 * One exercise on the page. `quiz` questions show no Check/Hint/Solution/Try-another controls: the quiz page collects
 * `value()` from each and later calls `showResult` with the graded answer.
 */
class Exercise {
  constructor(element, template, { quiz = false, number = null } = {}) {
    this.element = element;
    this.template = template;
    this.quiz = quiz;
    this.number = number;
    this.base = `/api/exercises/${encodeURIComponent(template)}`;
    this.id = `exercise-${++instances}`;
    this.variant = null;
    this.hintsShown = 0;
    this.preview = latest((signal, text) => this.updatePreview(signal, text), 200);
  }

  get seed() { return this.variant?.seed ?? null; }

  async load(seed) {
    const body = seed === undefined || seed === null ? {} : { seed };
    const variant = await post(`${this.base}/variant`, body);
    this.variant = variant;
    this.hintsShown = 0;
    this.element.dataset.seed = String(variant.seed);
    this.element.dataset.kind = variant.kind;
    await this.render();
  }

  async render() {
    const v = this.variant;
    this.plots = [];
    this.input = null;
    this.options = null;
    const root = node('div', { className: `exercise exercise-${v.kind}` });
    const heading = node(this.quiz ? 'h2' : 'h3', { className: 'exercise-title', id: `${this.id}-title` },
      this.quiz ? `Question ${this.number}` : v.title);
    root.setAttribute('role', 'group');
    root.setAttribute('aria-labelledby', heading.id);
    const head = node('div', { className: 'exercise-head' }, heading);
    if (!this.quiz) {
      head.append(node('span', { className: 'exercise-skills', text: v.skills.map(s => s.title).join(' · ') }));
      this.standing = this.standing ?? node('p', { className: 'exercise-standing' });
      head.append(this.standing);
    }
    root.append(head);

    const prompt = node('div', { className: 'exercise-prompt', id: `${this.id}-prompt` });
    setCourseHtml(prompt, v.promptHtml);
    root.append(prompt);

    const form = node(this.quiz ? 'div' : 'form', { className: 'exercise-form', novalidate: !this.quiz });
    if (v.kind === 'choice' || v.kind === 'match-graph') form.append(await this.renderOptions(v));
    else form.append(...this.renderInput(v));

    this.feedback = node('div', { className: 'exercise-feedback', 'aria-live': 'polite' });
    if (!this.quiz) {
      this.checkButton = node('button', { type: 'submit', className: 'exercise-check', text: 'Check' });
      this.hintButton = node('button', { type: 'button', className: 'secondary exercise-hint-button', text: v.hints > 0 ? `Hint (${v.hints} available)` : 'No hints' });
      this.hintButton.disabled = v.hints === 0;
      this.solutionButton = node('button', { type: 'button', className: 'secondary exercise-solution-button', text: 'Show solution' });
      this.anotherButton = node('button', { type: 'button', className: 'secondary exercise-another', text: 'Try another' });
      form.append(node('div', { className: 'exercise-actions' }, this.checkButton, this.hintButton, this.solutionButton, this.anotherButton));
      form.addEventListener('submit', event => { event.preventDefault(); this.check(); });
      this.hintButton.addEventListener('click', () => this.hint());
      this.solutionButton.addEventListener('click', () => this.solution());
      this.anotherButton.addEventListener('click', () => this.another());
    }
    root.append(form, this.feedback);
    this.hints = node('div', { className: 'exercise-hints' });
    this.solutionBox = node('div', { className: 'exercise-solution', 'aria-live': 'polite' });
    root.append(this.hints, this.solutionBox);
    this.element.replaceChildren(root);
    this.root = root;
    await this.drawPlots();
  }

  renderInput(v) {
    const inputId = `${this.id}-input`;
    const label = node('label', { for: inputId, text: v.entry.label });
    this.input = node('input', {
      type: 'text', id: inputId, className: 'exercise-input', autocomplete: 'off', autocapitalize: 'off', spellcheck: 'false',
      maxlength: '2000', 'aria-describedby': `${this.id}-format ${this.id}-preview`,
      placeholder: v.entry.example ? `e.g. ${v.entry.example}` : (v.entry.kind === 'number' ? 'e.g. 3/4' : 'e.g. 3x^2 + sin(x)'),
    });
    const format = node('p', { className: 'exercise-format', id: `${this.id}-format` });
    format.textContent = {
      vector: `Type ${v.entry.rows} entries in square brackets, separated by commas: ${v.entry.example}.`,
      matrix: `Type the rows in square brackets, one bracket per row: ${v.entry.example}.`,
      number: 'Type a number or an exact expression such as 2/3, sqrt(2) or e^2.',
      expression: `Use ^ for powers, * or a space for products, and functions like sin(x), exp(x), ln(x), sqrt(x).`,
    }[v.entry.kind] ?? '';
    this.previewBox = node('div', { className: 'exercise-preview', id: `${this.id}-preview`, 'aria-live': 'polite' });
    this.input.addEventListener('input', () => this.preview(this.input.value));
    if (this.quiz) {
      // In a quiz, Enter moves on to the next question rather than submitting the whole sitting half-done.
      this.input.addEventListener('keydown', event => {
        if (event.key !== 'Enter') return;
        event.preventDefault();
        this.element.dispatchEvent(new CustomEvent('exercise-next', { bubbles: true }));
      });
    }
    return [label, node('div', { className: 'exercise-entry' }, this.input), format, this.previewBox];
  }

  async renderOptions(v) {
    const fieldset = node('fieldset', { className: 'exercise-options' });
    fieldset.append(node('legend', { text: v.kind === 'match-graph' ? 'Which graph is the answer?' : 'Choose one' }));
    const name = `${this.id}-option`;
    this.plots = [];
    this.functionFigure = null;
    if (v.kind === 'match-graph' && v.functionPlot) {
      const figure = node('figure', { className: 'exercise-function-plot' });
      figure.append(node('figcaption', { text: 'The function f' }));
      this.plots.push({ container: figure, plot: v.functionPlot, name: 'The function f', colour: colours.f, height: 240, small: false });
      this.functionFigure = figure;
    }
    const list = node('div', { className: v.kind === 'match-graph' ? 'exercise-graph-options' : 'exercise-choice-options' });
    for (const option of v.options) {
      const id = `${name}-${option.number}`;
      const radio = node('input', { type: 'radio', name, id, value: String(option.number) });
      const label = node('label', { for: id, className: 'exercise-option' });
      if (v.kind === 'match-graph') {
        const card = node('div', { className: 'exercise-option-graph' });
        label.append(radio, node('span', { className: 'exercise-option-name', text: `Graph ${option.number}` }));
        card.append(label);
        const figure = node('div', { className: 'exercise-option-plot' });
        card.append(figure);
        this.plots.push({ container: figure, plot: option.plot, name: `Graph ${option.number}`, colour: colours.derivative, height: 150, small: true });
        figure.addEventListener('click', () => { radio.checked = true; radio.focus(); });
        list.append(card);
      } else {
        const text = node('span', { className: 'exercise-option-text' });
        setCourseHtml(text, option.html);
        label.append(radio, text);
        list.append(label);
      }
    }
    fieldset.append(list);
    fieldset.addEventListener('keydown', event => {
      if (event.key !== 'Enter' || event.target.type !== 'radio') return;
      event.preventDefault();
      if (this.quiz) this.element.dispatchEvent(new CustomEvent('exercise-next', { bubbles: true }));
      else this.check();
    });
    this.options = fieldset;
    const wrapper = node('div', { className: 'exercise-choice' });
    if (this.functionFigure) wrapper.append(this.functionFigure);
    wrapper.append(fieldset);
    return wrapper;
  }

  async drawPlots() {
    for (const p of this.plots ?? []) await drawCurve(p.container, p.plot, p.name, p.colour, p.height, p.small);
  }

  /** The answer as typed (or the picked option's number), '' when none. */
  value() {
    if (this.input) return this.input.value;
    return this.options?.querySelector('input[type=radio]:checked')?.value ?? '';
  }

  /** Focuses the answer box (or the first option). */
  focus() {
    (this.input ?? this.options?.querySelector('input[type=radio]:checked') ?? this.options?.querySelector('input[type=radio]'))?.focus();
  }

  async updatePreview(signal, text) {
    const box = this.previewBox;
    if (!text.trim()) { box.replaceChildren(); return; }
    try {
      const read = await post(`${this.base}/validate`, { seed: this.seed, input: text }, signal);
      if (text !== this.input.value) return;
      this.showRead(box, read);
    } catch (error) {
      if (error.name === 'AbortError') return;
      box.replaceChildren(node('p', { className: 'read-problem', text: error.message }));
      if (error.hint) box.append(node('p', { className: 'read-hint', text: error.hint }));
    }
  }

  showRead(box, read, { withMessage = true } = {}) {
    box.replaceChildren();
    if (read.valid) {
      const math = node('span', { className: 'read-math' });
      renderLatex(math, read.latex);
      box.append(node('p', { className: 'read-as' }, node('span', { className: 'read-label', text: 'Read as ' }), math));
      if (read.warnings.length) box.append(node('ul', { className: 'read-warnings' }, ...read.warnings.map(w => node('li', { text: w }))));
    } else if (read.problem) {
      if (withMessage) box.append(node('p', { className: 'read-problem', text: read.problem.message }));
      // The display is the message, the input and a caret under the spot (then the hint): show input and caret.
      if (read.problem.position !== null && read.problem.position !== undefined && read.problem.display)
        box.append(node('pre', { className: 'read-caret', 'aria-hidden': 'true', text: read.problem.display.split('\n').slice(1, 3).join('\n') }));
      if (read.problem.hint) box.append(node('p', { className: 'read-hint', text: `Hint: ${read.problem.hint}` }));
    }
  }

  async check() {
    this.checkButton.disabled = true;
    try {
      const result = await post(`${this.base}/check`, { seed: this.seed, input: this.value() });
      this.showResult(result);
      if (result.counted) this.refreshStanding();
    } catch (error) {
      this.showError(error);
    } finally {
      this.checkButton.disabled = false;
    }
  }

  showError(error) {
    this.feedback.replaceChildren(node('div', { className: 'exercise-verdict verdict-invalid', role: 'alert' },
      node('p', { text: error instanceof ApiError && error.hint ? `${error.message}. ${error.hint}` : error.message })));
  }

  /** Shows a graded answer: verdict, score, per-entry marks, the targeted messages and new mastery. */
  showResult(result) {
    const blank = !result.counted && !(result.read?.input ?? '').trim();
    const state = !result.counted ? 'invalid' : result.correct ? 'right' : 'wrong';
    const verdict = node('div', { className: `exercise-verdict verdict-${state}`, 'data-state': state });
    const icon = { right: '✓', wrong: '✗', invalid: '!' }[state];
    const summary = node('p', { className: 'verdict-summary' },
      node('span', { className: 'verdict-icon', 'aria-hidden': 'true', text: icon }),
      node('strong', { text: blank ? 'Not answered.' : state === 'right' ? 'Right. ' : state === 'wrong' ? 'Not right. ' : 'Not marked. ' }));
    // The engine's one-sentence summary, unless it only repeats the verdict word above.
    if (!blank && !['Correct.', 'Not right yet.'].includes(result.summary)) summary.append(document.createTextNode(result.summary));
    if (result.counted) {
      summary.append(node('span', { className: 'verdict-score', text: ` Score ${percent(result.score)} · attempt ${result.attempt}.` }));
    }
    verdict.append(summary);
    if (!blank && result.read?.problem) {
      const box = node('div', { className: 'exercise-preview' });
      this.showRead(box, result.read, { withMessage: false });
      verdict.append(box);
    }
    if (result.entries.length > 1) verdict.append(this.entryGrid(result.entries));
    const messages = result.feedback.filter(f => f.id !== 'entries-wrong');
    if (messages.length) {
      verdict.append(node('ul', { className: 'verdict-messages' },
        ...messages.map(f => setMathText(node('li', { 'data-rule': f.id }), f.message))));
    }
    if (result.mastery?.length) {
      verdict.append(node('p', { className: 'verdict-mastery', text: result.mastery.map(m => `${m.title}: ${m.levelName}`).join(' · ') }));
    }
    this.feedback.replaceChildren(verdict);
    this.root.dataset.state = state;
  }

  entryGrid(entries) {
    const { rows, columns } = this.variant.entry;
    const table = node('table', { className: 'verdict-entries' });
    table.append(node('caption', { text: 'Your entries' }));
    const body = node('tbody');
    for (let r = 0; r < rows; r++) {
      const tr = node('tr');
      for (let c = 0; c < columns; c++) {
        const entry = entries[r * columns + c];
        if (!entry) continue;
        tr.append(node('td', { className: entry.correct ? 'entry-right' : 'entry-wrong' },
          node('span', { 'aria-hidden': 'true', text: entry.correct ? '✓ ' : '✗ ' }),
          `${entry.label}: ${entry.correct ? 'right' : 'wrong'}`));
      }
      body.append(tr);
    }
    table.append(body);
    return table;
  }

  async hint() {
    const v = this.variant;
    if (this.hintsShown >= v.hints) return;
    this.hintButton.disabled = true;
    try {
      const hint = await post(`${this.base}/hint`, { seed: this.seed, index: this.hintsShown });
      this.hintsShown++;
      const box = node('div', { className: 'exercise-hint' }, node('p', { className: 'hint-label', text: `Hint ${hint.index + 1} of ${hint.count}` }));
      const text = node('div', { className: 'hint-text' });
      setCourseHtml(text, hint.html);
      box.append(text);
      this.hints.append(box);
    } catch (error) {
      this.showError(error);
    } finally {
      const left = v.hints - this.hintsShown;
      this.hintButton.disabled = left === 0;
      this.hintButton.textContent = left === 0 ? 'No more hints' : `Next hint (${this.hintsShown + 1} of ${v.hints})`;
    }
  }

  async solution() {
    this.solutionButton.disabled = true;
    try {
      const solution = await post(`${this.base}/solution`, { seed: this.seed });
      const body = node('div', { className: 'solution-body' });
      setCourseHtml(body, solution.html);
      this.solutionBox.replaceChildren(node('h4', { text: 'Worked solution' }), body);
    } catch (error) {
      this.solutionButton.disabled = false;
      this.showError(error);
    }
  }

  async another() {
    this.anotherButton.disabled = true;
    try {
      await this.load(null);
      this.focus();
    } catch (error) {
      this.anotherButton.disabled = false;
      this.showError(error);
    }
  }

  async refreshStanding(status) {
    if (!this.standing) return;
    try {
      status ??= await get(`${this.base}/status`);
      this.standing.textContent = status.attempts > 0 ? status.summary : '';
    } catch (error) {
      this.standing.textContent = '';
    }
  }
}

/**
 * Mounts a practice exercise (lessons, review). The learner's standing comes from the stored attempts; an exercise
 * left unsolved last time comes back with the same seed, so its attempts keep counting.
 */
export default async function mount(element, { template }) {
  const exercise = new Exercise(element, template);
  const status = await get(`${exercise.base}/status`);
  exercise.standing = node('p', { className: 'exercise-standing' });
  await exercise.load(status.resumeSeed ?? null);
  await exercise.refreshStanding(status);
  return exercise;
}

/** Mounts a quiz question (no hints, no checking until the whole quiz is submitted). */
export async function mountQuestion(element, { template, seed, number }) {
  const exercise = new Exercise(element, template, { quiz: true, number });
  await exercise.load(seed);
  return exercise;
}
