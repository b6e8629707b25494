// The grammar overrides chevrotain's enableRecording/disableRecording (start-up cost, see
// grammar.ts). These tests fail if chevrotain stops calling them, if the parser is left in the
// recording state, or if the grammar it records differs from chevrotain's own recording.
import { EmbeddedActionsParser, serializeGrammar } from '#chevrotain';
import { expect, test } from 'vitest';
import { PromQLGrammar } from '../../src/parser/grammar.js';

type Recording = { enableRecording(): void; disableRecording(): void };
const chevrotain = EmbeddedActionsParser.prototype as unknown as Recording;

/** The grammar recorded the way chevrotain does it itself (own properties, then deletes). */
class ChevrotainRecorded extends PromQLGrammar {
  override enableRecording(): void { chevrotain.enableRecording.call(this); }
  override disableRecording(): void { chevrotain.disableRecording.call(this); }
}

test('chevrotain still records through enableRecording and disableRecording, once each', () => {
  const calls: string[] = [];
  class Counted extends PromQLGrammar {
    override enableRecording(): void { calls.push('enable'); super.enableRecording(); }
    override disableRecording(): void { calls.push('disable'); super.disableRecording(); }
  }
  new Counted();
  expect(calls).toEqual(['enable', 'disable']);
});

test('the grammar records as with chevrotain\'s own recording', () => {
  const ours = serializeGrammar(Object.values(new PromQLGrammar().getGAstProductions()));
  const theirs = serializeGrammar(Object.values(new ChevrotainRecorded().getGAstProductions()));
  expect(ours.length).toBeGreaterThan(0);
  expect(ours).toEqual(theirs);
});

test('after recording, the parser is its class\'s again, with no recording method left', () => {
  const g = new PromQLGrammar();
  expect(Object.getPrototypeOf(g)).toBe(PromQLGrammar.prototype);
  expect(g.RECORDING_PHASE).toBe(false);
  const leftOver = ['CONSUME', 'CONSUME2', 'SUBRULE', 'OR', 'OR3', 'OPTION', 'MANY', 'ACTION', 'LA', 'consume', 'or']
    .filter((name) => Object.prototype.hasOwnProperty.call(g, name) || g[name as keyof PromQLGrammar] !== chevrotainMethod(name));
  expect(leftOver).toEqual([]);
});

function chevrotainMethod(name: string): unknown {
  return (EmbeddedActionsParser.prototype as unknown as Record<string, unknown>)[name];
}
