// The process of our side of the side-by-side run (started by our-side.mjs): loads the fixture,
// then answers the parent's requests one at a time, each `{ id, type, args }`.
import { loadIntoOurs } from '../../tools/differential/native-histograms/load.mjs';
import { generateHistograms } from './fixture-histograms.mjs';
import { inProcessSide } from './measure.mjs';
import { loadOurs } from './ours-load.mjs';

let side = null;

async function load({ omFile, shape, expectedFloats, maxSamples, libUrl }) {
  const lib = await import(libUrl);
  const storage = new lib.MemoryStorage();
  const loading = await loadOurs(libUrl, storage, omFile, expectedFloats, globalThis.gc ?? null);
  // Generated here as the parent generates them for Prometheus (the generator is deterministic),
  // and dropped once appended.
  const data = generateHistograms(shape);
  loadIntoOurs(storage, data, lib);
  const histograms = { series: data.series.length, samples: data.samples };
  side = inProcessSide(new lib.Engine({ storage, maxSamples }), lib.toPrometheusJSON);
  return { loading, histograms };
}

async function handle({ type, args }) {
  if (type === 'load') return load(args[0]);
  if (!side) throw new Error(`${type} before load`);
  switch (type) {
    case 'answer': return side.answer(args[0], args[1]);
    case 'recover': return side.recover(args[0], args[1]);
    case 'collect': return side.collect();
    case 'timed': return side.timed(args[0], args[1]);
    case 'longestBlock': return side.longestBlock(args[0], args[1]);
    case 'gcMs': return side.gcMs(args[0]);
    default: throw new Error(`unknown request ${type}`);
  }
}

process.on('disconnect', () => process.exit(0));
process.on('message', (m) => {
  handle(m).then(
    (value) => process.send({ id: m.id, ok: true, value }),
    (e) => process.send({ id: m.id, ok: false, error: String(e?.stack ?? e) }),
  );
});
