// Native histograms in the API JSON (Prometheus's MarshalHistogram) and in the table output.
import { describe, expect, it } from 'vitest';
import { histogramJSONText, toPrometheusJSONText, type QueryResult } from '../../src/eval/result.js';
import { parseHistogram } from '../../src/histogram/literal.js';
import { labelsFrom } from '../../src/storage/labels.js';
import { table } from '../../src/cli/query-output.js';

const EXP = parseHistogram('{{schema:0 count:7 sum:3.5 z_bucket:1 z_bucket_w:0.001 buckets:[1 0 2] n_buckets:[3] n_offset:1}}');
const NHCB = parseHistogram('{{schema:-53 count:6 sum:1e-7 custom_values:[1 5] buckets:[1 2 3]}}');
const L = labelsFrom({ __name__: 'h', job: 'a' });
const result = (r: Omit<QueryResult, 'warnings' | 'infos'>): QueryResult => ({ ...r, warnings: [], infos: [] } as QueryResult);

describe('MarshalHistogram', () => {
  it.each([
    // negative buckets [lower, upper), the closed zero bucket, positive (lower, upper]; empty ones left out
    [EXP, '{"count":"7","sum":"3.5","buckets":[[1,"-2","-1","3"],[3,"-0.001","0.001","1"],[0,"0.5","1","1"],[0,"2","4","2"]]}'],
    // custom buckets: the first closed from -Inf, the last up to +Inf; floats in Go's API form
    [NHCB, '{"count":"6","sum":"1e-07","buckets":[[3,"-Inf","1","1"],[0,"1","5","2"],[0,"5","+Inf","3"]]}'],
    // no populated bucket: no "buckets" key
    [parseHistogram('{{schema:3 buckets:[0 0]}}'), '{"count":"0","sum":"0"}'],
    // a zero bucket of width 0
    [parseHistogram('{{count:2 z_bucket:2}}'), '{"count":"2","sum":"0","buckets":[[3,"-0","0","2"]]}'],
    // schema 2: bounds are powers of 2^(1/4)
    [parseHistogram('{{schema:2 count:1 buckets:[1] offset:1}}'), '{"count":"1","sum":"0","buckets":[[0,"1","1.189207115002721","1"]]}'],
  ])('%#', (h, json) => {
    expect(histogramJSONText(h)).toBe(json);
  });
});

describe('histograms in query results', () => {
  it('a vector sample has "histogram" instead of "value"', () => {
    const r = result({ resultType: 'vector', result: [{ labels: L, t: 1500, value: 0, histogram: NHCB }, { labels: labelsFrom({ a: 'b' }), t: 1500, value: 2 }] });
    expect(toPrometheusJSONText(r)).toBe(
      `{"resultType":"vector","result":[{"metric":{"__name__":"h","job":"a"},"histogram":[1.500,${histogramJSONText(NHCB)}]},{"metric":{"a":"b"},"value":[1.500,"2"]}]}`,
    );
  });

  it('a matrix series has "values" and "histograms", each only when it has points', () => {
    const r = result({
      resultType: 'matrix',
      result: [
        { labels: L, timestamps: [1000], values: [5], histograms: { timestamps: [2000, 3000], values: [EXP, NHCB] } },
        { labels: labelsFrom({ a: 'b' }), timestamps: [], values: [], histograms: { timestamps: [1000], values: [EXP] } },
      ],
    });
    expect(toPrometheusJSONText(r)).toBe(
      '{"resultType":"matrix","result":['
      + `{"metric":{"__name__":"h","job":"a"},"values":[[1,"5"]],"histograms":[[2,${histogramJSONText(EXP)}],[3,${histogramJSONText(NHCB)}]]},`
      + `{"metric":{"a":"b"},"histograms":[[1,${histogramJSONText(EXP)}]]}]}`,
    );
  });

  it('the table shows histograms in the {{…}} notation, points in time order', () => {
    expect(table(result({ resultType: 'vector', result: [{ labels: L, t: 0, value: 0, histogram: NHCB }] })))
      .toBe('{__name__="h", job="a"} {{schema:-53 count:6 sum:1e-07 custom_values:[1 5] buckets:[1 2 3]}}');
    expect(table(result({ resultType: 'matrix', result: [{ labels: L, timestamps: [2000], values: [5], histograms: { timestamps: [1000, 3000], values: [EXP, EXP] } }] })))
      .toBe([
        '{__name__="h", job="a"}',
        '  {{count:7 sum:3.5 z_bucket:1 z_bucket_w:0.001 buckets:[1 0 2] n_offset:1 n_buckets:[3]}} @1',
        '  5 @2',
        '  {{count:7 sum:3.5 z_bucket:1 z_bucket_w:0.001 buckets:[1 0 2] n_offset:1 n_buckets:[3]}} @3',
      ].join('\n'));
  });
});
