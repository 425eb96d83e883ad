/**
 * The intermediate description of an arbitrary. The type analysis (in `@assay/core`) produces it from
 * a TypeScript type; this package renders it two ways: as a live `fc.Arbitrary` for exploration and as
 * fast-check source code for generated tests. Keeping one description guarantees both agree.
 */
export type ArbitrarySpec =
  | BooleanSpec
  | NumberSpec
  | StringSpec
  | BigIntSpec
  | ConstantSpec
  | UnionSpec
  | ArraySpec
  | TupleSpec
  | ObjectSpec
  | AnythingSpec;

export interface BooleanSpec {
  kind: 'boolean';
}

export interface NumberSpec {
  kind: 'number';
  /** Only whole numbers (from `@integer`, or a name such as `count`/`index`). */
  integer?: boolean;
  min?: number;
  max?: number;
}

export interface StringSpec {
  kind: 'string';
  minLength?: number;
  maxLength?: number;
}

export interface BigIntSpec {
  kind: 'bigint';
}

/** Exactly one value: a literal type, an enum member, `null` or `undefined`. */
export interface ConstantSpec {
  kind: 'constant';
  value: string | number | boolean | bigint | null | undefined;
  /** How to write the value in generated code when it is not a plain literal, e.g. `Color.Red`. */
  label?: string;
}

export interface UnionSpec {
  kind: 'union';
  members: ArbitrarySpec[];
}

export interface ArraySpec {
  kind: 'array';
  item: ArbitrarySpec;
  minLength?: number;
  maxLength?: number;
}

export interface TupleSpec {
  kind: 'tuple';
  items: ArbitrarySpec[];
}

export interface ObjectSpec {
  kind: 'object';
  properties: PropertySpec[];
}

export interface PropertySpec {
  name: string;
  spec: ArbitrarySpec;
  optional: boolean;
}

/** `unknown`/`any`: any JSON-like value. */
export interface AnythingSpec {
  kind: 'anything';
}
