import { costsInWindow, SourceLocator, type CpuProfile } from './cpu-profile';

const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0, columnNumber: 0 });

/** root → handle → (parse, decide → parse); and (idle), (garbage collector) beside them. */
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 6, 7] },
    { id: 2, callFrame: frame('handle', 'node:internal/handle'), children: [3, 4] },
    { id: 3, callFrame: frame('parse', 'file:///x/node_modules/zod/index.js') },
    { id: 4, callFrame: frame('decide', 'node:internal/decide'), children: [5] },
    { id: 5, callFrame: frame('parse', 'file:///x/node_modules/zod/index.js') },
    { id: 6, callFrame: frame('(idle)') },
    { id: 7, callFrame: frame('(garbage collector)') },
  ],
  startTime: 1000,
  endTime: 1010,
  // at 1001 … 1008
  samples: [3, 5, 4, 6, 7, 3, 2, 5],
  timeDeltas: [1, 1, 1, 1, 1, 1, 1, 1],
};

describe('CPU profile costs in a window', () => {
  it('counts self and total samples per function, idle apart, inside the window only', () => {
    const cost = costsInWindow(profile, { name: 'run', startUs: 1002, endUs: 1007, cases: 1 }, new SourceLocator());
    // In the window: 5 (parse under decide), 4 (decide), 6 (idle), 7 (GC), 3 (parse), 2 (handle).
    expect(cost.idleSamples).toBe(1);
    expect(cost.busySamples).toBe(5);
    const byName = new Map(cost.functions.map((fn) => [fn.name, fn]));
    expect(byName.get('zod/index.js:parse')).toMatchObject({ selfSamples: 2, totalSamples: 2, module: 'zod' });
    expect(byName.get('node:internal/decide:decide')).toMatchObject({ selfSamples: 1, totalSamples: 2 });
    expect(byName.get('node:internal/handle:handle')).toMatchObject({ selfSamples: 1, totalSamples: 4 });
    expect(byName.get('(garbage collector)')).toMatchObject({ selfSamples: 1, totalSamples: 1 });
    expect(cost.functions[0]?.name).toBe('zod/index.js:parse');
    expect(cost.modules).toEqual([
      { module: 'zod', selfSamples: 2 },
      { module: 'node', selfSamples: 2 },
      { module: '(garbage collector)', selfSamples: 1 },
    ]);
  });
});
