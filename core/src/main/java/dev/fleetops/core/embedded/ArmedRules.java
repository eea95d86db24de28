package dev.fleetops.core.embedded;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Fault rules that fire with a probability and at most a number of times, checked in the order they were added; the
 * first rule that applies, wins its draw and has firings left is picked. Draws come from a seeded random source, so
 * a single-threaded run repeats. The embedded hub's fault injector is built on it, and so are the wire faults of
 * the local IoT Hub emulator in fleetops-testkit; a test double of another service can use it the same way.
 * Thread-safe; rules may be added and cleared while others pick.
 *
 * @param <R> the rule type
 */
public final class ArmedRules<R> {

    private final List<Armed<R>> rules = new CopyOnWriteArrayList<>();
    private final Random random;
    private final ToDoubleFunction<R> probability;
    private final ToLongFunction<R> limit;
    private final AtomicLong fired = new AtomicLong();

    /**
     * Creates an empty set of rules.
     *
     * @param seed the seed of the draws
     * @param probability a rule's chance to fire on a call it applies to, 0 to 1
     * @param limit how many times a rule may fire, negative for no limit
     */
    public ArmedRules(long seed, ToDoubleFunction<R> probability, ToLongFunction<R> limit) {
        this.random = new Random(seed);
        this.probability = probability;
        this.limit = limit;
    }

    /**
     * Adds a rule after the others.
     *
     * @param rule the rule
     */
    public void add(R rule) {
        rules.add(new Armed<>(rule, limit.applyAsLong(rule)));
    }

    /** Removes every rule. */
    public void clear() {
        rules.clear();
    }

    /**
     * Returns how many times rules fired.
     *
     * @return the count
     */
    public long firedCount() {
        return fired.get();
    }

    /**
     * Picks the rule that fires for one call.
     *
     * @param applies which rules apply to the call
     * @return the rule that fired, or empty
     */
    public Optional<R> pick(Predicate<R> applies) {
        for (Armed<R> armed : rules) {
            if (!applies.test(armed.rule)) {
                continue;
            }
            double chance = probability.applyAsDouble(armed.rule);
            if (chance < 1.0) {
                double draw;
                synchronized (random) {
                    draw = random.nextDouble();
                }
                if (draw >= chance) {
                    continue;
                }
            }
            if (armed.take()) {
                fired.incrementAndGet();
                return Optional.of(armed.rule);
            }
        }
        return Optional.empty();
    }

    private static final class Armed<R> {
        final R rule;
        final AtomicLong left;
        final boolean limited;

        Armed(R rule, long limit) {
            this.rule = rule;
            this.left = new AtomicLong(limit);
            this.limited = limit >= 0;
        }

        boolean take() {
            return !limited || left.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
        }
    }
}
