package dev.fleetops.rollout.model;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A rollout as it stands: state, wave, and how many devices are in each state. Immutable and thread-safe.
 *
 * @param id the rollout
 * @param state its state
 * @param wave the current wave
 * @param waves how many waves the plan has
 * @param since when it entered its state
 * @param reason why it is in its state
 * @param devices how many devices are in each state
 */
public record RolloutSnapshot(RolloutId id, RolloutState state, int wave, int waves, Instant since, String reason,
                              Map<DeviceState, Long> devices) {

    /**
     * Copies the counts, with every state present.
     *
     * @param id the rollout
     * @param state its state
     * @param wave the current wave
     * @param waves the plan's waves
     * @param since when it entered its state
     * @param reason why
     * @param devices counts by state
     */
    public RolloutSnapshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(reason, "reason");
        Map<DeviceState, Long> all = new EnumMap<>(DeviceState.class);
        for (DeviceState s : DeviceState.values()) {
            all.put(s, devices.getOrDefault(s, 0L));
        }
        devices = Map.copyOf(all);
    }

    /**
     * Returns how many devices are in a state.
     *
     * @param s the state
     * @return the count
     */
    public long count(DeviceState s) {
        return devices.get(s);
    }
}
