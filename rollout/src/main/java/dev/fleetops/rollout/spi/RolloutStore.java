package dev.fleetops.rollout.spi;

import dev.fleetops.core.model.DeviceId;
import dev.fleetops.rollout.model.DeviceProgress;
import dev.fleetops.rollout.model.DeviceState;
import dev.fleetops.rollout.model.RolloutId;
import dev.fleetops.rollout.model.RolloutRecord;
import dev.fleetops.rollout.model.WaveSummary;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where rollouts live between steps and across restarts. The engine writes a rollout's record after every
 * transition with {@link #update} (a compare-and-set on the record's version, so two engines cannot both move one
 * rollout), and a device's progress before and after every change to its twin. Implementations must be
 * thread-safe; a write that returns has been made durable as far as the store promises (the in-memory store: for
 * the life of the process).
 */
public interface RolloutStore {

    /**
     * Stores a new rollout.
     *
     * @param record the record, version 0
     * @return false when a rollout with that id exists already (nothing is written)
     */
    boolean create(RolloutRecord record);

    /**
     * Reads a rollout.
     *
     * @param id the rollout
     * @return the record, or empty when there is none
     */
    Optional<RolloutRecord> find(RolloutId id);

    /**
     * Replaces a rollout's record if the stored one still has version {@code expectedVersion}.
     *
     * @param record the new record (its version is {@code expectedVersion + 1})
     * @param expectedVersion the version the writer read
     * @return false when the stored version differs or the rollout is unknown (nothing is written)
     */
    boolean update(RolloutRecord record, long expectedVersion);

    /**
     * Lists every rollout the store holds, in id order.
     *
     * @return the records
     */
    List<RolloutRecord> list();

    /**
     * Inserts or replaces the progress of devices of a rollout, all or nothing.
     *
     * @param id the rollout
     * @param devices the progress, each device at most once
     * @throws IllegalArgumentException if the rollout is unknown or a device appears twice
     */
    void saveDevices(RolloutId id, Collection<DeviceProgress> devices);

    /**
     * Reads the progress of every device of a rollout, in device-id order.
     *
     * @param id the rollout
     * @return the progress; empty for an unknown rollout
     */
    List<DeviceProgress> devices(RolloutId id);

    /**
     * Reads the progress of one device.
     *
     * @param id the rollout
     * @param device the device
     * @return the progress, or empty when the device is not part of the rollout
     */
    Optional<DeviceProgress> device(RolloutId id, DeviceId device);

    /**
     * Reads the first devices of one wave in one state, in the order they entered that state (a device saved again
     * in the same state keeps its place): the engine's way to find work without reading the whole rollout. The
     * engine saves a wave's pending devices in its rollout order, so they are patched in that order.
     *
     * @param id the rollout
     * @param wave the wave
     * @param state the state
     * @param limit the most devices to return, at least 1
     * @return at most {@code limit} devices; empty for an unknown rollout
     * @throws IllegalArgumentException if {@code limit} is below 1
     */
    List<DeviceProgress> devices(RolloutId id, int wave, DeviceState state, int limit);

    /**
     * Counts the devices of a rollout by state, for one wave or for all.
     *
     * @param id the rollout
     * @param wave the wave, or -1 for every wave
     * @return the count of each state that has devices (states without devices are absent); empty for an unknown
     *     rollout
     */
    Map<DeviceState, Long> counts(RolloutId id, int wave);

    /**
     * Inserts or replaces the tally of one wave: the verdicts of devices the engine counted with hub queries rather
     * than kept one by one (the job strategy's devices).
     *
     * @param summary the tally
     * @throws IllegalArgumentException if the rollout is unknown
     */
    void saveSummary(WaveSummary summary);

    /**
     * Reads the tallies of a rollout's waves, in wave order.
     *
     * @param id the rollout
     * @return the tallies; empty for an unknown rollout or one without tallies
     */
    List<WaveSummary> summaries(RolloutId id);
}
