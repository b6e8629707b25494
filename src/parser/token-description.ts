// How tokens are described in "unexpected …" messages (Prometheus `Item.desc`).
import { EOF, tokenMatcher, type IToken } from '#chevrotain';
import { tokenKind } from '../lexer/tokens.js';
import { goQuote, goQuoteTruncated } from '../util/go-format.js';

/** `end of input`, `identifier "foo"`, `<op:+>`, `<aggr:sum>`, `<by>`, `","`, `number "5"`… */
export function describeToken(t: IToken): string {
  if (tokenMatcher(t, EOF)) return 'end of input';
  const v = t.image;
  const quoted = () => (Array.from(v).length > 10 ? `${goQuoteTruncated(v, 10)}...` : goQuote(v));
  switch (tokenKind(t.tokenType)) {
    case 'eof': return 'end of input';
    case 'operator': return `<op:${v}>`;
    case 'aggregator': return `<aggr:${v}>`;
    case 'keyword': return `<${v}>`;
    case 'identifier': return `identifier ${goQuote(v)}`;
    case 'metric identifier': return `metric identifier ${goQuote(v)}`;
    case 'string': return `string ${quoted()}`;
    case 'number': return `number ${quoted()}`;
    case 'duration': return `duration ${quoted()}`;
    default: return quoted();
  }
}
