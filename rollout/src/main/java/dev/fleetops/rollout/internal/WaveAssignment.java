package dev.fleetops.rollout.internal;

import dev.fleetops.core.model.DeviceId;
import dev.fleetops.rollout.model.RolloutId;
import dev.fleetops.rollout.model.RolloutPlan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which wave each target device falls in. Every device has a stable position in [0, 1) from a SHA-256 of the
 * rollout id and its device id: the same in every process and on every restart, and unrelated to creation order.
 * Devices are ordered by position (with stratification, by their rank within their stratum spread evenly over
 * [0, 1), so that every prefix of the order holds each stratum in proportion), canaries first; wave k takes the
 * next devices of that order up to its size. A wider wave takes a longer prefix, so widening only adds devices.
 * Stateless and thread-safe.
 */
public final class WaveAssignment {

    private WaveAssignment() {
    }

    /**
     * A target device and the value of the stratifying tag (empty when not stratified or the tag is absent).
     *
     * @param device the device
     * @param stratum its stratum
     */
    public record Candidate(DeviceId device, String stratum) {

        /**
         * Validates the candidate.
         *
         * @param device the device
         * @param stratum its stratum, empty for none
         * @throws NullPointerException if an argument is null
         */
        public Candidate {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(stratum, "stratum");
        }
    }

    /**
     * The result: the devices of each wave in order, and the canaries the target does not hold.
     *
     * @param waves one list per wave (canaries first when the plan has them)
     * @param missingCanaries pinned canaries that are not among the candidates
     */
    public record Result(List<List<DeviceId>> waves, List<DeviceId> missingCanaries) {

        /**
         * Copies the lists.
         *
         * @param waves the waves
         * @param missingCanaries the missing canaries
         */
        public Result {
            waves = waves.stream().map(List::copyOf).toList();
            missingCanaries = List.copyOf(missingCanaries);
        }

        /**
         * Returns the wave of each device.
         *
         * @return wave index by device
         */
        public Map<DeviceId, Integer> waveOf() {
            Map<DeviceId, Integer> m = new HashMap<>();
            for (int i = 0; i < waves.size(); i++) {
                for (DeviceId d : waves.get(i)) {
                    m.put(d, i);
                }
            }
            return m;
        }
    }

    /**
     * Returns a device's position in the rollout's order: uniform in [0, 1), stable.
     *
     * @param rollout the rollout
     * @param device the device
     * @return the position
     */
    public static double position(RolloutId rollout, DeviceId device) {
        return (hash(rollout, device) >>> 11) * 0x1.0p-53;
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });

    private static long hash(RolloutId rollout, DeviceId device) {
        MessageDigest sha = SHA256.get();
        sha.reset();
        sha.update(rollout.value().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        byte[] d = sha.digest(device.value().getBytes(StandardCharsets.UTF_8));
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (d[i] & 0xff);
        }
        return h;
    }

    /**
     * Assigns the candidates to the plan's waves.
     *
     * @param plan the plan
     * @param candidates the devices matching the target, each once
     * @return the waves
     * @throws IllegalArgumentException if a device is a candidate twice
     */
    public static Result assign(RolloutPlan plan, Collection<Candidate> candidates) {
        Map<DeviceId, Candidate> byId = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            if (byId.put(c.device(), c) != null) {
                throw new IllegalArgumentException("device '" + c.device() + "' is a candidate twice");
            }
        }
        List<List<DeviceId>> waves = new ArrayList<>();
        List<DeviceId> missing = new ArrayList<>();
        Set<DeviceId> taken = new HashSet<>();
        if (!plan.canaries().isEmpty()) {
            List<DeviceId> canaries = new ArrayList<>();
            for (DeviceId d : plan.canaries()) {
                if (byId.containsKey(d)) {
                    canaries.add(d);
                    taken.add(d);
                } else {
                    missing.add(d);
                }
            }
            waves.add(canaries);
        }
        List<DeviceId> order = order(plan.id(), byId.values(), taken);
        List<Long> sizes = plan.waveSizes(byId.size(), plan.canaries().size() - missing.size());
        int from = 0;
        for (int w = plan.canaries().isEmpty() ? 0 : 1; w < sizes.size(); w++) {
            int n = (int) Math.min(sizes.get(w), order.size() - from);
            waves.add(order.subList(from, from + n));
            from += n;
        }
        return new Result(waves, missing);
    }

    /** A candidate with its position and, once computed, its spread rank. Mutable, local to one assignment. */
    private static final class Ranked {
        final DeviceId device;
        final String id;
        final double position;
        double spread;

        Ranked(DeviceId device, double position) {
            this.device = device;
            this.id = device.value();
            this.position = position;
        }
    }

    private static final Comparator<Ranked> BY_POSITION = Comparator.comparingDouble((Ranked r) -> r.position)
            .thenComparing(r -> r.id);
    private static final Comparator<Ranked> BY_SPREAD = Comparator.comparingDouble((Ranked r) -> r.spread)
            .thenComparing(BY_POSITION);

    /** The devices not yet taken, in the rollout's order (stratified when strata are given). */
    private static List<DeviceId> order(RolloutId rollout, Collection<Candidate> candidates, Set<DeviceId> taken) {
        Map<String, List<Ranked>> strata = new HashMap<>();
        List<Ranked> all = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            if (!taken.contains(c.device())) {
                Ranked r = new Ranked(c.device(), position(rollout, c.device()));
                strata.computeIfAbsent(c.stratum(), k -> new ArrayList<>()).add(r);
                all.add(r);
            }
        }
        for (List<Ranked> stratum : strata.values()) {
            stratum.sort(BY_POSITION);
            for (int i = 0; i < stratum.size(); i++) {
                // rank i of n spread over [0, 1): every prefix of the merged order holds each stratum in proportion
                stratum.get(i).spread = (i + 0.5) / stratum.size();
            }
        }
        all.sort(BY_SPREAD);
        List<DeviceId> out = new ArrayList<>(all.size());
        for (Ranked r : all) {
            out.add(r.device);
        }
        return out;
    }
}
