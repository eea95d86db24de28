package dev.fleetops.rollout.spi;

import dev.fleetops.core.model.DeviceId;
import dev.fleetops.rollout.model.DeviceProgress;
import dev.fleetops.rollout.model.RolloutId;
import dev.fleetops.rollout.model.RolloutRecord;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@link RolloutStore} in memory: what a test, a simulation or a single process that may forget its rollouts on
 * exit needs. Thread-safe: every operation holds the store's lock.
 */
public final class InMemoryRolloutStore implements RolloutStore {

    private final Map<RolloutId, RolloutRecord> rollouts = new TreeMap<>();
    private final Map<RolloutId, Map<DeviceId, DeviceProgress>> devices = new TreeMap<>();

    @Override
    public synchronized boolean create(RolloutRecord record) {
        if (rollouts.containsKey(record.id())) {
            return false;
        }
        rollouts.put(record.id(), record);
        devices.put(record.id(), new TreeMap<>());
        return true;
    }

    @Override
    public synchronized Optional<RolloutRecord> find(RolloutId id) {
        return Optional.ofNullable(rollouts.get(id));
    }

    @Override
    public synchronized boolean update(RolloutRecord record, long expectedVersion) {
        RolloutRecord stored = rollouts.get(record.id());
        if (stored == null || stored.version() != expectedVersion) {
            return false;
        }
        rollouts.put(record.id(), record);
        return true;
    }

    @Override
    public synchronized List<RolloutRecord> list() {
        return List.copyOf(rollouts.values());
    }

    @Override
    public synchronized void saveDevices(RolloutId id, Collection<DeviceProgress> progress) {
        Map<DeviceId, DeviceProgress> m = devices.get(id);
        if (m == null) {
            throw new IllegalArgumentException("rollout " + id + " is not in the store");
        }
        Set<DeviceId> seen = new HashSet<>();
        for (DeviceProgress p : progress) {
            if (!seen.add(p.device())) {
                throw new IllegalArgumentException("device " + p.device() + " appears twice in one save of " + id);
            }
        }
        progress.forEach(p -> m.put(p.device(), p));
    }

    @Override
    public synchronized List<DeviceProgress> devices(RolloutId id) {
        Map<DeviceId, DeviceProgress> m = devices.get(id);
        return m == null ? List.of() : new ArrayList<>(m.values());
    }

    @Override
    public synchronized Optional<DeviceProgress> device(RolloutId id, DeviceId device) {
        Map<DeviceId, DeviceProgress> m = devices.get(id);
        return m == null ? Optional.empty() : Optional.ofNullable(m.get(device));
    }

    @Override
    public String toString() {
        return "InMemoryRolloutStore[" + list().size() + " rollouts]";
    }
}
