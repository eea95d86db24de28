package dev.fleetops.testkit.emulator;

import dev.fleetops.core.model.ETag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.azure.sdk.iot.service.exceptions.IotHubServerBusyException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubTooManyRequestsException;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.embedded.Fault;
import dev.fleetops.core.embedded.FaultRule;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.HubTier;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.PropertyTree;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Faults on the wire, and the embedded hub's own faults and throttles, as the SDK and java.net.http see them. */
class IotHubEmulatorFaultsTest extends EmulatorTestBase {

    private static final DeviceId DEV = DeviceId.of("dev-1");
    private static final String PATCH_BODY = "{\"properties\":{\"desired\":{\"fw\":\"2.0.0\"}}}";

    @BeforeEach
    void device() {
        hub.load(dev.fleetops.core.model.Twin.builder(DEV).build());
    }

    private long twinVersion() {
        return hub.twins().get(DEV).version();
    }

    private HttpResponse<String> getTwin() throws IOException, InterruptedException {
        return rest("GET", "/twins/dev-1", null, Map.of());
    }

    @Test
    void throttleWithoutRetryAfter_sdkSeesTooManyRequestsAndHubIsNotCalled() {
        emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.throttle()).on("GET", "/twins/{id}"));
        long before = hub.statistics().requests().get(OperationClass.TWIN_READ);

        assertThatThrownBy(() -> twinClient().get("dev-1"))
                .isInstanceOf(IotHubTooManyRequestsException.class)
                .hasMessageContaining("\"errorCode\":429001");

        Exchange e = emulator.exchanges().get(0);
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.injected()).contains(EmulatorFault.Kind.THROTTLE);
        assertThat(e.responseHeader("Retry-After")).isEmpty();
        assertThat(hub.statistics().requests().get(OperationClass.TWIN_READ)).isEqualTo(before);
    }

    @Test
    void throttleWithRetryAfter_headerInWholeSecondsRoundedUp() throws Exception {
        emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.throttle(Duration.ofMillis(1500))).times(1));

        HttpResponse<String> r = getTwin();
        HttpResponse<String> next = getTwin();

        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).contains("2");
        assertThat(r.headers().firstValue("iothub-errorcode")).contains("ThrottlingException");
        assertThat(next.statusCode()).isEqualTo(200);
    }

    @Test
    void serverBusy_sdkSeesServerBusy() {
        emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.serverBusy()).times(1));

        assertThatThrownBy(() -> twinClient().get("dev-1")).isInstanceOf(IotHubServerBusyException.class)
                .hasMessageContaining("\"errorCode\":503003");
        assertThat(emulator.exchanges().get(0).responseHeader("iothub-errorcode")).contains("ServerBusy");
    }

    @Test
    void resetBeforeProcessing_nothingApplied() throws Exception {
        emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.resetBeforeProcessing()).on("PATCH", "/twins/{id}"));

        assertThatThrownBy(() -> rest("PATCH", "/twins/dev-1", PATCH_BODY, Map.of())).isInstanceOf(IOException.class);

        assertThat(twinVersion()).isEqualTo(1);
        assertThat(hub.twins().get(DEV).desired().isEmpty()).isTrue();
        assertThat(emulator.exchanges()).singleElement().satisfies(e -> {
            assertThat(e.connectionReset()).isTrue();
            assertThat(e.injected()).contains(EmulatorFault.Kind.RESET_BEFORE_PROCESSING);
        });
    }

    @Test
    void resetAfterApply_changeAppliedExactlyOnceAndBlindRetryAppliesItAgain() throws Exception {
        emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.resetAfterApply()).on("PATCH", "/twins/{id}")
                .times(1));

        assertThatThrownBy(() -> rest("PATCH", "/twins/dev-1", PATCH_BODY, Map.of())).isInstanceOf(IOException.class);

        assertThat(twinVersion()).isEqualTo(2);
        assertThat(hub.twins().get(DEV).desiredVersion()).isEqualTo(2);
        assertThat(hub.twins().get(DEV).desired().getString("fw")).contains("2.0.0");
        assertThat(emulator.exchanges()).singleElement().satisfies(e -> {
            assertThat(e.connectionReset()).isTrue();
            assertThat(e.injected()).contains(EmulatorFault.Kind.RESET_AFTER_APPLY);
        });

        // the caller cannot tell the patch was applied; an unconditional retry applies it a second time ...
        assertThat(rest("PATCH", "/twins/dev-1", PATCH_BODY, Map.of()).statusCode()).isEqualTo(200);
        assertThat(hub.twins().get(DEV).desiredVersion()).isEqualTo(3);
    }

    @Test
    void resetAfterApply_etagGuardedRetry_refusedSoAppliedOnce() throws Exception {
        ETag etag = hub.twins().get(DEV).etag();
        emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.resetAfterApply()).on("PATCH", "/twins/{id}")
                .times(1));

        assertThatThrownBy(() -> rest("PATCH", "/twins/dev-1", PATCH_BODY, Map.of("If-Match", etag.value())))
                .isInstanceOf(IOException.class);
        HttpResponse<String> retry = rest("PATCH", "/twins/dev-1", PATCH_BODY, Map.of("If-Match", etag.value()));

        assertThat(retry.statusCode()).isEqualTo(412);
        assertThat(hub.twins().get(DEV).desiredVersion()).isEqualTo(2);
    }

    @Test
    void resetAfterApply_sdkTwinPatch_jdkRetriesThePostSilentlyAndAppliesItTwice() throws Exception {
        // iot-service-client 2.1.9 sends the patch as a POST over HttpURLConnection without streaming mode. When the
        // connection is reset before an answer, the JDK resends such a POST once by itself (sun.net.http.retryPost
        // defaults to true): the SDK call then succeeds, and the hub has applied the unconditional patch twice.
        emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.resetAfterApply()).on("PATCH", "/twins/{id}")
                .times(1));
        TwinClient twins = twinClient();
        Twin t = twins.get("dev-1");
        t.getDesiredProperties().put("fw", "2.0.0");

        Twin result = twins.patch(t);

        List<Exchange> patches = emulator.exchanges().stream().filter(e -> e.method().equals("PATCH")).toList();
        assertThat(patches).hasSize(2);
        assertThat(patches.get(0).connectionReset()).isTrue();
        assertThat(patches.get(1).status()).isEqualTo(200);
        assertThat(hub.twins().get(DEV).desiredVersion()).isEqualTo(3);
        assertThat(result.getVersion()).isEqualTo(3);
    }

    @Test
    void resetAfterApply_sdkPatchWithEtag_jdkRetryRefusedWith412() throws Exception {
        emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.resetAfterApply()).on("PATCH", "/twins/{id}")
                .times(1));
        TwinClient twins = twinClient();
        Twin t = twins.get("dev-1");
        t.getDesiredProperties().put("fw", "2.0.0");

        assertThatThrownBy(() -> twins.patch(t, t.getETag()))
                .isInstanceOf(com.microsoft.azure.sdk.iot.service.exceptions.IotHubPreconditionFailedException.class);

        assertThat(hub.twins().get(DEV).desiredVersion()).isEqualTo(2);
        assertThat(hub.twins().get(DEV).desired().getString("fw")).contains("2.0.0");
    }

    @Test
    void slowAnswer_processedAtOnceAnsweredAfterTheDelay() throws Exception {
        emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.slow(Duration.ofMillis(300)))
                .on("GET", "/twins/{id}"));

        long start = System.nanoTime();
        HttpResponse<String> r = getTwin();
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(300);
        assertThat(emulator.exchanges().get(0).injected()).contains(EmulatorFault.Kind.SLOW);
    }

    @Test
    void nextNCalls_thenNormalAgain() throws Exception {
        emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.throttle()).times(2));

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(getTwin().statusCode());
        }

        assertThat(statuses).containsExactly(429, 429, 200, 200);
        assertThat(emulator.faults().firedCount()).isEqualTo(2);
    }

    @Test
    void routeRule_onlyThatRouteFails() throws Exception {
        emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.serverBusy()).on("PATCH", "/twins/{id}"));

        assertThat(getTwin().statusCode()).isEqualTo(200);
        assertThat(rest("GET", "/devices/dev-1", null, Map.of()).statusCode()).isEqualTo(200);
        assertThat(rest("PATCH", "/twins/dev-1", PATCH_BODY, Map.of()).statusCode()).isEqualTo(503);
        assertThat(twinVersion()).isEqualTo(1);
    }

    @Test
    void probabilityRule_sameSeedSameSequence() throws Exception {
        List<Integer> first = drawStatuses(7);
        List<Integer> again = drawStatuses(7);

        assertThat(again).isEqualTo(first);
        assertThat(first).contains(429, 200);
        assertThat(first.stream().filter(s -> s == 429).count()).isBetween(5L, 25L);
    }

    private List<Integer> drawStatuses(long seed) throws Exception {
        emulator.close();
        emulator = IotHubEmulator.builder(hub).seed(seed).start();
        emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.throttle()).withProbability(0.3));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            statuses.add(getTwin().statusCode());
        }
        return statuses;
    }

    @Test
    void clear_removesRules() throws Exception {
        emulator.faults().add(EmulatorFaultRule.of(EmulatorFault.throttle()));
        assertThat(getTwin().statusCode()).isEqualTo(429);

        emulator.faults().clear();

        assertThat(getTwin().statusCode()).isEqualTo(200);
    }

    @Test
    void embeddedHubFaults_becomeTheSameAnswersOnTheWire() throws Exception {
        hub.faults().add(FaultRule.always(Fault.throttle(), OperationClass.TWIN_READ).times(1));
        hub.faults().add(FaultRule.always(Fault.serverError(503), OperationClass.TWIN_READ).times(1));
        hub.faults().add(FaultRule.always(Fault.connectionReset(), OperationClass.TWIN_READ).times(1));
        hub.faults().add(FaultRule.always(Fault.resetAfterApply(), OperationClass.TWIN_UPDATE).times(1));

        assertThat(getTwin().statusCode()).isEqualTo(429);
        assertThat(getTwin().statusCode()).isEqualTo(503);
        assertThatThrownBy(this::getTwin).isInstanceOf(IOException.class);
        assertThat(getTwin().statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> rest("PATCH", "/twins/dev-1", PATCH_BODY, Map.of())).isInstanceOf(IOException.class);
        assertThat(hub.twins().get(DEV).desiredVersion()).isEqualTo(2);
        assertThat(emulator.exchanges()).extracting(Exchange::injected).allMatch(java.util.Optional::isEmpty);
    }

    @Test
    void tierQuota_overTheQueryThrottle_429FromTheHub() throws Exception {
        emulator.close();
        EmbeddedHub s1 = EmbeddedHub.builder().clock(clock).tier(HubTier.s1(1)).build();
        s1.load(dev.fleetops.core.model.Twin.builder(DEV).tags(PropertyTree.builder().put("a", 1).build()).build());
        emulator = IotHubEmulator.start(s1);

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            statuses.add(rest("POST", "/devices/query", "{\"query\":\"SELECT * FROM devices\"}", Map.of())
                    .statusCode());
        }

        assertThat(statuses.subList(0, 20)).containsOnly(200);
        assertThat(statuses.get(20)).isEqualTo(429);
        assertThat(emulator.exchanges().get(20).responseHeader("iothub-errorcode")).contains("ThrottlingException");
    }
}
