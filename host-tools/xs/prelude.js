// Device-like prelude, evaluated in xsnap before any bundle: make the xsnap realm look like the device after
// preload. docs/xs-engine.md §Language ("globalThis" bullet) and §XS 13.3 quirks item 5:
// - On the device the XS linker freezes every built-in object (prototypes, constructors, namespaces),
//   so the "override mistake" (`this.name = "X"` in an Error subclass, `obj.toString = f`) throws there.
//   Here every intrinsic reachable from the globals is frozen the same way; globalThis itself stays
//   writable, as on the device.
// - TextEncoder/TextDecoder are modules on the device, not globals, and Base64 is an xsnap extra:
//   they are removed, so shared code that relies on them fails here (modules/ must use modules/bytes).
// No shims: nothing here adds behaviour the device would not have.
(function prelude() {
  "use strict";
  const global = globalThis;

  const hostOnly = ["TextEncoder", "TextDecoder", "Base64"];
  for (const name of hostOnly) delete global[name];

  // Intrinsics that no global names directly (ECMA-262 §6.1.7.4).
  const hidden = [
    Object.getPrototypeOf(Uint8Array), // %TypedArray%
    Object.getPrototypeOf([][Symbol.iterator]()), // %ArrayIteratorPrototype%
    Object.getPrototypeOf(new Map()[Symbol.iterator]()),
    Object.getPrototypeOf(new Set()[Symbol.iterator]()),
    Object.getPrototypeOf(""[Symbol.iterator]()),
    Object.getPrototypeOf("a".matchAll(/a/g)),
    Object.getPrototypeOf(function* () {}), // %GeneratorFunction.prototype%
    Object.getPrototypeOf(async function () {}),
    Object.getPrototypeOf(async function* () {}),
    Object.getPrototypeOf(() => {}),
  ];

  const roots = [...hidden];
  for (const key of Reflect.ownKeys(global)) {
    const desc = Object.getOwnPropertyDescriptor(global, key);
    if (desc) roots.push(desc.value, desc.get, desc.set);
  }

  // Transitive freeze through own properties (values and accessors) and prototypes.
  const seen = new Set();
  const stack = roots;
  while (stack.length > 0) {
    const o = stack.pop();
    if (o === null || (typeof o !== "object" && typeof o !== "function")) continue;
    if (o === global || seen.has(o)) continue;
    seen.add(o);
    Object.freeze(o);
    stack.push(Object.getPrototypeOf(o));
    for (const key of Reflect.ownKeys(o)) {
      const desc = Object.getOwnPropertyDescriptor(o, key);
      if (desc) stack.push(desc.value, desc.get, desc.set);
    }
  }
  // Completion value: how many objects were frozen (the driver may log it).
  return seen.size;
})();
