// The module quiz: mounts every question of the sitting (template + seed chosen by the server for this page load),
// submits all answers at once, then shows the score, pass/fail against the module's pass mark and each question's
// feedback. Enter in a question moves to the next one; Enter in the last submits.
import { post } from './api.js';
import { mountQuestion } from './exercise.js';

const percent = f => `${Math.round(f * 100)}%`;

async function start() {
  const form = document.getElementById('quiz');
  if (!form) return;
  const items = [...form.querySelectorAll('.quiz-question')];
  const questions = await Promise.all(items.map(item =>
    mountQuestion(item, { template: item.dataset.template, seed: Number(item.dataset.seed), number: Number(item.dataset.number) })));
  const submit = form.querySelector('.quiz-submit');
  const resultBox = form.querySelector('.quiz-result');

  form.addEventListener('exercise-next', event => {
    const index = items.findIndex(item => item.contains(event.target));
    if (index >= 0 && index + 1 < questions.length) questions[index + 1].focus();
    else submit.focus();
  });

  form.addEventListener('submit', async event => {
    event.preventDefault();
    const unanswered = questions.filter(q => !q.value().trim()).length;
    submit.disabled = true;
    resultBox.replaceChildren();
    try {
      const result = await post(`/api/quizzes/${encodeURIComponent(form.dataset.module)}/submit`, {
        answers: questions.map(q => ({ template: q.template, seed: q.seed, input: q.value() })),
      });
      result.questions.forEach((q, i) => questions[i].showResult(q.check));
      const verdict = document.createElement('div');
      verdict.className = `quiz-verdict ${result.passed ? 'quiz-passed' : 'quiz-failed'}`;
      verdict.dataset.passed = String(result.passed);
      verdict.tabIndex = -1;
      const heading = document.createElement('p');
      heading.className = 'quiz-score';
      heading.textContent = `${result.right} of ${result.total} right (${percent(result.fraction)}): ${result.passed ? 'passed' : 'not passed'}.`;
      const detail = document.createElement('p');
      detail.textContent = `The pass mark is ${percent(result.pass)}. Your best sitting: ${result.bestRight} of ${result.total}.` +
        (unanswered > 0 ? ` ${unanswered} question${unanswered === 1 ? ' was' : 's were'} left blank.` : '') +
        (result.passed ? '' : ' Look at the feedback under each question, practise in the lessons, then try a new sitting.');
      verdict.append(heading, detail);
      resultBox.replaceChildren(verdict);
      for (const input of form.querySelectorAll('input')) input.disabled = true;
      submit.textContent = 'Submitted';
      verdict.focus();
    } catch (error) {
      submit.disabled = false;
      const p = document.createElement('p');
      p.className = 'quiz-error';
      p.setAttribute('role', 'alert');
      p.textContent = error.hint ? `${error.message}. ${error.hint}` : error.message;
      resultBox.replaceChildren(p);
    }
  });
  form.dataset.ready = 'true';
}

start().catch(error => {
  const form = document.getElementById('quiz');
  const p = document.createElement('p');
  p.className = 'widget-error';
  p.setAttribute('role', 'alert');
  p.textContent = `The quiz could not be shown: ${error.message}`;
  form?.prepend(p);
  console.error(error);
});
