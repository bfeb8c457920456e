import type { z } from './zod';

/**
 * A faster `safeParse` for values fresh from `JSON.parse`, built from the zod
 * schema itself (so every rule stays in the schema): a compiled check that
 * answers "valid, and here is exactly what zod would give" or "not sure".
 * When it is not sure — any rule fails, or the schema uses something this
 * compiler does not know — zod itself parses the value, so what is accepted,
 * what is refused and every error message are zod's own.
 *
 * Why: zod runs ~200 checks per node report through a payload object each
 * and copies every object and array, 5,000 times a cycle; those copies live a
 * whole cycle in the stored report and so are promoted to the old generation.
 * The compiled check allocates nothing when the answer already has zod's
 * shape (the keys the schema knows, in its order, none missing that has a
 * default): it returns the parsed JSON itself. Otherwise it builds the copy
 * zod would (unknown keys dropped, defaults filled, keys in the schema's order).
 *
 * Only for values the caller owns (straight from `JSON.parse`): the result
 * may be the input itself.
 */

/** "Not sure": zod decides. */
const UNSURE: unique symbol = Symbol('unsure');
type Check = (value: unknown) => unknown;

/** The parts of a zod 4 schema definition this compiler reads. */
type Def = {
  type: string;
  checks?: Array<{ _zod: { def: CheckDef } }>;
  shape?: Record<string, Schema>;
  catchall?: Schema;
  element?: Schema;
  innerType?: Schema;
  options?: Schema[];
  entries?: Record<string, unknown>;
  defaultValue?: unknown;
  coerce?: boolean;
};
type CheckDef = { check: string; minimum?: number; maximum?: number; value?: number; inclusive?: boolean; format?: string };
type Schema = { _zod: { def: Def } };

/** Thrown while compiling: this schema uses something the compiler does not handle, so zod parses everything. */
class Unsupported extends Error {}

type Bound = (value: number) => boolean;

/** Length and size bounds, exactly as zod's checks of the same names. */
function lengthBounds(def: Def): Bound {
  const bounds: Bound[] = [];
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === 'max_length' && typeof c.maximum === 'number') bounds.push(maxOf(c.maximum));
    else if (c.check === 'min_length' && typeof c.minimum === 'number') bounds.push(minOf(c.minimum));
    else throw new Unsupported(`${def.type} check ${c.check}`);
  }
  return allOf(bounds);
}

function numberBounds(def: Def): Bound {
  const bounds: Bound[] = [];
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === 'number_format' && c.format === 'safeint') bounds.push(Number.isSafeInteger);
    else if (c.check === 'greater_than' && typeof c.value === 'number') bounds.push(c.inclusive ? minOf(c.value) : aboveOf(c.value));
    else if (c.check === 'less_than' && typeof c.value === 'number') bounds.push(c.inclusive ? maxOf(c.value) : belowOf(c.value));
    else throw new Unsupported(`number check ${c.check}${c.format ? ` ${c.format}` : ''}`);
  }
  return allOf(bounds);
}

const maxOf = (limit: number): Bound => (value) => value <= limit;
const minOf = (limit: number): Bound => (value) => value >= limit;
const aboveOf = (limit: number): Bound => (value) => value > limit;
const belowOf = (limit: number): Bound => (value) => value < limit;

function allOf(bounds: Bound[]): Bound {
  if (bounds.length === 0) return () => true;
  if (bounds.length === 1) return bounds[0];
  if (bounds.length === 2) {
    const [first, second] = bounds;
    return (value) => first(value) && second(value);
  }
  return (value) => bounds.every((bound) => bound(value));
}

function noChecks(def: Def): void {
  if (def.checks && def.checks.length > 0) throw new Unsupported(`checks on ${def.type}`);
}

/** One key of an object: its check, and what zod does when the key is absent. */
type Field = { key: string; check: Check; absent: 'omit' | 'fail' | (() => unknown) };

function field(key: string, schema: Schema): Field {
  const def = schema._zod.def;
  if (def.type === 'optional') return { key, check: compile(def.innerType!), absent: 'omit' };
  if (def.type === 'default') {
    noChecks(def);
    // The getter gives a fresh copy of the default each time, as zod's own parse does.
    return { key, check: compile(def.innerType!), absent: () => def.defaultValue };
  }
  return { key, check: compile(schema), absent: 'fail' };
}

function compileObject(def: Def): Check {
  noChecks(def);
  if (def.catchall !== undefined) throw new Unsupported('object with catchall (strict or passthrough)');
  const fields = Object.entries(def.shape!).map(([key, schema]) => field(key, schema));
  const count = fields.length;
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return UNSURE;
    const input = value as Record<string, unknown>;
    let out: Record<string, unknown> | null = keysInSchemaOrder(input, fields) ? null : {};
    for (let i = 0; i < count; i++) {
      const { key, check, absent } = fields[i];
      const given = input[key];
      let result: unknown;
      if (given === undefined) {
        // A key present with the value undefined is not JSON; zod decides.
        if (key in input) return UNSURE;
        if (absent === 'omit') continue;
        if (absent === 'fail') return UNSURE;
        result = absent();
      } else {
        result = check(given);
        if (result === UNSURE) return UNSURE;
      }
      if (out === null && result !== given) out = copyBefore(input, fields, i);
      if (out !== null) out[key] = result;
    }
    return out ?? input;
  };
}

/** Whether every key of the input is one of the schema's, in the schema's order (so the input can be returned as is). */
function keysInSchemaOrder(input: Record<string, unknown>, fields: readonly Field[]): boolean {
  let next = 0;
  for (const key in input) {
    while (next < fields.length && fields[next].key !== key) next++;
    if (next === fields.length) return false;
    next++;
  }
  return true;
}

/** The output so far when the input can no longer be returned as is: the keys before `end`, unchanged. */
function copyBefore(input: Record<string, unknown>, fields: readonly Field[], end: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < end; i++) {
    const key = fields[i].key;
    if (input[key] !== undefined) out[key] = input[key];
  }
  return out;
}

function compileArray(def: Def): Check {
  const withinLength = lengthBounds(def);
  const element = compile(def.element!);
  return (value) => {
    if (!Array.isArray(value)) return UNSURE;
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const result = element(value[i]);
      if (result === UNSURE) return UNSURE;
      if (out === null && result !== value[i]) out = value.slice(0, i);
      if (out !== null) out.push(result);
    }
    // zod checks the length after the elements; either way a failure is zod's to report.
    return withinLength(value.length) ? (out ?? value) : UNSURE;
  };
}

function compile(schema: Schema): Check {
  const def = schema._zod.def;
  if (def.coerce) throw new Unsupported(`coerced ${def.type}`);
  switch (def.type) {
    case 'object':
      return compileObject(def);
    case 'array':
      return compileArray(def);
    case 'string': {
      const withinLength = lengthBounds(def);
      return (value) => (typeof value === 'string' && withinLength(value.length) ? value : UNSURE);
    }
    case 'number': {
      const within = numberBounds(def);
      // zod refuses NaN and ±Infinity (JSON.parse gives Infinity for 1e400).
      return (value) => (typeof value === 'number' && Number.isFinite(value) && within(value) ? value : UNSURE);
    }
    case 'boolean':
      noChecks(def);
      return (value) => (typeof value === 'boolean' ? value : UNSURE);
    case 'enum': {
      noChecks(def);
      const values = new Set(Object.values(def.entries!));
      return (value) => (values.has(value) ? value : UNSURE);
    }
    case 'nullable': {
      const inner = compile(def.innerType!);
      return (value) => (value === null ? null : inner(value));
    }
    case 'union': {
      noChecks(def);
      // zod takes the first option that accepts; options that copy are not handled (an input could match two).
      const options = def.options!.map((option) => {
        const type = option._zod.def.type;
        if (type !== 'string' && type !== 'number' && type !== 'boolean' && type !== 'enum') throw new Unsupported(`union of ${type}`);
        return compile(option);
      });
      return (value) => {
        for (const option of options) {
          if (option(value) !== UNSURE) return value;
        }
        return UNSURE;
      };
    }
    default:
      // optional and default are handled where zod gives them meaning: as an object's field.
      throw new Unsupported(def.type);
  }
}

/**
 * `schema.safeParse`, answered by the compiled check when it is sure and by
 * zod otherwise. Falls back to plain `safeParse` for a schema the compiler
 * does not handle.
 */
export function fastSafeParse<S extends z.ZodType>(schema: S): (json: unknown) => z.ZodSafeParseResult<z.output<S>> {
  let check: Check;
  try {
    check = compile(schema as unknown as Schema);
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
    return (json) => schema.safeParse(json);
  }
  return (json) => {
    const data = check(json);
    return data === UNSURE ? schema.safeParse(json) : { success: true, data: data as z.output<S> };
  };
}

/** Whether the compiler handles every part of this schema (else `fastSafeParse` is plain `safeParse`). */
export function compilesFast(schema: z.ZodType): boolean {
  try {
    compile(schema as unknown as Schema);
    return true;
  } catch (error) {
    if (error instanceof Unsupported) return false;
    throw error;
  }
}
