// One neuron a = σ(w·x + b): sliders for the weight, the bias and the input; the activation σ(z) with its derivative
// σ'(z) (where the neuron sits on it), and the neuron's output as a function of its input.
import { post, latest } from '../api.js';
import { plotly, baseLayout, baseConfig, colours, describe } from '../plot.js';
import { el, fmt, slider, controls, plotArea, formula, setFormula, status, nearest , modelLayout } from './models-common.js';

export default async function mount(element, attributes) {
  const activation = attributes.activation || 'sigmoid';
  let w = 1, b = 0;
  let data = await post('/api/widgets/neuron', { activation, w, b });
  const Plotly = await plotly();
  let k = nearest(data.x, 1);

  const head = el('div', 'models-formulas');
  head.append(formula('σ(z) = ', data.latex.sigma), formula('σ′(z) = ', data.latex.sigmaPrime));
  const neuronFormula = formula('', '');
  const plots = el('div', 'models-plot-pair');
  const left = plotArea('the activation function and its derivative');
  const right = plotArea('the neuron output against its input');
  plots.append(left, right);
  const readout = el('p', 'models-outcome');
  readout.setAttribute('aria-live', 'polite');
  const info = status();
  const refresh = latest(async signal => {
    try {
      data = await post('/api/widgets/neuron', { activation, w, b }, signal);
      info.ok('');
      draw();
    } catch (err) {
      if (err.name !== 'AbortError') info.error(err);
    }
  }, 40);
  const wSlider = slider({ label: 'Weight w', min: -5, max: 5, step: 0.1, value: w, onInput: v => { w = v; refresh(); } });
  const bSlider = slider({ label: 'Bias b', min: -5, max: 5, step: 0.1, value: b, onInput: v => { b = v; refresh(); } });
  const xSlider = slider({ label: 'Input x', min: data.x[0], max: data.x[data.x.length - 1], step: 0.05, value: 1, onInput: v => { k = nearest(data.x, v); draw(); } });
  element.replaceChildren(head, controls(wSlider.root, bSlider.root, xSlider.root), neuronFormula, plots, readout, info.root);

  function draw() {
    setFormula(neuronFormula, 'a(x) = σ(w·x + b) = ', data.latex.output);
    const x = data.x[k], z = data.weighted[k], a = data.output[k];
    const zi = nearest(data.z, z);
    const inView = z >= data.z[0] && z <= data.z[data.z.length - 1];
    const sigmaPrimeAt = data.slope[k] !== null && w !== 0 ? data.slope[k] / w : data.sigmaPrime[zi];
    Plotly.react(left, [
      { x: data.z, y: data.sigma, name: 'σ(z)', mode: 'lines', line: { color: colours.f, width: 3 } },
      { x: data.z, y: data.sigmaPrime, name: 'σ′(z)', mode: 'lines', line: { color: colours.derivative, width: 2, dash: 'dash' } },
      { x: inView ? [z] : [], y: inView ? [a] : [], name: 'z = w·x + b', mode: 'markers', marker: { color: colours.point, size: 10 } },
    ], modelLayout(baseLayout, { xaxis: { ...baseLayout().xaxis, title: { text: 'z' } }, yaxis: { ...baseLayout().yaxis, title: { text: 'σ' } }, height: 300 }), baseConfig);
    Plotly.react(right, [
      { x: data.x, y: data.output, name: 'a(x)', mode: 'lines', line: { color: colours.tangent, width: 3 } },
      { x: [x], y: [a], name: `x = ${fmt(x, 3)}`, mode: 'markers', marker: { color: colours.point, size: 10 } },
    ], modelLayout(baseLayout, { xaxis: { ...baseLayout().xaxis, title: { text: 'input x' } }, yaxis: { ...baseLayout().yaxis, title: { text: 'output a' } }, height: 300 }), baseConfig);
    const text = `z = w·x + b = ${fmt(w, 3)}·${fmt(x, 3)} + ${fmt(b, 3)} = ${fmt(z)}; a = σ(z) = ${fmt(a)}; σ′(z) = ${fmt(sigmaPrimeAt)}, so da/dx = w·σ′(z) = ${fmt(data.slope[k])}.`;
    readout.textContent = text;
    describe(element, `A ${data.activation} neuron with w = ${fmt(w, 3)}, b = ${fmt(b, 3)}: at input ${fmt(x, 3)} the output is ${fmt(a)}.`);
  }
  info.ok('');
  draw();
}
