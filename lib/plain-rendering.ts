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
 * JSON patches are applied as cdk8s applies them, after the walk, and a failure is reported as cdk8s
 * reports it, with the object's path. Anything else goes back to cdk8s' own rendering, whole: a value
 * that needs a resolver (a Lazy, anything with a resolve() method, any other class instance), an app
 * with resolvers of its own, or CDK8S_DISABLE_SORT. A test compares both renderings of every object
 * of every environment and fixture stack, and checks that none of them needed cdk8s' resolvers.
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
 * What cdk8s' ApiObject keeps of an object and renders: the props as it stored them (a binding stores
 * a shallow copy with its group, version and kind) and the JSON patches. Both are private in cdk8s'
 * typings only; reading them keeps one copy of each, so whatever changes them after construction
 * changes both renderings alike. Should a cdk8s release rename them, the object goes to cdk8s' own
 * rendering (and the equivalence test, which also checks that none does, fails).
 */
function renderedState(object: ApiObject): { readonly props: object; readonly patches: readonly JsonPatch[] } | undefined {
  const { props, patches } = object as unknown as { props?: unknown; patches?: unknown };
  return props !== null && typeof props === 'object' && Array.isArray(patches) ? { props, patches } : undefined;
}

/**
 * `Base` rendered by one walk over its props (see above) when they are plain data. Instances are
 * instances of `Base`, built with the same arguments, and the class keeps `Base`'s name; only toJson
 * differs, and only in speed.
 */
export function plainRendering<C extends ApiObjectClass>(Base: C): C {
  const manifest = (Base as { manifest?: (props: unknown) => any }).manifest;
  const PlainRendered = class extends Base {
    override toJson(): any {
      const state = renderedState(this);
      if (!state || process.env.CDK8S_DISABLE_SORT || !hasDefaultResolversOnly(App.of(this) as App)) return super.toJson();
      let data: Record<string, unknown>;
      try {
        const rendered = plainValue({ ...state.props, metadata: this.metadata.toJson() }) as Record<string, unknown>;
        data = state.patches.length > 0 ? JsonPatch.apply(rendered, ...state.patches) : rendered;
      } catch (error) {
        if (error === NEEDS_RESOLVERS) return super.toJson();
        // As cdk8s reports a failure: with the object it was rendering.
        throw new Error(`Failed serializing construct at path '${this.node.path}' with name '${this.name}': ${error}`);
      }
      // A generated binding converts the rendered props to the API's field names, as its toJson does;
      // cdk8s' ApiObject puts apiVersion, kind and metadata first.
      if (manifest) return manifest.call(Base, data);
      const ordered: Record<string, unknown> = {};
      for (const key of ['apiVersion', 'kind', 'metadata', ...Object.keys(data)]) if (key in data) ordered[key] = data[key];
      return ordered;
    }
  };
  Object.defineProperty(PlainRendered, 'name', { value: Base.name });
  return PlainRendered;
}
