// The assignment page: a CodeMirror 5 editor (the UMD global window.CodeMirror, loaded by the page) holding the
// learner's file, "Run checks" (POST /api/assignments/{id}/check), the results per check, compile errors marked in
// the editor, and the plots of the attempt and of the best attempt, drawn with Plotly from the report's plot data.
import { post, ApiError } from './api.js';
import { plotly, baseLayout, baseConfig, colours, describe } from './plot.js';

const root = document.getElementById('assignment');
const data = JSON.parse(document.getElementById('assignment-data').textContent);
const runEnabled = root.dataset.runEnabled === 'true';
const runButton = document.getElementById('run-checks');
const resetButton = document.getElementById('reset-starter');
const downloadLink = document.getElementById('download-file');
const runState = document.getElementById('run-state');
const message = document.getElementById('result-message');
const diagnosticsList = document.getElementById('diagnostics');
const checksTable = document.getElementById('checks');
const statusLine = document.getElementById('assignment-status');
const historyBody = document.querySelector('#assignment-history tbody');

const textarea = document.getElementById('code');
textarea.value = data.code;
const editor = window.CodeMirror.fromTextArea(textarea, {
  mode: 'text/x-csharp',
  lineNumbers: true,
  indentUnit: 4,
  tabSize: 4,
  indentWithTabs: false,
  readOnly: runEnabled ? false : true,
  screenReaderLabel: `The C# file ${data.file}`,
  // Tab indents; Esc then Tab leaves the editor, so the keyboard is never trapped.
  extraKeys: { Tab: cm => cm.execCommand(cm.somethingSelected() ? 'indentMore' : 'insertSoftTab') },
});
editor.setSize(null, '32rem');
// Exposed for tests and for the curious: document.getElementById('assignment').CodeMirror.setValue(...).
root.CodeMirror = editor;
editor.getWrapperElement().CodeMirror = editor;

let marks = [];
let markedLines = [];
function clearMarks() {
  for (const m of marks) m.clear();
  for (const line of markedLines) editor.removeLineClass(line, 'background', 'cm-lab-error-line');
  marks = [];
  markedLines = [];
}

// ---- saving ----------------------------------------------------------------------------------------------------
let saved = editor.getValue();
let saving = null;
async function save() {
  if (!runEnabled) return;
  const code = editor.getValue();
  if (code === saved) return;
  saving = post(`/api/assignments/${data.id}/code`, { code }).then(() => { saved = code; }).finally(() => { saving = null; });
  await saving;
}
let saveTimer = null;
editor.on('change', () => {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => save().catch(error => { runState.textContent = `Not saved: ${error.message}`; }), 1500);
});

downloadLink.addEventListener('click', async event => {
  if (!runEnabled || editor.getValue() === saved) return;
  event.preventDefault();
  try { await save(); } catch (error) { runState.textContent = `Not saved: ${error.message}`; return; }
  window.location.href = downloadLink.href;
});

resetButton?.addEventListener('click', () => {
  // setValue keeps the editor's history, so Ctrl-Z brings the learner's code back.
  editor.setValue(data.starter);
  clearMarks();
  runState.textContent = 'The starter file is back (Ctrl-Z undoes this).';
  editor.focus();
});

// ---- results ---------------------------------------------------------------------------------------------------
function showDiagnostics(report) {
  clearMarks();
  const shown = report.diagnostics.filter(d => d.isError || report.compiled).slice(0, 30);
  diagnosticsList.replaceChildren();
  diagnosticsList.hidden = shown.length === 0;
  for (const d of shown) {
    const line = Math.max(0, d.line - 1);
    const from = { line, ch: Math.max(0, d.column - 1) };
    if (d.isError) {
      editor.addLineClass(line, 'background', 'cm-lab-error-line');
      markedLines.push(line);
      const end = editor.getLine(line)?.length ?? from.ch;
      marks.push(editor.markText(from, { line, ch: Math.min(end, from.ch + 1) || end }, { className: 'cm-lab-error', title: d.message }));
    }
    const item = document.createElement('li');
    item.className = d.isError ? 'diagnostic-error' : 'diagnostic-warning';
    const jump = document.createElement('button');
    jump.type = 'button';
    jump.className = 'secondary diagnostic-jump';
    jump.textContent = `line ${d.line}, column ${d.column}`;
    jump.setAttribute('aria-label', `Go to line ${d.line}, column ${d.column} in the editor`);
    jump.addEventListener('click', () => { editor.focus(); editor.setCursor(from); editor.scrollIntoView(from, 100); });
    const text = document.createElement('span');
    text.textContent = ` ${d.isError ? 'error' : 'warning'} ${d.id}: ${d.message}`;
    item.append(jump, text);
    diagnosticsList.append(item);
  }
  const first = report.diagnostics.find(d => d.isError);
  if (first) editor.scrollIntoView({ line: first.line - 1, ch: 0 }, 100);
}

function showChecks(report) {
  const body = checksTable.tBodies[0];
  body.replaceChildren();
  checksTable.hidden = report.checks.length === 0;
  for (const c of report.checks) {
    const row = document.createElement('tr');
    row.className = c.passed ? 'check-passed' : 'check-failed';
    row.dataset.check = c.id;
    const name = document.createElement('th');
    name.scope = 'row';
    const code = document.createElement('code');
    code.textContent = c.id;
    const title = document.createElement('span');
    title.className = 'check-title';
    title.textContent = c.title;
    name.append(code, title);
    const points = document.createElement('td');
    points.textContent = `${round(c.points)} / ${round(c.maxPoints)}`;
    const result = document.createElement('td');
    const verdict = document.createElement('strong');
    verdict.textContent = c.passed ? 'pass' : 'fail';
    const summary = document.createElement('span');
    summary.textContent = ` ${c.summary}`;
    result.append(verdict, summary);
    for (const f of c.feedback) {
      const note = document.createElement('p');
      note.className = 'check-feedback';
      note.dataset.feedback = f.id;
      note.textContent = f.message;
      const id = document.createElement('span');
      id.className = 'feedback-id';
      id.textContent = ` [${f.id}]`;
      note.append(id);
      result.append(note);
    }
    row.append(name, points, result);
    body.append(row);
  }
}

const round = x => Math.round(x * 10) / 10;

function showStatus(status, history) {
  statusLine.textContent = status.bestScore === null || status.bestScore === undefined
    ? 'Not started: no checks run yet.'
    : `${status.passed ? 'Passed' : 'In progress'}: best score ${status.bestScore}% over ${status.attempts} attempt${status.attempts === 1 ? '' : 's'}.`;
  historyBody.replaceChildren();
  history.forEach((h, i) => {
    const row = document.createElement('tr');
    const when = new Date(h.at).toISOString().slice(0, 16).replace('T', ' ');
    for (const text of [String(i + 1), when, `${h.score}%`, h.passed ? 'passed' : 'not yet']) {
      const cell = document.createElement('td');
      cell.textContent = text;
      row.append(cell);
    }
    historyBody.prepend(row);
  });
}

// ---- plots -----------------------------------------------------------------------------------------------------
const seriesColours = [colours.f, colours.derivative, colours.tangent, colours.secant, colours.path, colours.point];

function trace(series, index) {
  const colour = seriesColours[index % seriesColours.length];
  const base = { name: series.label, x: series.x, y: series.y };
  switch (series.kind) {
    case 'points': return { ...base, type: 'scatter', mode: 'markers', marker: { color: colour, size: 6 } };
    case 'bars': return { ...base, type: 'bar', marker: { color: 'rgba(31,119,180,0.35)', line: { color: colour, width: 1 } }, width: barWidth(series.x) };
    case 'path': return { ...base, type: 'scatter', mode: 'lines+markers', line: { color: colour, width: 2 }, marker: { size: 5, color: colour } };
    default: return { ...base, type: 'scatter', mode: 'lines', line: { color: colour, width: 2 } };
  }
}

function barWidth(x) {
  return x.length > 1 ? Math.abs(x[1] - x[0]) : 1;
}

function summarise(plot) {
  const parts = [];
  for (const s of plot.series) {
    if (s.x.length === 0) continue;
    const last = s.x.length - 1;
    const fmt = v => (Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(2) : v.toFixed(2));
    if (s.kind === 'path') parts.push(`${s.label}: ${s.x.length} points from (${fmt(s.x[0])}, ${fmt(s.y[0])}) to (${fmt(s.x[last])}, ${fmt(s.y[last])})`);
    else if (s.kind === 'points' && s.x.length === 1) parts.push(`${s.label} at (${fmt(s.x[0])}, ${fmt(s.y[0])})`);
    else if (plot.logY) parts.push(`${s.label}: from ${fmt(s.y[0])} to ${fmt(s.y[last])}`);
    else parts.push(`${s.label}: ${s.x.length} ${s.kind === 'bars' ? 'bars' : 'points'}`);
  }
  return `${plot.title}. ${parts.join('; ')}.`;
}

async function drawPlots(container, plots) {
  container.replaceChildren();
  if (!plots.length) return;
  const Plotly = await plotly();
  for (const plot of plots) {
    const figure = document.createElement('figure');
    figure.className = 'assignment-plot';
    figure.dataset.plot = plot.id;
    const canvas = document.createElement('div');
    canvas.className = 'assignment-plot-canvas';
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', plot.title);
    figure.append(canvas);
    container.append(figure);
    const traces = [];
    if (plot.contour) {
      traces.push({
        type: 'contour', x: plot.contour.x, y: plot.contour.y, z: plot.contour.z, name: plot.contour.label,
        colorscale: 'Blues', reversescale: true, contours: { coloring: 'lines' }, showscale: false, hoverinfo: 'skip', showlegend: true,
      });
    }
    plot.series.forEach((s, i) => traces.push(trace(s, i)));
    const layout = baseLayout({
      title: { text: plot.title, font: { size: 14 } },
      margin: { l: 56, r: 16, t: 40, b: 56 },
      legend: { orientation: 'h', y: -0.32, x: 0 },
      xaxis: { ...baseLayout().xaxis, title: { text: plot.xLabel }, zeroline: false },
      yaxis: {
        ...baseLayout().yaxis, title: { text: plot.yLabel }, zeroline: false,
        ...(plot.logY ? { type: 'log', dtick: 1, exponentformat: 'power' } : { type: 'linear' }),
      },
      bargap: 0,
      height: 380,
    });
    await Plotly.newPlot(canvas, traces, layout, baseConfig);
    describe(figure, summarise(plot));
  }
}

function plotsOf(report) {
  return report ? report.checks.flatMap(c => c.plots) : [];
}

// ---- run checks ------------------------------------------------------------------------------------------------
async function runChecks() {
  const code = editor.getValue();
  runButton.disabled = true;
  resetButton.disabled = true;
  root.dataset.running = 'true';
  runState.textContent = 'Compiling and grading… (a few seconds; the training run takes longer)';
  message.textContent = 'Running the checks…';
  message.className = 'assignment-message';
  try {
    const answer = await post(`/api/assignments/${data.id}/check`, { code });
    saved = code;
    const report = answer.report;
    showDiagnostics(report);
    showChecks(report);
    message.textContent = report.compiled ? `Score: ${round(report.score)}% — ${report.message}` : report.message;
    message.className = `assignment-message ${report.compiled ? (report.passed ? 'result-passed' : 'result-partial') : 'result-error'}`;
    root.dataset.score = String(round(report.score));
    runState.textContent = `Checked in ${report.seconds.toFixed(1)} s.`;
    await drawPlots(document.getElementById('result-plots'), plotsOf(report));
    if (answer.best) await drawPlots(document.getElementById('best-plots'), plotsOf(report));
    showStatus(answer.status, answer.history);
  } catch (error) {
    message.textContent = error instanceof ApiError && error.hint ? `${error.message} — ${error.hint}` : error.message;
    message.className = 'assignment-message result-error';
    runState.textContent = '';
  } finally {
    runButton.disabled = false;
    resetButton.disabled = false;
    root.dataset.running = 'false';
  }
}

runButton?.addEventListener('click', runChecks);
if (runEnabled) {
  runButton.disabled = false;
  resetButton.disabled = false;
}
await drawPlots(document.getElementById('best-plots'), plotsOf(data.best));
root.dataset.ready = 'true';
