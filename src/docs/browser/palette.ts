/** Colours of the lineage: the fill tells the layer, the stripe, border and letter the resource type. */

const LAYER_COLORS = [
  { fill: '#e0f2fe', ink: '#0369a1' },
  { fill: '#dcfce7', ink: '#15803d' },
  { fill: '#fef3c7', ink: '#b45309' },
  { fill: '#ede9fe', ink: '#6d28d9' },
  { fill: '#fce7f3', ink: '#be185d' },
  { fill: '#ccfbf1', ink: '#0f766e' },
  { fill: '#ffedd5', ink: '#c2410c' },
  { fill: '#e2e8f0', ink: '#334155' },
];

export function layerColor(index: number): { fill: string; ink: string } {
  return LAYER_COLORS[(index < 0 ? LAYER_COLORS.length - 1 : index) % LAYER_COLORS.length]!;
}

export const TYPE_STYLE: Record<string, { color: string; letter: string; plural: string }> = {
  source: { color: '#0891b2', letter: 'SRC', plural: 'Sources' },
  seed: { color: '#16a34a', letter: 'SEED', plural: 'Seeds' },
  model: { color: '#2563eb', letter: 'MDL', plural: 'Models' },
  snapshot: { color: '#9333ea', letter: 'SNAP', plural: 'Snapshots' },
  analysis: { color: '#ea580c', letter: 'ANL', plural: 'Analyses' },
  test: { color: '#64748b', letter: 'TEST', plural: 'Tests' },
  exposure: { color: '#db2777', letter: 'EXP', plural: 'Exposures' },
};

export const TYPE_ORDER = ['source', 'seed', 'model', 'snapshot', 'analysis', 'exposure', 'test'];
