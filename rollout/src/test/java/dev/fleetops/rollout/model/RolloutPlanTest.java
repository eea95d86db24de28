package dev.fleetops.rollout.model;

import dev.fleetops.core.error.InvalidQueryException;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.TwinPatch;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RolloutPlanTest {

    private static final Verdict FW2 = new Verdict("properties.reported.firmware.version = '2.0'",
            "properties.reported.firmware.state = 'failed'", Duration.ofMinutes(10), Duration.ofHours(1));

    private static RolloutPlan.Builder firmware() {
        return RolloutPlan.builder(RolloutId.of("fw-2-0"))
                .target("tags.model = 'th-100'")
                .desired("firmware.version", "2.0")
                .desired("firmware.url", "https://example.com/fw/2.0.bin")
                .wave(WaveSpec.percent(1, Duration.ofHours(1)))
                .wave(WaveSpec.percent(10, Duration.ofHours(2)))
                .wave(WaveSpec.percent(100, Duration.ZERO))
                .verdict(FW2)
                .gates(Gates.strict().withMinimumSample(5).withFailureBudget(2, 0.05).withSuccessThreshold(0.9));
    }

    @Test
    void build_validPlan_keepsItsPartsInCanonicalForm() {
        RolloutPlan plan = firmware().build();

        assertThat(plan.target()).isEqualTo("tags.model = 'th-100'");
        assertThat(plan.change().getString("firmware.version")).contains("2.0");
        assertThat(plan.waveCount()).isEqualTo(3);
        assertThat(plan.window()).isEqualTo(MaintenanceWindow.ALWAYS);
        assertThat(plan.problems()).noneMatch(p -> p.severity() == PlanProblem.Severity.ERROR);
    }

    @Test
    void build_everyErrorAtOnce_eachNamingItsField() {
        assertThatThrownBy(() -> RolloutPlan.builder(RolloutId.of("bad"))
                .target("tags.a = 1")
                .verdict(FW2)
                .wave(WaveSpec.percent(50, Duration.ZERO))
                .wave(WaveSpec.percent(20, Duration.ZERO))
                .canaries(DeviceId.of("c1"), DeviceId.of("c1"))
                .gates(Gates.strict().withApprovalBefore(7))
                .build())
                .isInstanceOfSatisfying(InvalidPlanException.class, e -> assertThat(e.problems())
                        .extracting(PlanProblem::field)
                        .containsExactlyInAnyOrder("change", "waves[1]", "canaries[1]", "gates.approvalBefore"));
    }

    @Test
    void build_withoutTargetOrVerdict_saysWhatIsMissing() {
        assertThatThrownBy(() -> RolloutPlan.builder(RolloutId.of("x")).desired("a", 1)
                .wave(WaveSpec.percent(100, Duration.ZERO)).build())
                .isInstanceOf(InvalidPlanException.class).hasMessageContaining("target").hasMessageContaining("verdict");
    }

    @Test
    void build_targetTheHubWouldRefuse_isRefusedWithThePosition() {
        assertThatThrownBy(() -> firmware().target("tags.model == 'x'").build())
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("column");
    }

    @Test
    void change_withTags_isRefused() {
        assertThatThrownBy(() -> firmware().change(TwinPatch.builder().tag("ring", 1).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("desired properties");
    }

    @Test
    void check_aSmallWaveWithAFailureRatio_warnsThatItsFirstFailureTrips() {
        RolloutPlan plan = firmware().build();

        // 1,000 devices: wave 0 has 10; 5% of 10 tolerates none
        List<PlanProblem> problems = plan.check(1000);

        assertThat(plan.waveSizes(1000)).containsExactly(10L, 90L, 900L);
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.severity()).isEqualTo(PlanProblem.Severity.WARNING);
            assertThat(p.field()).isEqualTo("waves[0]");
            assertThat(p.message()).contains("10 devices").contains("first failure");
        });
    }

    @Test
    void check_aWaveSmallerThanTheMinimumSample_isAnError() {
        RolloutPlan plan = firmware().build();

        assertThat(plan.check(100)).anySatisfy(p -> {
            assertThat(p.severity()).isEqualTo(PlanProblem.Severity.ERROR);
            assertThat(p.field()).isEqualTo("waves[0]");
            assertThat(p.message()).contains("could never be judged");
        });
    }

    @Test
    void check_lastWaveShortOf100Percent_warns() {
        RolloutPlan plan = RolloutPlan.builder(RolloutId.of("half")).target("tags.a = 1").desired("x", 1)
                .wave(WaveSpec.percent(50, Duration.ZERO)).verdict(FW2).build();

        assertThat(plan.warnings()).anySatisfy(p -> assertThat(p.message()).contains("50%"));
    }

    @Test
    void waveSizes_mixCanariesCountsAndPercents_andNeverExceedTheFleet() {
        RolloutPlan plan = RolloutPlan.builder(RolloutId.of("mix")).target("tags.a = 1").desired("x", 1)
                .canaries(DeviceId.of("c1"), DeviceId.of("c2"))
                .wave(WaveSpec.count(10, Duration.ZERO))
                .wave(WaveSpec.percent(50, Duration.ZERO))
                .wave(WaveSpec.percent(100, Duration.ZERO))
                .verdict(FW2).build();

        assertThat(plan.waveSizes(100)).containsExactly(2L, 10L, 38L, 50L);
        assertThat(plan.waveSizes(5)).containsExactly(2L, 3L, 0L, 0L);
        assertThat(plan.waveSizes(-1)).containsExactly(2L, 10L, -1L, -1L);
    }

    @Test
    void contentHash_equalForEqualPlans_differentWhenAnythingChanges() {
        String a = firmware().build().contentHash();
        assertThat(firmware().build().contentHash()).isEqualTo(a).hasSize(64);
        assertThat(firmware().desired("firmware.version", "2.1").build().contentHash()).isNotEqualTo(a);
        assertThat(firmware().rollback(RollbackPolicy.MANUAL).build().contentHash()).isNotEqualTo(a);
        assertThat(firmware().target("tags.model = 'th-200'").build().contentHash()).isNotEqualTo(a);
        assertThat(firmware().wave(WaveSpec.count(10, Duration.ZERO)).build().contentHash()).isNotEqualTo(a);
    }

    @Test
    void values_refuseWhatCannotBe_namingTheField() {
        assertThatThrownBy(() -> WaveSpec.percent(0, Duration.ZERO)).hasMessageContaining("neither");
        assertThatThrownBy(() -> WaveSpec.percent(101, Duration.ZERO)).hasMessageContaining("at most 100");
        assertThatThrownBy(() -> new Gates(0, 0, 0, 1, java.util.Set.of(), List.of()))
                .hasMessageContaining("gates.minimumSample");
        assertThatThrownBy(() -> new Pacing(10, 1.5)).hasMessageContaining("pacing.quotaShare");
        assertThatThrownBy(() -> new Verdict("a = 1", "b = 1", Duration.ofHours(2), Duration.ofHours(1)))
                .hasMessageContaining("soak");
        assertThatThrownBy(() -> RolloutId.of("Fw_2")).hasMessageContaining("position 1");
        assertThatThrownBy(() -> RolloutId.of("fw_2")).hasMessageContaining("position 3");
    }

    @Test
    void waveSummary_failureRatio_isOverTheDecidedDevices() {
        WaveSummary s = new WaveSummary(RolloutId.of("r"), 1, 100, 18, 1, 1, 5, java.time.Instant.EPOCH);
        assertThat(s.decided()).isEqualTo(20);
        assertThat(s.failureRatio()).isEqualTo(0.1);
    }

    @Test
    void pacing_namesTheFieldItRefuses_andTheEvaluationPeriodIsPartOfThePlansHash() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Pacing(10, 0.5,
                java.time.Duration.ofMillis(500))).hasMessageContaining("pacing.evaluationPeriod");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Pacing(0, 0.5))
                .hasMessageContaining("pacing.maxInFlight");
        Pacing p = new Pacing(10, 0.5);
        org.assertj.core.api.Assertions.assertThat(p.evaluationPeriod()).isEqualTo(java.time.Duration.ofMinutes(1));
        org.assertj.core.api.Assertions.assertThat(p.withEvaluationPeriod(java.time.Duration.ofSeconds(5))
                .evaluationPeriod()).isEqualTo(java.time.Duration.ofSeconds(5));
    }
}
