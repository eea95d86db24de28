package dev.fleetops.testkit.emulator;

import com.google.gson.JsonObject;
import dev.fleetops.core.error.AccessDeniedException;
import dev.fleetops.core.error.BadRequestException;
import dev.fleetops.core.error.ConfigurationNotFoundException;
import dev.fleetops.core.error.ConflictException;
import dev.fleetops.core.error.DeviceAlreadyExistsException;
import dev.fleetops.core.error.DeviceNotFoundException;
import dev.fleetops.core.error.DeviceNotOnlineException;
import dev.fleetops.core.error.FleetServiceException;
import dev.fleetops.core.error.InvalidQueryException;
import dev.fleetops.core.error.JobNotFoundException;
import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.core.error.QuotaExceededException;
import dev.fleetops.core.error.ThrottledException;
import java.util.Map;
import java.util.Optional;

/**
 * IoT Hub's error answers: a status, an error name (as in {@code iothub-errorcode} and in
 * {@code "ErrorCode:<name>"}), a six-digit code, and a message; mapped from the hub SPI's exceptions. Stateless.
 */
final class HubErrors {

    /** One error answer before rendering; {@code retryAfterSeconds} becomes a {@code Retry-After} header. */
    record HubError(int status, String name, int code, String message, Optional<Long> retryAfterSeconds) {

        HubError withRetryAfter(Optional<Long> seconds) {
            return new HubError(status, name, code, message, seconds);
        }
    }

    /** Codes IoT Hub uses for the names the emulator sends (as far as Microsoft's SDKs document them). */
    private static final Map<String, Integer> CODES = Map.ofEntries(
            Map.entry("ArgumentInvalid", 400004),
            Map.entry("ArgumentNull", 400005),
            Map.entry("IotHubFormatError", 400006),
            Map.entry("DeviceDefinedMultipleTimes", 400011),
            Map.entry("BulkRegistryOperationFailure", 400013),
            Map.entry("InvalidProtocolVersion", 400001),
            Map.entry("CannotModifyImmutableConfigurationContent", 400001),
            Map.entry("IotHubUnauthorizedAccess", 401002),
            Map.entry("IotHubQuotaExceeded", 403002),
            Map.entry("ConfigurationCountLimitExceeded", 403004),
            Map.entry("DeviceNotFound", 404001),
            Map.entry("JobNotFound", 404002),
            Map.entry("ConfigurationNotFound", 404001),
            Map.entry("DeviceNotOnline", 404103),
            Map.entry("GenericNotFound", 404000),
            Map.entry("DeviceAlreadyExists", 409001),
            Map.entry("ConfigurationAlreadyExists", 409001),
            Map.entry("JobAlreadyExists", 409105),
            Map.entry("PreconditionFailed", 412002),
            Map.entry("ThrottlingException", 429001),
            Map.entry("ThrottlingMaxActiveJobCountExceeded", 429004),
            Map.entry("ServerError", 500001),
            Map.entry("GenericBadGateway", 502001),
            Map.entry("ServerBusy", 503003),
            Map.entry("GatewayTimeout", 504101));

    private HubErrors() {
    }

    /** The answer to a request the emulator does not serve (yet): the hub's answer to an unknown route. */
    static HubError notServed(String method, String what) {
        return of(404, "GenericNotFound", "the FleetOps IoT Hub emulator does not serve " + method + " " + what);
    }

    static HubError of(int status, String name, String message) {
        return new HubError(status, name, CODES.getOrDefault(name, status * 1000), message, Optional.empty());
    }

    /**
     * Maps an SPI exception to the hub's answer.
     *
     * @param e the exception
     * @param resource what the route acts on ({@code "configuration"}, {@code "job"}, or anything else for devices)
     */
    static HubError of(RuntimeException e, String resource) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (e instanceof ThrottledException) {
            return of(429, message.startsWith("ThrottlingMaxActiveJobCountExceeded")
                    ? "ThrottlingMaxActiveJobCountExceeded" : "ThrottlingException", message)
                    .withRetryAfter(((ThrottledException) e).retryAfter()
                            .map(d -> d.getSeconds() + (d.getNano() > 0 ? 1 : 0)));
        }
        if (e instanceof DeviceNotOnlineException) {
            return of(404, "DeviceNotOnline", message);
        }
        if (e instanceof DeviceNotFoundException) {
            return of(404, "DeviceNotFound", message);
        }
        if (e instanceof JobNotFoundException) {
            return of(404, "JobNotFound", message);
        }
        if (e instanceof ConfigurationNotFoundException) {
            return of(404, "ConfigurationNotFound", message);
        }
        if (e instanceof DeviceAlreadyExistsException) {
            return of(409, "DeviceAlreadyExists", message);
        }
        if (e instanceof ConflictException) {
            return of(409, "job".equals(resource) ? "JobAlreadyExists"
                    : "configuration".equals(resource) ? "ConfigurationAlreadyExists" : "GenericConflict", message);
        }
        if (e instanceof PreconditionFailedException) {
            return of(412, "PreconditionFailed", message);
        }
        if (e instanceof QuotaExceededException) {
            return of(403, "configuration".equals(resource) ? "ConfigurationCountLimitExceeded"
                    : "IotHubQuotaExceeded", message);
        }
        if (e instanceof BadRequestException) {
            String code = ((BadRequestException) e).errorCode();
            return of(400, "configuration".equals(resource) && "400001".equals(code)
                    ? "CannotModifyImmutableConfigurationContent" : "ArgumentInvalid", message);
        }
        if (e instanceof FleetServiceException) {
            int status = ((FleetServiceException) e).statusCode();
            switch (status) {
                case 401:
                    return of(401, "IotHubUnauthorizedAccess", message);
                case 404:
                    return of(404, "GenericNotFound", message);
                case 500:
                    return of(500, "ServerError", message);
                case 502:
                    return of(502, "GenericBadGateway", message);
                case 503:
                    return of(503, "ServerBusy", message);
                case 504:
                    return of(504, "GatewayTimeout", message);
                default:
                    return of(status, status >= 500 ? "ServerError" : "ArgumentInvalid", message);
            }
        }
        if (e instanceof InvalidQueryException || e instanceof IllegalArgumentException) {
            return of(400, "ArgumentInvalid", message);
        }
        if (e instanceof AccessDeniedException) {
            return of(401, "IotHubUnauthorizedAccess", message);
        }
        return of(500, "ServerError", "the emulator failed: " + e);
    }

    /**
     * The error name of a bulk item: the embedded hub reports names for the common cases and six-digit codes for
     * the rest.
     */
    static String bulkName(String code) {
        if (!code.isEmpty() && Character.isLetter(code.charAt(0))) {
            return code;
        }
        switch (code) {
            case "404001":
                return "DeviceNotFound";
            case "409001":
                return "DeviceAlreadyExists";
            case "412001":
            case "412002":
                return "PreconditionFailed";
            case "403002":
                return "IotHubQuotaExceeded";
            case "400004":
                return "ArgumentInvalid";
            case "429001":
                return "ThrottlingException";
            default:
                break;
        }
        return "GenericBadRequest";
    }

    static String body(HubError error, ErrorStyle style, String trackingId, String timestamp) {
        JsonObject o = new JsonObject();
        if (style == ErrorStyle.NUMERIC) {
            JsonObject inner = new JsonObject();
            inner.addProperty("errorCode", error.code());
            inner.addProperty("trackingId", trackingId);
            inner.addProperty("message", error.message());
            inner.addProperty("timestampUtc", timestamp);
            o.addProperty("Message", WireJson.GSON.toJson(inner));
            o.addProperty("ExceptionMessage", "");
        } else {
            o.addProperty("Message", "ErrorCode:" + error.name() + ";" + error.message());
            o.addProperty("ExceptionMessage", "Tracking ID:" + trackingId + "-TimeStamp:" + timestamp);
        }
        return WireJson.GSON.toJson(o);
    }
}
