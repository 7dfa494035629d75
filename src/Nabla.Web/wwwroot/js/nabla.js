// Page start-up: typeset the math, then fill every widget and exercise placeholder the server rendered
// (<div class="nabla-widget" data-widget="NAME" data-ATTR="…"> and <div class="nabla-exercise" data-template="ID">).
// Each widget is an ES module /js/widgets/NAME.js whose default export is `mount(element, attributes)`.
import { renderMath } from './math.js';

function attributesOf(element) {
  const attributes = {};
  for (const [key, value] of Object.entries(element.dataset)) if (key !== 'widget') attributes[key] = value;
  return attributes;
}

function showFailure(element, what, error) {
  element.classList.add('widget-failed');
  const message = document.createElement('p');
  message.className = 'widget-error';
  message.setAttribute('role', 'alert');
  message.textContent = `The ${what} could not be shown: ${error.message}`;
  element.replaceChildren(message);
}

async function mountWidget(element) {
  const name = element.dataset.widget;
  if (!/^[a-z][a-z0-9-]*$/.test(name ?? '')) return;
  element.classList.add('widget', `widget-${name}`);
  try {
    const module = await import(`/js/widgets/${name}.js`);
    await module.default(element, attributesOf(element));
    element.dataset.ready = 'true';
  } catch (error) {
    showFailure(element, `${name} widget`, error);
    throw error;
  }
}

async function mountExercise(element) {
  try {
    const module = await import('/js/exercise.js');
    await module.default(element, { template: element.dataset.template });
    element.dataset.ready = 'true';
  } catch (error) {
    showFailure(element, 'exercise', error);
    throw error;
  }
}

function start() {
  renderMath(document.querySelector('main') ?? document.body);
  for (const element of document.querySelectorAll('.nabla-widget')) mountWidget(element).catch(e => console.error(e));
  for (const element of document.querySelectorAll('.nabla-exercise')) mountExercise(element).catch(e => console.error(e));
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
