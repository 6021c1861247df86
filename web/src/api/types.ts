// Names for the generated API types (schema.d.ts): the features' types.ts alias these rather than copy the server's
// schemas, so that a server change the web app does not follow fails typecheck.
import type { components, paths } from './schema';

/** A schema the server names (`#/components/schemas/<Name>`). */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

type Method = 'get' | 'put' | 'post' | 'patch' | 'delete';
/** The methods a path answers (the generated type has `post?: never` for the others). */
type MethodOf<P extends keyof paths> = {
  [M in Method]: undefined extends paths[P][M] ? never : M;
}[Method];
type Operation<P extends keyof paths, M extends MethodOf<P>> = NonNullable<paths[P][M]>;
type Responses<P extends keyof paths, M extends MethodOf<P>> = Operation<P, M>['responses'];
type Success<P extends keyof paths, M extends MethodOf<P>> = Extract<keyof Responses<P, M>, 200 | 201 | 202>;

/** The JSON a path's method answers with on success (its 200, 201 or 202). */
export type ResponseBody<P extends keyof paths, M extends MethodOf<P>> = Responses<P, M>[Success<P, M>] extends {
  content: { 'application/json': infer Body };
}
  ? Body
  : never;

/** The JSON a path's method takes as its body. */
export type RequestBody<P extends keyof paths, M extends MethodOf<P>> =
  NonNullable<Operation<P, M>['requestBody']> extends { content: { 'application/json': infer Body } } ? Body : never;
