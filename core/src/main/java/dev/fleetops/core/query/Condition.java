package dev.fleetops.core.query;

import dev.fleetops.core.query.internal.Ast;
import dev.fleetops.core.query.internal.Parser;
import dev.fleetops.core.query.internal.Renderer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A condition in IoT Hub's query language: the {@code WHERE} clause of a query, the query condition of a
 * scheduled job, the target condition of a configuration. Parse it from text
 * ({@code Condition.parse("tags.region = 'eu' AND deviceId IN ['a', 'b']")}) or build it from paths
 * ({@code tag("region").eq("eu").and(field("deviceId").in("a", "b"))}; {@link #allOf}, {@link #anyOf} and
 * {@link #not} combine several).
 *
 * <p>A twin matches when the condition evaluates to boolean true; undefined, null and other values count as
 * false. Logic is three-valued: {@code AND} is false when an operand is false, true when all are true, else
 * undefined; {@code OR} is true when an operand is true, false when all are false, else undefined; {@code NOT}
 * swaps true and false and leaves anything else undefined. So {@code NOT tags.x = 1} does not match twins without
 * {@code tags.x}; write {@code NOT IS_DEFINED(tags.x) OR tags.x != 1} for that.
 *
 * <p>{@link #text()} is canonical: {@code Condition.parse(c.text()).equals(c)}. A condition composed with the
 * builder may render longer than the 8,192 characters IoT Hub accepts; {@link #parse(String)} and
 * {@link Query.Builder#build()} refuse such text. Instances are immutable and thread-safe; equal when their
 * structure is.
 */
public final class Condition {

    final Ast.Expr node;
    private String text;

    Condition(Ast.Expr node) {
        this.node = node;
        Expression.checkNesting(node);
    }

    /**
     * Parses a condition.
     *
     * @param text the condition, at most 8,192 characters
     * @return the condition
     * @throws dev.fleetops.core.error.InvalidQueryException if the text is not a valid condition, or its canonical
     *     {@link #text()} would be longer than 8,192 characters; the message names the line, the column and what
     *     was expected there
     * @throws NullPointerException if {@code text} is null
     */
    public static Condition parse(String text) {
        return new Condition(Parser.parseCondition(text));
    }

    /**
     * Returns {@code this AND other}.
     *
     * @param other the other condition
     * @return the conjunction
     * @throws IllegalArgumentException if the result would nest more than 100 levels
     */
    public Condition and(Condition other) {
        return new Condition(Ast.And.of(List.of(node, other.node)));
    }

    /**
     * Returns {@code this OR other}.
     *
     * @param other the other condition
     * @return the disjunction
     * @throws IllegalArgumentException if the result would nest more than 100 levels
     */
    public Condition or(Condition other) {
        return new Condition(Ast.Or.of(List.of(node, other.node)));
    }

    /**
     * Returns the conjunction of one or more conditions.
     *
     * @param conditions the conditions, at least one
     * @return {@code c1 AND c2 AND ...}, or the only condition
     * @throws IllegalArgumentException if there is none, or the result would nest more than 100 levels
     */
    public static Condition allOf(Condition... conditions) {
        return allOf(Arrays.asList(conditions));
    }

    /**
     * Returns the disjunction of one or more conditions.
     *
     * @param conditions the conditions, at least one
     * @return {@code c1 OR c2 OR ...}, or the only condition
     * @throws IllegalArgumentException if there is none, or the result would nest more than 100 levels
     */
    public static Condition anyOf(Condition... conditions) {
        return anyOf(Arrays.asList(conditions));
    }

    /**
     * Returns the conjunction of a non-empty collection of conditions.
     *
     * @param conditions the conditions, at least one
     * @return their conjunction, or the only condition
     * @throws IllegalArgumentException if {@code conditions} is empty
     */
    public static Condition allOf(Collection<Condition> conditions) {
        return new Condition(Ast.And.of(nodes(conditions)));
    }

    /**
     * Returns the disjunction of a non-empty collection of conditions.
     *
     * @param conditions the conditions, at least one
     * @return their disjunction, or the only condition
     * @throws IllegalArgumentException if {@code conditions} is empty
     */
    public static Condition anyOf(Collection<Condition> conditions) {
        return new Condition(Ast.Or.of(nodes(conditions)));
    }

    /**
     * Returns {@code NOT condition}.
     *
     * @param condition the condition
     * @return the negation
     * @throws IllegalArgumentException if the result would nest more than 100 levels
     */
    public static Condition not(Condition condition) {
        return new Condition(new Ast.Not(condition.node));
    }

    private static List<Ast.Expr> nodes(Collection<Condition> conditions) {
        if (conditions.isEmpty()) {
            throw new IllegalArgumentException("at least one condition is needed");
        }
        List<Ast.Expr> nodes = new ArrayList<>(conditions.size());
        for (Condition c : conditions) {
            nodes.add(Objects.requireNonNull(c, "condition").node);
        }
        return nodes;
    }

    /**
     * Returns the attribute paths the condition reads, each once, in the order they first appear (for example
     * {@code [properties.reported.firmware.version, tags.region]}). Useful to build companion conditions, such as
     * {@code NOT IS_DEFINED(path)} for each path, or the {@code $metadata} of the reported properties a verdict
     * reads.
     *
     * @return the paths, unmodifiable
     */
    public List<Path> paths() {
        java.util.LinkedHashSet<Ast.PathExpr> found = new java.util.LinkedHashSet<>();
        collectPaths(node, found);
        List<Path> out = new ArrayList<>(found.size());
        for (Ast.PathExpr p : found) {
            out.add(new Path(p));
        }
        return List.copyOf(out);
    }

    private static void collectPaths(Ast.Expr e, java.util.Set<Ast.PathExpr> out) {
        if (e instanceof Ast.PathExpr) {
            out.add((Ast.PathExpr) e);
        } else if (e instanceof Ast.Negate) {
            collectPaths(((Ast.Negate) e).operand(), out);
        } else if (e instanceof Ast.Arith) {
            collectPaths(((Ast.Arith) e).first(), out);
            for (Ast.Step s : ((Ast.Arith) e).steps()) {
                collectPaths(s.operand(), out);
            }
        } else if (e instanceof Ast.Compare) {
            collectPaths(((Ast.Compare) e).left(), out);
            collectPaths(((Ast.Compare) e).right(), out);
        } else if (e instanceof Ast.In) {
            collectPaths(((Ast.In) e).left(), out);
        } else if (e instanceof Ast.Not) {
            collectPaths(((Ast.Not) e).operand(), out);
        } else if (e instanceof Ast.And) {
            for (Ast.Expr o : ((Ast.And) e).operands()) {
                collectPaths(o, out);
            }
        } else if (e instanceof Ast.Or) {
            for (Ast.Expr o : ((Ast.Or) e).operands()) {
                collectPaths(o, out);
            }
        } else if (e instanceof Ast.IsDefined) {
            out.add(((Ast.IsDefined) e).path());
        }
    }

    /**
     * Returns the condition in the query language.
     *
     * @return the canonical text, for example {@code tags.region = 'eu' AND deviceId IN ['a', 'b']}
     */
    public String text() {
        String t = text; // racy single-check caching: String is immutable, so any thread's copy is correct
        if (t == null) {
            t = Renderer.expr(node);
            text = t;
        }
        return t;
    }

    /** Two conditions are equal when their syntax trees are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Condition && ((Condition) o).node.equals(node);
    }

    @Override
    public int hashCode() {
        return node.hashCode();
    }

    /** Returns {@link #text()}. */
    @Override
    public String toString() {
        return text();
    }
}
