// XS globals used by the device code (Moddable xs/includes/xs.d.ts declares the full set).

/** Binds a host (C) function by its symbol name; the argument must be a string literal.
 * Use as `native("xs_symbol").call(this, a, b)` inside a function with exactly those parameters. */
declare function native(name: string): (...args: any[]) => any;

/** Writes to the debug console (xsbug or serial); there is no `console` global on the device. */
declare function trace(...values: unknown[]): void;
