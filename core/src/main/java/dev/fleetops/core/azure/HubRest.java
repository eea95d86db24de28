package dev.fleetops.core.azure;

import dev.fleetops.core.error.FleetException;
import dev.fleetops.core.error.TransportException;

import dev.fleetops.core.spi.Attempts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The adapter's own REST calls to IoT Hub's service API (api-version {@value #API_VERSION}), for what the SDK lacks
 * or gets wrong. One {@link HttpClient} over HTTP/1.1 with the JVM's default {@code SSLContext} (as the SDK's
 * {@code HttpsURLConnection} uses the JVM defaults), the same credentials as the SDK clients, and single attempts:
 * retries belong to {@code FleetClient}. A 429 carries its {@code Retry-After}. ETags go in {@code If-Match} as the
 * hub gave them, as the SDK sends them. Thread-safe.
 */
final class HubRest {

    static final String API_VERSION = "2021-04-12";

    private final HttpClient http;
    private final String endpoint;
    private final Credentials credentials;
    private final Duration readTimeout;
    private final Clock clock;
    private final String userAgent;

    HubRest(String endpoint, Credentials credentials, Duration connectTimeout, Duration readTimeout, Clock clock) {
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.readTimeout = readTimeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        Package p = HubRest.class.getPackage();
        String version = p == null || p.getImplementationVersion() == null ? "dev" : p.getImplementationVersion();
        this.userAgent = "fleetops-core/" + version + " (java " + Runtime.version().feature() + ")";
    }

    /** An answer with status below 300 (or a 4xx the caller allowed), with its headers. */
    record Response(int status, String body, HttpHeaders headers) {

        /** The first value of a header, any case. */
        Optional<String> header(String name) {
            return headers.firstValue(name);
        }
    }

    /**
     * Sends one request and returns the answer when its status is below 300; throws the mapped exception otherwise.
     *
     * @param method GET, PUT, POST or DELETE
     * @param path the path with its segments already encoded, starting with '/'
     * @param body the JSON body, or null
     * @param ifMatch the {@code If-Match} header, or null
     * @param extraHeaders further header name/value pairs
     */
    Response send(String method, String path, String body, String ifMatch, String operation, Target target,
                  String... extraHeaders) {
        return exchange(method, path, body, ifMatch, operation, target, false, readTimeout, extraHeaders);
    }

    /** Like {@link #send}, with a read timeout of its own (direct methods wait as long as the method may take). */
    Response send(Duration timeout, String method, String path, String body, String operation, Target target) {
        return exchange(method, path, body, null, operation, target, false, timeout);
    }

    /** Like {@link #send}, but returns 4xx answers too (the bulk call answers 400 with per-device errors). */
    Response sendAllowingClientErrors(String method, String path, String body, String operation, Target target) {
        return exchange(method, path, body, null, operation, target, true, readTimeout);
    }

    private Response exchange(String method, String path, String body, String ifMatch, String operation,
                              Target target, boolean allowClientErrors, Duration timeout, String... extraHeaders) {
        // The client's attempt bounds the request too: its attempt timeout, or the time left before its deadline.
        Duration bounded = Attempts.current().map(a -> a.timeout().compareTo(timeout) < 0 ? a.timeout() : timeout)
                .orElse(timeout);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .timeout(bounded)
                .header("Authorization", credentials.authorization())
                .header("Accept", "application/json")
                .header("User-Agent", userAgent);
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        for (int i = 0; i + 1 < extraHeaders.length; i += 2) {
            b.header(extraHeaders[i], extraHeaders[i + 1]);
        }
        if (body != null) {
            b.header("Content-Type", "application/json; charset=utf-8");
            b.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> answer;
        try {
            answer = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw AzureErrors.fromIo(e, operation, target);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(operation + " " + target.describe() + " was interrupted", e);
        }
        int status = answer.statusCode();
        if (status < 300 || (allowClientErrors && status >= 400 && status < 500 && status != 429
                && status != 401 && status != 404)) {
            return new Response(status, answer.body() == null ? "" : answer.body(), answer.headers());
        }
        Optional<String> retryAfter = answer.headers().firstValue("Retry-After");
        FleetException mapped = AzureErrors.fromRest(status, answer.body(),
                answer.headers().firstValue("iothub-errorcode"), retryAfter, clock, operation, target);
        throw mapped;
    }

    private URI uri(String path) {
        String sep = path.contains("?") ? "&" : "?";
        return URI.create("https://" + endpoint + path + sep + "api-version=" + API_VERSION);
    }

    /**
     * Tells whether the SDK would send a broken URL for this id: it puts ids into paths without encoding, so a
     * {@code #}, {@code ?} or {@code %} (all legal in device and configuration ids) would end the path, start the
     * query or start an escape. Calls for such ids go over REST, which encodes them.
     */
    static boolean sdkCannotAddress(String id) {
        return id.indexOf('#') >= 0 || id.indexOf('?') >= 0 || id.indexOf('%') >= 0;
    }

    /** Percent-encodes one path segment (device, job or configuration id): everything but RFC 3986 unreserved. */
    static String segment(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (unreserved) {
                sb.append(c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
