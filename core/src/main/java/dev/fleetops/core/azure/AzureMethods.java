package dev.fleetops.core.azure;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.MethodInvocation;
import dev.fleetops.core.model.MethodResult;
import dev.fleetops.core.spi.DirectMethodService;

import java.time.Duration;

/**
 * Direct methods over the adapter's own REST call ({@code POST /twins/{id}/methods}), not the SDK's
 * {@code DirectMethodsClient}, for two reasons:
 * <ul>
 *   <li>the SDK's {@code HttpsURLConnection} sends a POST a second time by itself when the connection drops before
 *       the answer ({@code sun.net.http.retryPost} is true by default), so the device's method could run twice
 *       without {@code FleetClient} knowing; {@code java.net.http} re-sends only GET and HEAD, so a lost answer
 *       reaches {@code FleetClient} as a {@link dev.fleetops.core.error.TransportException}, and a direct method is
 *       never repeated;</li>
 *   <li>in iot-service-client 2.1.9 the HTTP read timeout caps the call whatever the method's own timeouts; here
 *       the call waits for the method's response and connect timeouts plus {@value #READ_MARGIN_SECONDS} seconds,
 *       or the backend's read timeout if that is longer.</li>
 * </ul>
 * A device that is not connected answers 404103 ({@code DeviceNotOnlineException}); one that does not answer in
 * time, 504. Thread-safe.
 */
final class AzureMethods implements DirectMethodService {

    /** Head room over the method's own timeouts for the HTTP read timeout of a direct method call, in seconds. */
    static final int READ_MARGIN_SECONDS = 10;

    private final AzureContext ctx;

    AzureMethods(AzureContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public MethodResult invoke(DeviceId id, MethodInvocation invocation) {
        int response = (int) Math.max(1, ceilSeconds(invocation.responseTimeout()));
        int connect = (int) ceilSeconds(invocation.connectTimeout());
        Target target = Target.method(id.value(), invocation.methodName());
        JsonObject body = new JsonObject();
        body.addProperty("methodName", invocation.methodName());
        body.addProperty("responseTimeoutInSeconds", response);
        body.addProperty("connectTimeoutInSeconds", connect);
        body.add("payload", AzureJobs.payload(invocation.payloadJson()));
        ctx.checkOpen();
        HubRest.Response r = ctx.rest.send(readTimeout(response, connect), "POST",
                AzureTwins.twinPath(id) + "/methods", body.toString(), "invoke", target);
        return AzureContext.read("invoke", target, r.body(), json -> {
            JsonObject o = JsonParser.parseString(json).getAsJsonObject();
            int status = o.has("status") && !o.get("status").isJsonNull() ? o.get("status").getAsInt() : 0;
            JsonElement payload = o.get("payload");
            return new MethodResult(status, payload == null ? "null" : payload.toString());
        });
    }

    /** How long the call waits for the hub's answer: the method's timeouts plus a margin, at least the default. */
    Duration readTimeout(int responseTimeoutSeconds, int connectTimeoutSeconds) {
        return Duration.ofSeconds(Math.max(ctx.readTimeoutSeconds,
                responseTimeoutSeconds + connectTimeoutSeconds + READ_MARGIN_SECONDS));
    }

    private static long ceilSeconds(Duration d) {
        return d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    }
}
