package dev.fleetops.core.model;

/**
 * The connection state IoT Hub reports for a device. IoT Hub updates it only for MQTT and AMQP connections and it
 * can lag by up to five minutes, so treat it as a hint. Thread-safe.
 */
public enum ConnectionState {
    /** Connected as far as the hub knows. */
    CONNECTED,
    /** Disconnected, or never connected. */
    DISCONNECTED
}
