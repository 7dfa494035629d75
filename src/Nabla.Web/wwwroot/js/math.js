// Math typesetting with KaTeX (served from /lib/katex, loaded by the layout as deferred scripts).

const delimiters = [
  { left: '\\[', right: '\\]', display: true },
  { left: '$$', right: '$$', display: true },
  { left: '\\(', right: '\\)', display: false },
];

/** Typesets every formula inside `element` (lesson text, prompts, feedback). */
export function renderMath(element) {
  if (!window.renderMathInElement) return;
  window.renderMathInElement(element, { delimiters, throwOnError: false, ignoredClasses: ['no-math'] });
}

/** Renders one LaTeX string into `element` (inline unless `display`). */
export function renderLatex(element, latex, display = false) {
  if (!window.katex) { element.textContent = latex; return; }
  window.katex.render(latex, element, { throwOnError: false, displayMode: display });
}
