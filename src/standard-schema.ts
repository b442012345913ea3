/**
 * The Standard Schema v1 interface (https://standardschema.dev), copied as its
 * authors intend so that `json(schema)` accepts zod, valibot, arktype … with
 * no dependency. Types, plus `schemaFailure()` below, which words the error message.
 *
 * @example
 * ```ts
 * import { z } from 'zod'
 *
 * const User = z.object({ login: z.string(), id: z.number() })
 * const user = await get('https://api.github.com/user', { auth }).json(User)   // typed { login: string; id: number }, or ParseError
 * ```
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  /** The schema library's implementation of the standard. */
  readonly '~standard': StandardSchemaV1.Props<Input, Output>
}

/** The types of the Standard Schema v1 interface (see the interface above for an example). */
export declare namespace StandardSchemaV1 {
  /** What a schema exposes under `~standard`. */
  export interface Props<Input = unknown, Output = Input> {
    /** The version of the standard: 1. */
    readonly version: 1
    /** The schema library's name (`zod`, `valibot` …). */
    readonly vendor: string
    /** Validates a value: its output, or the issues found. */
    readonly validate: (value: unknown) => Result<Output> | Promise<Result<Output>>
    /** The input and output types, for inference only. */
    readonly types?: Types<Input, Output> | undefined
  }
  /** What `validate` returns. */
  export type Result<Output> = SuccessResult<Output> | FailureResult
  /** A value that validated. */
  export interface SuccessResult<Output> {
    /** The validated (and possibly transformed) value. */
    readonly value: Output
    /** Absent on success. */
    readonly issues?: undefined
  }
  /** A value that did not validate. */
  export interface FailureResult {
    /** What is wrong with it. */
    readonly issues: ReadonlyArray<Issue>
  }
  /** One problem found by a schema. */
  export interface Issue {
    /** What is wrong. */
    readonly message: string
    /** Where in the value. */
    readonly path?: ReadonlyArray<PropertyKey | PathSegment> | undefined
  }
  /** One segment of an issue's path. */
  export interface PathSegment {
    /** The key at this segment. */
    readonly key: PropertyKey
  }
  /** A schema's input and output types. */
  export interface Types<Input = unknown, Output = Input> {
    /** The type the schema accepts. */
    readonly input: Input
    /** The type it produces. */
    readonly output: Output
  }
  /** The input type of a schema. */
  export type InferInput<Schema extends StandardSchemaV1> = NonNullable<Schema['~standard']['types']>['input']
  /** The output type of a schema: what `json(schema)` resolves to. */
  export type InferOutput<Schema extends StandardSchemaV1> = NonNullable<Schema['~standard']['types']>['output']
}

/**
 * What a failed validation says in `ParseError.message`: the first issue, the
 * path it is at (keys joined by dots; `{ key }` segments unwrapped), and how
 * many more there are. Internal: not exported from the package.
 *
 * @example
 * schemaFailure([{ message: 'expected number', path: ['user', { key: 'id' }] }, { message: 'required' }])
 * // 'schema validation failed at user.id: expected number (+1 more)'
 */
export function schemaFailure(issues: ReadonlyArray<StandardSchemaV1.Issue>): string {
  const first = issues[0]
  const path = first?.path?.map((segment) => String((segment as StandardSchemaV1.PathSegment)?.key ?? segment)).join('.')
  const more = issues.length > 1 ? ` (+${issues.length - 1} more)` : ''
  return `schema validation failed${path ? ` at ${path}` : ''}: ${first?.message ?? 'invalid'}${more}`
}
