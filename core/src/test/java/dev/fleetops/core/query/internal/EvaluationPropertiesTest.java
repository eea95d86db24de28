package dev.fleetops.core.query.internal;

import dev.fleetops.core.model.PropertyPath;
import dev.fleetops.core.query.CompiledCondition;
import dev.fleetops.core.model.ConfigurationStatus;
import dev.fleetops.core.model.ConnectionState;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.DeviceStatus;
import dev.fleetops.core.model.JsonNull;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.query.Condition;
import dev.fleetops.core.query.Expression;
import dev.fleetops.core.query.Path;
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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compiled evaluator agrees with a deliberately naive reference interpretation of the documented semantics,
 * on random twins and random conditions over a small set of paths and values (so that comparisons often hit).
 */
class EvaluationPropertiesTest {

    /** The reference's undefined. */
    private static final Object UNDEFINED = new Object();

    private static final List<String> PATHS = List.of("tags.a", "tags.b", "tags.a.b", "tags", "properties.desired.a",
            "properties.reported.a", "properties.reported.b", "properties.reported", "properties.desired.$version",
            "properties.reported.$version", "deviceId", "moduleId", "status", "connectionState", "version",
            "configurations.cfg.status", "capabilities.iotEdge", "nothing.here", "tags.list");
    private static final List<Object> VALUES = Arrays.asList(-1L, 0L, 1L, 2L, 1.5, -0.5, "a", "b", "", "d1",
            "enabled", "Applied", true, false, null);

    @Property(tries = 3000)
    void matches_randomConditionOnRandomTwin_agreesWithReference(@ForAll("twins") Twin twin,
            @ForAll("conditions") Condition condition) {
        String text = condition.text();
        boolean expected = reference(Parser.parseCondition(text), twin.toTree()) == Boolean.TRUE;
        CompiledCondition compiled = CompiledCondition.of(text);

        assertThat(compiled.matches(twin)).as("%s on %s", text, twin.toTree()).isEqualTo(expected);
        assertThat(compiled.matches(twin.toTree())).as("%s on the document", text).isEqualTo(expected);
    }

    // ---- generators -------------------------------------------------------------------------------------------

    @Provide
    Arbitrary<Twin> twins() {
        return Arbitraries.randomValue(EvaluationPropertiesTest::twin);
    }

    @Provide
    Arbitrary<Condition> conditions() {
        return Arbitraries.randomValue(r -> condition(r, 3));
    }

    private static Object value(Random r, int depth) {
        int k = r.nextInt(depth > 0 ? 12 : 10);
        if (k < 8) {
            return VALUES.get(r.nextInt(VALUES.size()));
        }
        if (k < 10) {
            return List.of(1L, "a");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", value(r, depth - 1));
        if (r.nextBoolean()) {
            m.put("b", value(r, depth - 1));
        }
        return m;
    }

    private static PropertyTree tree(Random r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : List.of("a", "b", "list")) {
            if (r.nextInt(3) != 0) {
                m.put(k, value(r, 2));
            }
        }
        return PropertyTree.of(m);
    }

    private static Twin twin(Random r) {
        Twin.Builder b = Twin.builder(DeviceId.of(r.nextBoolean() ? "d1" : "d2"))
                .moduleId(r.nextBoolean() ? "" : "m1")
                .version(r.nextInt(3))
                .status(r.nextBoolean() ? DeviceStatus.ENABLED : DeviceStatus.DISABLED)
                .connectionState(r.nextBoolean() ? ConnectionState.CONNECTED : ConnectionState.DISCONNECTED)
                .iotEdge(r.nextBoolean())
                .tags(tree(r))
                .desired(tree(r))
                .desiredVersion(r.nextInt(3))
                .reported(tree(r))
                .reportedVersion(r.nextInt(3));
        if (r.nextBoolean()) {
            b.configurations(Map.of("cfg", r.nextBoolean() ? ConfigurationStatus.APPLIED
                    : ConfigurationStatus.TARGETED));
        }
        return b.build();
    }

    private static Path path(Random r) {
        String[] s = PATHS.get(r.nextInt(PATHS.size())).split("\\.");
        return Path.of(s[0], Arrays.copyOfRange(s, 1, s.length));
    }

    private static Expression expression(Random r, int depth) {
        switch (r.nextInt(depth > 0 ? 6 : 3)) {
            case 0:
            case 1:
                return path(r);
            case 2:
                return r.nextInt(8) == 0 ? Expression.undefined()
                        : Expression.value(VALUES.get(r.nextInt(VALUES.size())));
            case 3:
                return expression(r, depth - 1).negate();
            default: {
                Expression a = expression(r, depth - 1);
                Expression b = expression(r, depth - 1);
                switch (r.nextInt(5)) {
                    case 0:
                        return a.plus(b);
                    case 1:
                        return a.minus(b);
                    case 2:
                        return a.times(b);
                    case 3:
                        return a.dividedBy(b);
                    default:
                        return a.mod(b);
                }
            }
        }
    }

    private static Condition condition(Random r, int depth) {
        switch (r.nextInt(depth > 0 ? 8 : 4)) {
            case 0:
            case 1: {
                Expression a = expression(r, 1);
                Expression b = expression(r, 1);
                switch (r.nextInt(6)) {
                    case 0:
                        return a.eq(b);
                    case 1:
                        return a.ne(b);
                    case 2:
                        return a.lt(b);
                    case 3:
                        return a.le(b);
                    case 4:
                        return a.gt(b);
                    default:
                        return a.ge(b);
                }
            }
            case 2: {
                List<Object> values = new ArrayList<>();
                for (int i = 1 + r.nextInt(4); i > 0; i--) { // IoT Hub refuses an empty IN list
                    values.add(VALUES.get(r.nextInt(VALUES.size())));
                }
                return r.nextBoolean() ? expression(r, 0).in(values) : expression(r, 0).nin(values);
            }
            case 3:
                return r.nextBoolean() ? path(r).isDefined() : Condition.parse(path(r).text());
            case 4:
                return condition(r, depth - 1).and(condition(r, depth - 1));
            case 5:
                return condition(r, depth - 1).or(condition(r, depth - 1));
            default:
                return Condition.not(condition(r, depth - 1));
        }
    }

    // ---- the reference ----------------------------------------------------------------------------------------

    /** Evaluates over a JSON document as the semantics are documented, as plainly as possible. */
    private static Object reference(Expr e, PropertyTree doc) {
        if (e instanceof PathExpr) {
            Object v = doc;
            for (String s : ((PathExpr) e).segments()) {
                if (!(v instanceof PropertyTree)) {
                    return UNDEFINED;
                }
                v = ((PropertyTree) v).get(PropertyPath.of(s)).orElse(null);
                if (v == null) {
                    return UNDEFINED;
                }
            }
            return v;
        }
        if (e instanceof Const) {
            Object v = ((Const) e).value();
            return v == Ast.Undefined.INSTANCE ? UNDEFINED : v;
        }
        if (e instanceof IsDefined) {
            return reference(((IsDefined) e).path(), doc) != UNDEFINED;
        }
        if (e instanceof Negate) {
            Object v = reference(((Negate) e).operand(), doc);
            return v instanceof Number ? decimal(v).negate() : UNDEFINED;
        }
        if (e instanceof Arith) {
            Arith a = (Arith) e;
            Object v = reference(a.first(), doc);
            for (Step s : a.steps()) {
                Object w = reference(s.operand(), doc);
                if (!(v instanceof Number) || !(w instanceof Number)) {
                    return UNDEFINED;
                }
                BigDecimal x = decimal(v);
                BigDecimal y = decimal(w);
                switch (s.op()) {
                    case ADD:
                        v = x.add(y);
                        break;
                    case SUB:
                        v = x.subtract(y);
                        break;
                    case MUL:
                        v = x.multiply(y);
                        break;
                    case DIV:
                        if (y.signum() == 0) {
                            return UNDEFINED;
                        }
                        v = x.divide(y, java.math.MathContext.DECIMAL128);
                        break;
                    default:
                        if (y.signum() == 0) {
                            return UNDEFINED;
                        }
                        v = x.remainder(y);
                }
            }
            return v;
        }
        if (e instanceof Compare) {
            Compare c = (Compare) e;
            Integer order = order(reference(c.left(), doc), reference(c.right(), doc));
            if (order == null) {
                return UNDEFINED;
            }
            switch (c.op()) {
                case EQ:
                    return order == 0;
                case NE:
                    return order != 0;
                case LT:
                    return order < 0;
                case LE:
                    return order <= 0;
                case GT:
                    return order > 0;
                default:
                    return order >= 0;
            }
        }
        if (e instanceof In) {
            In in = (In) e;
            Object v = reference(in.left(), doc);
            if (kind(v) == null) {
                return UNDEFINED;
            }
            boolean found = false;
            for (Object o : in.values()) {
                Integer order = order(v, o);
                found |= order != null && order == 0;
            }
            return found != in.negated();
        }
        if (e instanceof Not) {
            Object v = reference(((Not) e).operand(), doc);
            return v instanceof Boolean ? !(Boolean) v : UNDEFINED;
        }
        List<Expr> operands = e instanceof And ? ((And) e).operands() : ((Or) e).operands();
        boolean decisive = !(e instanceof And); // AND is decided by a false, OR by a true
        boolean allDecided = true;
        for (Expr o : operands) {
            Object v = reference(o, doc);
            if (v instanceof Boolean && (Boolean) v == decisive) {
                return decisive;
            }
            allDecided &= v instanceof Boolean;
        }
        return allDecided ? !decisive : UNDEFINED;
    }

    /** The primitive kind of a value, or null when it is not comparable. */
    private static String kind(Object v) {
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Number) {
            return "number";
        }
        if (v instanceof Boolean) {
            return "boolean";
        }
        return v == JsonNull.INSTANCE ? "null" : null;
    }

    private static Integer order(Object a, Object b) {
        String ka = kind(a);
        if (ka == null || !ka.equals(kind(b))) {
            return null;
        }
        switch (ka) {
            case "string":
                return Integer.signum(((String) a).compareTo((String) b));
            case "number":
                return decimal(a).compareTo(decimal(b));
            case "boolean":
                return Boolean.compare((Boolean) a, (Boolean) b);
            default:
                return 0;
        }
    }

    private static BigDecimal decimal(Object n) {
        return n instanceof BigDecimal ? (BigDecimal) n : new BigDecimal(n.toString());
    }
}
