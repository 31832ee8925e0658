#!/usr/bin/env node
// Proves that two Supabase-style `database.types.ts` files declare the same types.
//
//   node compare-types.mjs <expected.ts> <actual.ts> [--default-schema S]
//
// Both files are compiled together with the TypeScript compiler (strict) and compared as types,
// not as text: formatting, quoting, and the order of keys, of Relationships entries, of function
// overloads and of union members do not matter. Every difference is printed, one per line, named
// by its path, e.g.
//   Database.public.Tables.posts.Insert.title_length: expected ?: never, got ?: number
// Exit codes: 0 the same types, 1 at least one difference, 2 usage error or a file that does not
// compile.
//
// What is compared:
// - `Database`, recursively: the same keys at every object level (schemas, the five sections,
//   object names, Row/Insert/Update/Relationships, Args/Returns/SetofOptions, columns), the same
//   optionality per key, index signatures, and for every leaf mutual assignability both ways
//   (checker.isTypeAssignableTo), plus a check that `any` on one side is `any` on the other
//   (`any` is assignable both ways to everything).
// - Relationships (a tuple) as a multiset of entries: order inside the tuple is ignored. Each
//   entry is reduced to its literal value ({foreignKeyName, columns, isOneToOne?,
//   referencedRelation, referencedColumns}); the order of `columns`/`referencedColumns` inside an
//   entry does matter (it pairs the columns of a composite key).
// - A function (a union of `{ Args; Returns; SetofOptions? }` overloads) as a set of overloads.
// - An enum as a set of string literals (its declared order is checked through `Constants`).
// - `Json` mutually assignable; `typeof Constants` walked like `Database` (readonly tuples, order
//   matters there: it is the enum's declared order).
// - The helper types: a generated check file instantiates `Tables`, `TablesInsert`,
//   `TablesUpdate`, `Enums` and `CompositeTypes` from both files for every table/view/enum/
//   composite of the default schema (one-argument form) and of every schema (the
//   `{ schema: "s" }, "name"` form) and asserts that the results are mutually assignable.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';

const SECTIONS = ['Tables', 'Views', 'Functions', 'Enums', 'CompositeTypes'];
const EXPORTS = ['Json', 'Database', 'Tables', 'TablesInsert', 'TablesUpdate', 'Enums', 'CompositeTypes', 'Constants'];

function usage(msg) {
  if (msg) process.stderr.write(`compare-types: ${msg}\n`);
  process.stderr.write('usage: node compare-types.mjs <expected.ts> <actual.ts> [--default-schema S]\n');
  process.exit(2);
}

const args = process.argv.slice(2);
let defaultSchema = 'public';
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--default-schema') {
    defaultSchema = args[++i];
    if (!defaultSchema) usage('--default-schema needs a value');
  } else if (args[i].startsWith('--')) usage(`unknown option ${args[i]}`);
  else files.push(args[i]);
}
if (files.length !== 2) usage();
for (const f of files) if (!existsSync(f)) usage(`no such file: ${f}`);

// Both inputs are copied into a scratch folder under fixed names, next to the generated check
// file that imports them.
const dir = mkdtempSync(join(tmpdir(), 'compare-types-'));

function run(expectedPath, actualPath) {
  const eFile = join(dir, 'expected.ts');
  const aFile = join(dir, 'actual.ts');
  copyFileSync(expectedPath, eFile);
  copyFileSync(actualPath, aFile);
  const options = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
    noUnusedLocals: false,
  };

  // 1. Both files must compile on their own.
  const base = ts.createProgram([eFile, aFile], options);
  const compileErrors = ts.getPreEmitDiagnostics(base);
  if (compileErrors.length > 0) {
    const names = { [eFile]: `expected (${files[0]})`, [aFile]: `actual (${files[1]})` };
    for (const d of compileErrors) process.stderr.write(`compare-types: ${formatDiagnostic(d, names)}\n`);
    return 2;
  }

  const diffs = [];
  const checker = base.getTypeChecker();
  const E = moduleExports(checker, base.getSourceFile(eFile));
  const A = moduleExports(checker, base.getSourceFile(aFile));

  for (const name of EXPORTS) {
    if (E.has(name) && !A.has(name)) diffs.push(`exports: missing ${name} (expected exports it, actual does not)`);
    if (!E.has(name) && A.has(name)) diffs.push(`exports: unexpected ${name} (actual exports it, expected does not)`);
  }
  for (const name of A.keys()) {
    if (!E.has(name) && !EXPORTS.includes(name)) diffs.push(`exports: unexpected ${name} (actual exports it, expected does not)`);
  }
  for (const name of E.keys()) {
    if (!A.has(name) && !EXPORTS.includes(name)) diffs.push(`exports: missing ${name} (expected exports it, actual does not)`);
  }

  const cmp = new Comparer(checker, diffs);
  if (E.has('Json') && A.has('Json')) {
    cmp.leaf('Json', typeOfExport(checker, E.get('Json')), typeOfExport(checker, A.get('Json')), 'Json', 'Json');
  }
  let eDb, aDb;
  if (E.has('Database') && A.has('Database')) {
    eDb = typeOfExport(checker, E.get('Database'));
    aDb = typeOfExport(checker, A.get('Database'));
    cmp.compare('Database', eDb, aDb, 0);
  }
  if (E.has('Constants') && A.has('Constants')) {
    cmp.compare('Constants', typeOfExport(checker, E.get('Constants')), typeOfExport(checker, A.get('Constants')), 0);
  }

  // 2. Helper types, instantiated from both files in a generated check file.
  if (eDb && aDb) {
    const helperDiffs = [];
    helperChecks(checker, eDb, aDb, options, [eFile, aFile], helperDiffs);
    // Differences in Database imply differences in the helpers; list the helpers one by one
    // only when Database itself compared equal.
    if (diffs.length === 0) diffs.push(...helperDiffs);
    else if (helperDiffs.length > 0) {
      diffs.push(`helpers: ${helperDiffs.length} helper instantiation(s) also differ (follows from the differences above)`);
    }
  }

  for (const d of diffs) process.stdout.write(`${d}\n`);
  if (diffs.length > 0) {
    process.stdout.write(`compare-types: ${diffs.length} difference(s) between ${files[0]} (expected) and ${files[1]} (actual)\n`);
    return 1;
  }
  process.stdout.write(`compare-types: the same types (${files[0]} and ${files[1]})\n`);
  return 0;
}

function formatDiagnostic(d, names) {
  const msg = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  if (!d.file) return msg;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
  const name = names?.[d.file.fileName] ?? d.file.fileName;
  return `${name}:${line + 1}:${character + 1}: ${msg}`;
}

function moduleExports(checker, sf) {
  const sym = checker.getSymbolAtLocation(sf);
  const map = new Map();
  if (!sym) return map;
  for (const s of checker.getExportsOfModule(sym)) map.set(s.getName(), s);
  return map;
}

function typeOfExport(checker, sym) {
  if (sym.flags & ts.SymbolFlags.TypeAlias) return checker.getDeclaredTypeOfSymbol(sym);
  return checker.getTypeOfSymbol(sym);
}

function key(name) {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

function short(s, n = 300) {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

function oneLine(s) {
  return s.replace(/\s+/g, ' ').replace(/\s*;\s*}/g, ' }').trim();
}

class Comparer {
  constructor(checker, diffs) {
    this.c = checker;
    this.diffs = diffs;
    this.stack = [];
  }

  str(t) {
    return oneLine(this.c.typeToString(t, undefined, ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.InTypeAlias));
  }

  isAny(t) {
    return (t.flags & ts.TypeFlags.Any) !== 0;
  }

  isPlainObject(t) {
    if (!(t.flags & ts.TypeFlags.Object)) return false;
    if (this.c.isArrayType(t) || this.c.isTupleType(t)) return false;
    if (t.getCallSignatures().length > 0 || t.getConstructSignatures().length > 0) return false;
    return true;
  }

  mutuallyAssignable(e, a) {
    if (this.isAny(e) !== this.isAny(a)) return false;
    if (this.containsAny(e) !== this.containsAny(a)) return false;
    return this.c.isTypeAssignableTo(e, a) && this.c.isTypeAssignableTo(a, e);
  }

  containsAny(t, depth = 0) {
    if (this.isAny(t)) return true;
    if (depth > 3) return false;
    if (t.isUnionOrIntersection()) return t.types.some((m) => this.containsAny(m, depth + 1));
    if (this.c.isArrayType(t) || this.c.isTupleType(t)) {
      return this.c.getTypeArguments(t).some((m) => this.containsAny(m, depth + 1));
    }
    return false;
  }

  // Leaf comparison: mutual assignability; eText/aText are what the message shows.
  leaf(path, e, a, eText, aText) {
    if (this.mutuallyAssignable(e, a)) return true;
    let msg = `${path}: expected ${short(eText)}, got ${short(aText)}`;
    if (eText === aText) msg += ` (the referenced types differ: expected ${this.str(e)}, got ${this.str(a)})`;
    this.diffs.push(msg);
    return false;
  }

  // Splits T | null | undefined into [nullish flags, rest types].
  splitNullish(t) {
    const members = t.isUnion() ? t.types : [t];
    let flags = 0;
    const rest = [];
    for (const m of members) {
      if (m.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) flags |= m.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined);
      else rest.push(m);
    }
    return [flags, rest];
  }

  // Deep comparison of two types at a path; pushes every difference found.
  compare(path, e, a, depth, eText, aText, plain = false) {
    eText ??= this.str(e);
    aText ??= this.str(a);
    if (this.stack.some(([x, y]) => x === e && y === a) || depth > 40) {
      return this.leaf(path, e, a, eText, aText);
    }
    this.stack.push([e, a]);
    try {
      return this.compareInner(path, e, a, depth, eText, aText, plain);
    } finally {
      this.stack.pop();
    }
  }

  compareInner(path, e, a, depth, eText, aText, plain) {
    const special = plain ? null : this.special(path);
    if (special === 'relationships') return this.compareRelationships(path, e, a);
    if (special === 'function') return this.compareOverloads(path, e, a, depth);
    if (special === 'enum') return this.compareEnum(path, e, a, eText, aText);

    if (this.isAny(e) || this.isAny(a)) return this.leaf(path, e, a, eText, aText);
    if (this.isPlainObject(e) && this.isPlainObject(a)) return this.compareObjects(path, e, a, depth);
    if (this.c.isTupleType(e) && this.c.isTupleType(a)) return this.compareTuples(path, e, a, depth, eText, aText);
    if (this.c.isArrayType(e) && this.c.isArrayType(a)) {
      const eRo = e.target?.readonly ?? false;
      const aRo = a.target?.readonly ?? false;
      if (eRo !== aRo) {
        this.diffs.push(`${path}: expected ${short(eText)}, got ${short(aText)} (readonly differs)`);
        return false;
      }
      return this.compare(`${path}[]`, this.c.getTypeArguments(e)[0], this.c.getTypeArguments(a)[0], depth + 1);
    }
    // T | null with one object member on both sides: the same nullish part, then walk the object.
    if (e.isUnion() || a.isUnion()) {
      const [ef, er] = this.splitNullish(e);
      const [af, ar] = this.splitNullish(a);
      if (ef === af && er.length === 1 && ar.length === 1 && (this.isPlainObject(er[0]) || this.c.isArrayType(er[0])) &&
          (this.isPlainObject(ar[0]) || this.c.isArrayType(ar[0]))) {
        return this.compare(path, er[0], ar[0], depth + 1);
      }
    }
    return this.leaf(path, e, a, eText, aText);
  }

  special(path) {
    // Database.<schema>.<Section>.<name>[.Relationships]
    const m = /^Database(?:\.[A-Za-z_$][\w$]*|\["(?:[^"\\]|\\.)*"\])(\.\w+)((?:\.[A-Za-z_$][\w$]*|\["(?:[^"\\]|\\.)*"\]))(\.Relationships)?$/.exec(path);
    if (!m) return null;
    const section = m[1].slice(1);
    if (m[3] && (section === 'Tables' || section === 'Views')) return 'relationships';
    if (!m[3] && section === 'Functions') return 'function';
    if (!m[3] && section === 'Enums') return 'enum';
    return null;
  }

  propDisplay(sym, type) {
    const optional = (sym.flags & ts.SymbolFlags.Optional) !== 0;
    const decl = sym.valueDeclaration ?? sym.declarations?.[0];
    let text;
    if (decl && (ts.isPropertySignature(decl) || ts.isPropertyDeclaration(decl)) && decl.type) {
      text = oneLine(decl.type.getText());
    } else {
      text = this.str(type);
    }
    return `${optional ? '?: ' : ': '}${text}`;
  }

  compareObjects(path, e, a, depth) {
    let same = true;
    const eProps = new Map(this.c.getPropertiesOfType(e).map((p) => [p.getName(), p]));
    const aProps = new Map(this.c.getPropertiesOfType(a).map((p) => [p.getName(), p]));
    for (const [name] of eProps) {
      if (!aProps.has(name)) {
        this.diffs.push(`${path}: missing ${JSON.stringify(name)} (expected has it, actual does not)`);
        same = false;
      }
    }
    for (const [name] of aProps) {
      if (!eProps.has(name)) {
        this.diffs.push(`${path}: unexpected ${JSON.stringify(name)} (actual has it, expected does not)`);
        same = false;
      }
    }
    for (const [name, ep] of eProps) {
      const ap = aProps.get(name);
      if (!ap) continue;
      const et = this.c.getTypeOfSymbol(ep);
      const at = this.c.getTypeOfSymbol(ap);
      const eText = this.propDisplay(ep, et);
      const aText = this.propDisplay(ap, at);
      const p = `${path}${key(name)}`;
      const eOpt = (ep.flags & ts.SymbolFlags.Optional) !== 0;
      const aOpt = (ap.flags & ts.SymbolFlags.Optional) !== 0;
      if (eOpt !== aOpt) {
        this.diffs.push(`${p}: expected ${short(eText)}, got ${short(aText)} (optionality differs)`);
        same = false;
        continue;
      }
      const eRo = isReadonly(ep);
      const aRo = isReadonly(ap);
      if (eRo !== aRo) {
        this.diffs.push(`${p}: expected ${eRo ? 'readonly' : 'mutable'}, got ${aRo ? 'readonly' : 'mutable'}`);
        same = false;
      }
      // A property that refers to another part of Database (an enum, a composite, a row) is
      // compared there; here it only has to be mutually assignable.
      // When both sides spell the same reference, a difference is reported once, where the
      // referenced enum/composite/row is declared.
      const refers = refersElsewhere(ep) || refersElsewhere(ap);
      if (refers && eText === aText) continue;
      if (refers) same = this.leaf(p, et, at, eText, aText) && same;
      else same = this.compare(p, et, at, depth + 1, eText, aText) && same;
    }
    // Index signatures (e.g. Args: Record<PropertyKey, never>)
    const eIdx = this.c.getIndexInfosOfType(e);
    const aIdx = this.c.getIndexInfosOfType(a);
    const idxKey = (i) => this.str(i.keyType);
    const aIdxMap = new Map(aIdx.map((i) => [idxKey(i), i]));
    const eIdxMap = new Map(eIdx.map((i) => [idxKey(i), i]));
    for (const [k, ei] of eIdxMap) {
      const ai = aIdxMap.get(k);
      if (!ai) {
        this.diffs.push(`${path}: missing index signature [key: ${k}]: ${this.str(ei.type)} (actual is ${this.str(a)})`);
        same = false;
      } else {
        same = this.leaf(`${path}[key: ${k}]`, ei.type, ai.type, this.str(ei.type), this.str(ai.type)) && same;
      }
    }
    for (const [k, ai] of aIdxMap) {
      if (!eIdxMap.has(k)) {
        this.diffs.push(`${path}: unexpected index signature [key: ${k}]: ${this.str(ai.type)} (expected is ${this.str(e)})`);
        same = false;
      }
    }
    return same;
  }

  compareTuples(path, e, a, depth, eText, aText) {
    const es = this.c.getTypeArguments(e);
    const as = this.c.getTypeArguments(a);
    const eRo = e.target?.readonly ?? false;
    const aRo = a.target?.readonly ?? false;
    if (es.length !== as.length || eRo !== aRo) {
      this.diffs.push(`${path}: expected ${short(eText)}, got ${short(aText)}`);
      return false;
    }
    let same = true;
    for (let i = 0; i < es.length; i++) same = this.compare(`${path}[${i}]`, es[i], as[i], depth + 1) && same;
    return same;
  }

  // The literal value a type stands for (string/number/boolean literals, tuples, objects), or
  // undefined when it is not a literal.
  literal(t, depth = 0) {
    if (depth > 10) return undefined;
    if (t.isStringLiteral() || t.isNumberLiteral()) return t.value;
    if (t.flags & ts.TypeFlags.BooleanLiteral) return this.c.typeToString(t) === 'true';
    if (t.flags & ts.TypeFlags.Null) return null;
    if (this.c.isTupleType(t)) {
      const out = [];
      for (const m of this.c.getTypeArguments(t)) {
        const v = this.literal(m, depth + 1);
        if (v === undefined) return undefined;
        out.push(v);
      }
      return out;
    }
    if (this.isPlainObject(t)) {
      const out = {};
      for (const p of this.c.getPropertiesOfType(t).sort((x, y) => (x.getName() < y.getName() ? -1 : 1))) {
        if (p.flags & ts.SymbolFlags.Optional) return undefined;
        const v = this.literal(this.c.getTypeOfSymbol(p), depth + 1);
        if (v === undefined) return undefined;
        out[p.getName()] = v;
      }
      return out;
    }
    return undefined;
  }

  relationshipEntries(path, t, side) {
    if (!this.c.isTupleType(t)) {
      this.diffs.push(`${path}: ${side} is not a tuple (${this.str(t)})`);
      return null;
    }
    const entries = [];
    for (const m of this.c.getTypeArguments(t)) {
      const v = this.literal(m);
      if (v === undefined) {
        this.diffs.push(`${path}: ${side} has an entry that is not a literal: ${this.str(m)}`);
        return null;
      }
      entries.push(JSON.stringify(v));
    }
    return entries;
  }

  compareRelationships(path, e, a) {
    const es = this.relationshipEntries(path, e, 'expected');
    const as = this.relationshipEntries(path, a, 'actual');
    if (!es || !as) return false;
    return this.multisetDiff(path, es, as, 'entry');
  }

  multisetDiff(path, es, as, what) {
    const count = (xs) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map());
    const ec = count(es);
    const ac = count(as);
    let same = true;
    for (const [x, n] of ec) {
      const m = ac.get(x) ?? 0;
      if (m < n) {
        this.diffs.push(`${path}: missing ${what} ${x}${n - m > 1 ? ` (x${n - m})` : ''}`);
        same = false;
      }
    }
    for (const [x, n] of ac) {
      const m = ec.get(x) ?? 0;
      if (m < n) {
        this.diffs.push(`${path}: unexpected ${what} ${x}${n - m > 1 ? ` (x${n - m})` : ''}`);
        same = false;
      }
    }
    return same;
  }

  compareEnum(path, e, a, eText, aText) {
    const labels = (t) => {
      const ms = t.isUnion() ? t.types : [t];
      if (!ms.every((m) => m.isStringLiteral())) return null;
      return ms.map((m) => JSON.stringify(m.value));
    };
    const el = labels(e);
    const al = labels(a);
    if (!el || !al) return this.leaf(path, e, a, eText, aText);
    return this.multisetDiff(path, el, al, 'label');
  }

  // A function: a union of overload objects, compared as a set. Overloads are paired by
  // their Args key set; a pair is compared deeply, the rest is reported whole.
  compareOverloads(path, e, a, depth) {
    const members = (t) => (t.isUnion() ? [...t.types] : [t]);
    const em = members(e);
    const am = members(a);
    if (em.length === 1 && am.length === 1) {
      return this.compareInner(path, em[0], am[0], depth + 1, this.str(em[0]), this.str(am[0]), true);
    }
    const argsKey = (t) => {
      const args = t.getProperty?.('Args');
      if (!args) return this.str(t);
      const at = this.c.getTypeOfSymbol(args);
      if (!this.isPlainObject(at)) return this.str(at);
      return JSON.stringify(this.c.getPropertiesOfType(at).map((p) => p.getName()).sort()) +
        this.c.getIndexInfosOfType(at).map((i) => this.str(i.keyType)).join(',');
    };
    // Exact matches first.
    const restE = [];
    const restA = [...am];
    for (const x of em) {
      const i = restA.findIndex((y) => this.quietlySame(x, y));
      if (i >= 0) restA.splice(i, 1);
      else restE.push(x);
    }
    if (restE.length === 0 && restA.length === 0) return true;
    // Then pair the leftovers by Args keys and show the differences inside.
    for (const x of [...restE]) {
      const k = argsKey(x);
      const i = restA.findIndex((y) => argsKey(y) === k);
      if (i >= 0) {
        const y = restA.splice(i, 1)[0];
        restE.splice(restE.indexOf(x), 1);
        this.compare(`${path}(overload Args keys ${k})`, x, y, depth + 1, undefined, undefined, true);
      }
    }
    for (const x of restE) this.diffs.push(`${path}: missing overload ${short(this.str(x), 600)}`);
    for (const y of restA) this.diffs.push(`${path}: unexpected overload ${short(this.str(y), 600)}`);
    return false;
  }

  quietlySame(x, y) {
    const saved = this.diffs;
    this.diffs = [];
    try {
      this.compare('(probe)', x, y, 0, undefined, undefined, true);
      return this.diffs.length === 0;
    } finally {
      this.diffs = saved;
    }
  }
}

// Is the property declared as a reference into Database (Database["s"]["Enums"]["e"], an array
// of one, either with `| null`)? Such a type is compared where it is declared.
function refersElsewhere(sym) {
  const decl = sym.valueDeclaration ?? sym.declarations?.[0];
  let node = decl && (ts.isPropertySignature(decl) || ts.isPropertyDeclaration(decl)) ? decl.type : undefined;
  if (!node) return false;
  if (ts.isUnionTypeNode(node)) {
    const rest = node.types.filter((t) => !(ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword) &&
      t.kind !== ts.SyntaxKind.UndefinedKeyword);
    if (rest.length !== 1) return false;
    node = rest[0];
  }
  while (ts.isArrayTypeNode(node) || ts.isParenthesizedTypeNode(node)) node = ts.isArrayTypeNode(node) ? node.elementType : node.type;
  return ts.isIndexedAccessTypeNode(node);
}

function isReadonly(sym) {
  const decl = sym.valueDeclaration ?? sym.declarations?.[0];
  if (decl && ts.getCombinedModifierFlags && (ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Readonly)) return true;
  // `as const` object literals: the checker marks the property readonly.
  return (ts.getCheckFlags?.(sym) ?? sym.links?.checkFlags ?? 0) & 8 /* CheckFlags.Readonly */ ? true : false;
}

// Instantiates the helper types from both files in a generated check file and asserts that each
// pair is mutually assignable (and that `any` appears on both sides or neither).
function helperChecks(checker, eDb, aDb, options, roots, diffs) {
  const names = (db, schema, section) => {
    const s = db.getProperty(schema);
    if (!s) return [];
    const sec = checker.getTypeOfSymbol(s).getProperty(section);
    if (!sec) return [];
    return checker.getPropertiesOfType(checker.getTypeOfSymbol(sec)).map((p) => p.getName());
  };
  const both = (schema, section) => {
    const a = new Set(names(aDb, schema, section));
    return names(eDb, schema, section).filter((n) => a.has(n));
  };
  const eSchemas = checker.getPropertiesOfType(eDb).map((p) => p.getName()).filter((n) => n !== '__InternalSupabase');
  const aSchemas = new Set(checker.getPropertiesOfType(aDb).map((p) => p.getName()));
  const schemas = eSchemas.filter((s) => aSchemas.has(s));

  const lines = [
    "import type * as E from './expected'",
    "import type * as A from './actual'",
    'type IsAny<T> = 0 extends 1 & T ? true : false',
    'type Same<X, Y> = IsAny<X> extends IsAny<Y> ? ([X] extends [Y] ? ([Y] extends [X] ? true : false) : false) : false',
    'type Expect<T extends true> = T',
  ];
  const labels = new Map();
  const add = (label, expr) => {
    lines.push(`type _${lines.length} = Expect<Same<E.${expr}, A.${expr}>>`);
    labels.set(lines.length, label);
  };
  const lit = JSON.stringify;
  const plan = [
    ['Tables', ['Tables', 'Views']],
    ['TablesInsert', ['Tables']],
    ['TablesUpdate', ['Tables']],
    ['Enums', ['Enums']],
    ['CompositeTypes', ['CompositeTypes']],
  ];
  for (const [helper, sections] of plan) {
    for (const schema of schemas) {
      for (const section of sections) {
        for (const n of both(schema, section)) {
          if (schema === defaultSchema) add(`${helper}<${lit(n)}>`, `${helper}<${lit(n)}>`);
          add(`${helper}<{ schema: ${lit(schema)} }, ${lit(n)}>`, `${helper}<{ schema: ${lit(schema)} }, ${lit(n)}>`);
        }
      }
    }
  }
  const checkFile = join(dir, 'helpers-check.ts');
  writeFileSync(checkFile, `${lines.join('\n')}\n`);
  const program = ts.createProgram([...roots, checkFile], options);
  const sf = program.getSourceFile(checkFile);
  const seen = new Set();
  for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
    const line = sf.getLineAndCharacterOfPosition(d.start ?? 0).line + 1;
    const label = labels.get(line);
    if (!label) {
      diffs.push(`helpers: ${formatDiagnostic(d)}`);
      continue;
    }
    if (seen.has(line)) continue;
    seen.add(line);
    const text = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    const reason = /Type 'false' does not satisfy the constraint 'true'/.test(text)
      ? 'expected and actual resolve to different types'
      : oneLine(text).slice(0, 400);
    diffs.push(`helpers: ${label}: ${reason}`);
  }
}

// Runs last, once every class and function above is defined.
let exitCode = 2;
try {
  exitCode = run(resolve(files[0]), resolve(files[1]));
} catch (err) {
  process.stderr.write(`compare-types: internal error: ${err?.stack ?? err}\n`);
  exitCode = 2;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(exitCode);
