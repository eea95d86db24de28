package dev.fleetops.testkit.emulator;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One request the emulator received and what it did with it, as recorded for assertions and for
 * {@link SpecConformance}. Header maps ignore case. Immutable and thread-safe.
 *
 * @param sequence the order of arrival, from 1
 * @param method the effective HTTP method (PATCH for a POST with {@code X-HTTP-Method-Override: PATCH})
 * @param wireMethod the method on the wire
 * @param path the decoded path, without the query string
 * @param route the matched route, e.g. {@code "PATCH /twins/{id}"}, or empty when no route matched
 * @param query the decoded query parameters
 * @param requestHeaders the request headers
 * @param requestBody the request body, empty for none
 * @param status the answer's status, or 0 when the connection was reset instead
 * @param responseHeaders the headers the emulator set on the answer
 * @param responseBody the answer's body, empty for none
 * @param injected the emulator fault that acted on this request, if one did
 */
public record Exchange(long sequence, String method, String wireMethod, String path, String route,
                       Map<String, List<String>> query, Map<String, List<String>> requestHeaders, String requestBody,
                       int status, Map<String, String> responseHeaders, String responseBody,
                       Optional<EmulatorFault.Kind> injected) {

    /**
     * Validates the record and copies the maps (header maps become case-insensitive).
     *
     * @param sequence the order of arrival
     * @param method the effective method
     * @param wireMethod the method on the wire
     * @param path the decoded path
     * @param route the matched route or empty
     * @param query the query parameters
     * @param requestHeaders the request headers
     * @param requestBody the request body
     * @param status the status, 0 for a reset connection
     * @param responseHeaders the response headers
     * @param responseBody the response body
     * @param injected the fault that acted, if any
     * @throws NullPointerException if a component is null
     */
    public Exchange {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(wireMethod, "wireMethod");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(route, "route");
        query = Map.copyOf(query);
        TreeMap<String, List<String>> rh = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        requestHeaders.forEach((k, v) -> rh.put(k, List.copyOf(v)));
        requestHeaders = Collections.unmodifiableMap(rh);
        Objects.requireNonNull(requestBody, "requestBody");
        TreeMap<String, String> sh = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        sh.putAll(responseHeaders);
        responseHeaders = Collections.unmodifiableMap(sh);
        Objects.requireNonNull(responseBody, "responseBody");
        Objects.requireNonNull(injected, "injected");
    }

    /**
     * Returns the first value of a request header.
     *
     * @param name the header name, any case
     * @return the value, or empty when absent
     */
    public Optional<String> requestHeader(String name) {
        List<String> v = requestHeaders.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /**
     * Returns a response header.
     *
     * @param name the header name, any case
     * @return the value, or empty when absent
     */
    public Optional<String> responseHeader(String name) {
        return Optional.ofNullable(responseHeaders.get(name));
    }

    /**
     * Returns the first value of a query parameter.
     *
     * @param name the parameter name
     * @return the value, or empty when absent
     */
    public Optional<String> queryParam(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /**
     * Tells whether the connection was reset instead of answered.
     *
     * @return true when no answer was sent
     */
    public boolean connectionReset() {
        return status == 0;
    }

    /**
     * Returns a one-line summary for failure messages, e.g. {@code "#3 PATCH /twins/dev1 -> 200"}.
     *
     * @return the summary
     */
    public String summary() {
        return "#" + sequence + " " + method + " " + path + " -> " + (status == 0 ? "connection reset" : status)
                + injected.map(k -> " (injected " + k + ")").orElse("");
    }
}
