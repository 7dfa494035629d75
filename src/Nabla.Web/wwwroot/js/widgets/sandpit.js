// The lesson widget `sandpit` (optional f and seed): the same game as the /sandpit page, without the terrain picker.
// With f the learner plays that landscape; with a seed, the random "dunes" terrain drawn from it; else the intro pit.
import { mountSandpit } from '../sandpit-game.js';

export default async function mount(element, attributes = {}) {
  await mountSandpit(element, { f: attributes.f || undefined, seed: attributes.seed, full: false });
}
