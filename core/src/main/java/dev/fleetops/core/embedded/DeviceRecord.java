package dev.fleetops.core.embedded;

import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.Twin;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What the embedded hub stores per device: the twin (which carries the identity fields too), the identity's own
 * version for its ETag, and the status reason. Immutable; replaced on every change.
 */
record DeviceRecord(Twin twin, long identityVersion, String statusReason) {

    Device device() {
        return Device.builder(twin.deviceId())
                .status(twin.status())
                .statusReason(statusReason)
                .authenticationType(twin.authenticationType())
                .connectionState(twin.connectionState())
                .lastActivityTime(twin.lastActivityTime())
                .modelId(twin.modelId())
                .iotEdge(twin.iotEdge())
                .etag(identityEtag(identityVersion))
                .statusUpdatedTime(twin.statusUpdateTime())
                .build();
    }

    /** The twin ETag IoT Hub uses: the base64 of the twin version as eight big-endian bytes. */
    static ETag twinEtag(long version) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) version;
            version >>>= 8;
        }
        return new ETag(Base64.getEncoder().encodeToString(b));
    }

    /** An identity ETag in the form IoT Hub uses: the base64 of a decimal counter. */
    static ETag identityEtag(long identityVersion) {
        return new ETag(Base64.getEncoder().encodeToString(Long.toString(identityVersion)
                .getBytes(StandardCharsets.US_ASCII)));
    }
}
