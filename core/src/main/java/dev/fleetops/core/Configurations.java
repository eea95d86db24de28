package dev.fleetops.core;

import dev.fleetops.core.internal.Caller;
import dev.fleetops.core.call.Action;
import dev.fleetops.core.error.AccessDeniedException;
import dev.fleetops.core.error.BadRequestException;
import dev.fleetops.core.error.ConfigurationNotFoundException;
import dev.fleetops.core.error.ConflictException;
import dev.fleetops.core.error.FleetException;
import dev.fleetops.core.error.InvalidQueryException;
import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.core.error.QuotaExceededException;
import dev.fleetops.core.call.Safety;
import dev.fleetops.core.query.CompiledCondition;
import dev.fleetops.core.query.CompiledQuery;
import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.Configuration;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.spi.ConfigurationService;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Automatic device management configurations, through a {@link FleetClient}: every call is authorized, paced as a
 * configuration operation (IoT Hub allows 20 per minute per unit), retried as its safety allows and, when it
 * changes something, audited. Obtain it with {@link FleetClient#configurations()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Configurations {

    private final ClientCore core;
    private final Caller caller;

    Configurations(ClientCore core, Caller caller) {
        this.core = core;
        this.caller = caller;
    }

    private ConfigurationService service() {
        return core.hub.configurations();
    }

    private static String target(String id) {
        return "configuration:" + id;
    }

    /**
     * Creates a configuration. Not repeated after an ambiguous failure (a repeat would fail with a conflict);
     * throttled attempts are repeated.
     *
     * @param configuration the configuration; hub-assigned fields are ignored
     * @return the configuration as stored, with its ETag
     * @throws ConflictException if the id exists
     * @throws QuotaExceededException if the hub holds its maximum number of configurations
     * @throws InvalidQueryException if the target condition or a metric query is not valid
     * @throws AccessDeniedException if the operator may not create configurations
     * @throws FleetException for other failures of the hub
     */
    public Configuration create(Configuration configuration) {
        Objects.requireNonNull(configuration, "configuration");
        checkQueries(configuration);
        return core.gatekeeper.run(caller, Action.CONFIGURATION_CREATE, target(configuration.id()),
                describe(configuration), corr -> core.policy.execute(OperationClass.CONFIGURATIONS, Safety.UNSAFE, 1,
                        "configuration.create id=" + configuration.id(), corr,
                        () -> service().create(configuration)));
    }

    /**
     * Reads a configuration with its current metrics.
     *
     * @param id the configuration id
     * @return the configuration
     * @throws ConfigurationNotFoundException if there is none
     * @throws AccessDeniedException if the operator may not read configurations
     * @throws FleetException for other failures of the hub, after retries
     */
    public Configuration get(String id) {
        Objects.requireNonNull(id, "id");
        return core.gatekeeper.run(caller, Action.CONFIGURATION_READ, target(id), "", corr ->
                core.policy.execute(OperationClass.CONFIGURATIONS, Safety.IDEMPOTENT, 1, "configuration.get id=" + id,
                        corr, () -> service().get(id)));
    }

    /**
     * Reads a configuration if it exists.
     *
     * @param id the configuration id
     * @return the configuration, or empty when there is none
     * @throws AccessDeniedException if the operator may not read configurations
     * @throws FleetException for other failures of the hub, after retries
     */
    public Optional<Configuration> find(String id) {
        Objects.requireNonNull(id, "id");
        return core.gatekeeper.run(caller, Action.CONFIGURATION_READ, target(id), "", corr ->
                core.policy.execute(OperationClass.CONFIGURATIONS, Safety.IDEMPOTENT, 1, "configuration.get id=" + id,
                        corr, () -> {
                            try {
                                return Optional.of(service().get(id));
                            } catch (ConfigurationNotFoundException e) {
                                return Optional.<Configuration>empty();
                            }
                        }));
    }

    /**
     * Changes a configuration's target condition, priority, labels or metric queries, unconditionally. Idempotent,
     * so retried after ambiguous failures.
     *
     * @param configuration the new state
     * @return the configuration as stored, with its new ETag
     * @throws ConfigurationNotFoundException if there is none
     * @throws BadRequestException if the content differs from the stored content
     * @throws AccessDeniedException if the operator may not update configurations
     * @throws FleetException for other failures of the hub, after retries
     */
    public Configuration update(Configuration configuration) {
        return update(configuration, ETag.ANY);
    }

    /**
     * Changes a configuration if its ETag still matches. After an ambiguous failure the update is sent again with
     * the same ETag; if the lost attempt had been applied, the hub refuses the repeat with 412, and the client reads
     * the configuration back: when it shows this update's target condition, priority, labels and metrics, the call
     * succeeds with it; otherwise {@link PreconditionFailedException} stands. With {@link ETag#ANY} the update is
     * unconditional and behaves as {@link #update(Configuration)}.
     *
     * @param configuration the new state
     * @param ifMatch the ETag it must still have, or {@link ETag#ANY}
     * @return the configuration as stored, with its new ETag
     * @throws ConfigurationNotFoundException if there is none
     * @throws PreconditionFailedException if the ETag no longer matches
     * @throws BadRequestException if the content differs from the stored content
     * @throws AccessDeniedException if the operator may not update configurations
     * @throws FleetException for other failures of the hub, after retries
     */
    public Configuration update(Configuration configuration, ETag ifMatch) {
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(ifMatch, "ifMatch");
        checkQueries(configuration);
        String what = "configuration.update id=" + configuration.id();
        return core.gatekeeper.run(caller, Action.CONFIGURATION_UPDATE, target(configuration.id()),
                describe(configuration) + (ifMatch.isAny() ? "" : " ifMatch"), corr -> !ifMatch.isAny()
                        ? core.policy.executeGuarded(OperationClass.CONFIGURATIONS, OperationClass.CONFIGURATIONS,
                                what, corr, () -> service().update(configuration, ifMatch),
                                () -> service().get(configuration.id()), now -> reflects(now, configuration))
                        : core.policy.execute(OperationClass.CONFIGURATIONS, Safety.IDEMPOTENT, 1, what, corr,
                                () -> service().update(configuration, ifMatch)));
    }

    /**
     * Checks the target condition and the metric queries before anything else happens: a query IoT Hub would refuse
     * fails with its position, and nothing is authorized, audited or sent.
     */
    private static void checkQueries(Configuration c) {
        if (!"*".equals(c.targetCondition().trim())) {
            CompiledCondition.of(c.targetCondition());
        }
        c.metricQueries().values().forEach(CompiledQuery::of);
    }

    /** Whether a configuration as the hub holds it shows the fields an update may change. */
    private static boolean reflects(Configuration now, Configuration wanted) {
        return now.targetCondition().equals(wanted.targetCondition()) && now.priority() == wanted.priority()
                && now.labels().equals(wanted.labels()) && now.metricQueries().equals(wanted.metricQueries());
    }

    /**
     * Deletes a configuration, unconditionally; the desired properties it wrote stay. Idempotent: deleting an
     * absent one returns false, and so does a retry whose lost attempt had deleted it.
     *
     * @param id the configuration id
     * @return true when one was deleted
     * @throws AccessDeniedException if the operator may not delete configurations
     * @throws FleetException for failures of the hub, after retries
     */
    public boolean delete(String id) {
        return delete(id, ETag.ANY);
    }

    /**
     * Deletes a configuration if its ETag still matches; with {@link ETag#ANY}, unconditionally.
     *
     * @param id the configuration id
     * @param ifMatch the ETag it must still have, or {@link ETag#ANY}
     * @return true when one was deleted
     * @throws PreconditionFailedException if the ETag no longer matches
     * @throws AccessDeniedException if the operator may not delete configurations
     * @throws FleetException for other failures of the hub, after retries
     */
    public boolean delete(String id, ETag ifMatch) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ifMatch, "ifMatch");
        Safety safety = ifMatch.isAny() ? Safety.IDEMPOTENT : Safety.ETAG_GUARDED;
        return core.gatekeeper.run(caller, Action.CONFIGURATION_DELETE, target(id),
                ifMatch.isAny() ? "" : "ifMatch",
                corr -> core.policy.execute(OperationClass.CONFIGURATIONS, safety, 1, "configuration.delete id=" + id,
                        corr, () -> service().delete(id, ifMatch)),
                deleted -> deleted ? "deleted" : "was absent");
    }

    /**
     * Lists the hub's configurations, up to {@value ConfigurationService#MAX_CONFIGURATIONS}.
     *
     * @return the configurations
     * @throws AccessDeniedException if the operator may not read configurations
     * @throws FleetException for failures of the hub, after retries
     */
    public List<Configuration> list() {
        return list(ConfigurationService.MAX_CONFIGURATIONS);
    }

    /**
     * Lists configurations.
     *
     * @param top the most to return, 1 to {@value ConfigurationService#MAX_CONFIGURATIONS}
     * @return the configurations
     * @throws IllegalArgumentException if {@code top} is out of range
     * @throws AccessDeniedException if the operator may not read configurations
     * @throws FleetException for failures of the hub, after retries
     */
    public List<Configuration> list(int top) {
        if (top < 1 || top > ConfigurationService.MAX_CONFIGURATIONS) {
            throw new IllegalArgumentException("top is " + top + "; list 1 to "
                    + ConfigurationService.MAX_CONFIGURATIONS + " configurations");
        }
        return core.gatekeeper.run(caller, Action.CONFIGURATION_READ, "configurations", "", corr ->
                core.policy.execute(OperationClass.CONFIGURATIONS, Safety.IDEMPOTENT, 1, "configuration.list", corr,
                        () -> service().list(top)));
    }

    private static String describe(Configuration c) {
        return "priority=" + c.priority() + " targetCondition=" + c.targetCondition() + " contentPaths="
                + c.deviceContent().keySet();
    }

    /** Returns the acting operator, for logs. */
    @Override
    public String toString() {
        return "Configurations[operator=" + caller.operator().name() + "]";
    }
}
