// The /sandpit page: the full game (terrain picker) and the learner's best scores per terrain.
import { get } from './api.js';
import { mountSandpit } from './sandpit-game.js';

async function showScores(table) {
  const answer = await get('/api/sandpit/scores');
  const body = table.querySelector('tbody');
  body.replaceChildren();
  for (const s of answer.scores) {
    const row = document.createElement('tr');
    row.dataset.terrain = s.terrain;
    const cells = [s.title, s.best === null ? '—' : `${s.best} dips`, `${s.wins} of ${s.rounds}`,
      s.last ? (s.last.won ? `found in ${s.last.dips}` : `not found (${s.last.dips} dips)`) : '—'];
    cells.forEach((text, k) => {
      const cell = document.createElement(k === 0 ? 'th' : 'td');
      if (k === 0) cell.scope = 'row';
      cell.textContent = text;
      row.append(cell);
    });
    body.append(row);
  }
}

async function start() {
  const root = document.getElementById('sandpit-game');
  const table = document.getElementById('sandpit-scores');
  if (!root) return;
  const terrain = root.dataset.terrain || undefined;
  await mountSandpit(root, {
    full: true,
    terrain,
    onRoundEnd: () => showScores(table).catch(e => console.error(e)),
    onTerrainChange: t => history.replaceState(null, '', `/sandpit/${encodeURIComponent(t.id)}`),
  });
  root.dataset.ready = 'true';
  await showScores(table);
}

start().catch(error => {
  console.error(error);
  const root = document.getElementById('sandpit-game');
  if (root) {
    const p = document.createElement('p');
    p.className = 'widget-error';
    p.setAttribute('role', 'alert');
    p.textContent = `The Sandpit could not start: ${error.message}`;
    root.replaceChildren(p);
  }
});
