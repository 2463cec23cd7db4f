import { describe, expect, it } from 'vitest';
import { TsmodelError } from '../errors/index.js';
import { parseSelector, selectNodes, type SelectOptions, type SelectionContext } from './index.js';
import { context } from './test-support/fixture.js';

describe('parseSelector', () => {
  it('parses a criterion with depths on both sides', () => {
    expect(parseSelector('2+tag:nightly+3')).toEqual({
      kind: 'atom',
      raw: '2+tag:nightly+3',
      method: 'tag',
      methodArgs: [],
      implicitMethod: false,
      value: 'nightly',
      childrensParents: false,
      parents: true,
      parentsDepth: 2,
      children: true,
      childrenDepth: 3,
    });
  });

  it('parses a union of an intersection and a criterion', () => {
    const tree = parseSelector('+tag:a,config.materialized:table  @stg_orders');
    expect(tree).toMatchObject({
      kind: 'union',
      members: [
        {
          kind: 'intersection',
          raw: '+tag:a,config.materialized:table',
          members: [
            { method: 'tag', value: 'a', parents: true },
            { method: 'config', methodArgs: ['materialized'], value: 'table', parents: false },
          ],
        },
        { kind: 'atom', method: 'fqn', value: 'stg_orders', childrensParents: true, children: false },
      ],
    });
  });

  it.each([
    ['models/staging', 'path'],
    ['stg_orders.sql', 'file'],
    ['seeds/countries.csv', 'path'],
    ['schema.yml', 'file'],
    ['staging.stg_orders', 'fqn'],
    ['stg_*', 'fqn'],
  ])('chooses the default method for %s: %s', (text, method) => {
    expect(parseSelector(text)).toMatchObject({ method, implicitMethod: true, value: text });
  });

  it('keeps nested config keys and dotted state values', () => {
    expect(parseSelector('config.meta.owner:alice')).toMatchObject({
      method: 'config',
      methodArgs: ['meta', 'owner'],
      value: 'alice',
    });
    expect(parseSelector('state:modified.body+')).toMatchObject({
      method: 'state',
      value: 'modified.body',
      children: true,
    });
  });
});

interface ErrorCase {
  name: string;
  opts: SelectOptions;
  ctx?: SelectionContext;
  message: string;
  hint: string;
}

const errors: ErrorCase[] = [
  {
    name: 'unknown method',
    opts: { select: ['foo:bar'] },
    message: 'Unknown selector method "foo" in "foo:bar"',
    hint: 'Known methods: fqn, tag, path, file, config',
  },
  {
    name: 'method typo gets a suggestion',
    opts: { select: ['tagg:nightly'] },
    message: '"tagg"',
    hint: 'Did you mean "tag"?',
  },
  {
    name: 'doubled plus',
    opts: { select: ['stg_orders++'] },
    message: 'unexpected "+" in "stg_orders++"',
    hint: '"+" only start or end',
  },
  {
    name: 'plus in the middle',
    opts: { select: ['stg_orders+orders'] },
    message: 'unexpected "+"',
    hint: 'Selectors look like',
  },
  {
    name: 'misplaced @',
    opts: { select: ['stg@orders'] },
    message: 'unexpected "@" in "stg@orders"',
    hint: '"@" may only start',
  },
  {
    name: '@ with a + suffix',
    opts: { select: ['@stg_orders+'] },
    message: '"@stg_orders+" combines the "@" prefix with a "+" suffix',
    hint: 'drop the trailing "+"',
  },
  { name: 'no value', opts: { select: ['tag:'] }, message: '"tag:" has no value', hint: 'Selectors look like' },
  { name: 'operator alone', opts: { select: ['+'] }, message: '"+" has no value', hint: 'Selectors look like' },
  {
    name: 'nothing before the colon',
    opts: { select: [':orders'] },
    message: 'nothing before ":"',
    hint: 'Selectors look like',
  },
  {
    name: 'empty part of an intersection',
    opts: { select: ['tag:a,,tag:b'] },
    message: '"tag:a,,tag:b" has an empty part',
    hint: 'Commas join criteria',
  },
  {
    name: 'comma followed by a space',
    opts: { select: ['tag:a, tag:b'] },
    message: '"tag:a," has an empty part',
    hint: 'without spaces',
  },
  {
    name: 'config without a key',
    opts: { select: ['config:table'] },
    message: '"config:table" needs a config key',
    hint: 'config.<key>:<value>',
  },
  {
    name: 'arguments on a method that takes none',
    opts: { select: ['tag.x:y'] },
    message: 'the method "tag" takes no ".x"',
    hint: 'tag:<value>',
  },
  {
    name: 'invalid resource type',
    opts: { select: ['resource_type:modle'] },
    message: '"modle" is not a resource type',
    hint: 'model, seed, snapshot, test, unit_test, source, analysis',
  },
  {
    name: 'invalid test type',
    opts: { select: ['test_type:integration'] },
    message: '"integration" is not a test type',
    hint: 'test_type:unit',
  },
  {
    name: 'source with too many parts',
    opts: { select: ['source:a.b.c.d'] },
    message: '"a.b.c.d" is not a source name',
    hint: 'source:<source>.<table>',
  },
  {
    name: 'state typo',
    opts: { select: ['state:modifed'] },
    ctx: context({ state: { nodes: new Map() } }),
    message: '"modifed" is not a state selector',
    hint: 'Did you mean state:modified?',
  },
  {
    name: 'state:* without a previous state',
    opts: { select: ['state:modified+'] },
    message: '"state:modified" needs the state of an earlier run',
    hint: '--state DIR',
  },
  {
    name: 'result:* without previous results',
    opts: { select: ['result:error'] },
    message: '"result:error" needs the results of an earlier run',
    hint: 'run_results.json',
  },
  {
    name: 'state:* in exclude too',
    opts: { exclude: ['state:unmodified'] },
    message: 'needs the state of an earlier run',
    hint: '--state DIR',
  },
  {
    name: 'a bad exclude fails before anything is selected',
    opts: { select: ['state:new'], exclude: ['tagg:x'] },
    message: 'Unknown selector method "tagg"',
    hint: 'Did you mean "tag"?',
  },
];

describe('selection errors', () => {
  it.each(errors)('$name', ({ opts, ctx, message, hint }) => {
    let caught: unknown;
    try {
      selectNodes(ctx ?? context(), opts);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(TsmodelError);
    const err = caught as TsmodelError;
    expect(err.code).toBe('selection');
    expect(err.message).toContain(message);
    expect(err.hint).toContain(hint);
  });

  it('parseSelector rejects an empty selector', () => {
    expect(() => parseSelector('   ')).toThrow(/is empty/);
  });
});
