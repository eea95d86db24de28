package dev.fleetops.rollout.spi;

import dev.fleetops.core.model.DeviceId;
import dev.fleetops.rollout.model.DeviceProgress;
import dev.fleetops.rollout.model.DeviceState;
import dev.fleetops.rollout.model.RolloutId;
import dev.fleetops.rollout.model.RolloutRecord;
import dev.fleetops.rollout.model.WaveSummary;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@link RolloutStore} in memory: what a test, a simulation or a single process that may forget its rollouts on
 * exit needs. Devices are indexed by wave and state (in the order they entered it), so the engine's reads of work
 * and its writes cost what they touch, not the size of the rollout. Thread-safe: every operation holds the store's
 * lock.
 */
public final class InMemoryRolloutStore implements RolloutStore {

    private final Map<RolloutId, RolloutRecord> rollouts = new TreeMap<>();
    private final Map<RolloutId, Devices> devices = new HashMap<>();

    /** One rollout's devices: by id, and by wave and state. */
    private static final class Devices {
        final Map<DeviceId, DeviceProgress> byId = new HashMap<>();
        final Map<Integer, Map<DeviceState, LinkedHashMap<DeviceId, DeviceProgress>>> byWave = new TreeMap<>();
        final TreeMap<Integer, WaveSummary> summaries = new TreeMap<>();

        LinkedHashMap<DeviceId, DeviceProgress> slot(int wave, DeviceState state) {
            return byWave.computeIfAbsent(wave, w -> new EnumMap<>(DeviceState.class))
                    .computeIfAbsent(state, s -> new LinkedHashMap<>());
        }

        void put(DeviceProgress p) {
            DeviceProgress old = byId.put(p.device(), p);
            if (old != null && (old.wave() != p.wave() || old.state() != p.state())) {
                slot(old.wave(), old.state()).remove(old.device());
            }
            // a device saved again in the same state keeps its place in that state's order
            slot(p.wave(), p.state()).put(p.device(), p);
        }
    }

    @Override
    public synchronized boolean create(RolloutRecord record) {
        if (rollouts.containsKey(record.id())) {
            return false;
        }
        rollouts.put(record.id(), record);
        devices.put(record.id(), new Devices());
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

    private Devices of(RolloutId id) {
        Devices m = devices.get(id);
        if (m == null) {
            throw new IllegalArgumentException("rollout " + id + " is not in the store");
        }
        return m;
    }

    @Override
    public synchronized void saveDevices(RolloutId id, Collection<DeviceProgress> progress) {
        Devices m = of(id);
        if (progress.size() > 1) {
            Set<DeviceId> seen = new HashSet<>(progress.size() * 2);
            for (DeviceProgress p : progress) {
                if (!seen.add(p.device())) {
                    throw new IllegalArgumentException("device " + p.device() + " appears twice in one save of "
                            + id);
                }
            }
        }
        progress.forEach(m::put);
    }

    @Override
    public synchronized List<DeviceProgress> devices(RolloutId id) {
        Devices m = devices.get(id);
        if (m == null) {
            return List.of();
        }
        List<DeviceProgress> out = new ArrayList<>(m.byId.values());
        out.sort((a, b) -> a.device().compareTo(b.device()));
        return out;
    }

    @Override
    public synchronized Optional<DeviceProgress> device(RolloutId id, DeviceId device) {
        Devices m = devices.get(id);
        return m == null ? Optional.empty() : Optional.ofNullable(m.byId.get(device));
    }

    @Override
    public synchronized List<DeviceProgress> devices(RolloutId id, int wave, DeviceState state, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit is " + limit + "; it is at least 1");
        }
        Devices m = devices.get(id);
        if (m == null || !m.byWave.containsKey(wave)) {
            return List.of();
        }
        LinkedHashMap<DeviceId, DeviceProgress> slot = m.byWave.get(wave).get(state);
        if (slot == null) {
            return List.of();
        }
        List<DeviceProgress> out = new ArrayList<>(Math.min(limit, slot.size()));
        for (DeviceProgress p : slot.values()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(p);
        }
        return out;
    }

    @Override
    public synchronized Map<DeviceState, Long> counts(RolloutId id, int wave) {
        Devices m = devices.get(id);
        Map<DeviceState, Long> out = new EnumMap<>(DeviceState.class);
        if (m == null) {
            return out;
        }
        m.byWave.forEach((w, states) -> {
            if (wave < 0 || w == wave) {
                states.forEach((s, slot) -> {
                    if (!slot.isEmpty()) {
                        out.merge(s, (long) slot.size(), Long::sum);
                    }
                });
            }
        });
        return out;
    }

    @Override
    public synchronized void saveSummary(WaveSummary summary) {
        of(summary.rollout()).summaries.put(summary.wave(), summary);
    }

    @Override
    public synchronized List<WaveSummary> summaries(RolloutId id) {
        Devices m = devices.get(id);
        return m == null ? List.of() : List.copyOf(m.summaries.values());
    }

    @Override
    public String toString() {
        return "InMemoryRolloutStore[" + list().size() + " rollouts]";
    }
}
