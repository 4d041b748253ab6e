import { relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * The promise check of `npm run lint`: the stores are asynchronous, and a promise nobody awaits is a write that may land
 * after the answer, or an error nobody sees. Using the type checker over the whole project, it reports
 * - a statement that makes a promise and drops it (write `await`, or `void` when fire-and-forget is meant);
 * - an async function passed or assigned where the receiver expects a function returning a plain value, which would
 *   drop its promise the same way;
 * - a promise used as a condition (`!p`, `p && …`, `p ? …`) or written into a template string.
 * Exits 1 with one line per finding.
 */
export function findPromiseMisuse(
  fileNames: readonly string[],
  options: ts.CompilerOptions,
  root: string,
): string[] {
  const program = ts.createProgram(fileNames, options);
  const checker = program.getTypeChecker();
  const findings: string[] = [];

  function isPromise(type: ts.Type): boolean {
    if (type.isUnion()) return type.types.some(isPromise);
    const name = (type.aliasSymbol ?? type.getSymbol())?.getName();
    return name === 'Promise';
  }

  /** True when every call signature of `type` returns something that is not (and may not be) a promise. */
  function expectsPlainResult(type: ts.Type): boolean {
    const signatures = type.getCallSignatures();
    if (signatures.length === 0) return false;
    return signatures.every((signature) => {
      const result = signature.getReturnType();
      if (result.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter)) return false;
      const text = checker.typeToString(result);
      return (
        !isPromise(result) &&
        !text.includes('Promise') &&
        !text.includes('Awaitable') &&
        !text.includes('PromiseLike')
      );
    });
  }

  function returnsPromise(node: ts.Expression): boolean {
    const signatures = checker.getTypeAtLocation(node).getCallSignatures();
    return signatures.length > 0 && signatures.every((s) => isPromise(s.getReturnType()));
  }

  function report(node: ts.Node, what: string): void {
    const source = node.getSourceFile();
    const { line } = source.getLineAndCharacterOfPosition(node.getStart());
    const text = node.getText().replace(/\s+/g, ' ').slice(0, 70);
    findings.push(`${relative(root, source.fileName)}:${line + 1}: ${what}: ${text}`);
  }

  function visit(node: ts.Node): void {
    if (ts.isExpressionStatement(node)) {
      const e = node.expression;
      const chained =
        ts.isCallExpression(e) &&
        ts.isPropertyAccessExpression(e.expression) &&
        ['catch', 'then', 'finally'].includes(e.expression.name.text);
      if (
        (ts.isCallExpression(e) || ts.isPropertyAccessExpression(e)) &&
        !chained &&
        isPromise(checker.getTypeAtLocation(e))
      )
        report(node, 'a promise is dropped (await it, or void it on purpose)');
    }
    if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && returnsPromise(node)) {
      const expected = checker.getContextualType(node);
      if (expected && expectsPlainResult(expected))
        report(node, 'an async function where a plain result is expected');
    }
    if (ts.isCallExpression(node)) {
      for (const arg of node.arguments) {
        if (!(ts.isIdentifier(arg) || ts.isPropertyAccessExpression(arg)) || !returnsPromise(arg)) continue;
        const expected = checker.getContextualType(arg);
        if (expected && expectsPlainResult(expected))
          report(arg, 'an async function where a plain result is expected');
      }
    }
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) {
      if (isPromise(checker.getTypeAtLocation(node.operand))) report(node, 'a promise used as a condition');
    }
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if (
        (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) &&
        isPromise(checker.getTypeAtLocation(node.left))
      )
        report(node, 'a promise used as a condition');
    }
    if (ts.isConditionalExpression(node) && isPromise(checker.getTypeAtLocation(node.condition)))
      report(node, 'a promise used as a condition');
    if (ts.isTemplateSpan(node) && isPromise(checker.getTypeAtLocation(node.expression)))
      report(node, 'a promise written into a string');
    ts.forEachChild(node, visit);
  }

  for (const source of program.getSourceFiles()) {
    if (source.isDeclarationFile || source.fileName.includes('/node_modules/')) continue;
    visit(source);
  }
  return findings;
}

/** The project's own files, as `npm run lint` checks them. */
function main(): void {
  const root = resolve(import.meta.dirname, '..');
  const config = ts.getParsedCommandLineOfConfigFile(
    resolve(root, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => {},
    },
  );
  if (!config) throw new Error('tsconfig.json could not be read');
  const own = config.fileNames.filter((file) => !file.includes('/test/fixtures/promises/'));
  const findings = findPromiseMisuse(own, config.options, root);
  if (findings.length > 0) {
    console.error(findings.join('\n'));
    console.error(`\ncheck-promises: ${findings.length} finding(s)`);
    process.exit(1);
  }
  console.log('check-promises: no dropped or misused promises');
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main();
