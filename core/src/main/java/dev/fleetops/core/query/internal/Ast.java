package dev.fleetops.core.query.internal;

import dev.fleetops.core.model.QuerySource;
import dev.fleetops.core.model.JsonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The syntax tree of a query, shared by the parser, the renderer, the public builder and the compiler. Internal:
 * not part of the FleetOps API, and it may change in any release.
 *
 * <p>Nodes are records with structural equality. Their constructors keep the tree in the one shape that the
 * renderer's text parses back to: chains of {@code AND}, {@code OR}, {@code +}/{@code -} and
 * {@code *}/{@code /}/{@code %} are flattened to the left, a minus sign in front of a number is folded into the
 * number, and paths have the hub's spelling for the twin's own fields. All nodes are immutable and thread-safe.
 */
public final class Ast {

    /** The longest query or condition text IoT Hub accepts, in characters. */
    public static final int MAX_LENGTH = 8192;

    /** How deeply the parser lets parentheses, {@code NOT}, unary minus and array constants nest. */
    public static final int MAX_NESTING = 100;

    /** Precedence of {@code OR}, the loosest operator. */
    public static final int OR = 1;
    /** Precedence of {@code AND}. */
    public static final int AND = 2;
    /** Precedence of {@code NOT}. */
    public static final int NOT = 3;
    /** Precedence of comparisons, {@code IN} and {@code NIN}. */
    public static final int COMPARE = 4;
    /** Precedence of {@code +} and binary {@code -}. */
    public static final int ADD = 5;
    /** Precedence of {@code *}, {@code /} and {@code %}. */
    public static final int MUL = 6;
    /** Precedence of unary minus. */
    public static final int UNARY = 7;
    /** Precedence of paths, constants, function calls and parenthesised expressions. */
    public static final int PRIMARY = 8;

    private Ast() {
    }

    /** The value {@code undefined}: what a missing property evaluates to. Thread-safe (a singleton). */
    public enum Undefined {
        /** The only instance. */
        INSTANCE;

        /** Returns {@code "undefined"}, its query text. */
        @Override
        public String toString() {
            return "undefined";
        }
    }

    /** Comparison operators; {@code <>} is read as {@link #NE}. */
    public enum CompareOp {
        /** {@code =}. */
        EQ("="),
        /** {@code !=} (also written {@code <>}). */
        NE("!="),
        /** {@code <}. */
        LT("<"),
        /** {@code <=}. */
        LE("<="),
        /** {@code >}. */
        GT(">"),
        /** {@code >=}. */
        GE(">=");

        private final String symbol;

        CompareOp(String symbol) {
            this.symbol = symbol;
        }

        /**
         * Returns the operator as the renderer writes it.
         *
         * @return the symbol
         */
        public String symbol() {
            return symbol;
        }
    }

    /** Arithmetic operators. */
    public enum ArithOp {
        /** {@code +}. */
        ADD("+", Ast.ADD),
        /** {@code -}. */
        SUB("-", Ast.ADD),
        /** {@code *}. */
        MUL("*", Ast.MUL),
        /** {@code /}. */
        DIV("/", Ast.MUL),
        /** {@code %}. */
        MOD("%", Ast.MUL);

        private final String symbol;
        private final int precedence;

        ArithOp(String symbol, int precedence) {
            this.symbol = symbol;
            this.precedence = precedence;
        }

        /**
         * Returns the operator as the renderer writes it.
         *
         * @return the symbol
         */
        public String symbol() {
            return symbol;
        }

        /**
         * Returns {@link Ast#ADD} or {@link Ast#MUL}.
         *
         * @return the precedence
         */
        public int precedence() {
            return precedence;
        }
    }

    /** The aggregate functions of {@code SELECT}. */
    public enum AggregateFn {
        /** {@code COUNT()}: the number of documents. */
        COUNT,
        /** {@code AVG(path)}: the mean of the numbers. */
        AVG,
        /** {@code SUM(path)}: the sum of the numbers. */
        SUM,
        /** {@code MIN(path)}: the least primitive value. */
        MIN,
        /** {@code MAX(path)}: the greatest primitive value. */
        MAX
    }

    /** An expression: a value or a condition. */
    public sealed interface Expr permits PathExpr, Const, Negate, Arith, Compare, In, Not, And, Or, IsDefined {
        /**
         * Returns the binding strength of the node's outermost operator, from {@link Ast#OR} to
         * {@link Ast#PRIMARY}.
         *
         * @return the precedence
         */
        int precedence();
    }

    /** What a projection selects: a path or an aggregate. */
    public sealed interface Selectable permits PathExpr, Aggregate {
    }

    /**
     * An attribute path, one element per segment. The twin's own field names are stored as the hub spells them
     * (see {@link Names#normaliseTwinPath(List)}).
     *
     * @param segments the segments, at least one, none empty, none containing {@code ]]} or ending in {@code ]}
     */
    public record PathExpr(List<String> segments) implements Expr, Selectable {
        /**
         * Validates and normalises the path.
         *
         * @param segments the segments, at least one, none empty, none containing {@code ]]} or ending in {@code ]}
         * @throws IllegalArgumentException if a segment cannot be written in the query language
         */
        public PathExpr {
            segments = Names.normaliseTwinPath(List.copyOf(segments));
            if (segments.isEmpty()) {
                throw new IllegalArgumentException("an attribute path needs at least one segment");
            }
            for (String s : segments) {
                Names.checkSegment(s);
            }
        }

        @Override
        public int precedence() {
            return PRIMARY;
        }

        /**
         * Returns the name a projection of this path has: its last segment.
         *
         * @return the last segment
         */
        public String lastSegment() {
            return segments.get(segments.size() - 1);
        }
    }

    /**
     * A constant: a {@link String}, {@link Boolean}, {@link Long}, {@link Double} (finite, not integral in the
     * long range), {@link JsonNull}, {@link Undefined} or an unmodifiable {@link List} of constants other than
     * undefined.
     *
     * @param value the value
     */
    public record Const(Object value) implements Expr {
        /**
         * Checks the value is non-null.
         *
         * @param value the value
         * @throws NullPointerException if {@code value} is null
         */
        public Const {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public int precedence() {
            return PRIMARY;
        }
    }

    /**
     * Unary minus over an expression that is not a number constant (those are folded).
     *
     * @param operand the operand
     */
    public record Negate(Expr operand) implements Expr {
        /**
         * Checks the operand.
         *
         * @param operand the operand
         * @throws IllegalArgumentException if the operand is a number constant, which {@link #of(Expr)} folds
         */
        public Negate {
            Objects.requireNonNull(operand, "operand");
            if (operand instanceof Const && ((Const) operand).value() instanceof Number) {
                throw new IllegalArgumentException("a negated number constant is folded; use Negate.of");
            }
        }

        /**
         * Negates an expression, folding a number constant into the negative number.
         *
         * @param operand the operand
         * @return the negation
         */
        public static Expr of(Expr operand) {
            if (operand instanceof Const && ((Const) operand).value() instanceof Number) {
                return new Const(Values.negateConstant((Number) ((Const) operand).value()));
            }
            return new Negate(operand);
        }

        @Override
        public int precedence() {
            return UNARY;
        }
    }

    /**
     * One step of an arithmetic chain: an operator and its right operand.
     *
     * @param op the operator
     * @param operand the right operand
     */
    public record Step(ArithOp op, Expr operand) {
        /**
         * Checks the components.
         *
         * @param op the operator
         * @param operand the right operand
         * @throws NullPointerException if one is null
         */
        public Step {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(operand, "operand");
        }
    }

    /**
     * A left-associative chain of operators of one precedence: {@code first op1 e1 op2 e2 ...}.
     *
     * @param first the first operand, never a chain of the same precedence
     * @param steps the operators and operands, at least one, all of one precedence
     */
    public record Arith(Expr first, List<Step> steps) implements Expr {
        /**
         * Checks the chain's shape.
         *
         * @param first the first operand, never a chain of the same precedence
         * @param steps the operators and operands, at least one, all of one precedence
         * @throws IllegalArgumentException if the steps are empty or mix precedences, or {@code first} is a chain
         *     of the same precedence (which {@link #of(Expr, List)} flattens)
         */
        public Arith {
            Objects.requireNonNull(first, "first");
            steps = List.copyOf(steps);
            if (steps.isEmpty()) {
                throw new IllegalArgumentException("an arithmetic chain needs at least one operator");
            }
            int p = steps.get(0).op().precedence();
            for (Step s : steps) {
                if (s.op().precedence() != p) {
                    throw new IllegalArgumentException("an arithmetic chain has operators of one precedence");
                }
            }
            if (first instanceof Arith && first.precedence() == p) {
                throw new IllegalArgumentException("a nested chain of the same precedence is flattened; use of");
            }
        }

        /**
         * Builds a chain, appending to {@code first} when it is a chain of the same precedence.
         *
         * @param first the first operand
         * @param steps the steps, all of one precedence
         * @return the chain
         */
        public static Arith of(Expr first, List<Step> steps) {
            if (first instanceof Arith && !steps.isEmpty()
                    && first.precedence() == steps.get(0).op().precedence()) {
                Arith a = (Arith) first;
                List<Step> all = new ArrayList<>(a.steps().size() + steps.size());
                all.addAll(a.steps());
                all.addAll(steps);
                return new Arith(a.first(), all);
            }
            return new Arith(first, steps);
        }

        @Override
        public int precedence() {
            return steps.get(0).op().precedence();
        }
    }

    /**
     * A comparison.
     *
     * @param op the operator
     * @param left the left operand
     * @param right the right operand
     */
    public record Compare(CompareOp op, Expr left, Expr right) implements Expr {
        /**
         * Checks the components.
         *
         * @param op the operator
         * @param left the left operand
         * @param right the right operand
         * @throws NullPointerException if one is null
         */
        public Compare {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public int precedence() {
            return COMPARE;
        }
    }

    /**
     * {@code left IN [values]} or, when negated, {@code left NIN [values]}.
     *
     * @param left the tested expression
     * @param negated true for {@code NIN}
     * @param values the array constant's elements (constants other than undefined)
     */
    public record In(Expr left, boolean negated, List<Object> values) implements Expr {
        /**
         * Checks the components and copies the values.
         *
         * @param left the tested expression
         * @param negated true for {@code NIN}
         * @param values the array constant's elements (constants other than undefined)
         * @throws NullPointerException if one is null
         */
        public In {
            Objects.requireNonNull(left, "left");
            values = List.copyOf(values);
        }

        @Override
        public int precedence() {
            return COMPARE;
        }
    }

    /**
     * Logical negation.
     *
     * @param operand the operand
     */
    public record Not(Expr operand) implements Expr {
        /**
         * Checks the operand.
         *
         * @param operand the operand
         * @throws NullPointerException if it is null
         */
        public Not {
            Objects.requireNonNull(operand, "operand");
        }

        @Override
        public int precedence() {
            return NOT;
        }
    }

    /**
     * Logical conjunction of two or more operands, none itself a conjunction.
     *
     * @param operands the operands
     */
    public record And(List<Expr> operands) implements Expr {
        /**
         * Checks the shape.
         *
         * @param operands the operands
         * @throws IllegalArgumentException if there are fewer than two operands or one is a conjunction
         */
        public And {
            operands = List.copyOf(operands);
            if (operands.size() < 2) {
                throw new IllegalArgumentException("AND needs two operands or more");
            }
            for (Expr e : operands) {
                if (e instanceof And) {
                    throw new IllegalArgumentException("a nested AND is flattened; use And.of");
                }
            }
        }

        /**
         * Builds a conjunction, flattening operands that are conjunctions.
         *
         * @param operands the operands, at least one
         * @return the conjunction, or the only operand
         */
        public static Expr of(List<Expr> operands) {
            List<Expr> flat = new ArrayList<>(operands.size());
            for (Expr e : operands) {
                if (e instanceof And) {
                    flat.addAll(((And) e).operands());
                } else {
                    flat.add(e);
                }
            }
            return flat.size() == 1 ? flat.get(0) : new And(flat);
        }

        @Override
        public int precedence() {
            return AND;
        }
    }

    /**
     * Logical disjunction of two or more operands, none itself a disjunction.
     *
     * @param operands the operands
     */
    public record Or(List<Expr> operands) implements Expr {
        /**
         * Checks the shape.
         *
         * @param operands the operands
         * @throws IllegalArgumentException if there are fewer than two operands or one is a disjunction
         */
        public Or {
            operands = List.copyOf(operands);
            if (operands.size() < 2) {
                throw new IllegalArgumentException("OR needs two operands or more");
            }
            for (Expr e : operands) {
                if (e instanceof Or) {
                    throw new IllegalArgumentException("a nested OR is flattened; use Or.of");
                }
            }
        }

        /**
         * Builds a disjunction, flattening operands that are disjunctions.
         *
         * @param operands the operands, at least one
         * @return the disjunction, or the only operand
         */
        public static Expr of(List<Expr> operands) {
            List<Expr> flat = new ArrayList<>(operands.size());
            for (Expr e : operands) {
                if (e instanceof Or) {
                    flat.addAll(((Or) e).operands());
                } else {
                    flat.add(e);
                }
            }
            return flat.size() == 1 ? flat.get(0) : new Or(flat);
        }

        @Override
        public int precedence() {
            return OR;
        }
    }

    /**
     * {@code IS_DEFINED(path)}.
     *
     * @param path the path
     */
    public record IsDefined(PathExpr path) implements Expr {
        /**
         * Checks the path.
         *
         * @param path the path
         * @throws NullPointerException if it is null
         */
        public IsDefined {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public int precedence() {
            return PRIMARY;
        }
    }

    /**
     * An aggregate in a projection.
     *
     * @param fn the function
     * @param argument the path it aggregates, null for {@code COUNT()} and only for it
     */
    public record Aggregate(AggregateFn fn, PathExpr argument) implements Selectable {
        /**
         * Checks that {@code COUNT} alone has no argument.
         *
         * @param fn the function
         * @param argument the path it aggregates, null for {@code COUNT()} and only for it
         * @throws IllegalArgumentException if the argument does not fit the function
         */
        public Aggregate {
            Objects.requireNonNull(fn, "fn");
            if ((fn == AggregateFn.COUNT) != (argument == null)) {
                throw new IllegalArgumentException(fn == AggregateFn.COUNT ? "COUNT() takes no argument"
                        : fn + " takes an attribute path");
            }
        }
    }

    /**
     * One element of a {@code SELECT} list.
     *
     * @param item the path or aggregate
     * @param alias the name given with {@code AS}, or null
     */
    public record Projection(Selectable item, String alias) {
        /**
         * Checks the components.
         *
         * @param item the path or aggregate
         * @param alias the name given with {@code AS}, or null
         * @throws IllegalArgumentException if the alias is not an identifier
         */
        public Projection {
            Objects.requireNonNull(item, "item");
            if (alias != null) {
                Names.checkAlias(alias);
            }
        }

        /**
         * Tells whether the item is an aggregate.
         *
         * @return true for an aggregate
         */
        public boolean isAggregate() {
            return item instanceof Aggregate;
        }
    }

    /**
     * A whole query. For {@link QuerySource#JOBS} the paths of the {@code WHERE} clause are stored without their
     * {@code devices.jobs.} prefix and with the job fields' spelling (see {@link Names#normaliseJobPaths(Expr)}).
     *
     * @param source the collection
     * @param top the {@code TOP} limit, or null
     * @param projections the projections, empty for {@code SELECT *}
     * @param where the condition, or null
     * @param groupBy the {@code GROUP BY} path, or null
     */
    public record QueryNode(QuerySource source, Integer top, List<Projection> projections, Expr where,
                            PathExpr groupBy) {
        /**
         * Checks the components and normalises job paths.
         *
         * @param source the collection
         * @param top the {@code TOP} limit, or null
         * @param projections the projections, empty for {@code SELECT *}
         * @param where the condition, or null
         * @param groupBy the {@code GROUP BY} path, or null
         * @throws IllegalArgumentException if {@code top} is not positive
         */
        public QueryNode {
            Objects.requireNonNull(source, "source");
            projections = List.copyOf(projections);
            if (top != null && top < 1) {
                throw new IllegalArgumentException("TOP needs a positive number, not " + top);
            }
            if (source == QuerySource.JOBS && where != null) {
                where = Names.normaliseJobPaths(where);
            }
        }
    }
}
