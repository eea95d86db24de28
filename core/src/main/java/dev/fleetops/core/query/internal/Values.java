package dev.fleetops.core.query.internal;

import dev.fleetops.core.model.JsonNull;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.query.internal.Ast.CompareOp;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * Values of the query language and the operations on them. At evaluation a value is what a
 * {@link PropertyTree} holds ({@link String}, {@link Boolean}, {@link Long}, {@link Double}, {@link PropertyTree},
 * {@link List}, {@link JsonNull}) and Java {@code null} stands for undefined. Internal; stateless and thread-safe.
 *
 * <p>Semantics: values of different types, and objects and arrays, are not comparable, and comparing them yields
 * undefined; numbers compare numerically whether integral or not; strings compare ordinally (by UTF-16 code
 * unit); {@code false < true}; {@code null = null}. Arithmetic is defined on numbers only; division or remainder
 * by zero, and results that are not finite, are undefined.
 */
public final class Values {

    private static final double TWO_POW_63 = 9.223372036854775808E18;

    private Values() {
    }

    // ---- constants ----------------------------------------------------------------------------------------

    /**
     * Normalises a number constant: a finite double that is integral and in the range of a long becomes a
     * {@link Long}, so that {@code 2.0} and {@code 2} are the same constant.
     *
     * @param d the number
     * @return a Long or a Double
     * @throws IllegalArgumentException if the number is not finite
     */
    public static Object normaliseDouble(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("a query number must be finite, not " + d);
        }
        if (d == Math.rint(d) && d >= -TWO_POW_63 && d < TWO_POW_63) {
            return (long) d;
        }
        return d;
    }

    /**
     * Negates a number constant, keeping it normalised.
     *
     * @param n a Long or a Double
     * @return the negated constant
     */
    public static Object negateConstant(Number n) {
        if (n instanceof Long) {
            long v = n.longValue();
            return v == Long.MIN_VALUE ? (Object) (-(double) v) : (Object) (-v);
        }
        return normaliseDouble(-n.doubleValue());
    }

    /**
     * Converts a Java value to a constant of the query language: {@code null} is JSON null; strings, booleans and
     * numbers are kept (numbers normalised); collections and arrays become array constants.
     *
     * @param value the value
     * @return the constant
     * @throws IllegalArgumentException if the value has another type, a number is not finite or arrays nest more
     *     deeply than the builder allows
     */
    public static Object toConstant(Object value) {
        return toConstant(value, 0);
    }

    private static Object toConstant(Object value, int depth) {
        if (value == null || value == JsonNull.INSTANCE) {
            return JsonNull.INSTANCE;
        }
        if (value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger) {
            BigInteger b = (BigInteger) value;
            return b.bitLength() < 64 ? (Object) b.longValue() : normaliseDouble(b.doubleValue());
        }
        if (value instanceof BigDecimal) {
            BigDecimal b = (BigDecimal) value;
            try {
                return b.longValueExact();
            } catch (ArithmeticException notIntegral) {
                return normaliseDouble(b.doubleValue());
            }
        }
        if (value instanceof Double || value instanceof Float) {
            return normaliseDouble(((Number) value).doubleValue());
        }
        if (value instanceof Collection || value instanceof Object[]) {
            if (depth >= Ast.MAX_NESTING) {
                throw new IllegalArgumentException("array constants nest more than " + Ast.MAX_NESTING
                        + " levels deep");
            }
            Collection<?> items = value instanceof Object[] ? java.util.Arrays.asList((Object[]) value)
                    : (Collection<?>) value;
            List<Object> out = new ArrayList<>(items.size());
            for (Object o : items) {
                out.add(toConstant(o, depth + 1));
            }
            return Collections.unmodifiableList(out);
        }
        throw new IllegalArgumentException("a query constant is a string, boolean, number, null or a collection of"
                + " those, not " + value.getClass().getName());
    }

    // ---- comparison ---------------------------------------------------------------------------------------

    /**
     * Compares two values.
     *
     * @param op the operator
     * @param a the left value, null for undefined
     * @param b the right value, null for undefined
     * @return {@link Boolean#TRUE}, {@link Boolean#FALSE}, or null (undefined) when either side is undefined or
     *     the values are not comparable
     */
    public static Boolean compare(CompareOp op, Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        int c;
        if (a instanceof String) {
            if (!(b instanceof String)) {
                return null;
            }
            if (op == CompareOp.EQ) {
                return a.equals(b) ? Boolean.TRUE : Boolean.FALSE;
            }
            if (op == CompareOp.NE) {
                return a.equals(b) ? Boolean.FALSE : Boolean.TRUE;
            }
            c = ((String) a).compareTo((String) b);
        } else if (a instanceof Long) {
            if (b instanceof Long) {
                c = Long.compare((Long) a, (Long) b);
            } else if (b instanceof Double) {
                c = compareLongDouble((Long) a, (Double) b);
            } else {
                return null;
            }
        } else if (a instanceof Double) {
            if (b instanceof Double) {
                c = compareNumbers((Double) a, (Double) b);
            } else if (b instanceof Long) {
                c = -compareLongDouble((Long) b, (Double) a);
            } else {
                return null;
            }
        } else if (a instanceof Boolean) {
            if (!(b instanceof Boolean)) {
                return null;
            }
            c = Boolean.compare((Boolean) a, (Boolean) b);
        } else if (a == JsonNull.INSTANCE) {
            if (b != JsonNull.INSTANCE) {
                return null;
            }
            c = 0;
        } else {
            return null;
        }
        return outcome(op, c);
    }

    /** Compares a long with a finite double exactly, without rounding the long to a double. */
    private static int compareLongDouble(long l, double d) {
        if (d >= TWO_POW_63) {
            return -1;
        }
        if (d < -TWO_POW_63) {
            return 1;
        }
        long t = (long) d; // truncates toward zero; exact, since |d| < 2^63
        if (l != t) {
            return Long.compare(l, t);
        }
        double fraction = d - t; // exact: d is integral when |d| >= 2^52, else t is small
        return fraction > 0 ? -1 : (fraction < 0 ? 1 : 0);
    }

    private static int compareNumbers(double x, double y) {
        return x < y ? -1 : (x > y ? 1 : 0);
    }

    private static Boolean outcome(CompareOp op, int c) {
        boolean r;
        switch (op) {
            case EQ:
                r = c == 0;
                break;
            case NE:
                r = c != 0;
                break;
            case LT:
                r = c < 0;
                break;
            case LE:
                r = c <= 0;
                break;
            case GT:
                r = c > 0;
                break;
            default:
                r = c >= 0;
                break;
        }
        return r ? Boolean.TRUE : Boolean.FALSE;
    }

    /**
     * Tells whether a value is a primitive that comparisons accept: a string, number, boolean or JSON null.
     *
     * @param v the value, null for undefined
     * @return true for a comparable primitive
     */
    public static boolean isPrimitive(Object v) {
        return v instanceof String || v instanceof Number || v instanceof Boolean || v == JsonNull.INSTANCE;
    }

    /**
     * Tells whether two primitives are equal under {@code =}.
     *
     * @param a a value
     * @param b a value
     * @return true when {@link #compare} with {@code EQ} gives true
     */
    public static boolean primitiveEquals(Object a, Object b) {
        return compare(CompareOp.EQ, a, b) == Boolean.TRUE;
    }

    // ---- arithmetic ---------------------------------------------------------------------------------------

    /**
     * Applies an arithmetic operator.
     *
     * @param op the operator
     * @param a the left value, null for undefined
     * @param b the right value, null for undefined
     * @return a Long or Double, or null (undefined) when an operand is not a number, the divisor is zero or the
     *     result is not finite
     */
    public static Object arithmetic(Ast.ArithOp op, Object a, Object b) {
        if (!(a instanceof Number) || !(b instanceof Number)) {
            return null;
        }
        if (a instanceof Long && b instanceof Long) {
            long x = (Long) a;
            long y = (Long) b;
            switch (op) {
                case ADD: {
                    long r = x + y;
                    return ((x ^ r) & (y ^ r)) < 0 ? finite((double) x + (double) y) : (Object) r;
                }
                case SUB: {
                    long r = x - y;
                    return ((x ^ y) & (x ^ r)) < 0 ? finite((double) x - (double) y) : (Object) r;
                }
                case MUL: {
                    long hi = Math.multiplyHigh(x, y);
                    long lo = x * y;
                    return (hi == 0 && lo >= 0) || (hi == -1 && lo < 0) ? (Object) lo
                            : finite((double) x * (double) y);
                }
                case DIV:
                    if (y == 0) {
                        return null;
                    }
                    if (x % y == 0 && !(x == Long.MIN_VALUE && y == -1)) {
                        return x / y;
                    }
                    return finite((double) x / (double) y);
                default:
                    return y == 0 ? null : (Object) (x % y);
            }
        }
        double x = ((Number) a).doubleValue();
        double y = ((Number) b).doubleValue();
        switch (op) {
            case ADD:
                return finite(x + y);
            case SUB:
                return finite(x - y);
            case MUL:
                return finite(x * y);
            case DIV:
                return y == 0 ? null : finite(x / y);
            default:
                return y == 0 ? null : finite(x % y);
        }
    }

    /**
     * Negates a value.
     *
     * @param a the value, null for undefined
     * @return the negated number, or null when {@code a} is not a number
     */
    public static Object negate(Object a) {
        if (a instanceof Long) {
            long v = (Long) a;
            return v == Long.MIN_VALUE ? (Object) (-(double) v) : (Object) (-v);
        }
        if (a instanceof Double) {
            return -(Double) a;
        }
        return null;
    }

    private static Object finite(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? null : (Object) d;
    }
}
