package dev.fleetops.core.query.internal;

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
import dev.fleetops.core.query.internal.Ast.Step;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Names in the query language: reserved words, the twin's and the job document's own field names (matched without
 * regard to case and stored as the hub spells them), and the rules for segments and aliases. Internal; stateless
 * and thread-safe.
 */
public final class Names {

    /** The reserved words; a path cannot start with one unless it is escaped with {@code [[ ]]}. */
    public static final Set<String> KEYWORDS = Set.of("SELECT", "TOP", "FROM", "WHERE", "GROUP", "BY", "AS", "AND",
            "OR", "NOT", "IN", "NIN", "TRUE", "FALSE", "NULL", "UNDEFINED");

    /** The top-level fields of a twin document, as {@code Twin.toTree()} writes them. */
    public static final List<String> TWIN_FIELDS = List.of("deviceId", "moduleId", "etag", "version", "status",
            "connectionState", "lastActivityTime", "authenticationType", "modelId", "capabilities", "tags",
            "properties", "configurations", "statusUpdateTime", "cloudToDeviceMessageCount", "x509Thumbprint");

    /**
     * The fields of a job document. {@code createdTimeUtc} is the name Microsoft's job query example uses for
     * {@code createdDateTimeUtc}; the evaluator reads it as that field.
     */
    public static final List<String> JOB_FIELDS = List.of("deviceId", "jobId", "jobType", "status", "startTimeUtc",
            "endTimeUtc", "createdDateTimeUtc", "lastUpdatedDateTimeUtc", "outcome", "createdTimeUtc");

    private static final Map<String, String> TWIN_BY_LOWER = byLower(TWIN_FIELDS);
    private static final Map<String, String> JOB_BY_LOWER = byLower(JOB_FIELDS);

    private Names() {
    }

    private static Map<String, String> byLower(List<String> names) {
        Map<String, String> m = new HashMap<>();
        for (String n : names) {
            m.put(n.toLowerCase(Locale.ROOT), n);
        }
        return Map.copyOf(m);
    }

    /**
     * Tells whether a word is reserved, ignoring case.
     *
     * @param word the word
     * @return true for a keyword
     */
    public static boolean isKeyword(String word) {
        return KEYWORDS.contains(word.toUpperCase(Locale.ROOT));
    }

    /**
     * Spells the twin's own fields as the hub does: the first segment when it names a twin field, {@code desired}
     * and {@code reported} under {@code properties}, {@code iotEdge} under {@code capabilities} and
     * {@code status} under {@code configurations.<id>}. Other segments are kept as they are (tags and properties
     * are case-sensitive).
     *
     * @param segments the path
     * @return the path with the hub's spelling (the same list when nothing changes)
     */
    public static List<String> normaliseTwinPath(List<String> segments) {
        if (segments.isEmpty()) {
            return segments;
        }
        String root = canonical(TWIN_BY_LOWER, segments.get(0));
        String second = segments.size() > 1 ? segments.get(1) : null;
        String third = segments.size() > 2 ? segments.get(2) : null;
        if ("properties".equals(root) && second != null) {
            if (second.equalsIgnoreCase("desired")) {
                second = "desired";
            } else if (second.equalsIgnoreCase("reported")) {
                second = "reported";
            }
        } else if ("capabilities".equals(root) && second != null && second.equalsIgnoreCase("iotEdge")) {
            second = "iotEdge";
        } else if ("configurations".equals(root) && third != null && third.equalsIgnoreCase("status")) {
            third = "status";
        }
        if (root.equals(segments.get(0)) && (second == null || second.equals(segments.get(1)))
                && (third == null || third.equals(segments.get(2)))) {
            return segments;
        }
        List<String> out = new ArrayList<>(segments);
        out.set(0, root);
        if (second != null) {
            out.set(1, second);
        }
        if (third != null) {
            out.set(2, third);
        }
        return List.copyOf(out);
    }

    private static String canonical(Map<String, String> names, String segment) {
        String c = names.get(segment.toLowerCase(Locale.ROOT));
        return c == null ? segment : c;
    }

    /**
     * Tells whether a path is {@code devices.jobs} itself, which names no job field.
     *
     * @param segments the path
     * @return true for exactly {@code devices.jobs}, in any case
     */
    public static boolean isBareJobsPrefix(List<String> segments) {
        return segments.size() == 2 && hasJobsPrefix(segments);
    }

    /**
     * Tells whether a path in a {@code FROM devices.jobs} query reads the device twin rather than the job document:
     * {@code devices.tags...}, {@code devices.properties...}, or a twin field that is not also a job field
     * ({@code tags}, {@code properties}, {@code connectionState}, ...). IoT Hub refuses conditions on those.
     *
     * @param segments the path's segments
     * @return true for a device-twin path
     */
    public static boolean isDeviceTwinPathInJobs(List<String> segments) {
        if (hasJobsPrefix(segments)) {
            return false;
        }
        String first = segments.get(0);
        if (first.equalsIgnoreCase("devices") && segments.size() > 1) {
            return true;
        }
        return TWIN_BY_LOWER.containsKey(first.toLowerCase(Locale.ROOT))
                && !JOB_BY_LOWER.containsKey(first.toLowerCase(Locale.ROOT));
    }

    private static boolean hasJobsPrefix(List<String> segments) {
        return segments.size() >= 2 && segments.get(0).equalsIgnoreCase("devices")
                && segments.get(1).equalsIgnoreCase("jobs");
    }

    /**
     * Strips the {@code devices.jobs.} prefix from a job path and spells a job field as the hub does.
     *
     * @param path the path in a {@code FROM devices.jobs} query
     * @return the path relative to the job document
     * @throws IllegalArgumentException if the path is {@code devices.jobs} itself
     */
    public static PathExpr normaliseJobPath(PathExpr path) {
        List<String> s = path.segments();
        if (isBareJobsPrefix(s)) {
            throw new IllegalArgumentException("devices.jobs names no job field; write devices.jobs.<field>");
        }
        if (hasJobsPrefix(s)) {
            s = s.subList(2, s.size());
        }
        String root = canonical(JOB_BY_LOWER, s.get(0));
        if (!root.equals(s.get(0))) {
            List<String> out = new ArrayList<>(s);
            out.set(0, root);
            s = out;
        }
        return s.equals(path.segments()) ? path : new PathExpr(s);
    }

    /**
     * Applies {@link #normaliseJobPath(PathExpr)} to every path of an expression.
     *
     * @param e the expression
     * @return the rewritten expression (the same instance when nothing changes)
     */
    public static Expr normaliseJobPaths(Expr e) {
        if (e instanceof PathExpr) {
            return normaliseJobPath((PathExpr) e);
        }
        if (e instanceof Const) {
            return e;
        }
        if (e instanceof IsDefined) {
            return new IsDefined(normaliseJobPath(((IsDefined) e).path()));
        }
        if (e instanceof Negate) {
            return Negate.of(normaliseJobPaths(((Negate) e).operand()));
        }
        if (e instanceof Not) {
            return new Not(normaliseJobPaths(((Not) e).operand()));
        }
        if (e instanceof Compare) {
            Compare c = (Compare) e;
            return new Compare(c.op(), normaliseJobPaths(c.left()), normaliseJobPaths(c.right()));
        }
        if (e instanceof In) {
            In in = (In) e;
            return new In(normaliseJobPaths(in.left()), in.negated(), in.values());
        }
        if (e instanceof Arith) {
            Arith a = (Arith) e;
            List<Step> steps = new ArrayList<>(a.steps().size());
            for (Step s : a.steps()) {
                steps.add(new Step(s.op(), normaliseJobPaths(s.operand())));
            }
            return Arith.of(normaliseJobPaths(a.first()), steps);
        }
        if (e instanceof And) {
            List<Expr> ops = new ArrayList<>();
            for (Expr o : ((And) e).operands()) {
                ops.add(normaliseJobPaths(o));
            }
            return And.of(ops);
        }
        List<Expr> ops = new ArrayList<>();
        for (Expr o : ((Or) e).operands()) {
            ops.add(normaliseJobPaths(o));
        }
        return Or.of(ops);
    }

    /**
     * Tells whether a character may appear in a bare (unescaped) path segment: an ASCII letter or digit,
     * {@code _} or {@code $}.
     *
     * @param c the character
     * @return true when allowed
     */
    public static boolean isIdentifierPart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
    }

    /**
     * Tells whether a character may start a bare path: an identifier character other than a digit.
     *
     * @param c the character
     * @return true when allowed
     */
    public static boolean isIdentifierStart(char c) {
        return isIdentifierPart(c) && !(c >= '0' && c <= '9');
    }

    /**
     * Tells whether a segment can be written bare as the first segment of a path.
     *
     * @param s the segment
     * @return true when it is an identifier and not a keyword
     */
    public static boolean isBareRoot(String s) {
        return isIdentifier(s) && !isKeyword(s);
    }

    /**
     * Tells whether a segment can be written bare after a dot.
     *
     * @param s the segment
     * @return true when it is made of identifier characters only
     */
    public static boolean isBareSegment(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isIdentifierPart(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIdentifier(String s) {
        return !s.isEmpty() && isIdentifierStart(s.charAt(0)) && isBareSegment(s);
    }

    /**
     * Checks that a segment can be written, bare or inside {@code [[ ]]}.
     *
     * @param s the segment
     * @throws IllegalArgumentException if it is empty, contains {@code ]]} or ends in {@code ]}
     */
    public static void checkSegment(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("an attribute path segment is empty");
        }
        if (s.contains("]]") || s.endsWith("]")) {
            throw new IllegalArgumentException("attribute path segment '" + s
                    + "' cannot be written in IoT Hub's query language: it contains ']]' or ends in ']'");
        }
    }

    /**
     * Checks that an alias is an identifier and not a keyword.
     *
     * @param alias the alias
     * @throws IllegalArgumentException if it is not
     */
    public static void checkAlias(String alias) {
        if (!isIdentifier(alias) || isKeyword(alias)) {
            throw new IllegalArgumentException("alias '" + alias + "' is not an identifier (ASCII letters, digits,"
                    + " '_' and '$', not starting with a digit) or is a reserved word");
        }
    }
}
