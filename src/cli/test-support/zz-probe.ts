import { Renderer, BUILTIN_MACROS, runtimeContext, RelationValue } from '../../template/index.js';
const r = new Renderer([...BUILTIN_MACROS]);
const ctx = runtimeContext({
  renderer: r, node: { uniqueId: 'model.p.m', name: 'm', resourceType: 'model', packageName: 'p', originalFilePath: 'models/m.sql' },
  target: { name: 'dev', profile_name: 'p', schema: 'main', type: 'postgres', threads: 1 }, vars: {}, env: {}, runStartedAt: '2024-01-02T03:04:05Z', invocationId: 'x', fullRefresh: false,
  resolveRef: (n) => new RelationValue('main', n), resolveSource: (s, t) => new RelationValue(s, t), thisRelation: new RelationValue('main', 'm'), isIncremental: false, config: {},
});
for (const src of process.argv.slice(2)) {
  try { console.log(JSON.stringify(src), '=>', JSON.stringify(r.render('t.sql', src, ctx))); } catch (e) { console.log(JSON.stringify(src), 'ERR', (e as Error).message); }
}
