import { parse } from '@babel/parser';
import type * as t from '@babel/types';
import { ProjectError } from '../project-error';

/** A value the reader could not work out without running the file. */
const UNKNOWN = Symbol('unknown');
type Value = string | number | boolean | null | Value[] | { [key: string]: Value } | typeof UNKNOWN;

/**
 * The app configuration of a Taro project, `src/app.config.ts|js`, read without running it. It is code
 * (`export default defineAppConfig({ pages: [...] })`, `export default { ... }`, `const config = {...}; export
 * default config`, or `module.exports = {...}`), so it is parsed (Babel's parser, plain JavaScript that ships
 * with the CLI, no TypeScript compiler at run time) and its literal parts evaluated: strings, arrays, objects,
 * constants declared in the same file, spreads of those. Running the file instead would run the team's code
 * and its imports in `add`; a page list built at run time (a function call, an import) is refused with a
 * message saying so, never guessed.
 */
export function readTaroAppConfig(source: string, file: string): unknown {
  const program = parseSource(source, file);
  let exported: t.Expression | undefined;
  for (const statement of program.body) {
    if (statement.type === 'ExportDefaultDeclaration' && isExpression(statement.declaration)) exported = statement.declaration;
    if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression') {
      const left = statement.expression.left;
      if (left.type === 'MemberExpression' && isName(left.object, 'module') && isName(left.property, 'exports')) exported = statement.expression.right;
    }
  }
  if (!exported) throw new ProjectError(`${file}: found no \`export default\` of the app configuration`);
  const config = literalValue(program, exported);
  if (!config || typeof config !== 'object' || Array.isArray(config)) {
    throw new ProjectError(`${file}: the default export is not an object literal \`add\` can read without running the file`);
  }
  assertPagesKnown(config, file);
  return config;
}

/**
 * The app configuration of a Taro 1/2 project: the `config` class property of the app component in
 * `src/app.tsx|jsx|ts|js` (`class App extends Component { config: Config = { pages: [...] } }`), which Taro 1/2's
 * build lifted into app.json. Read as readTaroAppConfig reads app.config: parsed, its literal parts evaluated,
 * never run.
 */
export function readTaroClassConfig(source: string, file: string): unknown {
  const program = parseSource(source, file);
  let found: t.Expression | undefined;
  for (const statement of program.body) {
    const decl = statement.type === 'ExportDefaultDeclaration' || statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (decl?.type !== 'ClassDeclaration') continue;
    for (const member of decl.body.body) {
      if (member.type === 'ClassProperty' && !member.computed && isName(member.key, 'config') && member.value) found = member.value;
    }
  }
  if (!found) throw new ProjectError(`${file}: found no \`config = { pages: [...] }\` in a class (Taro 1/2's app configuration)`);
  const config = literalValue(program, found);
  if (!config || typeof config !== 'object' || Array.isArray(config)) {
    throw new ProjectError(`${file}: the class's \`config\` is not an object literal \`add\` can read without running the file`);
  }
  assertPagesKnown(config, file);
  return config;
}

function parseSource(source: string, file: string): t.Program {
  try {
    // decorators: Taro 1/2 apps often wrap the app class (@connect, @inject, @observer)
    return parse(source, { sourceType: 'module', plugins: ['typescript', 'jsx', 'decorators-legacy'], errorRecovery: false }).program;
  } catch (error) {
    throw new ProjectError(`${file}: could not be parsed (${(error as Error).message}); fix the file and run again`);
  }
}

/** The value of `node` worked out from literals and the file's top-level constants; UNKNOWN parts stay UNKNOWN. */
function literalValue(program: t.Program, node: t.Expression): Value {
  const constants = new Map<string, t.Expression>();
  for (const statement of program.body) {
    const decl = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (decl?.type === 'VariableDeclaration') {
      for (const d of decl.declarations) if (d.id.type === 'Identifier' && d.init) constants.set(d.id.name, d.init);
    }
  }
  const evaluate = (node: t.Node, depth: number): Value => {
    if (depth > 50) return UNKNOWN;
    switch (node.type) {
      case 'StringLiteral':
      case 'NumericLiteral':
      case 'BooleanLiteral':
        return node.value;
      case 'NullLiteral':
        return null;
      case 'TemplateLiteral':
        return node.expressions.length === 0 ? node.quasis.map((q) => q.value.cooked ?? q.value.raw).join('') : UNKNOWN;
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'ParenthesizedExpression':
        return evaluate(node.expression, depth + 1);
      case 'Identifier': {
        const init = constants.get(node.name);
        return init ? evaluate(init, depth + 1) : UNKNOWN;
      }
      case 'CallExpression':
        // defineAppConfig({...}) is an identity function of @tarojs/taro, declared for types
        return isName(node.callee, 'defineAppConfig') && node.arguments[0] ? evaluate(node.arguments[0], depth + 1) : UNKNOWN;
      case 'ArrayExpression': {
        const out: Value[] = [];
        for (const el of node.elements) {
          if (!el) continue;
          if (el.type === 'SpreadElement') {
            const spread = evaluate(el.argument, depth + 1);
            if (Array.isArray(spread)) out.push(...spread);
            else out.push(UNKNOWN);
          } else out.push(evaluate(el, depth + 1));
        }
        return out;
      }
      case 'ObjectExpression': {
        const out: { [key: string]: Value } = {};
        for (const prop of node.properties) {
          if (prop.type === 'SpreadElement') {
            const spread = evaluate(prop.argument, depth + 1);
            if (spread && typeof spread === 'object' && !Array.isArray(spread)) Object.assign(out, spread);
            continue;
          }
          if (prop.type !== 'ObjectProperty' || prop.computed) continue;
          const key = prop.key.type === 'Identifier' ? prop.key.name : prop.key.type === 'StringLiteral' ? prop.key.value : undefined;
          if (key !== undefined) out[key] = evaluate(prop.value, depth + 1);
        }
        return out;
      }
      default:
        return UNKNOWN;
    }
  };
  return evaluate(node, 0);
}

/** Pages and subpackage roots must be literals: a page list computed at run time cannot be read. */
function assertPagesKnown(config: { [key: string]: Value }, file: string): void {
  const unreadable = () =>
    new ProjectError(
      `${file}: its pages are computed (a variable from another file, a function call or a condition), which \`add\` cannot read without running the file. ` +
        'Write pages and subpackages as string literals, build the app once so `add` reads its app.json, or pass the pages with --pages',
    );
  const strings = (v: Value | undefined) => {
    if (v === undefined) return;
    if (!Array.isArray(v) || v.some((p) => typeof p !== 'string')) throw unreadable();
  };
  strings(config.pages);
  for (const key of ['subpackages', 'subPackages']) {
    const subs = config[key];
    if (subs === undefined) continue;
    if (!Array.isArray(subs)) throw unreadable();
    for (const sub of subs) {
      if (!sub || typeof sub !== 'object' || Array.isArray(sub) || typeof sub.root !== 'string') throw unreadable();
      strings(sub.pages);
    }
  }
}

function isName(node: t.Node, name: string): boolean {
  return node.type === 'Identifier' && node.name === name;
}

function isExpression(node: t.Node): node is t.Expression {
  return !node.type.endsWith('Declaration');
}

/**
 * Taro's output folder as its build configuration names it (`outputRoot: 'dist'` in config/index.js, at the top
 * level or inside the function Taro 3.6 exports); undefined when the file does not parse, has no outputRoot, or
 * computes it (`dist/${process.env.TARO_ENV}`).
 */
export function readTaroOutputRoot(source: string): string | undefined {
  let program: t.Program;
  try {
    program = parseSource(source, 'config/index.js');
  } catch {
    return undefined;
  }
  let found: string | undefined;
  const visit = (node: unknown): void => {
    if (found !== undefined || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const n = node as t.Node;
    if (n.type === 'ObjectProperty' && !n.computed && (isName(n.key, 'outputRoot') || (n.key.type === 'StringLiteral' && n.key.value === 'outputRoot'))) {
      const value = literalValue(program, n.value as t.Expression);
      if (typeof value === 'string') found = value;
      return;
    }
    for (const [key, child] of Object.entries(n)) if (key !== 'loc' && key !== 'leadingComments' && key !== 'trailingComments') visit(child);
  };
  visit(program.body);
  return found;
}
