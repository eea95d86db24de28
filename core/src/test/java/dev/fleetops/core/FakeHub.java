package dev.fleetops.core;

import dev.fleetops.core.model.JobFilter;
import dev.fleetops.core.model.ETag;
import dev.fleetops.core.error.BadRequestException;
import dev.fleetops.core.error.ConfigurationNotFoundException;
import dev.fleetops.core.error.ConflictException;
import dev.fleetops.core.error.DeviceAlreadyExistsException;
import dev.fleetops.core.error.DeviceNotFoundException;
import dev.fleetops.core.error.JobNotFoundException;
import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.core.error.ThrottledException;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.core.model.BulkItemError;
import dev.fleetops.core.model.BulkOperation;
import dev.fleetops.core.model.BulkResult;
import dev.fleetops.core.model.Configuration;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.DeviceJobResult;
import dev.fleetops.core.model.DeviceStatus;
import dev.fleetops.core.model.JobStatistics;
import dev.fleetops.core.model.JobStatus;
import dev.fleetops.core.model.JobType;
import dev.fleetops.core.model.MethodInvocation;
import dev.fleetops.core.model.MethodResult;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.QueryPage;
import dev.fleetops.core.model.Quota;
import dev.fleetops.core.model.RegistryStatistics;
import dev.fleetops.core.model.ScheduledJob;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.core.spi.ConfigurationService;
import dev.fleetops.core.spi.DeviceRegistry;
import dev.fleetops.core.spi.DirectMethodService;
import dev.fleetops.core.spi.HubBackend;
import dev.fleetops.core.spi.JobService;
import dev.fleetops.core.spi.QueryService;
import dev.fleetops.core.spi.TwinService;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A small in-memory hub for the client's tests (the embedded hub is written elsewhere): devices, twins,
 * configurations and jobs in maps, call counting per method, scripted or random faults thrown before or after a call
 * takes effect, and optional throttling with a sliding window per operation class on a virtual clock. Method names
 * are {@code service.method}, for example {@code twins.patch} or {@code registry.bulk}. Thread-safe (one lock).
 */
public final class FakeHub implements HubBackend {

    /** When an injected fault is thrown: before the call takes effect, or after (the answer is lost). */
    public enum When { BEFORE, AFTER }

    private record Fault(When when, Supplier<? extends RuntimeException> error) {
    }

    private record Share(double share, When when, Supplier<? extends RuntimeException> error, Random random) {
    }

    private final VirtualClock clock;
    private final Map<DeviceId, Device> devices = new TreeMap<>();
    private final Map<DeviceId, Twin> twins = new TreeMap<>();
    private final Map<String, Configuration> configurations = new TreeMap<>();
    private final Map<String, ScheduledJob> jobs = new TreeMap<>();
    private final Map<String, AtomicInteger> calls = new HashMap<>();
    private final Map<String, Deque<Fault>> scripted = new HashMap<>();
    private final Map<String, Share> shares = new HashMap<>();
    private final Map<String, Map<Integer, Fault>> numbered = new HashMap<>();
    private final Map<OperationClass, Quota> limits = new HashMap<>();
    private final Map<OperationClass, List<Long>> accepted = new HashMap<>();
    private final List<Integer> bulkSizes = new ArrayList<>();
    private int etags;

    public FakeHub(VirtualClock clock) {
        this.clock = clock;
    }

    // ---- set-up and inspection ----

    public synchronized FakeHub withDevice(String id) {
        DeviceId deviceId = DeviceId.of(id);
        devices.put(deviceId, Device.builder(deviceId).etag(nextEtag()).build());
        twins.put(deviceId, Twin.builder(deviceId).etag(nextEtag()).build());
        return this;
    }

    public synchronized FakeHub withDevices(int count) {
        for (int i = 0; i < count; i++) {
            withDevice(String.format("dev-%04d", i));
        }
        return this;
    }

    /** Makes the next call of {@code method} throw, before or after it takes effect. */
    public synchronized FakeHub failNext(String method, When when, Supplier<? extends RuntimeException> error) {
        return failNext(method, 1, when, error);
    }

    /** Makes the next {@code times} calls of {@code method} throw. */
    public synchronized FakeHub failNext(String method, int times, When when,
                                         Supplier<? extends RuntimeException> error) {
        Deque<Fault> queue = scripted.computeIfAbsent(method, m -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(new Fault(when, error));
        }
        return this;
    }

    /** Makes call number {@code callNumber} (from 1) of {@code method} throw. */
    public synchronized FakeHub failCall(String method, int callNumber, When when,
                                         Supplier<? extends RuntimeException> error) {
        numbered.computeIfAbsent(method, m -> new HashMap<>()).put(callNumber, new Fault(when, error));
        return this;
    }

    /** Makes a random share of the calls of {@code method} throw (after scripted faults are used up). */
    public synchronized FakeHub failShare(String method, double share, When when,
                                          Supplier<? extends RuntimeException> error, long seed) {
        shares.put(method, new Share(share, when, error, new Random(seed)));
        return this;
    }

    /** Answers 429 when an operation class goes over its quota in any sliding window. */
    public synchronized FakeHub throttle(OperationClass op, Quota quota) {
        limits.put(op, quota);
        return this;
    }

    public synchronized int calls(String method) {
        AtomicInteger n = calls.get(method);
        return n == null ? 0 : n.get();
    }

    public synchronized int totalCalls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public synchronized List<Integer> bulkSizes() {
        return List.copyOf(bulkSizes);
    }

    /** Times (epoch ns) at which calls of a class were accepted, one entry per counted operation. */
    public synchronized List<Long> acceptedTimes(OperationClass op) {
        return List.copyOf(accepted.getOrDefault(op, List.of()));
    }

    /** The most operations of a class accepted in any half-open window [t, t + window). */
    public synchronized int maxInWindow(OperationClass op, Duration window) {
        List<Long> times = accepted.getOrDefault(op, List.of());
        long w = window.toNanos();
        int best = 0;
        int lo = 0;
        for (int hi = 0; hi < times.size(); hi++) {
            while (times.get(hi) - times.get(lo) >= w) {
                lo++;
            }
            best = Math.max(best, hi - lo + 1);
        }
        return best;
    }

    public synchronized Twin twin(String id) {
        return twins.get(DeviceId.of(id));
    }

    public synchronized boolean hasDevice(String id) {
        return devices.containsKey(DeviceId.of(id));
    }

    /** Changes a twin behind the client's back (another writer). */
    public synchronized void patchDirectly(String id, TwinPatch patch) {
        DeviceId deviceId = DeviceId.of(id);
        twins.put(deviceId, applied(twins.get(deviceId), patch));
    }

    // ---- the call wrapper ----

    private <T> T call(String method, OperationClass op, int weight, Supplier<T> effect) {
        Fault fault;
        synchronized (this) {
            int number = calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
            fault = numbered.getOrDefault(method, Map.of()).get(number);
            if (fault == null) {
                fault = nextFault(method);
            }
            if (fault != null && fault.when() == When.BEFORE) {
                throw fault.error().get();
            }
            admit(op, weight);
        }
        T result = effect.get();
        if (fault != null) {
            throw fault.error().get();
        }
        return result;
    }

    private Fault nextFault(String method) {
        Deque<Fault> queue = scripted.get(method);
        if (queue != null && !queue.isEmpty()) {
            return queue.poll();
        }
        Share share = shares.get(method);
        if (share != null && share.random().nextDouble() < share.share()) {
            return new Fault(share.when(), share.error());
        }
        return null;
    }

    private void admit(OperationClass op, int weight) {
        long now = nanos(clock.instant());
        List<Long> times = accepted.computeIfAbsent(op, o -> new ArrayList<>());
        Quota quota = limits.get(op);
        if (quota != null) {
            long from = now - quota.window().toNanos();
            int inWindow = 0;
            for (int i = times.size() - 1; i >= 0 && times.get(i) > from; i--) {
                inWindow++;
            }
            if (inWindow + weight > quota.amount()) {
                throw new ThrottledException(op + " over " + quota.amount() + " per " + quota.window());
            }
        }
        for (int i = 0; i < weight; i++) {
            times.add(now);
        }
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private ETag nextEtag() {
        return ETag.of("e" + (++etags));
    }

    private Twin applied(Twin twin, TwinPatch patch) {
        return twin.toBuilder()
                .tags(twin.tags().merge(patch.tags()))
                .desired(twin.desired().merge(patch.desired()))
                .desiredVersion(twin.desiredVersion() + (patch.desired().isEmpty() ? 0 : 1))
                .version(twin.version() + 1)
                .etag(nextEtag())
                .build();
    }

    @Override
    public String describe() {
        return "fake";
    }

    // ---- services ----

    @Override
    public DeviceRegistry registry() {
        return registry;
    }

    @Override
    public TwinService twins() {
        return twinService;
    }

    @Override
    public QueryService queries() {
        return queryService;
    }

    @Override
    public ConfigurationService configurations() {
        return configurationService;
    }

    @Override
    public JobService jobs() {
        return jobService;
    }

    @Override
    public DirectMethodService methods() {
        return methodService;
    }

    private final DeviceRegistry registry = new DeviceRegistry() {
        @Override
        public Device get(DeviceId id) {
            return call("registry.get", OperationClass.REGISTRY, 1, () -> {
                synchronized (FakeHub.this) {
                    Device d = devices.get(id);
                    if (d == null) {
                        throw new DeviceNotFoundException(id);
                    }
                    return d;
                }
            });
        }

        @Override
        public Device create(Device device) {
            return call("registry.create", OperationClass.REGISTRY, 1, () -> {
                synchronized (FakeHub.this) {
                    return createNow(device);
                }
            });
        }

        @Override
        public Device update(Device device, ETag ifMatch) {
            return call("registry.update", OperationClass.REGISTRY, 1, () -> {
                synchronized (FakeHub.this) {
                    Device d = devices.get(device.id());
                    if (d == null) {
                        throw new DeviceNotFoundException(device.id());
                    }
                    if (!ifMatch.isAny() && !ifMatch.equals(d.etag())) {
                        throw new PreconditionFailedException("device " + device.id() + " changed");
                    }
                    Device updated = device.toBuilder().etag(nextEtag()).build();
                    devices.put(device.id(), updated);
                    return updated;
                }
            });
        }

        @Override
        public boolean delete(DeviceId id, ETag ifMatch) {
            return call("registry.delete", OperationClass.REGISTRY, 1, () -> {
                synchronized (FakeHub.this) {
                    Device d = devices.get(id);
                    if (d == null) {
                        return false;
                    }
                    if (!ifMatch.isAny() && !ifMatch.equals(d.etag())) {
                        throw new PreconditionFailedException("device " + id + " changed");
                    }
                    devices.remove(id);
                    twins.remove(id);
                    return true;
                }
            });
        }

        @Override
        public BulkResult bulk(List<BulkOperation> operations) {
            if (operations.isEmpty() || operations.size() > MAX_BULK) {
                throw new IllegalArgumentException("bulk of " + operations.size());
            }
            Set<DeviceId> ids = new HashSet<>();
            for (BulkOperation op : operations) {
                if (!ids.add(op.device().id())) {
                    throw new IllegalArgumentException("device twice: " + op.device().id());
                }
            }
            return call("registry.bulk", OperationClass.REGISTRY, operations.size(), () -> {
                synchronized (FakeHub.this) {
                    bulkSizes.add(operations.size());
                    List<BulkItemError> errors = new ArrayList<>();
                    for (BulkOperation op : operations) {
                        DeviceId id = op.device().id();
                        Device existing = devices.get(id);
                        switch (op.mode()) {
                            case CREATE:
                                if (existing != null) {
                                    errors.add(new BulkItemError(id, "DeviceAlreadyExists", "exists"));
                                } else {
                                    createNow(op.device());
                                }
                                break;
                            case UPDATE:
                            case UPDATE_IF_MATCH_ETAG:
                                if (existing == null) {
                                    errors.add(new BulkItemError(id, "DeviceNotFound", "absent"));
                                } else if (op.mode().etagGuarded() && !existing.etag().equals(op.device().etag())) {
                                    errors.add(new BulkItemError(id, "PreconditionFailed", "etag"));
                                } else {
                                    devices.put(id, op.device().toBuilder().etag(nextEtag()).build());
                                }
                                break;
                            default:
                                if (existing == null) {
                                    errors.add(new BulkItemError(id, "DeviceNotFound", "absent"));
                                } else if (op.mode().etagGuarded() && !existing.etag().equals(op.device().etag())) {
                                    errors.add(new BulkItemError(id, "PreconditionFailed", "etag"));
                                } else {
                                    devices.remove(id);
                                    twins.remove(id);
                                }
                        }
                    }
                    return new BulkResult(errors.isEmpty(), errors, List.of());
                }
            });
        }

        @Override
        public RegistryStatistics statistics() {
            return call("registry.statistics", OperationClass.REGISTRY, 1, () -> {
                synchronized (FakeHub.this) {
                    long enabled = devices.values().stream().filter(d -> d.status() == DeviceStatus.ENABLED).count();
                    return new RegistryStatistics(devices.size(), enabled, devices.size() - enabled);
                }
            });
        }
    };

    private Device createNow(Device device) {
        if (devices.containsKey(device.id())) {
            throw new DeviceAlreadyExistsException(device.id());
        }
        Device created = device.toBuilder().etag(nextEtag()).build();
        devices.put(device.id(), created);
        twins.put(device.id(), Twin.builder(device.id()).etag(nextEtag()).build());
        return created;
    }

    private final TwinService twinService = new TwinService() {
        @Override
        public Twin get(DeviceId id) {
            return call("twins.get", OperationClass.TWIN_READ, 1, () -> {
                synchronized (FakeHub.this) {
                    Twin t = twins.get(id);
                    if (t == null) {
                        throw new DeviceNotFoundException(id);
                    }
                    return t;
                }
            });
        }

        @Override
        public Twin patch(DeviceId id, TwinPatch patch, ETag ifMatch) {
            return call("twins.patch", OperationClass.TWIN_UPDATE, 1, () -> {
                synchronized (FakeHub.this) {
                    Twin t = twins.get(id);
                    if (t == null) {
                        throw new DeviceNotFoundException(id);
                    }
                    if (!ifMatch.isAny() && !ifMatch.equals(t.etag())) {
                        throw new PreconditionFailedException("twin of " + id + " changed");
                    }
                    Twin updated = applied(t, patch);
                    twins.put(id, updated);
                    return updated;
                }
            });
        }
    };

    private final QueryService queryService = new QueryService() {
        @Override
        public QueryPage<Twin> queryTwins(String query, PageRequest page) {
            return call("queries.twins", OperationClass.QUERY, 1, () -> {
                synchronized (FakeHub.this) {
                    return page(new ArrayList<>(twins.values()), page);
                }
            });
        }

        @Override
        public QueryPage<PropertyTree> queryRaw(String query, PageRequest page) {
            return call("queries.raw", OperationClass.QUERY, 1, () -> {
                synchronized (FakeHub.this) {
                    List<PropertyTree> rows = new ArrayList<>();
                    twins.values().forEach(t -> rows.add(PropertyTree.of(Map.of("deviceId", t.deviceId().value()))));
                    return page(rows, page);
                }
            });
        }
    };

    private static <T> QueryPage<T> page(List<T> all, PageRequest page) {
        int from = page.continuationToken().map(Integer::parseInt).orElse(0);
        if (from > all.size()) {
            throw new BadRequestException("bad continuation token");
        }
        int to = Math.min(all.size(), from + page.pageSize());
        Optional<String> next = to < all.size() ? Optional.of(Integer.toString(to)) : Optional.empty();
        return QueryPage.of(all.subList(from, to), next.orElse(null));
    }

    private final ConfigurationService configurationService = new ConfigurationService() {
        @Override
        public Configuration create(Configuration c) {
            return call("configurations.create", OperationClass.CONFIGURATIONS, 1, () -> {
                synchronized (FakeHub.this) {
                    if (configurations.containsKey(c.id())) {
                        throw new ConflictException("configuration " + c.id() + " exists");
                    }
                    Configuration stored = c.toBuilder().etag(nextEtag()).createdTime(clock.instant()).build();
                    configurations.put(c.id(), stored);
                    return stored;
                }
            });
        }

        @Override
        public Configuration get(String id) {
            return call("configurations.get", OperationClass.CONFIGURATIONS, 1, () -> {
                synchronized (FakeHub.this) {
                    Configuration c = configurations.get(id);
                    if (c == null) {
                        throw new ConfigurationNotFoundException(id);
                    }
                    return c;
                }
            });
        }

        @Override
        public Configuration update(Configuration c, ETag ifMatch) {
            return call("configurations.update", OperationClass.CONFIGURATIONS, 1, () -> {
                synchronized (FakeHub.this) {
                    Configuration old = configurations.get(c.id());
                    if (old == null) {
                        throw new ConfigurationNotFoundException(c.id());
                    }
                    if (!ifMatch.isAny() && !ifMatch.equals(old.etag())) {
                        throw new PreconditionFailedException("configuration " + c.id() + " changed");
                    }
                    Configuration stored = c.toBuilder().etag(nextEtag()).build();
                    configurations.put(c.id(), stored);
                    return stored;
                }
            });
        }

        @Override
        public boolean delete(String id, ETag ifMatch) {
            return call("configurations.delete", OperationClass.CONFIGURATIONS, 1, () -> {
                synchronized (FakeHub.this) {
                    Configuration old = configurations.get(id);
                    if (old == null) {
                        return false;
                    }
                    if (!ifMatch.isAny() && !ifMatch.equals(old.etag())) {
                        throw new PreconditionFailedException("configuration " + id + " changed");
                    }
                    configurations.remove(id);
                    return true;
                }
            });
        }

        @Override
        public List<Configuration> list(int top) {
            return call("configurations.list", OperationClass.CONFIGURATIONS, 1, () -> {
                synchronized (FakeHub.this) {
                    List<Configuration> all = new ArrayList<>(configurations.values());
                    return List.copyOf(all.subList(0, Math.min(top, all.size())));
                }
            });
        }
    };

    private final JobService jobService = new JobService() {
        @Override
        public ScheduledJob scheduleTwinUpdate(String jobId, String queryCondition, TwinPatch patch,
                                               Instant startTime, Duration maxExecutionTime) {
            return call("jobs.scheduleTwinUpdate", OperationClass.JOBS, 1, () -> schedule(new ScheduledJob(jobId,
                    JobType.TWIN_UPDATE, queryCondition, JobStatus.QUEUED, clock.instant(), startTime,
                    Optional.empty(), maxExecutionTime, JobStatistics.NONE, "", Optional.of(patch),
                    Optional.empty())));
        }

        @Override
        public ScheduledJob scheduleDirectMethod(String jobId, String queryCondition, MethodInvocation method,
                                                 Instant startTime, Duration maxExecutionTime) {
            return call("jobs.scheduleDirectMethod", OperationClass.JOBS, 1, () -> schedule(new ScheduledJob(jobId,
                    JobType.DIRECT_METHOD, queryCondition, JobStatus.QUEUED, clock.instant(), startTime,
                    Optional.empty(), maxExecutionTime, JobStatistics.NONE, "", Optional.empty(),
                    Optional.of(method))));
        }

        private ScheduledJob schedule(ScheduledJob job) {
            synchronized (FakeHub.this) {
                if (jobs.containsKey(job.jobId())) {
                    throw new ConflictException("job " + job.jobId() + " exists");
                }
                jobs.put(job.jobId(), job);
                return job;
            }
        }

        @Override
        public ScheduledJob get(String jobId) {
            return call("jobs.get", OperationClass.JOBS, 1, () -> {
                synchronized (FakeHub.this) {
                    ScheduledJob job = jobs.get(jobId);
                    if (job == null) {
                        throw new JobNotFoundException(jobId);
                    }
                    return job;
                }
            });
        }

        @Override
        public ScheduledJob cancel(String jobId) {
            ScheduledJob job = get(jobId);
            return call("jobs.cancel", OperationClass.JOBS, 1, () -> {
                synchronized (FakeHub.this) {
                    if (job.status().isFinal()) {
                        return job;
                    }
                    ScheduledJob cancelled = new ScheduledJob(job.jobId(), job.type(), job.queryCondition(),
                            JobStatus.CANCELLED, job.createdTime(), job.startTime(), Optional.of(clock.instant()),
                            job.maxExecutionTime(), job.statistics(), "", job.twinPatch(), job.method());
                    jobs.put(jobId, cancelled);
                    return cancelled;
                }
            });
        }

        @Override
        public QueryPage<ScheduledJob> list(JobFilter filter, PageRequest page) {
            return call("jobs.list", OperationClass.JOBS, 1, () -> {
                synchronized (FakeHub.this) {
                    List<ScheduledJob> all = new ArrayList<>();
                    for (ScheduledJob j : jobs.values()) {
                        if (filter.test(j)) {
                            all.add(j);
                        }
                    }
                    Collections.reverse(all);
                    return page(all, page);
                }
            });
        }

        @Override
        public QueryPage<DeviceJobResult> deviceResults(String jobId, PageRequest page) {
            return call("jobs.deviceResults", OperationClass.QUERY, 1,
                    () -> QueryPage.<DeviceJobResult>last(List.of()));
        }
    };

    private final DirectMethodService methodService = (id, invocation) ->
            call("methods.invoke", OperationClass.DIRECT_METHOD, 1, () -> {
                synchronized (FakeHub.this) {
                    if (!devices.containsKey(id)) {
                        throw new DeviceNotFoundException(id);
                    }
                    return new MethodResult(200, invocation.payloadJson());
                }
            });
}
