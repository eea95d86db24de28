package dev.fleetops.core.azure;

import com.microsoft.azure.sdk.iot.service.methods.DirectMethodRequestOptions;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodResponse;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.MethodInvocation;
import dev.fleetops.core.model.MethodResult;
import dev.fleetops.core.spi.DirectMethodService;

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
        return ctx.sdk("invoke", target, () -> {
            DirectMethodResponse r = ctx.methodsClient(response, connect)
                    .invoke(id.value(), invocation.methodName(), options);
            String payload = r.getPayloadAsJsonString();
            return new MethodResult(r.getStatus() == null ? 0 : r.getStatus(), payload == null ? "null" : payload);
        });
    }

    private static long ceilSeconds(java.time.Duration d) {
        return d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    }
}
