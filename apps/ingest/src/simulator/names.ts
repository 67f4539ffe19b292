/**
 * Login names for the demo centre's extra agents (scale > 1): distinct, plausible Italian, Polish and Romanian names
 * like the default roster's, never numbered clones ("anna.rossi-2" reads as a bug on a TV).
 */
const FIRST = ['alessia', 'matteo', 'martina', 'lorenzo', 'giorgia', 'simone', 'silvia', 'stefano', 'laura', 'andrea',
  'federica', 'riccardo', 'elisa', 'gabriele', 'beatrice', 'nicola', 'irene', 'tommaso', 'camilla', 'emanuele',
  'joanna', 'krzysztof', 'monika', 'pawel', 'natalia', 'michal', 'aleksandra', 'jakub', 'dorota', 'marcin',
  'elena', 'radu', 'ana', 'vlad', 'mihaela', 'sorin', 'alina', 'bogdan', 'raluca', 'cosmin'];
const LAST = ['santoro', 'rinaldi', 'caruso', 'ferrara', 'gallo', 'martini', 'lombardi', 'barbieri', 'fontana', 'mariani',
  'rizzo', 'costa', 'giordano', 'villa', 'serra', 'pellegrini', 'marchetti', 'fabbri', 'testa', 'parisi',
  'szymanska', 'wozniak', 'dabrowski', 'kozlowska', 'jankowski', 'wojciechowska', 'kwiatkowski', 'krawczyk', 'piotrowska', 'grabowski',
  'munteanu', 'constantin', 'stoica', 'dobre', 'barbu', 'nistor', 'florea', 'ilie', 'dinu', 'tudor'];

/**
 * The name of the `copy`-th extra agent (copy ≥ 1) modelled on roster position `index`: deterministic, and not in
 * `taken` (which it joins). Walks first × last names from a point that depends on both, so neighbours differ.
 */
export function extraAgentName(index: number, copy: number, taken: Set<string>): string {
  const total = FIRST.length * LAST.length;
  for (let k = 0; k < total; k++) {
    const n = (index * 97 + copy * 389 + k * 31) % total;
    const name = `${FIRST[n % FIRST.length]}.${LAST[Math.floor(n / FIRST.length)]}`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
  const fallback = `agent.${index}.${copy}`; // :NOTE: only past 1,600 agents; still unique
  taken.add(fallback);
  return fallback;
}
