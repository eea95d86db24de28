package dev.fleetops.rollout.internal;

import dev.fleetops.core.model.HubTime;
import dev.fleetops.core.model.JsonNull;
import dev.fleetops.core.model.PropertyPath;
import dev.fleetops.core.query.Condition;
import dev.fleetops.core.query.Path;
import dev.fleetops.rollout.model.RolloutId;
import dev.fleetops.rollout.model.RolloutPlan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The query conditions a rollout is watched with: which devices carry its mark, and which of them failed, are
 * verified or timed out, so that the hub counts them ({@code COUNT()}) and a gate costs the same few queries
 * whatever the wave's size. The same conditions judge a twin read by id, so a decision that must be current
 * agrees with the counts.
 *
 * <p>Every device the rollout changes is marked in the same write with the tag
 * {@code tags.fleetops.rollouts.<key>}: {@code {"w": wave, "p": previous}} when a hub job changed it
 * ({@code p}, the previous desired values as a JSON string, lets a rollback job restore them), or
 * {@code {"w": wave, "d": 1}} when a per-device patch did (the store keeps its previous values). The key is
 * {@code r} and 12 hex digits of the SHA-256 of the rollout id.
 *
 * <p>Soak and timeout come from the twin's {@code $metadata}: a device is verified when its success condition
 * holds, its failure condition does not, and each reported property the success condition reads was last written
 * at least the soak time ago; it timed out when the rollout's change was written to its desired properties more
 * than the timeout ago and it is neither failed nor verified. "Does not hold" is written so that a twin missing a
 * property the condition reads counts as not holding (IoT Hub's {@code NOT} leaves undefined undefined).
 * Immutable and thread-safe.
 */
final class Verdicts {

    private final String key;
    private final Path mark;
    private final Condition success;
    private final Condition failure;
    private final List<Path> soakPaths;
    private final RolloutPlan plan;
    private final Path appliedAt;

    Verdicts(RolloutPlan plan, List<String> changedPaths) {
        this.plan = plan;
        this.key = key(plan.id());
        this.mark = Path.of("tags", "fleetops", "rollouts", key);
        this.success = Condition.parse(plan.verdict().success());
        this.failure = Condition.parse(plan.verdict().failure());
        List<Path> soak = new ArrayList<>();
        for (Path p : success.paths()) {
            List<String> s = p.segments();
            if (s.size() > 2 && s.get(0).equals("properties") && s.get(1).equals("reported")
                    && !s.get(2).startsWith("$")) {
                List<String> m = new ArrayList<>(List.of("reported", "$metadata"));
                m.addAll(s.subList(2, s.size()));
                m.add("$lastUpdated");
                soak.add(Path.of("properties", m.toArray(new String[0])));
            }
        }
        this.soakPaths = List.copyOf(soak);
        List<String> first = new ArrayList<>(List.of("desired", "$metadata"));
        first.addAll(PropertyPath.parse(changedPaths.get(0)).segments());
        first.add("$lastUpdated");
        this.appliedAt = Path.of("properties", first.toArray(new String[0]));
    }

    /** The tag key of a rollout: {@code r} and 12 hex digits of the SHA-256 of its id. */
    static String key(RolloutId id) {
        return "r" + sha256Hex(id.value(), 6);
    }

    /** The first {@code bytes} bytes of the SHA-256 of a text (UTF-8), in lower-case hex. */
    static String sha256Hex(String text, int bytes) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(bytes * 2);
            for (int i = 0; i < bytes; i++) {
                sb.append(String.format("%02x", h[i] & 0xff));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    String key() {
        return key;
    }

    /** The tag path below {@code tags}: {@code fleetops.rollouts.<key>}. */
    String tagPath() {
        return "fleetops.rollouts." + key;
    }

    /** Devices the rollout marked (any wave). */
    Condition marked() {
        return mark.isDefined();
    }

    /** Devices the rollout has not marked. */
    Condition unmarked() {
        return Condition.not(mark.isDefined());
    }

    /** Devices the rollout marked in a wave. */
    Condition member(int wave) {
        return mark.child("w").eq((long) wave);
    }

    /** The previous-values string a job's mark carries. */
    Path previousMark() {
        return mark.child("p");
    }

    Condition failed() {
        return failure;
    }

    /** Success held for the soak time, and failure does not hold. */
    Condition verified(Instant now) {
        return Condition.allOf(soakedSuccess(now), notTrue(failure));
    }

    /** Changed more than the timeout ago, neither failed nor verified. */
    Condition timedOut(Instant now) {
        Condition old = appliedAt.lt(HubTime.format(now.minus(plan.verdict().timeout())));
        return Condition.allOf(old, notTrue(failure), notTrue(soakedSuccess(now)));
    }

    private Condition soakedSuccess(Instant now) {
        if (plan.verdict().soak().isZero() || soakPaths.isEmpty()) {
            return success;
        }
        String cut = HubTime.format(now.minus(plan.verdict().soak()));
        List<Condition> all = new ArrayList<>();
        all.add(success);
        for (Path p : soakPaths) {
            all.add(p.le(cut));
        }
        return Condition.allOf(all);
    }

    /** True when {@code c} is not true: false, or undefined because a path it reads is missing. */
    static Condition notTrue(Condition c) {
        List<Condition> any = new ArrayList<>();
        any.add(Condition.not(c));
        for (Path p : c.paths()) {
            any.add(Condition.not(p.isDefined()));
        }
        return Condition.anyOf(any);
    }

    /** Devices whose desired properties hold every value the rollout writes. */
    static Condition holds(List<String> paths, List<Object> values) {
        List<Condition> all = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            Path p = Path.desired(paths.get(i));
            all.add(values.get(i) instanceof JsonNull ? Condition.not(p.isDefined()) : p.eq(values.get(i)));
        }
        return Condition.allOf(all);
    }
}
