package dev.fleetops.testkit.emulator;

/**
 * How the emulator writes error bodies. IoT Hub answers errors in two shapes; iot-service-client 2.1.9 reads the
 * six-digit error code only from the second. Both carry the error name in the {@code iothub-errorcode} header.
 */
public enum ErrorStyle {
    /**
     * {@code {"Message":"ErrorCode:DeviceNotFound;<text>","ExceptionMessage":"Tracking ID:<id>-TimeStamp:<time>"}}:
     * the older shape; the SDK's {@code IotHubException.getErrorCode()} is then the HTTP status.
     */
    NAMED,
    /**
     * {@code {"Message":"{\"errorCode\":404001,\"trackingId\":...,\"message\":...,\"timestampUtc\":...}",
     * "ExceptionMessage":""}}: the hub's current shape, and the default; the SDK's {@code getErrorCode()} is then the
     * six-digit code (for example 404103 for {@code DeviceNotOnline}).
     */
    NUMERIC
}
