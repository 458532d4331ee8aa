// The one object the depth-first searches throw to unwind when their work budget is spent.

/**
 * Thrown (and compared by identity) instead of an Error: an Error records a stack trace, and a `new` inside a search
 * function that had not run when the function was optimized deoptimizes it at the first throw. After that, most runs
 * of the exhaustive search kept a version ten times slower (a million nodes of 22 in fours: 0.07 s, then 0.7 s a call).
 * Importers copy it into a module constant: tsx compiles an import to a property read of the module object, and that
 * read, first made at the throw, deoptimized the search the same way.
 */
export const OUT_OF_BUDGET: unique symbol = Symbol("out of budget");
