/**
 * Rendering an ApiObject whose props are plain data, without cdk8s' token resolution.
 *
 * cdk8s renders an object in two walks over its props: one hands every value to each of the app's
 * resolvers (Lazy values, implicit tokens, number-or-string unions), recomputing the app and
 * allocating a context and a key path at every value; the other copies the result with its keys
 * sorted. For the 9,000 values of the three environments that was more than half of rendering them (see
 * the README's benchmark). The constructs' props hold plain data and the unions IntOrString and
 * Quantity only, so one walk does both steps here, and gives what cdk8s gives.
 *
 * JSON patches are applied as cdk8s applies them, after the walk. Anything else goes back to cdk8s' own
 * rendering, whole: a value that needs a resolver (a Lazy, anything with a resolve() method, any other
 * class instance), an app with resolvers of its own, or CDK8S_DISABLE_SORT. A test compares both
 * renderings of every object of every environment and fixture stack, and checks that none of them
 * needed cdk8s' resolvers.
 */
import { ApiObject, App, ImplicitTokenResolver, JsonPatch, LazyResolver, NumberStringUnionResolver } from 'cdk8s';

/** An ApiObject class: cdk8s' own, or a generated binding (which renders through its static `manifest`). */
type ApiObjectClass = new (...args: any[]) => ApiObject;

/** The resolvers of an app given none of its own, in cdk8s' order. */
const DEFAULT_RESOLVERS: ReadonlyArray<abstract new () => unknown> = [LazyResolver, ImplicitTokenResolver, NumberStringUnionResolver];

/** Thrown by `plainValue` at a value only cdk8s' resolvers can render. */
const NEEDS_RESOLVERS = Symbol('needs cdk8s resolvers');

/**
 * `value` as cdk8s renders it with the default resolvers (`sanitizeValue(resolve(value))`): null and
 * undefined members dropped, object keys sorted, a number-or-string union (a class instance whose
 * `value` is a number or a string) rendered as `{ value }`, which the bindings' converters read.
 */
function plainValue(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(plainValue);
  const record = value as Record<string, unknown>;
  if (typeof record.resolve === 'function') throw NEEDS_RESOLVERS;
  if (record.constructor !== Object) {
    const inner = record.value;
    if (typeof inner === 'number' || typeof inner === 'string') return { value: inner };
    throw NEEDS_RESOLVERS;
  }
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    const member = plainValue(record[key]);
    if (member !== undefined) result[key] = member;
  }
  return result;
}

function hasDefaultResolversOnly(app: App): boolean {
  return app.resolvers.length === DEFAULT_RESOLVERS.length && app.resolvers.every((resolver, index) => resolver.constructor === DEFAULT_RESOLVERS[index]);
}

/**
 * `Base` rendered by one walk over its props (see above) when they are plain data. Instances are
 * instances of `Base`, built with the same arguments; only toJson differs, and only in speed.
 */
export function plainRendering<C extends ApiObjectClass>(Base: C): C {
  const manifest = (Base as { manifest?: (props: unknown) => any }).manifest;
  return class PlainRendered extends Base {
    readonly #props: object;
    readonly #patches: JsonPatch[] = [];

    constructor(...args: any[]) {
      super(...args);
      this.#props = args[2] ?? {};
    }

    override addJsonPatch(...ops: JsonPatch[]): void {
      this.#patches.push(...ops);
      super.addJsonPatch(...ops);
    }

    override toJson(): any {
      if (process.env.CDK8S_DISABLE_SORT || !hasDefaultResolversOnly(App.of(this) as App)) return super.toJson();
      let rendered: Record<string, unknown>;
      try {
        rendered = plainValue({ apiVersion: this.apiVersion, kind: this.kind, ...this.#props, metadata: this.metadata.toJson() }) as Record<string, unknown>;
      } catch (error) {
        if (error === NEEDS_RESOLVERS) return super.toJson();
        throw error;
      }
      const data: Record<string, unknown> = this.#patches.length > 0 ? JsonPatch.apply(rendered, ...this.#patches) : rendered;
      // A generated binding converts the rendered props to the API's field names, as its toJson does;
      // cdk8s' ApiObject puts apiVersion, kind and metadata first.
      if (manifest) return manifest.call(Base, data);
      const ordered: Record<string, unknown> = {};
      for (const key of ['apiVersion', 'kind', 'metadata', ...Object.keys(data)]) if (key in data) ordered[key] = data[key];
      return ordered;
    }
  };
}
