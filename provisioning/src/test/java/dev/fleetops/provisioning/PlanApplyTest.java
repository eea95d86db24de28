package dev.fleetops.provisioning;

import dev.fleetops.core.FleetClient;
import dev.fleetops.core.call.AuditRecord;
import dev.fleetops.core.call.Authorizer;
import dev.fleetops.core.call.Operator;
import dev.fleetops.core.call.Role;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.error.ServiceUnavailableException;
import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.RolloutBucket;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.provisioning.embedded.EmbeddedDps;
import dev.fleetops.provisioning.keys.SymmetricKey;
import dev.fleetops.provisioning.manifest.CsvManifest;
import dev.fleetops.provisioning.manifest.InvalidManifestException;
import dev.fleetops.provisioning.manifest.Manifest;
import dev.fleetops.provisioning.model.AllocationPolicy;
import dev.fleetops.provisioning.model.Attestation;
import dev.fleetops.provisioning.model.EnrollmentGroup;
import dev.fleetops.provisioning.model.EnrollmentSettings;
import dev.fleetops.provisioning.model.IndividualEnrollment;
import dev.fleetops.provisioning.plan.ApplyProgress;
import dev.fleetops.provisioning.plan.ApplyResult;
import dev.fleetops.provisioning.plan.EnrollmentPlan;
import dev.fleetops.provisioning.plan.PlanOptions;
import dev.fleetops.provisioning.plan.PlannedChange.Kind;
import dev.fleetops.provisioning.plan.RowOutcome.Status;
import dev.fleetops.provisioning.spi.EnrollmentService;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Manifests planned against DPS and applied in bulk: refused whole or skipped row by row, no-op re-runs, guards. */
class PlanApplyTest {

    private final VirtualClock clock = VirtualClock.startingAt(Instant.parse("2026-12-01T00:00:00Z"));
    private final EmbeddedDps embedded = new EmbeddedDps(clock);
    /** Calls by SPI method name. */
    private final Map<String, AtomicInteger> calls = new java.util.concurrent.ConcurrentHashMap<>();
    /** When positive, the next bulk call is applied and then its answer lost (a 503). */
    private final AtomicInteger loseNextBulkAnswers = new AtomicInteger();
    private final EnrollmentService dps = counting(embedded);
    private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
    private final FleetClient client = FleetClient.builder().hub(EmbeddedHub.builder().clock(clock).build())
            .clock(clock).auditSink(audit::add).operator(Operator.of("olga", Role.OPERATOR))
            .authorizer(Authorizer.roleBased().grant(Role.OPERATOR, "enrollment.*", "registration.*")).build();
    private final EnrollmentManager enrollments = EnrollmentManager.builder(client, dps).build();

    private EnrollmentService counting(EnrollmentService target) {
        return (EnrollmentService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {EnrollmentService.class}, (proxy, method, args) -> {
                    calls.computeIfAbsent(method.getName(), k -> new AtomicInteger()).incrementAndGet();
                    Object result;
                    try {
                        result = method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("bulk") && loseNextBulkAnswers.getAndDecrement() > 0) {
                        throw new ServiceUnavailableException(503, "answer lost on the way back");
                    }
                    return result;
                });
    }

    private int calls(String method) {
        AtomicInteger n = calls.get(method);
        return n == null ? 0 : n.get();
    }

    private int allCalls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private static Manifest csv(String text) throws IOException {
        return CsvManifest.parse(new StringReader(text), "devices.csv");
    }

    private static Manifest devices(int from, int to, String extraHeader, String extraCell) throws IOException {
        StringBuilder text = new StringBuilder("registrationId,allocation" + extraHeader + "\n");
        for (int i = from; i < to; i++) {
            text.append(String.format("dev-%05d,hashed%s%n", i, extraCell));
        }
        return csv(text.toString());
    }

    @Test
    void aManifestWithBadRows_isRefusedWhole_beforeAnyCall_withEveryBadRowNamed() throws IOException {
        Manifest m = csv("""
                registrationId,allocation,edge
                dev-1,hashed,false
                bad id!,hashed,false
                dev-3,sideways,false
                dev-4,hashed,maybe
                """);

        assertThatThrownBy(() -> enrollments.plan(m)).isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining("devices.csv:3:1").hasMessageContaining("devices.csv:4:2")
                .hasMessageContaining("devices.csv:5:3");
        assertThat(allCalls()).isZero();
        assertThat(embedded.listEnrollments(dev.fleetops.core.model.PageRequest.first()).items()).isEmpty();
    }

    @Test
    void skipInvalid_appliesTheGoodRows_andReportsEveryBadOne() throws IOException {
        Manifest m = csv("""
                registrationId,allocation,edge
                dev-1,hashed,false
                bad id!,hashed,false
                dev-3,sideways,false
                dev-4,hashed,true
                """);

        EnrollmentPlan plan = enrollments.plan(m, PlanOptions.defaults().withSkipInvalid(true));
        ApplyResult result = enrollments.apply(plan);

        assertThat(result.count(Status.APPLIED)).isEqualTo(2);
        assertThat(result.skipped()).extracting(p -> p.line()).containsExactly(3, 4);
        assertThat(result.isComplete()).isFalse();
        assertThat(result.rows().size() + result.skipped().size()).isEqualTo(4);
        assertThat(embedded.findEnrollment("dev-1")).isPresent();
        assertThat(embedded.findEnrollment("dev-4").orElseThrow().settings().iotEdge()).isTrue();
        assertThat(plan.render()).contains("skipped: devices.csv:4:2: allocation");
    }

    @Test
    void anImport_makesCeilOfNOverTenBulkWrites_andARerunMakesNoWrite() throws IOException {
        Manifest m = devices(0, 95, "", "");
        List<ApplyProgress> progress = new ArrayList<>();

        EnrollmentPlan plan = enrollments.plan(m);
        assertThat(plan.count(Kind.CREATE)).isEqualTo(95);
        assertThat(plan.writeCalls()).isEqualTo(10);
        ApplyResult result = enrollments.apply(plan, progress::add);

        assertThat(result.writeCalls()).isEqualTo(10);
        assertThat(calls("bulk")).isEqualTo(10);
        assertThat(calls("putEnrollment")).isZero();
        assertThat(result.count(Status.APPLIED)).isEqualTo(95);
        assertThat(progress).hasSize(10);
        assertThat(progress.get(9)).isEqualTo(new ApplyProgress(95, 95, 0, 10));
        assertThat(progress).extracting(ApplyProgress::done).isSorted();
        IndividualEnrollment stored = embedded.findEnrollment("dev-00042").orElseThrow();
        assertThat(stored.settings().initialTags().getLong(RolloutBucket.TAG))
                .contains((long) RolloutBucket.of(stored.deviceId()));

        int before = calls("bulk");
        EnrollmentPlan again = enrollments.plan(m);
        ApplyResult rerun = enrollments.apply(again);
        assertThat(again.isNoOp()).isTrue();
        assertThat(again.count(Kind.UNCHANGED)).isEqualTo(95);
        assertThat(rerun.writeCalls()).isZero();
        assertThat(calls("bulk")).isEqualTo(before);
        assertThat(calls("putEnrollment") + calls("deleteEnrollment")).isZero();
    }

    @Test
    void anUpdate_keepsTheKeysDpsGenerated_andNamesTheFieldsThatDiffer() throws IOException {
        enrollments.apply(enrollments.plan(devices(0, 3, "", "")));
        Attestation before = embedded.attestation("dev-00001").orElseThrow();

        EnrollmentPlan plan = enrollments.plan(devices(0, 3, ",tag.site", ",berlin"));
        assertThat(plan.changes()).extracting(c -> c.kind()).containsOnly(Kind.UPDATE);
        assertThat(plan.changes().get(1).differences()).containsExactly("initialTags");
        assertThat(plan.render()).contains("~ update dev-00001 (line 3): initialTags");
        ApplyResult result = enrollments.apply(plan);

        assertThat(result.count(Status.APPLIED)).isEqualTo(3);
        assertThat(embedded.attestation("dev-00001")).contains(before);
        assertThat(embedded.findEnrollment("dev-00001").orElseThrow().settings().initialTags().getString("site"))
                .contains("berlin");
        assertThat(audit).extracting(AuditRecord::action).contains(EnrollmentManager.READ_KEYS);
        assertThat(audit.toString()).doesNotContain(((Attestation.SymmetricKeys) before).primary().base64());
    }

    @Test
    void explicitKeys_areCompared_soARolledKeyIsAnUpdate() throws IOException {
        String k1 = SymmetricKey.generate().base64();
        String k2 = SymmetricKey.generate().base64();
        enrollments.apply(enrollments.plan(csv("registrationId,primaryKey,secondaryKey\ndev-1," + k1 + "," + k2
                + "\n")));

        assertThat(enrollments.plan(csv("registrationId,primaryKey,secondaryKey\ndev-1," + k1 + "," + k2 + "\n"))
                .isNoOp()).isTrue();
        EnrollmentPlan rolled = enrollments.plan(csv("registrationId,primaryKey,secondaryKey\ndev-1," + k2 + ","
                + k1 + "\n"));
        assertThat(rolled.changes().get(0).differences()).containsExactly("keys");
        assertThat(rolled.render()).doesNotContain(k1).doesNotContain(k2);
        enrollments.apply(rolled);
        assertThat(((Attestation.SymmetricKeys) embedded.attestation("dev-1").orElseThrow()).primary().base64())
                .isEqualTo(k2);
    }

    @Test
    void aRowChangedInDpsSinceThePlan_failsAlone_withWhyAndWhatToDo() throws IOException {
        enrollments.apply(enrollments.plan(devices(0, 3, "", "")));
        EnrollmentPlan plan = enrollments.plan(devices(0, 3, ",status", ",disabled"));
        IndividualEnrollment meanwhile = embedded.findEnrollment("dev-00002").orElseThrow();
        embedded.putEnrollment(meanwhile.withSettings(meanwhile.settings().withIotEdge(true)), meanwhile.etag());

        ApplyResult result = enrollments.apply(plan);

        assertThat(result.count(Status.APPLIED)).isEqualTo(2);
        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.change().registrationId()).isEqualTo("dev-00002");
            assertThat(f.errorCode()).isEqualTo(412201);
            assertThat(f.message()).contains("changed in DPS since the plan");
        });
        assertThat(embedded.findEnrollment("dev-00002").orElseThrow().settings().enabled()).isTrue();
    }

    @Test
    void prune_deletesWhatTheManifestDoesNotName_andOnlyThen() throws IOException {
        enrollments.apply(enrollments.plan(devices(0, 12, "", "")));
        Manifest fewer = devices(0, 5, "", "");

        assertThat(enrollments.plan(fewer).isNoOp()).isTrue();
        EnrollmentPlan pruning = enrollments.plan(fewer, PlanOptions.defaults().withPrune(true));
        assertThat(pruning.count(Kind.DELETE)).isEqualTo(7);
        assertThat(pruning.writeCalls()).isEqualTo(1);
        ApplyResult result = enrollments.apply(pruning);

        assertThat(result.count(Status.APPLIED)).isEqualTo(7);
        assertThat(embedded.listEnrollments(dev.fleetops.core.model.PageRequest.first()).items()).hasSize(5);
        assertThat(enrollments.plan(fewer, PlanOptions.defaults().withPrune(true)).isNoOp()).isTrue();
    }

    @Test
    void aBulkCallWhoseAnswerIsLost_isRepeated_andTheRowsItMadeCountAsApplied() throws IOException {
        loseNextBulkAnswers.set(1);

        ApplyResult result = enrollments.apply(enrollments.plan(devices(0, 10, "", "")));

        assertThat(calls("bulk")).isEqualTo(2);
        assertThat(result.count(Status.APPLIED)).isEqualTo(10);
        assertThat(result.failures()).isEmpty();
        assertThat(enrollments.plan(devices(0, 10, "", "")).isNoOp()).isTrue();
    }

    @Test
    void aCreateOfAnEnrollmentSomeoneElseMadeSinceThePlan_isReportedAsAConflict() throws IOException {
        EnrollmentPlan plan = enrollments.plan(devices(0, 2, "", ""));
        embedded.putEnrollment(IndividualEnrollment.of("dev-00001", Attestation.SymmetricKeys.generatedByDps())
                .withSettings(EnrollmentSettings.defaults().withAllocation(AllocationPolicy.GEO_LATENCY, List.of())),
                ETag.ANY);

        ApplyResult result = enrollments.apply(plan);

        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.errorCode()).isEqualTo(409201);
            assertThat(f.message()).contains("did not see");
        });
    }

    @Test
    void thePlanWarns_ofSymmetricKeysInProduction_expiringCertificates_andUnknownOrExpiringCas() throws IOException {
        String pem = certificate();
        clock.advanceTo(Instant.parse("2126-11-01T00:00:00Z"));
        embedded.putGroup(new EnrollmentGroup("line-a", new Attestation.X509CaReferences("factory-ca", "spare-ca"),
                EnrollmentSettings.defaults(), ETag.ANY), ETag.ANY);
        Manifest m = csv("registrationId,attestation,certificate,tag.environment\n"
                + "dev-1,symmetricKey,,production\n"
                + "dev-2,symmetricKey,,staging\n"
                + "device-001,x509,\"" + pem + "\",production\n");

        EnrollmentPlan plan = enrollments.plan(m, PlanOptions.defaults()
                .withCertificates(Duration.ofDays(30), Map.of("FACTORY-CA", pem)));

        assertThat(plan.warnings()).extracting(w -> w.line() + " " + w.target() + " " + w.field()).containsExactly(
                "2 dev-1 attestation",
                "4 device-001 primary certificate",
                "0 enrollmentGroup:line-a primary CA reference 'factory-ca'",
                "0 enrollmentGroup:line-a secondary CA reference");
        assertThat(plan.warnings().get(1).rule()).contains("expires at 2126-11-09").contains("within 30 days");
        assertThat(plan.warnings().get(3).rule()).contains("'spare-ca' is not in the catalog");
        assertThat(plan.render()).contains("warning: line 2: dev-1: attestation: symmetric keys on a device tagged "
                + "environment = production");
    }

    private static String certificate() throws IOException {
        try (InputStream in = PlanApplyTest.class.getResourceAsStream("/certs/device-001.pem")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        }
    }
}
