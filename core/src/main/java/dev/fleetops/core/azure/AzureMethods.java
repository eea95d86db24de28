package dev.fleetops.core.azure;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodRequestOptions;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodResponse;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.MethodInvocation;
import dev.fleetops.core.model.MethodResult;
import dev.fleetops.core.spi.DirectMethodService;

import java.time.Duration;

/**
 * Direct methods over {@code DirectMethodsClient}, each call on a client whose HTTP read timeout covers the method's
 * own timeouts (the SDK's 2.1.9 read timeout bug; see {@link AzureContext#methodsClient(int, int)}). A device that is
 * not connected answers 404103 ({@code DeviceNotOnlineException}); one that does not answer in time, 504. Thread-safe.
 */
final class AzureMethods implements DirectMethodService {

    private final AzureContext ctx;

    AzureMethods(AzureContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public MethodResult invoke(DeviceId id, MethodInvocation invocation) {
        int response = (int) Math.max(1, ceilSeconds(invocation.responseTimeout()));
        int connect = (int) ceilSeconds(invocation.connectTimeout());
        DirectMethodRequestOptions options = DirectMethodRequestOptions.builder()
                .payload(AzureJobs.payload(invocation.payloadJson()))
                .methodResponseTimeoutSeconds(response)
                .methodConnectTimeoutSeconds(connect)
                .build();
        Target target = Target.method(id.value(), invocation.methodName());
        if (HubRest.sdkCannotAddress(id.value())) {
            return invokeOverRest(id, invocation, response, connect, target);
        }
        return ctx.sdk("invoke", target, () -> {
            DirectMethodResponse r = ctx.methodsClient(response, connect)
                    .invoke(id.value(), invocation.methodName(), options);
            com.google.gson.JsonElement payload = r.getPayloadAsJsonElement();
            return new MethodResult(r.getStatus() == null ? 0 : r.getStatus(), Wire.normalisedJson(payload));
        });
    }

    private MethodResult invokeOverRest(DeviceId id, MethodInvocation invocation, int response, int connect,
                                        Target target) {
        JsonObject body = new JsonObject();
        body.addProperty("methodName", invocation.methodName());
        body.addProperty("responseTimeoutInSeconds", response);
        body.addProperty("connectTimeoutInSeconds", connect);
        body.add("payload", AzureJobs.payload(invocation.payloadJson()));
        ctx.checkOpen();
        Duration timeout = Duration.ofSeconds(Math.max(ctx.readTimeoutSeconds,
                response + connect + AzureContext.METHOD_READ_MARGIN_SECONDS));
        HubRest.Response r = ctx.rest.send(timeout, "POST", AzureTwins.twinPath(id) + "/methods", body.toString(),
                "invoke", target);
        return AzureContext.read("invoke", target, r.body(), json -> {
            JsonObject o = JsonParser.parseString(json).getAsJsonObject();
            int status = o.has("status") && !o.get("status").isJsonNull() ? o.get("status").getAsInt() : 0;
            JsonElement payload = o.get("payload");
            return new MethodResult(status, payload == null ? "null" : payload.toString());
        });
    }

    private static long ceilSeconds(java.time.Duration d) {
        return d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    }
}
