package dev.fleetops.core.query.internal;

import dev.fleetops.core.model.QuerySource;
import dev.fleetops.core.query.internal.Ast.Aggregate;
import dev.fleetops.core.query.internal.Ast.And;
import dev.fleetops.core.query.internal.Ast.Arith;
import dev.fleetops.core.query.internal.Ast.Compare;
import dev.fleetops.core.query.internal.Ast.Const;
import dev.fleetops.core.query.internal.Ast.Expr;
import dev.fleetops.core.query.internal.Ast.In;
import dev.fleetops.core.query.internal.Ast.IsDefined;
import dev.fleetops.core.query.internal.Ast.Negate;
import dev.fleetops.core.query.internal.Ast.Not;
import dev.fleetops.core.query.internal.Ast.Or;
import dev.fleetops.core.query.internal.Ast.PathExpr;
import dev.fleetops.core.query.internal.Ast.Projection;
import dev.fleetops.core.query.internal.Ast.QueryNode;
import dev.fleetops.core.query.internal.Ast.Step;

import java.util.List;

/**
 * Writes the canonical text of a query or condition: keywords in upper case, strings in single quotes (double
 * quotes when they need fewer escapes), control characters as {@code \}{@code uXXXX}, single spaces,
 * the fewest parentheses that keep the tree, {@code [[ ]]} only where a segment needs it, and {@code devices.jobs.}
 * in front of every path of a job query. The parser reads the text back to an equal tree. Internal; stateless and
 * thread-safe.
 */
public final class Renderer {

    private Renderer() {
    }

    /**
     * Renders a query.
     *
     * @param q the query
     * @return the canonical text
     */
    public static String query(QueryNode q) {
        StringBuilder sb = new StringBuilder(128).append("SELECT ");
        if (q.top() != null) {
            sb.append("TOP ").append(q.top()).append(' ');
        }
        if (q.projections().isEmpty()) {
            sb.append('*');
        } else {
            boolean first = true;
            for (Projection p : q.projections()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                projection(p, sb);
            }
        }
        sb.append(" FROM ").append(q.source().collection());
        boolean jobs = q.source() == QuerySource.JOBS;
        if (q.where() != null) {
            sb.append(" WHERE ");
            expr(q.where(), 0, jobs, sb);
        }
        if (q.groupBy() != null) {
            sb.append(" GROUP BY ");
            path(q.groupBy(), jobs, sb);
        }
        return sb.toString();
    }

    /**
     * Renders one projection as written in a {@code SELECT} list.
     *
     * @param p the projection
     * @return the text, for example {@code COUNT() AS n}
     */
    public static String projection(Projection p) {
        StringBuilder sb = new StringBuilder();
        projection(p, sb);
        return sb.toString();
    }

    private static void projection(Projection p, StringBuilder sb) {
        if (p.item() instanceof PathExpr) {
            path((PathExpr) p.item(), false, sb);
        } else {
            Aggregate a = (Aggregate) p.item();
            sb.append(a.fn().name()).append('(');
            if (a.argument() != null) {
                path(a.argument(), false, sb);
            }
            sb.append(')');
        }
        if (p.alias() != null) {
            sb.append(" AS ").append(p.alias());
        }
    }

    /**
     * Renders an expression on its own.
     *
     * @param e the expression
     * @return the canonical text
     */
    public static String expr(Expr e) {
        StringBuilder sb = new StringBuilder(64);
        expr(e, 0, false, sb);
        return sb.toString();
    }

    private static void expr(Expr e, int minPrecedence, boolean jobs, StringBuilder sb) {
        boolean parens = e.precedence() < minPrecedence;
        if (parens) {
            sb.append('(');
        }
        if (e instanceof PathExpr) {
            path((PathExpr) e, jobs, sb);
        } else if (e instanceof Const) {
            constant(((Const) e).value(), sb);
        } else if (e instanceof IsDefined) {
            sb.append("IS_DEFINED(");
            path(((IsDefined) e).path(), jobs, sb);
            sb.append(')');
        } else if (e instanceof Negate) {
            sb.append('-');
            expr(((Negate) e).operand(), Ast.UNARY, jobs, sb);
        } else if (e instanceof Not) {
            sb.append("NOT ");
            expr(((Not) e).operand(), Ast.NOT, jobs, sb);
        } else if (e instanceof Compare) {
            Compare c = (Compare) e;
            expr(c.left(), Ast.ADD, jobs, sb);
            sb.append(' ').append(c.op().symbol()).append(' ');
            expr(c.right(), Ast.ADD, jobs, sb);
        } else if (e instanceof In) {
            In in = (In) e;
            expr(in.left(), Ast.ADD, jobs, sb);
            sb.append(in.negated() ? " NIN " : " IN ");
            constant(in.values(), sb);
        } else if (e instanceof Arith) {
            Arith a = (Arith) e;
            int p = a.precedence();
            expr(a.first(), p, jobs, sb);
            for (Step s : a.steps()) {
                sb.append(' ').append(s.op().symbol()).append(' ');
                expr(s.operand(), p + 1, jobs, sb);
            }
        } else if (e instanceof And) {
            join(((And) e).operands(), " AND ", Ast.NOT, jobs, sb);
        } else {
            join(((Or) e).operands(), " OR ", Ast.AND, jobs, sb);
        }
        if (parens) {
            sb.append(')');
        }
    }

    private static void join(List<Expr> operands, String op, int minPrecedence, boolean jobs, StringBuilder sb) {
        boolean first = true;
        for (Expr o : operands) {
            if (!first) {
                sb.append(op);
            }
            first = false;
            expr(o, minPrecedence, jobs, sb);
        }
    }

    /**
     * Returns how deeply the canonical text of an expression nests, counted as the parser counts: each
     * parenthesis, {@code NOT}, minus sign (also of a negative number), array bracket and {@code IS_DEFINED(}
     * opens a level. Text whose nesting exceeds {@link Ast#MAX_NESTING} does not parse, so the builder checks this.
     *
     * @param e the expression
     * @return the deepest nesting of its text
     */
    public static int nesting(Expr e) {
        if (e instanceof PathExpr) {
            return 0;
        }
        if (e instanceof Const) {
            Object v = ((Const) e).value();
            if (v instanceof List) {
                return listNesting(v);
            }
            return v instanceof Number && ((Number) v).doubleValue() < 0 ? 1 : 0;
        }
        if (e instanceof IsDefined) {
            return 1;
        }
        if (e instanceof Negate) {
            return 1 + nesting(((Negate) e).operand(), Ast.UNARY);
        }
        if (e instanceof Not) {
            return 1 + nesting(((Not) e).operand(), Ast.NOT);
        }
        if (e instanceof Compare) {
            Compare c = (Compare) e;
            return Math.max(nesting(c.left(), Ast.ADD), nesting(c.right(), Ast.ADD));
        }
        if (e instanceof In) {
            In in = (In) e;
            return Math.max(nesting(in.left(), Ast.ADD), listNesting(in.values()));
        }
        if (e instanceof Arith) {
            Arith a = (Arith) e;
            int p = a.precedence();
            int max = nesting(a.first(), p);
            for (Step s : a.steps()) {
                max = Math.max(max, nesting(s.operand(), p + 1));
            }
            return max;
        }
        List<Expr> operands = e instanceof And ? ((And) e).operands() : ((Or) e).operands();
        int min = e instanceof And ? Ast.NOT : Ast.AND;
        int max = 0;
        for (Expr o : operands) {
            max = Math.max(max, nesting(o, min));
        }
        return max;
    }

    private static int nesting(Expr e, int minPrecedence) {
        return nesting(e) + (e.precedence() < minPrecedence ? 1 : 0);
    }

    private static int listNesting(Object v) {
        if (!(v instanceof List)) {
            return 0;
        }
        int max = 0;
        for (Object o : (List<?>) v) {
            max = Math.max(max, listNesting(o));
        }
        return max + 1;
    }

    /**
     * Renders a path.
     *
     * @param p the path
     * @param jobs true to write it as a job field, behind {@code devices.jobs.}
     * @return the text
     */
    public static String path(PathExpr p, boolean jobs) {
        StringBuilder sb = new StringBuilder();
        path(p, jobs, sb);
        return sb.toString();
    }

    private static void path(PathExpr p, boolean jobs, StringBuilder sb) {
        boolean first = true;
        if (jobs) {
            sb.append("devices.jobs");
            first = false;
        }
        for (String s : p.segments()) {
            if (!first) {
                sb.append('.');
            }
            if (first ? Names.isBareRoot(s) : Names.isBareSegment(s) && !s.equalsIgnoreCase("group")) {
                sb.append(s);
            } else {
                sb.append("[[").append(s).append("]]");
            }
            first = false;
        }
    }

    /**
     * Renders a constant.
     *
     * @param value a normalised constant
     * @return the text
     */
    public static String constant(Object value) {
        StringBuilder sb = new StringBuilder();
        constant(value, sb);
        return sb.toString();
    }

    private static void constant(Object v, StringBuilder sb) {
        if (v instanceof String) {
            string((String) v, sb);
        } else if (v instanceof List) {
            List<?> items = (List<?>) v;
            sb.append('[');
            if (!items.isEmpty() && items.get(0) instanceof List) {
                sb.append(' '); // "[[" would open an escaped name where a value is expected
            }
            boolean first = true;
            for (Object o : items) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                constant(o, sb);
            }
            sb.append(']');
        } else {
            sb.append(v); // Long, Double, Boolean, JsonNull ("null"), Undefined ("undefined")
        }
    }

    /** Writes a string in the quotes that need fewer escapes: single quotes unless it holds more of them. */
    private static void string(String s, StringBuilder sb) {
        int singles = 0;
        int doubles = 0;
        for (int i = 0; i < s.length(); i++) {
            singles += s.charAt(i) == '\'' ? 1 : 0;
            doubles += s.charAt(i) == '"' ? 1 : 0;
        }
        char quote = singles > doubles ? '"' : '\'';
        sb.append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == quote || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029 || isLoneSurrogate(s, i)) {
                sb.append(String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append(quote);
    }

    private static boolean isLoneSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }
}
