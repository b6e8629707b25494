// The matchers with native histograms: compared and printed in the {{…}} notation, as promtool does.
import { describe, expect, test } from 'vitest';
import { toEqualMatrix, toEqualVector, series } from '../../src/testing/index.js';
import type { PlainResult } from '../../src/testing/index.js';

const H = '{{schema:1 count:3 sum:2 buckets:[1 2]}}';
const vector: PlainResult = {
  type: 'vector', warnings: [], infos: [],
  samples: [{ labels: { __name__: 'h' }, value: 0, histogram: H }, { labels: { __name__: 'f' }, value: 1 }],
};

describe('histograms in toEqualVector', () => {
  test('an equal histogram passes however the literal is written', () => {
    expect(toEqualVector(vector, [
      { labels: 'h', histogram: '{{ SUM:2 count:3 schema:1 buckets:[0 1 2 0] offset:-1 }}' }, { labels: 'f', value: 1 },
    ]).pass).toBe(true);
    expect(toEqualVector(vector, `h ${H}\nf 1`).pass).toBe(true);
  });

  test('a different histogram, or a float for a histogram, fails with both printed', () => {
    const m = toEqualVector(vector, 'h {{schema:1 count:3 sum:2 buckets:[2 1]}}\nf {{count:1}}');
    expect(m.pass).toBe(false);
    expect(m.message()).toBe([
      'vector differs (- expected, + received):',
      '  - {__name__="h"} {{schema:1 count:3 sum:2 buckets:[2 1]}}',
      `  + {__name__="h"} ${H}`,
      '  - {__name__="f"} {{count:1}}',
      '  + {__name__="f"} 1',
    ].join('\n'));
  });
});

describe('histograms in toEqualMatrix', () => {
  const matrix: PlainResult = {
    type: 'matrix', warnings: [], infos: [],
    series: [{ labels: { __name__: 'h' }, points: [[60, 5]], histograms: [[0, H], [120, '{{count:1}}']] }],
  };

  test('float and histogram points compare in time order', () => {
    expect(toEqualMatrix(matrix, [{ labels: 'h', points: [[0, H], [60, 5], [120, '{{count:1}}']] }]).pass).toBe(true);
    const m = toEqualMatrix(matrix, [{ labels: 'h', points: [[0, H], [60, 5]] }]);
    expect(m.pass).toBe(false);
    expect(m.message()).toBe([
      'matrix differs (- expected, + received):',
      `  - {__name__="h"} 0:${H} 60:5`,
      `  + {__name__="h"} 0:${H} 60:5 120:{{count:1}}`,
    ].join('\n'));
  });
});

test('the series`…` fixture loads histograms and their expansions', () => {
  const st = series`
    load 1m
      h{job="a"} {{count:1 buckets:[1]}}+{{count:2 buckets:[2]}}x2 5 stale
  `;
  const [s] = st.select({ matchers: [], start: 0, end: 1e9 });
  expect(s.histograms!.values.map((h) => h.count)).toEqual([1, 3, 5]);
  expect([...s.timestamps]).toEqual([180_000, 240_000]);
});
