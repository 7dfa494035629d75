// match-derivative: "match the graph". The graph of f above, candidate graphs below (the derivative and plausible
// mistakes: −f′, f itself, f″, a shifted f′…); the learner picks one and gets feedback on that choice.
import { plotly, baseConfig, colours, describe } from '../plot.js';
import { renderLatex } from '../math.js';
import { fetchWidget, formulas, layout, plotBox, el, uid, describeSigns } from './calculus-common.js';

export default async function mount(element, attributes) {
  const data = await fetchWidget('match-derivative', { f: attributes.f, from: attributes.from, to: attributes.to, seed: 0 });
  const Plotly = await plotly();
  const main = plotBox('calc-main-small');
  const form = el('form', 'calc-match');
  const fieldset = el('fieldset');
  fieldset.append(el('legend', null, 'Which graph is the derivative f′(x)?'));
  const grid = el('div', 'calc-candidates');
  fieldset.append(grid);
  const check = el('button', null, 'Check');
  check.type = 'submit';
  const feedback = el('div', 'calc-feedback');
  feedback.setAttribute('aria-live', 'polite');
  form.append(fieldset, check, feedback);
  element.replaceChildren(formulas([`f(x) = ${data.latex}`]), main, form);

  const small = (title, yRange) => layout('x', '', {
    showlegend: false, height: 200, margin: { l: 40, r: 8, t: title ? 28 : 8, b: 36 },
    title: { text: title, font: { size: 13 } }, xaxis: { range: [data.from, data.to] }, yaxis: { range: yRange },
  });
  await Plotly.newPlot(main, [{ x: data.xs, y: data.ys, mode: 'lines', name: 'f(x)', line: { color: colours.f, width: 2.5 },
    hovertemplate: 'x = %{x:.3f}<br>f(x) = %{y:.3f}<extra></extra>' }], { ...small('f(x)', data.yRange), height: 240 }, baseConfig);

  const name = uid('calc-match');
  const boxes = [];
  for (const candidate of data.candidates) {
    const figure = el('div', 'calc-candidate');
    const id = uid('calc-choice');
    const label = el('label');
    label.htmlFor = id;
    const radio = el('input');
    Object.assign(radio, { type: 'radio', name, id, value: candidate.label });
    label.append(radio, ` Graph ${candidate.label}`);
    const plot = plotBox('calc-candidate-plot');
    const alt = el('p', 'plot-summary', `Graph ${candidate.label}: ${describeSigns(data.xs, candidate.ys)}.`);
    const reveal = el('p', 'calc-reveal');
    reveal.hidden = true;
    figure.append(label, plot, alt, reveal);
    grid.append(figure);
    boxes.push({ candidate, figure, radio, reveal });
    await Plotly.newPlot(plot, [{ x: data.xs, y: candidate.ys, mode: 'lines', line: { color: colours.derivative, width: 2.2 },
      hovertemplate: 'x = %{x:.3f}<br>y = %{y:.3f}<extra></extra>' }], small('', candidate.yRange), baseConfig);
  }

  const showLatex = box => { box.reveal.hidden = false; renderLatex(box.reveal, box.candidate.latex); };
  form.addEventListener('submit', event => {
    event.preventDefault();
    const chosen = boxes.find(b => b.radio.checked);
    feedback.className = 'calc-feedback';
    if (!chosen) { feedback.textContent = 'Pick one of the graphs first.'; return; }
    feedback.textContent = chosen.candidate.feedback;
    feedback.classList.add(chosen.candidate.correct ? 'calc-good' : 'calc-bad');
    chosen.figure.classList.toggle('calc-wrong', !chosen.candidate.correct);
    showLatex(chosen);
    if (chosen.candidate.correct) {
      chosen.figure.classList.add('calc-right');
      boxes.forEach(showLatex);
    }
  });
  describe(element, data.summary);
}
