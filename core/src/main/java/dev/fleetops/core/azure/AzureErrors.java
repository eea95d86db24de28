package dev.fleetops.core.azure;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadFormatException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadGatewayException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubConflictException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubGatewayTimeoutException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubInternalServerErrorException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubPreconditionFailedException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubServerBusyException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubTooManyDevicesException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubTooManyRequestsException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubUnauthorizedException;
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
import dev.fleetops.core.error.Redactor;
import dev.fleetops.core.model.DeviceId;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Turns the hub's answers and transport failures into FleetOps exceptions, one mapping for the SDK's
 * {@link IotHubException}s and for the adapter's own REST calls. Messages name the operation and the target, carry
 * the hub's status, error code and (redacted, shortened) text, and never a credential. Stateless and thread-safe.
 */
final class AzureErrors {

    /** Longest piece of the hub's own text kept in a message. */
    private static final int MAX_HUB_TEXT = 300;

    private AzureErrors() {
    }

    /** Maps a failed SDK call. */
    static FleetException fromSdk(IotHubException e, String operation, Target target) {
        int status = statusOf(e);
        String code = sixDigit(e.getErrorCode());
        String hubText = e.getMessage();
        if (code.isEmpty()) {
            // "ErrorCode:DeviceNotOnline;..." bodies: the SDK only knows the HTTP status
            code = codeOfName(nameIn(hubText));
        }
        if (e.getErrorCodeDescription() != null) {
            hubText = e.getErrorCodeDescription() + (hubText == null || hubText.isEmpty() ? "" : ": " + hubText);
        }
        return map(status, code, hubText, Optional.empty(), operation, target);
    }

    /** The HTTP status an SDK exception stands for: its class, else the status inside its error code. */
    static int statusOf(IotHubException e) {
        if (e instanceof IotHubBadFormatException) {
            return 400;
        } else if (e instanceof IotHubUnauthorizedException) {
            return 401;
        } else if (e instanceof IotHubTooManyDevicesException) {
            return 403;
        } else if (e instanceof IotHubNotFoundException) {
            return 404;
        } else if (e instanceof IotHubConflictException) {
            return 409;
        } else if (e instanceof IotHubPreconditionFailedException) {
            return 412;
        } else if (e instanceof IotHubTooManyRequestsException) {
            return 429;
        } else if (e instanceof IotHubInternalServerErrorException) {
            return 500;
        } else if (e instanceof IotHubBadGatewayException) {
            return 502;
        } else if (e instanceof IotHubServerBusyException) {
            return 503;
        } else if (e instanceof IotHubGatewayTimeoutException) {
            return 504;
        }
        int code = e.getErrorCode();
        if (code >= 100_000 && code <= 599_999) {
            return code / 1000;
        }
        if (code >= 100 && code <= 599) {
            return code;
        }
        return 0;
    }

    /** Maps an I/O failure: the call did not complete, so whether the hub applied it is unknown. */
    static TransportException fromIo(IOException e, String operation, Target target) {
        return new TransportException(operation + " " + target.describe() + " did not complete: "
                + Redactor.describe(e), e);
    }

    /** Maps a REST answer with status >= 300. */
    static FleetException fromRest(int status, String body, Optional<String> retryAfterHeader, Clock clock,
                                   String operation, Target target) {
        return fromRest(status, body, Optional.empty(), retryAfterHeader, clock, operation, target);
    }

    /** Maps a REST answer with status >= 300, with the hub's {@code iothub-errorcode} header when it sent one. */
    static FleetException fromRest(int status, String body, Optional<String> errorName,
                                   Optional<String> retryAfterHeader, Clock clock, String operation, Target target) {
        ParsedError parsed = parseBody(body);
        String code = parsed.code;
        if (code.isEmpty()) {
            code = codeOfName(errorName.orElse(nameIn(parsed.text)));
        }
        return map(status, code, parsed.text, retryAfterHeader.flatMap(h -> retryAfter(h, clock)),
                operation, target);
    }

    private static final java.util.regex.Pattern ERROR_NAME = java.util.regex.Pattern.compile(
            "ErrorCode\\s*:\\s*([A-Za-z]+)");

    /** The error name in IoT Hub's {@code "ErrorCode:DeviceNotFound;..."} text, or empty. */
    static String nameIn(String text) {
        if (text == null) {
            return "";
        }
        java.util.regex.Matcher m = ERROR_NAME.matcher(text);
        return m.find() ? m.group(1) : "";
    }

    /**
     * The six-digit code of an IoT Hub error name, for the names whose kind matters to FleetOps (the rest map by
     * HTTP status alone), or empty.
     */
    static String codeOfName(String name) {
        switch (name) {
            case "DeviceNotFound":
                return "404001";
            case "JobNotFound":
                return "404002";
            case "ModuleNotFound":
                return "404010";
            case "DeviceNotOnline":
                return "404103";
            case "DeviceAlreadyExists":
                return "409001";
            case "ModuleAlreadyExistsOnDevice":
                return "409301";
            case "PreconditionFailed":
                return "412002";
            case "IotHubQuotaExceeded":
                return "403002";
            case "DeviceMaximumQueueDepthExceeded":
                return "403004";
            case "IotHubUnauthorizedAccess":
                return "401002";
            case "ArgumentInvalid":
                return "400004";
            case "ArgumentNull":
                return "400005";
            case "IotHubFormatError":
                return "400006";
            case "ThrottlingException":
                return "429001";
            case "ThrottleBacklogLimitExceeded":
                return "429002";
            case "ServerError":
                return "500001";
            case "ServiceUnavailable":
                return "503001";
            case "GatewayTimeout":
                return "504101";
            default:
                return "";
        }
    }

    static FleetException map(int status, String code, String hubText, Optional<Duration> retryAfter,
                              String operation, Target target) {
        String message = operation + " " + target.describe() + ": IoT Hub answered " + status
                + (code.isEmpty() ? "" : " (" + code + ")")
                + (hubText == null || hubText.isBlank() ? "" : ": " + Redactor.redact(hubText.strip(),
                MAX_HUB_TEXT));
        switch (status) {
            case 400:
                return new BadRequestException(code, message);
            case 401:
                return new UnauthorizedException(code, message);
            case 403:
                return new QuotaExceededException(code, message);
            case 404:
                return notFound(code, message, target);
            case 409:
                if (target.kind() == Target.Kind.DEVICE && DeviceId.isValid(target.id())
                        && (code.isEmpty() || code.equals("409001"))) {
                    return new DeviceAlreadyExistsException(DeviceId.of(target.id()));
                }
                return new ConflictException(code, message);
            case 412:
                return new PreconditionFailedException(code, message);
            case 429:
                return new ThrottledException(message, retryAfter.orElse(null));
            default:
                if (status >= 500 && status <= 599) {
                    return new ServiceUnavailableException(status, message);
                }
                return new FleetServiceException(status, code, message);
        }
    }

    private static FleetException notFound(String code, String message, Target target) {
        boolean deviceTarget = target.kind() == Target.Kind.DEVICE || target.kind() == Target.Kind.TWIN
                || target.kind() == Target.Kind.METHOD;
        if (target.kind() == Target.Kind.METHOD && "404103".equals(code) && DeviceId.isValid(target.id())) {
            return new DeviceNotOnlineException(DeviceId.of(target.id()), target.method());
        }
        if (deviceTarget && DeviceId.isValid(target.id())) {
            return new DeviceNotFoundException(DeviceId.of(target.id()));
        }
        if (target.kind() == Target.Kind.JOB && !target.id().isEmpty()) {
            return new JobNotFoundException(target.id());
        }
        if (target.kind() == Target.Kind.CONFIGURATION && !target.id().isEmpty()) {
            return new ConfigurationNotFoundException(target.id());
        }
        return new NotFoundException(code, message);
    }

    /** The six-digit hub code, or empty when the SDK only had the HTTP status (or nothing). */
    static String sixDigit(int code) {
        return code >= 100_000 && code <= 999_999 ? Integer.toString(code) : "";
    }

    /** The hub's code and text from an error body in any of the shapes IoT Hub uses. */
    static ParsedError parseBody(String body) {
        if (body == null || body.isBlank()) {
            return new ParsedError("", "");
        }
        try {
            JsonElement root = JsonParser.parseString(body);
            if (!root.isJsonObject()) {
                return new ParsedError("", body);
            }
            JsonObject o = root.getAsJsonObject();
            String code = numberField(o, "errorCode");
            String text = stringField(o, "message");
            String outer = stringField(o, "Message");
            if (!outer.isEmpty()) {
                text = outer;
                int brace = outer.indexOf('{');
                if (brace >= 0) {
                    // {"Message":"{\"errorCode\":404001,\"message\":\"...\"}","ExceptionMessage":"..."}
                    try {
                        JsonElement inner = JsonParser.parseString(outer.substring(brace));
                        if (inner.isJsonObject()) {
                            String innerCode = numberField(inner.getAsJsonObject(), "errorCode");
                            String innerText = stringField(inner.getAsJsonObject(), "message");
                            code = innerCode.isEmpty() ? code : innerCode;
                            text = innerText.isEmpty() ? text : innerText;
                        }
                    } catch (JsonParseException notJson) {
                        // keep the outer text
                    }
                }
            }
            return new ParsedError(code, text.isEmpty() ? body : text);
        } catch (JsonParseException | IllegalStateException e) {
            return new ParsedError("", body);
        }
    }

    private static String numberField(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
            return sixDigit(e.getAsInt());
        }
        if (e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()
                && e.getAsString().matches("\\d{6}")) {
            return e.getAsString();
        }
        return "";
    }

    private static String stringField(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : "";
    }

    /** Reads {@code Retry-After}: delta seconds, or an HTTP date. */
    static Optional<Duration> retryAfter(String header, Clock clock) {
        String h = header.trim();
        if (h.isEmpty()) {
            return Optional.empty();
        }
        try {
            long seconds = Long.parseLong(h);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(clock.instant(), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    /** An error body's six-digit code (or empty) and text. */
    record ParsedError(String code, String text) {
    }
}
