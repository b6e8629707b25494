// Counts the names an entry point exports (values and types), through the TypeScript checker:
// `node tools/api/count-exports.mjs src/index.ts [--names]`.
import ts from 'typescript';

const file = process.argv[2];
const program = ts.createProgram([file], {
  module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, noEmit: true,
});
const checker = program.getTypeChecker();
const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(file)));
const isValue = (s) => ((s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s).flags & ts.SymbolFlags.Value) !== 0;
const values = exports.filter(isValue).map((s) => s.name).sort();
const types = exports.filter((s) => !isValue(s)).map((s) => s.name).sort();
console.log(JSON.stringify({ file, total: exports.length, values: values.length, types: types.length }));
if (process.argv.includes('--names')) console.log(`values: ${values.join(' ')}\ntypes: ${types.join(' ')}`);
