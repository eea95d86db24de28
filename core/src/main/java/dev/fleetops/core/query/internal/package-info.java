/**
 * The query language's machinery: lexer, parser, syntax tree, renderer and the compiled evaluators that the
 * embedded hub runs ({@link dev.fleetops.core.query.CompiledQuery},
 * {@link dev.fleetops.core.query.CompiledCondition},
 * {@link dev.fleetops.core.query.CompiledQuery.Aggregation}). Internal: not part of the FleetOps API;
 * it may change in any release.
 *
 * <p>Parameters and return values are non-null unless a method says otherwise.
 */
package dev.fleetops.core.query.internal;
