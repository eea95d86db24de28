package dev.fleetops.core.query.internal;

import dev.fleetops.core.model.QuerySource;
import dev.fleetops.core.error.InvalidQueryException;
import dev.fleetops.core.model.JsonNull;
import dev.fleetops.core.query.internal.Ast.Aggregate;
import dev.fleetops.core.query.internal.Ast.AggregateFn;
import dev.fleetops.core.query.internal.Ast.And;
import dev.fleetops.core.query.internal.Ast.Arith;
import dev.fleetops.core.query.internal.Ast.ArithOp;
import dev.fleetops.core.query.internal.Ast.Compare;
import dev.fleetops.core.query.internal.Ast.CompareOp;
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
import dev.fleetops.core.query.internal.Ast.Selectable;
import dev.fleetops.core.query.internal.Ast.Step;
import dev.fleetops.core.query.internal.Lexer.Kind;
import dev.fleetops.core.query.internal.Lexer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A recursive-descent parser for IoT Hub's query language for twin and job queries. Internal; a new instance per
 * parse, so the static entry points are thread-safe.
 *
 * <p>Grammar (keywords and function names case-insensitive):
 * <pre>
 * query       := SELECT [TOP integer] ('*' | projection (',' projection)*) FROM collection
 *                [WHERE expr] [GROUP BY path]
 * projection  := (path | COUNT '(' ')' | (AVG|SUM|MIN|MAX) '(' path ')') [AS identifier]
 * collection  := devices | devices.modules | devices.jobs
 * expr        := and (OR and)*
 * and         := not (AND not)*
 * not         := NOT not | comparison
 * comparison  := additive [('=' | '!=' | '&lt;&gt;' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') additive | (IN | NIN) array]
 * additive    := multiplicative (('+' | '-') multiplicative)*
 * multiplicative := unary (('*' | '/' | '%') unary)*
 * unary       := '-' unary | primary
 * primary     := number | string | true | false | null | undefined | array | path
 *                | IS_DEFINED '(' path ')' | '(' expr ')'
 * array       := '[' [element (',' element)*] ']'      element := ['-'] number | string | true | false | null | array
 * </pre>
 * Every failure is an {@link InvalidQueryException} naming the line, column and what was expected.
 */
public final class Parser {

    /** Functions IoT Hub accepts only in message-routing queries. */
    public static final Set<String> ROUTING_ONLY_FUNCTIONS = Set.of("ABS", "EXP", "POWER", "SQUARE", "CEILING",
            "FLOOR", "SIGN", "SQRT", "AS_NUMBER", "IS_ARRAY", "IS_BOOL", "IS_NULL", "IS_NUMBER", "IS_OBJECT",
            "IS_PRIMITIVE", "IS_STRING", "CONCAT", "LENGTH", "LOWER", "UPPER", "SUBSTRING", "INDEX_OF",
            "STARTS_WITH", "ENDS_WITH", "CONTAINS");

    private final Errors errors;
    private final Lexer lexer;
    private Token tok;
    private int nesting;
    private int conditionStart = -1;
    private QuerySource source;

    private Parser(String text, String subject) {
        this.errors = new Errors(text, subject);
        this.lexer = new Lexer(errors);
    }

    /**
     * Parses a whole query.
     *
     * @param text the query text
     * @return the query
     * @throws InvalidQueryException if the text is not a valid twin or job query
     * @throws NullPointerException if {@code text} is null
     */
    public static QueryNode parseQuery(String text) {
        Objects.requireNonNull(text, "text");
        return new Parser(text, "query").query();
    }

    /**
     * Parses a condition: the text of a {@code WHERE} clause, as scheduled jobs and configurations take it.
     *
     * @param text the condition text
     * @return the condition
     * @throws InvalidQueryException if the text is not a valid condition
     * @throws NullPointerException if {@code text} is null
     */
    public static Expr parseCondition(String text) {
        Objects.requireNonNull(text, "text");
        Parser p = new Parser(text, "condition");
        p.checkLength();
        p.advance();
        p.conditionStart = p.tok.start();
        Expr e = p.or();
        if (p.tok.kind() != Kind.EOF) {
            throw p.unexpected("AND, OR or end of condition");
        }
        return e;
    }

    // ---- query ----------------------------------------------------------------------------------------------

    private void checkLength() {
        int n = errors.text().length();
        if (n > Ast.MAX_LENGTH) {
            throw errors.expected(Ast.MAX_LENGTH, String.format(Locale.ROOT, "at most %,d characters",
                    Ast.MAX_LENGTH), String.format(Locale.ROOT, "%,d characters", n));
        }
    }

    private QueryNode query() {
        checkLength();
        advance();
        if (!tok.isWord("SELECT")) {
            throw unexpected("SELECT");
        }
        advance();
        Integer top = null;
        if (tok.isWord("TOP")) {
            advance();
            if (tok.kind() != Kind.NUMBER || !(tok.value() instanceof Long) || (Long) tok.value() < 1
                    || (Long) tok.value() > Integer.MAX_VALUE) {
                throw unexpected("a positive integer after TOP");
            }
            top = ((Long) tok.value()).intValue();
            advance();
        }
        List<Projection> projections = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        if (tok.kind() == Kind.STAR) {
            advance();
        } else {
            while (true) {
                offsets.add(tok.start());
                projections.add(projection(projections.isEmpty() ? "* or a projection" : "a projection"));
                if (tok.kind() != Kind.COMMA) {
                    break;
                }
                advance();
            }
        }
        if (!tok.isWord("FROM")) {
            throw unexpected("FROM");
        }
        advance();
        source = collection();
        advance();
        Expr where = null;
        if (tok.isWord("WHERE")) {
            advance();
            conditionStart = tok.start();
            where = or();
        }
        PathExpr groupBy = null;
        int groupOffset = -1;
        if (tok.isWord("GROUP")) {
            groupOffset = tok.start();
            advance();
            if (!tok.isWord("BY")) {
                throw unexpected("BY");
            }
            advance();
            groupBy = plainPath("an attribute path");
        }
        if (tok.kind() != Kind.EOF) {
            throw unexpected(groupBy != null ? "end of query"
                    : where != null ? "AND, OR, GROUP BY or end of query" : "WHERE, GROUP BY or end of query");
        }
        QueryNode q = new QueryNode(source, top, projections, where, groupBy);
        QueryRules.Violation v = QueryRules.check(q);
        if (v != null) {
            int at = v.atGroupBy() ? groupOffset : offsets.get(v.projection());
            throw errors.error(at, v.expected(), v.message());
        }
        return q;
    }

    private QuerySource collection() {
        List<String> s = tok.kind() == Kind.PATH ? tok.segments() : List.of();
        boolean escaped = tok.word() == null && tok.kind() == Kind.PATH
                && errors.text().substring(tok.start(), tok.end()).contains("[[");
        if (!escaped && !s.isEmpty() && s.get(0).equalsIgnoreCase("devices")) {
            if (s.size() == 1) {
                return QuerySource.DEVICES;
            }
            if (s.size() == 2 && s.get(1).equalsIgnoreCase("modules")) {
                return QuerySource.MODULES;
            }
            if (s.size() == 2 && s.get(1).equalsIgnoreCase("jobs")) {
                return QuerySource.JOBS;
            }
        }
        throw unexpected("devices, devices.modules or devices.jobs");
    }

    private Projection projection(String expected) {
        Token t = tok;
        if (t.kind() != Kind.PATH || (t.word() != null && Names.isKeyword(t.word()))) {
            throw unexpected(expected);
        }
        advance();
        Selectable item;
        if (t.word() != null && tok.kind() == Kind.LPAREN) {
            item = aggregate(t);
        } else {
            item = pathOf(t);
        }
        String alias = null;
        if (tok.isWord("AS")) {
            advance();
            if (tok.word() == null || Names.isKeyword(tok.word())) {
                throw unexpected("an alias (an identifier)");
            }
            alias = tok.word();
            advance();
        }
        return new Projection(item, alias);
    }

    private Aggregate aggregate(Token name) {
        String upper = name.word().toUpperCase(Locale.ROOT);
        AggregateFn fn;
        try {
            fn = AggregateFn.valueOf(upper);
        } catch (IllegalArgumentException notAggregate) {
            if (upper.equals("IS_DEFINED")) {
                throw errors.expected(name.start(), "an attribute path or an aggregate (COUNT, AVG, SUM, MIN or MAX)",
                        "IS_DEFINED, which IoT Hub accepts only in WHERE");
            }
            throw functionError(name, "an aggregate (COUNT, AVG, SUM, MIN or MAX)");
        }
        advance(); // (
        PathExpr argument = null;
        if (fn == AggregateFn.COUNT) {
            if (tok.kind() != Kind.RPAREN) {
                throw unexpected("')' (COUNT takes no argument)");
            }
        } else {
            argument = plainPath("an attribute path");
            if (tok.kind() != Kind.RPAREN) {
                throw unexpected("')'");
            }
        }
        advance();
        return new Aggregate(fn, argument);
    }

    private InvalidQueryException functionError(Token name, String accepted) {
        String upper = name.word().toUpperCase(Locale.ROOT);
        if (ROUTING_ONLY_FUNCTIONS.contains(upper)) {
            return errors.error(name.start(), accepted, "IoT Hub accepts the function " + upper
                    + " only in message-routing queries; twin and job queries accept only IS_DEFINED (in WHERE)"
                    + " and the aggregates COUNT, AVG, SUM, MIN and MAX (in SELECT)");
        }
        return errors.error(name.start(), accepted, "unknown function '" + name.word() + "'; twin and job queries"
                + " accept only IS_DEFINED (in WHERE) and the aggregates COUNT, AVG, SUM, MIN and MAX (in SELECT)");
    }

    /** Reads a path token that is not a keyword nor a function call, and moves past it. */
    private PathExpr plainPath(String expected) {
        if (tok.kind() != Kind.PATH || (tok.word() != null && Names.isKeyword(tok.word()))) {
            throw unexpected(expected);
        }
        Token t = tok;
        advance();
        return pathOf(t);
    }

    private PathExpr pathOf(Token t) {
        if (source == QuerySource.JOBS && Names.isBareJobsPrefix(t.segments())) {
            throw errors.expected(t.start(), "a job field after devices.jobs, such as devices.jobs.status",
                    errors.found(t.start(), t.end()));
        }
        if (source == QuerySource.JOBS && Names.isDeviceTwinPathInJobs(t.segments())) {
            throw errors.expected(t.start(), "a job field (IoT Hub does not accept conditions on the device twin"
                    + " in queries FROM devices.jobs)", errors.found(t.start(), t.end()));
        }
        return new PathExpr(t.segments());
    }

    // ---- expressions ----------------------------------------------------------------------------------------

    private Expr or() {
        Expr first = and();
        if (!tok.isWord("OR")) {
            return first;
        }
        List<Expr> operands = new ArrayList<>();
        operands.add(first);
        while (tok.isWord("OR")) {
            advance();
            operands.add(and());
        }
        return Or.of(operands);
    }

    private Expr and() {
        Expr first = not();
        if (!tok.isWord("AND")) {
            return first;
        }
        List<Expr> operands = new ArrayList<>();
        operands.add(first);
        while (tok.isWord("AND")) {
            advance();
            operands.add(not());
        }
        return And.of(operands);
    }

    private Expr not() {
        if (tok.isWord("NOT")) {
            enter();
            advance();
            Expr operand = not();
            nesting--;
            return new Not(operand);
        }
        return comparison();
    }

    private Expr comparison() {
        Expr left = additive();
        CompareOp op = compareOp(tok.kind());
        if (op != null) {
            advance();
            return new Compare(op, left, additive());
        }
        if (tok.isWord("IN") || tok.isWord("NIN")) {
            boolean negated = tok.isWord("NIN");
            tok = lexer.next(true);
            if (tok.kind() != Kind.LBRACKET) {
                throw unexpected("an array constant such as ['a', 'b']");
            }
            int open = tok.start();
            List<Object> values = array();
            if (values.isEmpty()) {
                throw errors.expected(open, "an array with at least one value after " + (negated ? "NIN" : "IN"),
                        "an empty array");
            }
            return new In(left, negated, values);
        }
        return left;
    }

    private static CompareOp compareOp(Kind k) {
        switch (k) {
            case EQ:
                return CompareOp.EQ;
            case NE:
                return CompareOp.NE;
            case LT:
                return CompareOp.LT;
            case LE:
                return CompareOp.LE;
            case GT:
                return CompareOp.GT;
            case GE:
                return CompareOp.GE;
            default:
                return null;
        }
    }

    private Expr additive() {
        Expr first = multiplicative();
        List<Step> steps = null;
        while (tok.kind() == Kind.PLUS || tok.kind() == Kind.MINUS) {
            ArithOp op = tok.kind() == Kind.PLUS ? ArithOp.ADD : ArithOp.SUB;
            advance();
            if (steps == null) {
                steps = new ArrayList<>();
            }
            steps.add(new Step(op, multiplicative()));
        }
        return steps == null ? first : Arith.of(first, steps);
    }

    private Expr multiplicative() {
        Expr first = unary();
        List<Step> steps = null;
        while (tok.kind() == Kind.STAR || tok.kind() == Kind.SLASH || tok.kind() == Kind.PERCENT) {
            ArithOp op = tok.kind() == Kind.STAR ? ArithOp.MUL : tok.kind() == Kind.SLASH ? ArithOp.DIV : ArithOp.MOD;
            advance();
            if (steps == null) {
                steps = new ArrayList<>();
            }
            steps.add(new Step(op, unary()));
        }
        return steps == null ? first : Arith.of(first, steps);
    }

    private Expr unary() {
        if (tok.kind() == Kind.MINUS) {
            enter();
            advance();
            Expr operand = unary();
            nesting--;
            return Negate.of(operand);
        }
        return primary();
    }

    private Expr primary() {
        String label = tok.start() == conditionStart ? "a condition" : "a value";
        switch (tok.kind()) {
            case NUMBER:
            case STRING: {
                Const c = new Const(tok.value());
                advance();
                return c;
            }
            case LPAREN: {
                enter();
                advance();
                Expr e = or();
                if (tok.kind() != Kind.RPAREN) {
                    throw unexpected("')'");
                }
                nesting--;
                advance();
                return e;
            }
            case LBRACKET:
                return new Const(array());
            case PATH: {
                Object keywordConstant = keywordConstant(tok.word());
                if (keywordConstant != null) {
                    advance();
                    return new Const(keywordConstant);
                }
                if (tok.word() != null && Names.isKeyword(tok.word())) {
                    throw errors.expected(tok.start(), label + " (write [[" + tok.word() + "]] for a property of"
                            + " that name)", "the reserved word '" + tok.word() + "'");
                }
                Token t = tok;
                advance();
                if (t.word() != null && tok.kind() == Kind.LPAREN) {
                    return function(t);
                }
                return pathOf(t);
            }
            default:
                throw unexpected(label);
        }
    }

    private static Object keywordConstant(String word) {
        if (word == null) {
            return null;
        }
        switch (word.toUpperCase(Locale.ROOT)) {
            case "TRUE":
                return Boolean.TRUE;
            case "FALSE":
                return Boolean.FALSE;
            case "NULL":
                return JsonNull.INSTANCE;
            case "UNDEFINED":
                return Ast.Undefined.INSTANCE;
            default:
                return null;
        }
    }

    private Expr function(Token name) {
        String upper = name.word().toUpperCase(Locale.ROOT);
        if (upper.equals("IS_DEFINED")) {
            enter();
            advance(); // (
            PathExpr path = plainPath("an attribute path");
            if (tok.kind() != Kind.RPAREN) {
                throw unexpected("')'");
            }
            nesting--;
            advance();
            return new IsDefined(path);
        }
        for (AggregateFn fn : AggregateFn.values()) {
            if (fn.name().equals(upper)) {
                throw errors.expected(name.start(), "a value", "the aggregate " + upper
                        + ", which IoT Hub accepts only in SELECT");
            }
        }
        throw functionError(name, "IS_DEFINED");
    }

    /** Reads an array constant; {@code tok} is its opening bracket. */
    private List<Object> array() {
        enter();
        tok = lexer.next(true);
        List<Object> items = new ArrayList<>();
        if (tok.kind() != Kind.RBRACKET) {
            while (true) {
                items.add(element());
                if (tok.kind() == Kind.COMMA) {
                    tok = lexer.next(true);
                } else if (tok.kind() == Kind.RBRACKET) {
                    break;
                } else {
                    throw unexpected("',' or ']'");
                }
            }
        }
        nesting--;
        advance();
        return List.copyOf(items);
    }

    private Object element() {
        switch (tok.kind()) {
            case NUMBER:
            case STRING: {
                Object v = tok.value();
                advance();
                return v;
            }
            case MINUS: {
                advance();
                if (tok.kind() != Kind.NUMBER) {
                    throw unexpected("a number after '-'");
                }
                Object v = Values.negateConstant((Number) tok.value());
                advance();
                return v;
            }
            case LBRACKET:
                return array();
            default: {
                Object v = keywordConstant(tok.word());
                if (v == Ast.Undefined.INSTANCE) {
                    throw errors.expected(tok.start(), "a constant other than undefined (an array holds JSON values)",
                            errors.found(tok.start(), tok.end()));
                }
                if (v == null) {
                    throw unexpected("a constant (a number, string, true, false, null or array)");
                }
                advance();
                return v;
            }
        }
    }

    // ---- tokens ---------------------------------------------------------------------------------------------

    private void advance() {
        tok = lexer.next(false);
    }

    private void enter() {
        if (++nesting > Ast.MAX_NESTING) {
            throw errors.expected(tok.start(), "at most " + Ast.MAX_NESTING + " levels of nesting (parentheses,"
                    + " NOT, minus signs, arrays)", "more");
        }
    }

    private InvalidQueryException unexpected(String expected) {
        return errors.expected(tok.start(), expected, errors.found(tok.start(), tok.end()));
    }
}
