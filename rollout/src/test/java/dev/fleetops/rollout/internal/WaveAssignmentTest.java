package dev.fleetops.rollout.internal;

import dev.fleetops.core.model.DeviceId;
import dev.fleetops.rollout.model.RolloutId;
import dev.fleetops.rollout.model.RolloutPlan;
import dev.fleetops.rollout.model.Verdict;
import dev.fleetops.rollout.model.WaveSpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Wave assignment is deterministic, representative, and widening a wave only adds devices. */
class WaveAssignmentTest {

    private static final Verdict VERDICT = new Verdict("properties.reported.v = 2", "properties.reported.v = -1",
            Duration.ZERO, Duration.ofHours(1));

    private static RolloutPlan plan(String id, double... percents) {
        RolloutPlan.Builder b = RolloutPlan.builder(RolloutId.of(id)).target("tags.t = 1").desired("v", 2)
                .verdict(VERDICT);
        for (double p : percents) {
            b.wave(WaveSpec.percent(p, Duration.ZERO));
        }
        return b.build();
    }

    private static List<WaveAssignment.Candidate> fleet(int n, int strata) {
        List<WaveAssignment.Candidate> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new WaveAssignment.Candidate(DeviceId.of(String.format("dev-%05d", i)),
                    strata == 0 ? "" : "region-" + (i % strata)));
        }
        return out;
    }

    @Property(tries = 50)
    void assignment_doesNotDependOnTheOrderDevicesAreListedIn(@ForAll @IntRange(min = 1, max = 400) int n,
                                                              @ForAll long seed) {
        RolloutPlan plan = plan("det", 5, 30, 100);
        List<WaveAssignment.Candidate> devices = fleet(n, 3);
        List<WaveAssignment.Candidate> shuffled = new ArrayList<>(devices);
        Collections.shuffle(shuffled, new Random(seed));

        assertThat(WaveAssignment.assign(plan, shuffled).waveOf()).isEqualTo(WaveAssignment.assign(plan, devices)
                .waveOf());
    }

    @Property(tries = 50)
    void everyDevice_isInExactlyOneWave_ofTheSizesThePlanSays(@ForAll @IntRange(min = 0, max = 500) int n) {
        RolloutPlan plan = plan("sizes", 1, 10, 50, 100);
        WaveAssignment.Result r = WaveAssignment.assign(plan, fleet(n, 0));

        assertThat(r.waves().stream().map(w -> (long) w.size()).toList()).isEqualTo(plan.waveSizes(n));
        assertThat(r.waveOf()).hasSize(n);
    }

    @Property(tries = 50)
    void wideningAWave_onlyAddsDevicesToIt(@ForAll @DoubleRange(min = 1, max = 40) double first,
                                            @ForAll @DoubleRange(min = 0.5, max = 30) double more) {
        List<WaveAssignment.Candidate> devices = fleet(300, 4);
        Set<DeviceId> narrow = new HashSet<>(WaveAssignment.assign(plan("wide", first, 100), devices).waves().get(0));
        Set<DeviceId> wide = new HashSet<>(WaveAssignment.assign(plan("wide", first + more, 100), devices).waves()
                .get(0));

        assertThat(wide).containsAll(narrow);
    }

    @Property(tries = 30)
    void stratifiedWaves_holdEveryStratumInProportion(@ForAll @IntRange(min = 2, max = 6) int strata,
                                                      @ForAll @DoubleRange(min = 5, max = 95) double percent) {
        List<WaveAssignment.Candidate> devices = fleet(600, strata);
        RolloutPlan plan = RolloutPlan.builder(RolloutId.of("strata")).target("tags.t = 1").desired("v", 2)
                .verdict(VERDICT).wave(WaveSpec.percent(percent, Duration.ZERO))
                .wave(WaveSpec.percent(100, Duration.ZERO)).stratifyBy("region").build();

        List<DeviceId> first = WaveAssignment.assign(plan, devices).waves().get(0);
        Map<String, Long> perStratum = first.stream().collect(Collectors.groupingBy(
                d -> "region-" + (Integer.parseInt(d.value().substring(4)) % strata), Collectors.counting()));
        double expected = first.size() / (double) strata;
        for (int s = 0; s < strata; s++) {
            assertThat((double) perStratum.getOrDefault("region-" + s, 0L)).isCloseTo(expected,
                    org.assertj.core.data.Offset.offset(1.0));
        }
    }

    @Test
    void positions_areStableAndDifferPerRollout() {
        DeviceId d = DeviceId.of("dev-00042");
        double p = WaveAssignment.position(RolloutId.of("a"), d);
        assertThat(WaveAssignment.position(RolloutId.of("a"), d)).isEqualTo(p).isBetween(0.0, 1.0);
        assertThat(WaveAssignment.position(RolloutId.of("b"), d)).isNotEqualTo(p);
    }

    @Test
    void canaries_comeFirst_andThoseNotInTheTargetAreReported() {
        RolloutPlan plan = RolloutPlan.builder(RolloutId.of("can")).target("tags.t = 1").desired("v", 2)
                .verdict(VERDICT).canaries(DeviceId.of("dev-00003"), DeviceId.of("elsewhere"))
                .wave(WaveSpec.percent(100, Duration.ZERO)).build();

        WaveAssignment.Result r = WaveAssignment.assign(plan, fleet(10, 0));

        assertThat(r.waves().get(0)).containsExactly(DeviceId.of("dev-00003"));
        assertThat(r.missingCanaries()).containsExactly(DeviceId.of("elsewhere"));
        assertThat(r.waves().get(1)).hasSize(9).doesNotContain(DeviceId.of("dev-00003"));
    }
}
