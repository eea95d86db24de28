package dev.fleetops.core.query.internal;

import dev.fleetops.core.model.HubTime;
import dev.fleetops.core.model.PropertyPath;
import dev.fleetops.core.model.QuerySource;
import dev.fleetops.core.model.ConfigurationStatus;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a syntax tree into a tree of small evaluator objects. Paths are split once; the twin's own fields become
 * direct accessor calls; tags and properties are read with {@link PropertyTree#get(PropertyPath)} by paths parsed once. Evaluating
 * allocates nothing, except where the value itself is new (arithmetic results, {@code lastActivityTime}, a twin's
 * {@code $version}s outside the small-Long cache, whole {@code properties}/{@code capabilities}/
 * {@code configurations} objects). Internal; stateless and thread-safe, and so are the evaluators it builds.
 */
public final class Compiler {

    private Compiler() {
    }

    /**
     * An evaluator: gives a value (null for undefined) from a twin, or from a JSON document.
     */
    public abstract static class Eval {
        /**
         * Evaluates over a twin, as if over {@code twin.toTree()}.
         *
         * @param t the twin
         * @return the value, or null for undefined
         */
        public abstract Object twin(Twin t);

        /**
         * Evaluates over a document: a twin document or a job document.
         *
         * @param d the document
         * @return the value, or null for undefined
         */
        public abstract Object doc(PropertyTree d);
    }

    /**
     * Compiles an expression.
     *
     * @param e the expression
     * @param source the collection, which decides how paths are read
     * @return the evaluator
     */
    public static Eval compile(Expr e, QuerySource source) {
        if (e instanceof PathExpr) {
            return path((PathExpr) e, source);
        }
        if (e instanceof Const) {
            Object v = ((Const) e).value();
            return new ConstEval(v == Ast.Undefined.INSTANCE ? null : v);
        }
        if (e instanceof IsDefined) {
            return new IsDefinedEval(path(((IsDefined) e).path(), source), false);
        }
        if (e instanceof Negate) {
            return new NegateEval(compile(((Negate) e).operand(), source));
        }
        if (e instanceof Not) {
            Expr operand = ((Not) e).operand();
            if (operand instanceof IsDefined) {
                return new IsDefinedEval(path(((IsDefined) operand).path(), source), true);
            }
            return new NotEval(compile(operand, source));
        }
        if (e instanceof Compare) {
            Compare c = (Compare) e;
            Eval l = compile(c.left(), source);
            Eval r = compile(c.right(), source);
            if (r instanceof ConstEval && !(l instanceof ConstEval)) {
                return compareWithConstant(c.op(), l, ((ConstEval) r).value);
            }
            if (l instanceof ConstEval && !(r instanceof ConstEval)) {
                return compareWithConstant(flip(c.op()), r, ((ConstEval) l).value);
            }
            return new CompareEval(c.op(), l, r);
        }
        if (e instanceof In) {
            In in = (In) e;
            return new InEval(compile(in.left(), source), in.negated(), in.values());
        }
        if (e instanceof Arith) {
            Arith a = (Arith) e;
            Eval[] operands = new Eval[a.steps().size()];
            ArithOp[] ops = new ArithOp[operands.length];
            for (int i = 0; i < operands.length; i++) {
                ops[i] = a.steps().get(i).op();
                operands[i] = compile(a.steps().get(i).operand(), source);
            }
            return new ArithEval(compile(a.first(), source), ops, operands);
        }
        if (e instanceof And) {
            return new AndEval(compileAll(((And) e).operands(), source));
        }
        return new OrEval(compileAll(((Or) e).operands(), source));
    }

    private static Eval[] compileAll(List<Expr> es, QuerySource source) {
        Eval[] out = new Eval[es.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = compile(es.get(i), source);
        }
        return out;
    }

    private static Eval compareWithConstant(CompareOp op, Eval left, Object constant) {
        if (constant instanceof String) {
            return new CompareStringEval(op, left, (String) constant);
        }
        if (constant instanceof Long) {
            return new CompareLongEval(op, left, (Long) constant);
        }
        return new CompareConstEval(op, left, constant);
    }

    private static CompareOp flip(CompareOp op) {
        switch (op) {
            case LT:
                return CompareOp.GT;
            case LE:
                return CompareOp.GE;
            case GT:
                return CompareOp.LT;
            case GE:
                return CompareOp.LE;
            default:
                return op;
        }
    }

    // ---- paths ----------------------------------------------------------------------------------------------

    /**
     * Compiles a path.
     *
     * @param p the path
     * @param source the collection: job paths are read from the job document, twin paths from the twin
     * @return the evaluator
     */
    public static Eval path(PathExpr p, QuerySource source) {
        String[] s = p.segments().toArray(new String[0]);
        if (source == QuerySource.JOBS) {
            String[] alias = null;
            if (s[0].equals("createdTimeUtc")) {
                alias = s.clone();
                alias[0] = "createdDateTimeUtc";
            }
            return new JobPath(s, alias);
        }
        return twinPath(s);
    }

    private static Eval twinPath(String[] s) {
        String[] rest = Arrays.copyOfRange(s, 1, s.length);
        switch (s[0]) {
            case "tags":
                return rest.length == 0 ? new Field(s, Twin::tags) : new TagsPath(s, rest);
            case "properties":
                return propertiesPath(s);
            case "deviceId":
                return leaf(s, t -> t.deviceId().value());
            case "moduleId":
                return leaf(s, t -> t.isModuleTwin() ? t.moduleId() : null);
            case "etag":
                return leaf(s, t -> t.etag().value());
            case "version":
                return leaf(s, t -> t.version());
            case "status":
                return leaf(s, t -> t.status().wireName());
            case "connectionState":
                return leaf(s, t -> t.connectionState().wireName());
            case "lastActivityTime":
                return leaf(s, t -> HubTime.format(t.lastActivityTime()));
            case "statusUpdateTime":
                return leaf(s, t -> HubTime.format(t.statusUpdateTime()));
            case "cloudToDeviceMessageCount":
                return leaf(s, t -> t.cloudToDeviceMessageCount());
            case "x509Thumbprint":
                if (s.length == 1) {
                    return new Field(s, Compiler::thumbprints);
                }
                if (s.length == 2 && s[1].equals("primaryThumbprint")) {
                    return new Field(s, t -> emptyAsAbsent(t.x509Thumbprint().primary()));
                }
                return s.length == 2 && s[1].equals("secondaryThumbprint")
                        ? new Field(s, t -> emptyAsAbsent(t.x509Thumbprint().secondary())) : new Absent(s);
            case "authenticationType":
                return leaf(s, t -> t.authenticationType().wireName());
            case "modelId":
                return leaf(s, Twin::modelId);
            case "capabilities":
                if (s.length == 1) {
                    return new Field(s, t -> PropertyTree.of(Map.of("iotEdge", t.iotEdge())));
                }
                return s.length == 2 && s[1].equals("iotEdge") ? new Field(s, t -> t.iotEdge()) : new Absent(s);
            case "configurations":
                return configurationsPath(s);
            default:
                return new Absent(s);
        }
    }

    private static PropertyTree thumbprints(Twin t) {
        return t.toTree().getTree("x509Thumbprint").orElse(PropertyTree.empty());
    }

    private static Object emptyAsAbsent(String s) {
        return s.isEmpty() ? null : s;
    }

    /** A properties section as the twin document holds it: with {@code $version}, and {@code $metadata} if known. */
    private static PropertyTree section(PropertyTree properties, long version, PropertyTree metadata) {
        PropertyTree out = properties.with("$version", version);
        return metadata.isEmpty() ? out : out.with("$metadata", metadata);
    }

    private static Eval leaf(String[] s, Function<Twin, Object> getter) {
        return s.length == 1 ? new Field(s, getter) : new Absent(s);
    }

    private static Eval propertiesPath(String[] s) {
        if (s.length == 1) {
            return new Field(s, t -> PropertyTree.of(Map.of(
                    "desired", section(t.desired(), t.desiredVersion(), t.desiredMetadata()),
                    "reported", section(t.reported(), t.reportedVersion(), t.reportedMetadata()))));
        }
        boolean desired = s[1].equals("desired");
        if (!desired && !s[1].equals("reported")) {
            return new Absent(s);
        }
        if (s.length == 2) {
            return desired ? new Field(s, t -> section(t.desired(), t.desiredVersion(), t.desiredMetadata()))
                    : new Field(s, t -> section(t.reported(), t.reportedVersion(), t.reportedMetadata()));
        }
        if (s[2].equals("$version")) {
            if (s.length > 3) {
                return new Absent(s);
            }
            return desired ? new Field(s, t -> t.desiredVersion()) : new Field(s, t -> t.reportedVersion());
        }
        if (s[2].equals("$metadata")) {
            Function<Twin, PropertyTree> metadata = desired ? Twin::desiredMetadata : Twin::reportedMetadata;
            if (s.length == 3) {
                return new Field(s, t -> metadata.apply(t).isEmpty() ? null : metadata.apply(t));
            }
            PropertyPath below = path(Arrays.copyOfRange(s, 3, s.length));
            return new Field(s, t -> metadata.apply(t).get(below).orElse(null));
        }
        String[] rest = Arrays.copyOfRange(s, 2, s.length);
        return desired ? new DesiredPath(s, rest) : new ReportedPath(s, rest);
    }

    private static Eval configurationsPath(String[] s) {
        if (s.length == 1) {
            return new Field(s, Compiler::configurations);
        }
        String id = s[1];
        if (s.length == 2) {
            return new Field(s, t -> {
                ConfigurationStatus st = t.configurations().get(id);
                return st == null ? null : PropertyTree.of(Map.of("status", st.wireName()));
            });
        }
        if (s.length == 3 && s[2].equals("status")) {
            return new Field(s, t -> {
                ConfigurationStatus st = t.configurations().get(id);
                return st == null ? null : st.wireName();
            });
        }
        return new Absent(s);
    }

    private static Object configurations(Twin t) {
        if (t.configurations().isEmpty()) {
            return null;
        }
        Map<String, Object> c = new LinkedHashMap<>();
        t.configurations().forEach((id, st) -> c.put(id, Map.of("status", st.wireName())));
        return PropertyTree.of(c);
    }

    /** The property path of segments the parser has checked (none empty). */
    private static PropertyPath path(String[] s) {
        return PropertyPath.of(s[0], Arrays.copyOfRange(s, 1, s.length));
    }

    /** A path into a document; over a twin it reads the same place of {@code twin.toTree()}. */
    private abstract static class DocPath extends Eval {
        final PropertyPath docPath;

        DocPath(String[] docSegments) {
            this.docPath = path(docSegments);
        }

        @Override
        public final Object doc(PropertyTree d) {
            return d.get(docPath).orElse(null);
        }
    }

    /** A twin field read by its accessor. */
    private static final class Field extends DocPath {
        private final Function<Twin, Object> getter;

        Field(String[] docSegments, Function<Twin, Object> getter) {
            super(docSegments);
            this.getter = getter;
        }

        @Override
        public Object twin(Twin t) {
            return getter.apply(t);
        }
    }

    /** A path that a twin document never holds. */
    private static final class Absent extends DocPath {
        Absent(String[] docSegments) {
            super(docSegments);
        }

        @Override
        public Object twin(Twin t) {
            return null;
        }
    }

    private static final class TagsPath extends DocPath {
        private final PropertyPath rest;

        TagsPath(String[] docSegments, String[] rest) {
            super(docSegments);
            this.rest = path(rest);
        }

        @Override
        public Object twin(Twin t) {
            return t.tags().get(rest).orElse(null);
        }
    }

    private static final class DesiredPath extends DocPath {
        private final PropertyPath rest;

        DesiredPath(String[] docSegments, String[] rest) {
            super(docSegments);
            this.rest = path(rest);
        }

        @Override
        public Object twin(Twin t) {
            return t.desired().get(rest).orElse(null);
        }
    }

    private static final class ReportedPath extends DocPath {
        private final PropertyPath rest;

        ReportedPath(String[] docSegments, String[] rest) {
            super(docSegments);
            this.rest = path(rest);
        }

        @Override
        public Object twin(Twin t) {
            return t.reported().get(rest).orElse(null);
        }
    }

    /** A field of a job document; {@code createdTimeUtc} falls back to {@code createdDateTimeUtc}. */
    private static final class JobPath extends Eval {
        private final PropertyPath segments;
        private final PropertyPath alias;

        JobPath(String[] segments, String[] alias) {
            this.segments = path(segments);
            this.alias = alias == null ? null : path(alias);
        }

        @Override
        public Object twin(Twin t) {
            return null;
        }

        @Override
        public Object doc(PropertyTree d) {
            Object v = d.get(segments).orElse(null);
            return v == null && alias != null ? d.get(alias).orElse(null) : v;
        }
    }

    // ---- operators ------------------------------------------------------------------------------------------

    static final class ConstEval extends Eval {
        final Object value;

        ConstEval(Object value) {
            this.value = value;
        }

        @Override
        public Object twin(Twin t) {
            return value;
        }

        @Override
        public Object doc(PropertyTree d) {
            return value;
        }
    }

    /** {@code IS_DEFINED(path)}, or {@code NOT IS_DEFINED(path)} when negated (never undefined either way). */
    private static final class IsDefinedEval extends Eval {
        private final Eval path;
        private final boolean negated;

        IsDefinedEval(Eval path, boolean negated) {
            this.path = path;
            this.negated = negated;
        }

        @Override
        public Object twin(Twin t) {
            return (path.twin(t) != null) != negated ? Boolean.TRUE : Boolean.FALSE;
        }

        @Override
        public Object doc(PropertyTree d) {
            return (path.doc(d) != null) != negated ? Boolean.TRUE : Boolean.FALSE;
        }
    }

    private static final class NegateEval extends Eval {
        private final Eval operand;

        NegateEval(Eval operand) {
            this.operand = operand;
        }

        @Override
        public Object twin(Twin t) {
            return Values.negate(operand.twin(t));
        }

        @Override
        public Object doc(PropertyTree d) {
            return Values.negate(operand.doc(d));
        }
    }

    /** {@code NOT}: true and false swap; anything else is undefined. */
    private static final class NotEval extends Eval {
        private final Eval operand;

        NotEval(Eval operand) {
            this.operand = operand;
        }

        @Override
        public Object twin(Twin t) {
            return not(operand.twin(t));
        }

        @Override
        public Object doc(PropertyTree d) {
            return not(operand.doc(d));
        }

        private static Object not(Object v) {
            if (v instanceof Boolean) {
                return (Boolean) v ? Boolean.FALSE : Boolean.TRUE;
            }
            return null;
        }
    }

    /** {@code AND}: false if any operand is false, else true if all are true, else undefined. */
    private static final class AndEval extends Eval {
        private final Eval[] operands;

        AndEval(Eval[] operands) {
            this.operands = operands;
        }

        @Override
        public Object twin(Twin t) {
            boolean unknown = false;
            for (Eval e : operands) {
                Object v = e.twin(t);
                if (v instanceof Boolean) {
                    if (!(Boolean) v) {
                        return Boolean.FALSE;
                    }
                } else {
                    unknown = true;
                }
            }
            return unknown ? null : Boolean.TRUE;
        }

        @Override
        public Object doc(PropertyTree d) {
            boolean unknown = false;
            for (Eval e : operands) {
                Object v = e.doc(d);
                if (v instanceof Boolean) {
                    if (!(Boolean) v) {
                        return Boolean.FALSE;
                    }
                } else {
                    unknown = true;
                }
            }
            return unknown ? null : Boolean.TRUE;
        }
    }

    /** {@code OR}: true if any operand is true, else false if all are false, else undefined. */
    private static final class OrEval extends Eval {
        private final Eval[] operands;

        OrEval(Eval[] operands) {
            this.operands = operands;
        }

        @Override
        public Object twin(Twin t) {
            boolean unknown = false;
            for (Eval e : operands) {
                Object v = e.twin(t);
                if (v instanceof Boolean) {
                    if ((Boolean) v) {
                        return Boolean.TRUE;
                    }
                } else {
                    unknown = true;
                }
            }
            return unknown ? null : Boolean.FALSE;
        }

        @Override
        public Object doc(PropertyTree d) {
            boolean unknown = false;
            for (Eval e : operands) {
                Object v = e.doc(d);
                if (v instanceof Boolean) {
                    if ((Boolean) v) {
                        return Boolean.TRUE;
                    }
                } else {
                    unknown = true;
                }
            }
            return unknown ? null : Boolean.FALSE;
        }
    }

    private static final class CompareEval extends Eval {
        private final CompareOp op;
        private final Eval left;
        private final Eval right;

        CompareEval(CompareOp op, Eval left, Eval right) {
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        public Object twin(Twin t) {
            Object a = left.twin(t);
            return a == null ? null : Values.compare(op, a, right.twin(t));
        }

        @Override
        public Object doc(PropertyTree d) {
            Object a = left.doc(d);
            return a == null ? null : Values.compare(op, a, right.doc(d));
        }
    }

    /** A comparison with a constant on the right (constants on the left are moved there). */
    private static final class CompareConstEval extends Eval {
        private final CompareOp op;
        private final Eval left;
        private final Object constant;

        CompareConstEval(CompareOp op, Eval left, Object constant) {
            this.op = op;
            this.left = left;
            this.constant = constant;
        }

        @Override
        public Object twin(Twin t) {
            return Values.compare(op, left.twin(t), constant);
        }

        @Override
        public Object doc(PropertyTree d) {
            return Values.compare(op, left.doc(d), constant);
        }
    }

    /** A comparison with a string constant on the right. */
    private static final class CompareStringEval extends Eval {
        private final CompareOp op;
        private final Eval left;
        private final String constant;

        CompareStringEval(CompareOp op, Eval left, String constant) {
            this.op = op;
            this.left = left;
            this.constant = constant;
        }

        @Override
        public Object twin(Twin t) {
            return test(left.twin(t));
        }

        @Override
        public Object doc(PropertyTree d) {
            return test(left.doc(d));
        }

        private Object test(Object v) {
            if (!(v instanceof String)) {
                return null;
            }
            if (op == CompareOp.EQ) {
                return constant.equals(v) ? Boolean.TRUE : Boolean.FALSE;
            }
            if (op == CompareOp.NE) {
                return constant.equals(v) ? Boolean.FALSE : Boolean.TRUE;
            }
            return Values.compare(op, v, constant);
        }
    }

    /** A comparison with an integral constant on the right. */
    private static final class CompareLongEval extends Eval {
        private final CompareOp op;
        private final Eval left;
        private final long constant;
        private final Long boxed;

        CompareLongEval(CompareOp op, Eval left, Long constant) {
            this.op = op;
            this.left = left;
            this.constant = constant;
            this.boxed = constant;
        }

        @Override
        public Object twin(Twin t) {
            return test(left.twin(t));
        }

        @Override
        public Object doc(PropertyTree d) {
            return test(left.doc(d));
        }

        private Object test(Object v) {
            if (v instanceof Long) {
                long x = (Long) v;
                boolean r;
                switch (op) {
                    case EQ:
                        r = x == constant;
                        break;
                    case NE:
                        r = x != constant;
                        break;
                    case LT:
                        r = x < constant;
                        break;
                    case LE:
                        r = x <= constant;
                        break;
                    case GT:
                        r = x > constant;
                        break;
                    default:
                        r = x >= constant;
                }
                return r ? Boolean.TRUE : Boolean.FALSE;
            }
            return Values.compare(op, v, boxed);
        }
    }

    /**
     * {@code IN} and {@code NIN}: undefined when the tested value is undefined or not a primitive; otherwise
     * whether it equals an element (or, for {@code NIN}, equals none).
     */
    private static final class InEval extends Eval {
        private final Eval left;
        private final boolean negated;
        private final String[] strings;
        private final Object[] others;

        InEval(Eval left, boolean negated, List<Object> values) {
            this.left = left;
            this.negated = negated;
            List<String> s = new ArrayList<>();
            List<Object> o = new ArrayList<>();
            for (Object v : values) {
                if (v instanceof String) {
                    s.add((String) v);
                } else if (Values.isPrimitive(v)) {
                    o.add(v);
                }
            }
            this.strings = s.toArray(new String[0]);
            this.others = o.toArray();
        }

        @Override
        public Object twin(Twin t) {
            return test(left.twin(t));
        }

        @Override
        public Object doc(PropertyTree d) {
            return test(left.doc(d));
        }

        private Object test(Object v) {
            boolean found = false;
            if (v instanceof String) {
                for (String s : strings) {
                    if (s.equals(v)) {
                        found = true;
                        break;
                    }
                }
            } else if (Values.isPrimitive(v)) {
                for (Object o : others) {
                    if (Values.primitiveEquals(v, o)) {
                        found = true;
                        break;
                    }
                }
            } else {
                return null;
            }
            return found != negated ? Boolean.TRUE : Boolean.FALSE;
        }
    }

    private static final class ArithEval extends Eval {
        private final Eval first;
        private final ArithOp[] ops;
        private final Eval[] operands;

        ArithEval(Eval first, ArithOp[] ops, Eval[] operands) {
            this.first = first;
            this.ops = ops;
            this.operands = operands;
        }

        @Override
        public Object twin(Twin t) {
            Object v = first.twin(t);
            for (int i = 0; i < ops.length && v != null; i++) {
                v = Values.arithmetic(ops[i], v, operands[i].twin(t));
            }
            return v;
        }

        @Override
        public Object doc(PropertyTree d) {
            Object v = first.doc(d);
            for (int i = 0; i < ops.length && v != null; i++) {
                v = Values.arithmetic(ops[i], v, operands[i].doc(d));
            }
            return v;
        }
    }
}
