package dev.fleetops.core.query;

import dev.fleetops.core.query.internal.Ast;
import dev.fleetops.core.query.internal.Renderer;

import java.util.Objects;

/**
 * One column of a {@code SELECT} list: a path or an aggregate ({@code COUNT()}, {@code AVG}, {@code SUM},
 * {@code MIN}, {@code MAX}), optionally renamed with {@code AS}. Without an alias a path's column is named after its
 * last segment and an aggregate's after its position among the unnamed aggregates ({@code $1}, {@code $2}, ...),
 * as IoT Hub names them.
 *
 * <p>Instances are immutable and thread-safe; equal when their structure is.
 */
public final class Projection {

    final Ast.Projection node;

    private Projection(Ast.Projection node) {
        this.node = node;
    }

    /**
     * Returns a projection of a path.
     *
     * @param path the path
     * @return the projection
     */
    public static Projection of(Path path) {
        return new Projection(new Ast.Projection(path.pathNode(), null));
    }

    /**
     * Returns {@code COUNT()}: the number of twins (per group).
     *
     * @return the projection
     */
    public static Projection count() {
        return new Projection(new Ast.Projection(new Ast.Aggregate(Ast.AggregateFn.COUNT, null), null));
    }

    /**
     * Returns {@code AVG(path)}: the mean of the numbers at the path.
     *
     * @param path the path
     * @return the projection
     */
    public static Projection avg(Path path) {
        return aggregate(Ast.AggregateFn.AVG, path);
    }

    /**
     * Returns {@code SUM(path)}: the sum of the numbers at the path.
     *
     * @param path the path
     * @return the projection
     */
    public static Projection sum(Path path) {
        return aggregate(Ast.AggregateFn.SUM, path);
    }

    /**
     * Returns {@code MIN(path)}: the least value at the path.
     *
     * @param path the path
     * @return the projection
     */
    public static Projection min(Path path) {
        return aggregate(Ast.AggregateFn.MIN, path);
    }

    /**
     * Returns {@code MAX(path)}: the greatest value at the path.
     *
     * @param path the path
     * @return the projection
     */
    public static Projection max(Path path) {
        return aggregate(Ast.AggregateFn.MAX, path);
    }

    private static Projection aggregate(Ast.AggregateFn fn, Path path) {
        return new Projection(new Ast.Projection(new Ast.Aggregate(fn, path.pathNode()), null));
    }

    /**
     * Returns this projection under another column name.
     *
     * @param alias an identifier (ASCII letters, digits, {@code _}, {@code $}, not starting with a digit), not a
     *     keyword
     * @return the renamed projection
     * @throws IllegalArgumentException if the alias is not an identifier
     */
    public Projection as(String alias) {
        return new Projection(new Ast.Projection(node.item(), Objects.requireNonNull(alias, "alias")));
    }

    /**
     * Tells whether this is an aggregate.
     *
     * @return true for {@code COUNT}, {@code AVG}, {@code SUM}, {@code MIN} and {@code MAX}
     */
    public boolean isAggregate() {
        return node.isAggregate();
    }

    /** Two projections are equal when they select the same item under the same alias. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Projection && ((Projection) o).node.equals(node);
    }

    @Override
    public int hashCode() {
        return node.hashCode();
    }

    /** Returns the projection as written in a {@code SELECT} list, for example {@code COUNT() AS n}. */
    @Override
    public String toString() {
        return Renderer.projection(node);
    }
}
