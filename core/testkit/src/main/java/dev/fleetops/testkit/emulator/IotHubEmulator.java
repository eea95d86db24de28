package dev.fleetops.testkit.emulator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.AdminRequestHandler;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpServer;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.http.StubRequestHandler;
import com.github.tomakehurst.wiremock.jetty.JettyHttpServerFactory;
import com.github.tomakehurst.wiremock.jetty11.Jetty11HttpServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.fleetops.core.error.TransportException;
import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.model.PageRequest;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local IoT Hub for tests: the hub's REST API (api-version 2021-04-12, as iot-service-client 2.1.9 calls it) over
 * HTTPS on {@code 127.0.0.1}, served from an {@link EmbeddedHub}. All state lives in the hub; the emulator
 * translates HTTP to calls of the hub SPI and back, in one WireMock response transformer that dispatches by method
 * and path. The real Azure SDK clients talk to it when built with {@link #hostName()} ({@code "localhost:<port>"})
 * and {@code new AzureSasCredential(emulator.sasToken())}, once the JVM trusts the test certificate
 * ({@link TestTls#install()}).
 *
 * <p>Routes: {@code GET/PUT/DELETE /devices/{id}}, {@code POST /devices} (bulk, at most 100),
 * {@code GET /statistics/devices}, {@code GET /twins/{id}}, {@code PATCH /twins/{id}} (also as POST with
 * {@code X-HTTP-Method-Override: PATCH}), {@code POST /twins/{id}/methods}, {@code POST /devices/query},
 * {@code GET/PUT/DELETE /configurations/{id}}, {@code GET /configurations?top=}, {@code POST
 * /configurations/testQueries}, {@code PUT/GET /jobs/v2/{id}}, {@code POST /jobs/v2/{id}/cancel} and
 * {@code GET /jobs/v2/query}. Every request needs an {@code Authorization} header (any value: signatures are not
 * checked; 401 without one) and {@code api-version=2021-04-12} (400 otherwise). Errors come as IoT Hub sends them
 * ({@link ErrorStyle}), with the {@code iothub-errorcode} header.
 *
 * <p>Tests can inject faults on the wire ({@link #faults()}) and read every exchange ({@link #exchanges()}), for
 * assertions and for {@link SpecConformance}.
 *
 * <p>Thread-safe: requests are served concurrently on WireMock's threads. {@link #close()} stops the server and is
 * idempotent; it does not close the hub. The test certificate and the trust installed by {@link TestTls} are
 * JVM-global, so emulator tests must not run in parallel threads.
 */
public final class IotHubEmulator implements AutoCloseable {

    /** The api-version the emulator serves, the one iot-service-client 2.1.9 sends. */
    public static final String API_VERSION = "2021-04-12";

    /** The name of the shared access policy in {@link #sasToken()}. */
    public static final String POLICY_NAME = "iothubowner";

    /**
     * The shared access key the emulator's SAS tokens are signed with (32 zero bytes, base64). The emulator does not
     * check signatures; this only makes the token well-formed.
     */
    public static final String SHARED_ACCESS_KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    private static final String TRANSFORMER = "fleetops-iothub-emulator";
    private static final Logger LOG = LoggerFactory.getLogger(IotHubEmulator.class);

    private final EmbeddedHub hub;
    private final HubDispatcher dispatcher;
    private final EmulatorFaults faults;
    private final ErrorStyle errorStyle;
    private final boolean record;
    private final List<Exchange> exchanges = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong sequence = new AtomicLong();
    private final WireMockServer server;
    private final TestCertificate certificate;
    private volatile boolean closed;

    private IotHubEmulator(Builder b) {
        this.hub = b.hub;
        this.dispatcher = new HubDispatcher(b.hub, b.maxPageSize);
        this.faults = new EmulatorFaults(b.seed);
        this.errorStyle = b.errorStyle;
        this.record = b.recordExchanges;
        this.certificate = TestCertificate.get();
        WireMockServer s = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .httpDisabled(true)
                .httpsPort(b.port)
                .keystorePath(certificate.keyStore().toString())
                .keystoreType(TestCertificate.STORE_TYPE)
                .keystorePassword(certificate.password())
                .keyManagerPassword(certificate.password())
                .usingFilesUnderDirectory(certificate.directory().resolve("wiremock-unused").toString())
                .disableRequestJournal()
                .stubRequestLoggingDisabled(true)
                .gzipDisabled(true)
                .notifier(new Slf4jNotifier(false))
                .containerThreads(b.threads)
                .jettyAcceptors(1)
                .extensions(new Transformer())
                .httpServerFactory(new GuardedServerFactory()));
        s.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(TRANSFORMER)));
        s.start();
        this.server = s;
    }

    /**
     * Starts an emulator on a free port with the defaults of {@link Builder}.
     *
     * @param hub the hub that holds the state
     * @return the running emulator
     */
    public static IotHubEmulator start(EmbeddedHub hub) {
        return builder(hub).start();
    }

    /**
     * Returns a builder.
     *
     * @param hub the hub that holds the state
     * @return the builder (not thread-safe)
     */
    public static Builder builder(EmbeddedHub hub) {
        return new Builder(hub);
    }

    /**
     * Returns the HTTPS port.
     *
     * @return the port on 127.0.0.1
     */
    public int port() {
        return server.httpsPort();
    }

    /**
     * Returns the host name to give the Azure SDK clients' {@code (hostName, credential)} constructors.
     *
     * @return {@code "localhost:<port>"}
     */
    public String hostName() {
        return "localhost:" + port();
    }

    /**
     * Returns the base URL for direct REST calls.
     *
     * @return {@code "https://localhost:<port>"}
     */
    public String baseUrl() {
        return "https://" + hostName();
    }

    /**
     * Returns a shared access signature for this emulator, as an {@code AzureSasCredential} or an
     * {@code Authorization} header takes it. Well-formed (resource, signature, expiry one year after the hub's
     * clock, policy {@value #POLICY_NAME}) but not checked by the emulator.
     *
     * @return {@code "SharedAccessSignature sr=...&sig=...&se=...&skn=iothubowner"}
     */
    public String sasToken() {
        String resource = URLEncoder.encode(hostName(), StandardCharsets.UTF_8);
        long expiry = hub.clock().instant().plus(Duration.ofDays(365)).getEpochSecond();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(SHARED_ACCESS_KEY), "HmacSHA256"));
            byte[] sig = mac.doFinal((resource + "\n" + expiry).getBytes(StandardCharsets.UTF_8));
            return "SharedAccessSignature sr=" + resource + "&sig="
                    + URLEncoder.encode(Base64.getEncoder().encodeToString(sig), StandardCharsets.UTF_8)
                    + "&se=" + expiry + "&skn=" + POLICY_NAME;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /**
     * Returns the routes the emulator serves, as {@code "METHOD /path/{param}"}; anything else gets 404.
     *
     * @return the routes, in matching order
     */
    public List<String> routes() {
        List<String> out = new ArrayList<>();
        dispatcher.routes().forEach(r -> out.add(r.name()));
        return List.copyOf(out);
    }

    /**
     * Returns the hub behind the emulator.
     *
     * @return the hub given to the builder
     */
    public EmbeddedHub hub() {
        return hub;
    }

    /**
     * Returns the fault injection on the wire.
     *
     * @return the faults (thread-safe)
     */
    public EmulatorFaults faults() {
        return faults;
    }

    /**
     * Returns the test certificate the emulator serves.
     *
     * @return the certificate and its files
     */
    public TestCertificate certificate() {
        return certificate;
    }

    /**
     * Returns the exchanges recorded so far, in order of arrival (empty when recording is off).
     *
     * @return a snapshot copy
     */
    public List<Exchange> exchanges() {
        synchronized (exchanges) {
            return List.copyOf(exchanges);
        }
    }

    /** Forgets the recorded exchanges. */
    public void clearExchanges() {
        exchanges.clear();
    }

    /** Stops the server; idempotent. The hub is left as it is. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            server.stop();
        }
    }

    // ---- serving -----------------------------------------------------------------------------------------------

    private final class Transformer implements ResponseDefinitionTransformerV2 {

        @Override
        public String getName() {
            return TRANSFORMER;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            return serve(event.getRequest());
        }
    }

    private ResponseDefinition serve(Request req) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpHeader h : req.getHeaders().all()) {
            headers.put(h.key(), h.values());
        }
        Outcome outcome = serve(req.getMethod().getName(), req.getUrl(), headers, req.getBody());
        if (outcome.reset()) {
            return ResponseDefinitionBuilder.responseDefinition().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
        }
        HubDispatcher.Reply reply = outcome.reply();
        ResponseDefinitionBuilder b = ResponseDefinitionBuilder.responseDefinition().withStatus(reply.status());
        reply.headers().forEach(b::withHeader);
        if (!reply.body().isEmpty()) {
            b.withBody(reply.body());
        }
        outcome.fault().filter(f -> f.kind() == EmulatorFault.Kind.SLOW)
                .ifPresent(f -> b.withFixedDelay(Math.toIntExact(f.delay().toMillis())));
        return b.build();
    }

    /** What the emulator does with a request: answer it (after an injected delay, if any) or reset the connection. */
    private record Outcome(HubDispatcher.Reply reply, boolean reset, Optional<EmulatorFault> fault) {
    }

    /** Serves and records one request, whichever way it arrived. */
    private Outcome serve(String wireMethodName, String url, Map<String, List<String>> headers, byte[] bodyBytes) {
        long seq = sequence.incrementAndGet();
        String wireMethod = wireMethodName.toUpperCase(Locale.ROOT);
        String override = header(headers, "X-HTTP-Method-Override").orElse("");
        String method = "POST".equals(wireMethod) && !override.isBlank()
                ? override.trim().toUpperCase(Locale.ROOT) : wireMethod;
        int q = url.indexOf('?');
        String rawPath = q < 0 ? url : url.substring(0, q);
        Map<String, List<String>> query;
        Optional<String> badQuery = Optional.empty();
        try {
            query = parseQuery(q < 0 ? "" : url.substring(q + 1));
        } catch (IllegalArgumentException e) {
            // a bad percent-escape: the hub refuses the request; it is answered and recorded like any other
            query = Map.of();
            badQuery = Optional.of("the query string '" + url.substring(q + 1) + "' is not valid: "
                    + e.getMessage());
        }
        List<String> segments = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                segments.add(decodePathSegment(s));
            }
        }
        String path = "/" + String.join("/", segments);
        String body = bodyBytes == null ? "" : new String(bodyBytes, StandardCharsets.UTF_8);
        Optional<HubDispatcher.Route> route = dispatcher.route(method, segments);
        String routeName = route.map(HubDispatcher.Route::name).orElse("");

        HubDispatcher.Reply reply;
        Optional<EmulatorFault> fault = Optional.empty();
        boolean reset = false;
        if (badQuery.isPresent()) {
            reply = error(HubErrors.of(400, "ArgumentInvalid", badQuery.get()), seq);
        } else if (header(headers, "Authorization").filter(s -> !s.isBlank()).isEmpty()) {
            reply = error(HubErrors.of(401, "IotHubUnauthorizedAccess", "the request has no Authorization header"),
                    seq);
        } else if (!query.getOrDefault("api-version", List.of()).contains(API_VERSION)) {
            reply = error(HubErrors.of(400, "InvalidProtocolVersion", "the emulator serves api-version="
                    + API_VERSION + "; the request has " + query.getOrDefault("api-version", List.of())), seq);
        } else if (route.isEmpty()) {
            reply = error(HubErrors.notServed(method, path), seq);
        } else {
            fault = faults.pick(method, path);
            EmulatorFault.Kind kind = fault.map(EmulatorFault::kind).orElse(null);
            if (kind == EmulatorFault.Kind.THROTTLE) {
                reply = error(HubErrors.of(429, "ThrottlingException", "the request was throttled (injected by"
                        + " the emulator)").withRetryAfter(fault.get().retryAfterSeconds()), seq);
            } else if (kind == EmulatorFault.Kind.SERVER_BUSY) {
                reply = error(HubErrors.of(503, "ServerBusy", "the hub is busy (injected by the emulator)"), seq);
            } else if (kind == EmulatorFault.Kind.RESET_BEFORE_PROCESSING) {
                reply = null;
                reset = true;
            } else {
                HubDispatcher.Call call = new HubDispatcher.Call(method, path, segments, query,
                        name -> header(headers, name), body);
                try {
                    reply = dispatcher.dispatch(route.get(), call, e -> error(e, seq));
                } catch (TransportException e) {
                    // the embedded hub's own injected connection faults
                    reply = null;
                    reset = true;
                } catch (RuntimeException e) {
                    // an emulator defect: answer as the hub would, and say so in the log
                    LOG.warn("emulator failed on {} {}: {}", method, path, e.toString(), e);
                    reply = error(HubErrors.of(500, "ServerError", "the emulator failed: " + e), seq);
                }
                if (kind == EmulatorFault.Kind.RESET_AFTER_APPLY) {
                    reset = true;
                } else if (kind == EmulatorFault.Kind.RUN_AFTER_APPLY) {
                    try {
                        fault.get().action().run();
                    } catch (RuntimeException e) {
                        LOG.warn("emulator fault action after {} {} failed: {}", method, path, e.toString(), e);
                    }
                }
            }
        }
        if (reply != null && !reply.body().isEmpty()) {
            Map<String, String> h = new LinkedHashMap<>(reply.headers());
            h.put("Content-Type", "application/json; charset=utf-8");
            reply = new HubDispatcher.Reply(reply.status(), h, reply.body());
        }
        if (record) {
            exchanges.add(new Exchange(seq, method, wireMethod, path, routeName, query,
                    headers, body, reset ? 0 : reply.status(), reset ? Map.of() : reply.headers(),
                    reset ? "" : reply.body(), fault.map(EmulatorFault::kind)));
        }
        return new Outcome(reply, reset, fault);
    }

    /**
     * Tells whether WireMock can read a request's query string: it decodes the query before any extension sees the
     * request and fails on a bad percent-escape with an HTML 500 of Jetty's own. Such requests are served by
     * {@link QueryGuard} instead, so that they get the hub's 400 and are recorded.
     */
    static boolean readableQuery(String rawQuery) {
        try {
            parseQuery(rawQuery == null ? "" : rawQuery);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Serves, in front of WireMock, the requests WireMock cannot read (see {@link #readableQuery(String)}). */
    private final class QueryGuard implements Filter {

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest req = (HttpServletRequest) request;
            if (readableQuery(req.getQueryString())) {
                chain.doFilter(request, response);
                return;
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String name : Collections.list(req.getHeaderNames())) {
                headers.put(name, Collections.list(req.getHeaders(name)));
            }
            byte[] body = req.getInputStream().readAllBytes();
            Outcome outcome = serve(req.getMethod(), req.getRequestURI() + "?" + req.getQueryString(), headers,
                    body);
            HttpServletResponse res = (HttpServletResponse) response;
            res.setStatus(outcome.reply().status());
            outcome.reply().headers().forEach(res::setHeader);
            byte[] answer = outcome.reply().body().getBytes(StandardCharsets.UTF_8);
            res.setContentLength(answer.length);
            res.getOutputStream().write(answer);
        }
    }

    /** WireMock's Jetty server with {@link QueryGuard} in front of the stub servlet. */
    private final class GuardedServerFactory extends JettyHttpServerFactory {

        @Override
        public HttpServer buildHttpServer(Options options, AdminRequestHandler admin, StubRequestHandler stubs) {
            return new Jetty11HttpServer(options, admin, stubs) {
                @Override
                protected void decorateMockServiceContextBeforeConfig(ServletContextHandler context) {
                    context.addFilter(new FilterHolder(new QueryGuard()), "/*", EnumSet.of(DispatcherType.REQUEST));
                }
            };
        }
    }

    private HubDispatcher.Reply error(HubErrors.HubError e, long seq) {
        String tracking = String.format(Locale.ROOT, "%032x", seq);
        String timestamp = WireJson.time(hub.clock().instant());
        Map<String, String> h = new LinkedHashMap<>();
        h.put("iothub-errorcode", e.name());
        e.retryAfterSeconds().ifPresent(s -> h.put("Retry-After", Long.toString(s)));
        return new HubDispatcher.Reply(e.status(), h, HubErrors.body(e, errorStyle, tracking, timestamp));
    }

    private static Optional<String> header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return Optional.of(e.getValue().get(0));
            }
        }
        return Optional.empty();
    }

    private static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    /** Percent-decodes one path segment; unlike form decoding, '+' stays '+'. */
    static String decodePathSegment(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int hex = c == '%' && i + 2 < s.length() ? hexByte(s.charAt(i + 1), s.charAt(i + 2)) : -1;
            if (hex >= 0) {
                out.write(hex);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hexByte(char hi, char lo) {
        int h = Character.digit(hi, 16);
        int l = Character.digit(lo, 16);
        return h < 0 || l < 0 ? -1 : h * 16 + l;
    }

    /** Builds and starts {@link IotHubEmulator}s. Not thread-safe. */
    public static final class Builder {
        private final EmbeddedHub hub;
        private int port;
        private long seed = 42;
        private ErrorStyle errorStyle = ErrorStyle.NUMERIC;
        private boolean recordExchanges = true;
        private int threads = 16;
        private int maxPageSize = PageRequest.MAX_PAGE_SIZE;

        private Builder(EmbeddedHub hub) {
            this.hub = Objects.requireNonNull(hub, "hub");
        }

        /**
         * Sets the HTTPS port; 0 (the default) picks a free one.
         *
         * @param port 0 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port is " + port + "; it must be 0 to 65535");
            }
            this.port = port;
            return this;
        }

        /**
         * Seeds the random source of probabilistic fault rules (default 42).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the shape of error bodies (default {@link ErrorStyle#NUMERIC}, the hub's current one).
         *
         * @param style the style
         * @return this builder
         */
        public Builder errorStyle(ErrorStyle style) {
            this.errorStyle = Objects.requireNonNull(style, "style");
            return this;
        }

        /**
         * Turns recording of exchanges on (the default) or off; a long-running emulator should turn it off.
         *
         * @param record true to record
         * @return this builder
         */
        public Builder recordExchanges(boolean record) {
            this.recordExchanges = record;
            return this;
        }

        /**
         * Sets how many requests are served at once (default 16).
         *
         * @param threads at least 4
         * @return this builder
         */
        public Builder threads(int threads) {
            if (threads < 4) {
                throw new IllegalArgumentException("threads is " + threads + "; WireMock needs at least 4");
            }
            this.threads = threads;
            return this;
        }

        /**
         * Caps the items of a query page ({@code POST /devices/query}, {@code GET /jobs/v2/query}) below what
         * clients ask for in {@code x-ms-max-item-count}, as IoT Hub may: "the service may use a different value if
         * the value specified is not acceptable". A client then gets short pages that still carry a continuation
         * token.
         *
         * @param maxPageSize 1 to {@value PageRequest#MAX_PAGE_SIZE} (the default)
         * @return this builder
         */
        public Builder maxPageSize(int maxPageSize) {
            if (maxPageSize < 1 || maxPageSize > PageRequest.MAX_PAGE_SIZE) {
                throw new IllegalArgumentException("maxPageSize is " + maxPageSize + "; it must be 1 to "
                        + PageRequest.MAX_PAGE_SIZE);
            }
            this.maxPageSize = maxPageSize;
            return this;
        }

        /**
         * Starts the emulator (and generates the test certificate on first use).
         *
         * @return the running emulator
         */
        public IotHubEmulator start() {
            return new IotHubEmulator(this);
        }
    }
}
