package dev.fleetops.core.call;

import dev.fleetops.core.model.OperationClass;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of what a {@link dev.fleetops.core.FleetClient} (and every view of it made with {@link dev.fleetops.core.FleetClient#as(Operator)}) has
 * spent since it was built, per {@link OperationClass} and in total. Immutable and thread-safe.
 *
 * @param byOperation the statistics of every operation class (classes never used have {@link CallStatistics#ZERO})
 * @param total the sum over all classes
 */
public record ClientStatistics(Map<OperationClass, CallStatistics> byOperation, CallStatistics total) {

    /**
     * Validates and copies the map, filling in classes that are missing with zeros.
     *
     * @param byOperation the statistics of every operation class (classes never used have {@link CallStatistics#ZERO})
     * @param total the sum over all classes
     * @throws NullPointerException if an argument, key or value is null
     */
    public ClientStatistics {
        Objects.requireNonNull(byOperation, "byOperation");
        Objects.requireNonNull(total, "total");
        Map<OperationClass, CallStatistics> copy = new LinkedHashMap<>();
        for (OperationClass op : OperationClass.hubClasses()) {
            copy.put(op, CallStatistics.ZERO);
        }
        byOperation.forEach((op, s) -> copy.put(Objects.requireNonNull(op, "operation"),
                Objects.requireNonNull(s, "statistics")));
        byOperation = Collections.unmodifiableMap(copy);
    }

    /**
     * Returns the statistics of one operation class.
     *
     * @param operation the class
     * @return its statistics, zeros when never used
     */
    public CallStatistics of(OperationClass operation) {
        return byOperation.getOrDefault(Objects.requireNonNull(operation, "operation"), CallStatistics.ZERO);
    }
}
