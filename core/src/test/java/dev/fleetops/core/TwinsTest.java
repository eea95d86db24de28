package dev.fleetops.core;

import dev.fleetops.core.model.ETag;
import dev.fleetops.core.call.CallStatistics;
import dev.fleetops.core.call.RetryPolicy;
import dev.fleetops.core.error.DeviceNotFoundException;
import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.core.error.ServiceUnavailableException;
import dev.fleetops.core.error.ThrottledException;
import dev.fleetops.core.error.TransportException;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.core.FakeHub.When;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TwinsTest {

    private static final DeviceId D1 = DeviceId.of("d1");
    private static final TwinPatch FW2 = TwinPatch.builder().desired("firmware.version", "2.0").build();

    private final VirtualClock clock = VirtualClock.create();
    private final FakeHub hub = new FakeHub(clock).withDevice("d1");
    private final FleetClient client = FleetClient.builder().hub(hub).clock(clock)
            .retryPolicy(new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(30), 2.0, 0.0)).auditSink(new RecordingAuditSink()).build();

    private static ServiceUnavailableException busy() {
        return new ServiceUnavailableException(503, "hub busy");
    }

    @Test
    void patch_unconditionalFailsAfterTheHubAppliedIt_appliesExactlyOnce() {
        long before = hub.twin("d1").version();
        hub.failNext("twins.patch", When.AFTER, TwinsTest::busy);

        Twin twin = client.twins().patch(D1, FW2);

        assertThat(hub.twin("d1").version()).isEqualTo(before + 1);
        assertThat(hub.twin("d1").desiredVersion()).isEqualTo(2);
        assertThat(twin.desired().getString("firmware.version")).contains("2.0");
        assertThat(hub.calls("twins.patch")).isEqualTo(1);
        assertThat(hub.calls("twins.get")).isEqualTo(1);
    }

    @Test
    void patch_unconditionalLosesConnectionAfterApply_appliesExactlyOnce() {
        long before = hub.twin("d1").version();
        hub.failNext("twins.patch", When.AFTER, () -> new TransportException("connection reset"));

        client.twins().patch(D1, FW2);

        assertThat(hub.twin("d1").version()).isEqualTo(before + 1);
        assertThat(hub.calls("twins.patch")).isEqualTo(1);
    }

    @Test
    void patch_unconditionalFailsBeforeApply_resendsGuardedByTheETagJustRead() {
        long before = hub.twin("d1").version();
        hub.failNext("twins.patch", When.BEFORE, TwinsTest::busy);

        Twin twin = client.twins().patch(D1, FW2);

        assertThat(hub.twin("d1").version()).isEqualTo(before + 1);
        assertThat(twin.version()).isEqualTo(before + 1);
        assertThat(hub.calls("twins.patch")).isEqualTo(2);
        assertThat(hub.calls("twins.get")).isEqualTo(1);
    }

    @Test
    void patch_guardedResendMeetsAConcurrentWriter_rereadsAndAppliesOnce() {
        TwinPatch other = TwinPatch.builder().tag("region", "eu").build();
        long before = hub.twin("d1").version();
        hub.failNext("twins.patch", When.BEFORE, TwinsTest::busy);
        // The guarded resend finds the twin changed by someone else: the hub answers 412.
        hub.failCall("twins.patch", 2, When.BEFORE, () -> {
            hub.patchDirectly("d1", other);
            return new PreconditionFailedException("etag mismatch");
        });

        Twin twin = client.twins().patch(D1, FW2);

        assertThat(hub.twin("d1").version()).isEqualTo(before + 2);
        assertThat(twin.tags().getString("region")).contains("eu");
        assertThat(twin.desired().getString("firmware.version")).contains("2.0");
        assertThat(hub.calls("twins.patch")).isEqualTo(3);
        assertThat(hub.calls("twins.get")).isEqualTo(2);
    }

    @Test
    void patch_guardedResendKeepsMeeting412_givesUpAfterMaxAttempts() {
        FleetClient three = FleetClient.builder().hub(hub).clock(clock)
                .retryPolicy(RetryPolicy.defaults().withMaxAttempts(3)).auditSink(new RecordingAuditSink()).build();
        hub.failNext("twins.patch", When.BEFORE, TwinsTest::busy);
        hub.failNext("twins.patch", 5, When.BEFORE, () -> new PreconditionFailedException("etag mismatch"));

        assertThatThrownBy(() -> three.twins().patch(D1, FW2)).isInstanceOf(PreconditionFailedException.class);
        assertThat(hub.calls("twins.patch")).isEqualTo(3);
        assertThat(three.statistics().of(OperationClass.TWIN_UPDATE).failures()).isEqualTo(1);
    }

    @Test
    void patch_otherWriterAppliedTheSameValuesMeanwhile_takesItAsAppliedWithoutResending() {
        hub.failNext("twins.patch", When.BEFORE, () -> {
            hub.patchDirectly("d1", FW2);
            return busy();
        });

        Twin twin = client.twins().patch(D1, FW2);

        assertThat(twin.desired().getString("firmware.version")).contains("2.0");
        assertThat(hub.calls("twins.patch")).isEqualTo(1);
    }

    @Test
    void patch_unconditionalThrottled_isResentAsItIsWithoutReading() {
        long before = hub.twin("d1").version();
        hub.failNext("twins.patch", 2, When.BEFORE, () -> new ThrottledException("twin updates"));

        client.twins().patch(D1, FW2);

        assertThat(hub.twin("d1").version()).isEqualTo(before + 1);
        assertThat(hub.calls("twins.patch")).isEqualTo(3);
        assertThat(hub.calls("twins.get")).isZero();
        assertThat(client.statistics().of(OperationClass.TWIN_UPDATE).throttled()).isEqualTo(2);
    }

    @Test
    void patch_unconditionalKeepsFailing_throwsTheLastFailureAfterMaxAttempts() {
        hub.failNext("twins.patch", 20, When.BEFORE, TwinsTest::busy);

        assertThatThrownBy(() -> client.twins().patch(D1, FW2)).isInstanceOf(ServiceUnavailableException.class);
        assertThat(hub.calls("twins.patch")).isEqualTo(client.retryPolicy().maxAttempts());
        assertThat(hub.calls("twins.get")).isEqualTo(client.retryPolicy().maxAttempts() - 1);
    }

    @Test
    void patch_unconditionalStatistics_countReadsAsTheirOwnCalls() {
        hub.failNext("twins.patch", When.AFTER, TwinsTest::busy);

        client.twins().patch(D1, FW2);

        CallStatistics updates = client.statistics().of(OperationClass.TWIN_UPDATE);
        CallStatistics reads = client.statistics().of(OperationClass.TWIN_READ);
        assertThat(updates.calls()).isEqualTo(1);
        assertThat(updates.attempts()).isEqualTo(1);
        assertThat(updates.retries()).isEqualTo(1);
        assertThat(updates.backoffWait()).isEqualTo(Duration.ofMillis(200));
        assertThat(reads.calls()).isEqualTo(1);
        assertThat(reads.attempts()).isEqualTo(1);
    }

    @Test
    void patch_withETagFailsWith5xx_isRetried() {
        ETag etag = hub.twin("d1").etag();
        hub.failNext("twins.patch", When.BEFORE, TwinsTest::busy);

        Twin twin = client.twins().patch(D1, FW2, etag);

        assertThat(twin.desired().getString("firmware.version")).contains("2.0");
        assertThat(hub.calls("twins.patch")).isEqualTo(2);
        assertThat(hub.calls("twins.get")).isZero();
    }

    @Test
    void patch_withStaleETag_throws412WithoutRetrying() {
        ETag stale = hub.twin("d1").etag();
        hub.patchDirectly("d1", TwinPatch.builder().tag("x", 1).build());

        assertThatThrownBy(() -> client.twins().patch(D1, FW2, stale))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(hub.calls("twins.patch")).isEqualTo(1);
    }

    @Test
    void get_readsFailingRandomly_allSucceedThroughRetries() {
        FakeHub flaky = new FakeHub(clock).withDevice("d1")
                .failShare("twins.get", 0.3, When.BEFORE, TwinsTest::busy, 42);
        FleetClient c = FleetClient.builder().hub(flaky).clock(clock)
                .retryPolicy(RetryPolicy.defaults().withMaxAttempts(12)).build();
        Instant realStart = Instant.now();

        for (int i = 0; i < 200; i++) {
            assertThat(c.twins().get(D1).deviceId()).isEqualTo(D1);
        }

        CallStatistics reads = c.statistics().of(OperationClass.TWIN_READ);
        assertThat(reads.calls()).isEqualTo(200);
        assertThat(reads.attempts()).isEqualTo(flaky.calls("twins.get")).isGreaterThan(200);
        assertThat(reads.retries()).isEqualTo(reads.attempts() - 200);
        assertThat(reads.failures()).isZero();
        // Backoff ran on the virtual clock: the test itself did not sleep through it.
        assertThat(reads.backoffWait()).isGreaterThan(Duration.ofSeconds(5));
        assertThat(Duration.between(realStart, Instant.now())).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void get_missingDevice_throwsDeviceNotFound() {
        assertThatThrownBy(() -> client.twins().get(DeviceId.of("nope")))
                .isInstanceOf(DeviceNotFoundException.class);
    }

    @Test
    void find_missingDevice_isEmptyAndNotAFailure() {
        assertThat(client.twins().find(DeviceId.of("nope"))).isEmpty();
        assertThat(client.twins().find(D1)).isPresent();
        assertThat(client.statistics().of(OperationClass.TWIN_READ).failures()).isZero();
    }
}
