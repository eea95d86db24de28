package dev.fleetops.core.query;

import dev.fleetops.core.query.internal.Ast;
import dev.fleetops.core.query.internal.Renderer;
import dev.fleetops.core.query.internal.Values;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A value in a condition: an attribute {@link Path}, a constant, or arithmetic over them. Comparing expressions
 * gives a {@link Condition}: {@code Path.reported("battery").lt(20)}.
 *
 * <p>Wherever a method takes an {@code Object} operand, it accepts another {@code Expression}, a
 * {@link Condition} (compared as a value), or a constant: a {@link String}, {@link Boolean}, {@link Number}
 * (finite), {@code null} for JSON null, or a {@link Collection} or array of constants for an array constant.
 * {@link #undefined()} stands for the value {@code undefined}.
 *
 * <p>Expressions nest at most 100 levels in their text (parentheses, {@code NOT}, minus signs, arrays), IoT Hub
 * aside, because that is what {@link Query#parse(String)} accepts. Instances are immutable and thread-safe; equal
 * when their structure is.
 */
public sealed class Expression permits Path {

    final Ast.Expr node;
    private String text;

    Expression(Ast.Expr node) {
        this.node = node;
        checkNesting(node);
    }

    static void checkNesting(Ast.Expr node) {
        int n = Renderer.nesting(node);
        if (n > Ast.MAX_NESTING) {
            throw new IllegalArgumentException("the expression's text would nest " + n + " levels deep; the query"
                    + " language allows at most " + Ast.MAX_NESTING);
        }
    }

    /**
     * Returns a constant.
     *
     * @param constant a string, boolean, finite number, null (JSON null), or a collection or array of those
     * @return the constant expression
     * @throws IllegalArgumentException if the value has another type or is not finite
     */
    public static Expression value(Object constant) {
        return new Expression(new Ast.Const(Values.toConstant(constant)));
    }

    /**
     * Returns the constant {@code undefined}, the value of a missing property. Comparisons with it are never true.
     *
     * @return the constant
     */
    public static Expression undefined() {
        return new Expression(new Ast.Const(Ast.Undefined.INSTANCE));
    }

    static Ast.Expr operand(Object o) {
        if (o instanceof Expression) {
            return ((Expression) o).node;
        }
        if (o instanceof Condition) {
            return ((Condition) o).node;
        }
        return new Ast.Const(Values.toConstant(o));
    }

    // ---- comparisons --------------------------------------------------------------------------------------

    /**
     * Returns {@code this = other}.
     *
     * @param other an expression or constant
     * @return the condition
     * @throws IllegalArgumentException if {@code other} is not an expression or a valid constant
     */
    public Condition eq(Object other) {
        return compare(Ast.CompareOp.EQ, other);
    }

    /**
     * Returns {@code this != other}.
     *
     * @param other an expression or constant
     * @return the condition
     * @throws IllegalArgumentException if {@code other} is not an expression or a valid constant
     */
    public Condition ne(Object other) {
        return compare(Ast.CompareOp.NE, other);
    }

    /**
     * Returns {@code this < other}.
     *
     * @param other an expression or constant
     * @return the condition
     * @throws IllegalArgumentException if {@code other} is not an expression or a valid constant
     */
    public Condition lt(Object other) {
        return compare(Ast.CompareOp.LT, other);
    }

    /**
     * Returns {@code this <= other}.
     *
     * @param other an expression or constant
     * @return the condition
     * @throws IllegalArgumentException if {@code other} is not an expression or a valid constant
     */
    public Condition le(Object other) {
        return compare(Ast.CompareOp.LE, other);
    }

    /**
     * Returns {@code this > other}.
     *
     * @param other an expression or constant
     * @return the condition
     * @throws IllegalArgumentException if {@code other} is not an expression or a valid constant
     */
    public Condition gt(Object other) {
        return compare(Ast.CompareOp.GT, other);
    }

    /**
     * Returns {@code this >= other}.
     *
     * @param other an expression or constant
     * @return the condition
     * @throws IllegalArgumentException if {@code other} is not an expression or a valid constant
     */
    public Condition ge(Object other) {
        return compare(Ast.CompareOp.GE, other);
    }

    private Condition compare(Ast.CompareOp op, Object other) {
        return new Condition(new Ast.Compare(op, node, operand(other)));
    }

    /**
     * Returns {@code this IN [values]}: true when this value equals one of the constants.
     *
     * @param values the constants
     * @return the condition
     * @throws IllegalArgumentException if a value is not a valid constant, or there is none
     */
    public Condition in(Collection<?> values) {
        return new Condition(new Ast.In(node, false, nonEmpty(constants(values), "IN")));
    }

    /**
     * Returns {@code this IN [values]}.
     *
     * @param values the constants
     * @return the condition
     * @throws IllegalArgumentException if a value is not a valid constant, or there is none
     */
    public Condition in(Object... values) {
        return in(Arrays.asList(values));
    }

    /**
     * Returns {@code this NIN [values]}: true when this value is defined, primitive and equals none of the
     * constants.
     *
     * @param values the constants
     * @return the condition
     * @throws IllegalArgumentException if a value is not a valid constant, or there is none
     */
    public Condition nin(Collection<?> values) {
        return new Condition(new Ast.In(node, true, nonEmpty(constants(values), "NIN")));
    }

    /**
     * Returns {@code this NIN [values]}.
     *
     * @param values the constants
     * @return the condition
     * @throws IllegalArgumentException if a value is not a valid constant, or there is none
     */
    public Condition nin(Object... values) {
        return nin(Arrays.asList(values));
    }

    /** IoT Hub refuses {@code IN []} and {@code NIN []}. */
    private static List<Object> nonEmpty(List<Object> values, String operator) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException(operator + " needs at least one value; IoT Hub refuses an empty array");
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> constants(Collection<?> values) {
        return (List<Object>) Values.toConstant(Objects.requireNonNull(values, "values"));
    }

    // ---- arithmetic ---------------------------------------------------------------------------------------

    /**
     * Returns {@code this + other}.
     *
     * @param other an expression or number
     * @return the sum
     * @throws IllegalArgumentException if {@code other} is not an expression or a valid constant
     */
    public Expression plus(Object other) {
        return arith(Ast.ArithOp.ADD, other);
    }

    /**
     * Returns {@code this - other}.
     *
     * @param other an expression or number
     * @return the difference
     * @throws IllegalArgumentException if {@code other} is not an expression or a valid constant
     */
    public Expression minus(Object other) {
        return arith(Ast.ArithOp.SUB, other);
    }

    /**
     * Returns {@code this * other}.
     *
     * @param other an expression or number
     * @return the product
     * @throws IllegalArgumentException if {@code other} is not an expression or a valid constant
     */
    public Expression times(Object other) {
        return arith(Ast.ArithOp.MUL, other);
    }

    /**
     * Returns {@code this / other}; undefined when {@code other} is zero.
     *
     * @param other an expression or number
     * @return the quotient
     * @throws IllegalArgumentException if {@code other} is not an expression or a valid constant
     */
    public Expression dividedBy(Object other) {
        return arith(Ast.ArithOp.DIV, other);
    }

    /**
     * Returns {@code this % other}; undefined when {@code other} is zero.
     *
     * @param other an expression or number
     * @return the remainder
     * @throws IllegalArgumentException if {@code other} is not an expression or a valid constant
     */
    public Expression mod(Object other) {
        return arith(Ast.ArithOp.MOD, other);
    }

    /**
     * Returns {@code -this}.
     *
     * @return the negation
     */
    public Expression negate() {
        return new Expression(Ast.Negate.of(node));
    }

    private Expression arith(Ast.ArithOp op, Object other) {
        return new Expression(Ast.Arith.of(node, List.of(new Ast.Step(op, operand(other)))));
    }

    // ---- text ---------------------------------------------------------------------------------------------

    /**
     * Returns the expression in the query language, for example {@code properties.reported.battery * 2}.
     *
     * @return the canonical text
     */
    public String text() {
        String t = text; // racy single-check caching: String is immutable, so any thread's copy is correct
        if (t == null) {
            t = Renderer.expr(node);
            text = t;
        }
        return t;
    }

    /** Two expressions are equal when their syntax trees are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Expression && ((Expression) o).node.equals(node);
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
