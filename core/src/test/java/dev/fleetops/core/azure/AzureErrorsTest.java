package dev.fleetops.core.azure;

import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubExceptionManager;
import com.microsoft.azure.sdk.iot.service.transport.http.HttpResponse;
import dev.fleetops.core.error.BadRequestException;
import dev.fleetops.core.error.ConfigurationNotFoundException;
import dev.fleetops.core.error.ConflictException;
import dev.fleetops.core.error.DeviceAlreadyExistsException;
import dev.fleetops.core.error.DeviceNotFoundException;
import dev.fleetops.core.error.DeviceNotOnlineException;
import dev.fleetops.core.error.FleetException;
import dev.fleetops.core.error.FleetServiceException;
import dev.fleetops.core.error.JobNotFoundException;
import dev.fleetops.core.error.NotFoundException;
import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.core.error.QuotaExceededException;
import dev.fleetops.core.error.ServiceUnavailableException;
import dev.fleetops.core.error.ThrottledException;
import dev.fleetops.core.error.TransportException;
import dev.fleetops.core.error.UnauthorizedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AzureErrorsTest {

    /** The exception the SDK throws for an answer, made by the SDK's own mapping. */
    private static IotHubException sdk(int status, String body) {
        try {
            IotHubExceptionManager.httpResponseVerification(new HttpResponse(status, new byte[0], Map.of(),
                    body.getBytes(StandardCharsets.UTF_8)));
        } catch (IotHubException e) {
            return e;
        }
        throw new AssertionError("no exception for status " + status);
    }

    private static String named(String name) {
        return "{\"Message\":\"ErrorCode:" + name + ";the hub's text\",\"ExceptionMessage\":\"Tracking ID:1\"}";
    }

    private static String numeric(int code) {
        return "{\"Message\":\"{\\\"errorCode\\\":" + code + ",\\\"message\\\":\\\"the hub's text\\\"}\","
                + "\"ExceptionMessage\":\"\"}";
    }

    @ParameterizedTest
    @CsvSource({
        "400, ArgumentInvalid, dev.fleetops.core.error.BadRequestException",
        "401, IotHubUnauthorizedAccess, dev.fleetops.core.error.UnauthorizedException",
        "403, IotHubQuotaExceeded, dev.fleetops.core.error.QuotaExceededException",
        "404, DeviceNotFound, dev.fleetops.core.error.DeviceNotFoundException",
        "409, DeviceAlreadyExists, dev.fleetops.core.error.DeviceAlreadyExistsException",
        "412, PreconditionFailed, dev.fleetops.core.error.PreconditionFailedException",
        "429, ThrottlingException, dev.fleetops.core.error.ThrottledException",
        "500, ServerError, dev.fleetops.core.error.ServiceUnavailableException",
        "502, GenericBadGateway, dev.fleetops.core.error.ServiceUnavailableException",
        "503, ServerBusy, dev.fleetops.core.error.ServiceUnavailableException",
        "504, GatewayTimeout, dev.fleetops.core.error.ServiceUnavailableException",
        "413, MessageTooLarge, dev.fleetops.core.error.FleetServiceException",
    })
    void fromSdk_statusSelectsTheException(int status, String name, String type) throws Exception {
        FleetException e = AzureErrors.fromSdk(sdk(status, named(name)), "get", Target.device("d1"));

        assertThat(e).isExactlyInstanceOf(Class.forName(type));
        assertThat(((FleetServiceException) e).statusCode()).isEqualTo(status);
        assertThat(e.retryable()).isEqualTo(status == 429 || status >= 500);
    }

    @Test
    void fromSdk_numericBody_keepsTheSixDigitCode() {
        FleetException e = AzureErrors.fromSdk(sdk(404, numeric(404001)), "get", Target.device("d1"));

        assertThat(e).isInstanceOfSatisfying(DeviceNotFoundException.class,
                d -> assertThat(d.errorCode()).isEqualTo("404001"));
    }

    @Test
    void fromSdk_messageNamesOperationTargetStatusAndHubText() {
        FleetException e = AzureErrors.fromSdk(sdk(400, named("ArgumentInvalid")), "create", Target.device("d1"));

        assertThat(e.getMessage()).startsWith("create device 'd1': IoT Hub answered 400 (400004)")
                .contains("the hub's text");
        assertThat(((BadRequestException) e).errorCode()).isEqualTo("400004");
    }

    @Test
    void notFound_dependsOnWhatWasAddressed() {
        assertThat(AzureErrors.fromSdk(sdk(404, named("JobNotFound")), "get", Target.job("j1")))
                .isInstanceOf(JobNotFoundException.class).hasMessageContaining("j1");
        assertThat(AzureErrors.fromSdk(sdk(404, named("ConfigurationNotFound")), "get", Target.configuration("c1")))
                .isInstanceOf(ConfigurationNotFoundException.class);
        assertThat(AzureErrors.fromSdk(sdk(404, named("GenericNotFound")), "query", Target.query()))
                .isExactlyInstanceOf(NotFoundException.class);
        assertThat(AzureErrors.fromSdk(sdk(404, named("DeviceNotFound")), "invoke", Target.method("d1", "m")))
                .isInstanceOf(DeviceNotFoundException.class);
    }

    @Test
    void deviceNotOnline_namedOrNumeric_forAMethod() {
        assertThat(AzureErrors.fromSdk(sdk(404, named("DeviceNotOnline")), "invoke", Target.method("d1", "reboot")))
                .isInstanceOf(DeviceNotOnlineException.class).hasMessageContaining("reboot");
        assertThat(AzureErrors.fromSdk(sdk(404, numeric(404103)), "invoke", Target.method("d1", "reboot")))
                .isInstanceOf(DeviceNotOnlineException.class);
    }

    @Test
    void conflict_isDeviceAlreadyExistsOnlyForDevices() {
        assertThat(AzureErrors.fromSdk(sdk(409, named("DeviceAlreadyExists")), "create", Target.device("d1")))
                .isInstanceOf(DeviceAlreadyExistsException.class);
        assertThat(AzureErrors.fromSdk(sdk(409, named("JobAlreadyExists")), "schedule", Target.job("j")))
                .isExactlyInstanceOf(ConflictException.class);
    }

    @Test
    void fromRest_throttle_readsRetryAfterSecondsOrDate() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

        FleetException seconds = AzureErrors.fromRest(429, named("ThrottlingException"), Optional.of("12"), clock,
                "get", Target.twin("d1"));
        FleetException date = AzureErrors.fromRest(429, "", Optional.of("Thu, 01 Jan 2026 00:00:30 GMT"), clock,
                "get", Target.twin("d1"));
        FleetException none = AzureErrors.fromRest(429, "", Optional.empty(), clock, "get", Target.twin("d1"));

        assertThat(((ThrottledException) seconds).retryAfter()).contains(Duration.ofSeconds(12));
        assertThat(((ThrottledException) date).retryAfter()).contains(Duration.ofSeconds(30));
        assertThat(((ThrottledException) none).retryAfter()).isEmpty();
        assertThat(AzureErrors.retryAfter("soon", clock)).isEmpty();
    }

    @Test
    void fromRest_errorNameHeader_givesTheCode() {
        FleetException e = AzureErrors.fromRest(404, "{\"Message\":\"gone\"}", Optional.of("DeviceNotOnline"),
                Optional.empty(), Clock.systemUTC(), "invoke", Target.method("d1", "m"));

        assertThat(e).isInstanceOf(DeviceNotOnlineException.class);
    }

    @Test
    void fromRest_bodyShapes() {
        assertThat(AzureErrors.parseBody("{\"errorCode\":412002,\"message\":\"etag\"}"))
                .isEqualTo(new AzureErrors.ParsedError("412002", "etag"));
        assertThat(AzureErrors.parseBody(numeric(404001))).isEqualTo(new AzureErrors.ParsedError("404001",
                "the hub's text"));
        assertThat(AzureErrors.parseBody("<html>Length Required</html>"))
                .isEqualTo(new AzureErrors.ParsedError("", "<html>Length Required</html>"));
        assertThat(AzureErrors.parseBody("")).isEqualTo(new AzureErrors.ParsedError("", ""));
        assertThat(AzureErrors.fromRest(412, "{\"errorCode\":412002}", Optional.empty(), Clock.systemUTC(),
                "patch", Target.twin("d1"))).isInstanceOf(PreconditionFailedException.class);
        assertThat(AzureErrors.fromRest(401, "", Optional.empty(), Clock.systemUTC(), "get", Target.twin("d1")))
                .isInstanceOf(UnauthorizedException.class);
        assertThat(AzureErrors.fromRest(403, "", Optional.empty(), Clock.systemUTC(), "create",
                Target.device("d1"))).isInstanceOf(QuotaExceededException.class);
        assertThat(AzureErrors.fromRest(503, "", Optional.empty(), Clock.systemUTC(), "get", Target.twin("d1")))
                .isInstanceOf(ServiceUnavailableException.class);
    }

    @Test
    void hubText_isRedacted() {
        String body = "{\"Message\":\"ErrorCode:IotHubUnauthorizedAccess;token SharedAccessSignature "
                + "sr=h&sig=TOPSECRETSIG&se=1&skn=p rejected\"}";

        FleetException e = AzureErrors.fromRest(401, body, Optional.empty(), Clock.systemUTC(), "get",
                Target.twin("d1"));

        assertThat(e.getMessage()).doesNotContain("TOPSECRETSIG").contains("sig=***");
    }

    @Test
    void fromIo_isRetryableTransportNamingTheCall() {
        TransportException e = AzureErrors.fromIo(new SocketTimeoutException("Read timed out"), "invoke",
                Target.method("d1", "reboot"));

        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).isEqualTo("invoke method 'reboot' on device 'd1' did not complete: "
                + "SocketTimeoutException: Read timed out");
        assertThat(e.getCause()).isInstanceOf(IOException.class);
    }

    @Test
    void statusOf_plainIotHubException_usesTheCode() {
        assertThat(AzureErrors.statusOf(new IotHubException(411, "Length Required"))).isEqualTo(411);
        assertThat(AzureErrors.statusOf(new IotHubException(404001, "x"))).isEqualTo(404);
        assertThat(AzureErrors.statusOf(new IotHubException("x"))).isZero();
    }
}
