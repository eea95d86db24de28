package dev.fleetops.core.azure;

/**
 * What a hub call acts on, so that a 404 or 409 becomes the right exception ({@code DeviceNotFoundException},
 * {@code JobNotFoundException}, ...) and messages name the operation and its target. Immutable.
 *
 * @param kind the kind of resource
 * @param id its id (device, job or configuration id), or empty
 * @param method the direct method's name, for {@link Kind#METHOD}; otherwise empty
 */
record Target(Kind kind, String id, String method) {

    /** The kinds of resource a call acts on. */
    enum Kind {
        DEVICE, TWIN, METHOD, JOB, CONFIGURATION, QUERY, REGISTRY
    }

    static Target device(String id) {
        return new Target(Kind.DEVICE, id, "");
    }

    static Target twin(String id) {
        return new Target(Kind.TWIN, id, "");
    }

    static Target method(String deviceId, String method) {
        return new Target(Kind.METHOD, deviceId, method);
    }

    static Target job(String id) {
        return new Target(Kind.JOB, id, "");
    }

    static Target configuration(String id) {
        return new Target(Kind.CONFIGURATION, id, "");
    }

    static Target query() {
        return new Target(Kind.QUERY, "", "");
    }

    static Target registry() {
        return new Target(Kind.REGISTRY, "", "");
    }

    /** For messages: {@code device 'd1'}, {@code job 'j1'}, {@code the hub}. */
    String describe() {
        switch (kind) {
            case DEVICE:
                return "device '" + id + "'";
            case TWIN:
                return "twin of device '" + id + "'";
            case METHOD:
                return "method '" + method + "' on device '" + id + "'";
            case JOB:
                return "job '" + id + "'";
            case CONFIGURATION:
                return "configuration '" + id + "'";
            default:
                return "the hub";
        }
    }
}
